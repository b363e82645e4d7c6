"""The baselines of the vote burst: the same ballots written without the room (prints JSON).

``python -m bench._votes_baseline SETUP_JSON_PATH``: on the second debate's open vote,
- a plain loop on the database, one transaction per ballot (ballot row, counter,
  receipt: what a secret ballot writes);
- the same rows in transactions of 100;
- ``vote_cast`` itself in a loop, one call per ballot (the service without the sockets).
Between runs the ballots are removed and the counters reset.
"""

import json
import os
import secrets
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import transaction  # noqa: E402
from django.db.models import F  # noqa: E402

from debates import services  # noqa: E402
from debates.models import Ballot, Receipt, Vote  # noqa: E402

CHOICES = ("yes", "no", "abstain")
BATCH = 100


def _rows(vote_id: int, delegates: list[int], index: int):
    choice = CHOICES[index % 3]
    ballot = Ballot(vote_id=vote_id, voter_key=f"d{delegates[index]}", delegate_id=delegates[index])
    return choice, ballot, Receipt(code=secrets.token_hex(5).upper(), vote_id=vote_id)


def _reset(vote_id: int) -> None:
    Ballot.objects.filter(vote_id=vote_id).delete()
    Receipt.objects.filter(vote_id=vote_id).delete()
    Vote.objects.filter(pk=vote_id).update(yes=0, no=0, abstain=0)


def one_transaction_each(vote_id: int, delegates: list[int]) -> None:
    for index in range(len(delegates)):
        choice, ballot, receipt = _rows(vote_id, delegates, index)
        with transaction.atomic():
            ballot.save(force_insert=True)
            Vote.objects.filter(pk=vote_id).update(**{choice: F(choice) + 1})
            receipt.save(force_insert=True)


def batched(vote_id: int, delegates: list[int]) -> None:
    for start in range(0, len(delegates), BATCH):
        rows = [
            _rows(vote_id, delegates, i) for i in range(start, min(start + BATCH, len(delegates)))
        ]
        counts = {choice: sum(1 for c, _b, _r in rows if c == choice) for choice in CHOICES}
        with transaction.atomic():
            Ballot.objects.bulk_create([ballot for _c, ballot, _r in rows])
            Vote.objects.filter(pk=vote_id).update(**{c: F(c) + n for c, n in counts.items()})
            Receipt.objects.bulk_create([receipt for _c, _b, receipt in rows])


def service_loop(debate_id: int, vote_id: int, users: list[int]) -> None:
    people = get_user_model().objects.in_bulk(users)
    for index, user_id in enumerate(users):
        services.vote_cast(
            actor=people[user_id], debate_id=debate_id, vote_id=vote_id, choice=CHOICES[index % 3]
        )


def main(path: str) -> None:
    setup = json.loads(Path(path).read_text())
    vote_id, debate_id = setup["baseline_vote"], setup["baseline_debate"]
    runs = {
        "loop": lambda: one_transaction_each(vote_id, setup["delegates"]),
        "batched": lambda: batched(vote_id, setup["delegates"]),
        "service": lambda: service_loop(debate_id, vote_id, setup["users"]),
    }
    results = {}
    for name, work in runs.items():
        _reset(vote_id)
        cpu, started = time.process_time(), time.perf_counter()
        work()
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        vote = Vote.objects.get(pk=vote_id)
        results[name] = {"seconds": elapsed, "cpu": cpu, "tally": vote.cast}
    print(json.dumps(results))


if __name__ == "__main__":
    main(sys.argv[1])
