"""Structured logs: one JSON object per line (RECTIFY_LOG_FORMAT=json), for log shipping."""

import datetime as dt
import json
import logging

from .request_context import current_ip

# Attributes every LogRecord has; anything else was passed with `extra=` and is kept.
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}


class JsonFormatter(logging.Formatter):
    """`{"time", "level", "logger", "message", "process", …}`: time in UTC (ISO 8601), the
    client's address inside a request, the traceback as `exception`, and `extra=` fields."""

    def format(self, record: logging.LogRecord) -> str:
        data = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "process": record.process,
        }
        ip = current_ip()
        if ip:
            data["client_ip"] = ip
        if record.exc_info:
            data["exception"] = self.formatException(record.exc_info)
        for key, value in vars(record).items():
            if key not in _STANDARD and key not in data:
                data[key] = value
        return json.dumps(data, ensure_ascii=False, default=str)
