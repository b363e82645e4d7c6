from django.contrib.auth import get_user_model
from django.db import transaction

from events.models import Delegate, Organization, new_calendar_token


@transaction.atomic
def delegate_create(
    *,
    username: str,
    password: str | None,
    organization: Organization,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    title: str = "",
    languages: list[str] | None = None,
    time_zone: str = "UTC",
) -> Delegate:
    """Create a user and their delegate profile together."""
    user = get_user_model().objects.create_user(
        username=username,
        password=password,
        first_name=first_name,
        last_name=last_name,
        email=email,
    )
    delegate = Delegate(
        user=user,
        organization=organization,
        title=title,
        languages=languages or ["en"],
        time_zone=time_zone,
    )
    delegate.full_clean()
    delegate.save()
    return delegate


@transaction.atomic
def delegate_rotate_calendar_token(*, delegate: Delegate) -> str:
    """Give the delegate a new private calendar token; the old feed URL stops working at once."""
    delegate.calendar_token = new_calendar_token()
    delegate.save(update_fields=["calendar_token"])
    return delegate.calendar_token
