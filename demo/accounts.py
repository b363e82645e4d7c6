"""Focal points of the demo cities and an invitation waiting for an answer."""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils.text import slugify

from demo import Demo
from demo.data import DEMO_PASSWORD
from events.accounts import services
from events.models import FocalPoint, Invitation

# The focal point of Dakar has a name; the others are "Focal point <city>".
NAMED = {"Dakar": ("fatou", "Fatou", "Sarr")}
INVITEE = {
    "email": "moussa.diop@demo.plenary.invalid",
    "first_name": "Moussa",
    "last_name": "Diop",
    "title": "Councillor for Housing",
    "languages": ["fr", "en"],
    "time_zone": "Africa/Dakar",
}


def focal_point_username(short_name: str) -> str:
    return NAMED.get(short_name, (f"focal-{slugify(short_name)}",))[0]


def seed(demo: Demo) -> None:
    """A focal point for each member city (what is missing), and one pending invitation
    that Dakar's focal point sent."""
    secretariat = demo.people["secretariat"].user
    users = get_user_model().objects
    password = make_password(DEMO_PASSWORD)  # hashed once for all of them
    for short_name, organization in demo.organizations.items():
        if not organization.is_member:
            continue
        username, first, last = NAMED.get(
            short_name, (focal_point_username(short_name), "Focal point", short_name)
        )
        email = f"{username}@demo.plenary.invalid"
        user = users.filter(username=username).first()
        if user is None:
            user = users.create(
                username=username, first_name=first, last_name=last, email=email, password=password
            )
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        if not FocalPoint.objects.filter(user=user, organization=organization).exists():
            services.focal_point_appoint(actor=secretariat, user=user, organization=organization)
    dakar = demo.organizations["Dakar"]
    if not Invitation.objects.filter(email__iexact=INVITEE["email"]).exists():
        services.invitation_create(actor=users.get(username="fatou"), organization=dakar, **INVITEE)


def pending_invitation_url() -> str | None:
    invitation = Invitation.objects.filter(
        email__iexact=INVITEE["email"], status=Invitation.Status.PENDING
    ).first()
    return services.invitation_url(invitation) if invitation else None
