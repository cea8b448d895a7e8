"""JSON serialisation for backups that keeps microseconds (Django's JSON truncates them to
milliseconds, which would change hashed audit timestamps)."""

import datetime as dt

from django.core.serializers.json import Deserializer as JsonDeserializer
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.json import Serializer as JsonSerializer


class FullPrecisionEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, dt.datetime):
            text = o.isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        if isinstance(o, dt.time):
            return o.isoformat()
        return super().default(o)


class Serializer(JsonSerializer):
    def _init_options(self):
        super()._init_options()  # type: ignore[misc]  # a private hook of Django's
        self.json_kwargs["cls"] = FullPrecisionEncoder


Deserializer = JsonDeserializer
