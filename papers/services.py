"""Every write to position papers, their files and reviews.

The state of a paper changes only in ``paper_transition``; pages, the API, admin actions
and the other services here all go through it. Each write takes the forum row lock and
then the paper row lock (in that order, always), so that the per-organization limit is
decided under the lock and two writes to one paper never interleave.

Files are checked (``papers.pdf``) before anything is written, and a stored file
is deleted again when the database transaction that was to record it fails.
"""

import contextlib
import datetime

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from events.models import Accreditation, Delegate
from events.notifications import notify_delegate
from events.selectors import delegate_for_user
from forums.models import Forum
from forums.selectors import user_is_chair
from papers.models import (
    PaperStatus,
    PaperStatusChange,
    PaperVersion,
    PositionPaper,
    Review,
    ReviewAssignment,
    ReviewRecommendation,
    ReviewUnassignment,
)
from papers.pdf import (
    CheckedPdf,
    check_pdf,
    delete_stored,
    read_upload,
    store_pdf,
    stored_names,
)
from papers.selectors import PaperAccess, assignment_is_reviewed
from plenary.access import SYSTEM, is_secretariat
from plenary.errors import Conflict, NotAllowed, NotFound, ServiceError
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
# Papers that use up one of the organization's places in a forum.
COUNTED = (S.SUBMITTED, S.UNDER_REVIEW, S.REVISIONS_REQUESTED, S.ACCEPTED, S.REJECTED)
REMINDER_LEAD = datetime.timedelta(days=2)
MAX_KEYWORDS = 10
MAX_KEYWORD_LENGTH = 60


# --- helpers -------------------------------------------------------------------------


def _author_of(actor) -> Delegate:
    delegate = delegate_for_user(actor) if actor is not None else None
    if delegate is None:
        raise NotAllowed(
            _("Only delegates of member organizations can submit position papers."),
            code="not_a_delegate",
        )
    return delegate


def _lock(paper: PositionPaper) -> tuple[Forum, PositionPaper]:
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


def _is_author(actor, paper: PositionPaper) -> bool:
    return bool(actor is not None and actor.is_authenticated and paper.author.user_id == actor.pk)


def _require_author(actor, paper: PositionPaper) -> None:
    if not _is_author(actor, paper):
        raise NotAllowed(_("Only the author of this paper may do that."))


def _require_chair(actor, forum: Forum) -> None:
    if actor is None or not user_is_chair(actor, forum):
        raise NotAllowed(_("Only the chairs of this forum and the secretariat may do that."))


def _require_accredited(delegate: Delegate, forum: Forum) -> None:
    if not Accreditation.objects.filter(
        delegate=delegate, event_id=forum.event_id, status=Accreditation.Status.APPROVED
    ).exists():
        raise NotAllowed(
            _("You need an approved accreditation for %(event)s to submit a paper.")
            % {"event": forum.event.title},
            code="not_accredited",
        )


def _call_closed(forum: Forum) -> ServiceError:
    if not forum.has_call:
        return ServiceError(_("This forum has no call for position papers."), code="call_closed")
    if forum.call_opens_at and not forum.call_has_closed() and not forum.call_is_open():
        return ServiceError(
            _("The call for position papers of this forum is not open yet."),
            code="call_not_open",
        )
    return ServiceError(
        _("The call for position papers of this forum has closed."), code="call_closed"
    )


def _revision_window_open(paper: PositionPaper, forum: Forum) -> bool:
    if forum.call_is_open():
        return True
    return bool(paper.late_revision_until and timezone.now() < paper.late_revision_until)


def _require_revision_window(paper: PositionPaper, forum: Forum) -> None:
    if not _revision_window_open(paper, forum):
        raise ServiceError(
            _(
                "The call for position papers of this forum has closed. "
                "The chairs may allow a late revision."
            ),
            code="call_closed",
        )


def _require_upload_window(paper: PositionPaper, forum: Forum) -> None:
    if paper.status == S.REVISIONS_REQUESTED:
        _require_revision_window(paper, forum)
    elif not forum.has_call or forum.call_has_closed():
        raise _call_closed(forum)


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


def _clean(paper: PositionPaper) -> None:
    paper.title = " ".join((paper.title or "").split())
    paper.abstract = (paper.abstract or "").strip()
    paper.language = (paper.language or "").strip().lower()
    paper.full_clean(exclude=["forum", "author", "organization", "current_version", "status"])


