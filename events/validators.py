import zoneinfo

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

validate_country_code = RegexValidator(
    r"^[A-Z]{2}\Z", _("Enter an ISO 3166-1 alpha-2 country code, such as FR or BR.")
)

validate_language_code = RegexValidator(
    r"^[a-z]{2,3}\Z", _("Enter an ISO 639 language code, such as en, fr or es.")
)


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("%(value)s is not an IANA time zone (for example Europe/Madrid)."),
            params={"value": value},
            code="invalid_time_zone",
        )


def validate_language_codes(value) -> None:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValidationError(_("Languages must be a list of language codes."), code="invalid")
    for item in value:
        validate_language_code(item)
