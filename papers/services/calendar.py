"""The sequence numbers of the papers' entries in private calendar feeds."""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from papers.models import CalendarEntry


def calendar_entry_record(*, uid: str, fingerprint: str) -> int:
    """Record the shape (``fingerprint``) a feed is about to show for entry ``uid`` and
    return its ``SEQUENCE``: 0 the first time, one more each time the shape differs from
    the last one shown. Two requests that see the same change count it once."""
    entry = CalendarEntry.objects.filter(uid=uid).values_list("fingerprint", "sequence").first()
    if entry is None:
        try:
            with transaction.atomic():
                CalendarEntry.objects.create(uid=uid, fingerprint=fingerprint)
            return 0
        except IntegrityError:
            entry = CalendarEntry.objects.values_list("fingerprint", "sequence").get(uid=uid)
    seen, sequence = entry
    if seen == fingerprint:
        return sequence
    with transaction.atomic():
        CalendarEntry.objects.filter(uid=uid, fingerprint=seen).update(
            fingerprint=fingerprint, sequence=F("sequence") + 1, changed_at=timezone.now()
        )
    return CalendarEntry.objects.values_list("sequence", flat=True).get(uid=uid)
