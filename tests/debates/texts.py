"""A sitting with an agenda item and a draft text of four paragraphs, for the tests of
amendments, the voting order and the adopted text."""

from django.contrib.auth.models import Permission

from debates import services
from debates.models import DebateEvent
from debates.protocol.wire import wire
from debates.state import fold
from tests.debates.conftest import make_room
from tests.factories import UserFactory

DRAFT = [
    {
        "en": "Cities commit to affordable housing for all residents.",
        "fr": "Les villes s'engagent pour un logement abordable pour tous.",
        "es": "Las ciudades se comprometen con la vivienda asequible para todos.",
    },
    {
        "en": "Each member reports its progress every two years.",
        "fr": "Chaque membre rend compte de ses progrès tous les deux ans.",
        "es": "Cada miembro informa de sus avances cada dos años.",
    },
    {
        "en": "The secretariat publishes a shared index of rents.",
        "fr": "Le secrétariat publie un indice commun des loyers.",
        "es": "La secretaría publica un índice común de alquileres.",
    },
    {
        "en": "This declaration is reviewed at the next congress.",
        "fr": "Cette déclaration est revue au prochain congrès.",
        "es": "Esta declaración se revisa en el próximo congreso.",
    },
]


REPLACE_FIRST = [{"op": "replace", "paragraph": "p1", "text": "Cities guarantee housing."}]


def translator():
    user = UserFactory(first_name="Lucía", last_name="Ortega")
    user.user_permissions.add(Permission.objects.get(codename="sign_translation"))
    return user


def text_room(*, delegates: int = 3, live: bool = True, deadline=None):
    """A room with one agenda item open on a draft text (English, signed in the three
    languages), the debate live."""
    room = make_room(delegates=delegates)
    d = room.debate.pk
    if live:
        services.debate_transition(actor=room.chair, debate_id=d, to="open")
        services.debate_transition(actor=room.chair, debate_id=d, to="live")
    item = services.agenda_item_add(
        actor=room.chair,
        debate_id=d,
        title={
            "en": "Housing declaration",
            "fr": "Déclaration sur le logement",
            "es": "Declaración sobre la vivienda",
        },
        amendment_deadline=deadline,
    )
    draft = services.draft_text_table(
        actor=room.chair,
        debate_id=d,
        item_id=item.pk,
        title="Dakar Declaration on Housing",
        language="en",
        paragraphs=DRAFT,
        sponsor_id=room.delegates[0].pk,
    )
    room.translator = translator()
    for language in ("fr", "es"):
        services.translation_sign(
            actor=room.translator,
            debate_id=d,
            text_id=draft.pk,
            language=language,
            texts={f"p{n}": p[language] for n, p in enumerate(DRAFT, start=1)},
        )
    services.agenda_item_open(actor=room.chair, debate_id=d, item_id=item.pk)
    room.item, room.draft = item, draft
    return room


def submit(room, who=1, operations=None, amends=None, language="en", version=None):
    return services.amendment_submit(
        actor=room.delegates[who].user,
        debate_id=room.debate.pk,
        text_id=room.draft.pk,
        version=version or room.draft.__class__.objects.get(pk=room.draft.pk).version,
        language=language,
        reason="Clearer commitment.",
        operations=REPLACE_FIRST if operations is None else operations,
        amends=amends,
    )


def sign_all(room, amendment):
    """Translators sign off the two other language versions of ``amendment``."""
    for language in ("en", "fr", "es"):
        if language == amendment.language:
            continue
        texts = [
            None
            if op.kind == "delete"
            else f"{getattr(op, 'text_' + amendment.language)} [{language}]"
            for op in amendment.operations.all()
        ]
        services.translation_sign(
            actor=room.translator,
            debate_id=room.debate.pk,
            text_id=room.draft.pk,
            language=language,
            texts=texts,
            amendment_id=amendment.pk,
        )


def vote(room, amendment=None, choices=("yes", "yes", "no"), **options):
    """Put ``amendment`` (or the text, when None) to the vote, cast ``choices``, close."""
    d = room.debate.pk
    if amendment is None:
        opened = services.text_put_to_vote(
            actor=room.chair, debate_id=d, text_id=room.draft.pk, **options
        )
    else:
        opened = services.amendment_put_to_vote(
            actor=room.chair,
            debate_id=d,
            text_id=room.draft.pk,
            amendment_id=amendment.pk,
            **options,
        )
    for delegate, choice in zip(room.delegates, choices, strict=False):
        services.vote_cast(actor=delegate.user, debate_id=d, vote_id=opened.pk, choice=choice)
    return services.vote_close(actor=room.chair, debate_id=d)


