from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from events import selectors as event_selectors
from events.models import Event
from events.services import delegate_rotate_calendar_token
from forums import ical, selectors, services
from forums.forms import ScheduleFilterForm
from forums.models import Forum, Seat, Session
from plenary.errors import ServiceError


def _visible_event(request, event_slug):
    return get_object_or_404(event_selectors.event_list_visible(user=request.user), slug=event_slug)


def _visible_forum(request, event_slug, forum_slug):
    event = _visible_event(request, event_slug)
    return get_object_or_404(selectors.forum_list(event=event), slug=forum_slug)


def event_detail(request, event_slug):
    event = _visible_event(request, event_slug)
    delegate = event_selectors.delegate_for_user(request.user)
    forums = list(selectors.forum_list(event=event))
    my_seats = {}
    if delegate is not None:
        my_seats = {
            seat.forum_id: seat
            for seat in selectors.seat_list(delegate=delegate).filter(
                forum__event=event, status__in=Seat.ACTIVE
            )
        }
    schedule_filter = ScheduleFilterForm(request.GET, forums=forums)
    sessions = list(
        selectors.sessions_filtered(
            selectors.session_list(event=event), forums=forums, **schedule_filter.filters()
        )
    )
    return render(
        request,
        "forums/event_detail.html",
        {
            "event": event,
            "delegate": delegate,
            "accreditation": event_selectors.accreditation_for(delegate=delegate, event=event),
            "registration_open": event.registration_is_open(),
            "forums": [(forum, my_seats.get(forum.id)) for forum in forums],
            "schedule": selectors.schedule_by_day(sessions, event.zone),
            "schedule_list": selectors.schedule_by_time(sessions, event.zone),
            "schedule_filter": schedule_filter,
            "on_now": selectors.on_now(sessions),
            "feed_url": ical.event_feed_url(event, get_language()),
            "now": timezone.now(),
        },
    )


def _active_seat(delegate, forum):
    if delegate is None:
        return None
    return (
        selectors.seat_list(delegate=delegate, forum=forum).filter(status__in=Seat.ACTIVE).first()
    )


def forum_detail(request, event_slug, forum_slug):
    forum = _visible_forum(request, event_slug, forum_slug)
    delegate = event_selectors.delegate_for_user(request.user)
    seat = None
    accreditation = None
    if delegate is not None:
        seat = _active_seat(delegate, forum)
        accreditation = event_selectors.accreditation_for(delegate=delegate, event=forum.event)
    sessions = selectors.session_list(forum=forum)
    return render(
        request,
        "forums/forum_detail.html",
        {
            "forum": forum,
            "event": forum.event,
            "delegate": delegate,
            "seat": seat,
            "seat_warning": (
                selectors.seat_cancel_warning(delegate=delegate, forum=forum)
                if seat is not None and seat.status == Seat.Status.CONFIRMED
                else None
            ),
            "accreditation": accreditation,
            "session_days": selectors.schedule_days(sessions, forum.event.zone),
            "feed_url": ical.forum_feed_url(forum, get_language()),
        },
    )


def _back_to_forum(forum):
    return redirect(f"{forum.get_absolute_url()}#seat")


@login_required
@require_POST
def seat_take_view(request, event_slug, forum_slug):
    forum = _visible_forum(request, event_slug, forum_slug)
    try:
        seat = services.seat_take(actor=request.user, forum=forum)
    except ServiceError as error:
        messages.error(request, error.message, extra_tags="inline seat")
        return _back_to_forum(forum)
    if seat.status == Seat.Status.CONFIRMED:
        messages.success(request, _("Your seat is confirmed."), extra_tags="inline seat")
    else:
        # Not a success: the delegate has no seat yet.
        message = _("The forum is full: you are number %(position)d on the waiting list.") % {
            "position": seat.position
        }
        messages.warning(request, message, extra_tags="inline seat")
    return _back_to_forum(forum)


@login_required
@require_POST
def seat_cancel_view(request, event_slug, forum_slug):
    forum = _visible_forum(request, event_slug, forum_slug)
    delegate = event_selectors.delegate_for_user(request.user)
    seat = _active_seat(delegate, forum)
    if seat is None:
        messages.error(request, _("You have no seat in this forum."), extra_tags="inline seat")
        return _back_to_forum(forum)
    try:
        services.seat_cancel(actor=request.user, seat=seat)
    except ServiceError as error:
        messages.error(request, error.message, extra_tags="inline seat")
        return _back_to_forum(forum)
    messages.success(request, _("You gave up your place in this forum."), extra_tags="inline seat")
    return _back_to_forum(forum)


