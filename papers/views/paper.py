"""One paper's page and what its forms do: transitions, reviews, reviewers, late
revisions, and its file."""

import datetime
import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from events.selectors import delegate_for_user
from papers import selectors, services
from papers.forms import (
    AssignForm,
    DecisionForm,
    LateRevisionForm,
    ReviewForm,
    WithdrawForm,
)
from papers.models import Review, ReviewAssignment
from papers.pdf import anonymous_copy
from papers.views.common import (
    S,
    act,
    back,
    paper_for,
    paper_view,
    refused,
)
from plenary.errors import NotFound, ServiceError

logger = logging.getLogger(__name__)


def _assign_candidates(paper):
    return (
        paper.forum.reviewers.select_related("user", "organization")
        .exclude(organization_id__in=[paper.organization_id, paper.author.organization_id])
        .exclude(review_assignments__paper=paper)
        .order_by("user__last_name", "user__first_name")
    )


@paper_view
def paper_detail(request, paper_id):
    paper, access = paper_for(request, paper_id)
    user = request.user
    moves = services.paper_allowed_transitions(paper=paper, access=access)
    context = {
        "paper": paper,
        "forum": paper.forum,
        "event": paper.forum.event,
        "access": access,
        "show_identity": not access.hides_identity,
        "versions": paper.versions.order_by("-number") if access.sees_versions else [],
        "history": selectors.paper_history(paper=paper, access=access),
        "reviews": selectors.reviews_for(paper=paper, access=access, user=user),
        "author_comments": selectors.comments_for_author(paper=paper, access=access),
        "can_edit": access.is_author and paper.is_editable,
        "can_submit": S.SUBMITTED in moves,
        "can_withdraw": S.WITHDRAWN in moves,
        "can_start_review": access.is_chair and S.UNDER_REVIEW in moves,
        "can_decide": S.ACCEPTED in moves,
        "can_grant_late": access.is_chair and paper.status == S.REVISIONS_REQUESTED,
        "withdraw_form": WithdrawForm(),
    }
    if context["can_decide"]:
        progress = selectors.review_progress(paper=paper)
        context["review_progress"] = progress
        context["decision_form"] = DecisionForm(reviews_complete=progress.complete)
    if context["can_grant_late"]:
        context["late_form"] = LateRevisionForm()
    if access.is_chair:
        reviewed = set(Review.objects.filter(paper=paper).values_list("reviewer_id", flat=True))
        assignments = list(
            paper.assignments.select_related("reviewer__user", "reviewer__organization")
        )
        for assignment in assignments:
            assignment.reviewed = assignment.reviewer_id in reviewed
        context["assignments"] = assignments
        if paper.status in (S.SUBMITTED, S.UNDER_REVIEW, S.REVISIONS_REQUESTED):
            context["assign_form"] = AssignForm(candidates=_assign_candidates(paper))
    delegate = delegate_for_user(user)
    if access.is_reviewer and delegate is not None:
        own = Review.objects.filter(paper=paper, reviewer=delegate).first()
        context["my_review"] = own
        if paper.status == S.UNDER_REVIEW:
            initial = {}
            if own is not None:
                initial = {
                    "score": own.score,
                    "recommendation": own.recommendation,
                    "comments_to_author": own.comments_to_author,
                    "comments_to_chairs": own.comments_to_chairs,
                }
            context["review_form"] = ReviewForm(initial=initial)
    return render(request, "papers/paper_detail.html", context)


@paper_view
@login_required
@require_POST
def paper_transition_view(request, paper_id):
    paper, access = paper_for(request, paper_id)
    if request.POST.get("to") == "decision" or "decision" in request.POST:
        # Where no decision is open to the user, the service says why.
        decides = S.ACCEPTED in services.paper_allowed_transitions(paper=paper, access=access)
        complete = not decides or selectors.review_progress(paper=paper).complete
        form = DecisionForm(request.POST, reviews_complete=complete)
        if set(form.errors) == {"without_reviews"}:
            return refused(request, paper, ServiceError(form.errors["without_reviews"][0]))
        if not form.is_valid():
            return refused(
                request,
                paper,
                ServiceError(_("Choose a decision and write a message to the author.")),
            )
        target, message = form.cleaned_data["decision"], form.cleaned_data["message"]
    else:
        target, message = request.POST.get("to", ""), request.POST.get("message", "")
        if target not in S.values:
            return refused(request, paper, ServiceError(_("Choose what to do with the paper.")))
    done = {
        S.SUBMITTED: _("Your paper is submitted. The chairs will have it reviewed."),
        S.UNDER_REVIEW: _("The paper is under review."),
        S.ACCEPTED: _("The paper is accepted and published. The author has been told."),
        S.REJECTED: _("The paper is rejected. The author has been told."),
        S.REVISIONS_REQUESTED: _("Revisions are requested. The author has been told."),
        S.WITHDRAWN: _("The paper is withdrawn."),
    }
    return act(
        request,
        paper,
        lambda: services.paper_transition(
            actor=request.user, paper=paper, to=target, message=message
        ),
        done=done[target],
    )


