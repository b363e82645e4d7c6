"""A delegate's own agenda: the sessions they star."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events.models import Delegate, Event
from events.selectors import delegate_for_user
from forums.models import ScheduleRemoval, Session, SessionStar
from plenary.errors import Conflict, NotAllowed


def _agenda_owner(actor) -> Delegate:
    delegate = delegate_for_user(actor)
    if delegate is None:
        raise NotAllowed(
            _("Only delegates of member organizations keep an agenda."), code="not_a_delegate"
        )
    return delegate


@transaction.atomic
def session_star(*, actor, session: Session) -> SessionStar:
    """Put ``session`` on the caller's agenda (and in their private feed). Starring a
    session already starred changes nothing and returns the same star."""
    delegate = _agenda_owner(actor)
    session = Session.objects.select_related("forum__event").get(pk=session.pk)
    if session.forum.event.status == Event.Status.DRAFT:
        raise NotAllowed(_("This event is not published yet."), code="event_not_published")
    existing = SessionStar.objects.filter(delegate=delegate, session=session).first()
    if existing is not None:
        return existing
    if session.is_cancelled:
        raise Conflict(_("This session has been cancelled."), code="session_cancelled")
    try:
        with transaction.atomic():
            return SessionStar.objects.create(delegate=delegate, session=session)
    except IntegrityError:
        # Starred at the same moment from another tab: that star is the one.
        return SessionStar.objects.get(delegate=delegate, session=session)


@transaction.atomic
def session_unstar(*, actor, session: Session) -> bool:
    """Take ``session`` off the caller's agenda; False when it was not on it. The removal
    is kept so that the private feed's Last-Modified moves forward."""
    delegate = _agenda_owner(actor)
    deleted, _rows = SessionStar.objects.filter(delegate=delegate, session=session).delete()
    if not deleted:
        return False
    session = Session.objects.select_related("forum").get(pk=session.pk)
    ScheduleRemoval.objects.create(
        event_id=session.forum.event_id,
        forum_id=session.forum_id,
        delegate=delegate,
        session_uuid=session.uuid,
        removed_at=timezone.now(),
    )
    return True
