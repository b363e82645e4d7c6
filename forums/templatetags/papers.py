"""Position papers on pages that other parts of the site own: the forum page and /me/."""

from django import template
from django.utils import timezone

from forums.papers import selectors
from forums.papers.models import PaperStatus

register = template.Library()

BADGES = {
    PaperStatus.DRAFT: "badge",
    PaperStatus.SUBMITTED: "badge badge-info",
    PaperStatus.UNDER_REVIEW: "badge badge-info",
    PaperStatus.REVISIONS_REQUESTED: "badge badge-warn",
    PaperStatus.ACCEPTED: "badge badge-ok",
    PaperStatus.REJECTED: "badge badge-danger",
    PaperStatus.WITHDRAWN: "badge",
}


@register.filter
def paper_badge(status: str) -> str:
    return BADGES.get(status, "badge")


@register.inclusion_tag("forums/papers/forum_section.html", takes_context=True)
def forum_papers(context, forum):
    """The call for papers and the accepted papers of a forum."""
    request = context["request"]
    user = request.user
    delegate = selectors.delegate_of_user(user)
    own = []
    if delegate is not None:
        own = list(selectors.paper_list_of_organization(delegate=delegate).filter(forum=forum))
    return {
        "request": request,
        "user": user,
        "forum": forum,
        "event": forum.event,
        "papers": selectors.accepted_papers(forum=forum),
        "own_papers": own,
        "call_open": forum.call_is_open(),
        "call_upcoming": forum.has_call
        and not forum.call_is_open()
        and not forum.call_has_closed(),
        "is_chair": selectors.user_is_chair(user, forum),
        "is_delegate": delegate is not None,
        "now": timezone.now(),
    }


@register.inclusion_tag("forums/papers/me_section.html", takes_context=True)
def my_papers_section(context, delegate):
    """The papers of a delegate and their organization, for /me/."""
    return {
        "request": context["request"],
        "papers": selectors.paper_list_of_organization(delegate=delegate) if delegate else [],
    }
