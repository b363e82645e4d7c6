"""Demo position papers in every state, with real PDFs made here, through the services.

Loaded after the forums, seats and schedule exist. The World Congress has an
open call: its papers show every state. The Annual Meeting (happening now) has accepted
papers, whose authors the live debates mark; its call closed before the meeting, so its
papers are submitted inside a window opened for the moment and dated back afterwards.
"""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from demo import Demo
from demo.pdfmake import make_pdf
from forums.models import Forum
from papers.models import PaperStatus, PaperStatusChange, PaperVersion, PositionPaper
from papers.services import (
    paper_add_version,
    paper_assign_reviewer,
    paper_claim,
    paper_create,
    paper_transition,
    review_submit,
)

S = PaperStatus

# (event, forum slug, author, title, final state, reviews [(reviewer, score, recommendation,
#  to author)], language, keywords)
PAPERS = [
    (
        "congress",
        "metropolitan-governance",
        "amina",
        "Metropolitan Councils with Teeth: Lessons from Dakar",
        S.ACCEPTED,
        [
            ("ines", 5, "accept", "A clear case; the section on fiscal transfers is excellent."),
            ("jiwoo", 4, "accept", "Add a comparison with one Asian metropolis if you can."),
        ],
        "fr",
        ["metropolitan governance", "decentralisation", "West Africa"],
    ),
    (
        "congress",
        "metropolitan-governance",
        "diego",
        "One Metropolis, Many Mayors: Coordinating Transport across Bogotá's Region",
        S.UNDER_REVIEW,
        [("ines", 3, "revise", "The governance model needs a budget.")],
        "es",
        ["transport", "regional coordination"],
    ),
    (
        "congress",
        "metropolitan-governance",
        "claire",
        "Montréal's Agglomeration Council after Twenty Years",
        S.SUBMITTED,
        [],
        "fr",
        ["agglomeration", "institutions"],
    ),
    (
        "congress",
        "metropolitan-governance",
        "thabo",
        "Ward Committees and the Metropolitan Scale",
        S.DRAFT,
        [],
        "en",
        ["participation"],
    ),
    (
        "congress",
        "finance-sustainable-development",
        "diego",
        "Green Municipal Bonds for Mid-Sized Latin American Cities",
        S.REVISIONS_REQUESTED,
        [("jiwoo", 3, "revise", "Please show the rating agencies' view and the default risk.")],
        "es",
        ["municipal bonds", "climate finance"],
    ),
    (
        "congress",
        "finance-sustainable-development",
        "amina",
        "A Land Value Tax for Dakar's Peripheries",
        S.REJECTED,
        [("ines", 2, "reject", "Interesting, but the paper does not yet propose a position.")],
        "en",
        ["land value capture", "property tax"],
    ),
    (
        "congress",
        "finance-sustainable-development",
        "claire",
        "Participatory Budgeting at Scale",
        S.WITHDRAWN,
        [],
        "en",
        ["participatory budgeting"],
    ),
    (
        "congress",
        "gender-equality",
        "amina",
        "Safe Markets: Women Traders and Public Space",
        S.UNDER_REVIEW,
        [],
        "en",
        ["safety", "informal economy", "public space"],
    ),
    (
        "annual",
        "housing-right-to-the-city",
        "amina",
        "Upgrading Informal Settlements without Displacement",
        S.ACCEPTED,
        [("jiwoo", 5, "accept", "Strong and concrete."), ("ines", 4, "accept", "")],
        "en",
        ["informal settlements", "housing"],
    ),
    (
        "annual",
        "housing-right-to-the-city",
        "diego",
        "Rent Regulation and the Right to the City in Bogotá",
        S.ACCEPTED,
        [("ines", 4, "accept", "Well argued.")],
        "es",
        ["rent", "housing policy"],
    ),
    (
        "annual",
        "climate-resilience",
        "pablo",
        "Heat Action Plans for Mexico City's Neighbourhoods",
        S.ACCEPTED,
        [("jiwoo", 4, "accept", "Useful for every city in a hot climate.")],
        "es",
        ["heat", "adaptation"],
    ),
    (
        "annual",
        "metropolitan-governance",
        "claire",
        "Montréal's Metropolitan Community and the Climate Plan",
        S.ACCEPTED,
        [("thabo", 4, "accept", "A model of metropolitan coordination.")],
        "fr",
        ["climate plan", "metropolitan community"],
    ),
]

# No names in the text or the file: some forums review anonymously.
ABSTRACT = (
    "{title}. This position paper sets out what our government has learnt, what it asks "
    "of the association's members and which commitments it proposes for the resolution "
    "of the forum. It draws on the city's own programmes, on comparisons with peer "
    "metropolitan areas and on the discussions of the previous congress."
)


