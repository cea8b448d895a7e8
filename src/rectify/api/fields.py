"""Serializer fields of the API that share the forms' boundary (``core.text``)."""

from rest_framework import serializers

from rectify.lib.text import clean_input


class CleanCharField(serializers.CharField):
    """Text cleaned as the forms clean it (control characters, lone surrogates sent as JSON
    escapes, noncharacters); the length limit counts the cleaned text."""

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        return clean_input(value).strip() if self.trim_whitespace else clean_input(value)
