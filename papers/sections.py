"""What the papers app adds to pages of other apps (registered in ``PapersConfig.ready``):
the call for papers and accepted papers on the forum page, the papers a session hosts on
its page, "my papers" on /me/."""

from django.template.loader import render_to_string
from django.utils import timezone

from events.selectors import delegate_for_user
from papers import selectors


def forum_papers(request, *, forum, **_objects) -> str:
    """The call for papers and the accepted papers of a forum."""
    user = request.user
    delegate = delegate_for_user(user)
    own = []
    if delegate is not None:
        own = list(selectors.paper_list_of_organization(delegate=delegate).filter(forum=forum))
    context = {
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
        "refusal": selectors.submission_refusal(user=user, forum=forum)
        if delegate is not None and forum.has_call
        else None,
        "now": timezone.now(),
    }
    return render_to_string("papers/forum_section.html", context, request=request)


def my_papers(request, *, delegate, **_objects) -> str:
    """The papers of a delegate and their organization, for /me/."""
    papers = selectors.paper_list_of_organization(delegate=delegate) if delegate else []
    return render_to_string("papers/me_section.html", {"papers": papers}, request=request)


def session_papers(request, *, session, **_objects) -> str:
    """The papers a session hosts: for a debate, every accepted paper of its forum (their
    authors take part in it); otherwise those its speakers wrote."""
    papers = selectors.session_papers(session=session)
    if not papers:
        return ""
    return render_to_string(
        "papers/session_section.html", {"papers": papers, "session": session}, request=request
    )
