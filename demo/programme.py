"""The demo programme: where the rooms are, a few speakers' biographies, and a delegate's
agenda with a session starred in a parallel forum (so that it shows a clash)."""

from demo import Demo
from forums.models import Room, Session, SpeakerProfile
from forums.services import session_star

# A map of each event's venue, for every one of its rooms.
VENUE_MAPS = {
    "annual": "https://www.openstreetmap.org/?mlat=45.5046&mlon=-73.5608#map=18/45.5046/-73.5608",
    "congress": "https://www.openstreetmap.org/?mlat=41.4108&mlon=2.2210#map=18/41.4108/2.2210",
}

BIOS = {
    "amina": (
        "Amina Diallo leads urban planning in Dakar, where she steered the plan for the "
        "upgrading of informal settlements along the coast.",
        "Amina Diallo dirige l'urbanisme de Dakar, où elle a conduit le plan de "
        "réhabilitation des quartiers informels du littoral.",
        "Amina Diallo dirige la planificación urbana de Dakar, donde condujo el plan de "
        "mejora de los asentamientos informales de la costa.",
    ),
    "diego": (
        "Diego Restrepo runs Bogotá's mobility department and its cable car and bus "
        "rapid transit network.",
        "Diego Restrepo dirige le secrétariat à la mobilité de Bogotá, son téléphérique "
        "et son réseau de bus à haut niveau de service.",
        "Diego Restrepo dirige la Secretaría de Movilidad de Bogotá, su cable aéreo y su "
        "red de buses de tránsito rápido.",
    ),
    "thabo": (
        "Thabo Nkosi sits on Johannesburg's mayoral committee for human settlements.",
        "Thabo Nkosi siège au comité du maire de Johannesburg chargé de l'habitat.",
        "Thabo Nkosi forma parte del comité de la alcaldía de Johannesburgo para la vivienda.",
    ),
    "claire": (
        "Claire Dubois is a Montréal city councillor who chairs its housing committee.",
        "Claire Dubois est conseillère de la Ville de Montréal et préside sa commission "
        "de l'habitation.",
        "Claire Dubois es concejala de Montreal y preside su comisión de vivienda.",
    ),
}

# Amina holds a seat in the housing forum; she also stars the first panel of metropolitan
# governance, which runs at the same time as her forum's first panel.
STARS = {"amina": [("annual", "metropolitan-governance", Session.Kind.PANEL)]}


def seed(demo: Demo) -> None:
    for event_key, url in VENUE_MAPS.items():
        Room.objects.filter(event=demo.events[event_key], map_url="").update(map_url=url)
    for username, (bio_en, bio_fr, bio_es) in BIOS.items():
        delegate = demo.people.get(username)
        if delegate is not None:
            SpeakerProfile.objects.get_or_create(
                delegate=delegate,
                defaults={"bio_en": bio_en, "bio_fr": bio_fr, "bio_es": bio_es},
            )
    for username, wanted in STARS.items():
        delegate = demo.people.get(username)
        if delegate is None:
            continue
        for event_key, slug, kind in wanted:
            session = (
                Session.objects.filter(forum=demo.forums[(event_key, slug)], kind=kind)
                .order_by("starts_at")
                .first()
            )
            if session is not None:
                session_star(actor=delegate.user, session=session)
