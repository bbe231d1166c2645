"""Outbound HTTP for URLs that callers name: a guard against server-side request forgery.

A service that fetches URLs from its users (URL ingest, the feed poller, later webhooks)
must not become a way into the newsroom's network. :func:`fetch` therefore:

* connects only to public addresses: loopback, private (RFC 1918, unique-local),
  link-local (169.254/16, where cloud metadata lives: 169.254.169.254), carrier-grade
  NAT (100.64/10, Alibaba's metadata 100.100.100.200), reserved, multicast and
  unspecified addresses are refused, and so are IPv4-mapped / 6to4 IPv6 forms of them;
* checks *after* DNS resolution, on the address it then connects to (every address a
  name resolves to must be allowed, and the connection goes to that checked address,
  so a second, different DNS answer cannot slip in), and on every connection, which
  includes every redirect hop;
* follows at most ``max_redirects`` redirects, to http(s) only; reads at most
  ``max_bytes`` (the declared Content-Length first, then while streaming) and gives up
  after ``timeout_s`` in all (a server that trickles bytes cannot hold it);
* lets an operator allow hosts (``news.example.com``, ``*.example.com``) or ranges
  (``10.20.0.0/16``, ``127.0.0.1``) that would otherwise be refused
  (``QW_FETCH_ALLOW``), e.g. a CMS on the internal network, or a test server on loopback.

The guard lives in ``quotewire_common`` so ingest and any later service (alerts,
webhooks) use the same one without importing each other.
"""

import ipaddress
import socket
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Any

import httpcore
import httpx
from pydantic import Field

from quotewire_common.settings import QwSettings

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
DEFAULT_USER_AGENT = "quotewire/0.1 (+https://github.com/quotewire; news statement indexer)"


class OutboundSettings(QwSettings):
    """Limits of fetches of caller-named URLs (``QW_FETCH_*``)."""

    fetch_allow: str = Field(
        default="",
        description="Comma-separated hosts (news.example.com, *.example.com) and address "
        "ranges (10.20.0.0/16, 127.0.0.1) that may be fetched although private/loopback",
    )
    fetch_timeout_s: float = Field(
        default=15.0, gt=0, description="Whole fetch, redirects included"
    )
    fetch_max_bytes: int = Field(
        default=5 * 1024 * 1024, ge=1024, description="Largest response body"
    )
    fetch_max_redirects: int = Field(default=5, ge=0, le=20, description="Redirects followed")
    fetch_user_agent: str = Field(default=DEFAULT_USER_AGENT, description="User-Agent header")

    def policy(self) -> "OutboundPolicy":
        return OutboundPolicy.from_allow_list(
            self.fetch_allow,
            timeout_s=self.fetch_timeout_s,
            max_bytes=self.fetch_max_bytes,
            max_redirects=self.fetch_max_redirects,
            user_agent=self.fetch_user_agent,
        )


class FetchError(Exception):
    """A fetch that did not produce a response; ``reason`` says why in a few words."""

    reason = "fetch_failed"

    def __init__(self, message: str, url: str | None = None) -> None:
        super().__init__(message)
        self.url = url


class Refused(FetchError):
    """The guard refused the destination (private address, scheme, ...)."""

    reason = "refused"


class TooLarge(FetchError):
    reason = "too_large"


class TimedOut(FetchError):
    reason = "timeout"


class TooManyRedirects(FetchError):
    reason = "too_many_redirects"


@dataclass(frozen=True)
class OutboundPolicy:
    allow_hosts: frozenset[str] = frozenset()
    allow_networks: tuple[IPNetwork, ...] = ()
    timeout_s: float = 15.0
    max_bytes: int = 5 * 1024 * 1024
    max_redirects: int = 5
    user_agent: str = DEFAULT_USER_AGENT

    @classmethod
    def from_allow_list(cls, allow: str | Iterable[str], **kw: Any) -> "OutboundPolicy":
        entries = allow.split(",") if isinstance(allow, str) else list(allow)
        hosts: set[str] = set()
        networks: list[IPNetwork] = []
        for entry in (e.strip().lower() for e in entries):
            if not entry:
                continue
            try:
                networks.append(ipaddress.ip_network(entry, strict=False))
            except ValueError:
                hosts.add(entry.rstrip("."))
        return cls(allow_hosts=frozenset(hosts), allow_networks=tuple(networks), **kw)

    def host_allowed(self, host: str) -> bool:
        host = host.lower().rstrip(".")
        for pattern in self.allow_hosts:
            if pattern == host or (pattern.startswith("*.") and host.endswith(pattern[1:])):
                return True
        return False

    def address_allowed(self, address: IPAddress) -> bool:
        return any(address in net for net in self.allow_networks if net.version == address.version)


#: cloud metadata endpoints; most are inside refused ranges anyway, Oracle's is not
METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a)
    for a in ("169.254.169.254", "169.254.170.2", "fd00:ec2::254", "100.100.100.200", "192.0.0.192")
)


def why_not_public(address: IPAddress) -> str | None:
    """Why ``address`` is not a public destination, or None when it is."""
    if address in METADATA_ADDRESSES:
        return "cloud metadata"
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is not None:
            inner = why_not_public(embedded)
            return f"{inner} (inside {address})" if inner else None
    for attr, label in (
        ("is_loopback", "loopback"),
        ("is_link_local", "link-local"),
        ("is_private", "private"),
        ("is_multicast", "multicast"),
        ("is_unspecified", "unspecified"),
        ("is_reserved", "reserved"),
    ):
        if getattr(address, attr):
            return label
    if not address.is_global:
        return "not globally routable"
    return None


