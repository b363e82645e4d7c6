import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from events.models import Delegate, Event, FocalPoint, Invitation, Organization, Region
from forums.models import Forum, Session

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]


def test_seed_demo_creates_a_realistic_association(capsys):
    call_command("seed_demo")

    members = Organization.objects.filter(is_member=True)
    assert members.count() >= 40
    assert set(members.values_list("region", flat=True)) == set(Region.values)
    for region in Region.values:
        assert members.filter(region=region).count() >= 8
    assert Organization.objects.filter(short_name="São Paulo", country="BR").exists()
    assert get_user_model().objects.get(username="secretariat").is_superuser
    assert Delegate.objects.filter(user__username__in=["chair", "amina", "diego"]).count() == 3
    upcoming = Event.objects.get(slug="world-congress")
    assert upcoming.time_zone == "Europe/Madrid"
    assert upcoming.title_fr == "Congrès mondial des villes et des aires métropolitaines"

    for forum in Forum.objects.all():
        for field in ("title", "theme", "description"):
            texts = [getattr(forum, f"{field}_{language}") for language in ("en", "fr", "es")]
            assert len(set(texts)) == 3, (forum.slug, field)
            assert all(texts), (forum.slug, field)
    debate_sessions = Session.objects.filter(kind="debate")
    assert debate_sessions.exists()
    for session in debate_sessions:
        assert session.description_fr.startswith("Les délégué·es débattent")
        assert session.description_es.startswith("Las delegadas y los delegados debaten")

    members_count = members.count()
    assert FocalPoint.objects.filter(status="active").count() == members_count
    assert FocalPoint.objects.get(user__username="fatou").organization.short_name == "Dakar"
    invitation = Invitation.objects.get(status="pending")
    assert (invitation.email, invitation.organization.short_name) == (
        "moussa.diop@demo.plenary.invalid",
        "Dakar",
    )

    out = capsys.readouterr().out
    assert "plenary-demo-2027" in out
    assert "amina, diego" in out
    assert "focal point:  fatou" in out
    assert "/invitations/" in out


def test_seed_demo_twice_duplicates_nothing():
    call_command("seed_demo")
    counts = (
        Organization.objects.count(),
        Delegate.objects.count(),
        Event.objects.count(),
        FocalPoint.objects.count(),
        Invitation.objects.count(),
    )

    call_command("seed_demo")

    assert (
        Organization.objects.count(),
        Delegate.objects.count(),
        Event.objects.count(),
        FocalPoint.objects.count(),
        Invitation.objects.count(),
    ) == counts
