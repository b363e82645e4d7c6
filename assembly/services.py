"""Every write to standing, mandates and proxies (the secretariat's, and each member
delegation's own). Each is one transaction; refusals are ``ServiceError``s with a code."""

import dataclasses
import secrets
from collections.abc import Callable, Iterable

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assembly.models import Mandate, Proxy, ProxyStatus, StandingBasis, VotingRight
from events.models import Accreditation, Delegate, Event, Organization
from events.selectors import delegate_for_user, delegation_managed_by
from events.services import require_published
from papers.pdf import check_pdf, delete_stored, read_upload
from plenary.access import is_secretariat
from plenary.errors import Conflict, NotAllowed, ServiceError
from plenary.transitions import TransitionTable

LETTERS_DIRECTORY = "proxies"

# Checks that a higher app adds before a mandate changes (debates: no open vote of the
# event may see its roll's voters change under it).
_mandate_guards: list[Callable[..., None]] = []


def on_mandate_change(guard: Callable[..., None]) -> Callable[..., None]:
    """Register ``guard(event=..., organization=...)``, which raises to refuse a change."""
    if guard not in _mandate_guards:
        _mandate_guards.append(guard)
    return guard


def _require_secretariat(actor) -> None:
    if not is_secretariat(actor):
        raise NotAllowed(_("Only the secretariat records who is in good standing."))


def _may_act_for(actor, organization: Organization, event: Event) -> bool:
    """The secretariat, ``organization``'s focal points, or a delegate of ``organization``
    accredited for ``event``."""
    if delegation_managed_by(actor, organization):
        return True
    delegate = delegate_for_user(actor)
    return bool(
        delegate is not None
        and delegate.organization_id == organization.pk
        and Accreditation.objects.filter(
            delegate=delegate, event=event, status=Accreditation.Status.APPROVED
        ).exists()
    )


# --- good standing ---------------------------------------------------------------------


def _check_member(organization: Organization) -> None:
    if not organization.is_member:
        raise ServiceError(
            _("%(organization)s is not a member of the association: it cannot vote.")
            % {"organization": organization.name},
            code="not_a_member",
        )


@transaction.atomic
def voting_right_grant(
    *,
    actor,
    event: Event,
    organization: Organization,
    basis: str = StandingBasis.FEES_PAID,
    note: str = "",
) -> VotingRight:
    """Record that a member organization is in good standing at ``event`` (secretariat)."""
    _require_secretariat(actor)
    _check_member(organization)
    if basis not in StandingBasis.values:
        raise ServiceError(_("The basis is fees_paid or exception."), code="invalid_basis")
    if VotingRight.objects.filter(event=event, organization=organization).exists():
        raise Conflict(
            _("%(organization)s is already in good standing at this event.")
            % {"organization": organization.name},
            code="already_in_standing",
        )
    return VotingRight.objects.create(
        event=event, organization=organization, basis=basis, note=note.strip(), granted_by=actor
    )


@transaction.atomic
def voting_right_record(
    *, actor, event: Event, organization: Organization, basis: str, note: str = ""
) -> VotingRight:
    """Put a member in good standing at ``event``, or change how it is (secretariat; the
    admin's import calls this for each row)."""
    right = VotingRight.objects.filter(event=event, organization=organization).first()
    if right is None:
        return voting_right_grant(
            actor=actor, event=event, organization=organization, basis=basis, note=note
        )
    _require_secretariat(actor)
    if basis not in StandingBasis.values:
        raise ServiceError(_("The basis is fees_paid or exception."), code="invalid_basis")
    right.basis, right.note = basis, note.strip()
    right.save(update_fields=["basis", "note"])
    return right


def check_member(organization: Organization) -> None:
    """Refuse an organization that is not a member of the association (it cannot vote)."""
    _check_member(organization)


@transaction.atomic
def voting_right_revoke(*, actor, voting_right: VotingRight) -> None:
    """Take a member's good standing at an event away (secretariat). A vote already open
    keeps the roll it was opened with."""
    _require_secretariat(actor)
    VotingRight.objects.filter(pk=voting_right.pk).delete()


@dataclasses.dataclass(frozen=True)
class StandingRow:
    """One row of an import: the organization as written, and how it is in standing."""

    organization: str
    basis: str = StandingBasis.FEES_PAID
    note: str = ""


