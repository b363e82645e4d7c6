"""Reviewers' and chairs' pages: the review queue and the decision board."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse

from events.selectors import delegate_for_user
from papers import selectors
from papers.models import PositionPaper
from papers.views.common import (
    S,
    visible_forum,
)


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
    forum = visible_forum(request, event_slug, forum_slug)
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
