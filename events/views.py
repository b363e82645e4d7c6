from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from events import selectors


def home(request):
    events = selectors.event_list_upcoming(user=request.user)
    return render(request, "events/home.html", {"events": events})


def event_detail(request, slug):
    event = get_object_or_404(selectors.event_list_visible(user=request.user), slug=slug)
    return render(request, "events/event_detail.html", {"event": event})


@login_required
def me(request):
    delegate = selectors.delegate_for_user(request.user)
    return render(request, "events/me.html", {"delegate": delegate})
