"""Amendments to a text: operations on whole paragraphs, the voting order furthest from
the text first, amendments that fall when another carries, translations signed off
before a vote, and the final vote adopting the text in three languages."""

import datetime

import pytest
from django.utils import timezone

from debates import events, services
from debates.models import Amendment, DebateEvent, DraftText
from plenary.errors import Conflict, NotAllowed, ServiceError
from tests.debates.conftest import make_room
from tests.debates.texts import (
    DRAFT,
    amendment_sitting,
    english,
    folded,
    sign_all,
    submit,
    text_room,
    text_state,
    vote,
)

pytestmark = pytest.mark.django_db


def test_a_carried_amendment_changes_the_text_and_the_one_it_makes_impossible_falls():
    room = text_room()
    near = submit(
        room,
        operations=[
            {
                "op": "replace",
                "paragraph": "p2",
                "text": "Each member reports its progress every year.",
            }
        ],
    )
    far = submit(room, who=2, operations=[{"op": "delete", "paragraph": "p2"}])
    added = submit(room, operations=[{"op": "insert", "after": "p3", "text": "Rents are capped."}])
    for amendment in (near, far, added):
        sign_all(room, amendment)

    assert text_state(room)["order"] == [far.pk, near.pk, added.pk]
    assert text_state(room)["conflicts"] == [[near.pk, far.pk]]
    vote(room, far, choices=("yes", "yes", "no"))
    vote(room, added, choices=("no", "no", "yes"))

    assert Amendment.objects.get(pk=far.pk).status == "carried"
    assert Amendment.objects.get(pk=near.pk).status == "fell"
    assert Amendment.objects.get(pk=near.pk).fell_reason == {
        "code": "deleted",
        "paragraph": "p2",
        "by": far.pk,
    }
    assert Amendment.objects.get(pk=added.pk).status == "failed"
    assert english(room) == [DRAFT[0]["en"], DRAFT[2]["en"], DRAFT[3]["en"]]
    assert text_state(room)["version"] == 2
    assert text_state(room)["order"] == []
    assert folded(room) == room.debate.state


def test_the_final_vote_adopts_the_consolidated_text_in_three_languages():
    room = text_room()
    amendment = submit(
        room, operations=[{"op": "insert", "after": "p1", "text": "Homelessness ends by 2035."}]
    )
    sign_all(room, amendment)
    vote(room, amendment)

    vote(room, None, choices=("yes", "yes", "yes"))

    draft = DraftText.objects.get(pk=room.draft.pk)
    assert draft.status == "adopted"
    assert [p["text"]["en"] for p in draft.adopted][:2] == [
        DRAFT[0]["en"],
        "Homelessness ends by 2035.",
    ]
    assert [p["text"]["fr"] for p in draft.adopted][1] == "Homelessness ends by 2035. [fr]"
    assert draft.provisional is False
    adopted = DebateEvent.objects.get(debate=room.debate, type="text.adopted").data
    assert adopted["paragraphs"] == draft.adopted
    assert text_state(room)["status"] == "adopted"


def test_a_vote_waits_for_the_translations_unless_the_chair_overrides():
    room = text_room()
    amendment = submit(
        room,
        language="fr",
        operations=[
            {
                "op": "replace",
                "paragraph": "p3",
                "text": "Le secrétariat publie un indice des loyers.",
            }
        ],
    )

    with pytest.raises(Conflict) as refused:
        vote(room, amendment)
    assert refused.value.code == "unsigned"
    assert "English, Spanish" in refused.value.message
    assert Amendment.objects.get(pk=amendment.pk).status == "submitted"
    assert text_state(room)["amendments"][0]["signed"] == {"en": False, "fr": True, "es": False}

    vote(room, amendment, override_translation=True)

    put = DebateEvent.objects.get(debate=room.debate, type="amendment.put_to_vote").data
    assert put["translation_override"] is True
    assert DraftText.objects.get(pk=room.draft.pk).provisional is True
    assert text_state(room)["provisional"] is True


def test_an_amendment_to_an_amendment_is_put_first_and_revises_it():
    room = text_room()
    parent = submit(
        room, operations=[{"op": "replace", "paragraph": "p1", "text": "Cities guarantee housing."}]
    )
    child = submit(
        room,
        who=2,
        amends=parent.pk,
        operations=[
            {"op": "replace", "paragraph": "p1", "text": "Cities guarantee decent housing."}
        ],
    )
    sign_all(room, parent)
    sign_all(room, child)

    assert text_state(room)["order"] == [child.pk, parent.pk]
    vote(room, child)
    vote(room, parent)

    assert english(room)[0] == "Cities guarantee decent housing."
    assert folded(room) == room.debate.state


def _parent_and_child(room):
    parent = submit(
        room, operations=[{"op": "replace", "paragraph": "p1", "text": "Cities guarantee housing."}]
    )
    child = submit(
        room,
        who=2,
        amends=parent.pk,
        operations=[{"op": "replace", "paragraph": "p1", "text": "Cities guarantee homes."}],
    )
    sign_all(room, parent)
    sign_all(room, child)
    return parent, child


