from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from debates import amending, selectors, services
from debates.events_texts import translated
from debates.forms import AmendmentForm
from debates.minutes import minutes_build, minutes_markdown, minutes_present
from debates.models import (
    AgendaItemStatus,
    AmendmentStatus,
    Choice,
    Debate,
    DraftText,
    DraftTextStatus,
    FloorKind,
    Majority,
    MotionStatus,
    TextLanguage,
    VotingRule,
)
from debates.protocol import REACTIONS
from debates.protocol.commands import LIFECYCLE
from debates.resolutions import (
    LANGUAGE_NAMES,
    agenda_present,
    resolution_markdown,
    text_present,
)
from debates.selectors_texts import amendment_refusal, translations_pending
from events.models import Region
from events.selectors import delegate_for_user
from forums.models import Seat
from onsite.selectors import room_tracked
from plenary.errors import ServiceError
from plenary.pdf import markdown_pdf

REACTION_NAMES = {
    "👏": gettext_lazy("Applause"),
    "👍": gettext_lazy("Agree"),
    "❤️": gettext_lazy("Love it"),
    "😮": gettext_lazy("Surprised"),
    "🤔": gettext_lazy("Thinking"),
    "🙌": gettext_lazy("Celebrate"),
}


class _SignInFirst(Exception):
    pass


def _debate_for(request, debate_id) -> tuple[Debate, str]:
    debate = get_object_or_404(
        selectors.debate_list_visible(user=request.user, listing=False), pk=debate_id
    )
    role = selectors.role_for(request.user, debate)
    if role is None:
        if not request.user.is_authenticated:
            raise _SignInFirst
        raise Http404
    return debate, role


def _chair_config(debate: Debate) -> dict:
    """What the chair's console needs to run a roll call and show the roll: the delegates
    with a confirmed seat, what a vote of one ballot per member would count on now, and
    where to ask who is in the room by its doors (when its doors count)."""
    seats = (
        Seat.objects.filter(forum_id=debate.forum_id, status=Seat.Status.CONFIRMED)
        .select_related("delegate__user", "delegate__organization")
        .order_by("delegate__organization__short_name", "delegate__user__last_name", "delegate_id")
    )
    roll = services.roll_of(debate, VotingRule.PER_ORGANIZATION)
    doors = None
    if room_tracked(forum_id=debate.forum_id):
        doors = f"{reverse('api:presence')}?forum={debate.forum_id}"
    return {
        "doors": doors,
        "seated": [
            {
                "id": seat.delegate_id,
                "name": seat.delegate.display_name,
                "organization": {
                    "id": seat.delegate.organization_id,
                    "short_name": seat.delegate.organization.short_name,
                    "region": seat.delegate.organization.region,
                },
            }
            for seat in seats
        ],
        "roll": {
            "present": roll.present,
            "represented": roll.represented,
            "members": roll.members,
            "roll_call": roll.roll_call.pk if roll.roll_call else None,
        },
    }


