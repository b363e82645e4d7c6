"""A text from debate to resolution in the browser: the chair runs an agenda item with
two amendments and a final vote while two delegates follow it in French and Spanish; a
translator signs off the Spanish version of an amendment written in French; the published
resolution shows its three languages and what changed from the draft."""

import pytest
from playwright.sync_api import expect

from debates.models import DraftText
from tests.browser.room_support import each
from tests.debates.texts import DRAFT, sign_all, submit, text_room, text_state

pytestmark = pytest.mark.django_db(transaction=True)

YEARLY = "Each member reports its progress every year."
MONTHLY_FR = "Le secrétariat publie chaque mois un indice des loyers."
MONTHLY_ES = "La secretaría publica cada mes un índice de alquileres."


def test_a_chair_takes_a_text_through_two_amendments_to_its_adoption(pages, screenshot):
    room = text_room(delegates=3)
    d, t = room.debate.pk, room.draft.pk
    yearly = submit(room, who=1, operations=[{"op": "replace", "paragraph": "p2", "text": YEARLY}])
    sign_all(room, yearly)
    monthly = submit(
        room,
        who=2,
        language="fr",
        operations=[{"op": "replace", "paragraph": "p3", "text": MONTHLY_FR}],
    )
    first, second = text_state(room)["order"]
    path = f"/debates/{d}/"
    chair = pages.open(room.chair, path)
    amina = pages.open(room.delegates[0].user, path)
    french = pages.open(room.delegates[1].user, path, locale="fr-FR")
    spanish = pages.open(room.delegates[2].user, path, locale="es-ES")
    delegates = [amina, french, spanish]
    everyone = [chair, *delegates]
    paragraphs = "#agenda-text-paragraphs li"

    # Each follows the open item's text in their language.
    expect(french.locator(paragraphs)).to_have_text([p["fr"] for p in DRAFT])
    expect(spanish.locator(paragraphs)).to_have_text([p["es"] for p in DRAFT])
    expect(chair.locator("#agenda-amendments li")).to_have_count(2)

    # The amendment in French waits for its translations: the translator signs off the
    # Spanish version (the English one is signed already).
    from debates import services

    services.translation_sign(
        actor=room.translator,
        debate_id=d,
        text_id=t,
        language="en",
        texts=["The secretariat publishes an index of rents every month."],
        amendment_id=monthly.pk,
    )
    translator = pages.open(room.translator, f"/debates/{d}/texts/{t}/translate/", wait=False)
    version = translator.locator("section", has_text=f"Amendment {monthly.pk} · ES")
    version.locator("textarea").fill(MONTHLY_ES)
    version.get_by_role("button", name="Sign off this version").click()
    expect(translator.locator(".empty")).to_have_text("Every version is signed off.")

    def vote(choices):
        for page, choice in zip(delegates, choices, strict=True):
            page.locator(f"form.ballot input[value='{choice}']").check()
            page.locator("form.ballot button[type=submit]").click()
            expect(page.locator("#open-votes .ballot-done")).to_be_visible()
        chair.get_by_role("button", name="Close the vote and publish the result").click()
        each(everyone, lambda p: expect(p.locator("#open-votes .vote-card")).to_have_count(0))

    carried = {yearly.pk: ("p2", YEARLY), monthly.pk: ("p3", MONTHLY_FR)}
    chair.get_by_role("button", name=f"Put amendment {first} to the vote").click()
    vote(["yes", "yes", "no"])
    expect(chair.locator("#agenda-amendments li[data-status='carried']")).to_contain_text(
        f"Amendment {first}"
    )
    chair.get_by_role("button", name=f"Put amendment {second} to the vote").click()
    vote(["no", "no", "yes"])
    expect(chair.locator("#agenda-amendments li[data-status='failed']")).to_contain_text(
        f"Amendment {second}"
    )
    # The text as it stands: the carried amendment in, the failed one out.
    key, words = carried[first]
    number = int(key[1:])
    if first == yearly.pk:
        expect(amina.locator(paragraphs).nth(number - 1)).to_have_text(words)
        expect(french.locator(paragraphs).nth(number - 1)).to_have_text(f"{YEARLY} [fr]")
    else:
        expect(french.locator(paragraphs).nth(number - 1)).to_have_text(MONTHLY_FR)
        expect(spanish.locator(paragraphs).nth(number - 1)).to_have_text(MONTHLY_ES)
    screenshot(chair, "room-text-chair", part="#agenda")
    screenshot(spanish, "room-text-es", part="#agenda")

    chair.get_by_role("button", name="Put the text to the final vote").click()
    vote(["yes", "yes", "yes"])
    assert DraftText.objects.get(pk=t).status == "adopted"

    resolution = pages.open(None, f"/debates/{d}/texts/{t}/", wait=False)
    for name in ("English", "Français", "Español"):
        expect(resolution.get_by_role("heading", name=name)).to_be_visible()
    expect(resolution.locator("del").first).to_be_visible()
    expect(resolution.locator("ins").first).to_be_visible()
    screenshot(resolution, "resolution")
    assert pages.errors == []


