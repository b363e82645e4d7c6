"""Helpers of the account browser tests: the email another process wrote, signing in."""

import email
import email.policy
import re
import time
from pathlib import Path

from playwright.sync_api import Page

PASSWORD = "correct horse battery staple"
SEPARATOR = b"\n" + b"-" * 79 + b"\n"


def read_outbox(directory: Path) -> list[email.message.EmailMessage]:
    """Every message the file backend wrote to ``directory``, oldest first."""
    messages = []
    for path in sorted(directory.glob("*.log"), key=lambda p: p.stat().st_mtime_ns):
        for chunk in path.read_bytes().split(SEPARATOR):
            if chunk.strip():
                messages.append(email.message_from_bytes(chunk, policy=email.policy.default))
    return messages


def wait_for_mail(directory: Path, to: str, *, timeout: float = 15.0):
    """The latest message sent to ``to`` (email goes after the transaction commits)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [m for m in read_outbox(directory) if to in str(m["To"])]
        if found:
            return found[-1]
        time.sleep(0.1)
    raise AssertionError(f"no email to {to} in {directory}")


def text_of(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def link_in(message, path_prefix: str) -> str:
    """The path of the first link to ``path_prefix`` in the plain-text body."""
    match = re.search(rf"https?://[^/\s]+({re.escape(path_prefix)}\S+)", text_of(message))
    assert match, text_of(message)
    return match.group(1)


def log_in(page: Page, login: str, password: str = PASSWORD) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username or email").fill(login)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
