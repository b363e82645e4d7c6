"""Pages for position papers: submit, my papers, a paper, the review queue, the decision
board. Views parse input, call a service, and render; refusals come back as messages."""

from papers.views.authoring import my_papers, paper_edit, paper_submit
from papers.views.chairs import decision_board_view, review_queue_view
from papers.views.common import FORM_OVERHEAD_BYTES
from papers.views.paper import (
    paper_assign_view,
    paper_claim_view,
    paper_detail,
    paper_file,
    paper_late_revision_view,
    paper_review_view,
    paper_transition_view,
    paper_unassign_view,
    pdf_response,
)

__all__ = [
    "FORM_OVERHEAD_BYTES",
    "decision_board_view",
    "my_papers",
    "paper_assign_view",
    "paper_claim_view",
    "paper_detail",
    "paper_edit",
    "paper_file",
    "paper_late_revision_view",
    "paper_review_view",
    "paper_submit",
    "paper_transition_view",
    "paper_unassign_view",
    "pdf_response",
    "review_queue_view",
]