@contextlib.contextmanager
def _stored(checked: CheckedPdf | None):
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


def _record(paper, *, from_status: str, to: str, actor, message: str = "") -> None:
    PaperStatusChange.objects.create(
        paper=paper,
        from_status=from_status,
        to_status=to,
        actor=actor if actor is not None and actor.is_authenticated else None,
        version_id=paper.current_version_id,
        message=message,
    )


def _add_version(paper, *, checked: CheckedPdf, name: str, actor, original_name: str):
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


def _upload_name(upload) -> str:
    return str(getattr(upload, "name", "") or "").rsplit("/", 1)[-1]


# --- papers --------------------------------------------------------------------------


def paper_create(
    *,
    actor,
    forum: Forum,
    title: str,
    abstract: str,
    language: str,
    keywords=None,
    file=None,
) -> PositionPaper:
    """Start a paper (a draft) for the caller's organization, optionally with its PDF.

    Needs an approved accreditation for the forum's event and a call for papers that has
    not closed. The file is checked before anything is written.
    """
    delegate = _author_of(actor)
    if not forum.has_call or forum.call_has_closed():
        raise _call_closed(forum)
    _require_accredited(delegate, forum)
    paper = PositionPaper(
        forum=forum,
        author=delegate,
        organization_id=delegate.organization_id,
        title=title,
        abstract=abstract,
        language=language,
        keywords=normalise_keywords(keywords),
        status=S.DRAFT,
    )
    _clean(paper)
    checked = check_pdf(read_upload(file)) if file is not None else None
    with _stored(checked) as name, transaction.atomic():
        paper.save()
        _record(paper, from_status="", to=S.DRAFT, actor=actor)
        if checked is not None:
            _add_version(
                paper, checked=checked, name=name, actor=actor, original_name=_upload_name(file)
            )
    return paper


def paper_update(
    *,
    actor,
    paper: PositionPaper,
    title: str | None = None,
    abstract: str | None = None,
    language: str | None = None,
    keywords=None,
) -> PositionPaper:
    """Change the title, abstract, language or keywords: the author of a draft or of a
    paper in revision, or the secretariat at any time (to correct a published text)."""
    with transaction.atomic():
        _forum, paper = _lock(paper)
        secretariat = is_secretariat(actor)
        if not secretariat and not _is_author(actor, paper):
            raise NotAllowed(_("Only the author of this paper may do that."))
        if not secretariat and not paper.is_editable:
            raise Conflict(
                _("A paper that is %(status)s cannot be changed.")
                % {"status": paper.get_status_display().lower()},
                code="not_editable",
            )
        if title is not None:
            paper.title = title
        if abstract is not None:
            paper.abstract = abstract
        if language is not None:
            paper.language = language
        if keywords is not None:
            paper.keywords = normalise_keywords(keywords)
        _clean(paper)
        paper.save(update_fields=["title", "abstract", "language", "keywords", "updated_at"])
    return paper


def paper_add_version(*, actor, paper: PositionPaper, file) -> PaperVersion:
    """Upload a new PDF of a draft, or a revision after the chairs asked for one.

    The newest version becomes the paper's current file; earlier ones are kept.
    """
    _require_author(actor, paper)
    if not paper.is_editable:
        raise Conflict(
            _("A new file can be uploaded only to a draft or when revisions are requested."),
            code="not_editable",
        )
    _require_upload_window(paper, paper.forum)
    checked = check_pdf(read_upload(file))
    with _stored(checked) as name, transaction.atomic():
        forum, locked = _lock(paper)
        if not locked.is_editable:
            raise Conflict(
                _("A new file can be uploaded only to a draft or when revisions are requested."),
                code="not_editable",
            )
        _require_upload_window(locked, forum)
        version = _add_version(
            locked, checked=checked, name=name, actor=actor, original_name=_upload_name(file)
        )
    paper.current_version = version
    return version


def _paper_roles(paper: PositionPaper, actor, forum: Forum) -> set[str]:
    """The roles ``actor`` has for ``paper`` in the transition table (a few queries)."""
    if actor is SYSTEM:
        return {SYSTEM_ROLE}
    roles = set()
    if _is_author(actor, paper):
        roles.add("author")
    if user_is_chair(actor, forum):
        roles.add("chair")
    delegate = delegate_for_user(actor)
    if delegate is not None and paper.assignments.filter(reviewer=delegate).exists():
        roles.add("reviewer")
    return roles