def _room_config(request, debate: Debate, role: str, view: str) -> dict:
    """What the room's script needs besides the state: where to connect, and the
    translated names of the protocol's values."""
    config = {
        "debate": debate.pk,
        "socket": f"/ws/debates/{debate.pk}/",
        "view": view,
        "role": role,
        "signed_in": request.user.is_authenticated,
        "login_url": f"{reverse('login')}?next={request.path}",
        "minutes_url": reverse("debate-minutes", kwargs={"debate_id": debate.pk}),
        # The page of a text: the script puts the open item's text id in place of the 0.
        "text_url": reverse("debate-text", kwargs={"debate_id": debate.pk, "text_id": 0}),
        "reactions": list(REACTIONS),
        # Which buttons to offer: the same tables and commands the services check.
        "lifecycle": {
            name: [list(sources), target] for name, (sources, target) in LIFECYCLE.items()
        },
        "transitions": {
            "debate": services.DEBATE_TRANSITIONS.as_list(),
            "motion": services.MOTION_TRANSITIONS.as_list(),
            "question": services.QUESTION_TRANSITIONS.as_list(),
            "election": services.ELECTION_TRANSITIONS.as_list(),
            "agenda_item": services.AGENDA_ITEM_TRANSITIONS.as_list(),
            "amendment": services.AMENDMENT_TRANSITIONS.as_list(),
        },
        # The roles that may send commands that are no move of a machine.
        "commands": {"voting_order.override": sorted(services.VOTING_ORDER_ROLES)},
        # The whole agenda (the state holds the items opened so far) and the language
        # its texts are read in.
        "agenda": [
            {"id": item.pk, "position": item.position, "title": translated(item, "title")}
            for item in debate.agenda_items.order_by("position", "pk")
        ],
        "reading_language": _reading_language(request),
        "labels": {
            "status": dict(Debate.Status.choices),
            "region": dict(Region.choices),
            "kind": dict(FloorKind.choices),
            "motion": dict(MotionStatus.choices),
            "choice": dict(Choice.choices),
            "rule": dict(VotingRule.choices),
            "majority": dict(Majority.choices),
            "language": dict(TextLanguage.choices),
            "amendment": dict(AmendmentStatus.choices),
            "agenda": dict(AgendaItemStatus.choices),
            "text": dict(DraftTextStatus.choices),
        },
    }
    if role == selectors.CHAIR and view != "projector":
        config.update(_chair_config(debate))
    return config


def room(request, debate_id):
    """The live room: a server-rendered snapshot that the modules of static/js/room/ keep
    live over the WebSocket (docs/protocol.md). ``?view=projector`` shows speaker, timer
    and votes large, without controls."""
    try:
        debate, role = _debate_for(request, debate_id)
    except _SignInFirst:
        return redirect_to_login(request.get_full_path())
    view = "projector" if request.GET.get("view") == "projector" else "room"
    return render(
        request,
        "debates/room.html",
        {
            "debate": debate,
            "role": role,
            "state": debate.state,
            "seq": debate.seq,
            "view": view,
            "config": _room_config(request, debate, role, view),
            "snapshot": {"seq": debate.seq, "state": debate.state},
            "regions": Region.choices,
            "reactions": [(emoji, REACTION_NAMES.get(emoji, emoji)) for emoji in REACTIONS],
            "idle_clock": f"{debate.speaking_seconds // 60}:{debate.speaking_seconds % 60:02d}",
            "can_ask": request.user.is_authenticated
            and (role != selectors.OBSERVER or debate.observers_may_ask),
            "agenda": agenda_present(debate.state, _reading_language(request)),
            "speech_languages": TextLanguage.choices,
            "speech_language": _speech_language(request),
        },
    )


def _speech_language(request) -> str:
    """What the "I will speak in" choice starts at: the delegate's first language of the
    association's, or the page's."""
    delegate = delegate_for_user(request.user)
    if delegate is not None:
        return delegate.preferred_language
    return _reading_language(request)


def minutes(request, debate_id, fmt="html"):
    try:
        debate, _role = _debate_for(request, debate_id)
    except _SignInFirst:
        if fmt == "json":
            message = _("Sign in to read these minutes.")
            return JsonResponse({"detail": message, "code": "not_authenticated"}, status=401)
        return redirect_to_login(request.get_full_path())
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
    if fmt == "pdf":
        body = markdown_pdf(minutes_markdown(data), title=debate.title, footer=debate.title)
        return _pdf(body, f"debate-{debate.pk}-minutes.pdf")
    return render(
        request,
        "debates/minutes.html",
        {
            "debate": debate,
            "minutes": minutes_present(data, language=_reading_language(request)),
        },
    )


