"""Reading a pasted link the way a browser does (WHATWG URL), as text only: its scheme, user-info, host, port and
the rest. Backslashes count as slashes, the last ``@`` ends the user-info part, a host ending in a number is an
IPv4 address (also ``0x7f.1`` or ``3232235777``), and a name is sent as punycode. Anything no browser would open
raises the InputProblem a learner reads."""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from urllib.parse import unquote

from ..problems import InputProblem

SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
WEB_SCHEMES = {"http": 80, "https": 443}
SCRIPT_SCHEMES = {"javascript", "data", "vbscript"}
OTHER_SCHEMES = {"mailto", "tel", "sms", "file", "ftp", "intent", "whatsapp", "market", "about", "blob", "ws",
                 "wss", "chrome", "content", "geo", "magnet"}
# Code points a browser refuses in a host name (WHATWG "forbidden host code point"), after %-decoding.
FORBIDDEN_IN_HOST = set(" \t\n\r#%/:<>?@[\\]^|\x00")
IDEOGRAPHIC_DOTS = str.maketrans({"\u3002": ".", "\uff0e": ".", "\uff61": "."})


@dataclass(frozen=True)
class LinkParts:
    scheme: str | None
    userinfo: str | None
    host: str  # as typed, %-decoded
    port: str
    rest: str  # path, query and fragment
    backslash: str  # "" none, "path" after the site name, "host" in or before the site name (a trick)
    percent_in_host: bool


def split_link(text: str) -> LinkParts:
    """The parts of a link as a browser splits them; InputProblem for a scheme that is not a web page's
    (mailto:, tel: …). A script scheme (javascript:, data:) comes back with no host, for the caller to flag."""
    scheme = None
    rest = text
    match = SCHEME.match(text)
    if match:
        candidate = match.group(1).lower()
        after = text[match.end():]
        if candidate in WEB_SCHEMES or candidate in SCRIPT_SCHEMES or candidate in OTHER_SCHEMES or after.startswith("//"):
            scheme, rest = candidate, after
    if scheme in SCRIPT_SCHEMES:
        return LinkParts(scheme, None, "", "", rest, "", False)
    if scheme is not None and scheme not in WEB_SCHEMES:
        raise InputProblem("tautan.other_scheme", scheme=scheme[:20])
    stripped = rest.lstrip("/\\")
    authority_as_typed = re.split(r"[/?#]", stripped, maxsplit=1)[0]
    backslash = "host" if "\\" in authority_as_typed else ("path" if "\\" in rest else "")
    rest = rest.replace("\\", "/").lstrip("/")  # browsers read https:\\x and https:x as https://x
    end = min((i for i in (rest.find(c) for c in "/?#") if i >= 0), default=len(rest))
    authority, rest = rest[:end], rest[end:]
    userinfo, at, hostport = authority.rpartition("@")
    if hostport.startswith("["):
        close = hostport.find("]")
        if close < 0 or (hostport[close + 1:] and not hostport[close + 1:].startswith(":")):
            raise InputProblem("tautan.bad_host")
        host, port = hostport[:close + 1], hostport[close + 2:]
    else:
        host, _, port = hostport.partition(":")
    percent = "%" in host
    if percent:
        host = unquote(host, errors="replace")
    return LinkParts(scheme, userinfo if at else None, host, port, rest, backslash, percent)


def ipv4(host: str) -> str | None:
    """A host a browser reads as an IPv4 address (also 0x7f.1 or 3232235777) in dotted form; None if a name."""
    labels = host.split(".")
    if labels and labels[-1] == "" and len(labels) > 1:
        labels = labels[:-1]
    if not re.fullmatch(r"[0-9]+|0[xX][0-9a-fA-F]*", labels[-1]):
        return None
    numbers = []
    for label in labels:
        if re.fullmatch(r"0[xX][0-9a-fA-F]*", label):
            numbers.append(int(label[2:] or "0", 16))
        elif re.fullmatch(r"0[0-7]+", label):
            numbers.append(int(label, 8))
        elif re.fullmatch(r"[0-9]+", label):
            numbers.append(int(label))
        else:
            raise InputProblem("tautan.bad_host")
    if len(numbers) > 4 or any(n > 255 for n in numbers[:-1]) or numbers[-1] >= 256 ** (5 - len(numbers)):
        raise InputProblem("tautan.bad_host")
    value = sum(n * 256 ** (3 - i) for i, n in enumerate(numbers[:-1])) + numbers[-1]
    return str(ipaddress.IPv4Address(value))


def to_ascii(host: str) -> str:
    """The host as the browser sends it: lower case, each non-ASCII label as punycode (xn--…)."""
    try:
        ascii_host = host.encode("idna").decode("ascii").lower()
    except UnicodeError:
        raise InputProblem("tautan.bad_host") from None
    if not ascii_host or any(not label for label in ascii_host.split(".")):
        raise InputProblem("tautan.bad_host")
    return ascii_host


def to_unicode(ascii_host: str) -> tuple[str, bool]:
    """The host with each xn-- label shown as its letters; False when a label is not valid punycode."""
    labels, valid = [], True
    for label in ascii_host.split("."):
        if label.startswith("xn--"):
            try:
                labels.append(label.encode("ascii").decode("idna"))
                continue
            except UnicodeError:
                valid = False
        labels.append(label)
    return ".".join(labels), valid


def checked_host(parts: LinkParts) -> str:
    """The host as typed, with a browser's tidying (ideographic dots, one final dot); InputProblem for a
    host or port no browser would open."""
    host = parts.host.translate(IDEOGRAPHIC_DOTS)
    if host.endswith(".") and not host.endswith(".."):
        host = host[:-1]
    if not host:
        raise InputProblem("tautan.no_host")
    if host.startswith("[") != host.endswith("]") or (
            not host.startswith("[") and any(char in FORBIDDEN_IN_HOST for char in host)):
        raise InputProblem("tautan.bad_host")
    port = parts.port
    if port and not (port.isascii() and port.isdigit() and int(port) <= 65535):
        raise InputProblem("tautan.bad_port")
    return host
