from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from events.models import Delegate
from events.validators import validate_language_code
from papers.models import PaperStatus, ReviewRecommendation
from plenary.languages import COMMON_LANGUAGES, language_choices


class PaperForm(forms.Form):
    """The text of a paper and, optionally, a new PDF. The file is checked by the services."""

    title = forms.CharField(label=_("Title"), max_length=300)
    abstract = forms.CharField(
        label=_("Abstract"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("At most 3,000 characters. Published with the paper if it is accepted."),
    )
    language = forms.ChoiceField(label=_("Language"), validators=[validate_language_code])
    keywords = forms.CharField(
        label=_("Keywords"),
        required=False,
        max_length=700,
        help_text=_("Separated by commas; at most 10."),
    )
    file = forms.FileField(
        label=_("PDF file"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def __init__(self, *args, file_required=False, **kwargs):
        super().__init__(*args, **kwargs)
        # A paper keeps a language outside the common ones it was given through the API.
        current = self.initial.get("language")
        codes = [*COMMON_LANGUAGES, *([current] if current not in COMMON_LANGUAGES else [])]
        self.fields["language"].choices = language_choices(c for c in codes if c)
        self.fields["file"].required = file_required
        self.fields["file"].help_text = _(
            "A PDF of at most %(size)s and %(pages)d pages, without password protection."
        ) % {
            "size": filesizeformat(settings.PAPER_MAX_BYTES),
            "pages": settings.PAPER_MAX_PAGES,
        }

    def clean_language(self):
        return self.cleaned_data["language"].strip().lower()


class ReviewForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("Score"),
        coerce=int,
        choices=[
            (1, _("1 (weak)")),
            (2, _("2")),
            (3, _("3")),
            (4, _("4")),
            (5, _("5 (strong)")),
        ],
        widget=forms.RadioSelect,
    )
    recommendation = forms.ChoiceField(
        label=_("Recommendation"), choices=ReviewRecommendation.choices, widget=forms.RadioSelect
    )
    comments_to_author = forms.CharField(
        label=_("Comments for the author"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("The author reads these after the chairs' decision."),
    )
    comments_to_chairs = forms.CharField(
        label=_("Comments for the chairs"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only the chairs read these."),
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (PaperStatus.ACCEPTED, _("Accept")),
            (PaperStatus.REVISIONS_REQUESTED, _("Request revisions")),
            (PaperStatus.REJECTED, _("Reject")),
        ],
        widget=forms.RadioSelect,
    )
    message = forms.CharField(
        label=_("Message to the author"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    without_reviews = forms.BooleanField(
        label=_("I decide without waiting for the reviews that are not in"),
        required=False,
    )

    def __init__(self, *args, reviews_complete: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.reviews_complete = reviews_complete
        if reviews_complete:
            del self.fields["without_reviews"]

    def clean(self):
        cleaned = super().clean()
        if not self.reviews_complete and not cleaned.get("without_reviews"):
            self.add_error(
                "without_reviews",
                _("Not every review is in: confirm that you decide without them."),
            )
        return cleaned


class AssignForm(forms.Form):
    reviewer = forms.ModelChoiceField(label=_("Reviewer"), queryset=Delegate.objects.none())

    def __init__(self, *args, candidates=None, **kwargs):
        super().__init__(*args, **kwargs)
        if candidates is not None:
            self.fields["reviewer"].queryset = candidates
        self.fields["reviewer"].label_from_instance = lambda delegate: (
            f"{delegate.display_name} ({delegate.organization.short_name})"
        )


class LateRevisionForm(forms.Form):
    days = forms.IntegerField(label=_("Days from now"), min_value=1, max_value=60, initial=7)


class WithdrawForm(forms.Form):
    message = forms.CharField(
        label=_("Reason (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
