"""The forms of the events pages: a delegate's profile."""

import zoneinfo

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from events.models import Delegate
from plenary.languages import COMMON_LANGUAGES, language_choices, language_name


class ProfileForm(forms.Form):
    """Parses the profile page; what is allowed is the service's to say (one set of
    rules for the page and the API)."""

    name = forms.CharField(
        label=_("Your name"),
        required=False,
        help_text=_("Spelled as badges, lists and emails should show it."),
    )
    title = forms.CharField(
        label=_("Title"), required=False, help_text=_("For example Deputy Mayor.")
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages you speak"), required=False, widget=forms.CheckboxSelectMultiple
    )
    other_languages = forms.CharField(
        label=_("Other languages"),
        required=False,
        max_length=100,
        help_text=_("Their codes, separated by commas: wo, sw, qu"),
    )
    language = forms.ChoiceField(
        label=_("Preferred language"),
        help_text=_("The site speaks it once you are signed in, and emails come in it."),
    )
    time_zone = forms.ChoiceField(
        label=_("Your time zone"),
        help_text=_("Schedules show “my time” in it."),
    )

    def __init__(self, *args, delegate: Delegate, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "name": delegate.display_name,
                "title": delegate.title,
                "languages": [c for c in delegate.languages if c in COMMON_LANGUAGES],
                "other_languages": ", ".join(
                    c for c in delegate.languages if c not in COMMON_LANGUAGES
                ),
                "language": delegate.preferred_language,
                "time_zone": delegate.time_zone,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["languages"].choices = language_choices(COMMON_LANGUAGES)
        self.fields["language"].choices = [
            (code, language_name(code)) for code, _name in settings.LANGUAGES
        ]
        zones = sorted(zoneinfo.available_timezones() - {"localtime", "Factory"})
        self.fields["time_zone"].choices = [(zone, zone.replace("_", " ")) for zone in zones]

    def clean(self):
        data = super().clean()
        others = data.pop("other_languages", "")
        if "languages" in data:
            typed = [c.strip().lower() for c in others.replace(";", ",").split(",") if c.strip()]
            data["languages"] = [
                *data["languages"],
                *(c for c in typed if c not in data["languages"]),
            ]
        return data

    def field_of(self, name: str) -> str:
        """The field of this form that shows a service's error about ``name``: codes that
        are not known can only have been typed."""
        return "other_languages" if name == "languages" else name