def paper_allowed_transitions(*, paper: PositionPaper, access: PaperAccess) -> list[str]:
    """The states the viewer whose ``access`` this is may move ``paper`` to now; read by
    the API's ``actions`` and the paper page's buttons (no query: ``access`` knows)."""
    roles = set()
    if access.is_author:
        roles.add("author")
    if access.is_chair:
        roles.add("chair")
    if access.is_reviewer:
        roles.add("reviewer")
    return PAPER_TRANSITIONS.allowed(paper.status, roles)


def paper_transition(*, actor, paper: PositionPaper, to: str, message: str = "") -> PositionPaper:
    """The one place where a paper changes state; returns the paper as it now is.

    Checks that the move exists and that ``actor`` may make it (see
    ``PAPER_TRANSITIONS``), then what the target needs: a file, the call window (or a
    late revision granted by the chairs), the author's accreditation and the
    organization's limit for a submission; a message to the author for a decision.
    Records the change in the paper's history and emails the author on a decision. A
    revised paper that already has reviewers goes straight back to them.
    """
    message = (message or "").strip()
    with transaction.atomic():
        forum, paper = _lock(paper)
        previous = paper.status
        if not PAPER_TRANSITIONS.exists(previous, to):
            target = S(to).label.lower() if to in S.values else str(to)
            raise Conflict(
                _("This paper is %(status)s and cannot become %(target)s.")
                % {"status": paper.get_status_display().lower(), "target": target},
                code="invalid_transition",
            )
        rule = PAPER_TRANSITIONS.roles(previous, to)
        if not rule & _paper_roles(paper, actor, forum):
            if rule == {"author"}:
                raise NotAllowed(_("Only the author of this paper may do that."))
            if rule == {"chair"}:
                raise NotAllowed(
                    _("Only the chairs of this forum and the secretariat may do that.")
                )
            raise NotAllowed(_("Only the chairs and the paper's reviewers may start its review."))

        now = timezone.now()
        update = ["status", "updated_at"]
        if to == S.SUBMITTED:
            if paper.current_version_id is None:
                raise ServiceError(
                    _("Upload the PDF of your paper before submitting it."), code="file_missing"
                )
            if previous == S.DRAFT:
                if not forum.call_is_open():
                    raise _call_closed(forum)
                author = paper.author
                _require_accredited(author, forum)
                _check_organization_limit(paper, forum, organization_id=author.organization_id)
                paper.organization_id = author.organization_id
                update.append("organization")
            else:
                _require_revision_window(paper, forum)
                last_request = (
                    paper.history.filter(to_status=S.REVISIONS_REQUESTED).order_by("-at", "-id")
                ).first()
                if last_request and last_request.version_id == paper.current_version_id:
                    raise ServiceError(
                        _("Upload the revised PDF before submitting the paper again."),
                        code="revision_missing",
                    )
            paper.submitted_at = now
            update.append("submitted_at")
        elif to in DECISIONS:
            if not message:
                raise ServiceError(
                    _("Write a message to the author with the decision."),
                    code="message_required",
                )
            paper.decided_at = now
            paper.decided_by = actor
            paper.decision_message = message
            update += ["decided_at", "decided_by", "decision_message"]

        paper.status = to
        paper.save(update_fields=update)
        _record(paper, from_status=previous, to=to, actor=actor, message=message)

        if to in DECISIONS:
            _notify_decision(paper, forum)
        if previous == S.REVISIONS_REQUESTED and to == S.SUBMITTED and paper.assignments.exists():
            return paper_transition(actor=SYSTEM, paper=paper, to=S.UNDER_REVIEW)
    return paper


def _check_organization_limit(paper, forum: Forum, *, organization_id: int) -> None:
    """Called under the forum lock, so two submissions cannot both take the last place."""
    taken = (
        PositionPaper.objects.filter(
            forum=forum, organization_id=organization_id, status__in=COUNTED
        )
        .exclude(pk=paper.pk)
        .count()
    )
    if taken >= forum.papers_per_organization:
        raise Conflict(
            _(
                "Your organization has already submitted %(count)d of the %(limit)d position "
                "papers it may submit to this forum."
            )
            % {"count": taken, "limit": forum.papers_per_organization},
            code="organization_limit",
        )


