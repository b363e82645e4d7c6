"""Papers taken through the services, for the tests of the paper state machine."""

from papers.models import PaperStatus, PositionPaper
from papers.services import paper_assign_reviewer, paper_create, paper_transition
from tests.papers.conftest import pdf_upload

S = PaperStatus


def create(forum, author, **kwargs):
    fields = {
        "title": "Who governs the metropolis?",
        "abstract": "Institutions for cities that outgrew their borders.",
        "language": "en",
        "keywords": "governance, metropolis",
        "file": pdf_upload(),
    }
    fields.update(kwargs)
    return paper_create(actor=author.user, forum=forum, **fields)


def statuses(paper):
    return list(paper.history.order_by("at", "id").values_list("from_status", "to_status"))


def under_review(forum, author, reviewer, chair):
    paper = create(forum, author)
    paper_transition(actor=author.user, paper=paper, to=S.SUBMITTED)
    paper_assign_reviewer(actor=chair, paper=paper, reviewer=reviewer)
    return PositionPaper.objects.get(pk=paper.pk)
