"""What the paper pages share: finding the paper and the caller's access, answering a
form (as a page, or as JSON for the upload script), and the messages of refusals."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from events import selectors as event_selectors
from forums.models import Forum
from papers import selectors, services
from papers.models import PaperStatus, PositionPaper
from papers.pdf import too_large_message
from plenary.errors import ServiceError

S = PaperStatus
# Room for the text fields of the form next to the file.
FORM_OVERHEAD_BYTES = 256 * 1024


def wants_json(request) -> bool:
    return request.headers.get("X-Requested-With") == "XMLHttpRequest"


def upload_too_large(request) -> bool:
    """Refuse an oversized upload from its Content-Length, before reading the body."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return length > settings.PAPER_MAX_BYTES + FORM_OVERHEAD_BYTES


def visible_forum(request, event_slug, forum_slug) -> Forum:
    event = get_object_or_404(
        event_selectors.event_list_visible(user=request.user), slug=event_slug
    )
    return get_object_or_404(Forum.objects.select_related("event"), event=event, slug=forum_slug)


def paper_for(request, paper_id):
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
            raise LoginRequired
        raise Http404
    return paper, access


class LoginRequired(Exception):
    pass


def paper_view(view):
    """Anonymous visitors of a paper that is not public are sent to log in."""

    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except LoginRequired:
            return redirect_to_login(request.get_full_path())

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def back(paper, anchor=""):
    return redirect(f"{paper.get_absolute_url()}{'#' + anchor if anchor else ''}")


def refused(request, paper, error: ServiceError, anchor="actions"):
    messages.error(request, error.message, extra_tags="inline paper")
    return back(paper, anchor)


def act(request, paper, call, *, done: str, anchor="actions"):
    """Run ``call`` (a service) for a form of the paper's page; back on the page, its
    refusal or ``done`` is shown above ``anchor``."""
    try:
        call()
    except ValidationError as error:
        return refused(request, paper, ServiceError(validation_messages(error)[0]), anchor)
    except ServiceError as error:
        return refused(request, paper, error, anchor)
    messages.success(request, done, extra_tags="inline paper")
    return back(paper, anchor)


def validation_messages(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [message for messages_ in error.message_dict.values() for message in messages_]
    return list(error.messages)


def form_failure(request, template, context, *, status=400, detail=None, code="invalid"):
    if wants_json(request):
        form = context.get("form")
        errors = {field: list(errs) for field, errs in form.errors.items()} if form else {}
        if detail is None and errors:
            detail = next(iter(errors.values()))[0]
        return JsonResponse(
            {"detail": detail or _("Check the form."), "code": code, "errors": errors},
            status=status,
        )
    return render(request, template, context, status=status)


def is_file_refusal(error: ServiceError) -> bool:
    return error.code == "not_a_pdf" or error.code.startswith(("pdf_", "file_"))


def form_success(request, url):
    if wants_json(request):
        return JsonResponse({"redirect": url})
    return redirect(url)


def paper_form_context(form, *, forum, paper=None):
    return {
        "form": form,
        "forum": forum,
        "event": forum.event,
        "paper": paper,
        "max_bytes": settings.PAPER_MAX_BYTES,
        "too_large_message": too_large_message(),
    }


def submit_after_save(request, paper):
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
