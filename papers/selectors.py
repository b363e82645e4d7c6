"""Reads of position papers: who may see what, and the lists that pages and the API show.

Visibility: an accepted paper is public. Any other paper is visible only to its author,
the other delegates of its organization, its assigned reviewers, the forum's chairs and
the secretariat. With anonymous review, a reviewer who is nothing else sees neither the
author nor the organization.
"""

from dataclasses import dataclass

from django.db.models import (
    Avg,
    Count,
    Exists,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from events.models import Accreditation, Delegate, Event
from events.selectors import delegate_for_user
from events.services import require_published
from forums.models import Forum
from forums.selectors import chairs_forum, forum_list, user_is_chair
from papers.models import (
    PaperStatus,
    PaperStatusChange,
    PositionPaper,
    Review,
    ReviewAssignment,
)
from plenary.access import is_secretariat
from plenary.errors import Conflict, NotAllowed, ServiceError

VISIBLE_EVENT_STATUSES = (Event.Status.PUBLISHED, Event.Status.CANCELLED)
# Papers that use up one of the organization's places in a forum.
COUNTED = (
    PaperStatus.SUBMITTED,
    PaperStatus.UNDER_REVIEW,
    PaperStatus.REVISIONS_REQUESTED,
    PaperStatus.ACCEPTED,
    PaperStatus.REJECTED,
)


def user_is_pool_reviewer(user, forum: Forum) -> bool:
    delegate = delegate_for_user(user)
    if delegate is None:
        return False
    return Forum.reviewers.through.objects.filter(
        forum_id=forum.pk, delegate_id=delegate.pk
    ).exists()


@dataclass(frozen=True)
class PaperAccess:
    """What one user may see of one paper."""

    public: bool
    is_author: bool = False
    same_organization: bool = False
    is_reviewer: bool = False
    is_chair: bool = False
    anonymous_review: bool = False

    @property
    def author_side(self) -> bool:
        return self.is_author or self.same_organization

    @property
    def can_view(self) -> bool:
        return self.public or self.author_side or self.is_reviewer or self.is_chair

    @property
    def hides_identity(self) -> bool:
        """An anonymous reviewer sees neither author nor organization."""
        return self.anonymous_review and not (self.author_side or self.is_chair or self.public)

    @property
    def sees_history(self) -> bool:
        return self.author_side or self.is_chair

    @property
    def sees_versions(self) -> bool:
        return self.author_side or self.is_chair or self.is_reviewer

    @property
    def sees_all_reviews(self) -> bool:
        return self.is_chair


def _access(paper: PositionPaper, *, delegate, is_reviewer: bool, is_chair: bool) -> PaperAccess:
    return PaperAccess(
        public=paper.status == PaperStatus.ACCEPTED
        and paper.forum.event.status in VISIBLE_EVENT_STATUSES,
        is_author=delegate is not None and paper.author_id == delegate.pk,
        same_organization=delegate is not None
        and paper.organization_id == delegate.organization_id,
        is_reviewer=is_reviewer,
        is_chair=is_chair,
        anonymous_review=paper.forum.anonymous_review,
    )


def paper_access(user, paper: PositionPaper) -> PaperAccess:
    """The access of ``user`` to ``paper`` (uses the annotations of ``paper_list_visible``
    when present, otherwise at most two small queries)."""
    delegate = delegate_for_user(user)
    is_reviewer = getattr(paper, "viewer_is_reviewer", None)
    if is_reviewer is None:
        is_reviewer = (
            delegate is not None
            and ReviewAssignment.objects.filter(paper=paper, reviewer=delegate).exists()
        )
    is_chair = getattr(paper, "viewer_is_chair", None)
    if is_chair is None or is_secretariat(user):
        is_chair = user_is_chair(user, paper.forum)
    return _access(paper, delegate=delegate, is_reviewer=is_reviewer, is_chair=is_chair)


def _with_scores(papers: QuerySet) -> QuerySet:
    reviews = Review.objects.filter(paper=OuterRef("pk")).order_by().values("paper")
    assignments = ReviewAssignment.objects.filter(paper=OuterRef("pk")).order_by().values("paper")
    return papers.annotate(
        mean_score=Subquery(
            reviews.annotate(mean=Avg("score")).values("mean"), output_field=FloatField()
        ),
        review_count=Coalesce(
            Subquery(reviews.annotate(n=Count("id")).values("n"), output_field=IntegerField()),
            Value(0),
        ),
        assignment_count=Coalesce(
            Subquery(assignments.annotate(n=Count("id")).values("n"), output_field=IntegerField()),
            Value(0),
        ),
    )


def _base() -> QuerySet[PositionPaper]:
    return PositionPaper.objects.select_related(
        "forum__event", "author__user", "organization", "current_version"
    )


def paper_list_visible(*, user) -> QuerySet[PositionPaper]:
    """Every paper ``user`` may see, annotated with ``viewer_is_reviewer``,
    ``viewer_is_chair``, ``mean_score``, ``review_count`` and ``assignment_count``."""
    papers = _with_scores(_base())
    public = Q(status=PaperStatus.ACCEPTED, forum__event__status__in=VISIBLE_EVENT_STATUSES)
    if not user.is_authenticated:
        return papers.filter(public).annotate(
            viewer_is_reviewer=Value(False), viewer_is_chair=Value(False)
        )
    delegate = delegate_for_user(user)
    if delegate is not None:
        is_reviewer = Exists(
            ReviewAssignment.objects.filter(paper=OuterRef("pk"), reviewer_id=delegate.pk)
        )
    else:
        is_reviewer = Value(False)
    is_chair = Value(True) if is_secretariat(user) else chairs_forum(user, OuterRef("forum_id"))
    papers = papers.annotate(viewer_is_reviewer=is_reviewer, viewer_is_chair=is_chair)
    if is_secretariat(user):
        return papers
    visible = public | Q(viewer_is_reviewer=True) | Q(viewer_is_chair=True)
    if delegate is not None:
        visible |= Q(author_id=delegate.pk) | Q(organization_id=delegate.organization_id)
    return papers.filter(visible)


def paper_list_of_organization(*, delegate: Delegate) -> QuerySet[PositionPaper]:
    """The delegate's own papers and those of their organization, newest first."""
    return (
        _base()
        .filter(Q(author=delegate) | Q(organization_id=delegate.organization_id))
        .order_by("-updated_at", "-id")
    )


def accepted_papers(*, forum: Forum) -> QuerySet[PositionPaper]:
    """The forum's published papers, for everyone."""
    return (
        _base()
        .filter(forum=forum, status=PaperStatus.ACCEPTED)
        .order_by("organization__name", "title")
    )


def session_papers(*, session) -> list[PositionPaper]:
    """The accepted papers that ``session`` hosts: all of its forum's for a debate
    session, those of its speakers otherwise (``session`` with its speakers loaded)."""
    papers = accepted_papers(forum=session.forum)
    if session.kind != session.Kind.DEBATE:
        speakers = [speaker.pk for speaker in session.speakers.all()]
        if not speakers:
            return []
        papers = papers.filter(author_id__in=speakers)
    return list(papers)


def accepted_paper_authors(*, forum: Forum) -> QuerySet[Delegate]:
    """Delegates who wrote an accepted paper of ``forum`` (the live debate marks them)."""
    return (
        Delegate.objects.filter(papers__forum=forum, papers__status=PaperStatus.ACCEPTED)
        .select_related("user", "organization")
        .distinct()
    )


def accepted_paper_author_ids(*, forum_id: int) -> set[int]:
    """Ids of the delegates who wrote an accepted paper of the forum (one query)."""
    return set(
        PositionPaper.objects.filter(forum_id=forum_id, status=PaperStatus.ACCEPTED).values_list(
            "author_id", flat=True
        )
    )


def assignment_is_reviewed() -> Exists:
    """For a ``ReviewAssignment`` queryset: the reviewer's review covers the paper's
    current version (a revised paper needs reviewing again)."""
    return Exists(
        Review.objects.filter(
            paper_id=OuterRef("paper_id"),
            reviewer_id=OuterRef("reviewer_id"),
            version_id=OuterRef("paper__current_version_id"),
        )
    )


@dataclass(frozen=True)
class ReviewProgress:
    """How many of a paper's reviewers have reviewed its current version."""

    reviewed: int
    assigned: int

    @property
    def complete(self) -> bool:
        """Every reviewer has reviewed (and there is one at least): the chairs decide on
        the reviews; before that, only if they say they decide without them."""
        return self.assigned > 0 and self.reviewed == self.assigned


def review_progress(*, paper: PositionPaper) -> ReviewProgress:
    assignments = ReviewAssignment.objects.filter(paper=paper)
    return ReviewProgress(
        reviewed=assignments.filter(assignment_is_reviewed()).count(),
        assigned=assignments.count(),
    )


def review_queue(*, delegate: Delegate) -> QuerySet[ReviewAssignment]:
    """A reviewer's assignments, with ``reviewed`` (their review covers the current
    version) and ``my_score``; open ones first, then by forum."""
    own_review = Review.objects.filter(paper=OuterRef("paper_id"), reviewer_id=delegate.pk)
    return (
        ReviewAssignment.objects.filter(reviewer=delegate)
        .select_related(
            "paper__forum__event",
            "paper__organization",
            "paper__author__user",
            "paper__current_version",
        )
        .annotate(
            reviewed=assignment_is_reviewed(),
            my_score=Subquery(own_review.values("score")[:1]),
        )
        .order_by("reviewed", "paper__forum__event__start_date", "paper__forum__title", "id")
    )


def claimable_papers(*, delegate: Delegate) -> QuerySet[PositionPaper]:
    """Papers the delegate may claim for review: in a forum whose reviewer pool they are
    in, waiting for review, not of their organization, not already theirs."""
    return (
        _base()
        .filter(
            forum__reviewers=delegate,
            status__in=[PaperStatus.SUBMITTED, PaperStatus.UNDER_REVIEW],
        )
        .exclude(organization_id=delegate.organization_id)
        .exclude(assignments__reviewer=delegate)
        .order_by("forum__title", "submitted_at", "id")
    )


BOARD_ORDERINGS = {
    "score": (F("mean_score").asc(nulls_last=True), "title"),
    "-score": (F("mean_score").desc(nulls_last=True), "title"),
    "title": ("title", "id"),
    "status": ("status", "title"),
    "reviews": ("-review_count", "title"),
    "submitted": (F("submitted_at").asc(nulls_last=True), "id"),
}


def decision_board(*, forum: Forum, sort: str = "-score") -> QuerySet[PositionPaper]:
    """The forum's submitted papers (drafts excluded) with their scores, for the chairs."""
    ordering = BOARD_ORDERINGS.get(sort, BOARD_ORDERINGS["-score"])
    return (
        _with_scores(_base())
        .filter(forum=forum)
        .exclude(status=PaperStatus.DRAFT)
        .order_by(*ordering)
    )


def forums_chaired(*, user) -> QuerySet[Forum]:
    forums = Forum.objects.select_related("event").order_by("event__start_date", "title")
    if is_secretariat(user):
        return forums.filter(event__status__in=VISIBLE_EVENT_STATUSES)
    return forums.filter(chairs=user)


def reviews_for(*, paper: PositionPaper, access: PaperAccess, user) -> QuerySet[Review]:
    """The reviews of ``paper`` that ``user`` may read: all for chairs, their own for a
    reviewer, none otherwise (authors read only the comments meant for them)."""
    reviews = Review.objects.filter(paper=paper).select_related(
        "reviewer__user", "reviewer__organization", "version"
    )
    if access.sees_all_reviews:
        return reviews.order_by("created_at", "id")
    delegate = delegate_for_user(user)
    if access.is_reviewer and delegate is not None:
        return reviews.filter(reviewer=delegate)
    return reviews.none()


def comments_for_author(*, paper: PositionPaper, access: PaperAccess) -> list[str]:
    """Reviewers' comments meant for the author, once the chairs have decided."""
    if not access.author_side or paper.status not in PositionPaper.DECIDED:
        return []
    return [
        text
        for text in Review.objects.filter(paper=paper)
        .order_by("created_at", "id")
        .values_list("comments_to_author", flat=True)
        if text.strip()
    ]


def paper_history(*, paper: PositionPaper, access: PaperAccess) -> list[PaperStatusChange]:
    """The paper's changes of state for those who see them, each with ``shown_actor``:
    who made it as this viewer may know it. Under anonymous review the author's side
    never learns which reviewer claimed or reviewed the paper: anyone outside the
    author's organization who is not a chair is "a reviewer" to them."""
    if not access.sees_history:
        return []
    changes = list(paper.history.select_related("actor__delegate", "version").order_by("at", "id"))
    hide = paper.forum.anonymous_review and not access.is_chair
    chairs = set(paper.forum.chairs.values_list("pk", flat=True)) if hide else set()
    for change in changes:
        actor = change.actor
        change.shown_actor = None
        change.actor_hidden = False
        if actor is None:
            continue
        delegate = getattr(actor, "delegate", None)
        own_side = delegate is not None and delegate.organization_id == paper.organization_id
        if hide and not (own_side or actor.pk in chairs or is_secretariat(actor)):
            change.actor_hidden = True
        else:
            change.shown_actor = actor.get_full_name() or actor.get_username()
    return changes


def paper_counts_by_status() -> list[tuple[str, str, int]]:
    """``(status, label, count)`` for every state a paper may be in, in the order of the
    states, zeros included (one query)."""
    counts = dict(
        PositionPaper.objects.order_by().values_list("status").annotate(count=Count("id"))
    )
    return [(status, label, counts.get(status, 0)) for status, label in PaperStatus.choices]


# Why a paper may not be started or submitted. The services raise these very errors; the
# pages read them to say why instead of offering a form that would be refused.


def call_refusal(forum: Forum, *, drafts: bool = False) -> ServiceError | None:
    """Why papers cannot be submitted to ``forum`` now (with ``drafts``: started, which
    is allowed before the call opens), or None."""
    if forum.call_is_open() or (drafts and forum.has_call and not forum.call_has_closed()):
        return None
    if not forum.has_call:
        return ServiceError(_("This forum has no call for position papers."), code="call_closed")
    if forum.call_opens_at and not forum.call_has_closed():
        return ServiceError(
            _("The call for position papers of this forum is not open yet."),
            code="call_not_open",
        )
    return ServiceError(
        _("The call for position papers of this forum has closed."), code="call_closed"
    )


def accreditation_refusal(*, delegate: Delegate, forum: Forum) -> NotAllowed | None:
    if Accreditation.objects.filter(
        delegate=delegate, event_id=forum.event_id, status=Accreditation.Status.APPROVED
    ).exists():
        return None
    return NotAllowed(
        _("You need an approved accreditation for %(event)s to submit a paper.")
        % {"event": forum.event.title},
        code="not_accredited",
    )


def organization_limit_refusal(
    *, forum: Forum, organization_id: int, paper_id: int | None = None, taken: int | None = None
) -> Conflict | None:
    """Whether the organization has used every place it has in ``forum`` (``paper_id``
    being submitted does not count against itself; ``taken``: the places taken, when the
    caller has counted them already)."""
    if taken is None:
        taken = (
            PositionPaper.objects.filter(
                forum=forum, organization_id=organization_id, status__in=COUNTED
            )
            .exclude(pk=paper_id)
            .count()
        )
    if taken < forum.papers_per_organization:
        return None
    return Conflict(
        _(
            "Your organization has already submitted %(count)d of the %(limit)d position "
            "papers it may submit to this forum."
        )
        % {"count": taken, "limit": forum.papers_per_organization},
        code="organization_limit",
    )


def delegate_refusal() -> NotAllowed:
    return NotAllowed(
        _("Only delegates of member organizations can submit position papers."),
        code="not_a_delegate",
    )


def submission_refusal(*, user, forum: Forum) -> ServiceError | None:
    """Why ``user`` may not start a paper for ``forum``, or None: not a delegate, the
    event not published, the call closed, no approved accreditation, or the
    organization's places all taken."""
    delegate = delegate_for_user(user)
    if delegate is None:
        return delegate_refusal()
    if forum.event.status != Event.Status.PUBLISHED:
        try:
            require_published(forum.event)
        except ServiceError as error:
            return error
    return (
        call_refusal(forum, drafts=True)
        or accreditation_refusal(delegate=delegate, forum=forum)
        or organization_limit_refusal(forum=forum, organization_id=delegate.organization_id)
    )


def open_calls_for(*, delegate: Delegate) -> list[Forum]:
    """The forums whose call for papers is open in the events ``delegate`` is accredited
    for, each with ``refusal``: why their organization may submit no more (or None)."""
    now = timezone.now()
    forums = (
        forum_list()
        .filter(
            event__accreditations__delegate=delegate,
            event__accreditations__status=Accreditation.Status.APPROVED,
            call_closes_at__gt=now,
        )
        .exclude(call_opens_at__gt=now)
        .annotate(
            places_taken=Count(
                "papers",
                filter=Q(
                    papers__organization_id=delegate.organization_id,
                    papers__status__in=COUNTED,
                ),
                distinct=True,
            )
        )
    )
    forums = list(forums)
    for forum in forums:
        forum.refusal = organization_limit_refusal(
            forum=forum, organization_id=delegate.organization_id, taken=forum.places_taken
        )
    return forums
