"""Reading badge PDFs back as a printer would: the filled rectangles of each page (bands,
frames, QR modules) painted onto an image that a real QR reader then scans."""

import io

import zxingcpp
from PIL import Image, ImageDraw
from pypdf import PdfReader
from pypdf.generic import ContentStream

POINTS_PER_MM = 72 / 25.4


def filled_rectangles(page) -> list[tuple[tuple[int, int, int], tuple[float, ...]]]:
    """``(colour, (x, y, width, height))`` in millimetres from the top left, of every
    rectangle the page fills, in the order it fills them."""
    height = float(page.mediabox.height)
    colour, saved, pending, filled = (0, 0, 0), [], [], []
    for operands, operator in ContentStream(page.get_contents(), page.pdf).operations:
        if operator == b"rg":
            colour = tuple(round(float(value) * 255) for value in operands)
        elif operator == b"g":
            colour = (round(float(operands[0]) * 255),) * 3
        elif operator == b"q":
            saved.append(colour)
        elif operator == b"Q":
            colour = saved.pop()
        elif operator == b"re":
            x, y, w, h = (float(value) for value in operands)
            top, bottom = sorted((height - y, height - y - h))
            pending.append((x, top, abs(w), bottom - top))
        elif operator in (b"f", b"f*", b"F"):
            filled += [
                (colour, tuple(round(v / POINTS_PER_MM, 2) for v in rect)) for rect in pending
            ]
            pending = []
        elif operator in (b"n", b"S", b"B"):
            pending = []
    return filled


def page_image(page, *, pixels_per_mm: float = 10) -> Image.Image:
    """The page's filled rectangles on white (text is left out: a reader needs none)."""
    width = float(page.mediabox.width) / POINTS_PER_MM
    height = float(page.mediabox.height) / POINTS_PER_MM
    image = Image.new("RGB", (round(width * pixels_per_mm), round(height * pixels_per_mm)), "white")
    draw = ImageDraw.Draw(image)
    for colour, (x, y, w, h) in filled_rectangles(page):
        box = [round(v * pixels_per_mm) for v in (x, y, x + w, y + h)]
        draw.rectangle([box[0], box[1], box[2] - 1, box[3] - 1], fill=colour)
    return image


def pdf_pages(pdf: bytes) -> list:
    return list(PdfReader(io.BytesIO(pdf)).pages)


def decoded_codes(pdf: bytes) -> list[str]:
    """The text of every QR code printed in ``pdf``, page after page."""
    codes = []
    for page in pdf_pages(pdf):
        found = zxingcpp.read_barcodes(page_image(page), formats=zxingcpp.BarcodeFormat.QRCode)
        codes += sorted(result.text for result in found)
    return codes
