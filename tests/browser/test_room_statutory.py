"""The live room's statutory voting in the browser: a roll call, a vote of one ballot per
member cast by a mandate holder who also holds a proxy, and an election with seats per
region whose tie the chair draws by lot.

The sitting is set up through the statutes' services (``statutory_room`` in
``tests.browser.room_support``): Dakar (Amina Diallo holds its mandate; Moussa Sarr does
not), Bogotá (Diego Restrepo), Seoul (Jiwoo Park), Berlin (Hannah Becker) and Guangzhou
(no delegate here; its proxy is held by Dakar) are in good standing; Lima (Rosa Quispe) is
not.
"""

import re

import pytest
from playwright.sync_api import expect

from debates.models import Debate
from tests.browser.room_support import (
    board_election,
    bot,
    candidate_ids,
    client_state_matches_server,
    each,
    seconded_motion,
    statutory_room,
)

pytestmark = pytest.mark.django_db(transaction=True)

PROJECTOR = {"width": 1920, "height": 1080}


def test_roll_call_answered_marked_and_closed(pages, screenshot):
    assembly = statutory_room()
    path = f"/debates/{assembly.debate_id}/"
    chair = pages.open(assembly.room.chair, path)
    amina = pages.open(assembly.user("Amina"), path)
    diego = pages.open(assembly.user("Diego"), path, viewport={"width": 390, "height": 844})
    projector = pages.open(None, path + "?view=projector", viewport=PROJECTOR)
    everyone = [chair, amina, diego, projector]
    console = chair.locator("#console")

    each(everyone, lambda p: expect(p.locator("#rollcall")).to_be_hidden())
    expect(console.locator("#rollcall-console-count")).to_have_text(
        "No roll call yet: every delegate with a seat counts as present."
    )
    # Before any vote: what a vote of one ballot per member would count on now.
    expect(console.locator("#console-roll")).to_have_text(
        "A vote of one ballot per member opened now: 4 members present, 1 represented,"
        " of 5 in good standing; quorum 3 (reached)."
    )
    console.get_by_role("button", name="Open a roll call").click()
    for page in everyone:
        expect(page.locator("#rollcall-status")).to_have_text("Open")
        expect(page.locator("#rollcall-text")).to_have_text(
            "The chair has opened a roll call: delegates answer whether they are in the hall"
            " or follow by videoconference."
        )
    expect(console.locator("#rollcall-console-count")).to_have_text(
        "0 of 6 delegates with a seat present"
    )
    expect(console.locator(".rollcall-name")).to_have_text(
        [
            "Hannah Becker",
            "Diego Restrepo",
            "Amina Diallo",
            "Moussa Sarr",
            "Rosa Quispe",
            "Jiwoo Park",
        ]
    )
    expect(chair.get_by_role("button", name="I am present")).to_have_count(0)

    amina.get_by_role("button", name="I am present").click()
    expect(amina.locator("#rollcall-mine")).to_have_text("You are marked present.")
    expect(amina.get_by_role("button", name="I am present")).to_be_hidden()
    expect(console.locator("#rollcall-console-count")).to_have_text(
        "1 of 6 delegates with a seat present"
    )
    each(
        [amina, diego, projector],
        lambda p: expect(p.locator("#rollcall-count")).to_have_text("1 delegate present so far"),
    )
    amina_row = console.locator(".rollcall-row", has_text="Amina Diallo")
    expect(amina_row.locator(".rollcall-how")).to_have_text("Answered")

    # The chair marks Diego from the floor, takes it back, and marks him again.
    mark = console.get_by_role("button", name="Mark Diego Restrepo present")
    mark.click()
    unmark = console.get_by_role("button", name="Mark Diego Restrepo absent")
    expect(unmark).to_be_focused()
    expect(diego.locator("#rollcall-mine")).to_have_text("The chair has marked you present.")
    expect(diego.get_by_role("button", name="I am present")).to_be_hidden()
    unmark.click()
    expect(diego.get_by_role("button", name="I am present")).to_be_visible()
    # On Diego's phone the roll call comes right after the floor, and fits.
    assert diego.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(diego, "statutory-rollcall-phone", part="#rollcall")
    expect(
        console.locator(".rollcall-row", has_text="Diego").locator(".rollcall-how")
    ).to_have_text("Absent")
    mark.click()
    expect(console.locator("#rollcall-console-count")).to_have_text(
        "2 of 6 delegates with a seat present"
    )
    each(
        [amina, diego, projector],
        lambda p: expect(p.locator("#rollcall-count")).to_have_text("2 delegates present so far"),
    )
    # The filter finds a delegate among many.
    console.get_by_label("Find a delegate").fill("bogo")
    expect(console.locator(".rollcall-name")).to_have_text(["Diego Restrepo"])
    console.get_by_label("Find a delegate").fill("")
    screenshot(chair, "statutory-rollcall-chair")

    console.get_by_role("button", name="Close the roll call").click()
    # Present: Dakar (Amina) and Bogotá (Diego); Guangzhou is represented by Dakar.
    summary = (
        "2 delegates present; 2 members present, 1 represented by proxy, of 5 in good standing."
    )
    for page in everyone:
        expect(page.locator("#rollcall-status")).to_have_text("Closed")
        expect(page.locator("#rollcall-count")).to_have_text(summary)
    expect(console.locator("#rollcall-console-count")).to_have_text(f"Last roll call: {summary}")
    expect(console.get_by_role("button", name="Open a roll call")).to_be_visible()
    expect(console.locator("#console-roll")).to_have_text(
        "A vote of one ballot per member opened now: 2 members present, 1 represented,"
        " of 5 in good standing; quorum 3 (reached)."
    )
    expect(amina.locator("#rollcall-mine")).to_have_text("You are marked present.")
    expect(projector.locator("#room button")).to_have_count(0)
    screenshot(projector, "statutory-rollcall-projector")
    for page in everyone:
        client_state_matches_server(page, assembly.debate_id)
    assert pages.errors == []


