"""Reading configuration from environment variables, with clear errors for bad values."""

import os
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {raw!r}.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, not {raw!r}.") from None


WILDCARD_ADDRESSES = {"", "0.0.0.0", "::", "[::]"}  # noqa: S104 - names, not a bind


def development_site_url(debug: bool) -> str:
    """The default ``SITE_URL``: with ``DEBUG``, the address daphne serves on (``HOST`` and
    ``PORT``, as ``make run`` passes them; a wildcard address reads as localhost);
    otherwise http://localhost:8000 (production sets ``SITE_URL``)."""
    if not debug:
        return "http://localhost:8000"
    host = os.environ.get("HOST", "").strip()
    port = os.environ.get("PORT", "").strip() or "8000"
    if host in WILDCARD_ADDRESSES:
        host = "localhost"
    elif ":" in host and not host.startswith("["):
        host = f"[{host}]"
    if not port.isdigit():
        raise ImproperlyConfigured(f"PORT must be a port number, not {port!r}.")
    return f"http://{host}:{port}"


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def mailer_settings(url: str) -> tuple[dict, str | None]:
    """Turn an EMAIL_URL into a ``MAILERS["default"]`` entry and an optional sender address.

    Schemes: ``console://``, ``locmem://``, ``dummy://``, ``smtp://user:pass@host:25``,
    ``smtp+tls://...`` (STARTTLS, port 587 by default), ``smtps://...`` (implicit TLS, 465).
    A ``?from=`` query parameter sets the sender address.
    """
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    query = parse_qs(parts.query)
    sender = query["from"][0] if "from" in query else None
    simple = {
        "console": "django.core.mail.backends.console.EmailBackend",
        "locmem": "django.core.mail.backends.locmem.EmailBackend",
        "dummy": "django.core.mail.backends.dummy.EmailBackend",
    }
    if scheme in simple:
        return {"BACKEND": simple[scheme]}, sender
    if scheme not in {"smtp", "smtp+tls", "smtps"}:
        raise ImproperlyConfigured(
            f"EMAIL_URL scheme {scheme!r} is not supported "
            "(use console, locmem, dummy, smtp, smtp+tls or smtps)."
        )
    default_port = {"smtp": 25, "smtp+tls": 587, "smtps": 465}[scheme]
    options = {
        "host": parts.hostname or "localhost",
        "port": parts.port or default_port,
        "username": unquote(parts.username or ""),
        "password": unquote(parts.password or ""),
        "use_tls": scheme == "smtp+tls",
        "use_ssl": scheme == "smtps",
        "timeout": 30,
    }
    return {"BACKEND": "django.core.mail.backends.smtp.EmailBackend", "OPTIONS": options}, sender
