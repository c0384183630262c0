"""Who may ask what of the local server, checked before any route runs.

1. `Host`: a loopback name or address (localhost, *.localhost, 127.x.x.x, [::1]), with or without
   a port and nothing else (no user@, path, query, fragment, backslash, whitespace or `..`); with
   LAN access on, also this machine's LAN address (the address the request arrived on, or one
   the LAN finder names). Anything else is 421: a web page that rebinds its own name to
   127.0.0.1 (DNS rebinding) never reaches a route.
2. `Origin`, on a WebSocket upgrade and on every method but GET / HEAD / OPTIONS: when present it
   must be this server's own origin (an allowed host, the port the request arrived on), or one
   named in LIVEDESK_ALLOWED_ORIGINS; another site is 403, and so is more than one `Origin`.
   Requests without `Origin` (curl, Companion, scripts, OBS) pass as before.
3. The token: the master token opens everything; the assistants' token only ASSIST_ROUTES, and
   ASSIST_INTERACTION_ROUTES and ASSIST_HELP_ROUTES each while the host allows it (403
   elsewhere); none or a wrong one is 401.
4. Guessing: an address that sends five different wrong tokens within a minute is answered 429
   with Retry-After for a while, growing with each further round, whatever it sends. The same
   stale token repeated (a Stream Deck button with an old token) is not a guess and does not
   count. Nobody waits in a handler: the refusal is immediate.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import math
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from aiohttp import hdrs, web
from aiohttp.typedefs import Middleware

from app.adapters.web.common import Handler, json_error

# The routes the assistants' token opens: (method, the route's pattern). HEAD counts as GET.
ASSIST_ROUTES = frozenset({
    ("GET", "/assist"), ("GET", "/assist/"), ("GET", "/assist/static/{name}"),
    ("GET", "/api/questions"), ("POST", "/api/questions/{id}"),
    ("GET", "/api/comments"), ("POST", "/api/comments"),
    ("GET", "/api/thanks"),
    # the latest interactions, and whether the host lets the panel run them ("allowed")
    ("GET", "/assist/api/interaction"),
    ("GET", "/ws/events"),  # the assistants' event stream: the queue, comments, interactions
})  # fmt: skip
# Running the show's interactions from the panel (the producer's helper at another machine): only
# while the host allows it in the settings (off by default). What goes on screen otherwise (cards,
# scenes, the run-sheet) stays with the API token.
ASSIST_INTERACTION_ROUTES = frozenset({
    ("POST", "/api/poll"), ("GET", "/api/poll/{id}"),
    ("POST", "/api/poll/{id}/close"), ("POST", "/api/poll/{id}/reveal"),
    ("POST", "/api/lottery"), ("GET", "/api/lottery/{id}"), ("POST", "/api/lottery/{id}/draw"),
    ("POST", "/api/checkin"), ("POST", "/api/checkin/close"),
})  # fmt: skip
# Helping the host from the panel: marking thanks, blocking a viewer, a message for the host.
# Only while the host allows it in the settings (off by default): the token opens the queue.
ASSIST_HELP_ROUTES = frozenset({
    ("POST", "/api/thanks/{id}"),
    ("POST", "/api/host/message"), ("DELETE", "/api/host/message"),
    ("POST", "/api/moderation/block"),
})  # fmt: skip
MASTER, ASSIST = "master", "assist"
ORIGINS_ENV = "LIVEDESK_ALLOWED_ORIGINS"  # comma-separated origins of other sites let in
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")

GUESSES = 5  # different wrong tokens from one address ...
GUESS_WINDOW_S = 60.0  # ... within this long start a block
FIRST_BLOCK_S = 2.0  # the first block; each further round doubles it ...
MAX_BLOCK_S = 300.0  # ... up to this
_MAX_ADDRESSES = 1024

Clock = Callable[[], float]


# ----- Host and Origin ---------------------------------------------------------------------------
# A Host is a name or address and a port, nothing else: these would let urlsplit read a user
# (evil@localhost), a path, a query or a fragment away and leave a loopback name behind.
_NOT_IN_HOST = frozenset("@/?#\\")


def split_host(value: str) -> tuple[str, int | None] | None:
    """A Host header (or an origin's host part) as (lower-case name or address, port);
    None when it cannot be read, or holds more than a host and a port (a user, a path, a query,
    a fragment, a backslash, whitespace inside, an empty label such as `localhost..`)."""
    value = value.strip()
    if any(c in _NOT_IN_HOST or c.isspace() or not c.isprintable() for c in value):
        return None
    try:
        parts = urlsplit(f"//{value}")
        host, port = parts.hostname, parts.port
    except ValueError:
        return None
    if not host or ".." in host:
        return None
    return host.rstrip(".").lower(), port


def is_loopback(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    mapped = getattr(address, "ipv4_mapped", None)
    return bool(address.is_loopback or (mapped is not None and mapped.is_loopback))


def _local_address(request: web.Request) -> str | None:
    """The address of this machine that the request arrived on."""
    transport = request.transport
    sockname = transport.get_extra_info("sockname") if transport is not None else None
    if isinstance(sockname, tuple) and sockname:
        return str(sockname[0]).split("%")[0].lower()
    return None


def _local_port(request: web.Request) -> int | None:
    transport = request.transport
    sockname = transport.get_extra_info("sockname") if transport is not None else None
    if isinstance(sockname, tuple) and len(sockname) >= 2:
        return int(sockname[1])
    return None


@dataclass
class HostRules:
    """`lan`: LAN access is on; `lan_hosts()`: this machine's LAN addresses as a finder sees
    them (the address a request arrived on is accepted anyway)."""

    lan: bool = False
    lan_hosts: Callable[[], Iterable[str]] | None = None
    # other sites' origins let in on purpose (LIVEDESK_ALLOWED_ORIGINS, e.g. a browser relay
    # such as Social Stream Ninja's page posting comments to /ingest)
    origins: frozenset[str] = frozenset()

    @classmethod
    def from_env(cls, lan: bool, lan_hosts: Callable[[], Iterable[str]] | None = None) -> HostRules:
        raw = os.environ.get(ORIGINS_ENV, "")
        origins = frozenset(o.strip().rstrip("/").lower() for o in raw.split(",") if o.strip())
        return cls(lan, lan_hosts, origins)

    def allowed(self, host: str, request: web.Request) -> bool:
        if is_loopback(host):
            return True
        if not self.lan:
            return False
        try:
            ipaddress.ip_address(host)  # a name is never this machine's LAN *address*
        except ValueError:
            return False
        if host == _local_address(request):
            return True
        found = self.lan_hosts() if self.lan_hosts is not None else ()
        return host in {h.lower() for h in found}


def host_problem(request: web.Request, rules: HostRules) -> str | None:
    value = request.headers.get(hdrs.HOST)
    if value is None:  # HTTP/1.0 without Host: no browser sends that
        return None
    parsed = split_host(value)
    if parsed is None or not rules.allowed(parsed[0], request):
        return f"this server answers only to its own address, not to “{value[:100]}”"
    return None


def origin_problem(request: web.Request, rules: HostRules) -> str | None:
    upgrade = request.headers.get(hdrs.UPGRADE, "").lower() == "websocket"
    origins = request.headers.getall(hdrs.ORIGIN, [])
    if not origins or (request.method in SAFE_METHODS and not upgrade):
        return None
    refused = "requests from another site are refused"
    if len(origins) > 1:  # which one is true? (a browser sends one)
        return refused
    origin = origins[0]
    if origin.strip().rstrip("/").lower() in rules.origins:
        return None
    try:
        parts = urlsplit(origin.strip())
        port = parts.port or {"http": 80, "https": 443}.get(parts.scheme)
    except ValueError:
        return refused
    extra = parts.path not in ("", "/") or parts.query or parts.fragment
    if extra or split_host(parts.netloc) is None:
        return refused  # evil@127.0.0.1, a path: never what a browser sends
    host = (parts.hostname or "").rstrip(".").lower()
    if parts.scheme not in ("http", "https") or not host or not rules.allowed(host, request):
        return refused
    return None if port == _local_port(request) else refused


# ----- tokens and guessing -----------------------------------------------------------------------
@dataclass
class _Guesses:
    seen: dict[bytes, float] = field(default_factory=dict)  # wrong token's digest -> when
    rounds: int = 0  # blocks so far (reset after a quiet window)
    blocked_until: float = 0.0
    last: float = 0.0


class GuessGuard:
    """Counts different wrong tokens per client address and blocks the address for a while
    after GUESSES of them within GUESS_WINDOW_S."""

    def __init__(
        self,
        guesses: int = GUESSES,
        window_s: float = GUESS_WINDOW_S,
        clock: Clock = time.monotonic,
    ) -> None:
        self.guesses, self.window_s, self.clock = guesses, window_s, clock
        self._addresses: dict[str, _Guesses] = {}

    def wait_s(self, address: str) -> float:
        """How long this address must still wait (0: it may try)."""
        entry = self._addresses.get(address)
        return 0.0 if entry is None else max(0.0, entry.blocked_until - self.clock())

    def failed(self, address: str, given: str) -> None:
        now = self.clock()
        entry = self._addresses.get(address)
        if entry is None:
            if len(self._addresses) >= _MAX_ADDRESSES:
                self._forget(now)
            entry = self._addresses[address] = _Guesses()
        if now - entry.last > self.window_s and now >= entry.blocked_until:
            entry.rounds = 0  # a quiet minute: start over
        entry.last = now
        entry.seen = {k: t for k, t in entry.seen.items() if now - t <= self.window_s}
        entry.seen[hashlib.sha256(given.encode("utf-8", "replace")).digest()[:16]] = now
        if len(entry.seen) >= self.guesses:
            entry.blocked_until = now + min(MAX_BLOCK_S, FIRST_BLOCK_S * 2**entry.rounds)
            entry.rounds += 1
            entry.seen.clear()

    def _forget(self, now: float) -> None:
        quiet = [a for a, e in self._addresses.items()
                 if now - e.last > self.window_s and now >= e.blocked_until]  # fmt: skip
        for address in quiet:
            del self._addresses[address]
        while len(self._addresses) >= _MAX_ADDRESSES:
            del self._addresses[next(iter(self._addresses))]


GUESSES_KEY: web.AppKey[GuessGuard] = web.AppKey("guesses", GuessGuard)


def given_token(request: web.Request) -> str:
    """The `Bearer` token of the Authorization header (the scheme in any case, RFC 7235), else
    `?token=`."""
    header = request.headers.get(hdrs.AUTHORIZATION, "")
    return header[7:] if header[:7].lower() == "bearer " else request.query.get("token", "")


def _same(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode("utf-8", "replace"), expected.encode("utf-8"))


def role_of(given: str, master: str, assist: str | None) -> str | None:
    """MASTER, ASSIST or None for a wrong token; both compared in constant time."""
    is_master = _same(given, master)
    is_assist = assist is not None and _same(given, assist)
    return MASTER if is_master else ASSIST if is_assist else None


def route_key(request: web.Request) -> tuple[str, str] | None:
    """(method, the matched route's pattern); None when no route matched."""
    route: Any = request.match_info.route
    resource = getattr(route, "resource", None)
    if resource is None:
        return None
    method = "GET" if request.method == "HEAD" else request.method
    return method, resource.canonical


def assist_may(request: web.Request) -> bool:
    """Whether the assistants' token opens this route whatever the settings say."""
    return route_key(request) in ASSIST_ROUTES


def is_assist_interaction(request: web.Request) -> bool:
    """Whether this route runs an interaction: the assistants' token opens it only while the
    host allows it."""
    return route_key(request) in ASSIST_INTERACTION_ROUTES


def is_assist_help(request: web.Request) -> bool:
    """Whether this route helps the host (thanks, blocking, messages): the assistants' token
    opens it only while the host allows it."""
    return route_key(request) in ASSIST_HELP_ROUTES


def too_many(wait_s: float) -> web.Response:
    refused = json_error(429, "too many wrong tokens from this address; wait and try again")
    refused.headers["Retry-After"] = str(max(1, math.ceil(wait_s)))
    return refused


def refuse_other_hosts(rules: HostRules) -> Middleware:
    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        problem = host_problem(request, rules)
        if problem is not None:
            return json_error(421, problem)
        problem = origin_problem(request, rules)
        if problem is not None:
            return json_error(403, problem)
        return await handler(request)

    return middleware
