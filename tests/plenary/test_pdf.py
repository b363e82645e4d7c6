"""Markdown documents as PDF: what the reader sees (the text, read back from the PDF) is
what the Markdown says, in every script of the demo."""

import io

from pypdf import PdfReader

from demo.onsite import NATIVE_NAMES
from plenary.pdf import markdown_pdf


def read(body: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)


def test_headings_items_numbers_tables_and_bold_come_out_as_text():
    markdown = "\n".join(
        [
            "# Minutes: Housing",
            "",
            "Opened 9:00, closed 10:30.",
            "",
            "## Speakers",
            "",
            "| # | speaker | organization |",
            "|---|---|---|",
            "| 1 | Amina Diallo | Dakar |",
            "",
            "- Adopt the report (proposed by Dakar): **carried**",
            "  - yes 2, no 1",
            "1. Every member reports -- in public -- each year.",
        ]
    )

    text = read(markdown_pdf(markdown, title="Housing", footer="Housing"))

    for words in (
        "Minutes: Housing",
        "Opened 9:00, closed 10:30.",
        "Amina Diallo",
        "Dakar",
        "carried",
        "yes 2, no 1",
        "Every member reports -- in public -- each year.",
        "1/1",
    ):
        assert words in text
    assert "**" not in text


def test_chinese_arabic_and_greek_are_set_in_fonts_that_have_them():
    chinese, arabic, greek = NATIVE_NAMES["mei"], NATIVE_NAMES["fatima"], NATIVE_NAMES["elena"]
    body = markdown_pdf(f"# {chinese}\n\n{arabic}\n\n{greek}", title="Names", footer="Names")
    fonts = set()
    for page in PdfReader(io.BytesIO(body)).pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]).split("+")[-1])

    assert fonts == {"NotoSans", "NotoSansArabic", "NotoSansSC"}
    assert greek in read(body)


def test_a_long_document_breaks_into_numbered_pages():
    markdown = "\n\n".join(f"{n}. Paragraph {n} of the declaration." for n in range(1, 200))

    body = markdown_pdf(markdown, title="Declaration", footer="Declaration")

    pages = PdfReader(io.BytesIO(body)).pages
    assert len(pages) > 2
    assert f"{len(pages)}/{len(pages)}" in pages[-1].extract_text()
