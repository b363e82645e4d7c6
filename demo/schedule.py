"""The demo schedule: rooms and three days of sessions for every forum, through the
session services (one cancelled session per event, a rescheduled one, and in the Annual
Meeting a debate that is live now)."""

import datetime

from django.utils import timezone

from demo import Demo
from demo.forums import FORUMS
from forums.models import Room, Session
from forums.services import session_cancel, session_create, session_reschedule

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
DEBATE_DESCRIPTION = {
    "en": "Delegates debate the forum's draft resolution, propose amendments and vote. "
    "Follow it live in the debate room.",
    "fr": "Les délégué·es débattent du projet de résolution du forum, proposent des "
    "amendements et votent. Suivez le débat en direct dans la salle des débats.",
    "es": "Las delegadas y los delegados debaten el proyecto de resolución del foro, "
    "proponen enmiendas y votan. Siga el debate en directo en la sala de debates.",
}

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


def seed(demo: Demo) -> None:
    """Rooms and a three-day schedule for every forum, through the session services:
    one cancelled session per event, a rescheduled one, and (Annual Meeting) a debate
    that is live now."""
    people = demo.people
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
        event = demo.events[event_key]
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
            forum = demo.forums[(event_key, slug)]
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
