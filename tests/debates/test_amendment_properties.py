"""Random sequences of amendments, votes, friendly changes, withdrawals and overrides of
the voting order, played through the services on a text of four paragraphs. After each:

- the consolidated text is the draft with the operations of the carried amendments
  applied in the order they carried (by a reference written here, not the fold's);
- the amendments that fell are exactly those a carried one made impossible, with the
  reason;
- the snapshot is the fold of the log.
"""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from debates import services
from debates.models import Amendment, DebateEvent, DraftText
from plenary.errors import ServiceError
from tests.debates.texts import folded, sign_all, submit, text_room, text_state

pytestmark = pytest.mark.django_db

# Two of the four paragraphs: amendments meet on them often.
PARAGRAPHS = ["p1", "p2"]

operation = st.one_of(
    st.builds(lambda p: {"op": "delete", "paragraph": p}, st.sampled_from(PARAGRAPHS)),
    st.builds(
        lambda p, w: {"op": "replace", "paragraph": p, "text": w},
        st.sampled_from(PARAGRAPHS),
        st.sampled_from(["New words.", "Other words entirely, and longer.", "X."]),
    ),
    st.builds(
        lambda p: {"op": "insert", "after": p, "text": "An added paragraph."},
        st.sampled_from([None, *PARAGRAPHS]),
    ),
)
submission = st.tuples(
    st.just("submit"), st.lists(operation, min_size=1, max_size=2, unique_by=str)
)
step = st.one_of(
    submission,
    submission,
    st.tuples(st.just("vote"), st.booleans()),
    st.tuples(st.just("amend"), st.integers(0, 5)),
    st.tuples(st.just("vote"), st.booleans()),
    st.tuples(st.just("accept"), st.integers(0, 5)),
    st.tuples(st.just("withdraw"), st.integers(0, 5)),
    st.tuples(st.just("override"), st.randoms(use_true_random=False)),
)


def reference(draft: list[tuple[str, str]], carried: list[list[dict]]) -> list[tuple[str, str]]:
    """The English text after each carried amendment's operations, one after the other:
    (key, words) pairs, inserted paragraphs after those inserted earlier at that place."""
    text = list(draft)
    for operations in carried:
        for op in operations:
            keys = [key for key, _words in text]
            if op["op"] == "insert":
                if op["after"] is not None and op["after"] not in keys:
                    continue
                at = 0 if op["after"] is None else keys.index(op["after"]) + 1
                while at < len(text) and text[at][0].startswith("a"):
                    at += 1
                text.insert(at, (op["key"], op["text"]["en"]))
            elif op["paragraph"] in keys:
                at = keys.index(op["paragraph"])
                if op["op"] == "delete":
                    del text[at]
                else:
                    text[at] = (op["paragraph"], op["text"]["en"])
    return text


def changes(operations):
    return {op["paragraph"] for op in operations if op["op"] != "insert"}


def impossible(pending_ops, carried_ops) -> bool:
    removed = {op["paragraph"] for op in carried_ops if op["op"] == "delete"}
    anchors = {op["after"] for op in pending_ops if op["op"] == "insert"}
    return bool(changes(pending_ops) & changes(carried_ops) or anchors & removed)


def entries(room):
    return {a["id"]: a for a in text_state(room)["amendments"]}


class Model:
    """What the test expects: the carried operations in order, the amendments that must
    have fallen."""

    def __init__(self):
        self.carried: list[list[dict]] = []
        self.fallen: set[int] = set()

    def carry(self, room, amendment_id, before: dict):
        """``before``: the amendments as they stood when ``amendment_id`` carried."""
        carried = entries(room)[amendment_id]
        if carried["amends"] is not None:
            # Revises the other; its pending children are untouched, nothing else falls.
            return
        self.carried.append(carried["operations"])
        for other in before.values():
            if other["id"] == amendment_id or other["status"] != "submitted":
                continue
            if other["amends"] is None and impossible(other["operations"], carried["operations"]):
                self.fallen.add(other["id"])
        for other in before.values():
            if other["status"] == "submitted" and other["amends"] in self.fallen:
                self.fallen.add(other["id"])

    def left(self, before: dict, amendment_id):
        """``amendment_id`` was voted on, accepted or withdrawn: the amendments to it fall."""
        for other in before.values():
            if other["amends"] == amendment_id and other["status"] == "submitted":
                self.fallen.add(other["id"])


