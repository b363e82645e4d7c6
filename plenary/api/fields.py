"""Fields every API serializer shares: ids and text read from a request body, and
bodies that name only fields the endpoint knows."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


class IdField(serializers.PrimaryKeyRelatedField):
    """The id of a row, read from a request body: a JSON integer (or, in a form, a string
    of digits). ``12.9``, ``1e999``, ``true`` or ``"12.9"`` are refused with a 400 that
    names the field, instead of being truncated to 12 or overflowing into a 500."""

    default_error_messages = {
        **serializers.PrimaryKeyRelatedField.default_error_messages,
        "incorrect_type": _("An id is a whole number; received {data_type}."),
    }

    def to_internal_value(self, data):
        if isinstance(data, str) and data.isascii() and data.isdigit():
            data = int(data)
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("incorrect_type", data_type=type(data).__name__)
        return super().to_internal_value(data)


class TextField(serializers.CharField):
    """Text, read from a JSON string only: ``12``, ``1e999`` or ``true`` are refused with
    a 400 that names the field, not stored as ``"12"``, ``"inf"`` or ``"True"``."""

    default_error_messages = {
        **serializers.CharField.default_error_messages,
        "invalid": _("Expected text; received {data_type}."),
    }

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid", data_type=type(data).__name__)
        return super().to_internal_value(data)


class KnownFieldsMixin:
    """A body with a field the serializer does not have is a 400 naming it, instead of
    the field being silently ignored (a typo would look saved)."""

    def validate(self, attrs):
        unknown = sorted(set(getattr(self, "initial_data", {})) - set(self.fields))
        if unknown:
            raise serializers.ValidationError(
                {name: [_("Unknown field.")] for name in unknown}, code="unknown_field"
            )
        return super().validate(attrs)