def _upload(title: str, *, pages: int = 3, revision: bool = False):
    body = ABSTRACT.format(title=title) + (
        "\n\nRevised version, following the reviewers' comments." if revision else ""
    )
    data = make_pdf(title, body, pages=pages)
    name = "revised.pdf" if revision else "position-paper.pdf"
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def seed(demo: Demo) -> None:
    people = demo.people
    forums = demo.forums
    chair = people["chair"].user
    demo_forums = [forum.pk for forum in forums.values()]
    if PositionPaper.objects.filter(forum_id__in=demo_forums).exists():
        demo.papers = list(PositionPaper.objects.filter(forum_id__in=demo_forums))
        return

    for (event_key, _slug), forum in forums.items():
        if forum.review_deadline is None and forum.call_closes_at:
            lead = datetime.timedelta(days=21 if event_key == "congress" else 3)
            forum.review_deadline = forum.call_closes_at + lead
            forum.save(update_fields=["review_deadline", "updated_at"])
    gender = forums[("congress", "gender-equality")]
    gender.anonymous_review = True
    gender.save(update_fields=["anonymous_review", "updated_at"])

    created = []
    for event_key, slug, username, title, target, reviews, language, keywords in PAPERS:
        author = people.get(username)
        if author is None:
            continue
        forum = forums[(event_key, slug)]
        window = _open_window(forum) if event_key == "annual" else None
        paper = paper_create(
            actor=author.user,
            forum=forum,
            title=title,
            abstract=ABSTRACT.format(title=title),
            language=language,
            keywords=keywords,
            file=_upload(title),
        )
        _advance(paper, target, reviews, author=author, chair=chair, people=people)
        if window is not None:
            _close_window(forum, window)
            _date_back(paper, before=window[1])
        created.append(paper)
    demo.papers = created


def _advance(paper, target, reviews, *, author, chair, people) -> None:
    if target == S.DRAFT:
        return
    if target == S.WITHDRAWN:
        paper_transition(actor=author.user, paper=paper, to=S.SUBMITTED)
        paper_transition(
            actor=author.user,
            paper=paper,
            to=S.WITHDRAWN,
            message="Merged into our joint paper with São Paulo.",
        )
        return
    paper_transition(actor=author.user, paper=paper, to=S.SUBMITTED)
    if target == S.SUBMITTED:
        return
    if reviews:
        for index, (username, score, recommendation, comment) in enumerate(reviews):
            reviewer = people[username]
            if index == 0:
                paper_assign_reviewer(actor=chair, paper=paper, reviewer=reviewer)
            else:
                paper_claim(actor=reviewer.user, paper=paper)
            review_submit(
                actor=reviewer.user,
                paper=paper,
                score=score,
                recommendation=recommendation,
                comments_to_author=comment,
                comments_to_chairs="Recommended for the debate." if score >= 4 else "",
            )
        if target == S.UNDER_REVIEW and paper.forum.slug == "metropolitan-governance":
            # A second reviewer who has not reviewed yet.
            paper_assign_reviewer(actor=chair, paper=paper, reviewer=people["jiwoo"])
    else:
        paper_assign_reviewer(actor=chair, paper=paper, reviewer=people["jiwoo"])
    messages = {
        S.ACCEPTED: "Thank you: the forum will open its debate with your paper.",
        S.REJECTED: "Thank you for your paper. The chairs could not accept it this time; "
        "the reviewers' comments explain why.",
        S.REVISIONS_REQUESTED: "Please add the financial analysis the reviewers ask for "
        "and send a revised version.",
    }
    if target in messages:
        paper_transition(actor=chair, paper=paper, to=target, message=messages[target])
    if target == S.REVISIONS_REQUESTED:
        # The author has already uploaded a revised draft, not yet submitted.
        paper_add_version(
            actor=author.user,
            paper=paper,
            file=_upload(paper.title, pages=4, revision=True),
        )


def _open_window(forum: Forum):
    """Open a closed call for a moment; returns the real window to restore."""
    window = (forum.call_opens_at, forum.call_closes_at)
    forum.call_opens_at = timezone.now() - datetime.timedelta(days=1)
    forum.call_closes_at = timezone.now() + datetime.timedelta(hours=1)
    forum.save(update_fields=["call_opens_at", "call_closes_at"])
    return window


def _close_window(forum: Forum, window) -> None:
    forum.call_opens_at, forum.call_closes_at = window
    forum.save(update_fields=["call_opens_at", "call_closes_at"])


def _date_back(paper: PositionPaper, *, before) -> None:
    """Give a paper of a past call the dates it would have had."""
    if before is None:
        return
    start = before - datetime.timedelta(days=12)
    changes = list(paper.history.order_by("at", "id"))
    for index, change in enumerate(changes):
        PaperStatusChange.objects.filter(pk=change.pk).update(
            at=start + datetime.timedelta(days=index * 2)
        )
    PaperVersion.objects.filter(paper=paper).update(created_at=start)
    PositionPaper.objects.filter(pk=paper.pk).update(
        created_at=start,
        submitted_at=start + datetime.timedelta(days=2),
        decided_at=start + datetime.timedelta(days=2 * max(len(changes) - 1, 1)),
    )