def _leave(room, parent, how):
    ids = {"actor": room.chair, "debate_id": room.debate.pk, "text_id": room.draft.pk}
    if how == "accepted":
        services.amendment_accept(**ids, amendment_id=parent.pk)
    elif how == "withdrawn":
        services.amendment_withdraw(**ids, amendment_id=parent.pk)
    else:
        other = submit(room, operations=[{"op": "replace", "paragraph": "p1", "text": "Homes."}])
        services.amendment_merge(
            **ids,
            amendments=[parent.pk, other.pk],
            language="en",
            reason="Both proposers agree.",
            operations=[{"op": "replace", "paragraph": "p1", "text": "Cities guarantee homes."}],
        )


@pytest.mark.parametrize("how", ["accepted", "withdrawn", "merged"])
def test_an_amendment_that_leaves_without_a_vote_takes_the_amendments_to_it_with_it(how):
    room = text_room()
    parent, child = _parent_and_child(room)

    _leave(room, parent, how)

    child.refresh_from_db()
    assert (child.status, child.fell_reason) == (
        "fell",
        {"code": f"amended_{how}", "paragraph": None, "by": parent.pk},
    )
    assert child.pk not in text_state(room)["order"]
    assert folded(room) == room.debate.state


def test_an_accepted_amendment_is_not_revised_afterwards():
    room = text_room()
    parent, child = _parent_and_child(room)
    _leave(room, parent, "accepted")

    with pytest.raises(ServiceError):
        services.amendment_put_to_vote(
            actor=room.chair, debate_id=room.debate.pk, text_id=room.draft.pk, amendment_id=child.pk
        )
    assert english(room)[0] == "Cities guarantee housing."


def test_the_chair_accepts_a_friendly_change_and_overrides_the_order():
    room = text_room()
    first = submit(room, operations=[{"op": "delete", "paragraph": "p4"}])
    second = submit(
        room, operations=[{"op": "replace", "paragraph": "p1", "text": "Cities act on housing."}]
    )
    assert text_state(room)["order"] == [second.pk, first.pk]

    services.voting_order_override(
        actor=room.chair,
        debate_id=room.debate.pk,
        text_id=room.draft.pk,
        order=[first.pk, second.pk],
    )
    services.amendment_accept(
        actor=room.chair, debate_id=room.debate.pk, text_id=room.draft.pk, amendment_id=first.pk
    )

    state = text_state(room)
    assert state["overridden"] is True
    assert state["order"] == [second.pk]
    assert len(state["paragraphs"]) == 3
    event = DebateEvent.objects.get(debate=room.debate, type="voting_order.overridden").data
    assert (event["order"], event["computed"]) == ([first.pk, second.pk], [second.pk, first.pk])


def test_the_chair_merges_two_amendments_into_one():
    room = text_room()
    one = submit(room, operations=[{"op": "replace", "paragraph": "p3", "text": "An index."}])
    two = submit(
        room, who=2, operations=[{"op": "replace", "paragraph": "p3", "text": "A public index."}]
    )

    merged = services.amendment_merge(
        actor=room.chair,
        debate_id=room.debate.pk,
        text_id=room.draft.pk,
        amendments=[one.pk, two.pk],
        language="en",
        reason="Both proposers agree.",
        operations=[{"op": "replace", "paragraph": "p3", "text": "A public index of rents."}],
    )

    assert set(Amendment.objects.filter(merged_into=merged).values_list("pk", flat=True)) == {
        one.pk,
        two.pk,
    }
    assert text_state(room)["order"] == [merged.pk]
    assert text_state(room)["conflicts"] == []


@pytest.mark.parametrize(
    ("operations", "code"),
    [
        ([{"op": "replace", "paragraph": "p9", "text": "x"}], "no_such_paragraph"),
        ([{"op": "replace", "paragraph": "p1", "text": "   "}], "empty_text"),
        ([], "empty_text"),
        ([{"op": "rewrite", "paragraph": "p1", "text": "x"}], "invalid"),
        ("p1", "empty_text"),
    ],
)
def test_bad_amendments_are_refused_and_nothing_changes(operations, code):
    room = text_room(live=False)
    seq = room.debate.__class__.objects.get(pk=room.debate.pk).seq

    with pytest.raises(ServiceError) as refused:
        submit(room, operations=operations)

    assert refused.value.code == code
    assert Amendment.objects.count() == 0
    assert room.debate.__class__.objects.get(pk=room.debate.pk).seq == seq


