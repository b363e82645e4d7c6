"""Demo texts: the closed sitting adopts a declaration in three languages after three
amendments (one carried, one failed, one fallen); the live sitting debates a draft
resolution on its open agenda item."""

from debates import services
from plenary.errors import ServiceError

DECLARATION = [
    {
        "en": "Metropolitan areas are governed by the cities that compose them, together.",
        "fr": "Les aires métropolitaines sont gouvernées ensemble par les villes "
        "qui les composent.",
        "es": "Las áreas metropolitanas las gobiernan juntas las ciudades que las componen.",
    },
    {
        "en": "Each metropolitan authority publishes its budget every year.",
        "fr": "Chaque autorité métropolitaine publie son budget chaque année.",
        "es": "Cada autoridad metropolitana publica su presupuesto cada año.",
    },
    {
        "en": "Transport, water and housing are planned at the metropolitan scale.",
        "fr": "Les transports, l'eau et le logement sont planifiés à l'échelle métropolitaine.",
        "es": "El transporte, el agua y la vivienda se planifican a escala metropolitana.",
    },
    {
        "en": "The association reports on this declaration at its next World Congress.",
        "fr": "L'association rend compte de cette déclaration à son prochain Congrès mondial.",
        "es": "La asociación informa sobre esta declaración en su próximo Congreso Mundial.",
    },
]

CARRIED = {
    "fr": "Chaque autorité métropolitaine publie son budget et ses comptes, "
    "et les soumet à un débat public.",
    "en": "Each metropolitan authority publishes its budget and accounts, "
    "and submits them to a public debate.",
    "es": "Cada autoridad metropolitana publica su presupuesto y sus cuentas, "
    "y los somete a un debate público.",
}
FALLEN = {
    "en": "Each metropolitan authority publishes its budget every six months.",
    "fr": "Chaque autorité métropolitaine publie son budget tous les six mois.",
    "es": "Cada autoridad metropolitana publica su presupuesto cada seis meses.",
}
FAILED = {
    "en": "Metropolitan councils are elected by direct universal suffrage.",
    "fr": "Les conseils métropolitains sont élus au suffrage universel direct.",
    "es": "Los consejos metropolitanos se eligen por sufragio universal directo.",
}
RESOLUTION = [
    {
        "en": "Member governments commit a third of new housing to social rent by 2030.",
        "fr": "Les gouvernements membres consacrent un tiers des logements neufs au "
        "logement social d'ici 2030.",
        "es": "Los gobiernos miembros destinan un tercio de la vivienda nueva al "
        "alquiler social para 2030.",
    },
    {
        "en": "Each member publishes its progress every year.",
        "fr": "Chaque membre publie ses progrès chaque année.",
        "es": "Cada miembro publica sus avances cada año.",
    },
]


def _act(call, **kwargs):
    try:
        return call(**kwargs)
    except ServiceError:
        return None


def _sign(secretariat, d, text_id, amendment, versions: list[dict]) -> None:
    """The translators sign the other versions of ``amendment`` (words by operation)."""
    for language in ("en", "fr", "es"):
        if language != amendment.language:
            _act(
                services.translation_sign,
                actor=secretariat,
                debate_id=d,
                text_id=text_id,
                amendment_id=amendment.pk,
                language=language,
                texts=[version[language] for version in versions],
            )


def _vote(chair, people, d, clock, put, choices: dict, **target):
    vote = _act(put, actor=chair, debate_id=d, secret=False, **target)
    if vote is None:
        return
    for username, choice in choices.items():
        clock.advance(6)
        _act(
            services.vote_cast,
            actor=people[username].user,
            debate_id=d,
            vote_id=vote.pk,
            choice=choice,
        )
    clock.advance(20)
    _act(services.vote_close, actor=chair, debate_id=d)


