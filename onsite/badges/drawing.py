"""What every badge layout draws with: the words of a badge, the colours of regions and
roles, text set in the font that has its characters, and the QR code in vector."""

import dataclasses
import re

import segno
from fpdf import FPDF
from segno import consts

from plenary.fonts import font_for

A6 = (105.0, 148.0)
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
# Roles whose colour is light: black ink on it, white on the others.
DARK_ON = {"press"}
GREY = (60, 60, 60)
WHITE = (255, 255, 255)
BLACK = (0, 0, 0)
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
    # Under the QR code, where the layout has room: what a phone does with it.
    caption: str = ""


def region_colour(badge: BadgePrint) -> tuple[int, int, int]:
    return REGION_COLOURS.get(badge.region, GREY)


def role_colour(badge: BadgePrint) -> tuple[int, int, int]:
    return ROLE_COLOURS.get(badge.role, GREY)


def ink_on_role(badge: BadgePrint) -> tuple[int, int, int]:
    return BLACK if badge.role in DARK_ON else WHITE


def box(pdf: FPDF, colour, *, x, y, width, height):
    pdf.set_fill_color(*colour)
    pdf.rect(x, y, width, height, style="F")


def text(pdf: FPDF, words: str, *, x, y, width, size, colour=BLACK, align="C") -> float:
    """Set ``words`` from (x, y) in a column ``width`` wide; the y where they end."""
    pdf.set_font(font_for(words), size=size)
    pdf.set_text_color(*colour)
    pdf.set_xy(x, y)
    pdf.multi_cell(width, size * 0.45, words, align=align, max_line_height=size * 0.45)
    return pdf.get_y()


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


def qr(pdf: FPDF, code: str, *, x, y, size):
    """The QR code as black rectangles on a white square (a quiet zone of four modules)."""
    matrix = qr_symbol(code).matrix
    module = size / (len(matrix) + 8)
    box(pdf, WHITE, x=x, y=y, width=size, height=size)
    pdf.set_fill_color(*BLACK)
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
