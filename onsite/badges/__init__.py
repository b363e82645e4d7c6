"""Badge PDFs: one A6 badge a page, or four to an A4 sheet."""

from onsite.badges.pdf import LAYOUTS, render_badges

__all__ = ["LAYOUTS", "render_badges"]
