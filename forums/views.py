from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from config.errors import ServiceError
from events import selectors as event_selectors
from forums import selectors, services
from forums.models import Seat


def _visible_event(request, event_slug):
    return get_object_or_404(event_selectors.event_list_visible(user=request.user), slug=event_slug)


def _visible_forum(request, event_slug, forum_slug):
    event = _visible_event(request, event_slug)
    return get_object_or_404(selectors.forum_list(event=event), slug=forum_slug)


def event_detail(request, event_slug):
    event = _visible_event(request, event_slug)
    delegate = event_selectors.delegate_for_user(request.user)
    forums = selectors.forum_list(event=event)
    my_seats = {}
    if delegate is not None:
        my_seats = {
            seat.forum_id: seat
            for seat in selectors.seat_list(delegate=delegate).filter(
                forum__event=event, status__in=Seat.ACTIVE
            )
        }
    return render(
        request,
        "forums/event_detail.html",
        {
            "event": event,
            "delegate": delegate,
            "accreditation": event_selectors.accreditation_for(delegate=delegate, event=event),
            "registration_open": event.registration_is_open(),
            "forums": [(forum, my_seats.get(forum.id)) for forum in forums],
        },
    )


def forum_detail(request, event_slug, forum_slug):
    forum = _visible_forum(request, event_slug, forum_slug)
    delegate = event_selectors.delegate_for_user(request.user)
    seat = None
    accreditation = None
    if delegate is not None:
        seat = (
            selectors.seat_list(delegate=delegate, forum=forum)
            .filter(status__in=Seat.ACTIVE)
            .first()
        )
        accreditation = event_selectors.accreditation_for(delegate=delegate, event=forum.event)
    return render(
        request,
        "forums/forum_detail.html",
        {
            "forum": forum,
            "event": forum.event,
            "delegate": delegate,
            "seat": seat,
            "accreditation": accreditation,
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
        message = _("Your seat is confirmed.")
    else:
        message = _("The forum is full: you are number %(position)d on the waiting list.") % {
            "position": seat.position
        }
    messages.success(request, message, extra_tags="inline seat")
    return _back_to_forum(forum)


@login_required
@require_POST
def seat_cancel_view(request, event_slug, forum_slug):
    forum = _visible_forum(request, event_slug, forum_slug)
    delegate = event_selectors.delegate_for_user(request.user)
    seat = (
        Seat.objects.filter(delegate=delegate, forum=forum, status__in=Seat.ACTIVE).first()
        if delegate
        else None
    )
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
        {"delegate": delegate, "accreditations": accreditations, "seats": seats},
    )
