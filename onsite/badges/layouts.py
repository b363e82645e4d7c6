"""The badge layouts the secretariat picks from for an event, each an A6 badge drawn at
(left, top). Every one shows the name in its own script (and in Latin letters when they
differ), title, organization, the region and the role by colour and in words, the event
and the signed QR code.

- classic: the event on a band of the region's colour, the role on a band at the foot;
- band: a wide band of the role's colour holding a large name, the region down the side;
- contrast: black on white with the largest name, the role as a frame of its colour and
  the region on a band at the foot (read from afar, and by weaker eyes).
"""

from fpdf import FPDF

from onsite.badges.drawing import (
    A6,
    BLACK,
    WHITE,
    BadgePrint,
    box,
    ink_on_role,
    qr,
    region_colour,
    role_colour,
    text,
)

MUTED = (70, 70, 70)


def classic(pdf: FPDF, badge: BadgePrint, *, left: float, top: float):
    width, height = A6
    inner, x = width - 10, left + 5
    region = region_colour(badge)
    box(pdf, region, x=left, y=top, width=width, height=20)
    text(pdf, badge.event, x=x, y=top + 3, width=inner, size=12, colour=WHITE)
    text(pdf, badge.event_line, x=x, y=top + 11, width=inner, size=8, colour=WHITE)
    y = text(pdf, badge.name, x=x, y=top + 25, width=inner, size=20) + 1
    if badge.latin_name:
        y = text(pdf, badge.latin_name, x=x, y=y, width=inner, size=12, colour=MUTED) + 1
    if badge.title:
        y = text(pdf, badge.title, x=x, y=y, width=inner, size=9, colour=MUTED)
    y = text(pdf, badge.organization, x=x, y=y + 1, width=inner, size=11)
    text(pdf, badge.region_label, x=x, y=y, width=inner, size=8, colour=region)
    qr(pdf, badge.code, x=left + (width - 48) / 2, y=top + 76, size=48)
    if badge.caption:
        text(pdf, badge.caption, x=x, y=top + 124, width=inner, size=7, colour=MUTED)
    box(pdf, role_colour(badge), x=left, y=top + height - 20, width=width, height=20)
    text(
        pdf,
        badge.role_label.upper(),
        x=x,
        y=top + height - 15,
        width=inner,
        size=16,
        colour=ink_on_role(badge),
    )


def band(pdf: FPDF, badge: BadgePrint, *, left: float, top: float):
    width, height = A6
    stripe = 7
    x, inner = left + stripe + 4, width - stripe - 8
    ink = ink_on_role(badge)
    region = region_colour(badge)
    box(pdf, role_colour(badge), x=left, y=top, width=width, height=64)
    box(pdf, region, x=left, y=top + 64, width=stripe, height=height - 64)
    text(
        pdf, f"{badge.event} · {badge.event_line}", x=x, y=top + 4, width=inner, size=8, colour=ink
    )
    text(pdf, badge.role_label.upper(), x=x, y=top + 10, width=inner, size=13, colour=ink)
    y = text(pdf, badge.name, x=x, y=top + 20, width=inner, size=24, colour=ink) + 1
    if badge.latin_name:
        text(pdf, badge.latin_name, x=x, y=y, width=inner, size=12, colour=ink)
    y = top + 68
    if badge.title:
        y = text(pdf, badge.title, x=x, y=y, width=inner, size=9, colour=MUTED)
    y = text(pdf, badge.organization, x=x, y=y + 1, width=inner, size=11)
    text(pdf, badge.region_label, x=x, y=y, width=inner, size=9, colour=region)
    size = 44
    qr(pdf, badge.code, x=x + (inner - size) / 2, y=top + height - size - 3, size=size)


def contrast(pdf: FPDF, badge: BadgePrint, *, left: float, top: float):
    width, height = A6
    frame = 4
    x, inner = left + frame + 3, width - 2 * frame - 6
    role = role_colour(badge)
    for edge in (
        (left, top, width, frame),
        (left, top + height - frame, width, frame),
        (left, top, frame, height),
        (left + width - frame, top, frame, height),
    ):
        box(pdf, role, x=edge[0], y=edge[1], width=edge[2], height=edge[3])
    text(pdf, badge.event, x=x, y=top + frame + 3, width=inner, size=9)
    y = text(pdf, badge.name, x=x, y=top + frame + 10, width=inner, size=28) + 1
    if badge.latin_name:
        y = text(pdf, badge.latin_name, x=x, y=y, width=inner, size=14) + 1
    y = text(pdf, badge.role_label.upper(), x=x, y=y + 1, width=inner, size=12) + 1
    if badge.title:
        y = text(pdf, badge.title, x=x, y=y, width=inner, size=10)
    text(pdf, badge.organization, x=x, y=y + 1, width=inner, size=12, colour=BLACK)
    strip = 13
    bottom = top + height - frame - strip
    box(pdf, region_colour(badge), x=left + frame, y=bottom, width=width - 2 * frame, height=strip)
    text(pdf, badge.region_label, x=x, y=bottom + 4, width=inner, size=10, colour=WHITE)
    size = 38
    qr(pdf, badge.code, x=left + (width - size) / 2, y=bottom - size - 2, size=size)


# Keyed by the values of ``onsite.models.BadgeLayout``.
LAYOUTS = {"classic": classic, "band": band, "contrast": contrast}
