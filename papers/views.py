"""Pages for position papers: submit, my papers, a paper, the review queue, the decision
board. Views parse input, call a service, and render; refusals come back as messages."""

import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from events import selectors as event_selectors
from events.models import Accreditation
from events.selectors import delegate_for_user
from forums import selectors as forum_selectors
from forums.models import Forum
from papers import selectors, services
from papers.forms import (
    COMMON_LANGUAGES,
    AssignForm,
    DecisionForm,
    LateRevisionForm,
    PaperForm,
    ReviewForm,
    WithdrawForm,
)
from papers.models import PaperStatus, PositionPaper, Review, ReviewAssignment
from papers.pdf import too_large_message
from plenary.errors import ServiceError

S = PaperStatus
# Room for the text fields of the form next to the file.
FORM_OVERHEAD_BYTES = 256 * 1024


# --- helpers ---------------------------------------------------------------------------


def _wants_json(request) -> bool:
    return request.headers.get("X-Requested-With") == "XMLHttpRequest"


def _upload_too_large(request) -> bool:
    """Refuse an oversized upload from its Content-Length, before reading the body."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return length > settings.PAPER_MAX_BYTES + FORM_OVERHEAD_BYTES


def _visible_forum(request, event_slug, forum_slug) -> Forum:
    event = get_object_or_404(
        event_selectors.event_list_visible(user=request.user), slug=event_slug
    )
    return get_object_or_404(Forum.objects.select_related("event"), event=event, slug=forum_slug)


def _paper_for(request, paper_id):
    """The paper and the caller's access to it; private papers are not found by others."""
    paper = (
        PositionPaper.objects.select_related(
            "forum__event", "author__user", "organization", "current_version", "decided_by"
        )
        .filter(pk=paper_id)
        .first()
    )
    access = selectors.paper_access(request.user, paper) if paper is not None else None
    if access is None or not access.can_view:
        if not request.user.is_authenticated:
            raise _LoginRequired
        raise Http404
    return paper, access


class _LoginRequired(Exception):
    pass


def _paper_view(view):
    """Anonymous visitors of a paper that is not public are sent to log in."""

    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except _LoginRequired:
            return redirect_to_login(request.get_full_path())

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _back(paper, anchor=""):
    return redirect(f"{paper.get_absolute_url()}{'#' + anchor if anchor else ''}")


def _refused(request, paper, error: ServiceError, anchor="actions"):
    messages.error(request, error.message, extra_tags="inline paper")
    return _back(paper, anchor)


def _act(request, paper, call, *, done: str, anchor="actions"):
    """Run ``call`` (a service) for a form of the paper's page; back on the page, its
    refusal or ``done`` is shown above ``anchor``."""
    try:
        call()
    except ValidationError as error:
        return _refused(request, paper, ServiceError(_validation_messages(error)[0]), anchor)
    except ServiceError as error:
        return _refused(request, paper, error, anchor)
    messages.success(request, done, extra_tags="inline paper")
    return _back(paper, anchor)


