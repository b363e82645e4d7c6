"""The debate's back-office page: its log is a read-only list of the newest events with a
link to the whole log, so that the form saves however long the log grows."""

from html.parser import HTMLParser

import pytest
from django.test import Client

from debates.models import Debate, DebateEvent
from tests.factories import DebateFactory, UserFactory

pytestmark = pytest.mark.django_db


class FormFields(HTMLParser):
    """The fields a browser posts back from the change form, as it would post them."""

    def __init__(self):
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in {"submit", "button", "file"}:
            if attrs.get("type") in {"checkbox", "radio"} and "checked" not in attrs:
                return
            self.fields.append((name, attrs.get("value") or ""))
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.fields.append((self._select, attrs.get("value") or ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self.fields.append((name, ""))

    def handle_data(self, data):
        if self._textarea:
            name, value = self.fields[-1]
            self.fields[-1] = (name, value + data)

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


@pytest.fixture
def long_debate():
    debate = DebateFactory(seq=500)
    DebateEvent.objects.bulk_create(
        DebateEvent(debate=debate, seq=seq, type="message.posted", data={"n": seq})
        for seq in range(1, 501)
    )
    return debate


@pytest.fixture
def admin_client():
    client = Client()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_the_change_form_of_a_debate_with_500_events_saves(long_debate, admin_client):
    url = f"/admin/debates/debate/{long_debate.pk}/change/"
    page = admin_client.get(url)
    parser = FormFields()
    parser.feed(page.text)
    data = {}
    for name, value in parser.fields:
        data.setdefault(name, []).append(value)
    data["title"] = ["Renamed in the back office"]
    data["_save"] = ["Save"]

    response = admin_client.post(url, data)

    assert (response.status_code, response.headers["Location"]) == (
        302,
        "/admin/debates/debate/",
    )
    debate = Debate.objects.get(pk=long_debate.pk)
    assert (debate.title, debate.seq) == ("Renamed in the back office", 501)
    assert len(parser.fields) < 100


def test_the_log_is_the_newest_events_with_a_link_to_the_whole_log(long_debate, admin_client):
    page = admin_client.get(f"/admin/debates/debate/{long_debate.pk}/change/").text

    assert page.count("<code>message.posted</code>") == 50
    assert "The newest 50 events of 500." in page
    assert f'href="/api/v1/debates/{long_debate.pk}/events/"' in page
    assert "<td>500</td>" in page
    assert "<td>450</td>" not in page
