"""Who a request comes from, for the per-client limit on kernels that never connect.

The address is the peer of the TCP connection (Tornado's ``request.remote_ip``; the site does not turn on
Tornado's ``xheaders``, so nobody can choose their address by sending ``X-Forwarded-For``). Behind a reverse
proxy (the Kubernetes Ingress, docs/deploy.md) every request would come from the proxy, so the proxies'
addresses or networks may be named (``trusted_proxies``): a request from one of them is attributed to the
rightmost ``X-Forwarded-For`` hop that is not itself a trusted proxy, which is the address the proxy saw.

An IPv6 client is counted by its /64 network: one device may use any address of its network.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(text: str) -> tuple[Network, ...]:
    """``"10.0.0.0/8, 127.0.0.1"`` → networks; ValueError on anything that is not an address or a network."""
    return tuple(ipaddress.ip_network(part.strip(), strict=False) for part in text.split(",") if part.strip())


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _within(address, networks: Iterable[Network]) -> bool:
    return any(address.version == network.version and address in network for network in networks)


def client_key(peer: str, forwarded_for: list[str], trusted: tuple[Network, ...] = ()) -> str:
    """The client a request is counted against: ``peer`` (the connection's address), or, when ``peer`` is a
    trusted proxy, the rightmost hop of ``forwarded_for`` (the ``X-Forwarded-For`` headers, in order) that is
    not a trusted proxy."""
    address = _address(peer)
    if address is not None and trusted and _within(address, trusted):
        hops = [hop for header in forwarded_for for hop in header.split(",") if hop.strip()]
        for hop in reversed(hops):
            hop_address = _address(hop)
            if hop_address is None:
                break  # a proxy writes addresses; anything else is not to be trusted, nor what lies left of it
            address = hop_address
            if not _within(hop_address, trusted):
                break
    if address is None:
        return peer
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def request_client(request, trusted: tuple[Network, ...] = ()) -> str:
    """``client_key`` of a Tornado request."""
    return client_key(request.remote_ip or "", request.headers.get_list("X-Forwarded-For"), trusted)
