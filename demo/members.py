"""The demo association: its members, people and events."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from demo import Demo
from demo.data import DEMO_PASSWORD, ORGANIZATIONS, PEOPLE
from events import services
from events.models import Delegate, Event, Organization


def seed(demo: Demo) -> None:
    """Organizations, people and events (creating what is missing)."""
    demo.organizations = _organizations()
    demo.people = _people(demo.organizations)
    demo.events = _events()


def _organizations() -> dict[str, Organization]:
    by_short_name = {}
    for name, short_name, kind, country, region, member in ORGANIZATIONS:
        organization, _created = Organization.objects.get_or_create(
            name=name,
            defaults={
                "short_name": short_name,
                "kind": kind,
                "country": country,
                "region": region,
                "is_member": member,
            },
        )
        by_short_name[short_name] = organization
    return by_short_name


def _people(organizations) -> dict[str, Delegate]:
    user_model = get_user_model()
    people = {}
    for username, first, last, org, title, languages, zone, role in PEOPLE:
        delegate = Delegate.objects.filter(user__username=username).first()
        if delegate is None:
            if user_model.objects.filter(username=username).exists():
                continue
            delegate = services.delegate_create(
                username=username,
                password=DEMO_PASSWORD,
                organization=organizations[org],
                first_name=first,
                last_name=last,
                email=f"{username}@demo.plenary.invalid",
                title=title,
                languages=languages,
                time_zone=zone,
                secretariat=role == "secretariat",
            )
        people[username] = delegate
    return people


def _events() -> dict[str, Event]:
    today = timezone.localdate()
    now = timezone.now()
    annual, _created = Event.objects.get_or_create(
        slug="annual-meeting",
        defaults={
            "title_en": "Annual Meeting of Member Governments",
            "title_fr": "Réunion annuelle des gouvernements membres",
            "title_es": "Reunión anual de los gobiernos miembros",
            "description_en": (
                "Mayors, governors and their delegations meet to review the year's work "
                "of the association, elect the board and debate the resolutions of the "
                "thematic forums."
            ),
            "description_fr": (
                "Maires, gouverneurs et leurs délégations se réunissent pour faire le bilan "
                "de l'année de l'association, élire le conseil et débattre des résolutions "
                "des forums thématiques."
            ),
            "description_es": (
                "Alcaldes, gobernadores y sus delegaciones se reúnen para revisar el año de "
                "la asociación, elegir la junta y debatir las resoluciones de los foros "
                "temáticos."
            ),
            "host_city": "Montréal",
            "venue": "Palais des congrès de Montréal",
            "time_zone": "America/Toronto",
            "start_date": today - datetime.timedelta(days=1),
            "end_date": today + datetime.timedelta(days=1),
            "status": Event.Status.PUBLISHED,
            "registration_opens_at": now - datetime.timedelta(days=60),
            "registration_closes_at": now + datetime.timedelta(days=1),
            "delegation_quota": 4,
            "accreditation_requires_approval": False,
        },
    )
    congress_start = today + datetime.timedelta(days=180)
    congress, _created = Event.objects.get_or_create(
        slug="world-congress",
        defaults={
            "title_en": "World Congress of Cities and Metropolitan Areas",
            "title_fr": "Congrès mondial des villes et des aires métropolitaines",
            "title_es": "Congreso Mundial de Ciudades y Áreas Metropolitanas",
            "description_en": (
                "Every three years the association's members gather for a week of forums, "
                "position papers and debates on how metropolitan areas are governed, "
                "financed and made fair."
            ),
            "description_fr": (
                "Tous les trois ans, les membres de l'association se réunissent pour une "
                "semaine de forums, de documents de position et de débats sur la "
                "gouvernance, le financement et l'équité des métropoles."
            ),
            "description_es": (
                "Cada tres años los miembros de la asociación se reúnen durante una semana "
                "de foros, documentos de posición y debates sobre cómo se gobiernan, "
                "financian y hacen más justas las áreas metropolitanas."
            ),
            "host_city": "Barcelona",
            "venue": "Centre de Convencions Internacional de Barcelona",
            "time_zone": "Europe/Madrid",
            "start_date": congress_start,
            "end_date": congress_start + datetime.timedelta(days=4),
            "status": Event.Status.PUBLISHED,
            "registration_opens_at": now - datetime.timedelta(days=7),
            "registration_closes_at": now + datetime.timedelta(days=150),
            "delegation_quota": 5,
            "accreditation_requires_approval": True,
        },
    )
    return {"annual": annual, "congress": congress}
