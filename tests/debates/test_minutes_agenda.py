"""The minutes follow the agenda: what was said, proposed and voted comes under the
agenda item that was open at the time."""

import pytest

from debates import services
from tests.debates.conftest import make_room
from tests.support import signed_in

pytestmark = pytest.mark.django_db


def _item(room, en, fr):
    return services.agenda_item_add(
        actor=room.chair, debate_id=room.debate.pk, title={"en": en, "fr": fr, "es": en}
    )


def _speech(room, who):
    d = room.debate.pk
    services.floor_request(actor=who.user, debate_id=d)
    services.floor_grant(actor=room.chair, debate_id=d)
    services.floor_end(actor=who.user, debate_id=d)


def agenda_sitting():
    """A speech before any item; item 1 with a speech, a motion and its vote; item 2
    with a speech; then the sitting closes."""
    room = make_room(delegates=3)
    d = room.debate.pk
    amina, diego, mei = room.delegates
    services.debate_transition(actor=room.chair, debate_id=d, to="open")
    services.debate_transition(actor=room.chair, debate_id=d, to="live")
    _speech(room, mei)
    report = _item(room, "Annual report", "Rapport annuel")
    accounts = _item(room, "Accounts", "Comptes")
    services.agenda_item_open(actor=room.chair, debate_id=d, item_id=report.pk)
    _speech(room, amina)
    motion = services.motion_propose(actor=amina.user, debate_id=d, text="Approve the report")
    services.motion_second(actor=diego.user, debate_id=d, motion_id=motion.pk)
    vote = services.vote_open(actor=room.chair, debate_id=d, motion_id=motion.pk, secret=False)
    for delegate in (amina, diego, mei):
        services.vote_cast(actor=delegate.user, debate_id=d, vote_id=vote.pk, choice="yes")
    services.vote_close(actor=room.chair, debate_id=d)
    services.agenda_item_close(actor=room.chair, debate_id=d, item_id=report.pk)
    services.agenda_item_open(actor=room.chair, debate_id=d, item_id=accounts.pk)
    _speech(room, diego)
    services.agenda_item_close(actor=room.chair, debate_id=d, item_id=accounts.pk)
    services.debate_transition(actor=room.chair, debate_id=d, to="closed")
    room.items = (report, accounts)
    return room


def test_json_minutes_tag_each_speech_motion_and_vote_with_its_item():
    room = agenda_sitting()
    report, accounts = room.items

    minutes = signed_in(room.observer).get(f"/debates/{room.debate.pk}/minutes.json").json()

    names = [delegate.display_name for delegate in room.delegates]
    assert [(s["name"], s["item"]) for s in minutes["speakers"]] == [
        (names[2], None),
        (names[0], report.pk),
        (names[1], accounts.pk),
    ]
    assert [(m["text"], m["item"]) for m in minutes["motions"]] == [
        ("Approve the report", report.pk)
    ]
    assert [v["item"] for v in minutes["votes"]] == [report.pk]


def test_html_minutes_have_a_part_per_agenda_item_in_the_reader_language():
    room = agenda_sitting()
    client = signed_in(room.observer)
    client.cookies["django_language"] = "fr"

    html = client.get(f"/debates/{room.debate.pk}/minutes").content.decode()

    outside = html.index("Hors des points de l\u2019ordre du jour")
    first = html.index("Point 1 : Rapport annuel")
    second = html.index("Point 2 : Comptes")
    assert outside < first < second
    amina, diego, mei = (delegate.display_name for delegate in room.delegates)
    assert outside < html.index(f"<td>{mei}</td>") < first
    assert first < html.index(f"<td>{amina}</td>") < html.index("Approve the report") < second
    assert second < html.index(f"<td>{diego}</td>")
    # Each item says when it was opened and closed; one without motions does not list
    # an empty "Motions".
    assert html.count("Ouvert le ") == 3  # the sitting and its two items
    assert html[second:].count("Motions") == 0


def test_markdown_minutes_put_each_item_under_its_own_heading():
    room = agenda_sitting()

    text = signed_in(room.observer).get(f"/debates/{room.debate.pk}/minutes.md").content.decode()

    first = text.index("## Item 1: Annual report\n")
    second = text.index("## Item 2: Accounts\n")
    assert text.index("## Outside the agenda items\n") < first < second
    assert first < text.index("### Votes\n") < second
    assert text.index("### Speakers\n") < first
    assert "| 3 | " in text[second:]


def test_minutes_without_an_agenda_read_as_before():
    room = make_room(delegates=1)
    d = room.debate.pk
    services.debate_transition(actor=room.chair, debate_id=d, to="open")
    services.debate_transition(actor=room.chair, debate_id=d, to="live")
    _speech(room, room.delegates[0])
    services.debate_transition(actor=room.chair, debate_id=d, to="closed")

    text = signed_in(room.observer).get(f"/debates/{d}/minutes.md").content.decode()

    assert "Item " not in text
    assert "\n## Speakers\n" in text
    assert "\n## Motions\n\nNo motion was proposed." in text
    assert "\n## Votes\n\nNo vote was held." in text
