"""The per-organization limit holds when colleagues submit at the same moment."""

import threading
import time

import pytest
from django.db import connection

from papers import services
from papers.models import PaperStatus, PositionPaper
from papers.services import paper_transition
from plenary.errors import Conflict
from tests.factories import accredited_delegate
from tests.papers.conftest import make_paper

S = PaperStatus


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_simultaneous_submissions_of_one_organization_take_one_place(
    forum, author, event, monkeypatch
):
    colleagues = [author] + [
        accredited_delegate(event, organization=author.organization) for _ in range(5)
    ]
    papers = [
        make_paper(forum, delegate, title=f"Paper {n}") for n, delegate in enumerate(colleagues)
    ]
    barrier = threading.Barrier(len(papers))
    check = services.papers._check_organization_limit

    def slow_check(*args, **kwargs):
        # Widen the window between counting and writing, where a race would slip in.
        check(*args, **kwargs)
        time.sleep(0.2)

    monkeypatch.setattr(services.papers, "_check_organization_limit", slow_check)
    outcomes = []

    def submit(paper):
        try:
            barrier.wait()
            paper_transition(actor=paper.author.user, paper=paper, to=S.SUBMITTED)
            outcomes.append("submitted")
        except Conflict as refused:
            outcomes.append(refused.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(paper,)) for paper in papers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["organization_limit"] * 5 + ["submitted"]
    assert PositionPaper.objects.filter(status=S.SUBMITTED).count() == 1
