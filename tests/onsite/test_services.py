"""Badges issued and reprinted, and scans at the doors: accepted, already inside, replayed,
refused with their reason, each counted once."""

import datetime
import uuid
import zoneinfo

import pytest
from django.utils import timezone

from onsite import selectors, services
from onsite.badges.prints import badge_code
from onsite.models import Badge, Scan
from plenary.errors import Conflict, NotAllowed, ServiceError
from tests.factories import (
    AccreditationFactory,
    CheckInListFactory,
    DelegateFactory,
    EventFactory,
    ForumFactory,
    SeatFactory,
)

pytestmark = pytest.mark.django_db


def scan(
    actor, checkin_list, *, code=None, accreditation_id=None, direction="entry", at=None, **kw
):
    return services.scan_record(
        actor=actor,
        checkin_list=checkin_list,
        scan_id=kw.pop("scan_id", None) or uuid.uuid4(),
        direction=direction,
        scanned_at=at or timezone.now(),
        code=code,
        accreditation_id=accreditation_id,
        **kw,
    )


def test_a_badge_names_the_delegate_in_latin_letters_only_when_the_name_is_not(event, secretariat):
    chinese = AccreditationFactory(
        event=event, delegate=DelegateFactory(user__first_name="芳", user__last_name="王")
    )
    latin = AccreditationFactory(event=event)
    mei = AccreditationFactory(
        event=event, delegate=DelegateFactory(user__first_name="Mei", user__last_name="Chen")
    )

    first = services.badge_issue(actor=secretariat, accreditation=chinese, name="王芳")
    second = services.badge_issue(actor=secretariat, accreditation=latin)
    third = services.badge_issue(actor=secretariat, accreditation=mei, name="陈美")

    assert (first.name, first.latin_name, first.version, first.role) == (
        "王芳",
        "WangFang",
        1,
        "delegate",
    )
    assert second.latin_name == ""
    assert (third.name, third.latin_name) == ("陈美", "Mei Chen")
    assert second.expires_at.date() == event.end_date + datetime.timedelta(days=1)


def test_a_reprint_revokes_the_badge_before_it(badge, secretariat):
    reprint = services.badge_issue(actor=secretariat, accreditation=badge.accreditation)

    badge.refresh_from_db()
    assert reprint.version == 2
    assert badge.revoked_at is not None
    assert list(Badge.objects.filter(revoked_at__isnull=True)) == [reprint]


def test_only_the_secretariat_issues_badges_and_only_for_an_approved_accreditation(
    event, secretariat, delegate
):
    pending = AccreditationFactory(event=event, status="pending")

    with pytest.raises(NotAllowed):
        services.badge_issue(actor=delegate.user, accreditation=pending)
    with pytest.raises(Conflict) as refused:
        services.badge_issue(actor=secretariat, accreditation=pending)
    assert refused.value.code == "not_accredited"


def test_issuing_the_missing_badges_leaves_the_ones_printed_alone(event, secretariat, badge):
    AccreditationFactory(event=event)
    AccreditationFactory(event=event, status="pending")

    issued = services.badges_issue_missing(actor=secretariat, event=event)

    assert len(issued) == 1
    assert Badge.objects.filter(accreditation__event=event).count() == 2


def test_a_door_scan_then_a_rescan_is_one_entry_already_inside_since_the_first(
    badge, door_staff, entrance, north_door
):
    code = badge_code(badge)
    nine = timezone.now() - datetime.timedelta(minutes=30)

    first = scan(door_staff, entrance, code=code, at=nine, door=north_door)
    again = scan(door_staff, entrance, code=code)

    assert (first.scan.outcome, first.message) == ("accepted", "Welcome.")
    assert again.scan.outcome == "already_inside"
    assert again.inside_since == nine
    madrid = zoneinfo.ZoneInfo(entrance.event.time_zone)  # the event's clock, not the server's
    assert again.message == f"Already inside since {timezone.localtime(nine, madrid):%H:%M}."
    assert selectors.inside(entrance.pk) == {badge.accreditation_id: nine}


def test_a_scan_sent_twice_is_recorded_once_and_answers_the_same(badge, door_staff, entrance):
    scan_id = uuid.uuid4()
    code = badge_code(badge)

    first = scan(door_staff, entrance, code=code, scan_id=scan_id)
    second = scan(door_staff, entrance, code=code, scan_id=scan_id)

    assert (first.replayed, second.replayed) == (False, True)
    assert second.scan.pk == first.scan.pk
    assert second.scan.outcome == "accepted"
    assert Scan.objects.count() == 1