def _find_organization(name: str) -> Organization | None:
    name = (name or "").strip()
    if not name:
        return None
    return (
        Organization.objects.filter(name__iexact=name).first()
        or Organization.objects.filter(short_name__iexact=name).first()
    )


@transaction.atomic
def voting_rights_import(*, actor, event: Event, rows: Iterable[StandingRow]) -> int:
    """Put every member of ``rows`` in good standing (secretariat); returns how many were
    added. Every row is checked first: one bad row refuses the whole import, naming each
    bad row (``errors`` on the refusal), and nothing is written."""
    _require_secretariat(actor)
    errors = {}
    found = []
    seen = set()
    for number, row in enumerate(rows, start=1):
        organization = _find_organization(row.organization)
        if organization is None:
            errors[number] = _("No organization is called “%(name)s”.") % {"name": row.organization}
        elif not organization.is_member:
            errors[number] = _("%(organization)s is not a member of the association.") % {
                "organization": organization.name
            }
        elif row.basis not in StandingBasis.values:
            errors[number] = _("The basis is fees_paid or exception.")
        elif organization.pk in seen:
            errors[number] = _("%(organization)s is listed twice.") % {
                "organization": organization.name
            }
        else:
            seen.add(organization.pk)
            found.append((organization, row))
    if errors:
        refusal = ServiceError(
            ngettext(
                "The import has %(count)d row that cannot be read; nothing was imported.",
                "The import has %(count)d rows that cannot be read; nothing was imported.",
                len(errors),
            )
            % {"count": len(errors)},
            code="import_rows_invalid",
        )
        refusal.errors = errors
        raise refusal
    existing = set(
        VotingRight.objects.filter(event=event).values_list("organization_id", flat=True)
    )
    new = [
        VotingRight(
            event=event,
            organization=organization,
            basis=row.basis,
            note=row.note.strip(),
            granted_by=actor,
        )
        for organization, row in found
        if organization.pk not in existing
    ]
    VotingRight.objects.bulk_create(new)
    return len(new)


# --- mandates ------------------------------------------------------------------------------


@transaction.atomic
def mandate_set(
    *, actor, event: Event, organization: Organization, delegates: list[Delegate]
) -> list[Mandate]:
    """Designate ``organization``'s voting delegate (the first of ``delegates``) and its
    substitutes in order, replacing the former ones (the secretariat, or the member's
    delegation). Each must be a delegate of the organization accredited for the event.
    Refused while a vote of one ballot per member is open at the event."""
    if not _may_act_for(actor, organization, event):
        raise NotAllowed(
            _(
                "Only the secretariat and the member's own delegation or focal point "
                "designate its mandate."
            )
        )
    _check_member(organization)
    if len({delegate.pk for delegate in delegates}) != len(delegates):
        raise ServiceError(_("A delegate appears twice in the mandate."), code="mandate_repeats")
    accredited = set(
        Accreditation.objects.filter(
            event=event, status=Accreditation.Status.APPROVED, delegate__in=delegates
        ).values_list("delegate_id", flat=True)
    )
    for delegate in delegates:
        if delegate.organization_id != organization.pk:
            raise ServiceError(
                _("%(name)s is not a delegate of %(organization)s.")
                % {"name": delegate.display_name, "organization": organization.name},
                code="mandate_other_organization",
            )
        if delegate.pk not in accredited:
            raise ServiceError(
                _("%(name)s has no approved accreditation for this event.")
                % {"name": delegate.display_name},
                code="not_accredited",
            )
    for guard in _mandate_guards:
        guard(event=event, organization=organization)
    Mandate.objects.filter(event=event, organization=organization).delete()
    return Mandate.objects.bulk_create(
        Mandate(event=event, organization=organization, delegate=delegate, rank=rank, set_by=actor)
        for rank, delegate in enumerate(delegates, start=1)
    )


# --- proxies -------------------------------------------------------------------------------

PS = ProxyStatus
# The grantor's delegation ("owner") asks and withdraws; the secretariat decides.
PROXY_TRANSITIONS = TransitionTable(
    {
        (PS.PENDING, PS.APPROVED): {"secretariat"},
        (PS.PENDING, PS.REJECTED): {"secretariat"},
        (PS.PENDING, PS.WITHDRAWN): {"owner", "secretariat"},
        (PS.APPROVED, PS.WITHDRAWN): {"owner", "secretariat"},
    }
)