def _pdf(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _text_in(debate: Debate, text_id: int) -> dict:
    text = next((t for t in debate.state.get("texts", []) if t["id"] == text_id), None)
    if text is None:
        raise Http404
    return text


def _reading_language(request) -> str:
    wanted = request.GET.get("lang") or translation.get_language() or "en"
    return wanted[:2] if wanted[:2] in amending.LANGUAGES else "en"


def text_page(request, debate_id, text_id, fmt="html"):
    """A text under debate, read paragraph by paragraph with line numbers in one's
    language, with its amendments and the voting order, and for delegates and the chair
    the form to propose an amendment; once adopted, the resolution in its three languages
    (also as Markdown)."""
    try:
        debate, role = _debate_for(request, debate_id)
    except _SignInFirst:
        return redirect_to_login(request.get_full_path())
    text = _text_in(debate, text_id)
    shown = text_present(text, debate.state.get("votes", []), _reading_language(request))
    if fmt in ("md", "pdf"):
        if text["status"] != "adopted":
            raise Http404
        body = resolution_markdown(shown, debate_title=debate.title)
        if fmt == "pdf":
            pdf = markdown_pdf(body, title=shown["title"], footer=debate.title)
            return _pdf(pdf, f"resolution-{text_id}.pdf")
        response = HttpResponse(body, content_type="text/markdown; charset=utf-8")
        response["Content-Disposition"] = f'inline; filename="resolution-{text_id}.md"'
        return response
    amending_closed = amendment_refusal(debate=debate, text=text, role=role)
    form = None
    if amending_closed is None:
        form = AmendmentForm(
            request.POST if request.method == "POST" else None,
            paragraphs=shown["numbered"],
            initial={"version": text["version"], "language": shown["language"]},
        )
    if request.method == "POST":
        if form is None:
            return HttpResponse(amending_closed or _("You may not amend this text."), status=403)
        if form.is_valid():
            try:
                amendment = services.amendment_submit(
                    actor=request.user,
                    debate_id=debate.pk,
                    text_id=text["id"],
                    version=form.cleaned_data["version"],
                    language=form.cleaned_data["language"],
                    reason=form.cleaned_data["reason"],
                    operations=form.operations(),
                )
            except ServiceError as refused:
                form.add_error(None, refused.message)
            else:
                messages.success(
                    request,
                    _(
                        "Amendment %(number)d is submitted. Its other language versions are "
                        "marked translation needed."
                    )
                    % {"number": amendment.pk},
                )
                return redirect(f"{request.path}#amendment-{amendment.pk}")
    return render(
        request,
        "debates/text.html",
        {
            "debate": debate,
            "text": shown,
            "is_chair": role == selectors.CHAIR,
            "is_translator": services.is_translator(request.user),
            "reading_languages": list(LANGUAGE_NAMES.items()),
            "amendment_form": form,
            "amending_closed": amending_closed,
        },
        status=400 if form is not None and form.errors else 200,
    )


def text_translate(request, debate_id, text_id):
    """The translators' view: each language version of the text and of its amendments
    still to sign off, with the words to fill in."""
    try:
        debate, _role = _debate_for(request, debate_id)
    except _SignInFirst:
        return redirect_to_login(request.get_full_path())
    if not services.is_translator(request.user):
        raise Http404
    draft = get_object_or_404(DraftText, pk=text_id, item__debate=debate)
    error = None
    if request.method == "POST":
        language = request.POST.get("language", "")
        amendment = request.POST.get("amendment") or None
        count = request.POST.getlist("words")
        if amendment is None:
            keys = request.POST.getlist("key")
            texts = dict(zip(keys, count, strict=False))
        else:
            kinds = request.POST.getlist("kind")
            texts = [
                None if kind == "delete" else words
                for kind, words in zip(kinds, count, strict=False)
            ]
        try:
            services.translation_sign(
                actor=request.user,
                debate_id=debate.pk,
                text_id=draft.pk,
                language=language,
                texts=texts,
                amendment_id=int(amendment) if amendment and amendment.isdigit() else None,
            )
        except ServiceError as refused:
            error = refused.message
        else:
            return redirect(request.path)
    return render(
        request,
        "debates/translate.html",
        {"debate": debate, "draft": draft, "pending": translations_pending(draft), "error": error},
        status=400 if error else 200,
    )
