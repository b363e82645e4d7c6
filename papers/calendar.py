"""Paper deadlines in a delegate's private calendar feed.

- an author's draft: when the forum's call for papers closes;
- an author's paper with revisions requested: when the revision is due (a late
  revision granted by the chairs, or the close of the call);
- a reviewer's open assignments: the forum's review deadline, one entry per forum.

A deadline is an instant: a ``DTSTART`` with no ``DTEND`` (RFC 5545 3.6.1: it ends when it
starts; ``DTEND`` equal to ``DTSTART`` is not allowed), in the event's zone. ``SEQUENCE``
counts the changes of the entry's time and wording (``calendar_entry_record``).
"""

import datetime
import hashlib

from django.db.models import Count, Max, Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from icalendar import Event as VEvent

from events.models import Delegate
from forums import ical
from papers.models import (
    PaperStatus,
    PositionPaper,
    ReviewAssignment,
    ReviewUnassignment,
)
from papers.selectors import assignment_is_reviewed
from papers.services import calendar_entry_record

DRAFT, REVISING, UNDER_REVIEW = (
    PaperStatus.DRAFT,
    PaperStatus.REVISIONS_REQUESTED,
    PaperStatus.UNDER_REVIEW,
)


def _deadline(paper: PositionPaper):
    if paper.status == REVISING and paper.late_revision_until:
        return paper.late_revision_until
    return paper.forum.call_closes_at


def _open_assignments(delegate: Delegate):
    return ReviewAssignment.objects.filter(
        reviewer=delegate,
        paper__status=UNDER_REVIEW,
        paper__forum__review_deadline__isnull=False,
    ).exclude(assignment_is_reviewed())


def _stamp(component: VEvent, changed: datetime.datetime, uid: str, *shape) -> None:
    """UID, DTSTAMP, LAST-MODIFIED and a SEQUENCE that counts the changes of ``shape``
    (what the entry says, in no particular language: its kind, time and subject)."""
    fingerprint = hashlib.blake2b(repr(shape).encode(), digest_size=16).hexdigest()
    component.add("uid", uid)
    component.add("dtstamp", changed)
    component.add("last-modified", changed)
    component.add("sequence", calendar_entry_record(uid=uid, fingerprint=fingerprint))


class PaperDeadlines:
    name = "paper-deadlines"

    def state(self, delegate: Delegate) -> tuple[int, datetime.datetime | None]:
        # Over all of the author's papers and all assignments, so that an entry that
        # disappears (a paper leaves draft, a review comes in) still moves the date on.
        papers = PositionPaper.objects.filter(author=delegate).aggregate(
            entries=Count(
                "pk",
                filter=Q(status__in=[DRAFT, REVISING], forum__call_closes_at__isnull=False)
                | Q(status=REVISING, late_revision_until__isnull=False),
            ),
            paper_changed=Max("updated_at"),
            forum_changed=Max("forum__updated_at"),
        )
        reviews = ReviewAssignment.objects.filter(reviewer=delegate).aggregate(
            forums=Count(
                "paper__forum",
                distinct=True,
                filter=Q(paper__status=UNDER_REVIEW, paper__forum__review_deadline__isnull=False)
                & ~assignment_is_reviewed(),
            ),
            assigned=Max("created_at"),
            forum_changed=Max("paper__forum__updated_at"),
            paper_changed=Max("paper__updated_at"),
            reviewed=Max("paper__reviews__updated_at", filter=Q(paper__reviews__reviewer=delegate)),
        )
        taken_back = ReviewUnassignment.objects.filter(reviewer=delegate).aggregate(
            last=Max("removed_at")
        )
        count = papers.pop("entries") + reviews.pop("forums")
        times = [
            time
            for time in [*papers.values(), *reviews.values(), *taken_back.values()]
            if time is not None
        ]
        return count, max(times) if times else None

    def events(self, delegate: Delegate):
        domain = ical.site_domain()
        papers = (
            PositionPaper.objects.filter(author=delegate, status__in=[DRAFT, REVISING])
            .select_related("forum__event")
            .order_by("pk")
        )
        for paper in papers:
            deadline = _deadline(paper)
            if deadline is None:
                continue
            forum = paper.forum
            zone = ical.tzinfo_for(forum.event.time_zone)
            component = VEvent()
            _stamp(
                component,
                max(paper.updated_at, forum.updated_at),
                f"paper-{paper.pk}@{domain}",
                paper.status,
                deadline.isoformat(),
                paper.title,
                forum.pk,
            )
            if paper.status == DRAFT:
                summary = _("Call for papers closes: %(forum)s") % {"forum": forum.title}
            else:
                summary = _("Revision due: %(title)s") % {"title": paper.title}
            component.add("summary", summary)
            component.add("dtstart", ical.calendar_time(deadline, zone))
            url = ical.absolute_url(paper.get_absolute_url())
            component.add(
                "description", f"{paper.title}\n\n{forum.title} · {forum.event.title}\n\n{url}"
            )
            component.add("url", url)
            component.add("categories", [forum.title, _("Position paper")])
            component.add("transp", "TRANSPARENT")
            yield component

        forums = {}
        for assignment in (
            _open_assignments(delegate)
            .select_related("paper__forum__event")
            .order_by("paper__forum_id", "pk")
        ):
            forum = assignment.paper.forum
            entry = forums.setdefault(forum.pk, {"forum": forum, "count": 0, "changed": []})
            entry["count"] += 1
            entry["changed"] += [
                assignment.created_at,
                assignment.paper.updated_at,
                forum.updated_at,
            ]
        for forum_pk, entry in forums.items():
            forum = entry["forum"]
            zone = ical.tzinfo_for(forum.event.time_zone)
            component = VEvent()
            _stamp(
                component,
                max(entry["changed"]),
                f"reviews-{forum_pk}-{delegate.pk}@{domain}",
                forum.review_deadline.isoformat(),
                entry["count"],
            )
            component.add("summary", _("Reviews due: %(forum)s") % {"forum": forum.title})
            component.add("dtstart", ical.calendar_time(forum.review_deadline, zone))
            component.add(
                "description",
                ngettext(
                    "%(count)d paper to review.", "%(count)d papers to review.", entry["count"]
                )
                % {"count": entry["count"]}
                + f"\n\n{forum.title} · {forum.event.title}",
            )
            component.add("categories", [forum.title, _("Position paper")])
            component.add("transp", "TRANSPARENT")
            yield component


def register() -> None:
    ical.register_personal_source(PaperDeadlines())
