from urllib.parse import quote

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from debates import services
from debates.minutes import minutes_build
from debates.models import Debate, Visibility
from tests.debates.conftest import make_room
from tests.factories import ForumFactory

pytestmark = pytest.mark.django_db


def closed_room_with_votes():
    room = make_room(delegates=3)
    d = room.debate.pk
    services.debate_transition(actor=room.chair, debate_id=d, to="open")
    services.debate_transition(actor=room.chair, debate_id=d, to="live")
    amina, diego, mei = (delegate.user for delegate in room.delegates)
    services.floor_request(actor=amina, debate_id=d)
    services.floor_grant(actor=room.chair, debate_id=d)
    services.floor_end(actor=amina, debate_id=d)
    secret = services.motion_propose(actor=amina, debate_id=d, text="Adopt the report").pk
    services.motion_second(actor=diego, debate_id=d, motion_id=secret)
    vote = services.vote_open(actor=room.chair, debate_id=d, motion_id=secret, secret=True)
    for user, choice in ((amina, "yes"), (diego, "no"), (mei, "yes")):
        services.vote_cast(actor=user, debate_id=d, vote_id=vote.pk, choice=choice)
    services.vote_close(actor=room.chair, debate_id=d)
    roll = services.motion_propose(actor=diego, debate_id=d, text="Publish it").pk
    services.motion_second(actor=mei, debate_id=d, motion_id=roll)
    vote = services.vote_open(actor=room.chair, debate_id=d, motion_id=roll, secret=False)
    services.vote_cast(actor=mei, debate_id=d, vote_id=vote.pk, choice="no")
    services.vote_cast(actor=amina, debate_id=d, vote_id=vote.pk, choice="yes")
    services.vote_close(actor=room.chair, debate_id=d)
    question = services.question_ask(actor=room.observer, debate_id=d, text="When?").pk
    services.question_moderate(actor=room.chair, debate_id=d, question_id=question, action="answer")
    services.debate_transition(actor=room.chair, debate_id=d, to="closed")
    return room


def test_snapshot_api_matches_the_room(api_client):
    room = make_room()
    services.debate_transition(actor=room.chair, debate_id=room.debate.pk, to="open")

    body = api_client.get(f"/api/v1/debates/{room.debate.pk}/").json()

    debate = Debate.objects.get(pk=room.debate.pk)
    assert body["seq"] == 2
    assert body["status"] == "open"
    assert body["state"] == debate.state


def test_events_api_pages_the_log_in_wire_format(api_client):
    room = make_room()
    d = room.debate.pk
    services.debate_transition(actor=room.chair, debate_id=d, to="open")
    services.floor_request(actor=room.delegates[0].user, debate_id=d)

    body = api_client.get(f"/api/v1/debates/{d}/events/", {"since": 1}).json()

    assert body["count"] == 2
    assert [e["type"] for e in body["results"]] == ["debate.opened", "floor.requested"]
    assert set(body["results"][0]) == {"type", "seq", "at", "actor", "data", "hash"}
    assert body["results"][0]["actor"]["role"] == "chair"


@pytest.mark.parametrize("since", ["abc", "-1", "1.5"])
def test_events_api_refuses_bad_since(api_client, since):
    room = make_room()

    response = api_client.get(f"/api/v1/debates/{room.debate.pk}/events/", {"since": since})

    assert response.status_code == 400
    assert "since" in response.json()["errors"]


def test_secret_ballots_never_leave_through_the_api(api_client):
    room = closed_room_with_votes()

    events = api_client.get(f"/api/v1/debates/{room.debate.pk}/events/?page_size=200").json()
    snapshot = api_client.get(f"/api/v1/debates/{room.debate.pk}/").json()

    closed = [e for e in events["results"] if e["type"] == "vote.closed"]
    secret, roll_call = closed
    assert "voters" not in secret["data"]
    assert secret["data"]["tally"] == {"yes": 2, "no": 1, "abstain": 0}
    assert sorted((v["name"], v["choice"]) for v in roll_call["data"]["voters"]) == sorted(
        [(room.delegates[0].display_name, "yes"), (room.delegates[2].display_name, "no")]
    )
    secret_in_state = next(v for v in snapshot["state"]["votes"] if v["secret"])
    assert "voters" not in secret_in_state["result"]


def test_members_only_debate_needs_login_in_the_api(api_client):
    room = make_room(visibility=Visibility.MEMBERS)

    anonymous = api_client.get(f"/api/v1/debates/{room.debate.pk}/")
    api_client.force_authenticate(room.observer)
    signed_in = api_client.get(f"/api/v1/debates/{room.debate.pk}/")

    assert anonymous.status_code == 401
    assert signed_in.status_code == 200