def play(room, model, action, argument):
    d, t = room.debate.pk, room.draft.pk
    before = entries(room)
    pending = [a for a in before.values() if a["status"] == "submitted"]
    if action == "submit":
        keys = {p["key"] for p in text_state(room)["paragraphs"]}
        targets = {op.get("paragraph", op.get("after")) for op in argument} - {None}
        if targets <= keys:
            sign_all(room, submit(room, operations=argument))
        else:
            with pytest.raises(ServiceError) as refused:
                submit(room, operations=argument)
            assert refused.value.code == "no_such_paragraph"
    elif action == "amend" and pending:
        parent = pending[argument % len(pending)]
        targets = sorted(changes(parent["operations"]))
        if parent["amends"] is None and targets:
            ops = [{"op": "replace", "paragraph": targets[0], "text": "Amended again."}]
            sign_all(room, submit(room, operations=ops, amends=parent["id"]))
    elif action == "vote" and text_state(room)["order"]:
        first = text_state(room)["order"][0]
        opened = services.amendment_put_to_vote(
            actor=room.chair, debate_id=d, text_id=t, amendment_id=first
        )
        for delegate in room.delegates:
            choice = "yes" if argument else "no"
            services.vote_cast(actor=delegate.user, debate_id=d, vote_id=opened.pk, choice=choice)
        services.vote_close(actor=room.chair, debate_id=d)
        model.left(before, first)
        if argument:
            model.carry(room, first, before)
    elif action == "accept" and pending:
        chosen = pending[argument % len(pending)]
        try:
            services.amendment_accept(
                actor=room.chair, debate_id=d, text_id=t, amendment_id=chosen["id"]
            )
        except ServiceError:
            assert chosen["amends"] is not None
            return
        model.left(before, chosen["id"])
        model.carry(room, chosen["id"], before)
    elif action == "withdraw" and pending:
        chosen = pending[argument % len(pending)]
        services.amendment_withdraw(
            actor=room.chair, debate_id=d, text_id=t, amendment_id=chosen["id"]
        )
        model.left(before, chosen["id"])
    elif action == "override" and len(text_state(room)["order"]) > 1:
        order = list(text_state(room)["order"])
        argument.shuffle(order)
        services.voting_order_override(actor=room.chair, debate_id=d, text_id=t, order=order)


def check(room, model, draft):
    room.debate.refresh_from_db()
    state = text_state(room)
    shown = [(p["key"], p["text"]["en"]) for p in state["paragraphs"]]
    assert shown == reference(draft, model.carried)
    fell = set(
        Amendment.objects.filter(draft=room.draft, status="fell").values_list("pk", flat=True)
    )
    assert fell == model.fallen
    for event in DebateEvent.objects.filter(debate=room.debate, type="amendment.fell"):
        assert event.data["reason"]["code"] in {
            "deleted",
            "replaced",
            "anchor_deleted",
            "amended_fell",
            "amended_voted",
            "amended_accepted",
            "amended_withdrawn",
        }
    pending = set(
        Amendment.objects.filter(draft=room.draft, status="submitted").values_list("pk", flat=True)
    )
    assert set(state["order"]) == pending
    assert state["version"] == DraftText.objects.get(pk=room.draft.pk).version
    assert folded(room) == room.debate.state


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(step, min_size=4, max_size=12))
def test_the_consolidated_text_is_the_carried_operations_in_order(db, steps):
    room = text_room(delegates=2)
    model = Model()
    draft = [(p["key"], p["text"]["en"]) for p in text_state(room)["paragraphs"]]
    for action, argument in steps:
        play(room, model, action, argument)
        check(room, model, draft)
