"""The address of the client behind the proxies, for rate limits and sign-in protection.

``X-Forwarded-For`` is a list that every proxy appends the address it saw to; anything to
the left of the part your own proxies wrote is what the client chose to send. So the
client is found from the right, and only as far as configured:

- ``TRUSTED_PROXIES`` (addresses or networks of your proxies): the peer must be one of
  them for the header to count at all; then entries are skipped from the right while
  they are trusted proxies, and the first one that is not is the client.
- ``TRUSTED_PROXY_COUNT`` (how many proxies stand in front of the workers): the client
  is the entry that many places from the right, whoever the peer is (the workers must
  then be reachable through the proxies only).

With neither, the header is ignored and the client is the peer (``REMOTE_ADDR``).
IPv6 clients are limited by their /64 network: one host has a whole one to rotate in.
"""

import ipaddress
import logging
import sys
from functools import cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

logger = logging.getLogger(__name__)

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
IPV6_PREFIX = 64


def parse_networks(entries: list[str]) -> tuple[Network, ...]:
    """``["10.0.0.0/8", "127.0.0.1", "::1"]`` as networks; a bad entry is a configuration
    error that names it."""
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError:
            raise ImproperlyConfigured(
                f"TRUSTED_PROXIES: {entry!r} is not an IP address or network."
            ) from None
    return tuple(networks)


@cache
def _trusted(entries: tuple[str, ...]) -> tuple[Network, ...]:
    return parse_networks(list(entries))


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    text = text.strip()
    if text.startswith("[") and "]" in text:  # [2001:db8::1]:443
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # 192.0.2.1:443
        text = text.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def forwarded_chain(meta) -> list[str]:
    raw = meta.get("HTTP_X_FORWARDED_FOR", "")
    return [part.strip() for part in raw.split(",") if part.strip()]


def client_address(request) -> str:
    """The client's address as a string (an IPv6 client's /64 network), never empty."""
    meta = request.META
    peer = meta.get("REMOTE_ADDR", "") or ""
    chosen = peer
    proxies = tuple(getattr(settings, "TRUSTED_PROXIES", ()) or ())
    count = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    chain = forwarded_chain(meta)
    if proxies:
        networks = _trusted(proxies)
        hops = [*chain, peer]
        chosen = hops[0]
        for hop in reversed(hops):
            address = _address(hop)
            if address is None or not any(address in network for network in networks):
                chosen = hop
                break
    elif count > 0 and chain:
        chosen = chain[-count] if len(chain) >= count else chain[0]
    address = _address(chosen) or _address(peer)
    if address is None:
        return "unknown"
    if isinstance(address, ipaddress.IPv6Address):
        return str(ipaddress.ip_network(f"{address}/{IPV6_PREFIX}", strict=False).network_address)
    return str(address)


def warn_about_daphne_proxy_headers(argv: list[str] | None = None) -> bool:
    """daphne's ``--proxy-headers`` replaces the peer's address by the *leftmost* entry of
    X-Forwarded-For, which the client writes: say so once at start-up."""
    argv = sys.argv if argv is None else argv
    if "--proxy-headers" not in argv:
        return False
    logger.warning(
        "daphne runs with --proxy-headers: the peer address it reports is the first entry "
        "of X-Forwarded-For, which clients can forge. Plenary reads the header itself "
        "(TRUSTED_PROXIES or TRUSTED_PROXY_COUNT, see docs/deploy.md); run daphne without it."
    )
    return True
