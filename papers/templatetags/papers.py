"""Template helpers for position papers."""

from django import template

from papers.models import PaperStatus

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