@paper_view
@login_required
@require_POST
def paper_review_view(request, paper_id):
    paper, _access = paper_for(request, paper_id)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        return refused(
            request,
            paper,
            ServiceError(_("Give a score and a recommendation.")),
            "review",
        )
    return act(
        request,
        paper,
        lambda: services.review_submit(actor=request.user, paper=paper, **form.cleaned_data),
        done=_("Your review is saved."),
        anchor="review",
    )


@paper_view
@login_required
@require_POST
def paper_assign_view(request, paper_id):
    paper, access = paper_for(request, paper_id)
    if not access.is_chair:
        raise PermissionDenied
    form = AssignForm(request.POST, candidates=paper.forum.reviewers.all())
    if not form.is_valid():
        return refused(request, paper, ServiceError(_("Choose a reviewer.")), "reviewers")
    return act(
        request,
        paper,
        lambda: services.paper_assign_reviewer(
            actor=request.user, paper=paper, reviewer=form.cleaned_data["reviewer"]
        ),
        done=_("The reviewer has been asked by email."),
        anchor="reviewers",
    )


@paper_view
@login_required
@require_POST
def paper_unassign_view(request, paper_id, assignment_id):
    paper, _access = paper_for(request, paper_id)
    assignment = get_object_or_404(ReviewAssignment, pk=assignment_id, paper=paper)
    return act(
        request,
        paper,
        lambda: services.paper_unassign_reviewer(actor=request.user, assignment=assignment),
        done=_("The reviewer no longer reviews this paper."),
        anchor="reviewers",
    )


@login_required
@require_POST
def paper_claim_view(request, paper_id):
    # Pool reviewers see claimable papers in their queue, before they can see the paper.
    delegate = delegate_for_user(request.user)
    if delegate is None:
        raise Http404
    paper = get_object_or_404(selectors.claimable_papers(delegate=delegate), pk=paper_id)
    try:
        services.paper_claim(actor=request.user, paper=paper)
    except ServiceError as error:
        messages.error(request, error.message)
        return redirect("papers:review-queue")
    messages.success(request, _("The paper is yours to review."), extra_tags="inline paper")
    return back(paper, "review")


@paper_view
@login_required
@require_POST
def paper_late_revision_view(request, paper_id):
    paper, _access = paper_for(request, paper_id)
    form = LateRevisionForm(request.POST)
    if not form.is_valid():
        return refused(request, paper, ServiceError(_("Give a number of days from 1 to 60.")))
    until = timezone.now() + datetime.timedelta(days=form.cleaned_data["days"])
    return act(
        request,
        paper,
        lambda: services.paper_grant_late_revision(actor=request.user, paper=paper, until=until),
        done=_("The author may submit a revision until then."),
    )


def pdf_response(version, *, public: bool, anonymous: bool = False) -> HttpResponse:
    """The PDF as a download. At most ``PAPER_MAX_BYTES``, so it is read whole. An
    ``anonymous`` reader (a reviewer under anonymous review) gets a copy without the
    document's metadata; the author's side and the chairs get the file as uploaded."""
    try:
        with version.file.open("rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        logger.error("The file of paper version %s is missing from storage", version.pk)
        raise NotFound(
            _(
                "The file of this paper is missing from the site's storage. "
                "The secretariat can ask its author to upload it again."
            )
        ) from None
    if anonymous:
        data = anonymous_copy(data)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{version.download_name}"'
    response["Content-Length"] = str(len(data))
    # A PDF is never a page of this site: no scripts, no same-origin rights.
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "public, max-age=300" if public else "private, no-store"
    response["ETag"] = f'"{version.sha256}-anonymous"' if anonymous else f'"{version.sha256}"'
    return response


@paper_view
@require_GET
def paper_file(request, paper_id, number=None):
    """The current PDF (or an earlier version, for those who may see versions)."""
    paper, access = paper_for(request, paper_id)
    if number is None:
        version = paper.current_version
    elif access.sees_versions:
        version = paper.versions.filter(number=number).first()
    else:
        version = None
    if version is None:
        raise Http404
    try:
        return pdf_response(
            version,
            public=access.public and version == paper.current_version,
            anonymous=access.hides_identity,
        )
    except ServiceError as error:
        return HttpResponse(error.message, status=error.status_code, content_type="text/plain")