def _visible_session(request, event_slug, session_uuid):
    event = _visible_event(request, event_slug)
    session = selectors.session_for_page(event=event, session_uuid=session_uuid)
    if session is None:
        raise Http404
    return session


def session_detail(request, event_slug, session_uuid):
    session = _visible_session(request, event_slug, session_uuid)
    delegate = event_selectors.delegate_for_user(request.user)
    starred = bool(selectors.starred_session_ids(delegate=delegate, sessions=[session]))
    return render(
        request,
        "forums/session_detail.html",
        {
            "session": session,
            "forum": session.forum,
            "event": session.forum.event,
            "delegate": delegate,
            "starred": starred,
            "debate": getattr(session, "debate", None),
            "ics_url": ical.session_ics_url(session, get_language()),
        },
    )


def _back_from_star(request, session):
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = f"{session.get_absolute_url()}#star"
    return redirect(target)


def _star_change(request, event_slug, session_uuid, change, done: str):
    """Star or unstar (``change``: the service) a session, then go back where the form was."""
    session = _visible_session(request, event_slug, session_uuid)
    try:
        change(actor=request.user, session=session)
    except ServiceError as error:
        messages.error(request, error.message, extra_tags="inline star")
    else:
        messages.success(request, done, extra_tags="inline star")
    return _back_from_star(request, session)


@login_required
@require_POST
def session_star_view(request, event_slug, session_uuid):
    return _star_change(
        request, event_slug, session_uuid, services.session_star, _("Added to your agenda.")
    )


@login_required
@require_POST
def session_unstar_view(request, event_slug, session_uuid):
    return _star_change(
        request, event_slug, session_uuid, services.session_unstar, _("Taken off your agenda.")
    )


@login_required
def my_agenda(request):
    delegate = event_selectors.delegate_for_user(request.user)
    days = selectors.agenda(delegate=delegate) if delegate is not None else []
    clashes = sum(1 for day in days for entry in day.entries if entry.clashes)
    return render(
        request,
        "forums/my_agenda.html",
        {"delegate": delegate, "days": days, "clashes": clashes},
    )


@login_required
def me(request):
    delegate = event_selectors.delegate_for_user(request.user)
    accreditations = []
    seats = []
    if delegate is not None:
        accreditations = event_selectors.accreditation_list(user=request.user).filter(
            delegate=delegate
        )
        seats = selectors.seat_list(delegate=delegate).exclude(status=Seat.Status.CANCELLED)
    return render(
        request,
        "events/me.html",
        {
            "delegate": delegate,
            "accreditations": accreditations,
            "seats": seats,
            "feed_url": (ical.delegate_feed_url(delegate, get_language()) if delegate else None),
        },
    )


@login_required
@require_POST
def calendar_token_rotate_view(request):
    delegate = event_selectors.delegate_for_user(request.user)
    if delegate is None:
        raise Http404
    delegate_rotate_calendar_token(delegate=delegate)
    messages.success(
        request,
        _("Your calendar has a new address. The old one no longer works: subscribe again."),
        extra_tags="inline calendar",
    )
    return redirect("/me/#calendar")


# --- Calendar feeds: no login (calendar apps cannot log in), drafts never shown.


def _feed_event(event_slug):
    return get_object_or_404(event_selectors.event_list_visible(user=None), slug=event_slug)


@require_safe
def calendar_event(request, event_slug):
    return ical.feed_response(request, ical.event_feed(_feed_event(event_slug)))


@require_safe
def calendar_forum(request, event_slug, forum_slug):
    event = _feed_event(event_slug)
    forum = get_object_or_404(Forum.objects.select_related("event"), event=event, slug=forum_slug)
    return ical.feed_response(request, ical.forum_feed(forum))


@require_safe
def calendar_delegate(request, token):
    delegate = selectors.delegate_by_calendar_token(token)
    if delegate is None:
        raise Http404
    return ical.feed_response(request, ical.delegate_feed(delegate))


@require_safe
def calendar_session(request, session_uuid):
    session = get_object_or_404(
        Session.objects.select_related("forum__event").exclude(
            forum__event__status=Event.Status.DRAFT
        ),
        uuid=session_uuid,
    )
    return ical.feed_response(request, ical.session_feed(session))
