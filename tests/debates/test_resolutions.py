"""The pages of a text: read in one's language with numbered lines while debated; once
adopted, the resolution in three languages with its vote, its amendments and the changes
from the draft, also as Markdown and PDF; the translators' sign-off view."""

import io

import pytest
from pypdf import PdfReader

from debates import services
from debates.models import Amendment, Signoff
from tests.debates.texts import DRAFT, amendment_sitting, submit, text_room
from tests.support import signed_in

pytestmark = pytest.mark.django_db


def pdf_text(body: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)


def test_a_delegate_reads_the_text_in_french_with_numbered_lines_and_the_voting_order():
    room = text_room()
    amendment = submit(room, operations=[{"op": "delete", "paragraph": "p2"}])

    page = signed_in(room.delegates[0].user).get(
        f"/debates/{room.debate.pk}/texts/{room.draft.pk}/?lang=fr"
    )

    body = page.content.decode()
    assert page.status_code == 200
    assert DRAFT[0]["fr"].replace("'", "&#x27;") in body
    assert 'data-line="1"' in body
    assert 'data-line="4"' in body
    assert f"Amendement {amendment.pk}" in body
    assert "Supprimer le paragraphe 2" in body
    assert "Traduction requise : fr, es" in body


def test_the_published_resolution_shows_three_languages_the_vote_and_the_diff():
    room = amendment_sitting()
    declaration = Amendment.objects.get(pk=room.amendments["carried"].pk).draft

    client = signed_in(room.observer)
    page = client.get(f"/debates/{room.debate.pk}/texts/{declaration.pk}/")
    markdown = client.get(f"/debates/{room.debate.pk}/texts/{declaration.pk}.md")

    body = page.content.decode()
    assert page.status_code == 200
    for name in (">English<", ">Français<", ">Español<"):
        assert name in body
    assert "Adopted: 2 for, 0 against, 1 abstaining." in body
    assert "<del>Each member reports its progress every two years.</del>" in body
    assert "<ins>Each member reports its progress every year, in public.</ins>" in body
    text = markdown.content.decode()
    assert markdown["Content-Type"] == "text/markdown; charset=utf-8"
    assert "## Français" in text
    assert "2. Each member reports its progress every year, in public. [fr]" in text
    assert f"- {room.amendments['carried'].pk} (City1): Carried" in text


def test_a_text_still_debated_has_no_markdown_resolution():
    room = text_room()

    answer = signed_in(room.observer).get(f"/debates/{room.debate.pk}/texts/{room.draft.pk}.md")

    assert answer.status_code == 404


def test_a_translator_signs_off_an_amendment_in_the_translation_view():
    room = text_room()
    amendment = submit(room)
    client = signed_in(room.translator)
    path = f"/debates/{room.debate.pk}/texts/{room.draft.pk}/translate/"

    listed = client.get(path)
    signed = client.post(
        path,
        {
            "language": "es",
            "amendment": amendment.pk,
            "key": "p1",
            "kind": "replace",
            "words": "Las ciudades garantizan la vivienda.",
        },
    )
    empty = client.post(
        path,
        {"language": "fr", "amendment": amendment.pk, "key": "p1", "kind": "replace", "words": " "},
    )

    assert listed.status_code == 200
    assert "Cities guarantee housing." in listed.content.decode()
    assert signed.status_code == 302
    assert set(Signoff.objects.filter(amendment=amendment).values_list("language", flat=True)) == {
        "en",
        "es",
    }
    assert empty.status_code == 400
    assert "A paragraph is empty." in empty.content.decode()


def test_the_translation_view_is_for_translators_only():
    room = text_room()

    answer = signed_in(room.delegates[0].user).get(
        f"/debates/{room.debate.pk}/texts/{room.draft.pk}/translate/"
    )

    assert answer.status_code == 404


def test_the_room_lists_the_agenda_with_a_link_to_the_text_in_spanish():
    room = text_room()
    submit(room)

    page = signed_in(room.delegates[0].user).get(f"/debates/{room.debate.pk}/?lang=es")

    body = page.content.decode()
    assert "1. Declaración sobre la vivienda" in body
    assert f'href="/debates/{room.debate.pk}/texts/{room.draft.pk}/"' in body
    assert "(1 enmienda)" in body


def test_the_minutes_give_each_amendment_its_fate_and_the_adopted_text():
    room = amendment_sitting()
    services.debate_transition(actor=room.chair, debate_id=room.debate.pk, to="closed")
    client = signed_in(room.observer)
    fallen, carried = room.amendments["fallen"].pk, room.amendments["carried"].pk

    page = client.get(f"/debates/{room.debate.pk}/minutes").content.decode()
    client.cookies["django_language"] = "fr"
    markdown = client.get(f"/debates/{room.debate.pk}/minutes.md").content.decode()

    assert ">Item 1: Housing declaration</h2>" in page
    assert ">Dakar Declaration on Housing (Adopted)</h3>" in page
    assert f"Fell: paragraph 2 was replaced by amendment {carried}" in page
    assert "<li>Each member reports its progress every year, in public.</li>" in page
    assert "## Point 1 : Déclaration sur le logement\n" in markdown
    assert "### Dakar Declaration on Housing (Adopté)\n" in markdown
    assert f"- Amendement {fallen} (" in markdown
    assert f"le paragraphe 2 a été remplacé par l'amendement {carried}" in markdown
    assert "2. Each member reports its progress every year, in public. [fr]" in markdown


def test_the_resolution_and_the_minutes_download_as_pdf_saying_what_the_markdown_says():
    room = amendment_sitting()
    services.debate_transition(actor=room.chair, debate_id=room.debate.pk, to="closed")
    declaration = Amendment.objects.get(pk=room.amendments["carried"].pk).draft
    client = signed_in(room.observer)

    resolution = client.get(f"/debates/{room.debate.pk}/texts/{declaration.pk}.pdf")
    minutes = client.get(f"/debates/{room.debate.pk}/minutes.pdf")

    assert resolution["Content-Type"] == "application/pdf"
    text = pdf_text(resolution.content)
    assert "Adopted: 2 for, 0 against, 1 abstaining." in text
    assert "Français" in text
    assert "Español" in text
    assert "Each member reports its progress every year, in public." in text
    assert minutes["Content-Type"] == "application/pdf"
    minutes_text = pdf_text(minutes.content)
    assert "Minutes: " in minutes_text
    assert f"paragraph 2 was replaced by amendment {room.amendments['carried'].pk}" in minutes_text


def test_a_text_still_debated_has_no_pdf_resolution():
    room = text_room()

    answer = signed_in(room.observer).get(f"/debates/{room.debate.pk}/texts/{room.draft.pk}.pdf")

    assert answer.status_code == 404
