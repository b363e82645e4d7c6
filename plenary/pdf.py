"""PDF of a Markdown document (the minutes, a resolution), in every script the fonts
cover (``plenary.fonts``): the Markdown the pages offer as a download is the one source,
so the PDF says exactly what the ``.md`` says.

The Markdown written by ``minutes_markdown`` and ``resolution_markdown`` uses a small
part of the language, and this is that part: ``#``, ``##`` and ``###`` headings,
paragraphs, ``- `` items (indented two spaces per level), ``1. `` numbered paragraphs,
pipe tables (their ``|---|`` rule skipped); ``**`` marks are dropped (headings are
bold, the text is not). Anything else is set as written."""

import re

from fpdf import FPDF
from fpdf.enums import TextMode
from fpdf.fonts import FontFace

from plenary.fonts import add_fonts, font_for

HEADINGS = {"#": 17, "##": 13, "###": 11}
BODY = 10
_HEADING = re.compile(r"^(#{1,3}) (.*)$")
_ITEM = re.compile(r"^( *)- (.*)$")
_NUMBERED = re.compile(r"^(\d+)\. (.*)$")
_RULE = re.compile(r"^\|(\s*:?-+:?\s*\|)+$")


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


class _Document(FPDF):
    def __init__(self, *, title: str, footer: str, text: str):
        super().__init__(unit="mm", format="A4")
        self.footer_text = footer
        self.set_title(title)
        self.set_creator("Plenary")
        self.set_margins(20, 18, 20)
        self.set_auto_page_break(True, margin=18)
        add_fonts(self, text=text + footer)
        self.add_page()

    def footer(self):
        self.set_y(-12)
        self.set_font("noto", size=8)
        self.set_text_color(110, 110, 110)
        self.cell(0, 5, f"{self.footer_text} · {self.page_no()}/{{nb}}", align="C")
        self.set_text_color(0, 0, 0)

    def paragraph(self, text: str, *, size: float = BODY, bold: bool = False, indent=0.0):
        self.set_font(font_for(text), size=size)
        self.set_x(self.l_margin + indent)
        if bold:
            # Outlined as well as filled: bold from the regular faces (see plenary.fonts).
            self.text_mode, self.line_width = TextMode.FILL_STROKE, size * 0.012
        self.multi_cell(self.epw - indent, size * 0.5, text.replace("**", ""), new_x="LMARGIN")
        self.text_mode = TextMode.FILL
        self.ln(size * 0.25)

    def numbered(self, number: str, text: str):
        self.set_font("noto", size=BODY)
        top = self.get_y()
        self.set_text_color(110, 110, 110)
        self.cell(8, BODY * 0.5, number, align="R")
        self.set_text_color(0, 0, 0)
        self.set_xy(self.l_margin + 10, top)
        self.paragraph(text, indent=10)

    def table_of(self, rows: list[list[str]]):
        self.set_font("noto", size=BODY - 1)
        heading = FontFace(fill_color=(235, 238, 243))
        with self.table(headings_style=heading, line_height=BODY * 0.5, padding=1) as table:
            for row in rows:
                cells = table.row()
                for cell in row:
                    cells.cell(cell.replace("**", ""))
        self.ln(BODY * 0.4)


def markdown_pdf(markdown: str, *, title: str, footer: str) -> bytes:
    """``markdown`` (the part of the language described above) as an A4 PDF."""
    pdf = _Document(title=title, footer=footer, text=markdown)
    table: list[list[str]] = []
    for line in [*markdown.splitlines(), ""]:
        if line.startswith("|"):
            if not _RULE.match(line.strip()):
                table.append(_cells(line))
            continue
        if table:
            pdf.table_of(table)
            table = []
        if not line.strip():
            continue
        if heading := _HEADING.match(line):
            level, words = heading.groups()
            pdf.ln(2 if level == "#" else 1)
            pdf.paragraph(words, size=HEADINGS[level], bold=True)
        elif item := _ITEM.match(line):
            spaces, words = item.groups()
            pdf.paragraph(f"•  {words}", indent=4 + 2 * len(spaces))
        elif numbered := _NUMBERED.match(line):
            pdf.numbered(*numbered.groups())
        else:
            pdf.paragraph(line)
    return bytes(pdf.output())
