import pytest


@pytest.fixture(autouse=True)
def _fresh_vobject_time_zones():
    """vobject keeps every VTIMEZONE it has parsed in a process-wide map by TZID, so a
    feed read in one test would decide the offsets of the same TZID in the next."""
    import vobject.icalendar

    zones = getattr(vobject.icalendar, "__tzidMap")
    zones.clear()
    yield
    zones.clear()
