"""Badges on paper: every demo name set in a font that has its glyphs (never a box), and
a QR code that a real decoder reads back to a signature that verifies."""

import io

import pytest
import segno
import zxingcpp
from django.conf import settings
from django.utils import timezone
from PIL import Image
from pypdf import PdfReader

from demo.onsite import NATIVE_NAMES
from onsite import credentials, services
from onsite.badges.pdf import (
    BadgePrint,
    badge_document,
    close_fonts,
    qr_symbol,
    render_badges,
)
from onsite.badges.prints import badge_code, badge_credential, badges_pdf
from plenary.fonts import uncovered
from tests.factories import AccreditationFactory, DelegateFactory, OrganizationFactory

NAMES = [*NATIVE_NAMES.values(), "Diego Restrepo", "Amina Diallo", "مشهد", "广州", "Bogotá"]


def prints(names):
    return [
        BadgePrint(
            name=name,
            latin_name="",
            title="Councillor",
            organization="Alcaldía Mayor de Bogotá",
            region="americas",
            region_label="Americas & the Caribbean",
            role="delegate",
            role_label="Delegate",
            event="Annual Meeting",
            event_line="Bogotá · 12\u201315 Oct",
            code="PL:" + "A" * 127,
        )
        for name in names
    ]


def drawn(document) -> tuple[set[int], set[str]]:
    """The characters the document's glyphs stand for, and the names of those glyphs."""
    characters, glyphs = set(), set()
    for font in document.fonts.values():
        for glyph, _char_id in font.subset.items():
            if glyph is None or glyph.unicode == (0,):
                continue  # fpdf2's own placeholder for U+0000, in every subset
            characters.update(glyph.unicode)
            glyphs.add(glyph.glyph_name)
    return characters, glyphs


def test_every_demo_name_is_drawn_with_glyphs_of_its_own_script():
    document = badge_document(prints(NAMES), paper="a4")
    characters, glyphs = drawn(document)  # before the output adds .notdef to each subset
    close_fonts(document)
    needed = {ord(char) for name in NAMES for char in name if not char.isspace()}

    assert [uncovered(name) for name in NAMES] == [""] * len(NAMES)
    assert needed - characters == set()
    assert ".notdef" not in glyphs
    assert document.pages_count == 2  # eight badges, four to a sheet


def test_a_script_no_font_has_is_caught_by_the_same_check():
    thai = "สมชาย"
    document = badge_document(prints([thai]))
    characters, _glyphs = drawn(document)
    close_fonts(document)

    assert uncovered(thai) == "ชมยสา"
    assert {ord(char) for char in thai} - characters == {ord(char) for char in thai}


@pytest.mark.django_db
def test_the_printed_code_decodes_with_a_real_reader_and_its_signature_verifies(event, secretariat):
    delegate = DelegateFactory(organization=OrganizationFactory(region="asia_pacific"))
    accreditation = AccreditationFactory(event=event, delegate=delegate)
    badge = services.badge_issue(actor=secretariat, accreditation=accreditation, name="陈美")
    code = badge_code(badge)
    png = io.BytesIO()
    qr_symbol(code).save(png, kind="png", scale=4)

    (read,) = zxingcpp.read_barcodes(Image.open(io.BytesIO(png.getvalue())))
    credential = credentials.read(
        read.text,
        event_id=event.pk,
        public_key=bytes(event.signing_key.public_key),
        now=timezone.now(),
        site_url=settings.SITE_URL,
    )

    assert read.format == zxingcpp.BarcodeFormat.QRCode
    assert read.text == f"{settings.SITE_URL}/b/{badge_credential(badge)}"
    # The address in byte mode, the credential in alphanumeric mode: version 7 (45
    # modules) where the whole link in byte mode would need version 9.
    assert qr_symbol(code).version == 7
    assert segno.make(code, error="m").version == 9
    assert (credential.accreditation_id, credential.version) == (accreditation.pk, 1)
    text = PdfReader(io.BytesIO(badges_pdf([badge]))).pages[0].extract_text()
    assert "陈" in text
    assert "美" in text
    assert "Scan with your phone to sign in" in text


def test_an_empty_batch_is_one_blank_page():
    assert len(PdfReader(io.BytesIO(render_badges([]))).pages) == 1