def test_a_delegate_follows_the_open_item_to_its_text_and_proposes_an_amendment(pages):
    from debates import services

    room = text_room(delegates=2)
    d = room.debate.pk
    amina = pages.open(
        room.delegates[0].user, f"/debates/{d}/", viewport={"width": 390, "height": 844}
    )
    link = amina.locator("#agenda-text-link")
    expect(link).to_have_attribute("href", f"/debates/{d}/texts/{room.draft.pk}/")

    # The chair moves on to the next item while the delegate's room is open.
    services.agenda_item_close(actor=room.chair, debate_id=d, item_id=room.item.pk)
    item = services.agenda_item_add(actor=room.chair, debate_id=d, title={"en": "Water"})
    water = services.draft_text_table(
        actor=room.chair,
        debate_id=d,
        item_id=item.pk,
        title="Water charter",
        language="en",
        paragraphs=[{"en": "Water is a common good.", "fr": "", "es": ""}],
        sponsor_id=room.delegates[1].pk,
    )
    services.agenda_item_open(actor=room.chair, debate_id=d, item_id=item.pk)
    expect(amina.locator("#agenda-text-title")).to_have_text("Water charter")
    expect(link).to_have_attribute("href", f"/debates/{d}/texts/{water.pk}/")

    link.click()
    amina.locator("#id_op").select_option("insert")
    amina.locator("#id_paragraph").select_option("p1")
    amina.locator("#id_text").fill("Cities publish the quality of their water.")
    amina.locator("#id_reason").fill("Transparency.")
    amina.get_by_role("button", name="Submit the amendment").click()

    expect(amina.locator(".messages")).to_contain_text("is submitted.")
    expect(amina.locator("ul.amendments > li")).to_have_count(1)
    assert amina.evaluate("document.documentElement.scrollWidth") <= 390


def test_the_chair_merges_two_amendments_and_changes_the_voting_order(pages, screenshot):
    room = text_room(delegates=2)
    d = room.debate.pk
    yearly = submit(room, who=0, operations=[{"op": "replace", "paragraph": "p2", "text": YEARLY}])
    monthly = submit(
        room, who=1, operations=[{"op": "replace", "paragraph": "p2", "text": "Every month."}]
    )
    review = submit(room, who=1, operations=[{"op": "delete", "paragraph": "p4"}])
    path = f"/debates/{d}/"
    phone = {"width": 390, "height": 844}
    chair = pages.open(room.chair, path, locale="fr-FR", viewport=phone)
    amina = pages.open(room.delegates[0].user, path, viewport=phone)
    expect(amina.locator("#agenda-amendments li")).to_have_count(3)
    expect(amina.get_by_text("Merge into…")).to_have_count(0)
    expect(amina.locator("#agenda-order-editor")).to_be_hidden()

    # The chair (reading French) merges the first amendment into the other one to the
    # same paragraph.
    line = chair.locator("#agenda-amendments li").filter(
        has=chair.locator(".agenda-amendment-line", has_text=f"Amendement {yearly.pk} ")
    )
    line.get_by_text("Fusionner avec…").click()
    expect(line.locator("select option")).to_have_text([f"Amendement {monthly.pk} (City1)"])
    screenshot(chair, "room-merge-fr", part="#agenda")
    assert chair.evaluate("document.documentElement.scrollWidth") <= 390
    line.get_by_role("button", name="Fusionner les deux amendements").click()
    expect(amina.locator("#agenda-amendments li[data-status='merged']")).to_have_count(2)
    expect(amina.locator("#agenda-amendments li")).to_have_count(4)
    merged = text_state(room)["amendments"][-1]
    assert merged["operations"] == [
        {"op": "replace", "paragraph": "p2", "text": {"en": "Every month.", "fr": "", "es": ""}}
    ]
    # Unless the chair gives one, the reason says what was merged, in the chair's words.
    assert merged["reason"] == f"Amendements {yearly.pk} et {monthly.pk} fusionnés."
    expect(amina.locator("#agenda-order")).to_have_text(
        f"Voting order: {merged['id']}, {review.pk}"
    )

    # Then puts the deletion first: moved up, confirmed, and every delegate sees it.
    chair.get_by_text("Modifier l'ordre de vote").click()
    chair.get_by_role("button", name=f"Monter l'amendement {review.pk}").click()
    expect(chair.locator("#agenda-order-list li").first).to_contain_text(
        f"1. Amendement {review.pk}"
    )
    screenshot(chair, "room-voting-order-fr", part="#agenda")
    assert chair.evaluate("document.documentElement.scrollWidth") <= 390
    chair.get_by_role("button", name="Confirmer le nouvel ordre").click()
    expect(amina.locator("#agenda-order")).to_have_text(
        f"Voting order: {review.pk}, {merged['id']}"
    )
    assert text_state(room)["order"] == [review.pk, merged["id"]]
    assert text_state(room)["overridden"] is True
    assert pages.errors == []