def _notify_decision(paper: PositionPaper, forum: Forum) -> None:
    comments = [
        text
        for text in paper.reviews.order_by("created_at", "id").values_list(
            "comments_to_author", flat=True
        )
        if text.strip()
    ]
    notify_delegate(
        delegate=paper.author,
        template=f"paper_{paper.status}",
        context={
            "paper": paper,
            "forum": forum,
            "event": forum.event,
            "message": paper.decision_message,
            "comments": comments,
            "late_revision_until": paper.late_revision_until,
            "call_open": forum.call_is_open(),
        },
    )


@transaction.atomic
def paper_grant_late_revision(
    *, actor, paper: PositionPaper, until: datetime.datetime
) -> PositionPaper:
    """Let the author submit a revision until ``until``, even after the call closed."""
    forum, paper = _lock(paper)
    _require_chair(actor, forum)
    if paper.status != S.REVISIONS_REQUESTED:
        raise Conflict(
            _("A late revision can be granted only when revisions are requested."),
            code="invalid_transition",
        )
    if until <= timezone.now():
        raise ServiceError(_("Choose a time in the future."), code="invalid_date")
    paper.late_revision_until = until
    paper.save(update_fields=["late_revision_until", "updated_at"])
    return paper


# --- reviewers and reviews -------------------------------------------------------------


def _check_reviewer(paper: PositionPaper, forum: Forum, reviewer: Delegate) -> None:
    if not forum.reviewers.filter(pk=reviewer.pk).exists():
        raise NotAllowed(
            _("%(name)s is not in this forum's reviewer pool.") % {"name": reviewer},
            code="not_a_reviewer",
        )
    if reviewer.organization_id in (paper.organization_id, paper.author.organization_id):
        raise NotAllowed(
            _("A reviewer never reviews a paper of their own organization."),
            code="own_organization",
        )


def _assign(*, actor, paper, forum, reviewer: Delegate, claimed: bool) -> ReviewAssignment:
    if paper.status not in (*REVIEWABLE, S.REVISIONS_REQUESTED):
        raise Conflict(
            _("Reviewers can be added only to a submitted paper."), code="not_reviewable"
        )
    _check_reviewer(paper, forum, reviewer)
    if paper.assignments.filter(reviewer=reviewer).exists():
        raise Conflict(_("This reviewer already reviews this paper."), code="already_assigned")
    try:
        with transaction.atomic():
            assignment = ReviewAssignment.objects.create(
                paper=paper,
                reviewer=reviewer,
                assigned_by=None if claimed else actor,
                claimed=claimed,
            )
    except IntegrityError:
        raise Conflict(
            _("This reviewer already reviews this paper."), code="already_assigned"
        ) from None
    if not claimed:
        notify_delegate(
            delegate=reviewer,
            template="review_assigned",
            context={"paper": paper, "forum": forum, "event": forum.event},
        )
    if paper.status == S.SUBMITTED:
        paper_transition(actor=actor, paper=paper, to=S.UNDER_REVIEW)
    return assignment


@transaction.atomic
def paper_assign_reviewer(*, actor, paper: PositionPaper, reviewer: Delegate) -> ReviewAssignment:
    """A chair gives the paper to a reviewer of the forum's pool (never one of the
    paper's own organization). A submitted paper goes under review."""
    forum, paper = _lock(paper)
    _require_chair(actor, forum)
    return _assign(actor=actor, paper=paper, forum=forum, reviewer=reviewer, claimed=False)


@transaction.atomic
def paper_claim(*, actor, paper: PositionPaper) -> ReviewAssignment:
    """A reviewer of the forum's pool takes a paper to review."""
    reviewer = delegate_for_user(actor)
    if reviewer is None:
        raise NotAllowed(_("Only reviewers of this forum may claim papers."), code="not_a_reviewer")
    forum, paper = _lock(paper)
    return _assign(actor=actor, paper=paper, forum=forum, reviewer=reviewer, claimed=True)


@transaction.atomic
def paper_unassign_reviewer(*, actor, assignment: ReviewAssignment) -> None:
    """A chair takes a paper back from a reviewer who has not reviewed it."""
    forum, paper = _lock(assignment.paper)
    _require_chair(actor, forum)
    if Review.objects.filter(paper=paper, reviewer_id=assignment.reviewer_id).exists():
        raise Conflict(_("This reviewer has already reviewed the paper."), code="already_reviewed")
    ReviewAssignment.objects.filter(pk=assignment.pk).delete()
    ReviewUnassignment.objects.create(paper=paper, reviewer_id=assignment.reviewer_id)