def test_a_scan_id_used_at_another_list_is_refused(badge, door_staff, entrance, event):
    scan_id = uuid.uuid4()
    scan(door_staff, entrance, code=badge_code(badge), scan_id=scan_id)

    with pytest.raises(Conflict) as refused:
        scan(door_staff, CheckInListFactory(event=event), code="PL:X", scan_id=scan_id)
    assert refused.value.code == "scan_id_reused"


def test_an_exit_takes_the_delegate_out_and_a_new_entry_counts_again(badge, door_staff, entrance):
    code = badge_code(badge)
    start = timezone.now() - datetime.timedelta(hours=2)

    scan(door_staff, entrance, code=code, at=start)
    scan(door_staff, entrance, code=code, direction="exit", at=start + datetime.timedelta(hours=1))
    back = scan(door_staff, entrance, code=code)

    assert back.scan.outcome == "accepted"
    assert Scan.objects.filter(outcome="accepted", direction="entry").count() == 2


def test_the_badge_before_a_reprint_is_refused_at_the_door(
    badge, secretariat, door_staff, entrance
):
    old = badge_code(badge)
    services.badge_issue(actor=secretariat, accreditation=badge.accreditation)

    refused = scan(door_staff, entrance, code=old)

    assert (refused.scan.outcome, refused.scan.reason) == ("refused", "revoked")
    assert refused.message == "This badge was replaced by a reprint: ask for the new one."
    assert selectors.inside(entrance.pk) == {}


def test_another_events_badge_is_refused_as_foreign(secretariat, door_staff, entrance):
    elsewhere = services.badge_issue(
        actor=secretariat, accreditation=AccreditationFactory(event=EventFactory())
    )

    refused = scan(door_staff, entrance, code=badge_code(elsewhere))

    assert (refused.scan.reason, refused.message) == (
        "foreign_event",
        "This badge is for another event.",
    )


def test_a_cancelled_accreditation_is_refused_with_its_badge(badge, door_staff, entrance):
    badge.accreditation.status = "cancelled"
    badge.accreditation.save()

    refused = scan(door_staff, entrance, code=badge_code(badge))

    assert refused.scan.reason == "not_accredited"


def test_a_forum_room_that_requires_a_seat_refuses_one_without(badge, door_staff, event):
    forum = ForumFactory(event=event)
    room = CheckInListFactory(event=event, forum=forum, requires_seat=True)
    open_room = CheckInListFactory(event=event, forum=forum, requires_seat=False)

    refused = scan(door_staff, room, code=badge_code(badge))
    SeatFactory(delegate=badge.accreditation.delegate, forum=forum, status="confirmed")
    admitted = scan(door_staff, room, code=badge_code(badge))

    assert refused.scan.reason == "no_seat"
    assert admitted.scan.outcome == "accepted"
    assert scan(door_staff, open_room, code=badge_code(badge)).scan.outcome == "accepted"


def test_a_delegate_found_by_name_is_checked_in_by_hand(badge, door_staff, entrance):
    found = selectors.accreditation_search(
        checkin_list=entrance, query=badge.accreditation.delegate.user.last_name
    )

    result = scan(door_staff, entrance, accreditation_id=found[0].pk)

    assert list(found) == [badge.accreditation]
    assert (result.scan.outcome, result.scan.manual, result.scan.badge) == ("accepted", True, None)


def test_only_door_staff_scan_and_a_clock_in_the_future_is_refused(
    badge, delegate, door_staff, entrance
):
    with pytest.raises(NotAllowed):
        scan(delegate.user, entrance, code=badge_code(badge))
    with pytest.raises(ServiceError) as refused:
        scan(door_staff, entrance, code="PL:X", at=timezone.now() + datetime.timedelta(hours=1))
    assert refused.value.code == "clock"
    assert Scan.objects.count() == 0


def test_the_chair_sees_who_is_in_the_room_and_who_is_present_remotely(
    event, secretariat, door_staff
):
    forum = ForumFactory(event=event)
    hall = CheckInListFactory(event=event, forum=forum)
    here, remote, outside = (AccreditationFactory(event=event) for _ in range(3))
    for accreditation in (here, remote, outside):
        SeatFactory(delegate=accreditation.delegate, forum=forum, status="confirmed")
    scan(door_staff, hall, accreditation_id=here.pk)

    presence = selectors.presence(
        forum_id=forum.pk, present_delegate_ids=[here.delegate_id, remote.delegate_id]
    )

    assert (presence.in_room, presence.remote) == (1, 1)
    assert presence.in_room_ids == {here.delegate_id}