def check_destination(host: str, addresses: Iterable[IPAddress], policy: OutboundPolicy) -> None:
    """Raise :class:`Refused` unless every address of ``host`` may be contacted."""
    if policy.host_allowed(host):
        return
    for address in addresses:
        if policy.address_allowed(address):
            continue
        why = why_not_public(address)
        if why:
            raise Refused(
                f"refused to connect to {host} ({address}): {why} address; an operator can "
                "allow it with QW_FETCH_ALLOW"
            )


def resolve(host: str, port: int) -> list[IPAddress]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise FetchError(f"cannot resolve {host}: {exc.strerror or exc}") from None
    seen: list[IPAddress] = []
    for *_, sockaddr in infos:
        address = ipaddress.ip_address(sockaddr[0].split("%", 1)[0])
        if address not in seen:
            seen.append(address)
    return seen


class GuardedBackend(httpcore.SyncBackend):
    """httpcore's network backend, resolving and checking every new connection and
    connecting to the checked address (TLS still verifies the host name)."""

    def __init__(self, policy: OutboundPolicy) -> None:
        self.policy = policy

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, **kw: Any):
        addresses = resolve(host, port)
        check_destination(host, addresses, self.policy)
        last: Exception | None = None
        for address in addresses:
            try:
                return super().connect_tcp(str(address), port, timeout=timeout, **kw)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last = exc
        raise last or httpcore.ConnectError(f"no address for {host}")

    def connect_unix_socket(self, *args: Any, **kw: Any):  # pragma: no cover - never wanted
        raise Refused("unix sockets are not fetched")


class GuardedTransport(httpx.HTTPTransport):
    """An httpx transport whose every connection goes through :class:`GuardedBackend`
    (no proxies from the environment: they would connect on our behalf)."""

    def __init__(self, policy: OutboundPolicy) -> None:
        super().__init__(trust_env=False)
        self._pool = httpcore.ConnectionPool(  # httpx builds the same pool, minus the backend
            ssl_context=httpx.create_ssl_context(),
            max_connections=10,
            max_keepalive_connections=5,
            keepalive_expiry=5.0,
            network_backend=GuardedBackend(policy),
        )


def guarded_client(policy: OutboundPolicy) -> httpx.Client:
    """A client for caller-named URLs; redirects are followed by :func:`fetch` itself."""
    return httpx.Client(
        transport=GuardedTransport(policy),
        follow_redirects=False,
        trust_env=False,
        timeout=httpx.Timeout(policy.timeout_s),
        headers={"User-Agent": policy.user_agent},
    )


@dataclass(frozen=True)
class Fetched:
    """The final response of a fetch (any status: 200, 304, 429, ...)."""

    url: str
    status: int
    headers: Mapping[str, str]
    content: bytes = b""
    redirects: list[str] = field(default_factory=list)

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """``Retry-After`` as seconds: delay-seconds or an HTTP date (``None``: absent or
    unreadable). Feeds and webhooks honour it alike."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value).timestamp()
    except (TypeError, ValueError):
        return None
    return max(0.0, when - (time.time() if now is None else now))


def _check_url(url: httpx.URL) -> None:
    if url.scheme not in ("http", "https"):
        raise Refused(f"refused to fetch {url}: only http and https URLs are fetched")
    if not url.host:
        raise Refused(f"refused to fetch {url}: no host")


def _read_capped(response: httpx.Response, policy: OutboundPolicy, deadline: float) -> bytes:
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > policy.max_bytes:
        raise TooLarge(
            f"{response.url} declares {int(declared)} bytes, more than the limit of "
            f"{policy.max_bytes} (QW_FETCH_MAX_BYTES)",
            str(response.url),
        )
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > policy.max_bytes:
            raise TooLarge(
                f"{response.url} sent more than the limit of {policy.max_bytes} bytes "
                "(QW_FETCH_MAX_BYTES)",
                str(response.url),
            )
        if time.monotonic() > deadline:
            raise TimedOut(
                f"{response.url} took longer than {policy.timeout_s:g}s", str(response.url)
            )
        chunks.append(chunk)
    return b"".join(chunks)


def fetch(
    url: str,
    policy: OutboundPolicy,
    *,
    headers: Mapping[str, str] | None = None,
    client: httpx.Client | None = None,
) -> Fetched:
    """GET ``url`` under ``policy``; raises :class:`FetchError` (and its kinds) when no
    response could be had. Any HTTP status is returned, not raised."""
    own = client is None
    client = client or guarded_client(policy)
    deadline = time.monotonic() + policy.timeout_s
    current = httpx.URL(url)
    redirects: list[str] = []
    try:
        while True:
            _check_url(current)
            remaining = max(0.1, deadline - time.monotonic())
            try:
                with client.stream(
                    "GET", current, headers=dict(headers or {}), timeout=remaining
                ) as response:
                    if response.status_code in REDIRECT_STATUSES and "location" in response.headers:
                        target = current.join(response.headers["location"])
                        if len(redirects) >= policy.max_redirects:
                            raise TooManyRedirects(
                                f"{url}: more than {policy.max_redirects} redirects", url
                            )
                        redirects.append(str(target))
                        current = target
                        continue
                    content = _read_capped(response, policy, deadline)
                    return Fetched(
                        url=str(current),
                        status=response.status_code,
                        headers=dict(response.headers),
                        content=content,
                        redirects=redirects,
                    )
            except httpx.TimeoutException:
                raise TimedOut(
                    f"{current}: no answer within {policy.timeout_s:g}s", str(current)
                ) from None
            except httpx.HTTPError as exc:
                cause = exc.__context__ if isinstance(exc.__context__, FetchError) else None
                if cause is not None:
                    raise cause from None
                raise FetchError(f"{current}: {type(exc).__name__}: {exc}", str(current)) from None
    finally:
        if own:
            client.close()