def test_vote_of_one_ballot_per_member_with_a_mandate_and_a_proxy(pages, screenshot, daphne_server):
    assembly = statutory_room()
    d = assembly.debate_id
    seconded_motion(assembly, "Raise the fees of the association by 2%.")
    path = f"/debates/{d}/"
    chair = pages.open(assembly.room.chair, path)
    amina = pages.open(assembly.user("Amina"), path)
    moussa = pages.open(assembly.user("Moussa"), path)
    rosa = pages.open(assembly.user("Rosa"), path)
    projector = pages.open(None, path + "?view=projector", viewport=PROJECTOR)
    everyone = [chair, amina, moussa, rosa, projector]

    open_vote = chair.locator("form.open-vote")
    expect(open_vote.get_by_label("Who votes")).to_have_value("per_organization")
    open_vote.get_by_role("button", name="Open the vote").click()
    # The roll: Dakar, Bogotá, Seoul and Berlin present; Guangzhou represented by Dakar.
    roll = "Roll: 4 members present, 1 represented, of 5 in good standing · quorum 3 members"
    for page in everyone:
        card = page.locator("#open-votes .vote-card")
        expect(card.locator(".vote-roll")).to_have_text(roll)
        expect(card.locator(".turnout-text")).to_have_text("0 of 5 have voted")
    expect(chair.locator("#console-roll")).to_have_text(
        f"Vote on motion 1: {roll} · quorum reached"
    )
    screenshot(chair, "statutory-vote-console", part="#console")
    # Amina holds Dakar's mandate and Guangzhou's proxy: two ballots, each its own.
    ballots = amina.locator("form.ballot")
    expect(ballots.locator("legend")).to_have_text(
        ["You vote for: Dakar (mandate)", "For Guangzhou (proxy)"]
    )
    expect(ballots.get_by_role("button")).to_have_text(
        ["Cast my vote", "Cast the vote of Guangzhou"]
    )
    # Moussa, of Dakar too, has no ballot: the mandate holder casts Dakar's.
    expect(moussa.locator("form.ballot")).to_have_count(0)
    expect(moussa.locator(".ballot-note")).to_have_text(
        "You have no ballot in this vote: your member's vote is cast by its mandate holder,"
        " or your member is not on the roll."
    )
    expect(rosa.locator("form.ballot")).to_have_count(0)
    expect(rosa.locator(".ballot-note")).to_have_text(
        "Your member is not in good standing at this event: you do not vote."
    )
    expect(chair.locator("form.ballot")).to_have_count(0)
    expect(projector.locator("form.ballot")).to_have_count(0)

    dakar, guangzhou = ballots.nth(0), ballots.nth(1)
    dakar.get_by_label("Yes").check()
    guangzhou.get_by_label("No").check()
    screenshot(amina, "statutory-vote-two-ballots")
    dakar.get_by_role("button", name="Cast my vote").click()
    slots = amina.locator("#open-votes .ballot-slot")
    expect(slots.nth(0).locator(".ballot-done")).to_have_text("You voted for Dakar: Yes.")
    expect(slots.nth(0).locator(".ballot-done")).to_be_focused()
    # The proxy's ballot, still being filled in, was not redrawn.
    expect(guangzhou).to_be_visible()
    expect(guangzhou.get_by_label("No")).to_be_checked()
    each(everyone, lambda p: expect(p.locator(".turnout-text")).to_have_text("1 of 5 has voted"))
    guangzhou.get_by_role("button", name="Cast the vote of Guangzhou").click()
    expect(slots.nth(1).locator(".ballot-done")).to_have_text(
        "You voted for Guangzhou (proxy): No."
    )
    expect(amina.locator("form.ballot")).to_have_count(2)
    expect(amina.locator("form.ballot:visible")).to_have_count(0)
    receipts = [slot.inner_text() for slot in slots.locator(".ballot-receipt").all()]
    codes = [text.removeprefix("Your receipt: ") for text in receipts]
    assert [len(code) for code in codes] == [10, 10], receipts
    assert codes[0] != codes[1]
    # After a reload the page knows both are cast, and what it cast.
    amina.reload()
    expect(amina.locator("#open-votes .ballot-done")).to_have_text(
        ["You voted for Dakar: Yes.", "You voted for Guangzhou (proxy): No."]
    )
    expect(amina.locator("#open-votes .ballot-receipt")).to_have_text(receipts)
    expect(amina.locator("form.ballot")).to_have_count(0)

    # Bogotá and Seoul vote from their own sockets (the turnout comes from the server).
    for name in ("Diego", "Jiwoo"):
        with bot(daphne_server, d, assembly.room.token(assembly.user(name))) as other:
            other.send("vote.cast", vote=_open_vote(d), choice="yes")
    each(everyone, lambda p: expect(p.locator(".turnout-text")).to_have_text("4 of 5 have voted"))
    chair.get_by_role("button", name="Close the vote and publish the result").click()

    for page in everyone:
        result = page.locator("#vote-results .result-card")
        expect(result.locator(".result-badge")).to_have_text("Carried")
        expect(result.locator(".tally-count")).to_have_text(["3", "1", "0"])
        expect(result.locator(".result-meta")).to_have_text(
            "Turnout 4 of 5 (80%) · 3 in person, 1 by proxy"
            " · Secret ballot · Simple majority · One vote per member organization · quorum 50%"
        )
        expect(result.locator(".result-roll")).to_have_text(roll)
    expect(amina.locator(".result-mine li")).to_have_text(
        ["You voted for Dakar: Yes.", "You voted for Guangzhou (proxy): No."]
    )
    # The result publishes every receipt counted: the page finds both of Amina's.
    event = Debate.objects.get(pk=d).events.get(type="vote.closed")
    assert sorted(codes) == sorted(set(codes) & set(event.data["receipts"]))
    expect(amina.locator(".result-receipts li")).to_have_text(
        [f"Your receipt {code} is among the receipts counted." for code in codes]
    )
    expect(moussa.locator(".result-mine")).to_be_hidden()
    # Back on the page later, Moussa learns that Dakar has voted, not that he did.
    moussa.reload()
    expect(moussa.locator(".result-mine")).to_have_text("Your member has voted.")
    expect(projector.locator("#vote-results .result-meta")).to_contain_text("1 by proxy")
    screenshot(projector, "statutory-vote-projector")
    screenshot(amina, "statutory-vote-result")
    for page in everyone:
        client_state_matches_server(page, d)
    assert pages.errors == []


