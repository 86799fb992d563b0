"""Room mode ("bimtek in a box"): one instructor laptop, learners' phones on the same Wi-Fi or hotspot.

- ``list_interfaces()`` reads this machine's network addresses (psutil);
- ``choose_room_address(interfaces)`` is a pure choice of the address phones can reach: a private IPv4
  on a Wi-Fi, Ethernet, hotspot or USB-tethering interface first; never loopback, link-local, IPv6, or a
  container/VM/VPN interface that phones in the room cannot reach;
- ``qr_svg(url)`` / ``qr_terminal(url)`` draw a QR code inline (no third-party requests) or as text;
- ``room_banner(...)`` is what ``literasi serve --room`` prints; ``room_max_kernels(...)`` its kernel cap.
"""

from __future__ import annotations

import io
import ipaddress
import re
import socket
from dataclasses import dataclass

import segno

from literasi.i18n import LANGS, t

ROOM_PORT = 8866
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
# One learner kernel of a lesson (ipywidgets + matplotlib) measured at about 120 MB resident.
KERNEL_BYTES = 120 * 2**20
RESERVED_BYTES = 1024 * 2**20  # the system, the browser on the projector, Voila itself
ROOM_MAX_KERNELS = 40  # a class of ~40 learners
ROOM_MIN_KERNELS = 5


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


def room_url(address: str, port: int = ROOM_PORT) -> str:
    host = f"[{address}]" if ":" in address else address
    return f"http://{host}:{port}/"


def lesson_room_url(base_url: str, lang: str, lesson_id: str) -> str:
    """The public site's language-switch route, which redirects to the lesson page."""
    return f"{base_url.rstrip('/')}/pelajaran/{lang}/{lesson_id}"


def _qr(url: str) -> segno.QRCode:
    return segno.make(url, error="m", micro=False)


def qr_svg(url: str, title: str | None = None) -> str:
    """An inline ``<svg>`` QR code of ``url`` that scales to its container (set its width in CSS)."""
    return _qr(url).svg_inline(scale=1, border=4, omitsize=True, svgclass="literasi-qr", lineclass=None,
                               title=title, dark="#000", light="#fff")


def qr_terminal(url: str) -> str:
    """The QR code of ``url`` in Unicode half blocks (light modules drawn, so it reads on a dark terminal)."""
    out = io.StringIO()
    _qr(url).terminal(out=out, compact=True)
    return out.getvalue()


def room_max_kernels(available_bytes: int) -> int:
    """How many learner kernels this machine holds with the memory it has free now, between 5 and 40."""
    fits = (available_bytes - RESERVED_BYTES) // KERNEL_BYTES
    return int(max(ROOM_MIN_KERNELS, min(ROOM_MAX_KERNELS, fits)))


def available_memory() -> int:
    import psutil

    return psutil.virtual_memory().available


def _both(key: str, **params: object) -> list[str]:
    return [t(key, lang, **params) for lang in LANGS]


def room_banner(url: str, alternates: list[str] | tuple = (), max_kernels: int | None = None,
                with_qr: bool = True) -> str:
    """What ``literasi serve --room`` prints: the address (and its QR code) learners open, in both languages."""
    rule = "═" * 64
    lines = [rule, *_both("ruang.banner_title"), "", *_both("ruang.banner_join"), "", f"    {url}", ""]
    if alternates:
        lines += [*_both("ruang.banner_alternates", urls=", ".join(alternates)), ""]
    if with_qr:
        lines += [qr_terminal(url).rstrip("\n"), ""]
    lines += _both("ruang.banner_print", url=url.rstrip("/") + "/ruang")
    if max_kernels is not None:
        lines += _both("ruang.banner_limits", max_kernels=max_kernels)
    lines += [*_both("ruang.banner_stop"), rule]
    return "\n".join(lines)


def no_network_message() -> str:
    return "\n".join(["", *[f"✘ {line}" for line in _both("ruang.no_network")], ""])
