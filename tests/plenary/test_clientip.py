"""The client address behind the configured proxies."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from plenary.clientip import client_address, parse_networks, warn_about_daphne_proxy_headers


def request(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.fixture
def proxies(settings):
    def configure(*, trusted=(), count=0):
        settings.TRUSTED_PROXIES = list(trusted)
        settings.TRUSTED_PROXY_COUNT = count

    return configure


def test_without_proxies_the_header_is_ignored(proxies):
    proxies()

    assert client_address(request("192.0.2.10", "198.51.100.1")) == "192.0.2.10"


def test_a_hop_count_reads_that_many_places_from_the_right(proxies):
    proxies(count=1)

    assert client_address(request("127.0.0.1", "198.51.100.1, 203.0.113.7")) == "203.0.113.7"
    assert client_address(request("127.0.0.1", "203.0.113.7")) == "203.0.113.7"
    assert client_address(request("127.0.0.1")) == "127.0.0.1"


def test_two_hops(proxies):
    proxies(count=2)

    assert client_address(request("10.0.0.2", "forged, 203.0.113.7, 10.0.0.1")) == "203.0.113.7"


def test_trusted_proxies_skip_only_the_proxies(proxies):
    proxies(trusted=["127.0.0.1", "10.0.0.0/8"])

    assert client_address(request("127.0.0.1", "198.51.100.1, 203.0.113.7, 10.1.2.3")) == (
        "203.0.113.7"
    )


def test_trusted_proxies_ignore_the_header_from_anyone_else(proxies):
    proxies(trusted=["10.0.0.0/8"])

    assert client_address(request("192.0.2.10", "198.51.100.1")) == "192.0.2.10"


def test_garbage_in_the_header_falls_back_to_the_peer(proxies):
    proxies(count=1)

    assert client_address(request("192.0.2.10", "not-an-address")) == "192.0.2.10"


def test_ipv6_clients_are_counted_by_their_network(proxies):
    proxies()

    assert client_address(request("2001:db8:1:2:3:4:5:6")) == "2001:db8:1:2::"
    assert client_address(request("::ffff:192.0.2.10")) == "192.0.2.10"


def test_a_bad_proxy_entry_is_a_configuration_error():
    with pytest.raises(ImproperlyConfigured) as error:
        parse_networks(["10.0.0.0/8", "proxy.internal"])

    assert str(error.value) == "TRUSTED_PROXIES: 'proxy.internal' is not an IP address or network."


def test_daphne_proxy_headers_are_warned_about(caplog):
    assert warn_about_daphne_proxy_headers(["daphne", "--proxy-headers", "config.asgi:application"])
    assert warn_about_daphne_proxy_headers(["daphne", "config.asgi:application"]) is False
    assert "X-Forwarded-For, which clients can forge" in caplog.text
