"""What the paper services share: the transition table and limits, locks, checks of who
and when, the history record and stored files."""

import contextlib
import datetime

from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from events.models import Delegate
from events.selectors import delegate_for_user
from forums.models import Forum
from forums.selectors import user_is_chair
from papers.models import PaperStatus, PaperStatusChange, PaperVersion, PositionPaper
from papers.pdf import CheckedPdf, delete_stored, store_pdf
from papers.selectors import (
    COUNTED,  # noqa: F401 - the services' name for it
    accreditation_refusal,
    call_refusal,
    delegate_refusal,
)
from plenary.errors import NotAllowed, NotFound, ServiceError
from plenary.transitions import SYSTEM_ROLE, TransitionTable

S = PaperStatus

# Who may make each change: the delegate who wrote the paper ("author"), a chair of the
# forum or the secretariat ("chair"), an assigned reviewer (claiming it), or Plenary
# itself when a revised paper goes back to its reviewers.
PAPER_TRANSITIONS = TransitionTable(
    {
        (S.DRAFT, S.SUBMITTED): {"author"},
        (S.REVISIONS_REQUESTED, S.SUBMITTED): {"author"},
        (S.SUBMITTED, S.UNDER_REVIEW): {"chair", "reviewer", SYSTEM_ROLE},
        (S.UNDER_REVIEW, S.ACCEPTED): {"chair"},
        (S.UNDER_REVIEW, S.REJECTED): {"chair"},
        (S.UNDER_REVIEW, S.REVISIONS_REQUESTED): {"chair"},
        (S.DRAFT, S.WITHDRAWN): {"author"},
        (S.SUBMITTED, S.WITHDRAWN): {"author"},
        (S.UNDER_REVIEW, S.WITHDRAWN): {"author"},
        (S.REVISIONS_REQUESTED, S.WITHDRAWN): {"author"},
    }
)
DECISIONS = (S.ACCEPTED, S.REJECTED, S.REVISIONS_REQUESTED)
REVIEWABLE = (S.SUBMITTED, S.UNDER_REVIEW)
REMINDER_LEAD = datetime.timedelta(days=2)
MAX_KEYWORDS = 10
MAX_KEYWORD_LENGTH = 60


def author_of(actor) -> Delegate:
    delegate = delegate_for_user(actor) if actor is not None else None
    if delegate is None:
        raise delegate_refusal()
    return delegate


def lock_paper(paper: PositionPaper) -> tuple[Forum, PositionPaper]:
    """Lock the paper's forum, then the paper; returns fresh copies."""
    forum = (
        Forum.objects.select_for_update(no_key=True).select_related("event").get(pk=paper.forum_id)
    )
    try:
        locked = (
            PositionPaper.objects.select_for_update(of=("self",))
            .select_related("author__user", "organization", "current_version")
            .get(pk=paper.pk)
        )
    except PositionPaper.DoesNotExist:
        raise NotFound(_("This paper does not exist.")) from None
    locked.forum = forum
    return forum, locked


def is_author(actor, paper: PositionPaper) -> bool:
    return bool(actor is not None and actor.is_authenticated and paper.author.user_id == actor.pk)


def require_author(actor, paper: PositionPaper) -> None:
    if not is_author(actor, paper):
        raise NotAllowed(_("Only the author of this paper may do that."))


def require_chair(actor, forum: Forum) -> None:
    if actor is None or not user_is_chair(actor, forum):
        raise NotAllowed(_("Only the chairs of this forum and the secretariat may do that."))


def require_accredited(delegate: Delegate, forum: Forum) -> None:
    refusal = accreditation_refusal(delegate=delegate, forum=forum)
    if refusal is not None:
        raise refusal


def require_call_open(forum: Forum, *, drafts: bool = False) -> None:
    """Refuse unless the call takes papers now (with ``drafts``: takes drafts)."""
    refusal = call_refusal(forum, drafts=drafts)
    if refusal is not None:
        raise refusal


def revision_window_open(paper: PositionPaper, forum: Forum) -> bool:
    if forum.call_is_open():
        return True
    return bool(paper.late_revision_until and timezone.now() < paper.late_revision_until)


def require_revision_window(paper: PositionPaper, forum: Forum) -> None:
    if not revision_window_open(paper, forum):
        raise ServiceError(
            _(
                "The call for position papers of this forum has closed. "
                "The chairs may allow a late revision."
            ),
            code="call_closed",
        )


def require_upload_window(paper: PositionPaper, forum: Forum) -> None:
    if paper.status == S.REVISIONS_REQUESTED:
        require_revision_window(paper, forum)
    else:
        require_call_open(forum, drafts=True)


def normalise_keywords(value) -> list[str]:
    """A clean list of keywords from a list or a comma-separated string."""
    if value is None:
        return []
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list | tuple) or not all(isinstance(item, str) for item in value):
        raise ValidationError({"keywords": [_("Keywords must be a list of words.")]})
    keywords = []
    for item in value:
        word = " ".join(item.split())
        if word and word.lower() not in {k.lower() for k in keywords}:
            keywords.append(word)
    if len(keywords) > MAX_KEYWORDS:
        raise ValidationError(
            {"keywords": [_("At most %(count)d keywords.") % {"count": MAX_KEYWORDS}]}
        )
    if any(len(word) > MAX_KEYWORD_LENGTH for word in keywords):
        raise ValidationError(
            {
                "keywords": [
                    _("A keyword may have at most %(count)d characters.")
                    % {"count": MAX_KEYWORD_LENGTH}
                ]
            }
        )
    return keywords


def clean_paper(paper: PositionPaper) -> None:
    paper.title = " ".join((paper.title or "").split())
    paper.abstract = (paper.abstract or "").strip()
    paper.language = (paper.language or "").strip().lower()
    paper.full_clean(exclude=["forum", "author", "organization", "current_version", "status"])


@contextlib.contextmanager
def stored(checked: CheckedPdf | None):
    """Store a checked file for the duration of a block; delete it if the block fails."""
    if checked is None:
        yield ""
        return
    name = store_pdf(checked)
    try:
        yield name
    except BaseException:
        delete_stored(name)
        raise


def record_change(paper, *, from_status: str, to: str, actor, message: str = "") -> None:
    PaperStatusChange.objects.create(
        paper=paper,
        from_status=from_status,
        to_status=to,
        actor=actor if actor is not None and actor.is_authenticated else None,
        version_id=paper.current_version_id,
        message=message,
    )


def add_version(paper, *, checked: CheckedPdf, name: str, actor, original_name: str):
    number = (paper.versions.aggregate(top=Max("number"))["top"] or 0) + 1
    version = PaperVersion.objects.create(
        paper=paper,
        number=number,
        file=name,
        sha256=checked.sha256,
        size=checked.size,
        pages=checked.pages,
        original_name=(original_name or "")[:255],
        uploaded_by=actor if actor is not None and actor.is_authenticated else None,
    )
    paper.current_version = version
    paper.save(update_fields=["current_version", "updated_at"])
    return version


def upload_name(upload) -> str:
    return str(getattr(upload, "name", "") or "").rsplit("/", 1)[-1]
