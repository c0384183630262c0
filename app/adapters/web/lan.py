"""This machine's address on the LAN, for the links phones open when LAN access is on.

The hostname is no guide: stock Debian and Ubuntu map it to 127.0.1.1 in /etc/hosts. The address
that counts is the one of the interface that routes outward: a UDP socket "connected" to a public
address that is never routed (TEST-NET-1; connect() on UDP only picks the route, it sends no
packet) reports it as its own address. When there is no route (an isolated network), the
interfaces' non-loopback addresses are used instead. A loopback address (127.x) is never given
while any other exists; nothing at all is an empty list (the caller falls back to 127.0.0.1).
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
import struct
import sys
from collections.abc import Callable, Iterable
from typing import Any

PROBE = ("192.0.2.1", 9)  # TEST-NET-1 (RFC 5737): a public address that is never routed
Net = Any  # the `socket` module, or a stand-in with socket(), gethostname(), gethostbyname_ex()


def outward_address(net: Net = socket) -> str | None:
    """The IPv4 address of the interface that routes outward, or None without a route."""
    try:
        with contextlib.closing(net.socket(socket.AF_INET, socket.SOCK_DGRAM)) as probe:
            probe.connect(PROBE)
            address = str(probe.getsockname()[0])
    except (OSError, IndexError, TypeError, ValueError):
        return None
    return address if _usable(address) and not _loopback(address) else None


def interface_addresses(net: Net = socket) -> list[str]:
    """The IPv4 addresses the hostname resolves to, and (on Linux) every interface's."""
    found: list[str] = []
    with contextlib.suppress(OSError, UnicodeError):
        found += net.gethostbyname_ex(net.gethostname())[2]
    with contextlib.suppress(OSError, UnicodeError):
        infos = net.getaddrinfo(net.gethostname(), None, socket.AF_INET, socket.SOCK_STREAM)
        found += [str(info[4][0]) for info in infos]
    if net is socket and sys.platform.startswith("linux"):
        found += _linux_interface_addresses()
    return found


def lan_addresses(
    net: Net = socket,
    *,
    interfaces: Callable[[Net], Iterable[str]] = interface_addresses,
) -> list[str]:
    """The addresses others on the LAN can reach this machine at, best first: the outward one,
    then the interfaces' private, other and link-local ones. No 127.x while another exists;
    an empty list when there is none."""
    candidates: list[str] = []
    outward = outward_address(net)
    if outward is not None:
        candidates.append(outward)
    others = [a for a in interfaces(net) if _usable(a)]
    candidates += sorted(others, key=_rank)  # stable: the resolver's order within a rank
    chosen = list(dict.fromkeys(a for a in candidates if not _loopback(a)))
    return chosen


def _usable(address: str) -> bool:
    try:
        ip = ipaddress.IPv4Address(address)
    except ValueError:
        return False
    return not (ip.is_unspecified or ip.is_multicast or ip == ipaddress.IPv4Address(PROBE[0]))


def _loopback(address: str) -> bool:
    return ipaddress.IPv4Address(address).is_loopback


def _rank(address: str) -> int:
    ip = ipaddress.IPv4Address(address)
    if ip.is_loopback:
        return 3
    if ip.is_link_local:  # 169.254.x: no DHCP answered; a last resort
        return 2
    return 0 if ip.is_private else 1


def _linux_interface_addresses() -> list[str]:
    """Each interface's IPv4 address (SIOCGIFADDR), for a machine whose hostname resolves to
    loopback only and that has no outward route."""
    import fcntl

    siocgifaddr = 0x8915
    found: list[str] = []
    try:
        names = [name for _index, name in socket.if_nameindex()]
    except OSError:
        return []
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_DGRAM)) as sock:
        for name in names:
            request = struct.pack("256s", name.encode()[:15])
            try:
                answer = fcntl.ioctl(sock.fileno(), siocgifaddr, request)
            except OSError:  # down, or no IPv4 address
                continue
            found.append(socket.inet_ntoa(answer[20:24]))
    return found
