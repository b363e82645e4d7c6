"""Demo forums with seats and waiting lists, registered through the real services."""

import datetime

from django.utils import timezone

from events.models import Accreditation, Delegate
from events.services import accreditation_cancel, accreditation_decide, accreditation_request
from forums.models import Forum, Room, Seat, Session
from forums.services import (
    seat_take,
    session_cancel,
    session_create,
    session_reschedule,
)
from papers.demo import seed as seed_papers

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


def seed(context: dict) -> None:
    events = context["events"]
    people: dict[str, Delegate] = context["people"]
    secretariat = people["secretariat"].user
    chair = people["chair"].user
    reviewers = [people[name] for name in ("ines", "jiwoo", "thabo") if name in people]
    context["forums"] = {}
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
            context["forums"][(event_key, slug)] = forum

    annual = events["annual"]
    for slug, usernames in ANNUAL_SEATS.items():
        forum = context["forums"][("annual", slug)]
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

    seed_schedule(context)
    seed_papers(context)


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


# --- Schedule --------------------------------------------------------------------------

# Rooms of each event's venue: (en, fr, es), capacity. The first is the plenary hall, the
# second the debate chamber; then one room per forum, in the order of FORUMS.
ROOMS = {
    "annual": [
        (("Plenary Hall 220", "Salle plénière 220", "Sala plenaria 220"), 1200),
        (("Debate Chamber 517", "Salle des débats 517", "Sala de debates 517"), 300),
        (("Room 510A", "Salle 510A", "Sala 510A"), 120),
        (("Room 510B", "Salle 510B", "Sala 510B"), 120),
        (("Room 511", "Salle 511", "Sala 511"), 90),
        (("Room 512", "Salle 512", "Sala 512"), 90),
        (("Room 513", "Salle 513", "Sala 513"), 60),
        (("Room 514", "Salle 514", "Sala 514"), 60),
    ],
    "congress": [
        (("Auditorium", "Auditorium", "Auditorio"), 3000),
        (("Debate Chamber", "Salle des débats", "Sala de debates"), 400),
        (("Room 111", "Salle 111", "Sala 111"), 200),
        (("Room 112", "Salle 112", "Sala 112"), 200),
        (("Room 113", "Salle 113", "Sala 113"), 150),
        (("Room 114", "Salle 114", "Sala 114"), 150),
        (("Room 115", "Salle 115", "Sala 115"), 100),
        (("Room 116", "Salle 116", "Sala 116"), 100),
    ],
}

