from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from debates import selectors
from debates.minutes import minutes_build, minutes_markdown
from debates.models import Debate


def _debate_for(request, debate_id) -> tuple[Debate, str]:
    debate = get_object_or_404(Debate.objects.select_related("forum__event"), pk=debate_id)
    role = selectors.role_for(request.user, debate)
    if role is None:
        raise Http404
    return debate, role


def room(request, debate_id):
    debate, role = _debate_for(request, debate_id)
    return render(
        request,
        "debates/room.html",
        {
            "debate": debate,
            "role": role,
            "state": debate.state,
            "view": "projector" if request.GET.get("view") == "projector" else "room",
        },
    )


def minutes(request, debate_id, fmt="html"):
    debate, _role = _debate_for(request, debate_id)
    if debate.status != Debate.Status.CLOSED:
        message = _("Minutes are published when the debate closes.")
        if fmt == "json":
            return JsonResponse({"detail": message, "code": "not_closed"}, status=404)
        return render(
            request,
            "debates/minutes_pending.html",
            {"debate": debate, "message": message},
            status=404,
        )
    data = minutes_build(debate)
    if fmt == "json":
        return JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    if fmt == "md":
        response = HttpResponse(minutes_markdown(data), content_type="text/markdown; charset=utf-8")
        response["Content-Disposition"] = f'inline; filename="debate-{debate.pk}-minutes.md"'
        return response
    return render(request, "debates/minutes.html", {"debate": debate, "minutes": data})