def _validation_messages(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [message for messages_ in error.message_dict.values() for message in messages_]
    return list(error.messages)


def _form_failure(request, template, context, *, status=400, detail=None, code="invalid"):
    if _wants_json(request):
        form = context.get("form")
        errors = {field: list(errs) for field, errs in form.errors.items()} if form else {}
        if detail is None and errors:
            detail = next(iter(errors.values()))[0]
        return JsonResponse(
            {"detail": detail or _("Check the form."), "code": code, "errors": errors},
            status=status,
        )
    return render(request, template, context, status=status)


def _is_file_refusal(error: ServiceError) -> bool:
    return error.code == "not_a_pdf" or error.code.startswith(("pdf_", "file_"))


def _form_success(request, url):
    if _wants_json(request):
        return JsonResponse({"redirect": url})
    return redirect(url)


def _paper_form_context(form, *, forum, paper=None):
    return {
        "form": form,
        "forum": forum,
        "event": forum.event,
        "paper": paper,
        "languages": COMMON_LANGUAGES,
        "max_bytes": settings.PAPER_MAX_BYTES,
        "too_large_message": too_large_message(),
    }


def _submit_after_save(request, paper):
    """Carry out "save and submit": the saved draft stays if the submission is refused."""
    try:
        services.paper_transition(actor=request.user, paper=paper, to=S.SUBMITTED)
    except ServiceError as error:
        messages.error(
            request,
            _("Your paper is saved but not submitted: %(reason)s") % {"reason": error.message},
            extra_tags="inline paper",
        )
        return
    messages.success(
        request,
        _("Your paper is submitted. The chairs will have it reviewed."),
        extra_tags="inline paper",
    )


# --- my papers, submit, edit -----------------------------------------------------------


@login_required
def my_papers(request):
    delegate = delegate_for_user(request.user)
    papers, open_calls, open_reviews, pool = [], [], None, False
    if delegate is not None:
        papers = selectors.paper_list_of_organization(delegate=delegate)
        now = timezone.now()
        open_calls = (
            forum_selectors.forum_list()
            .filter(
                event__accreditations__delegate=delegate,
                event__accreditations__status=Accreditation.Status.APPROVED,
                call_closes_at__gt=now,
            )
            .exclude(call_opens_at__gt=now)
        )
        pool = delegate.reviewing_forums.exists()
        open_reviews = selectors.review_queue(delegate=delegate).filter(
            reviewed=False, paper__status=S.UNDER_REVIEW
        )
    return render(
        request,
        "papers/my_papers.html",
        {
            "delegate": delegate,
            "papers": papers,
            "open_calls": open_calls,
            "open_review_count": open_reviews.count() if open_reviews is not None else 0,
            "in_reviewer_pool": pool,
            "chaired_forums": selectors.forums_chaired(user=request.user),
        },
    )


@login_required
def paper_submit(request, event_slug, forum_slug):
    forum = _visible_forum(request, event_slug, forum_slug)
    template = "papers/paper_form.html"
    if request.method == "POST":
        if _upload_too_large(request):
            form = PaperForm(file_required=True)
            return _form_failure(
                request,
                template,
                _paper_form_context(form, forum=forum),
                status=413,
                detail=too_large_message(),
                code="file_too_large",
            )
        form = PaperForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                paper = services.paper_create(
                    actor=request.user,
                    forum=forum,
                    title=data["title"],
                    abstract=data["abstract"],
                    language=data["language"],
                    keywords=data["keywords"],
                    file=data["file"],
                )
            except ValidationError as error:
                for message in _validation_messages(error):
                    form.add_error(None, message)
            except ServiceError as error:
                form.add_error("file" if _is_file_refusal(error) else None, error.message)
                return _form_failure(
                    request,
                    template,
                    _paper_form_context(form, forum=forum),
                    status=error.status_code,
                    detail=error.message,
                    code=error.code,
                )
            else:
                if request.POST.get("intent") == "submit":
                    _submit_after_save(request, paper)
                else:
                    messages.success(
                        request,
                        _("Your draft is saved. Submit it before the call closes."),
                        extra_tags="inline paper",
                    )
                return _form_success(request, paper.get_absolute_url())
        return _form_failure(request, template, _paper_form_context(form, forum=forum))
    delegate = delegate_for_user(request.user)
    form = PaperForm(
        initial={"language": delegate.preferred_language if delegate else "en"},
        file_required=False,
    )
    return render(request, template, _paper_form_context(form, forum=forum))


@_paper_view
@login_required
def paper_edit(request, paper_id):
    paper, access = _paper_for(request, paper_id)
    if not access.is_author:
        raise PermissionDenied
    template = "papers/paper_form.html"
    if not paper.is_editable:
        messages.error(
            request,
            _("A paper that is %(status)s cannot be changed.")
            % {"status": paper.get_status_display().lower()},
            extra_tags="inline paper",
        )
        return _back(paper, "actions")
    initial = {
        "title": paper.title,
        "abstract": paper.abstract,
        "language": paper.language,
        "keywords": ", ".join(paper.keywords),
    }
    if request.method == "POST":
        if _upload_too_large(request):
            return _form_failure(
                request,
                template,
                _paper_form_context(PaperForm(initial=initial), forum=paper.forum, paper=paper),
                status=413,
                detail=too_large_message(),
                code="file_too_large",
            )
        form = PaperForm(request.POST, request.FILES)
        context = _paper_form_context(form, forum=paper.forum, paper=paper)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.paper_update(
                    actor=request.user,
                    paper=paper,
                    title=data["title"],
                    abstract=data["abstract"],
                    language=data["language"],
                    keywords=data["keywords"],
                )
                if data["file"] is not None:
                    services.paper_add_version(actor=request.user, paper=paper, file=data["file"])
            except ValidationError as error:
                for message in _validation_messages(error):
                    form.add_error(None, message)
            except ServiceError as error:
                form.add_error(None, error.message)
                return _form_failure(
                    request,
                    template,
                    context,
                    status=error.status_code,
                    detail=error.message,
                    code=error.code,
                )
            else:
                if request.POST.get("intent") == "submit":
                    _submit_after_save(request, paper)
                else:
                    messages.success(
                        request, _("Your changes are saved."), extra_tags="inline paper"
                    )
                return _form_success(request, paper.get_absolute_url())
        return _form_failure(request, template, context)
    form = PaperForm(initial=initial)
    return render(request, template, _paper_form_context(form, forum=paper.forum, paper=paper))


# --- one paper -------------------------------------------------------------------------


def _assign_candidates(paper):
    return (
        paper.forum.reviewers.select_related("user", "organization")
        .exclude(organization_id__in=[paper.organization_id, paper.author.organization_id])
        .exclude(review_assignments__paper=paper)
        .order_by("user__last_name", "user__first_name")
    )


@_paper_view
def paper_detail(request, paper_id):
    paper, access = _paper_for(request, paper_id)
    user = request.user
    moves = services.paper_allowed_transitions(paper=paper, access=access)
    context = {
        "paper": paper,
        "forum": paper.forum,
        "event": paper.forum.event,
        "access": access,
        "show_identity": not access.hides_identity,
        "versions": paper.versions.order_by("-number") if access.sees_versions else [],
        "history": (
            paper.history.select_related("actor", "version").order_by("at", "id")
            if access.sees_history
            else []
        ),
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
        context["decision_form"] = DecisionForm()
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


@_paper_view
@login_required
@require_POST
def paper_transition_view(request, paper_id):
    paper, _access = _paper_for(request, paper_id)
    if request.POST.get("to") == "decision" or "decision" in request.POST:
        form = DecisionForm(request.POST)
        if not form.is_valid():
            return _refused(
                request,
                paper,
                ServiceError(_("Choose a decision and write a message to the author.")),
            )
        target, message = form.cleaned_data["decision"], form.cleaned_data["message"]
    else:
        target, message = request.POST.get("to", ""), request.POST.get("message", "")
        if target not in S.values:
            return _refused(request, paper, ServiceError(_("Choose what to do with the paper.")))
    done = {
        S.SUBMITTED: _("Your paper is submitted. The chairs will have it reviewed."),
        S.UNDER_REVIEW: _("The paper is under review."),
        S.ACCEPTED: _("The paper is accepted and published. The author has been told."),
        S.REJECTED: _("The paper is rejected. The author has been told."),
        S.REVISIONS_REQUESTED: _("Revisions are requested. The author has been told."),
        S.WITHDRAWN: _("The paper is withdrawn."),
    }
    return _act(
        request,
        paper,
        lambda: services.paper_transition(
            actor=request.user, paper=paper, to=target, message=message
        ),
        done=done[target],
    )


@_paper_view
@login_required
@require_POST
def paper_review_view(request, paper_id):
    paper, _access = _paper_for(request, paper_id)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        return _refused(
            request,
            paper,
            ServiceError(_("Give a score and a recommendation.")),
            "review",
        )
    return _act(
        request,
        paper,
        lambda: services.review_submit(actor=request.user, paper=paper, **form.cleaned_data),
        done=_("Your review is saved."),
        anchor="review",
    )


@_paper_view
@login_required
@require_POST
def paper_assign_view(request, paper_id):
    paper, access = _paper_for(request, paper_id)
    if not access.is_chair:
        raise PermissionDenied
    form = AssignForm(request.POST, candidates=paper.forum.reviewers.all())
    if not form.is_valid():
        return _refused(request, paper, ServiceError(_("Choose a reviewer.")), "reviewers")
    return _act(
        request,
        paper,
        lambda: services.paper_assign_reviewer(
            actor=request.user, paper=paper, reviewer=form.cleaned_data["reviewer"]
        ),
        done=_("The reviewer has been asked by email."),
        anchor="reviewers",
    )


@_paper_view
@login_required
@require_POST
def paper_unassign_view(request, paper_id, assignment_id):
    paper, _access = _paper_for(request, paper_id)
    assignment = get_object_or_404(ReviewAssignment, pk=assignment_id, paper=paper)
    return _act(
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
    return _back(paper, "review")


@_paper_view
@login_required
@require_POST
def paper_late_revision_view(request, paper_id):
    paper, _access = _paper_for(request, paper_id)
    form = LateRevisionForm(request.POST)
    if not form.is_valid():
        return _refused(request, paper, ServiceError(_("Give a number of days from 1 to 60.")))
    until = timezone.now() + datetime.timedelta(days=form.cleaned_data["days"])
    return _act(
        request,
        paper,
        lambda: services.paper_grant_late_revision(actor=request.user, paper=paper, until=until),
        done=_("The author may submit a revision until then."),
    )


def pdf_response(version, *, public: bool) -> HttpResponse:
    """The PDF as a download. At most ``PAPER_MAX_BYTES``, so it is read whole."""
    with version.file.open("rb") as handle:
        data = handle.read()
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{version.download_name}"'
    response["Content-Length"] = str(len(data))
    # A PDF is never a page of this site: no scripts, no same-origin rights.
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "public, max-age=300" if public else "private, no-store"
    response["ETag"] = f'"{version.sha256}"'
    return response


@_paper_view
@require_GET
def paper_file(request, paper_id, number=None):
    """The current PDF (or an earlier version, for those who may see versions)."""
    paper, access = _paper_for(request, paper_id)
    if number is None:
        version = paper.current_version
    elif access.sees_versions:
        version = paper.versions.filter(number=number).first()
    else:
        version = None
    if version is None:
        raise Http404
    return pdf_response(version, public=access.public and version == paper.current_version)


# --- reviewers and chairs ----------------------------------------------------------------


@login_required
def review_queue_view(request):
    delegate = delegate_for_user(request.user)
    assignments, claimable = [], []
    if delegate is not None:
        assignments = selectors.review_queue(delegate=delegate)
        claimable = selectors.claimable_papers(delegate=delegate)
    return render(
        request,
        "papers/review_queue.html",
        {"delegate": delegate, "assignments": assignments, "claimable": claimable},
    )


@login_required
def decision_board_view(request, event_slug, forum_slug):
    forum = _visible_forum(request, event_slug, forum_slug)
    if not selectors.user_is_chair(request.user, forum):
        raise PermissionDenied
    sort = request.GET.get("sort", "-score")
    if sort not in selectors.BOARD_ORDERINGS:
        sort = "-score"
    papers = selectors.decision_board(forum=forum, sort=sort)
    drafts = PositionPaper.objects.filter(forum=forum, status=S.DRAFT).count()
    return render(
        request,
        "papers/decision_board.html",
        {
            "forum": forum,
            "event": forum.event,
            "papers": papers,
            "sort": sort,
            "draft_count": drafts,
            "board_url": reverse("papers:board", args=[forum.event.slug, forum.slug]),
        },
    )