def test_election_with_regional_seats_and_a_tie_drawn_by_lot(pages, screenshot, daphne_server):
    assembly = statutory_room()
    d = assembly.debate_id
    election = board_election(assembly, seats=3)
    ids = candidate_ids(election)
    path = f"/debates/{d}/"
    chair = pages.open(assembly.room.chair, path)
    amina = pages.open(assembly.user("Amina"), path)
    diego = pages.open(assembly.user("Diego"), path)
    projector = pages.open(None, path + "?view=projector", viewport=PROJECTOR)
    everyone = [chair, amina, diego, projector]
    console = chair.locator("#console-election-list")

    expect(amina.locator("#prepared-elections")).to_have_text(
        "Election of the Board3 seats · 4 candidates"
    )
    expect(console.locator(".console-election-status")).to_have_text("Prepared")
    expect(console.get_by_role("button", name="Close the election")).to_be_hidden()
    console.get_by_role("button", name="Open the election").click()
    meta = (
        "3 seats · Choose up to 3 of 4 candidates."
        " · Seats reserved per region (at least): Africa 1 · Europe 1"
    )
    roll = "Roll: 4 members present, 1 represented, of 5 in good standing · quorum 3 members"
    for page in everyone:
        card = page.locator("#open-elections .election-card")
        expect(card.locator(".vote-title")).to_have_text("Election of the Board")
        expect(card.locator(".vote-meta")).to_have_text(meta)
        expect(card.locator(".vote-roll")).to_have_text(roll)
        expect(card.locator(".turnout-text")).to_have_text("0 of 5 have voted")
    expect(projector.locator(".candidate-roster .candidate-name")).to_have_text(
        ["Dakar", "Bogotá", "Seoul", "Berlin"]
    )
    expect(console.locator(".console-election-status")).to_have_text("Open")
    expect(console.get_by_role("button", name="Open the election")).to_be_hidden()

    ballots = amina.locator("form.election-ballot")
    expect(ballots.locator("fieldset > legend")).to_have_text(
        ["You vote for: Dakar (mandate)", "For Guangzhou (proxy)"]
    )
    own, proxy = ballots.nth(0), ballots.nth(1)
    expect(own.locator(".choice-count")).to_have_text("0 of 3 chosen")
    for city in ("Dakar", "Bogotá"):
        own.get_by_label(city).check()
    expect(own.locator(".choice-count")).to_have_text("2 of 3 chosen")
    own.get_by_label("Seoul").check()
    expect(own.locator(".choice-count")).to_have_text(
        "3 of 3 chosen. Untick one to choose another."
    )
    expect(own.get_by_label("Berlin")).to_be_disabled()
    screenshot(amina, "statutory-election-ballot")
    own.get_by_role("button", name="Cast my ballot").click()
    expect(amina.locator(".ballot-done").first).to_have_text(
        "For Dakar you chose: Dakar, Bogotá, Seoul."
    )
    for city in ("Bogotá", "Seoul"):
        proxy.get_by_label(city).check()
    proxy.get_by_role("button", name="Cast the ballot of Guangzhou").click()
    expect(amina.locator(".ballot-done")).to_have_text(
        [
            "For Dakar you chose: Dakar, Bogotá, Seoul.",
            "For Guangzhou (proxy) you chose: Bogotá, Seoul.",
        ]
    )
    diego_ballot = diego.locator("form.election-ballot")
    expect(diego_ballot.locator("fieldset > legend")).to_have_text(["You vote for: Bogotá"])
    for city in ("Bogotá", "Seoul", "Dakar"):
        diego_ballot.get_by_label(city).check()
    diego_ballot.get_by_role("button", name="Cast my ballot").click()
    expect(diego.locator(".ballot-done")).to_have_text(
        "For Bogotá you chose: Dakar, Bogotá, Seoul."
    )
    for name, cities in (("Jiwoo", ["Seoul", "Bogotá", "Dakar"]), ("Hannah", ["Berlin"])):
        with bot(daphne_server, d, assembly.room.token(assembly.user(name))) as other:
            other.send("election.cast", election=election.pk, choices=[ids[c] for c in cities])
    for page in everyone:
        turnout = page.locator("#open-elections .election-card .turnout-text")
        expect(turnout).to_have_text("5 of 5 have voted")

    # Bogotá 4, Seoul 4, Dakar 3, Berlin 1: Africa's and Europe's seats go to Dakar and
    # Berlin, and Bogotá and Seoul are level for the third.
    console.get_by_role("button", name="Close the election").click()
    for page in everyone:
        result = page.locator("#election-results .election-result")
        expect(result.locator(".result-badge")).to_have_text("Tied")
        expect(result.locator(".election-outcome p")).to_have_text(
            ["Elected: Dakar, Berlin.", "Tied for 1 seat: Bogotá, Seoul."]
        )
        rows = result.locator(".election-counts tbody tr")
        expect(rows.locator(".candidate-name")).to_have_text(["Bogotá", "Seoul", "Dakar", "Berlin"])
        expect(rows.locator(".count")).to_have_text(["4", "4", "3", "1"])
        expect(rows.locator(".outcome")).to_have_text(["Tied", "Tied", "Elected", "Elected"])
        expect(result.locator(".result-meta")).to_have_text(
            "Turnout 5 of 5 (100%) · 4 in person, 1 by proxy · 3 seats"
        )
        expect(result.locator(".result-roll")).to_have_text(roll)
    expect(console.locator(".console-election-status")).to_have_text("Tied")
    screenshot(projector, "statutory-election-tied-projector")
    console.get_by_role("button", name="Resolve by lot").click()
    expect(chair.locator("#election-results .result-badge")).to_have_text("Closed")

    drawn = Debate.objects.get(pk=d).events.get(type="election.resolved").data["drawn"]
    by_id = {pk: name for name, pk in ids.items()}
    assert len(drawn) == 1
    winner = by_id[drawn[0]]
    assert winner in {"Bogotá", "Seoul"}
    for page in everyone:
        result = page.locator("#election-results .election-result")
        expect(result.locator(".result-badge")).to_have_text("Closed")
        expect(result.locator(".election-outcome p")).to_have_text(
            [f"Elected: Dakar, Berlin, {winner}.", f"Drawn by lot: {winner}."]
        )
        expect(
            result.locator(f".election-counts tr:has(.candidate-name:text-is('{winner}')) .outcome")
        ).to_have_text("Elected")
    expect(console.locator(".console-election")).to_have_count(0)
    expect(chair.locator("#console-elections-empty")).to_be_visible()
    expect(amina.locator("#election-results .result-mine li")).to_have_text(
        [
            "For Dakar you chose: Dakar, Bogotá, Seoul.",
            "For Guangzhou (proxy) you chose: Bogotá, Seoul.",
        ]
    )
    expect(amina.locator("#election-results .result-receipts li")).to_have_count(2)
    for item in amina.locator("#election-results .result-receipts li").all():
        expect(item).to_have_text(
            re.compile(r"^Your receipt [0-9A-F]{10} is among the receipts counted\.$")
        )
    # The projector shows the result whole: nothing cut off at 1920 by 1080.
    assert projector.evaluate("document.documentElement.scrollWidth") <= PROJECTOR["width"]
    card = projector.locator("#election-results .election-result").bounding_box()
    assert card["y"] + card["height"] <= PROJECTOR["height"]
    screenshot(projector, "statutory-election-projector")
    screenshot(chair, "statutory-election-chair")
    for page in everyone:
        client_state_matches_server(page, d)
    assert pages.errors == []


