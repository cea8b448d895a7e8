"""When will an indicator reach its target at the rate so far? From its first recorded value,
or from 0 at the inspection's feedback date when it has no history of its own."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

DAYS_PER_MONTH = Decimal("30.44")


Row = Mapping[str, Any]
Rows = Sequence[Row]


@dataclass(frozen=True)
class Forecast:
    indicator: int
    measure: int
    name: str
    unit: str
    remaining: Decimal
    rate_per_month: Decimal | None
    expected_finish: dt.date | None
    basis: str  # "history" or "feedback"

    def as_json(self) -> dict:
        return {
            "indicator": self.indicator,
            "remaining": float(self.remaining),
            "rate_per_month": None if self.rate_per_month is None else float(self.rate_per_month),
            "expected_finish": self.expected_finish.isoformat() if self.expected_finish else None,
        }

    def sentence(self) -> str:
        left = f"{_num(self.remaining)} {self.unit}".strip()
        if self.expected_finish is None:
            return f"还差 {left}，按目前进度无法预计完成时间"
        return f"还差 {left}，按目前进度约 {self.expected_finish:%Y-%m} 完成"


def forecast(
    indicator: Row,
    history: list[tuple[dt.date, Decimal]],
    feedback: dt.date | None,
    today: dt.date,
) -> Forecast | None:
    target, current = indicator["target_value"], indicator["current_value"]
    if target is None:
        return None
    current = current if current is not None else (history[-1][1] if history else Decimal(0))
    remaining = max(target - current, Decimal(0))
    start, start_value, basis = None, Decimal(0), "feedback"
    if len(history) >= 2 and history[0][0] < history[-1][0]:
        start, start_value, basis = history[0][0], history[0][1], "history"
    elif feedback is not None:
        start = feedback
    end = history[-1][0] if history and basis == "history" else today
    rate = None
    if start is not None and end > start:
        months = Decimal((end - start).days) / DAYS_PER_MONTH
        rate = ((current - start_value) / months).quantize(Decimal("0.01"))
    finish = None
    if remaining == 0:
        finish = today
    elif rate and rate > 0:
        finish = today + dt.timedelta(days=int(remaining / rate * DAYS_PER_MONTH))
    return Forecast(
        indicator["id"],
        indicator["measure_id"],
        indicator["name"],
        indicator["unit"],
        remaining,
        rate,
        finish,
        basis,
    )


def _num(value: Decimal) -> str:
    return f"{value:f}".rstrip("0").rstrip(".") or "0"
