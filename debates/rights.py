"""What the debates do when people's places elsewhere change: sockets open in a forum's
debates look at their rights again; a member's mandate may not change while one of its
event's votes of one ballot per member is open."""

from django.utils.translation import gettext as _

from debates import broadcast
from debates.models import Debate, Election, Vote, VotingRule
from plenary.errors import Conflict


def forum_people_changed(*, forum_id: int, user_ids: list[int] | None) -> None:
    for debate_id in (
        Debate.objects.filter(forum_id=forum_id)
        .exclude(status=Debate.Status.CLOSED)
        .values_list("pk", flat=True)
    ):
        broadcast.publish_rights(debate_id, user_ids)


def refuse_mandate_change_during_a_vote(*, event, organization) -> None:
    per_member = VotingRule.PER_ORGANIZATION
    if (
        Vote.objects.filter(debate__forum__event=event, is_open=True, rule=per_member).exists()
        or Election.objects.filter(
            debate__forum__event=event, status=Election.Status.OPEN, rule=per_member
        ).exists()
    ):
        raise Conflict(
            _("A vote is open at this event: its roll is frozen, mandates change after it."),
            code="vote_open",
        )