def _open_vote(debate_id: int) -> int:
    return Debate.objects.get(pk=debate_id).votes.get(is_open=True).pk


def test_election_by_yes_or_no_in_french_on_a_phone_goes_to_a_further_round(
    pages, screenshot, daphne_server
):
    assembly = statutory_room()
    d = assembly.debate_id
    election = board_election(assembly, seats=1, regional_minimum=None, method="approve")
    ids = candidate_ids(election)
    path = f"/debates/{d}/"
    chair = pages.open(assembly.room.chair, path)
    amina = pages.open(
        assembly.user("Amina"), path, viewport={"width": 390, "height": 844}, locale="fr-FR"
    )
    console = chair.locator("#console-election-list")
    expect(amina.locator("#elections-heading")).to_have_text("Élections")
    expect(amina.locator("#prepared-elections")).to_have_text(
        "Election of the Board1 siège · 4 candidats"
    )

    console.get_by_role("button", name="Open the election").click()
    card = amina.locator("#open-elections .election-card")
    expect(card.locator(".vote-meta")).to_have_text(
        "1 siège · Cochez Pour, Contre ou Abstention pour chacun des 4 candidats."
    )
    expect(card.locator(".vote-roll")).to_have_text(
        "Votants : 4 membres présents, 1 représentés, sur 5 à jour · quorum 3 membres"
    )
    ballots = amina.locator("form.election-ballot")
    expect(ballots.locator("fieldset > legend").first).to_have_text(
        "Vous votez pour : Dakar (mandat)"
    )
    expect(ballots.nth(1).locator("fieldset > legend").first).to_have_text(
        "Pour Guangzhou (procuration)"
    )
    own, proxy = ballots.nth(0), ballots.nth(1)
    expect(own.locator(".candidate-marks legend")).to_have_text(
        [
            "Dakar Afrique",
            "Bogotá Amériques et Caraïbes",
            "Seoul Asie et Pacifique",
            "Berlin Europe",
        ]
    )
    expect(own.locator(".choice-count")).to_have_text(
        "0 sur 4 cochés ; les candidats non cochés comptent comme abstention."
    )
    dakar = own.get_by_role("group", name="Dakar Afrique")
    dakar.get_by_label("Pour").check()
    own.get_by_role("group", name="Berlin Europe").get_by_label("Contre").check()
    expect(own.locator(".choice-count")).to_have_text(
        "2 sur 4 cochés ; les candidats non cochés comptent comme abstention."
    )
    assert amina.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(amina, "statutory-election-phone-fr", part="#elections")
    own.get_by_role("button", name="Déposer mon bulletin").click()
    expect(amina.locator(".ballot-done").first).to_have_text(
        "Pour Dakar, vous avez coché : Dakar : Pour · Berlin : Contre."
    )
    proxy.get_by_role("group", name="Bogotá Amériques et Caraïbes").get_by_label("Pour").check()
    proxy.get_by_role("button", name="Déposer le bulletin de Guangzhou").click()
    expect(amina.locator(".ballot-done").nth(1)).to_have_text(
        "Pour Guangzhou (procuration), vous avez coché : Bogotá : Pour."
    )
    for name, city in (("Diego", "Bogotá"), ("Jiwoo", "Dakar")):
        with bot(daphne_server, d, assembly.room.token(assembly.user(name))) as other:
            other.send("election.cast", election=election.pk, marks={str(ids[city]): "yes"})

    # Dakar and Bogotá have two yes each for one seat: tied; the chair calls a further round.
    console.get_by_role("button", name="Close the election").click()
    result = amina.locator("#election-results .election-result")
    expect(result.locator(".result-badge")).to_have_text("Égalité")
    expect(result.locator(".election-outcome p")).to_have_text(
        ["Ex æquo pour 1 siège : Dakar, Bogotá."]
    )
    expect(result.locator(".election-counts thead th")).to_have_text(
        ["Candidat", "Région", "Pour", "Contre", "Abstention", "Issue"]
    )
    expect(result.locator(".election-counts tbody tr").first.locator("td")).to_have_text(
        ["Afrique", "2", "0", "2", "Ex æquo"]
    )
    # The counts fit the phone's width: no column is cut off.
    assert result.locator(".table-scroll").evaluate("n => n.scrollWidth <= n.clientWidth")
    console.get_by_role("button", name="Hold a further round").click()
    expect(result.locator(".result-badge")).to_have_text("Clos")
    expect(result.locator(".election-outcome p")).to_have_text(
        ["Ex æquo pour 1 siège : Dakar, Bogotá.", "L'égalité est renvoyée à un nouveau tour."]
    )
    expect(console.locator(".console-election-title")).to_have_text(
        "Election of the Board, round 2"
    )
    expect(amina.locator("#prepared-elections .prepared-title")).to_have_text(
        "Election of the Board, tour 2"
    )
    console.get_by_role("button", name="Open the election").click()
    round_two = amina.locator("#open-elections .election-card")
    expect(round_two.locator(".vote-title")).to_have_text("Election of the Board, tour 2")
    expect(round_two.locator("form.election-ballot").first.locator(".candidate-name")).to_have_text(
        ["Dakar", "Bogotá"]
    )
    expect(round_two.locator("form.election-ballot")).to_have_count(2)
    assert amina.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(amina, "statutory-round-two-phone-fr", part="#elections")
    client_state_matches_server(amina, d)
    assert pages.errors == []
