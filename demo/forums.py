"""The demo forums, with accreditations, seats and waiting lists taken through the real
services."""

import datetime

from django.utils import timezone

from demo import Demo
from events.models import Accreditation, Delegate
from events.services import accreditation_cancel, accreditation_decide, accreditation_request
from forums.models import Forum, Seat
from forums.services import seat_take

# slug, title (en, fr, es), theme, capacity, working languages
FORUMS = [
    (
        "metropolitan-governance",
        (
            "Metropolitan Governance",
            "Gouvernance métropolitaine",
            "Gobernanza metropolitana",
        ),
        "Who governs the metropolis? Institutions for cities that outgrew their borders",
        40,
        ["en", "fr", "es"],
    ),
    (
        "finance-sustainable-development",
        (
            "Finance for Sustainable Development",
            "Financer le développement durable",
            "Financiación del desarrollo sostenible",
        ),
        "Municipal bonds, climate funds and fair taxes for the urban transition",
        30,
        ["en", "es"],
    ),
    (
        "gender-equality",
        (
            "Gender Equality in the City",
            "L'égalité de genre dans la ville",
            "Igualdad de género en la ciudad",
        ),
        "Safe, fair and equal cities for women and girls",
        25,
        ["en", "fr", "es"],
    ),
    (
        "housing-right-to-the-city",
        (
            "Housing and the Right to the City",
            "Logement et droit à la ville",
            "Vivienda y derecho a la ciudad",
        ),
        "Affordable housing, informal settlements and who the city is for",
        12,
        ["en", "fr", "es"],
    ),
    (
        "climate-resilience",
        (
            "Climate Resilience and Just Transition",
            "Résilience climatique et transition juste",
            "Resiliencia climática y transición justa",
        ),
        "Heat, floods and a transition that leaves no neighbourhood behind",
        10,
        ["en", "fr"],
    ),
    (
        "digital-cities",
        (
            "Digital Cities and Data Governance",
            "Villes numériques et gouvernance des données",
            "Ciudades digitales y gobernanza de datos",
        ),
        "Public data, algorithms and digital rights of residents",
        35,
        ["en", "es"],
    ),
]

# Delegates of the Annual Meeting and the forums they ask for, in this order.
ANNUAL_SEATS = {
    "housing-right-to-the-city": [
        "amina",
        "diego",
        "mei",
        "lucas",
        "claire",
        "jiwoo",
        "fatima",
        "thabo",
        "ines",
        "hannah",
        "ravi",
        "maria",
        "olivia",
        "yusuf",
        "grace",
    ],
    "climate-resilience": [
        "pablo",
        "siti",
        "elena",
        "amina",
        "diego",
        "grace",
        "olivia",
        "thabo",
        "ravi",
    ],
    "metropolitan-governance": ["amina", "diego", "claire", "lucas", "jiwoo", "fatima", "hannah"],
    "finance-sustainable-development": ["mei", "pablo", "maria", "yusuf"],
    "gender-equality": ["fatima", "grace", "ines", "maria", "elena"],
    "digital-cities": ["jiwoo", "siti", "hannah"],
}

# World Congress accreditations that show every state.
CONGRESS_APPROVED = ["amina", "diego", "claire", "thabo"]
CONGRESS_PENDING = ["mei", "lucas", "jiwoo", "fatima", "ravi"]
CONGRESS_REJECTED = ["yusuf"]
CONGRESS_CANCELLED = ["olivia"]


def seed(demo: Demo) -> None:
    events = demo.events
    people = demo.people
    secretariat = people["secretariat"].user
    chair = people["chair"].user
    reviewers = [people[name] for name in ("ines", "jiwoo", "thabo") if name in people]
    for event_key in ("annual", "congress"):
        event = events[event_key]
        for slug, (title_en, title_fr, title_es), theme, capacity, languages in FORUMS:
            forum, created = Forum.objects.get_or_create(
                event=event,
                slug=slug,
                defaults={
                    "title_en": title_en,
                    "title_fr": title_fr,
                    "title_es": title_es,
                    "theme": theme,
                    "description_en": _description(title_en, theme),
                    "seat_capacity": capacity,
                    "working_languages": languages,
                    "call_opens_at": _call_opens(event),
                    "call_closes_at": _call_closes(event),
                },
            )
            if created:
                forum.chairs.add(chair)
                forum.reviewers.add(*reviewers)
            demo.forums[(event_key, slug)] = forum

    annual = events["annual"]
    for slug, usernames in ANNUAL_SEATS.items():
        forum = demo.forums[("annual", slug)]
        for username in usernames:
            delegate = people.get(username)
            if delegate is None:
                continue
            _accredit(delegate, annual)
            if not Seat.objects.filter(delegate=delegate, forum=forum).exists():
                seat_take(actor=delegate.user, forum=forum)

    congress = events["congress"]
    groups = [
        (CONGRESS_APPROVED, "approve"),
        (CONGRESS_PENDING, None),
        (CONGRESS_REJECTED, "reject"),
        (CONGRESS_CANCELLED, "cancel"),
    ]
    for usernames, outcome in groups:
        for username in usernames:
            delegate = people.get(username)
            if (
                delegate is None
                or Accreditation.objects.filter(delegate=delegate, event=congress).exists()
            ):
                continue
            accreditation = accreditation_request(actor=delegate.user, event=congress)
            if outcome == "approve":
                accreditation_decide(actor=secretariat, accreditation=accreditation, approve=True)
            elif outcome == "reject":
                accreditation_decide(
                    actor=secretariat,
                    accreditation=accreditation,
                    approve=False,
                    note="Your organization's delegation is already complete for this congress.",
                )
            elif outcome == "cancel":
                accreditation_cancel(actor=delegate.user, accreditation=accreditation)


def _accredit(delegate: Delegate, event) -> None:
    if not Accreditation.objects.filter(delegate=delegate, event=event).exists():
        accreditation_request(actor=delegate.user, event=event)


def _description(title: str, theme: str) -> str:
    return (
        f"{theme}. Mayors, governors and their teams compare what has worked, table "
        f"position papers and debate the association's resolution on {title.lower()}."
    )


def _call_opens(event):
    return timezone.now() - datetime.timedelta(days=30)


def _call_closes(event):
    return datetime.datetime.combine(
        event.start_date - datetime.timedelta(days=7), datetime.time(23, 59), tzinfo=event.zone
    )
