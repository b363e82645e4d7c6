"""Every badge layout the secretariat may pick: each sets the demo names in glyphs of
their own script (never a box), each QR code it prints is read back by a real reader,
and each is told apart by the bands it fills."""

import pytest

from onsite.badges.layouts import LAYOUTS
from onsite.badges.pdf import BadgePrint, badge_document, close_fonts, render_badges
from onsite.models import BadgeLayout
from plenary.fonts import uncovered
from tests.onsite.badges.support import decoded_codes, filled_rectangles, pdf_pages
from tests.onsite.badges.test_pdf import NAMES, drawn

ROLES = ["delegate", "chair", "press", "staff", "observer"]
REGIONS = ["africa", "americas", "asia_pacific", "europe"]


def prints(names, *, latin=""):
    return [
        BadgePrint(
            name=name,
            latin_name=latin,
            title="Councillor",
            organization="Alcaldía Mayor de Bogotá",
            region=REGIONS[index % len(REGIONS)],
            region_label="Americas & the Caribbean",
            role=ROLES[index % len(ROLES)],
            role_label="Délégué",
            event="Annual Meeting",
            event_line="Bogotá · 12\u201315 Oct",
            code=f"PL:{index:03d}" + "A" * 124,
        )
        for index, name in enumerate(names)
    ]


def test_the_layouts_are_the_choices_the_secretariat_has():
    assert sorted(LAYOUTS) == sorted(BadgeLayout.values) == ["band", "classic", "contrast"]


@pytest.mark.parametrize("layout", BadgeLayout.values)
def test_each_layout_draws_every_demo_name_with_glyphs_of_its_own_script(layout):
    latin = "Chen Mei · Fāṭima Benali"
    document = badge_document(prints(NAMES, latin=latin), paper="a4", layout=layout)
    characters, glyphs = drawn(document)
    close_fonts(document)
    needed = {ord(char) for text in [*NAMES, latin] for char in text if not char.isspace()}

    assert [uncovered(name) for name in NAMES] == [""] * len(NAMES)
    assert needed - characters == set()
    assert ".notdef" not in glyphs
    assert document.pages_count == 2


@pytest.mark.parametrize("layout", BadgeLayout.values)
@pytest.mark.parametrize(("paper", "pages"), [("a4", 2), ("a6", 5)])
def test_each_layout_prints_qr_codes_a_real_reader_reads_back(layout, paper, pages):
    badges = prints(NAMES[:5])
    pdf = render_badges(badges, paper=paper, layout=layout)

    assert len(pdf_pages(pdf)) == pages
    assert sorted(decoded_codes(pdf)) == sorted(badge.code for badge in badges)


@pytest.mark.parametrize(
    ("layout", "first"),
    [
        # The event on the region's colour (the Americas), 20 mm high.
        ("classic", ((30, 130, 76), (0.0, 0.0, 105.0, 20.0))),
        # A band of the role's colour (a chair's), 64 mm high.
        ("band", ((120, 20, 60), (0.0, 0.0, 105.0, 64.0))),
        # The top of a frame of the role's colour.
        ("contrast", ((120, 20, 60), (0.0, 0.0, 105.0, 4.0))),
    ],
)
def test_each_layout_shows_the_region_and_the_role_by_colour(layout, first):
    (chair,) = [badge for badge in prints(NAMES[:2]) if badge.role == "chair"]
    page = pdf_pages(render_badges([chair], layout=layout))[0]
    colours = {colour for colour, _rect in filled_rectangles(page)}

    assert filled_rectangles(page)[0] == first
    assert {(120, 20, 60), (30, 130, 76)} <= colours  # the chair's and the Americas'
