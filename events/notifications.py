"""Email to delegates: plain text and HTML, in the delegate's language, after commit."""

import contextlib
import contextvars
import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from events.models import Delegate

logger = logging.getLogger(__name__)

_suppressed = contextvars.ContextVar("notifications_suppressed", default=False)


@contextlib.contextmanager
def suppressed():
    """No email inside this block (loading demo data, bulk imports)."""
    token = _suppressed.set(True)
    try:
        yield
    finally:
        _suppressed.reset(token)


def notify_delegate(*, delegate: Delegate, template: str, context: dict) -> None:
    """Send ``templates/emails/<template>.{subject.txt,txt,html}`` once the transaction commits.

    Nothing is sent if the transaction rolls back. A mail server failure is logged
    and never undoes the change the email is about.
    """
    notify_address(
        address=delegate.user.email,
        language=delegate.preferred_language,
        template=template,
        context={"delegate": delegate, **context},
    )


def notify_address(*, address: str, language: str, template: str, context: dict) -> None:
    """The same for someone who may not be a delegate yet (an invitee, a focal point),
    in ``language``."""
    if not address or _suppressed.get():
        return
    full_context = {"site_url": settings.SITE_URL, **context}

    def send():
        with translation.override(language):
            subject = render_to_string(f"emails/{template}.subject.txt", full_context)
            text = render_to_string(f"emails/{template}.txt", full_context)
            html = render_to_string(f"emails/{template}.html", full_context)
        message = EmailMultiAlternatives(" ".join(subject.split()), text, to=[address])
        message.attach_alternative(html, "text/html")
        try:
            message.send()
        except Exception:
            logger.exception("Could not send %s email to %s", template, address)

    transaction.on_commit(send)
