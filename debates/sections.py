"""What the debates add to the forum and event pages (``plenary.sections``): the texts
adopted there, each with its PDF and Markdown."""

from django.template.loader import render_to_string

from debates.selectors_texts import resolutions_adopted


def _section(request, texts, *, event, show_forum: bool) -> str:
    texts = list(texts)
    if not texts:
        return ""
    return render_to_string(
        "debates/resolutions_section.html",
        {"resolutions": texts, "event": event, "show_forum": show_forum},
        request=request,
    )


def forum_resolutions(request, *, forum, **_objects) -> str:
    texts = resolutions_adopted(user=request.user, forum=forum)
    return _section(request, texts, event=forum.event, show_forum=False)


def event_resolutions(request, *, event, **_objects) -> str:
    texts = resolutions_adopted(user=request.user, event=event)
    return _section(request, texts, event=event, show_forum=True)
