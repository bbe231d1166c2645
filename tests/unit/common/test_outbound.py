"""The outbound guard against a server on loopback (the tests' own; no internet): what
is refused by default, what an allow-list opens, limits on size, time and redirects."""

import ipaddress

import pytest
from quotewire_common.outbound import (
    FetchError,
    OutboundPolicy,
    Refused,
    TimedOut,
    TooLarge,
    TooManyRedirects,
    fetch,
    why_not_public,
)

from tests.support_http import local_server, reply, stream_bytes, trickle

LOOPBACK_ALLOWED = OutboundPolicy.from_allow_list("127.0.0.1", timeout_s=3, max_bytes=100_000)


@pytest.fixture()
def server():
    with local_server() as srv:
        srv.routes["/ok"] = lambda h: reply(h, 200, b"hello")
        yield srv


@pytest.mark.parametrize(
    ("address", "why"),
    [
        ("127.0.0.1", "loopback"),
        ("::1", "loopback"),
        ("10.1.2.3", "private"),
        ("172.16.0.1", "private"),
        ("192.168.1.1", "private"),
        ("169.254.169.254", "cloud metadata"),
        ("169.254.1.1", "link-local"),
        ("100.100.100.200", "cloud metadata"),
        ("192.0.0.192", "cloud metadata"),
        ("100.64.0.1", "not globally routable"),
        ("fd00:ec2::254", "cloud metadata"),
        ("fe80::1", "link-local"),
        ("::ffff:10.0.0.1", "private (inside ::ffff:a00:1)"),
        ("224.0.0.1", "multicast"),
        ("8.8.8.8", None),
        ("2606:4700::1111", None),
    ],
)
def test_which_addresses_are_not_public(address, why):
    assert why_not_public(ipaddress.ip_address(address)) == why


def test_loopback_is_refused_by_default_by_address_and_by_name(server):
    for url in (server.url("/ok"), server.url("/ok").replace("127.0.0.1", "localhost")):
        with pytest.raises(Refused) as info:
            fetch(url, OutboundPolicy(timeout_s=3))
        assert "loopback address" in str(info.value) and "QW_FETCH_ALLOW" in str(info.value)
    assert server.hits == []  # never connected


def test_allow_list_by_range_or_host(server):
    assert fetch(server.url("/ok"), LOOPBACK_ALLOWED).content == b"hello"
    by_host = OutboundPolicy.from_allow_list("localhost", timeout_s=3)
    assert fetch(server.url("/ok").replace("127.0.0.1", "localhost"), by_host).status == 200


def test_every_redirect_is_checked_and_counted(server):
    server.routes["/to-ok"] = lambda h: reply(h, 302, headers={"Location": "/ok"})
    server.routes["/to-metadata"] = lambda h: reply(
        h, 302, headers={"Location": "http://169.254.169.254/latest/meta-data/"}
    )
    server.routes["/to-file"] = lambda h: reply(h, 302, headers={"Location": "file:///etc/passwd"})
    server.routes["/loop"] = lambda h: reply(h, 302, headers={"Location": "/loop"})
    done = fetch(server.url("/to-ok"), LOOPBACK_ALLOWED)
    assert (done.status, done.url, done.redirects) == (200, server.url("/ok"), [server.url("/ok")])
    with pytest.raises(Refused, match="169.254.169.254.*cloud metadata"):
        fetch(server.url("/to-metadata"), LOOPBACK_ALLOWED)
    with pytest.raises(Refused, match="only http and https"):
        fetch(server.url("/to-file"), LOOPBACK_ALLOWED)
    with pytest.raises(TooManyRedirects, match="more than 5 redirects"):
        fetch(server.url("/loop"), LOOPBACK_ALLOWED)


def test_size_cap_by_declared_length_and_while_streaming(server):
    server.routes["/big-declared"] = lambda h: reply(h, 200, b"a" * 200_000)
    server.routes["/big-streamed"] = lambda h: stream_bytes(h, 200_000)
    for path in ("/big-declared", "/big-streamed"):
        with pytest.raises(TooLarge, match="QW_FETCH_MAX_BYTES"):
            fetch(server.url(path), LOOPBACK_ALLOWED)


def test_a_trickling_server_cannot_hold_the_fetch(server):
    server.routes["/slow"] = lambda h: trickle(h, chunks=40, delay_s=0.1)
    policy = OutboundPolicy.from_allow_list("127.0.0.1", timeout_s=1.0)
    with pytest.raises(TimedOut):
        fetch(server.url("/slow"), policy)


def test_statuses_are_returned_not_raised(server):
    server.routes["/busy"] = lambda h: reply(h, 429, headers={"Retry-After": "30"})
    answer = fetch(server.url("/busy"), LOOPBACK_ALLOWED)
    assert answer.status == 429 and answer.headers["retry-after"] == "30"


def test_unresolvable_name_is_a_fetch_error():
    with pytest.raises(FetchError, match="cannot resolve"):
        fetch("http://no-such-host.invalid/", OutboundPolicy(timeout_s=3))
