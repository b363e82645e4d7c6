"""Badge PDFs: one A6 badge a page, or four to an A4 sheet, in the layout of the event.
Shaped by HarfBuzz (fpdf2's text shaping), so Arabic joins and runs right to left.

A document is filled a chunk of badges at a time (``BadgeDocument.add``), so that a long
batch can say how far it has got."""

from fpdf import FPDF

from onsite.badges.drawing import BadgePrint, qr_symbol
from onsite.badges.layouts import LAYOUTS
from plenary.fonts import add_fonts

# Where the badges of a page sit: one to an A6 page, or four to an A4 sheet to cut.
PAPERS = {
    "a6": ((105.0, 148.0), [(0.0, 0.0)]),
    "a4": ((210.0, 297.0), [(0.0, 0.0), (105.0, 0.0), (0.0, 148.5), (105.0, 148.5)]),
}

__all__ = [
    "LAYOUTS",
    "PAPERS",
    "BadgeDocument",
    "BadgePrint",
    "badge_document",
    "close_fonts",
    "qr_symbol",
    "render_badges",
]


def _document(page_size) -> FPDF:
    pdf = FPDF(unit="mm", format=page_size)
    pdf.set_auto_page_break(False)
    pdf.set_margin(0)
    add_fonts(pdf)
    return pdf


def close_fonts(document: FPDF) -> None:
    """fpdf2 reads its font files lazily and keeps them open until told."""
    for font in document.fonts.values():
        font.ttfont.close()


class BadgeDocument:
    """A PDF being filled with badges, in one layout on one paper."""

    def __init__(self, *, paper: str = "a6", layout: str = "classic"):
        self.page_size, self.slots = PAPERS[paper]
        self.draw = LAYOUTS[layout]
        self.pdf = _document(self.page_size)
        self.count = 0

    def add(self, badges: list[BadgePrint]) -> None:
        for badge in badges:
            slot = self.count % len(self.slots)
            if slot == 0:
                self.pdf.add_page()
                if len(self.slots) > 1:
                    self.pdf.set_draw_color(200, 200, 200)
                    self.pdf.line(105, 0, 105, 297)
                    self.pdf.line(0, 148.5, 210, 148.5)
            left, top = self.slots[slot]
            self.draw(self.pdf, badge, left=left, top=top)
            self.count += 1

    def finish(self) -> FPDF:
        if self.count == 0:
            self.pdf.add_page()
        return self.pdf

    def output(self) -> bytes:
        """The PDF's bytes; the fonts are closed after."""
        try:
            return bytes(self.finish().output())
        finally:
            self.close()

    def close(self) -> None:
        close_fonts(self.pdf)


def badge_document(badges: list[BadgePrint], *, paper: str = "a6", layout: str = "classic") -> FPDF:
    """The document of ``badges`` before output (its fonts are open: ``close_fonts``)."""
    document = BadgeDocument(paper=paper, layout=layout)
    document.add(badges)
    return document.finish()


def render_badges(badges: list[BadgePrint], *, paper: str = "a6", layout: str = "classic") -> bytes:
    """The PDF of ``badges``: one an A6 page, or four an A4 sheet with cut lines."""
    document = BadgeDocument(paper=paper, layout=layout)
    document.add(badges)
    return document.output()
