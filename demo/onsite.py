"""On site at the Annual Meeting: a badge for every accredited delegate (three names in
their own script: Chinese, Arabic, Greek), the entrance and a room per forum with their
doors, a door-staff login (``doors``), a morning of scans at the entrance and, in each
forum's room, two of every three delegates with a seat (the chair of the live debate
sees them by the doors)."""

import datetime
import uuid

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.utils import timezone

from demo import Demo
from demo.data import DEMO_PASSWORD
from events.models import Accreditation
from forums.models import Seat
from onsite import services
from onsite.badges.prints import badge_code
from onsite.models import Badge, CheckInList, Door, Scan

# The name on the badge, in its own script; the Latin one is the account's.
NATIVE_NAMES = {
    "mei": "陈美",
    "fatima": "فاطمة بنعلي",
    "elena": "Έλενα Παπαδοπούλου",
}
DOOR_STAFF = "doors"
# Scans made again on a second load have the same ids: they are recorded once.
SCAN_NAMESPACE = uuid.UUID("6f1c3a52-0b8e-4c61-9d4f-2a7e5b9c0d13")


def seed(demo: Demo) -> None:
    event = demo.events["annual"]
    secretariat = demo.people["secretariat"].user
    if not Badge.objects.filter(accreditation__event=event).exists():
        for accreditation in (
            Accreditation.objects.filter(event=event, status=Accreditation.Status.APPROVED)
            .select_related("delegate__user")
            .order_by("pk")
        ):
            username = accreditation.delegate.user.username
            native = NATIVE_NAMES.get(username)
            services.badge_issue(
                actor=secretariat,
                accreditation=accreditation,
                name=native,
                latin_name=accreditation.delegate.display_name if native else None,
            )
    rooms = []
    entrance, _created = CheckInList.objects.get_or_create(
        event=event, name="Main entrance", defaults={"requires_seat": False}
    )
    for name in ("North door", "South door"):
        Door.objects.get_or_create(checkin_list=entrance, name=name)
    for (event_key, _slug), forum in sorted(demo.forums.items()):
        if event_key == "annual":
            room, _created = CheckInList.objects.get_or_create(
                event=event, forum=forum, name=forum.title
            )
            Door.objects.get_or_create(checkin_list=room, name="Main door")
            rooms.append(room)
    staff = _door_staff()
    _morning(entrance, staff)
    for room in rooms:
        _into_the_room(room, staff)


def _door_staff():
    user_model = get_user_model()
    user = user_model.objects.filter(username=DOOR_STAFF).first()
    if user is None:
        user = user_model.objects.create_user(
            username=DOOR_STAFF,
            password=DEMO_PASSWORD,
            first_name="Door",
            last_name="Staff",
            email=f"{DOOR_STAFF}@demo.plenary.invalid",
        )
        user.user_permissions.add(Permission.objects.get(codename="scan_badges"))
    return user_model.objects.get(pk=user.pk)


def _morning(entrance: CheckInList, staff) -> None:
    """Arrivals over the last three hours at both doors, a few coffee breaks outside,
    and one delegate who left for good."""
    if Scan.objects.filter(checkin_list=entrance).exists():
        return
    doors = list(entrance.doors.order_by("name"))
    start = timezone.now() - datetime.timedelta(hours=3)
    badges = list(
        Badge.objects.filter(accreditation__event=entrance.event, revoked_at__isnull=True)
        .select_related("accreditation")
        .order_by("accreditation_id")
    )
    for index, badge in enumerate(badges):
        code = badge_code(badge)
        arrived = start + datetime.timedelta(minutes=(index * 7) % 150)
        moves = [("entry", arrived)]
        if index % 5 == 2:
            moves += [
                ("exit", arrived + datetime.timedelta(minutes=20)),
                ("entry", arrived + datetime.timedelta(minutes=35)),
            ]
        if index % 9 == 4:
            moves.append(("exit", arrived + datetime.timedelta(minutes=25)))
        for number, (direction, at) in enumerate(moves):
            services.scan_record(
                actor=staff,
                checkin_list=entrance,
                scan_id=uuid.uuid5(SCAN_NAMESPACE, f"{badge.accreditation_id}-{number}"),
                direction=direction,
                scanned_at=min(at, timezone.now()),
                code=code,
                door=doors[index % len(doors)],
            )


def _into_the_room(room: CheckInList, staff) -> None:
    """Two of every three delegates with a seat in the room's forum, scanned in at its door."""
    if Scan.objects.filter(checkin_list=room).exists():
        return
    door = room.doors.order_by("name").first()
    seated = Seat.objects.filter(forum=room.forum, status=Seat.Status.CONFIRMED).values_list(
        "delegate_id", flat=True
    )
    badges = (
        Badge.objects.filter(
            accreditation__event=room.event,
            accreditation__delegate_id__in=seated,
            revoked_at__isnull=True,
        )
        .select_related("accreditation")
        .order_by("accreditation_id")
    )
    for index, badge in enumerate(badges):
        if index % 3 == 2:
            continue
        services.scan_record(
            actor=staff,
            checkin_list=room,
            scan_id=uuid.uuid5(SCAN_NAMESPACE, f"{room.pk}-{badge.accreditation_id}"),
            direction="entry",
            scanned_at=timezone.now() - datetime.timedelta(minutes=30 - index % 30),
            code=badge_code(badge),
            door=door,
        )