def test_delegates_only_debate_is_forbidden_to_observers():
    room = make_room(visibility=Visibility.DELEGATES)
    client = APIClient()
    client.force_authenticate(room.observer)

    response = client.get(f"/api/v1/debates/{room.debate.pk}/events/")

    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_debate_list_query_count_does_not_grow(api_client, django_assert_max_num_queries):
    make_room(delegates=1)
    with django_assert_max_num_queries(2):
        small = api_client.get("/api/v1/debates/")
    for _ in range(4):
        make_room(delegates=1)
    with django_assert_max_num_queries(2):
        large = api_client.get("/api/v1/debates/")

    assert (small.json()["count"], large.json()["count"]) == (1, 5)


def test_events_list_query_count_does_not_grow(api_client, django_assert_max_num_queries):
    room = make_room()
    d = room.debate.pk
    with django_assert_max_num_queries(8):
        small = api_client.get(f"/api/v1/debates/{d}/events/")
    services.debate_transition(actor=room.chair, debate_id=d, to="open")
    for delegate in room.delegates:
        services.floor_request(actor=delegate.user, debate_id=d)
        services.message_post(actor=delegate.user, debate_id=d, text="hi")
    with django_assert_max_num_queries(8):
        large = api_client.get(f"/api/v1/debates/{d}/events/")

    assert (small.json()["count"], large.json()["count"]) == (1, 8)


def test_minutes_in_three_formats(client):
    room = closed_room_with_votes()
    d = room.debate.pk

    html = client.get(f"/debates/{d}/minutes").content.decode()
    markdown = client.get(f"/debates/{d}/minutes.md")
    data = client.get(f"/debates/{d}/minutes.json").json()

    assert markdown["Content-Type"] == "text/markdown; charset=utf-8"
    text = markdown.content.decode()
    assert "# Minutes: Housing resolution" in text
    assert "yes 2, no 1, abstain 0; turnout 3 of 3: **carried**" in text
    assert f"{room.delegates[0].display_name} (City0): yes" in text
    assert [s["name"] for s in data["speakers"]] == [room.delegates[0].display_name]
    assert [v["result"] for v in data["votes"]] == ["carried", "failed"]
    assert "voters" not in data["votes"][0]
    assert data["questions_answered"] == [
        {"text": "When?", "author": room.observer.get_full_name(), "upvotes": 0}
    ]
    assert "Secret ballot" in html
    assert "Roll call" in html


def test_minutes_wait_for_the_close(client):
    room = make_room()

    response = client.get(f"/debates/{room.debate.pk}/minutes")
    json_response = client.get(f"/debates/{room.debate.pk}/minutes.json")

    assert response.status_code == 404
    assert "Minutes are published when the debate closes." in response.content.decode()
    assert json_response.json()["code"] == "not_closed"


def test_room_page_renders_the_snapshot(client):
    room = make_room()
    d = room.debate.pk
    services.debate_transition(actor=room.chair, debate_id=d, to="open")
    services.floor_request(actor=room.delegates[0].user, debate_id=d)

    html = client.get(f"/debates/{d}/").content.decode()

    assert "Housing resolution" in html
    assert room.delegates[0].display_name in html


def test_room_page_hidden_from_those_who_may_not_watch(client):
    room = make_room(visibility=Visibility.DELEGATES)

    client.force_login(room.observer)
    assert client.get(f"/debates/{room.debate.pk}/").status_code == 404
    client.force_login(room.delegates[0].user)
    assert client.get(f"/debates/{room.debate.pk}/").status_code == 200


@pytest.mark.parametrize("visibility", [Visibility.MEMBERS, Visibility.DELEGATES])
def test_room_page_sends_anonymous_visitors_to_log_in(client, visibility):
    room = make_room(visibility=visibility)
    path = f"/debates/{room.debate.pk}/"

    response = client.get(path + "?view=projector")
    minutes = client.get(path + "minutes.json")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=" + quote(path + "?view=projector")
    assert minutes.status_code == 401
    assert minutes.json()["code"] == "not_authenticated"


def test_room_page_carries_what_the_script_needs(client):
    room = make_room()
    d = room.debate.pk
    services.debate_transition(actor=room.chair, debate_id=d, to="open")
    client.force_login(room.delegates[0].user)

    response = client.get(f"/debates/{d}/")
    html = response.content.decode()

    config = response.context["config"]
    assert config["debate"] == d
    assert config["socket"] == f"/ws/debates/{d}/"
    assert config["role"] == "delegate"
    assert config["view"] == "room"
    assert config["labels"]["kind"]["point_of_order"] == "Point of order"
    assert config["labels"]["region"]["africa"] == "Africa"
    assert response.context["snapshot"] == {"seq": 2, "state": Debate.objects.get(pk=d).state}
    assert '<script id="room-config" type="application/json">' in html
    assert '<script type="module" src="/static/js/room/main.js">' in html
    assert 'src="/jsi18n/?lang=en"' in html
    # Everything the page runs is a file of our own: nothing inline for the CSP to refuse.
    assert "<script>" not in html
    assert " style=" not in html
    assert "Ask to speak" in html


