"""Create the database and a public debate with delegates who will post (prints JSON)."""

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

from debates import services  # noqa: E402
from demo.bulk import make_accredited_delegates  # noqa: E402
from events.models import Event  # noqa: E402
from forums.models import Forum  # noqa: E402
from forums.services import seat_take  # noqa: E402


def main() -> None:
    call_command("migrate", verbosity=0)
    from django.contrib.auth import get_user_model

    chair = get_user_model().objects.create_superuser("bench-chair")
    today = timezone.localdate()
    event = Event.objects.create(
        title="Bench",
        slug=f"bench-{os.getpid()}",
        host_city="Bench",
        time_zone="UTC",
        start_date=today,
        end_date=today,
        status=Event.Status.PUBLISHED,
    )
    forum = Forum.objects.create(event=event, title="Bench", slug="bench", seat_capacity=50)
    senders = make_accredited_delegates(event, 8, prefix="sender")
    for delegate, _token in senders:
        seat_take(actor=delegate.user, forum=forum)
    debate = services.debate_create(actor=chair, forum=forum, title="Fan-out")
    services.debate_transition(actor=chair, debate_id=debate.pk, action="open")
    print(
        json.dumps(
            {
                "debate": debate.pk,
                "tokens": [token for _delegate, token in senders],
                "chair_token": Token.objects.create(user=chair).key,
            }
        )
    )


if __name__ == "__main__":
    main()
