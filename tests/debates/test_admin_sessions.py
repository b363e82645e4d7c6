"""A debate created in the back office runs in a debate session of its own forum: the
session select offers only those, and the form refuses any other."""

import re

import pytest

from debates.admin import DebateAdminForm
from debates.models import Debate
from forums.models import Session
from tests.factories import DebateFactory, ForumFactory, SessionFactory
from tests.support import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def sessions():
    housing = ForumFactory(title="Housing")
    water = ForumFactory(title="Water", event=housing.event)
    return {
        "housing": housing,
        "water": water,
        "debate": SessionFactory(forum=housing, title="Social rent", kind=Session.Kind.DEBATE),
        "panel": SessionFactory(forum=housing, title="Opening panel", kind=Session.Kind.PANEL),
        "taken": SessionFactory(forum=housing, title="Already held", kind=Session.Kind.DEBATE),
        "other": SessionFactory(forum=water, title="Wells", kind=Session.Kind.DEBATE),
    }


def session_options(html: str) -> list[str]:
    select = re.search(r'<select name="session".*?</select>', html, re.S).group(0)
    return re.findall(r'<option value="\d+">([^<]+)</option>', select)


def form(forum, session, **more):
    return {
        "forum": forum.pk,
        "session": session.pk,
        "title": "Social rent now",
        "motion": "",
        "scheduled_start_0": "",
        "scheduled_start_1": "",
        "visibility": "public",
        "observers_may_ask": "on",
        "speaking_seconds": "180",
        "voting_rule": "per_delegate",
        "majority": "simple",
        "quorum_percent": "50",
        **more,
    }


def test_the_add_form_of_a_forum_offers_only_its_free_debate_sessions(secretariat, sessions):
    DebateFactory(forum=sessions["housing"], session=sessions["taken"])

    html = (
        signed_in(secretariat)
        .get(f"/admin/debates/debate/add/?forum={sessions['housing'].pk}")
        .content.decode()
    )

    assert session_options(html) == ["Social rent (Housing)"]


def test_without_a_forum_the_add_form_offers_every_debate_session(secretariat, sessions):
    html = signed_in(secretariat).get("/admin/debates/debate/add/").content.decode()

    assert session_options(html) == [
        "Social rent (Housing)",
        "Already held (Housing)",
        "Wells (Water)",
    ]


def test_a_session_of_another_forum_is_refused(secretariat, sessions):
    response = signed_in(secretariat).post(
        "/admin/debates/debate/add/", form(sessions["housing"], sessions["other"])
    )

    assert response.status_code == 200
    assert "Select a valid choice." in response.content.decode()
    assert not Debate.objects.exists()


def test_the_model_form_refuses_a_session_that_is_no_debate_of_the_forum(sessions):
    for session in (sessions["panel"], sessions["other"]):
        bound = DebateAdminForm(data=form(sessions["housing"], session))

        assert not bound.is_valid()
        assert bound.errors["session"] == ["Choose a session of kind debate of the debate's forum."]


def test_a_debate_session_of_the_forum_is_accepted(secretariat, sessions):
    response = signed_in(secretariat).post(
        "/admin/debates/debate/add/", form(sessions["housing"], sessions["debate"])
    )

    assert response.status_code == 302
    assert Debate.objects.get().session == sessions["debate"]
