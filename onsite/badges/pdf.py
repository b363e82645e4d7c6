"""Draws badges: the event and the region on a coloured band, the name in its own script
(and in Latin letters when they differ), title, organization, the signed QR code, and the
role on a band of its colour. Shaped by HarfBuzz (fpdf2's text shaping), so Arabic joins
and runs right to left."""

import dataclasses
import re

import segno
from fpdf import FPDF
from segno import consts

from plenary.fonts import add_fonts, font_for

A6 = (105.0, 148.0)
# Where the badges of a page sit: one to an A6 page, or four to an A4 sheet to cut.
LAYOUTS = {
    "a6": (A6, [(0.0, 0.0)]),
    "a4": ((210.0, 297.0), [(0.0, 0.0), (105.0, 0.0), (0.0, 148.5), (105.0, 148.5)]),
}
REGION_COLOURS = {
    "africa": (214, 110, 20),
    "americas": (30, 130, 76),
    "asia_pacific": (190, 30, 45),
    "europe": (30, 70, 160),
}
ROLE_COLOURS = {
    "delegate": (30, 70, 160),
    "chair": (120, 20, 60),
    "press": (240, 190, 0),
    "staff": (30, 130, 76),
    "observer": (110, 110, 110),
}
DARK_ON = {"press"}
_ALPHANUMERIC = re.compile(r"[0-9A-Z $%*+\-./:]+")


@dataclasses.dataclass(frozen=True)
class BadgePrint:
    """What one badge shows, already in words."""

    name: str
    latin_name: str
    title: str
    organization: str
    region: str
    region_label: str
    role: str
    role_label: str
    event: str
    event_line: str
    code: str
    caption: str = ""


def _document(page_size) -> FPDF:
    pdf = FPDF(unit="mm", format=page_size)
    pdf.set_auto_page_break(False)
    pdf.set_margin(0)
    add_fonts(pdf)
    return pdf


def _text(pdf: FPDF, text: str, *, x, y, width, size, colour=(0, 0, 0), height=None):
    pdf.set_font(font_for(text), size=size)
    pdf.set_text_color(*colour)
    pdf.set_xy(x, y)
    pdf.multi_cell(width, height or size * 0.45, text, align="C", max_line_height=size * 0.45)


def qr_symbol(code: str) -> segno.QRCode:
    """The QR code a badge carries (error correction M: a scratched badge still reads).
    A link is two segments: its address in byte mode (lower case, as phones expect
    links) and the credential after the last ``/`` in alphanumeric mode, which holds it
    in fewer modules."""
    address, slash, credential = code.rpartition("/")
    if slash and credential and _ALPHANUMERIC.fullmatch(credential):
        segments = [(address + slash, consts.MODE_BYTE), (credential, consts.MODE_ALPHANUMERIC)]
        return segno.make(segments, error="m", micro=False)
    return segno.make(code, error="m", micro=False)


def _qr(pdf: FPDF, code: str, *, x, y, size):
    matrix = qr_symbol(code).matrix
    module = size / (len(matrix) + 8)  # a quiet zone of four modules each side
    pdf.set_fill_color(255, 255, 255)
    pdf.rect(x, y, size, size, style="F")
    pdf.set_fill_color(0, 0, 0)
    for row_index, row in enumerate(matrix):
        column = 0
        while column < len(row):
            if not row[column]:
                column += 1
                continue
            start = column
            while column < len(row) and row[column]:
                column += 1
            pdf.rect(
                x + (start + 4) * module,
                y + (row_index + 4) * module,
                (column - start) * module,
                module,
                style="F",
            )


def _badge(pdf: FPDF, badge: BadgePrint, *, left: float, top: float):
    width, height = A6
    inner = width - 10
    region = REGION_COLOURS.get(badge.region, (60, 60, 60))
    pdf.set_fill_color(*region)
    pdf.rect(left, top, width, 20, style="F")
    _text(pdf, badge.event, x=left + 5, y=top + 3, width=inner, size=12, colour=(255, 255, 255))
    _text(
        pdf, badge.event_line, x=left + 5, y=top + 11, width=inner, size=8, colour=(255, 255, 255)
    )
    _text(pdf, badge.name, x=left + 5, y=top + 25, width=inner, size=20)
    y = pdf.get_y() + 1
    if badge.latin_name:
        _text(pdf, badge.latin_name, x=left + 5, y=y, width=inner, size=12, colour=(70, 70, 70))
        y = pdf.get_y() + 1
    if badge.title:
        _text(pdf, badge.title, x=left + 5, y=y, width=inner, size=9, colour=(70, 70, 70))
        y = pdf.get_y()
    _text(pdf, badge.organization, x=left + 5, y=y + 1, width=inner, size=11)
    _text(pdf, badge.region_label, x=left + 5, y=pdf.get_y(), width=inner, size=8, colour=region)
    _qr(pdf, badge.code, x=left + (width - 48) / 2, y=top + 76, size=48)
    if badge.caption:
        _text(pdf, badge.caption, x=left + 5, y=top + 124, width=inner, size=7, colour=(70, 70, 70))
    role = ROLE_COLOURS.get(badge.role, (60, 60, 60))
    pdf.set_fill_color(*role)
    pdf.rect(left, top + height - 20, width, 20, style="F")
    ink = (0, 0, 0) if badge.role in DARK_ON else (255, 255, 255)
    _text(
        pdf,
        badge.role_label.upper(),
        x=left + 5,
        y=top + height - 15,
        width=inner,
        size=16,
        colour=ink,
    )


def render_badges(badges: list[BadgePrint], *, layout: str = "a6") -> bytes:
    """The PDF of ``badges``: one an A6 page, or four an A4 sheet with cut lines."""
    document = badge_document(badges, layout=layout)
    try:
        return bytes(document.output())
    finally:
        close_fonts(document)


def close_fonts(document: FPDF) -> None:
    """fpdf2 reads its font files lazily and keeps them open until told."""
    for font in document.fonts.values():
        font.ttfont.close()


def badge_document(badges: list[BadgePrint], *, layout: str = "a6") -> FPDF:
    page_size, slots = LAYOUTS[layout]
    pdf = _document(page_size)
    for index, badge in enumerate(badges):
        slot = index % len(slots)
        if slot == 0:
            pdf.add_page()
            if len(slots) > 1:
                pdf.set_draw_color(200, 200, 200)
                pdf.line(105, 0, 105, 297)
                pdf.line(0, 148.5, 210, 148.5)
        left, top = slots[slot]
        _badge(pdf, badge, left=left, top=top)
    if not badges:
        pdf.add_page()
    return pdf