def _table(chair, secretariat, d, *, titles, title, paragraphs, sponsor, deadline=None):
    item = services.agenda_item_add(
        actor=chair, debate_id=d, title=titles, amendment_deadline=deadline
    )
    draft = services.draft_text_table(
        actor=chair,
        debate_id=d,
        item_id=item.pk,
        title=title,
        language="en",
        paragraphs=paragraphs,
        sponsor_id=sponsor.pk,
    )
    for language in ("fr", "es"):
        services.translation_sign(
            actor=secretariat,
            debate_id=d,
            text_id=draft.pk,
            language=language,
            texts={f"p{n}": p[language] for n, p in enumerate(paragraphs, start=1)},
        )
    services.agenda_item_open(actor=chair, debate_id=d, item_id=item.pk)
    return item, draft


def declaration_tabled(d, chair, secretariat, people):
    """The closed sitting's first item, its declaration tabled in three languages, open."""
    return _table(
        chair,
        secretariat,
        d,
        titles={
            "en": "Declaration on metropolitan governance",
            "fr": "Déclaration sur la gouvernance métropolitaine",
            "es": "Declaración sobre la gobernanza metropolitana",
        },
        title="Declaration on metropolitan governance",
        paragraphs=DECLARATION,
        sponsor=people["amina"],
    )


def declaration_adopted(d, item, draft, chair, secretariat, people, clock) -> None:
    """The closed sitting's declaration, after its debate: amended three times, adopted,
    and its item closed."""
    t = draft.pk
    submitted = []
    for username, language, operations, reason in (
        (
            "claire",
            "fr",
            [("replace", "p2", CARRIED)],
            "Les comptes comptent autant que le budget.",
        ),
        ("lucas", "en", [("replace", "p2", FALLEN)], "Twice a year keeps citizens informed."),
        ("jiwoo", "en", [("insert", "p3", FAILED)], "Metropolitan power needs its own mandate."),
    ):
        clock.advance(45)
        op, key, words = operations[0]
        where = {"after": key} if op == "insert" else {"paragraph": key}
        amendment = services.amendment_submit(
            actor=people[username].user,
            debate_id=d,
            text_id=t,
            version=1,
            language=language,
            reason=reason,
            operations=[{"op": op, **where, "text": words[language]}],
        )
        _sign(secretariat, d, t, amendment, [words])
        submitted.append(amendment)
    yes = dict.fromkeys(("amina", "diego", "claire", "fatima", "hannah"), "yes")
    no = dict.fromkeys(("amina", "diego", "lucas", "fatima", "hannah"), "no")
    _vote(
        chair,
        people,
        d,
        clock,
        services.amendment_put_to_vote,
        yes,
        text_id=t,
        amendment_id=submitted[0].pk,
    )
    _vote(
        chair,
        people,
        d,
        clock,
        services.amendment_put_to_vote,
        no,
        text_id=t,
        amendment_id=submitted[2].pk,
    )
    final = {**yes, "lucas": "no", "jiwoo": "abstain"}
    _vote(chair, people, d, clock, services.text_put_to_vote, final, text_id=t)
    clock.advance(30)
    _act(services.agenda_item_close, actor=chair, debate_id=d, item_id=item.pk)


def resolution_debated(d, chair, secretariat, people) -> None:
    """The live sitting's open item: a draft resolution, one amendment awaiting its
    Spanish version."""
    _item, draft = _table(
        chair,
        secretariat,
        d,
        titles={
            "en": "Resolution on affordable housing",
            "fr": "Résolution sur le logement abordable",
            "es": "Resolución sobre la vivienda asequible",
        },
        title="Resolution on affordable housing",
        paragraphs=RESOLUTION,
        sponsor=people["fatima"],
    )
    amendment = _act(
        services.amendment_submit,
        actor=people["diego"].user,
        debate_id=d,
        text_id=draft.pk,
        version=1,
        language="es",
        reason="Un objetivo intermedio permite medir el avance.",
        operations=[
            {
                "op": "insert",
                "after": "p1",
                "text": "Una cuarta parte de la vivienda nueva se destina al alquiler "
                "social para 2027.",
            }
        ],
    )
    if amendment is not None:
        _act(
            services.translation_sign,
            actor=secretariat,
            debate_id=d,
            text_id=draft.pk,
            amendment_id=amendment.pk,
            language="en",
            texts=["A quarter of new housing goes to social rent by 2027."],
        )
