"""Fields every API serializer shares: ids read from a request body."""

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