# Four topics per forum (en, fr, es): two panels and two workshops.
TOPICS = {
    "metropolitan-governance": [
        (
            "Who decides for the metropolis? Mayors, governors and the state",
            "Qui décide pour la métropole ? Maires, gouverneurs et État",
            "¿Quién decide por la metrópoli? Alcaldes, gobernadores y Estado",
        ),
        (
            "Workshop: designing a metropolitan authority that works",
            "Atelier : concevoir une autorité métropolitaine qui fonctionne",
            "Taller: diseñar una autoridad metropolitana que funcione",
        ),
        (
            "Transport across borders: one ticket for the whole region",
            "Transports sans frontières : un seul billet pour toute la région",
            "Transporte sin fronteras: un solo billete para toda la región",
        ),
        (
            "Workshop: participatory budgets at metropolitan scale",
            "Atelier : budgets participatifs à l'échelle métropolitaine",
            "Taller: presupuestos participativos a escala metropolitana",
        ),
    ],
    "finance-sustainable-development": [
        (
            "Green municipal bonds: lessons from Johannesburg, Mexico City and Gothenburg",
            "Obligations vertes municipales : leçons de Johannesburg, Mexico et Göteborg",
            "Bonos verdes municipales: lecciones de Johannesburgo, Ciudad de México y Gotemburgo",
        ),
        (
            "Workshop: getting climate funds to reach cities directly",
            "Atelier : faire arriver les fonds climat directement aux villes",
            "Taller: que los fondos climáticos lleguen directamente a las ciudades",
        ),
        (
            "Land value capture and fair local taxes",
            "Captation de la plus-value foncière et fiscalité locale équitable",
            "Captura de plusvalías y tributos locales justos",
        ),
        (
            "Workshop: credit ratings for cities of the Global South",
            "Atelier : notations de crédit pour les villes du Sud global",
            "Taller: calificaciones crediticias para ciudades del Sur global",
        ),
    ],
    "gender-equality": [
        (
            "Safe streets: women and girls map their city",
            "Rues sûres : les femmes et les filles cartographient leur ville",
            "Calles seguras: mujeres y niñas mapean su ciudad",
        ),
        (
            "Workshop: gender budgeting in city halls",
            "Atelier : budgétisation sensible au genre dans les mairies",
            "Taller: presupuestos con perspectiva de género en los ayuntamientos",
        ),
        (
            "Care cities: public services that share the load",
            "Villes du soin : des services publics qui partagent la charge",
            "Ciudades cuidadoras: servicios públicos que reparten la carga",
        ),
        (
            "Workshop: parity in metropolitan leadership",
            "Atelier : la parité à la tête des métropoles",
            "Taller: paridad en el liderazgo metropolitano",
        ),
    ],
    "housing-right-to-the-city": [
        (
            "Affordable housing without displacement",
            "Un logement abordable sans déplacement des habitants",
            "Vivienda asequible sin desplazamiento",
        ),
        (
            "Workshop: upgrading informal settlements with their residents",
            "Atelier : améliorer les quartiers informels avec leurs habitants",
            "Taller: mejorar los asentamientos informales con sus habitantes",
        ),
        (
            "Short-term rentals and the right to the city",
            "Locations de courte durée et droit à la ville",
            "Alquileres de corta duración y derecho a la ciudad",
        ),
        (
            "Workshop: public land for public housing",
            "Atelier : du foncier public pour du logement public",
            "Taller: suelo público para vivienda pública",
        ),
    ],
    "climate-resilience": [
        (
            "Heat waves: cooling the neighbourhoods that need it most",
            "Canicules : rafraîchir les quartiers qui en ont le plus besoin",
            "Olas de calor: refrescar los barrios que más lo necesitan",
        ),
        (
            "Workshop: flood plans drawn with the people who live there",
            "Atelier : des plans d'inondation dessinés avec les habitants",
            "Taller: planes contra inundaciones trazados con quienes viven allí",
        ),
        (
            "A just transition for workers of the port and the plant",
            "Une transition juste pour les travailleurs du port et de l'usine",
            "Una transición justa para los trabajadores del puerto y la planta",
        ),
        (
            "Workshop: measuring resilience that residents can feel",
            "Atelier : mesurer une résilience que les habitants ressentent",
            "Taller: medir una resiliencia que los vecinos perciban",
        ),
    ],
    "digital-cities": [
        (
            "Public data, public good: open data that residents use",
            "Données publiques, bien commun : des données ouvertes utiles aux habitants",
            "Datos públicos, bien común: datos abiertos que la gente usa",
        ),
        (
            "Workshop: registers of the algorithms a city uses",
            "Atelier : les registres des algorithmes d'une ville",
            "Taller: registros de los algoritmos que usa una ciudad",
        ),
        (
            "Digital rights of residents: a charter for cities",
            "Droits numériques des habitants : une charte pour les villes",
            "Derechos digitales de los vecinos: una carta para las ciudades",
        ),
        (
            "Workshop: buying technology without being locked in",
            "Atelier : acheter de la technologie sans en devenir captif",
            "Taller: comprar tecnología sin quedar cautivo",
        ),
    ],
}

# Speakers of each forum's panels (the first also leads its workshops).
SPEAKERS = {
    "metropolitan-governance": ["claire", "lucas", "jiwoo"],
    "finance-sustainable-development": ["mei", "pablo", "maria"],
    "gender-equality": ["fatima", "grace", "ines"],
    "housing-right-to-the-city": ["amina", "diego", "thabo"],
    "climate-resilience": ["siti", "elena", "ravi"],
    "digital-cities": ["hannah", "jiwoo", "yusuf"],
}

BREAK = ("Coffee break", "Pause café", "Pausa para el café")
DEBATE = (
    "Debate on the draft resolution: {}",
    "Débat sur le projet de résolution : {}",
    "Debate sobre el proyecto de resolución: {}",
)
OPENING = ("Opening plenary", "Plénière d'ouverture", "Plenaria de apertura")
CLOSING = (
    "Closing plenary: adoption of the resolutions",
    "Plénière de clôture : adoption des résolutions",
    "Plenaria de clausura: adopción de las resoluciones",
)
DEBATE_DESCRIPTION = (
    "Delegates debate the forum's draft resolution, propose amendments and vote. "
    "Follow it live in the debate room."
)

