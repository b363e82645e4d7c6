"""Minutes of a debate: the fold of its log (``debates.minutes.fold``), its words
(``debates.minutes.words``) and its Markdown document (``debates.minutes.markdown``)."""

from debates.minutes.fold import HANDLED_TYPES, minutes_build
from debates.minutes.markdown import minutes_markdown
from debates.minutes.words import duration, minutes_present

__all__ = ["HANDLED_TYPES", "duration", "minutes_build", "minutes_markdown", "minutes_present"]
