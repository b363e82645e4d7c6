"""What the assembly adds to the delegation page (registered in ``AssemblyConfig.ready``):
per sitting, the member's good standing, its mandate and its proxies."""

from django.template.loader import render_to_string

from assembly import selectors

MANDATE_RANKS = 3


def delegation_statutes(request, *, organization, **_objects) -> str:
    if not organization.is_member:
        return ""
    sittings = selectors.delegation_statutes(
        organization=organization,
        events=selectors.statutory_events_upcoming(user=request.user),
    )
    if not sittings:
        return ""
    for sitting in sittings:
        chosen = [delegate.pk for delegate in sitting["mandate"]]
        sitting["ranks"] = [
            chosen[rank] if rank < len(chosen) else None for rank in range(MANDATE_RANKS)
        ]
    return render_to_string(
        "assembly/delegation_section.html",
        {"organization": organization, "sittings": sittings},
        request=request,
    )