# (day index, start, end, kind, what): what is a topic index, "break" or "debate".
DAY_PLAN = [
    (0, (10, 0), (11, 30), "panel", 0),
    (0, (11, 30), (12, 0), "break", "break"),
    (0, (12, 0), (13, 30), "workshop", 1),
    (1, (9, 30), (11, 0), "panel", 2),
    (1, (11, 0), (11, 30), "break", "break"),
    (1, (14, 0), (16, 0), "debate", "debate"),
    (2, (9, 30), (11, 0), "workshop", 3),
]
LIVE_DEBATE = ("annual", "housing-right-to-the-city")
CANCELLED = {("annual", "finance-sustainable-development", 3), ("congress", "digital-cities", 2)}
RESCHEDULED = {("congress", "gender-equality", 1)}


def _texts(triple) -> dict[str, str]:
    return dict(zip(("en", "fr", "es"), triple, strict=True))


def _at(event, day: int, hour_minute: tuple[int, int]) -> datetime.datetime:
    return datetime.datetime.combine(
        event.start_date + datetime.timedelta(days=day),
        datetime.time(*hour_minute),
        tzinfo=event.zone,
    )


def seed_schedule(context: dict) -> None:
    """Rooms and a three-day schedule for every forum, through the session services:
    one cancelled session per event, a rescheduled one, and (Annual Meeting) a debate
    that is live now."""
    people = context["people"]
    secretariat = people["secretariat"].user
    chair = [people["chair"]] if "chair" in people else []

    def add(title, starts_at, ends_at, kind, room, description="", speakers=(), *, forum):
        return session_create(
            actor=secretariat,
            forum=forum,
            title=title,
            description=description,
            kind=kind,
            starts_at=starts_at,
            ends_at=ends_at,
            room=room,
            speakers=speakers,
        )

    for event_key, rooms_spec in ROOMS.items():
        event = context["events"][event_key]
        rooms = []
        for position, ((name_en, name_fr, name_es), capacity) in enumerate(rooms_spec):
            room, _created = Room.objects.get_or_create(
                event=event,
                name_en=name_en,
                defaults={
                    "name_fr": name_fr,
                    "name_es": name_es,
                    "capacity": capacity,
                    "position": position,
                },
            )
            rooms.append(room)
        plenary_hall, debate_chamber, forum_rooms = rooms[0], rooms[1], rooms[2:]

        for index, (slug, forum_titles, *_rest) in enumerate(FORUMS):
            forum = context["forums"][(event_key, slug)]
            if Session.objects.filter(forum=forum).exists():
                continue
            speakers = [people[name] for name in SPEAKERS[slug] if name in people]
            room = forum_rooms[index]

            if index == 0:
                for day, start, end, texts in (
                    (0, (8, 30), (9, 45), OPENING),
                    (2, (15, 0), (16, 30), CLOSING),
                ):
                    add(
                        _texts(texts),
                        _at(event, day, start),
                        _at(event, day, end),
                        Session.Kind.PLENARY,
                        plenary_hall,
                        speakers=chair,
                        forum=forum,
                    )
            for day, start, end, kind, what in DAY_PLAN:
                starts_at, ends_at = _at(event, day, start), _at(event, day, end)
                if what == "break":
                    add(_texts(BREAK), starts_at, ends_at, kind, room, forum=forum)
                elif what == "debate":
                    title = {
                        code: template.format(forum_title)
                        for code, template, forum_title in zip(
                            ("en", "fr", "es"), DEBATE, forum_titles, strict=True
                        )
                    }
                    if (event_key, slug) == LIVE_DEBATE:
                        # Under way now: started about half an hour ago.
                        now = timezone.now().replace(second=0, microsecond=0)
                        starts_at = now - datetime.timedelta(minutes=now.minute % 5 + 25)
                        ends_at, room_used = starts_at + datetime.timedelta(hours=2), debate_chamber
                    else:
                        room_used = room
                    add(title, starts_at, ends_at, kind, room_used, DEBATE_DESCRIPTION, forum=forum)
                else:
                    session = add(
                        _texts(TOPICS[slug][what]),
                        starts_at,
                        ends_at,
                        kind,
                        room,
                        speakers=speakers if kind == "panel" else speakers[:1],
                        forum=forum,
                    )
                    if (event_key, slug, what) in CANCELLED:
                        session_cancel(actor=secretariat, session=session)
                    if (event_key, slug, what) in RESCHEDULED:
                        session_reschedule(
                            actor=secretariat,
                            session=session,
                            starts_at=session.starts_at + datetime.timedelta(minutes=30),
                            ends_at=session.ends_at + datetime.timedelta(minutes=30),
                        )
