"""The statutes' arithmetic: how many make a quorum, how many votes for carry a motion.
Services decide with it and the minutes explain with it, so both say the same."""

import math


def quorum_needed(base: int, quorum_percent: int) -> int:
    """The least number of ``base`` (members in good standing, or a vote's roll) that
    makes ``quorum_percent``."""
    return math.ceil(base * quorum_percent / 100)


def votes_for_needed(members: int, majority: str) -> int:
    """The votes for that carry a motion among ``members`` present or represented: more
    than half (``simple``), or at least two thirds (``two_thirds``). Abstaining counts as
    not for."""
    if majority == "two_thirds":
        return math.ceil(2 * members / 3)
    return members // 2 + 1
