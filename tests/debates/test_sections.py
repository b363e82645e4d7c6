"""The texts adopted in a forum's debates, listed on the forum and event pages."""

import pytest
from django.test import Client

from debates.models import Debate, DraftText, Visibility
from tests.debates.texts import amendment_sitting

pytestmark = pytest.mark.django_db


def test_the_forum_and_event_pages_list_the_adopted_text_with_its_downloads(client):
    room = amendment_sitting()
    adopted = DraftText.objects.get(item__debate=room.debate, status="adopted")
    forum = room.debate.forum
    text_url = f"/debates/{room.debate.pk}/texts/{adopted.pk}"

    forum_page = client.get(forum.get_absolute_url()).content.decode()
    event_page = client.get(forum.event.get_absolute_url()).content.decode()

    for page in (forum_page, event_page):
        assert '<h2 id="resolutions-heading">Adopted texts</h2>' in page
        assert f'<a href="{text_url}/">{adopted.title}</a>' in page
        assert f'<a href="{text_url}.pdf">PDF</a>' in page
    # The rejected text of the second item is not listed.
    rejected = DraftText.objects.get(item__debate=room.debate, status="rejected")
    assert rejected.title not in forum_page
    assert f'<p class="meta">{forum.title} · Adopted in' in event_page
    assert '<p class="meta">Adopted in' in forum_page


def test_a_members_only_debate_lists_its_texts_to_those_signed_in_only():
    room = amendment_sitting()
    Debate.objects.filter(pk=room.debate.pk).update(visibility=Visibility.MEMBERS)
    adopted = DraftText.objects.get(item__debate=room.debate, status="adopted")
    signed_in = Client()
    signed_in.force_login(room.delegates[0].user)
    url = room.debate.forum.get_absolute_url()

    assert adopted.title not in Client().get(url).content.decode()
    assert adopted.title in signed_in.get(url).content.decode()


def test_the_list_costs_the_same_queries_for_one_text_or_three(
    client, django_assert_max_num_queries
):
    room = amendment_sitting()
    url = room.debate.forum.event.get_absolute_url()
    with django_assert_max_num_queries(100) as one:
        client.get(url)
    for _ in range(2):
        more = amendment_sitting()
        Debate.objects.filter(pk=more.debate.pk).update(forum=room.debate.forum)

    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(url).content.decode()

    assert page.count('class="card"') >= 3
