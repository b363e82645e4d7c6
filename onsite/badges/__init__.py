"""Badge PDFs: one A6 badge a page, or four to an A4 sheet, in one of the layouts."""

from onsite.badges.pdf import LAYOUTS, PAPERS, render_badges

__all__ = ["LAYOUTS", "PAPERS", "render_badges"]
