"""Create a live debate with N seated delegates and an open secret vote (prints JSON).

Run by ``bench/votes.py`` against the benchmark's database: ``python -m
bench._votes_setup N``. A second debate of the same forum gets its own open vote for
the baselines that write ballots straight to the database.
"""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402
from rest_framework.authtoken.models import Token  # noqa: E402

from assembly.models import VotingRight  # noqa: E402
from debates import services  # noqa: E402
from debates.models import Debate  # noqa: E402
from demo.bulk import make_accredited_delegates  # noqa: E402
from events.models import Event  # noqa: E402
from forums.models import Forum, Seat  # noqa: E402

Status = Debate.Status


def live_debate_with_open_vote(chair, forum, delegates, title: str) -> tuple[Debate, int]:
    debate = services.debate_create(actor=chair, forum=forum, title=title)
    for target in (Status.OPEN, Status.LIVE):
        services.debate_transition(actor=chair, debate_id=debate.pk, to=target)
    proposer, seconder = delegates[0].user, delegates[1].user
    motion = services.motion_propose(actor=proposer, debate_id=debate.pk, text="Adopt it")
    services.motion_second(actor=seconder, debate_id=debate.pk, motion_id=motion.pk)
    vote = services.vote_open(actor=chair, debate_id=debate.pk, motion_id=motion.pk, secret=True)
    return debate, vote.pk


def main(count: int) -> None:
    call_command("migrate", verbosity=0)
    from django.contrib.auth import get_user_model

    chair = get_user_model().objects.create_superuser(f"bench-chair-{os.getpid()}")
    today = timezone.localdate()
    event = Event.objects.create(
        title="Bench",
        slug=f"bench-votes-{os.getpid()}",
        host_city="Bench",
        time_zone="UTC",
        start_date=today,
        end_date=today,
        status=Event.Status.PUBLISHED,
    )
    forum = Forum.objects.create(event=event, title="Bench", slug="bench", seat_capacity=count)
    pairs = make_accredited_delegates(event, count, prefix="voter")
    Seat.objects.bulk_create(
        Seat(
            delegate=delegate,
            forum=forum,
            status=Seat.Status.CONFIRMED,
            confirmed_at=timezone.now(),
        )
        for delegate, _token in pairs
    )
    delegates = [delegate for delegate, _token in pairs]
    organization = delegates[0].organization
    organization.is_member = True
    organization.save(update_fields=["is_member"])
    VotingRight.objects.create(event=event, organization=organization)
    debate, vote = live_debate_with_open_vote(chair, forum, delegates, "Vote burst")
    # Opened by the chair once the vote is closed: the election burst on the same sockets.
    election = services.election_create(
        actor=chair,
        debate_id=debate.pk,
        title="Board",
        seats=1,
        candidates=[("delegate", delegate.pk) for delegate in delegates[:3]],
        rule="per_delegate",
    )
    baseline, baseline_vote = live_debate_with_open_vote(chair, forum, delegates, "Baseline")
    print(
        json.dumps(
            {
                "debate": debate.pk,
                "vote": vote,
                "election": election.pk,
                "candidates": list(election.candidates.values_list("pk", flat=True)),
                "baseline_debate": baseline.pk,
                "baseline_vote": baseline_vote,
                "tokens": [token for _delegate, token in pairs],
                "delegates": [delegate.pk for delegate in delegates],
                "users": [delegate.user_id for delegate in delegates],
                "chair_token": Token.objects.create(user=chair).key,
            }
        )
    )


if __name__ == "__main__":
    main(int(sys.argv[1]))