def test_an_amendment_to_an_old_version_after_the_deadline_or_by_an_observer_is_refused():
    room = text_room()
    accepted = submit(room, operations=[{"op": "delete", "paragraph": "p4"}])
    services.amendment_accept(
        actor=room.chair, debate_id=room.debate.pk, text_id=room.draft.pk, amendment_id=accepted.pk
    )

    with pytest.raises(Conflict) as old:
        submit(room, version=1)
    with pytest.raises(NotAllowed):
        services.amendment_submit(
            actor=room.observer,
            debate_id=room.debate.pk,
            text_id=room.draft.pk,
            version=2,
            language="en",
            reason="r",
            operations=[{"op": "delete", "paragraph": "p1"}],
        )
    room.item.amendment_deadline = timezone.now() - datetime.timedelta(minutes=1)
    room.item.save()
    with pytest.raises(Conflict) as late:
        submit(room)

    assert old.value.code == "old_version"
    assert "version 1" in old.value.message
    assert late.value.code == "deadline"
    assert Amendment.objects.count() == 1


def test_a_delegate_may_not_reorder_and_the_order_must_name_every_pending_amendment():
    room = text_room()
    first = submit(room, operations=[{"op": "delete", "paragraph": "p4"}])
    second = submit(room, operations=[{"op": "delete", "paragraph": "p3"}])
    d, t = room.debate.pk, room.draft.pk

    with pytest.raises(NotAllowed):
        services.voting_order_override(
            actor=room.delegates[0].user, debate_id=d, text_id=t, order=[first.pk, second.pk]
        )
    with pytest.raises(ServiceError) as incomplete:
        services.voting_order_override(actor=room.chair, debate_id=d, text_id=t, order=[first.pk])
    with pytest.raises(Conflict) as out_of_order:
        vote(room, first)

    assert incomplete.value.code == "bad_order"
    assert out_of_order.value.code == "voting_order"
    assert not DebateEvent.objects.filter(
        debate=room.debate, type="voting_order.overridden"
    ).exists()


def test_only_translators_sign_off_and_only_once():
    room = text_room()
    amendment = submit(room)
    texts = ["Les villes garantissent le logement."]

    with pytest.raises(NotAllowed):
        services.translation_sign(
            actor=room.delegates[0].user,
            debate_id=room.debate.pk,
            text_id=room.draft.pk,
            language="fr",
            texts=texts,
            amendment_id=amendment.pk,
        )
    services.translation_sign(
        actor=room.translator,
        debate_id=room.debate.pk,
        text_id=room.draft.pk,
        language="fr",
        texts=texts,
        amendment_id=amendment.pk,
    )
    with pytest.raises(Conflict):
        services.translation_sign(
            actor=room.translator,
            debate_id=room.debate.pk,
            text_id=room.draft.pk,
            language="fr",
            texts=texts,
            amendment_id=amendment.pk,
        )

    entry = text_state(room)["amendments"][0]
    assert entry["signed"] == {"en": True, "fr": True, "es": False}
    assert entry["operations"][0]["text"]["fr"] == "Les villes garantissent le logement."


def test_a_whole_sitting_logs_every_event_of_the_agenda_and_its_texts():
    room = amendment_sitting()

    types = set(DebateEvent.objects.filter(debate=room.debate).values_list("type", flat=True))
    assert {
        t
        for t in events.EVENT_TYPES
        if t.split(".")[0] in {"agenda", "amendment", "text", "translation", "voting_order"}
    } <= types
    statuses = {name: Amendment.objects.get(pk=a.pk).status for name, a in room.amendments.items()}
    assert statuses == {
        "carried": "carried",
        "fallen": "fell",
        "failed": "failed",
        "sub": "carried",
        "merged": "accepted",
    }
    declaration, report = DraftText.objects.order_by("pk")
    assert declaration.status == "adopted"
    assert [p["text"]["en"] for p in declaration.adopted] == [
        DRAFT[0]["en"],
        "Each member reports its progress every year, in public.",
        "The secretariat publishes a public index of rents.",
        DRAFT[3]["en"],
    ]
    assert (report.status, report.provisional) == ("rejected", True)
    assert folded(room) == room.debate.state


def test_amendments_submitted_before_the_item_opens_come_with_it_in_voting_order():
    room = make_room()
    d = room.debate.pk
    item = services.agenda_item_add(actor=room.chair, debate_id=d, title={"en": "Declaration"})
    draft = services.draft_text_table(
        actor=room.chair,
        debate_id=d,
        item_id=item.pk,
        title="Declaration",
        language="en",
        paragraphs=DRAFT,
        sponsor_id=room.delegates[0].pk,
    )
    operations = [
        {"op": "replace", "paragraph": "p3", "text": "The secretariat publishes an index."}
    ]
    early = services.amendment_submit(
        actor=room.delegates[1].user,
        debate_id=d,
        text_id=draft.pk,
        version=1,
        language="en",
        reason="Shorter.",
        operations=operations,
    )

    services.agenda_item_open(actor=room.chair, debate_id=d, item_id=item.pk)

    room.debate.refresh_from_db()
    text = room.debate.state["texts"][0]
    assert room.debate.state["agenda"]["current"] == item.pk
    assert [a["id"] for a in text["amendments"]] == [early.pk]
    assert text["order"] == [early.pk]
    assert text["signed"] == {"en": True, "fr": False, "es": False}