def _in_standing(event: Event, organization: Organization) -> bool:
    return VotingRight.objects.filter(event=event, organization=organization).exists()


def _check_cap(event: Event, holder: Organization, *, exclude: int | None = None) -> None:
    held = (
        Proxy.objects.filter(event=event, holder=holder, status__in=Proxy.ACTIVE)
        .exclude(pk=exclude)
        .count()
    )
    if held >= event.proxies_per_holder:
        raise Conflict(
            ngettext(
                "%(holder)s already holds %(count)d proxy, the most the statutes allow.",
                "%(holder)s already holds %(count)d proxies, the most the statutes allow.",
                held,
            )
            % {"holder": holder.short_name or holder.name, "count": held},
            code="proxy_cap_reached",
        )


def proxy_request(
    *, actor, event: Event, grantor: Organization, holder: Organization, letter
) -> Proxy:
    """Ask for ``grantor``'s vote at ``event`` to be cast by ``holder`` (the grantor's
    delegation or the secretariat), with the proxy letter as a PDF (checked like a
    paper), for a published event. Both must be in good standing; the holder must not
    have given its own vote away, and may hold at most the event's cap."""
    if not _may_act_for(actor, grantor, event):
        raise NotAllowed(
            _("Only the secretariat and the member's own delegation or focal point give its proxy.")
        )
    require_published(event)
    if grantor.pk == holder.pk:
        raise ServiceError(_("A member cannot give its proxy to itself."), code="proxy_to_self")
    for organization in (grantor, holder):
        if not _in_standing(event, organization):
            raise Conflict(
                _("%(organization)s is not in good standing at this event.")
                % {"organization": organization.name},
                code="not_in_standing",
            )
    checked = check_pdf(read_upload(letter))
    name = default_storage.save(
        f"{LETTERS_DIRECTORY}/{secrets.token_hex(16)}.pdf", ContentFile(checked.data)
    )
    try:
        with transaction.atomic():
            Event.objects.select_for_update(no_key=True).get(pk=event.pk)
            if Proxy.objects.filter(event=event, grantor=holder, status__in=Proxy.ACTIVE).exists():
                raise Conflict(
                    _("%(holder)s has given its own vote to another member.")
                    % {"holder": holder.name},
                    code="proxy_chain",
                )
            _check_cap(event, holder)
            return Proxy.objects.create(
                event=event,
                grantor=grantor,
                holder=holder,
                letter=name,
                letter_sha256=checked.sha256,
                requested_by=actor,
            )
    except IntegrityError:
        delete_stored(name)
        raise Conflict(
            _("%(grantor)s has already given its proxy for this event.")
            % {"grantor": grantor.name},
            code="proxy_exists",
        ) from None
    except BaseException:
        delete_stored(name)
        raise


def _proxy_roles(proxy: Proxy, actor) -> set[str]:
    roles = {"secretariat"} if is_secretariat(actor) else set()
    if _may_act_for(actor, proxy.grantor, proxy.event):
        roles.add("owner")
    return roles


def proxy_allowed_transitions(*, proxy: Proxy, actor) -> list[str]:
    return PROXY_TRANSITIONS.allowed(proxy.status, _proxy_roles(proxy, actor))


@transaction.atomic
def proxy_transition(*, proxy: Proxy, to: str, actor, note: str = "") -> Proxy:
    """Approve, reject or withdraw a proxy. Approval checks the cap again."""
    event = Event.objects.select_for_update(no_key=True).get(pk=proxy.event_id)
    proxy = Proxy.objects.select_for_update().select_related("grantor", "holder").get(pk=proxy.pk)
    proxy.event = event
    if not PROXY_TRANSITIONS.exists(proxy.status, to):
        raise Conflict(
            _("This proxy is %(status)s.") % {"status": proxy.get_status_display().lower()},
            code="invalid_transition",
        )
    if not PROXY_TRANSITIONS.permits(proxy.status, to, _proxy_roles(proxy, actor)):
        raise NotAllowed(_("You may not change this proxy."))
    if to == PS.APPROVED:
        _check_cap(event, proxy.holder, exclude=proxy.pk)
    proxy.status = to
    if to in (PS.APPROVED, PS.REJECTED):
        proxy.decided_at = timezone.now()
        proxy.decided_by = actor
        proxy.note = note.strip()
    proxy.save()
    return proxy
