"""The demo: a realistic association, its people, events, forums, schedule, papers and
debates, created through the real services (``manage.py seed_demo``).

This app sits on top of every other and is not part of the installed package: it is
installed when ``DEMO`` is on (by default with ``DEBUG``, and in the test suite).
"""

import dataclasses


@dataclasses.dataclass
class Demo:
    """What the demo has created so far, handed from one part to the next."""

    organizations: dict = dataclasses.field(default_factory=dict)  # short name -> Organization
    people: dict = dataclasses.field(default_factory=dict)  # username -> Delegate
    events: dict = dataclasses.field(default_factory=dict)  # "annual", "congress" -> Event
    forums: dict = dataclasses.field(default_factory=dict)  # (event key, slug) -> Forum
    papers: list = dataclasses.field(default_factory=list)
    debates: list = dataclasses.field(default_factory=list)
