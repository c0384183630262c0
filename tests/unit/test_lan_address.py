"""This machine's LAN address (app/adapters/web/lan.py): the outward interface's address wins over
what the hostname resolves to (127.0.1.1 on stock Debian/Ubuntu); without a route the interfaces'
addresses are used; 127.x never while another address exists."""

from __future__ import annotations

import socket
from typing import Any

import pytest

from app.adapters.web import lan
from app.openers import assist_links


class FakeUdp:
    def __init__(self, net: FakeNet) -> None:
        self.net = net
        self.closed = False

    def connect(self, address: tuple[str, int]) -> None:
        self.net.connected.append(address)
        if self.net.route is None:
            raise OSError(101, "Network is unreachable")

    def getsockname(self) -> tuple[str, int]:
        assert self.net.route is not None
        return (self.net.route, 40000)

    def close(self) -> None:
        self.closed = True


class FakeNet:
    """A stand-in for the socket module: the route's source address (None: no route) and what
    the hostname resolves to."""

    def __init__(self, route: str | None, resolved: list[str]) -> None:
        self.route, self.resolved = route, resolved
        self.connected: list[tuple[str, int]] = []
        self.sockets: list[FakeUdp] = []

    def socket(self, family: int, kind: int) -> FakeUdp:
        assert (family, kind) == (socket.AF_INET, socket.SOCK_DGRAM)  # UDP: connect sends nothing
        self.sockets.append(FakeUdp(self))
        return self.sockets[-1]

    def gethostname(self) -> str:
        return "studio-pc"

    def gethostbyname_ex(self, name: str) -> tuple[str, list[str], list[str]]:
        assert name == "studio-pc"
        return (name, [], list(self.resolved))

    def getaddrinfo(self, name: str, *_args: Any) -> list[Any]:
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, 0)) for a in self.resolved]


def test_the_outward_address_wins_over_a_hostname_on_127_0_1_1() -> None:
    net = FakeNet(route="192.168.1.23", resolved=["127.0.1.1"])
    assert lan.lan_addresses(net) == ["192.168.1.23"]
    assert net.connected == [lan.PROBE]
    assert all(s.closed for s in net.sockets)
    assert not lan.PROBE[0].startswith(("10.", "127.", "192.168.", "172."))  # a public address


def test_the_outward_address_comes_first_then_other_interfaces() -> None:
    net = FakeNet(route="10.0.0.5", resolved=["127.0.1.1", "169.254.3.3", "8.8.4.4", "172.17.0.1"])
    assert lan.lan_addresses(net) == ["10.0.0.5", "172.17.0.1", "8.8.4.4", "169.254.3.3"]


def test_without_a_route_the_interfaces_addresses_are_used() -> None:
    net = FakeNet(route=None, resolved=["127.0.1.1", "192.168.50.7"])
    assert lan.outward_address(net) is None
    assert lan.lan_addresses(net) == ["192.168.50.7"]
    extra = FakeNet(route=None, resolved=["127.0.1.1"])
    assert lan.lan_addresses(extra, interfaces=lambda _n: ["127.0.0.1", "lo", "10.1.2.3"]) == [
        "10.1.2.3"
    ]


@pytest.mark.parametrize(
    ("route", "resolved"),
    [
        ("127.0.1.1", ["127.0.1.1", "192.168.1.9"]),  # a route through loopback: not an answer
        ("0.0.0.0", ["127.0.0.1", "192.168.1.9"]),
        (None, ["127.0.0.1", "127.0.1.1", "192.168.1.9"]),
    ],
)
def test_never_127_when_another_address_exists(route: str | None, resolved: list[str]) -> None:
    found = lan.lan_addresses(FakeNet(route=route, resolved=resolved))
    assert found == ["192.168.1.9"]


def test_nothing_but_loopback_is_no_address() -> None:
    assert lan.lan_addresses(FakeNet(route=None, resolved=["127.0.1.1"])) == []


def test_the_assistants_link_uses_it(monkeypatch: pytest.MonkeyPatch) -> None:
    net = FakeNet(route="192.168.1.23", resolved=["127.0.1.1"])
    real = lan.lan_addresses
    monkeypatch.setattr(lan, "lan_addresses", lambda: real(net))
    assert assist_links(True, 4466, "tok") == ["http://192.168.1.23:4466/assist?token=tok"]
    assert assist_links(False, 4466, "tok") == ["http://127.0.0.1:4466/assist?token=tok"]
    monkeypatch.setattr(lan, "lan_addresses", lambda: real(FakeNet(None, ["127.0.1.1"])))
    assert assist_links(True, 4466, "tok") == ["http://127.0.0.1:4466/assist?token=tok"]


def test_this_machine_gives_an_address_that_is_not_loopback_when_it_has_one() -> None:
    """On the real network stack: whatever it finds is a usable IPv4 address, never 127.x."""
    found = lan.lan_addresses()
    assert all(not a.startswith("127.") for a in found)
    assert all(socket.inet_aton(a) for a in found)
