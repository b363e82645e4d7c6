"""The fonts of the PDFs (badges, resolutions, minutes), from pip packages (never a
download): Noto Sans for Latin, Greek and Cyrillic, Noto Sans Arabic, Noto Sans SC for
Chinese. A text is set in the first font that has every one of its characters; a mixed
one falls back glyph by glyph. Noto Sans and Noto Sans Arabic are variable fonts: their
bold is the same file at weight 700."""

import functools
from pathlib import Path

import fontpkg_noto_sans
import fontpkg_noto_sans_arabic
import pylopdf_fonts_zh_cn
from fontTools.ttLib import TTFont


def _upright(package) -> Path:
    return next(
        path for path in sorted((package.ROOT / "files").glob("*.ttf")) if "Italic" not in path.name
    )


# (name fpdf2 knows it by, file), in the order a text tries them.
CHAIN = [
    ("noto", _upright(fontpkg_noto_sans)),
    ("noto-arabic", _upright(fontpkg_noto_sans_arabic)),
    ("noto-sc", pylopdf_fonts_zh_cn.sans_path()),
]


def add_fonts(pdf, *, text: str | None = None) -> None:
    """Register the chain with ``pdf`` (only the fonts ``text`` needs, when given: Noto
    Sans SC alone takes most of a second to read), shape text with HarfBuzz, and fall
    back along the chain for characters a font lacks."""
    needed = {ord(char) for char in text} if text is not None else None
    names = []
    for name, path in CHAIN:
        if needed is None or not names or needed & covered(name) - covered(names[0]):
            pdf.add_font(name, fname=str(path))
            names.append(name)
    pdf.set_text_shaping(True)
    pdf.set_fallback_fonts(names, exact_match=False)


# Characters every font lays out without a glyph of its own.
_NEUTRAL = set(" \u200c\u200d\u200e\u200f")


@functools.cache
def covered(font: str) -> frozenset[int]:
    path = dict(CHAIN)[font]
    with TTFont(path, lazy=True) as ttf:
        return frozenset(ttf.getBestCmap())


def uncovered(text: str) -> str:
    """The characters of ``text`` no font of the chain has (a box on paper)."""
    every = frozenset().union(*(covered(name) for name, _path in CHAIN))
    return "".join(
        sorted({char for char in text if char not in _NEUTRAL and ord(char) not in every})
    )


def font_for(text: str) -> str:
    """The first font of the chain that has every character of ``text``."""
    needed = {ord(char) for char in text if char not in _NEUTRAL}
    for name, _path in CHAIN:
        if needed <= covered(name):
            return name
    return CHAIN[0][0]
