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

    Schemes: ``console://``, ``locmem://``, ``dummy://``, ``filebased:///a/directory``,
    ``smtp://user:pass@host:25``,
    ``smtp+tls://...`` (STARTTLS, port 587 by default), ``smtps://...`` (implicit TLS, 465).
    A ``?from=`` query parameter sets the sender address.
    """
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    query = parse_qs(parts.query)
    sender = query["from"][0] if "from" in query else None
    if scheme == "filebased":
        # filebased:///srv/plenary/outbox: one file per connection in that directory
        # (tests read what another process sent).
        path = unquote(parts.path)
        if not path:
            raise ImproperlyConfigured("EMAIL_URL filebased:// needs a directory path.")
        return {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": path},
        }, sender
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
            "(use console, locmem, dummy, filebased, smtp, smtp+tls or smtps)."
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


def sso_providers(environ=None) -> list[dict]:
    """OpenID Connect providers for allauth's ``openid_connect``, from the environment.

    ``SSO_PROVIDERS=cityid,secretariat`` names them; each then needs ``SSO_<ID>_URL`` (the
    issuer, where ``.well-known/openid-configuration`` is found), ``SSO_<ID>_CLIENT_ID``
    and ``SSO_<ID>_SECRET``, and may have ``SSO_<ID>_NAME`` (the button's label).
    """
    environ = os.environ if environ is None else environ
    ids = [item.strip() for item in environ.get("SSO_PROVIDERS", "").split(",") if item.strip()]
    apps = []
    for provider_id in ids:
        if not provider_id.replace("-", "").replace("_", "").isalnum():
            raise ImproperlyConfigured(
                f"SSO_PROVIDERS: {provider_id!r} may hold letters, digits, - and _ only."
            )
        prefix = "SSO_" + provider_id.upper().replace("-", "_") + "_"
        missing = [
            prefix + name
            for name in ("URL", "CLIENT_ID", "SECRET")
            if not environ.get(prefix + name, "").strip()
        ]
        if missing:
            raise ImproperlyConfigured(
                f"SSO provider {provider_id!r} needs {', '.join(missing)} in the environment."
            )
        apps.append(
            {
                "provider_id": provider_id,
                "name": environ.get(prefix + "NAME", "").strip() or provider_id,
                "client_id": environ[prefix + "CLIENT_ID"].strip(),
                "secret": environ[prefix + "SECRET"].strip(),
                "settings": {
                    "server_url": environ[prefix + "URL"].strip(),
                    "oauth_pkce_enabled": True,
                },
            }
        )
    return apps
