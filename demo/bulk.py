"""Many accredited delegates at once, for load tests and benchmarks."""


def make_accredited_delegates(event, count: int, *, prefix: str = "burst") -> list[tuple]:
    """``count`` (delegate, API token) pairs with approved accreditations, made in bulk."""
    import secrets

    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from rest_framework.authtoken.models import Token

    from events.models import Accreditation, Delegate, Organization

    organization = Organization.objects.create(
        name=f"{prefix} organization {secrets.token_hex(4)}",
        short_name=prefix,
        country="FR",
        region="europe",
    )
    password = make_password(None)
    user_model = get_user_model()
    users = user_model.objects.bulk_create(
        user_model(username=f"{prefix}-{secrets.token_hex(6)}", password=password)
        for _ in range(count)
    )
    delegates = Delegate.objects.bulk_create(
        Delegate(user=user, organization=organization, languages=["en"]) for user in users
    )
    Accreditation.objects.bulk_create(
        Accreditation(
            delegate=delegate,
            event=event,
            organization=organization,
            status=Accreditation.Status.APPROVED,
        )
        for delegate in delegates
    )
    tokens = Token.objects.bulk_create(
        Token(user=user, key=secrets.token_hex(20)) for user in users
    )
    return list(zip(delegates, [token.key for token in tokens], strict=True))
