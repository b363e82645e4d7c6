"""A paper's life: a draft and its files, its submission, its review and the chairs'
decision. The state changes only in ``paper_transition``."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events.notifications import notify_delegate
from events.selectors import delegate_for_user
from events.services import require_published
from forums.models import Forum
from forums.selectors import user_is_chair
from papers.models import PaperVersion, PositionPaper
from papers.pdf import check_pdf, read_upload
from papers.selectors import PaperAccess, organization_limit_refusal, submission_refusal
from papers.services.common import (
    DECISIONS,
    PAPER_TRANSITIONS,
    S,
    add_version,
    author_of,
    clean_paper,
    is_author,
    lock_paper,
    normalise_keywords,
    record_change,
    require_accredited,
    require_author,
    require_call_open,
    require_chair,
    require_revision_window,
    require_upload_window,
    stored,
    upload_name,
)
from plenary.access import SYSTEM, is_secretariat
from plenary.errors import Conflict, NotAllowed, ServiceError
from plenary.transitions import SYSTEM_ROLE


def paper_create(
    *,
    actor,
    forum: Forum,
    title: str,
    abstract: str,
    language: str,
    keywords=None,
    file=None,
    submit: bool = False,
) -> PositionPaper:
    """Start a paper (a draft) for the caller's organization, optionally with its PDF;
    with ``submit``, submit it too, or refuse and keep nothing.

    Refused as ``papers.selectors.submission_refusal`` says (accreditation, the call,
    the organization's places). The file is checked before anything is written.
    """
    delegate = author_of(actor)
    refusal = submission_refusal(user=actor, forum=forum)
    if refusal is not None:
        raise refusal
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
    clean_paper(paper)
    checked = check_pdf(read_upload(file)) if file is not None else None
    with stored(checked) as name, transaction.atomic():
        paper.save()
        record_change(paper, from_status="", to=S.DRAFT, actor=actor)
        if checked is not None:
            add_version(
                paper, checked=checked, name=name, actor=actor, original_name=upload_name(file)
            )
        if submit:
            paper = paper_transition(actor=actor, paper=paper, to=S.SUBMITTED)
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
        _forum, paper = lock_paper(paper)
        secretariat = is_secretariat(actor)
        if not secretariat and not is_author(actor, paper):
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
        clean_paper(paper)
        paper.save(update_fields=["title", "abstract", "language", "keywords", "updated_at"])
    return paper


def paper_add_version(*, actor, paper: PositionPaper, file) -> PaperVersion:
    """Upload a new PDF of a draft, or a revision after the chairs asked for one.

    The newest version becomes the paper's current file; earlier ones are kept.
    """
    require_author(actor, paper)
    if not paper.is_editable:
        raise Conflict(
            _("A new file can be uploaded only to a draft or when revisions are requested."),
            code="not_editable",
        )
    require_upload_window(paper, paper.forum)
    checked = check_pdf(read_upload(file))
    with stored(checked) as name, transaction.atomic():
        forum, locked = lock_paper(paper)
        if not locked.is_editable:
            raise Conflict(
                _("A new file can be uploaded only to a draft or when revisions are requested."),
                code="not_editable",
            )
        require_upload_window(locked, forum)
        version = add_version(
            locked, checked=checked, name=name, actor=actor, original_name=upload_name(file)
        )
    paper.current_version = version
    return version


def _paper_roles(paper: PositionPaper, actor, forum: Forum) -> set[str]:
    """The roles ``actor`` has for ``paper`` in the transition table (a few queries)."""
    if actor is SYSTEM:
        return {SYSTEM_ROLE}
    roles = set()
    if is_author(actor, paper):
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
        forum, paper = lock_paper(paper)
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
            require_published(forum.event)
            if paper.current_version_id is None:
                raise ServiceError(
                    _("Upload the PDF of your paper before submitting it."), code="file_missing"
                )
            if previous == S.DRAFT:
                require_call_open(forum)
                author = paper.author
                require_accredited(author, forum)
                _check_organization_limit(paper, forum, organization_id=author.organization_id)
                paper.organization_id = author.organization_id
                update.append("organization")
            else:
                require_revision_window(paper, forum)
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
        record_change(paper, from_status=previous, to=to, actor=actor, message=message)

        if to in DECISIONS:
            _notify_decision(paper, forum)
        if previous == S.REVISIONS_REQUESTED and to == S.SUBMITTED and paper.assignments.exists():
            return paper_transition(actor=SYSTEM, paper=paper, to=S.UNDER_REVIEW)
    return paper


def _check_organization_limit(paper, forum: Forum, *, organization_id: int) -> None:
    """Called under the forum lock, so two submissions cannot both take the last place."""
    refusal = organization_limit_refusal(
        forum=forum, organization_id=organization_id, paper_id=paper.pk
    )
    if refusal is not None:
        raise refusal


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
    forum, paper = lock_paper(paper)
    require_chair(actor, forum)
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
