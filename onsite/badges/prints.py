"""Badges as they are printed: the words of each, its signed code, the PDF of a batch."""

from django.conf import settings
from django.utils import formats
from django.utils.translation import gettext as _

from events.models import Region
from onsite import credentials
from onsite.badges.pdf import BadgePrint, render_badges
from onsite.models import Badge, BadgeRole, SigningKey


def badge_code(badge: Badge, *, key: SigningKey | None = None) -> str:
    """The text of the badge's QR code: the link that signs its owner in on a phone, with
    the credential, signed with its event's key, that door scanners verify."""
    return credentials.badge_url(badge_credential(badge, key=key), site_url=settings.SITE_URL)


def badge_credential(badge: Badge, *, key: SigningKey | None = None) -> str:
    """The bare signed credential (``PL:...``) of the badge."""
    event_id = badge.accreditation.event_id
    key = key or SigningKey.objects.get(event_id=event_id)
    credential = credentials.Credential(
        event_id=event_id,
        accreditation_id=badge.accreditation_id,
        version=badge.version,
        expires_at=badge.expires_at,
    )
    return credentials.sign(credential, bytes(key.private_key))


def badge_print(badge: Badge, *, key: SigningKey | None = None) -> BadgePrint:
    accreditation = badge.accreditation
    event = accreditation.event
    organization = accreditation.organization
    dates = formats.date_format(event.start_date, "j M")
    if event.end_date != event.start_date:
        dates = f"{dates}\u2013{formats.date_format(event.end_date, 'j M Y')}"
    return BadgePrint(
        name=badge.name,
        latin_name=badge.latin_name,
        title=accreditation.delegate.title,
        organization=organization.name,
        region=organization.region,
        region_label=str(Region(organization.region).label),
        role=badge.role,
        role_label=str(BadgeRole(badge.role).label),
        event=event.title,
        event_line=_("%(city)s · %(dates)s") % {"city": event.host_city, "dates": dates},
        code=badge_code(badge, key=key),
        caption=_("Scan with your phone to sign in"),
    )


def in_print_order(badges):
    """``badges`` (a queryset) with what their prints read, in the order of the batch: by
    organization, then name."""
    return (
        badges.select_related("accreditation__event", "accreditation__organization")
        .select_related("accreditation__delegate")
        .order_by("accreditation__organization__name", "name", "pk")
    )


def badge_prints(badges) -> list[BadgePrint]:
    """The prints of ``badges`` (loaded by ``in_print_order``), one key read per event."""
    badges = list(badges)
    keys = {
        key.event_id: key
        for key in SigningKey.objects.filter(
            event_id__in={badge.accreditation.event_id for badge in badges}
        )
    }
    return [badge_print(badge, key=keys[badge.accreditation.event_id]) for badge in badges]


def badges_pdf(badges, *, paper: str = "a6", layout: str = "classic") -> bytes:
    """One PDF of ``badges`` (one an A6 page, or four to an A4 sheet) in ``layout``."""
    chosen = in_print_order(Badge.objects.filter(pk__in=[badge.pk for badge in badges]))
    return render_badges(badge_prints(chosen), paper=paper, layout=layout)
