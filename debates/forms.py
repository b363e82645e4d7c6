"""The amendment form of a text's page: one change to one paragraph, in one language,
with its reason. Amendments of several changes, and amendments to amendments, are
submitted through the API or the room's protocol (``amendment.submit``)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from debates.models import TextLanguage

OPERATION_CHOICES = [
    ("replace", pgettext_lazy("amendment operation", "Replace the paragraph")),
    ("insert", pgettext_lazy("amendment operation", "Insert a new paragraph after it")),
    ("delete", pgettext_lazy("amendment operation", "Delete the paragraph")),
]
START = "start"


OUT_OF_DATE = _("This page is out of date: reload it to amend the text as it is now.")


class AmendmentForm(forms.Form):
    # The version the proposer read: an amendment to an older one is refused.
    version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        error_messages={"required": OUT_OF_DATE, "invalid": OUT_OF_DATE, "min_value": OUT_OF_DATE},
    )
    op = forms.ChoiceField(label=_("Change"), choices=OPERATION_CHOICES)
    paragraph = forms.ChoiceField(label=_("Paragraph"))
    text = forms.CharField(
        label=_("New text"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
        help_text=_("The paragraph as you propose it (not needed to delete one)."),
    )
    language = forms.ChoiceField(label=_("Written in"), choices=TextLanguage.choices)
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )

    def __init__(self, *args, paragraphs: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [
            (p["key"], _("Paragraph %(number)d") % {"number": p["number"]}) for p in paragraphs
        ]
        self.fields["paragraph"].choices = [
            (START, _("Before paragraph 1 (insert only)")),
            *choices,
        ]

    def clean(self):
        cleaned = super().clean()
        op, paragraph = cleaned.get("op"), cleaned.get("paragraph")
        if op and op != "delete" and not (cleaned.get("text") or "").strip():
            self.add_error("text", _("Write the new text of the paragraph."))
        if op != "insert" and paragraph == START:
            self.add_error("paragraph", _("Choose the paragraph to replace or delete."))
        return cleaned

    def operations(self) -> list[dict]:
        """The amendment's one operation, as the service takes it."""
        op, paragraph = self.cleaned_data["op"], self.cleaned_data["paragraph"]
        if op == "insert":
            return [
                {
                    "op": "insert",
                    "after": None if paragraph == START else paragraph,
                    "text": self.cleaned_data["text"],
                }
            ]
        if op == "delete":
            return [{"op": "delete", "paragraph": paragraph}]
        return [{"op": "replace", "paragraph": paragraph, "text": self.cleaned_data["text"]}]
