"""The agenda services: starring and unstarring sessions."""

import pytest
from django.contrib.auth.models import AnonymousUser

from forums.models import ScheduleRemoval, SessionStar
from forums.services import session_cancel, session_star, session_unstar
from plenary.errors import Conflict, NotAllowed
from tests.factories import DelegateFactory, EventFactory, ForumFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def session():
    return SessionFactory()


def test_starring_twice_keeps_one_star(session):
    delegate = DelegateFactory()

    first = session_star(actor=delegate.user, session=session)
    second = session_star(actor=delegate.user, session=session)

    assert first.pk == second.pk
    assert list(SessionStar.objects.values_list("delegate", "session")) == [
        (delegate.pk, session.pk)
    ]


def test_anonymous_visitors_and_users_without_a_delegate_are_refused(session):
    for actor in (AnonymousUser(), None, UserFactory()):
        with pytest.raises(NotAllowed) as refused:
            session_star(actor=actor, session=session)
        assert refused.value.code == "not_a_delegate"
    with pytest.raises(NotAllowed):
        session_unstar(actor=AnonymousUser(), session=session)
    assert SessionStar.objects.count() == 0


def test_sessions_of_draft_events_cannot_be_starred():
    session = SessionFactory(forum=ForumFactory(event=EventFactory(status="draft")))

    with pytest.raises(NotAllowed) as refused:
        session_star(actor=DelegateFactory().user, session=session)

    assert refused.value.code == "event_not_published"
    assert SessionStar.objects.count() == 0


def test_a_cancelled_session_cannot_be_starred_but_an_old_star_stays(session, secretariat):
    delegate, latecomer = DelegateFactory(), DelegateFactory()
    session_star(actor=delegate.user, session=session)
    session_cancel(actor=secretariat, session=session)

    with pytest.raises(Conflict) as refused:
        session_star(actor=latecomer.user, session=session)
    again = session_star(actor=delegate.user, session=session)

    assert refused.value.code == "session_cancelled"
    assert list(SessionStar.objects.values_list("delegate", flat=True)) == [delegate.pk]
    assert again.delegate_id == delegate.pk


def test_unstarring_removes_the_star_and_keeps_the_removal_for_the_feed(session):
    delegate, other = DelegateFactory(), DelegateFactory()
    session_star(actor=delegate.user, session=session)
    session_star(actor=other.user, session=session)

    removed = session_unstar(actor=delegate.user, session=session)
    again = session_unstar(actor=delegate.user, session=session)

    assert (removed, again) == (True, False)
    assert list(SessionStar.objects.values_list("delegate", flat=True)) == [other.pk]
    assert list(ScheduleRemoval.objects.values_list("delegate", "session_uuid")) == [
        (delegate.pk, session.uuid)
    ]
