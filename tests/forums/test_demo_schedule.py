import pytest
from django.core.management import call_command
from django.utils import timezone

from forums.models import Forum, Room, Session

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]


def test_seed_demo_fills_a_three_day_schedule_for_every_forum():
    call_command("seed_demo", stdout=None)
    counts = (Room.objects.count(), Session.objects.count())

    forums = Forum.objects.select_related("event")
    assert {forum.event.slug for forum in forums} == {"annual-meeting", "world-congress"}
    for forum in forums:
        sessions = list(forum.sessions.all())
        days = {timezone.localtime(s.starts_at, forum.event.zone).date() for s in sessions}
        assert len(days) == 3, forum
        assert {s.kind for s in sessions} >= {"panel", "workshop", "break", "debate"}
        assert all(s.room is not None and s.room.event_id == forum.event_id for s in sessions)
    for slug in ("annual-meeting", "world-congress"):
        event_sessions = Session.objects.filter(forum__event__slug=slug)
        assert event_sessions.filter(status="cancelled").count() == 1
        assert event_sessions.filter(kind="plenary").count() == 2
        assert event_sessions.filter(sequence__gt=0).exists()
    # The sessions that host the demo's two debates follow them, whatever the hour: the
    # live one is live, the closed one is not (the others follow the clock).
    hosting = Session.objects.filter(kind="debate", debate__isnull=False)
    assert sorted((s.forum.slug, s.is_live()) for s in hosting) == [
        ("housing-right-to-the-city", True),
        ("metropolitan-governance", False),
    ]
    assert Session.objects.filter(speakers__user__username="amina").exists()

    call_command("seed_demo", stdout=None)

    assert (Room.objects.count(), Session.objects.count()) == counts


def test_seed_demo_gives_rooms_maps_speakers_biographies_and_amina_a_clash():
    from forums.models import SessionStar, SpeakerProfile
    from forums.selectors import agenda

    call_command("seed_demo", stdout=None)

    assert not Room.objects.filter(map_url="").exists()
    assert SpeakerProfile.objects.filter(delegate__user__username="amina").get().bio_fr
    star = SessionStar.objects.select_related("delegate", "session__forum").get()
    starred = [
        entry
        for day in agenda(delegate=star.delegate)
        for entry in day.entries
        if entry.session.pk == star.session_id
    ]
    assert (star.delegate.user.username, star.session.forum.slug) == (
        "amina",
        "metropolitan-governance",
    )
    # It runs beside the first panels of the forums where she holds a seat.
    assert {other.kind for other in starred[0].clashes} == {"panel"}
