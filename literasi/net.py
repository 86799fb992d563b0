"""This machine's network addresses, and the one learners' phones in the room can reach (``literasi serve --room``
and the projector view's QR slides).

- ``list_interfaces()`` reads this machine's network addresses (psutil);
- ``room_addresses(interfaces)`` / ``choose_room_address(interfaces)`` are a pure choice of the addresses phones
  can reach: a private IPv4 on a Wi-Fi, Ethernet, hotspot or USB-tethering interface first; never loopback,
  link-local, IPv6, or a container/VM/VPN interface that phones in the room cannot reach.

URLs built on these addresses come from :mod:`literasi.site.urls`.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from dataclasses import dataclass

# RFC 1918 networks: what home routers, office Wi-Fi and phone/laptop hotspots hand out.
PRIVATE_NETWORKS = tuple(ipaddress.ip_network(net) for net in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"))
# Interfaces phones in the room can reach, best first: wireless (a laptop hotspot is one too), USB tethering, wired.
WIRELESS = re.compile(r"^(wlan|wlp|wlx|wl|ap|wifi|wi-fi|wireless)", re.IGNORECASE)
TETHERING = re.compile(r"^(usb|rndis|enx)", re.IGNORECASE)
WIRED = re.compile(r"^(eth|en|em|ethernet|local area connection)", re.IGNORECASE)
# Containers, virtual machines, VPNs and tunnels: only this machine (or a VPN's peers) can reach them.
VIRTUAL = re.compile(
    r"^(lo\d*$|docker|br-|veth|virbr|vnet|vmnet|vboxnet|tun|tap|tailscale|utun|wg|zt|lxcbr|lxdbr|cni|flannel|cali|"
    r"podman|vethernet|virtualbox|vmware|ifb|dummy|kube|weave|awdl|llw|gif|stf|anpi)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Interface:
    """One address of one network interface."""

    name: str
    address: str
    up: bool = True


def list_interfaces() -> list[Interface]:
    """Every IPv4 and IPv6 address of this machine's interfaces, with whether the interface is up."""
    import psutil

    stats = psutil.net_if_stats()
    found = []
    for name, addresses in psutil.net_if_addrs().items():
        up = stats[name].isup if name in stats else True
        for entry in addresses:
            if entry.family in (socket.AF_INET, socket.AF_INET6):
                found.append(Interface(name, entry.address, up))
    return found


def _kind_rank(name: str) -> int | None:
    """0 wireless/hotspot, 1 USB tethering, 2 wired, 3 unknown; None for interfaces phones cannot reach."""
    if VIRTUAL.match(name):
        return None
    for rank, pattern in enumerate((WIRELESS, TETHERING, WIRED)):
        if pattern.match(name):
            return rank
    return 3


def room_addresses(interfaces: list[Interface]) -> list[str]:
    """The IPv4 addresses phones in the room may reach, best first (see ``choose_room_address``)."""
    ranked = []
    for position, interface in enumerate(interfaces):
        try:
            address = ipaddress.ip_address(interface.address.split("%", 1)[0])
        except ValueError:
            continue
        kind = _kind_rank(interface.name)
        if (not interface.up or kind is None or address.version != 4 or address.is_loopback
                or address.is_link_local or address.is_unspecified or address.is_multicast):
            continue
        private = any(address in network for network in PRIVATE_NETWORKS)
        ranked.append(((0 if private else 1, kind, position), str(address)))
    return list(dict.fromkeys(address for _, address in sorted(ranked)))


def choose_room_address(interfaces: list[Interface]) -> str | None:
    """The address to advertise to learners, or None when no interface is reachable from the room.

    Prefers private IPv4 (10/8, 172.16/12, 192.168/16) over other IPv4, and within that wireless and hotspot
    interfaces, then USB tethering, then wired, then unknown names; skips interfaces that are down, loopback,
    link-local (169.254.x.x), IPv6, and container/VM/VPN interfaces (docker0, br-*, veth*, virbr*, tun*,
    tailscale*, ...)."""
    addresses = room_addresses(interfaces)
    return addresses[0] if addresses else None
