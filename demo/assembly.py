"""The statutes' records of the Annual Meeting: members in good standing (two are not:
their fees are unpaid), the mandates of the cities whose delegates debate governance, and
one proxy (Guangzhou's vote, held by Seoul)."""

from django.core.files.uploadedfile import SimpleUploadedFile

from assembly import services
from assembly.models import Mandate, Proxy, VotingRight
from demo import Demo
from demo.pdfmake import make_pdf
from events.models import Organization

NOT_IN_STANDING = {"Lima", "Istanbul"}
EXCEPTION = {"Kinshasa": "Hit by floods this year: the Board waived the fees."}
MANDATES = {
    "Dakar": ["amina"],
    "Bogotá": ["diego"],
    "Montréal": ["claire"],
    "São Paulo": ["lucas"],
    "Seoul": ["jiwoo"],
    "Rabat": ["fatima"],
    "Berlin": ["hannah"],
}
PROXY = ("Guangzhou", "Seoul")


def seed(demo: Demo) -> None:
    event = demo.events["annual"]
    secretariat = demo.people["secretariat"].user
    if not VotingRight.objects.filter(event=event).exists():
        for organization in Organization.objects.filter(is_member=True).order_by("name"):
            if organization.short_name in NOT_IN_STANDING:
                continue
            note = EXCEPTION.get(organization.short_name, "")
            services.voting_right_grant(
                actor=secretariat,
                event=event,
                organization=organization,
                basis="exception" if note else "fees_paid",
                note=note,
            )
    if not Mandate.objects.filter(event=event).exists():
        for city, usernames in MANDATES.items():
            services.mandate_set(
                actor=secretariat,
                event=event,
                organization=demo.organizations[city],
                delegates=[demo.people[name] for name in usernames if name in demo.people],
            )
    grantor, holder = (demo.organizations[name] for name in PROXY)
    if not Proxy.objects.filter(event=event, grantor=grantor).exists():
        letter = SimpleUploadedFile(
            "proxy.pdf",
            make_pdf(
                "Proxy letter",
                f"{grantor.name} gives its vote at the {event.title} to {holder.name}.",
            ),
            content_type="application/pdf",
        )
        proxy = services.proxy_request(
            actor=secretariat, event=event, grantor=grantor, holder=holder, letter=letter
        )
        services.proxy_transition(proxy=proxy, to=Proxy.Status.APPROVED, actor=secretariat)
