"""Minutes read in the reader's language: headings, statuses, choices, regions."""

import pytest

from tests.debates.test_api_minutes import closed_room_with_votes

pytestmark = pytest.mark.django_db


def test_markdown_minutes_in_french(client):
    room = closed_room_with_votes()
    amina = room.delegates[0].display_name

    text = client.get(f"/debates/{room.debate.pk}/minutes.md?lang=fr").content.decode()

    assert "# Procès-verbal : Housing resolution" in text
    assert "| # | intervenant | organisation | type | langue | durée |" in text
    assert f"| 1 | {amina} | City0 | intervention | Anglais | 0:00 |" in text
    assert "- Afrique : 1 intervention, 0:00" in text
    assert (
        "(scrutin secret, majorité simple) : pour 2, contre 1, abstention 0 ; "
        "participation 3 sur 3 : **adoptée**"
    ) in text
    assert f"  - {amina} (City0) : pour" in text
    assert "carried" not in text
    assert "africa" not in text.lower().replace("afrique", "")


def test_markdown_minutes_in_spanish(client):
    room = closed_room_with_votes()
    amina = room.delegates[0].display_name

    text = client.get(f"/debates/{room.debate.pk}/minutes.md?lang=es").content.decode()

    assert "# Acta: Housing resolution" in text
    assert "- África: 1 intervención, 0:00" in text
    assert (
        "(votación nominal, mayoría simple): sí 1, no 1, abstención 0; "
        "participación 2 de 3: **rechazada**"
    ) in text
    assert f"  - {amina} (City0): a favor" in text


def test_html_minutes_say_codes_in_words(client):
    room = closed_room_with_votes()

    html = client.get(f"/debates/{room.debate.pk}/minutes?lang=fr").content.decode()

    assert "<strong>adoptée</strong>" in html
    assert "<strong>rejetée</strong>" in html
    assert "<td>Afrique</td>" in html
    assert ": pour</li>" in html
    for code in ("carried", "failed", "per_delegate", "point_of_order", "no_quorum"):
        assert code not in html