@transaction.atomic
def review_submit(
    *,
    actor,
    paper: PositionPaper,
    score: int,
    recommendation: str,
    comments_to_author: str = "",
    comments_to_chairs: str = "",
) -> Review:
    """Record the caller's review of a paper under review (or update it: one review per
    reviewer and paper, which then covers the paper's current version)."""
    reviewer = delegate_for_user(actor)
    _forum, paper = _lock(paper)
    if reviewer is None or not paper.assignments.filter(reviewer=reviewer).exists():
        raise NotAllowed(_("Only the paper's reviewers may review it."), code="not_assigned")
    if reviewer.organization_id in (paper.organization_id, paper.author.organization_id):
        raise NotAllowed(
            _("A reviewer never reviews a paper of their own organization."),
            code="own_organization",
        )
    if paper.status != S.UNDER_REVIEW:
        raise Conflict(
            _("This paper is %(status)s: it is not open for review.")
            % {"status": paper.get_status_display().lower()},
            code="not_under_review",
        )
    if isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 5:
        raise ValidationError({"score": [_("The score is a whole number from 1 to 5.")]})
    if recommendation not in ReviewRecommendation.values:
        raise ValidationError(
            {"recommendation": [_("The recommendation is accept, revise or reject.")]}
        )
    review, _created = Review.objects.update_or_create(
        paper=paper,
        reviewer=reviewer,
        defaults={
            "score": score,
            "recommendation": recommendation,
            "comments_to_author": (comments_to_author or "").strip(),
            "comments_to_chairs": (comments_to_chairs or "").strip(),
            "version_id": paper.current_version_id,
        },
    )
    return review


def review_send_reminders(*, now: datetime.datetime | None = None) -> int:
    """Remind reviewers whose review is still open two days before the forum's review
    deadline. Each assignment is reminded once (``reminded_at``), so running this again,
    or from two machines at once, sends nothing twice. Returns how many were sent."""
    now = now or timezone.now()
    due = (
        ReviewAssignment.objects.filter(
            reminded_at__isnull=True,
            paper__status__in=REVIEWABLE,
            paper__forum__review_deadline__gt=now,
            paper__forum__review_deadline__lte=now + REMINDER_LEAD,
        )
        .exclude(assignment_is_reviewed())
        .select_related("reviewer__user", "paper__forum__event")
        .order_by("id")
    )
    sent = 0
    for assignment in due:
        with transaction.atomic():
            claimed = ReviewAssignment.objects.filter(
                pk=assignment.pk, reminded_at__isnull=True
            ).update(reminded_at=now)
            if not claimed:
                continue
            forum = assignment.paper.forum
            notify_delegate(
                delegate=assignment.reviewer,
                template="review_reminder",
                context={
                    "paper": assignment.paper,
                    "forum": forum,
                    "event": forum.event,
                    "deadline": forum.review_deadline,
                },
            )
            sent += 1
    return sent


ORPHAN_GRACE = datetime.timedelta(hours=1)
_SWEEP_BATCH = 500


def paper_files_sweep(
    *, grace: datetime.timedelta = ORPHAN_GRACE, dry_run: bool = False, now=None
) -> list[str]:
    """Delete stored paper files that no version refers to, and return their names.

    A file is written before the transaction that records its version commits; when an
    outer transaction rolls back after the service returned, the file stays behind
    (Django has no hook on rollback). Files younger than ``grace`` are kept: their
    transaction may still be under way. With ``dry_run``, nothing is deleted.
    """
    cutoff = (now or timezone.now()) - grace
    names = stored_names()
    referenced = set()
    for start in range(0, len(names), _SWEEP_BATCH):
        batch = names[start : start + _SWEEP_BATCH]
        referenced.update(
            PaperVersion.objects.filter(file__in=batch).values_list("file", flat=True)
        )
    orphans = [
        name
        for name in names
        if name not in referenced and default_storage.get_modified_time(name) <= cutoff
    ]
    if not dry_run:
        for name in orphans:
            delete_stored(name)
    return orphans
