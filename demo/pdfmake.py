"""Small, valid PDF documents written from scratch: demo papers and test files.

Only what a text page needs (Helvetica, WinAnsi text, one content stream per page).
"""

import textwrap
import zlib


def _text(value: str) -> bytes:
    escaped = value.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return escaped.encode("cp1252", errors="replace")


def _page_content(title: str, lines: list[str], number: int, pages: int) -> bytes:
    out = [b"BT", b"/F1 18 Tf", b"72 770 Td", b"(" + _text(title) + b") Tj", b"/F1 11 Tf"]
    out.append(b"0 -30 Td")
    for line in lines:
        out.append(b"(" + _text(line) + b") Tj")
        out.append(b"0 -15 Td")
    out.append(b"ET")
    out.append(b"BT /F1 9 Tf 72 40 Td (" + _text(f"{number} / {pages}") + b") Tj ET")
    return b"\n".join(out)


def make_pdf(
    title: str,
    body: str = "",
    *,
    pages: int = 1,
    compress: bool = True,
    author: str = "",
) -> bytes:
    """A PDF of ``pages`` A4 pages: the title on each, ``body`` wrapped on the first."""
    lines = []
    for paragraph in body.split("\n"):
        lines.extend(textwrap.wrap(paragraph, 90) or [""])
    lines = lines[:45]

    objects: list[bytes] = []

    def add(content: bytes) -> int:
        objects.append(content)
        return len(objects)

    catalog = add(b"")  # filled in below
    pages_ref = add(b"")
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    info = add(
        b"<< /Title (" + _text(title) + b") /Author (" + _text(author) + b") /Producer (Plenary) >>"
    )
    kids = []
    for number in range(1, pages + 1):
        content = _page_content(title, lines if number == 1 else [], number, pages)
        if compress:
            content = zlib.compress(content)
            header = b"<< /Length %d /Filter /FlateDecode >>" % len(content)
        else:
            header = b"<< /Length %d >>" % len(content)
        stream = add(header + b"\nstream\n" + content + b"\nendstream")
        page = add(
            b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>"
            % (pages_ref, font, stream)
        )
        kids.append(page)
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages_ref
    objects[pages_ref - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % kid for kid in kids),
        len(kids),
    )
    return _assemble(objects, root=catalog, info=info)


def _assemble(objects: list[bytes], *, root: int, info: int | None = None) -> bytes:
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, content in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + content + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    trailer = b"<< /Size %d /Root %d 0 R" % (len(objects) + 1, root)
    if info:
        trailer += b" /Info %d 0 R" % info
    out += b"trailer\n" + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)