def test_projector_view_has_no_controls(client):
    room = make_room()
    client.force_login(room.chair)

    html = client.get(f"/debates/{room.debate.pk}/?view=projector").content.decode()

    assert "projector-page" in html
    assert "Chair&#x27;s console" not in html
    assert "Chair's console" not in html
    assert "<button" not in html.split('id="room"')[1]


def test_admin_creates_a_debate_through_the_service(client, secretariat):
    room = make_room()
    client.force_login(secretariat)

    response = client.post(
        "/admin/debates/debate/add/",
        {
            "forum": room.forum.pk,
            "title": "Second reading",
            "motion": "",
            "visibility": "public",
            "observers_may_ask": "on",
            "speaking_seconds": 120,
            "voting_rule": "per_delegate",
            "majority": "simple",
            "quorum_percent": 50,
            "events-TOTAL_FORMS": 0,
            "events-INITIAL_FORMS": 0,
        },
    )

    assert response.status_code == 302
    debate = Debate.objects.get(title="Second reading")
    assert debate.seq == 1
    assert debate.events.get().type == "debate.created"
    assert debate.state["debate"]["speaking_seconds"] == 120


def test_admin_changes_settings_through_the_service_and_shows_what_stays(client, secretariat):
    room = make_room()
    other_forum = ForumFactory(event=room.forum.event)
    client.force_login(secretariat)
    url = f"/admin/debates/debate/{room.debate.pk}/change/"

    form = client.get(url).content.decode()
    response = client.post(
        url,
        {
            "forum": other_forum.pk,
            "title": room.debate.title,
            "motion": "",
            "visibility": "public",
            "observers_may_ask": "on",
            "speaking_seconds": 90,
            "voting_rule": "per_delegate",
            "majority": "simple",
            "quorum_percent": 50,
            "events-TOTAL_FORMS": 0,
            "events-INITIAL_FORMS": 0,
        },
    )

    assert 'name="forum"' not in form
    assert 'name="speaking_seconds"' in form
    assert response.status_code == 302
    room.debate.refresh_from_db()
    assert room.debate.forum == room.forum
    assert room.debate.speaking_seconds == 90
    assert room.debate.events.order_by("-seq").first().type == "debate.updated"


@pytest.mark.embedded
def test_seed_demo_has_a_live_and_a_closed_debate():
    call_command("seed_demo")

    live = Debate.objects.get(status="live")
    closed = Debate.objects.get(status="closed")
    assert live.state["speaker"] is None  # the chair gives the floor when the room opens
    assert len(live.state["queue"]) >= 2
    # The declaration's amendments (one carried, one failed), then itself, under item 1;
    # the Board is elected under item 2.
    results = [(v["result"]["result"], v["item"]) for v in closed.state["votes"]]
    first, board = (item["id"] for item in closed.state["agenda"]["items"])
    assert results == [("carried", first), ("failed", first), ("carried", first)]
    assert [(e["title"], e["item"]) for e in closed.state["elections"]] == [
        ("Election of the Board", board)
    ]
    assert [s["item"] for s in minutes_build(closed)["speakers"]] == [first] * 3
    declaration = closed.state["texts"][0]
    assert declaration["status"] == "adopted"
    assert [a["status"] for a in declaration["amendments"]] == ["carried", "fell", "failed"]
    assert all(all(p["text"].values()) for p in declaration["paragraphs"])
    resolution = live.state["texts"][0]
    assert live.state["agenda"]["current"] == resolution["item"]
    assert [a["signed"] for a in resolution["amendments"]] == [
        {"en": True, "fr": False, "es": True}
    ]


def test_debate_runs_in_a_debate_session_of_its_forum(client):
    from plenary.errors import Conflict, ServiceError
    from tests.factories import SessionFactory

    room = make_room()
    session = SessionFactory(forum=room.forum, kind="debate")
    panel = SessionFactory(forum=room.forum, kind="panel")

    debate = services.debate_create(
        actor=room.chair, forum=room.forum, title="Second reading", session=session
    )
    with pytest.raises(ServiceError) as wrong_kind:
        services.debate_create(actor=room.chair, forum=room.forum, title="x", session=panel)
    with pytest.raises(Conflict):
        services.debate_create(actor=room.chair, forum=room.forum, title="y", session=session)

    assert debate.scheduled_start == session.starts_at
    assert debate.state["debate"]["session"] == str(session.uuid)
    assert wrong_kind.value.code == "invalid_session"
    html = client.get(room.forum.get_absolute_url()).content.decode()
    assert f'href="/debates/{debate.pk}/"' in html
