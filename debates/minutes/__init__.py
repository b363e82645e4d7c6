"""Minutes of a debate: the fold of its log (``debates.minutes.fold``) and its words
(``debates.minutes.words``)."""

from debates.minutes.fold import HANDLED_TYPES, minutes_build
from debates.minutes.words import duration, minutes_markdown, minutes_present

__all__ = ["HANDLED_TYPES", "duration", "minutes_build", "minutes_markdown", "minutes_present"]