def log(room) -> list[dict]:
    return [wire(event) for event in DebateEvent.objects.filter(debate=room.debate).order_by("seq")]


def folded(room) -> dict:
    """The fold of the log; ``room.debate`` is read again, so its snapshot is current."""
    room.debate.refresh_from_db()
    return fold(log(room))


def text_state(room) -> dict:
    room.debate.refresh_from_db()
    return next(t for t in room.debate.state["texts"] if t["id"] == room.draft.pk)


def english(room) -> list[str]:
    return [p["text"]["en"] for p in text_state(room)["paragraphs"]]


def amendment_sitting():
    """A sitting that logs every event of the agenda and its texts: a declaration
    amended (an amendment withdrawn, two merged, one accepted as a change, the voting
    order overridden, an amendment to an amendment carried, one amendment carried, one
    failed, one fallen) and adopted; then a second item whose text is rejected."""
    room = text_room()
    d, t = room.debate.pk, room.draft.pk
    withdrawn = submit(room, operations=[{"op": "delete", "paragraph": "p3"}])
    services.amendment_withdraw(
        actor=room.delegates[1].user, debate_id=d, text_id=t, amendment_id=withdrawn.pk
    )
    one = submit(room, operations=[{"op": "replace", "paragraph": "p3", "text": "An index."}])
    two = submit(
        room, who=2, operations=[{"op": "replace", "paragraph": "p3", "text": "A public index."}]
    )
    merged = services.amendment_merge(
        actor=room.chair,
        debate_id=d,
        text_id=t,
        amendments=[one.pk, two.pk],
        language="en",
        reason="Both proposers agree.",
        operations=[
            {
                "op": "replace",
                "paragraph": "p3",
                "text": "The secretariat publishes a public index of rents.",
            }
        ],
    )
    sign_all(room, merged)
    services.amendment_accept(actor=room.chair, debate_id=d, text_id=t, amendment_id=merged.pk)
    carried = submit(
        room,
        operations=[
            {
                "op": "replace",
                "paragraph": "p2",
                "text": "Each member reports its progress every year.",
            }
        ],
    )
    fallen = submit(
        room, who=2, operations=[{"op": "replace", "paragraph": "p2", "text": "Members report."}]
    )
    sub = submit(
        room,
        who=2,
        amends=carried.pk,
        operations=[
            {
                "op": "replace",
                "paragraph": "p2",
                "text": "Each member reports its progress every year, in public.",
            }
        ],
    )
    failed = submit(
        room, operations=[{"op": "insert", "after": "p4", "text": "Cities share their data."}]
    )
    for amendment in (carried, fallen, sub, failed):
        sign_all(room, amendment)
    order = text_state(room)["order"]
    services.voting_order_override(
        actor=room.chair,
        debate_id=d,
        text_id=t,
        order=[sub.pk, carried.pk, *[a for a in order if a not in (sub.pk, carried.pk)]],
    )
    vote(room, sub, choices=("yes", "yes", "yes"))
    vote(room, carried, choices=("yes", "yes", "no"))
    vote(room, failed, choices=("no", "no", "yes"))
    vote(room, None, choices=("yes", "yes", "abstain"))
    services.agenda_item_close(actor=room.chair, debate_id=d, item_id=room.item.pk)
    second = services.agenda_item_add(
        actor=room.chair,
        debate_id=d,
        title={"en": "Financial report", "fr": "Rapport financier", "es": "Informe financiero"},
    )
    report = services.draft_text_table(
        actor=room.chair,
        debate_id=d,
        item_id=second.pk,
        title="Report on the accounts",
        language="fr",
        paragraphs=[
            {
                "fr": "Les comptes sont approuvés.",
                "en": "The accounts are approved.",
                "es": "Las cuentas se aprueban.",
            }
        ],
        sponsor_id=room.delegates[1].pk,
    )
    services.agenda_item_open(actor=room.chair, debate_id=d, item_id=second.pk)
    room.draft, room.item = report, second
    vote(room, None, choices=("no", "no", "yes"), override_translation=True)
    room.amendments = {
        "carried": carried,
        "fallen": fallen,
        "failed": failed,
        "sub": sub,
        "merged": merged,
    }
    return room
