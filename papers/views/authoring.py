"""An author's pages: my papers, submitting a paper, editing it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import render
from django.utils.translation import gettext as _

from events.selectors import delegate_for_user
from papers import selectors, services
from papers.forms import (
    PaperForm,
)
from papers.pdf import too_large_message
from papers.views.common import (
    S,
    back,
    form_failure,
    form_success,
    is_file_refusal,
    paper_for,
    paper_form_context,
    paper_view,
    submit_after_save,
    upload_too_large,
    validation_messages,
    visible_forum,
)
from plenary.errors import ServiceError


@login_required
def my_papers(request):
    delegate = delegate_for_user(request.user)
    papers, open_calls, open_reviews, pool = [], [], None, False
    if delegate is not None:
        papers = selectors.paper_list_of_organization(delegate=delegate)
        open_calls = selectors.open_calls_for(delegate=delegate)
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
    forum = visible_forum(request, event_slug, forum_slug)
    template = "papers/paper_form.html"
    if request.method == "POST":
        if upload_too_large(request):
            form = PaperForm(file_required=True)
            return form_failure(
                request,
                template,
                paper_form_context(form, forum=forum),
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
                    submit=request.POST.get("intent") == "submit",
                )
            except ValidationError as error:
                for message in validation_messages(error):
                    form.add_error(None, message)
            except ServiceError as error:
                form.add_error("file" if is_file_refusal(error) else None, error.message)
                return form_failure(
                    request,
                    template,
                    paper_form_context(form, forum=forum),
                    status=error.status_code,
                    detail=error.message,
                    code=error.code,
                )
            else:
                if paper.status == S.SUBMITTED:
                    message = _("Your paper is submitted. The chairs will have it reviewed.")
                else:
                    message = _("Your draft is saved. Submit it before the call closes.")
                messages.success(request, message, extra_tags="inline paper")
                return form_success(request, paper.get_absolute_url())
        return form_failure(request, template, paper_form_context(form, forum=forum))
    refusal = selectors.submission_refusal(user=request.user, forum=forum)
    if refusal is not None:
        return render(
            request, template, {**paper_form_context(None, forum=forum), "refusal": refusal}
        )
    delegate = delegate_for_user(request.user)
    form = PaperForm(
        initial={"language": delegate.preferred_language if delegate else "en"},
        file_required=False,
    )
    return render(request, template, paper_form_context(form, forum=forum))


@paper_view
@login_required
def paper_edit(request, paper_id):
    paper, access = paper_for(request, paper_id)
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
        return back(paper, "actions")
    initial = {
        "title": paper.title,
        "abstract": paper.abstract,
        "language": paper.language,
        "keywords": ", ".join(paper.keywords),
    }
    if request.method == "POST":
        if upload_too_large(request):
            return form_failure(
                request,
                template,
                paper_form_context(PaperForm(initial=initial), forum=paper.forum, paper=paper),
                status=413,
                detail=too_large_message(),
                code="file_too_large",
            )
        form = PaperForm(request.POST, request.FILES, initial=initial)
        context = paper_form_context(form, forum=paper.forum, paper=paper)
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
                for message in validation_messages(error):
                    form.add_error(None, message)
            except ServiceError as error:
                form.add_error(None, error.message)
                return form_failure(
                    request,
                    template,
                    context,
                    status=error.status_code,
                    detail=error.message,
                    code=error.code,
                )
            else:
                if request.POST.get("intent") == "submit":
                    submit_after_save(request, paper)
                else:
                    messages.success(
                        request, _("Your changes are saved."), extra_tags="inline paper"
                    )
                return form_success(request, paper.get_absolute_url())
        return form_failure(request, template, context)
    form = PaperForm(initial=initial)
    return render(request, template, paper_form_context(form, forum=paper.forum, paper=paper))
