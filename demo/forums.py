"""The demo forums, with accreditations, seats and waiting lists taken through the real
services."""

import datetime

from django.utils import timezone

from demo import Demo
from events.models import Accreditation, Delegate
from events.services import accreditation_cancel, accreditation_decide, accreditation_request
from forums.models import Forum, Seat
from forums.services import seat_take

# slug, title (en, fr, es), theme (en, fr, es), capacity, working languages
FORUMS = [
    (
        "metropolitan-governance",
        (
            "Metropolitan Governance",
            "Gouvernance métropolitaine",
            "Gobernanza metropolitana",
        ),
        (
            "Who governs the metropolis? Institutions for cities that outgrew their borders",
            "Qui gouverne la métropole ? Des institutions pour les villes sorties de leurs limites",
            "¿Quién gobierna la metrópoli? Instituciones para ciudades que desbordaron sus límites",
        ),
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
        (
            "Municipal bonds, climate funds and fair taxes for the urban transition",
            "Obligations municipales, fonds climat et fiscalité juste pour la transition urbaine",
            "Bonos municipales, fondos climáticos e impuestos justos para la transición urbana",
        ),
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
        (
            "Safe, fair and equal cities for women and girls",
            "Des villes sûres, justes et égales pour les femmes et les filles",
            "Ciudades seguras, justas e igualitarias para mujeres y niñas",
        ),
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
        (
            "Affordable housing, informal settlements and who the city is for",
            "Logement abordable, quartiers informels : pour qui est la ville ?",
            "Vivienda asequible, asentamientos informales: ¿para quién es la ciudad?",
        ),
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
        (
            "Heat, floods and a transition that leaves no neighbourhood behind",
            "Chaleur, inondations et une transition qui n'oublie aucun quartier",
            "Calor, inundaciones y una transición que no deja atrás a ningún barrio",
        ),
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
        (
            "Public data, algorithms and digital rights of residents",
            "Données publiques, algorithmes et droits numériques des habitants",
            "Datos públicos, algoritmos y derechos digitales de los habitantes",
        ),
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
        for slug, titles, themes, capacity, languages in FORUMS:
            forum, created = Forum.objects.get_or_create(
                event=event,
                slug=slug,
                defaults={
                    **_in_each_language("title", titles),
                    **_in_each_language("theme", themes),
                    **_in_each_language("description", _descriptions(titles, themes)),
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


LANGUAGES = ("en", "fr", "es")


def _in_each_language(field: str, values: tuple[str, str, str]) -> dict:
    return {f"{field}_{language}": value for language, value in zip(LANGUAGES, values, strict=True)}


def _descriptions(titles: tuple[str, str, str], themes: tuple[str, str, str]) -> tuple:
    (title_en, title_fr, title_es), (theme_en, theme_fr, theme_es) = titles, themes
    return (
        f"{theme_en}. Mayors, governors and their teams compare what has worked, table "
        f"position papers and debate the association's resolution on {title_en.lower()}.",
        f"{theme_fr}. Maires, gouverneurs et leurs équipes comparent ce qui a fonctionné, "
        f"présentent leurs documents de position et débattent de la résolution de "
        f"l'association : {title_fr}.",
        f"{theme_es}. Alcaldes, gobernadores y sus equipos comparan lo que ha funcionado, "
        f"presentan documentos de posición y debaten la resolución de la asociación: "
        f"{title_es}.",
    )


def _call_opens(event):
    return timezone.now() - datetime.timedelta(days=30)


def _call_closes(event):
    return datetime.datetime.combine(
        event.start_date - datetime.timedelta(days=7), datetime.time(23, 59), tzinfo=event.zone
    )
