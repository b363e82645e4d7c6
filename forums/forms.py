from urllib.parse import urlencode

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from forums.models import SessionKind
from plenary.languages import language_choices

VIEW_GRID = "grid"
VIEW_LIST = "list"


class ScheduleFilterForm(forms.Form):
    """The schedule's filters and layout, read from the query string.

    Every field may be left empty; a value that is not one of the choices is an error of
    that field alone (the view drops it and says so), never of the page.
    """

    forum = forms.ChoiceField(label=_("Forum"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    language = forms.ChoiceField(label=_("Working language"), required=False)
    # Empty: the list on a small screen and the grid elsewhere, chosen by the stylesheet.
    view = forms.ChoiceField(
        label=_("Layout"),
        required=False,
        choices=[
            ("", ""),
            (VIEW_GRID, pgettext_lazy("schedule layout", "Grid")),
            (VIEW_LIST, pgettext_lazy("schedule layout", "List")),
        ],
        widget=forms.HiddenInput,
    )

    def __init__(self, data, *, forums, **kwargs):
        super().__init__(data, **kwargs)
        self.forums = list(forums)
        self.fields["forum"].choices = [
            ("", _("Every forum")),
            *((forum.slug, forum.title) for forum in self.forums),
        ]
        self.fields["kind"].choices = [("", _("Every kind")), *SessionKind.choices]
        codes = sorted({code for forum in self.forums for code in forum.working_languages})
        self.fields["language"].choices = [("", _("Every language")), *language_choices(codes)]

    def filters(self) -> dict:
        """The valid filters given (None where none is, or the value was not a choice)."""
        self.is_valid()
        data = {name: self.cleaned_data.get(name) or None for name in ("forum", "kind", "language")}
        data["forum"] = next((f for f in self.forums if f.slug == data["forum"]), None)
        return data

    @property
    def layout(self) -> str:
        """ "grid", "list", or "" for the one that suits the screen."""
        self.is_valid()
        return self.cleaned_data.get("view") or ""

    def query(self, *, view: str) -> str:
        """The query string of the valid filters given, with the layout ``view``."""
        self.is_valid()
        kept = {name: self.cleaned_data.get(name) for name in ("forum", "kind", "language")}
        return urlencode({name: value for name, value in {**kept, "view": view}.items() if value})

    @property
    def grid_query(self) -> str:
        return self.query(view=VIEW_GRID)

    @property
    def list_query(self) -> str:
        return self.query(view=VIEW_LIST)

    @property
    def is_filtered(self) -> bool:
        return any(value is not None for value in self.filters().values())
