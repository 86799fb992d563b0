"""Suspicious link inspector (tautan): read a pasted link's text and say aman / waspada / bahaya, and why.

Pure logic, no widgets. The link is only read as text: it is never opened, fetched or looked up (no DNS).
The registered domain comes from tldextract's bundled copy of the Public Suffix List, with downloading
switched off (``suffix_list_urls=()``) and no cache directory.

The link is parsed roughly the way a browser does (WHATWG URL): backslashes count as slashes, the last
``@`` ends the user-info part, a host ending in a number is an IP address. Official domains, shorteners,
unusual endings, bait words and look-alike letters come from ``data/tautan_*.yml``.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote

import tldextract

from literasi.facts import Fact
from literasi.i18n import t

from .data_checks import DataFileError, fact_sources, load_data_mapping, read_problems
from .problems import Finding, InputProblem
from .ui import publishers

DATA_FILES = ("tautan_domain_resmi.yml", "tautan_pola.yml")
MAX_LINK_LENGTH = 2000  # longer than any link a person pastes; also keeps every check fast
MANY_SIGNS = 3  # this many "waspada" signs together make the verdict "bahaya"
LONG_SUBDOMAIN_CHAIN = 3  # labels before the registered domain, not counting "www"
MIN_SQUASHED_MATCH = 5  # a brand or domain this long may match inside a longer name ("bigoid" in bigoidxyz)
VERDICTS = ("aman", "waspada", "bahaya")
LEVEL_ORDER = {"bahaya": 0, "waspada": 1, "info": 2, "baik": 3}
# Where to report, named in the "bahaya" advice; both facts must be in tautan_domain_resmi.yml's sources.
REPORT_FACTS = {"iasc": "F-SCAM-05", "aduan": "F-SCAM-09"}

SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
WEB_SCHEMES = {"http": 80, "https": 443}
SCRIPT_SCHEMES = {"javascript", "data", "vbscript"}
OTHER_SCHEMES = {"mailto", "tel", "sms", "file", "ftp", "intent", "whatsapp", "market", "about", "blob", "ws",
                 "wss", "chrome", "content", "geo", "magnet"}
# Code points a browser refuses in a host name (WHATWG "forbidden host code point"), after %-decoding.
FORBIDDEN_IN_HOST = set(" \t\n\r#%/:<>?@[\\]^|\x00")
IDEOGRAPHIC_DOTS = str.maketrans({"\u3002": ".", "\uff0e": ".", "\uff61": "."})


def new_extractor() -> tldextract.TLDExtract:
    """tldextract with its bundled Public Suffix List only: no download, no cache file."""
    return tldextract.TLDExtract(cache_dir=None, suffix_list_urls=(), fallback_to_snapshot=True,
                                 include_psl_private_domains=True)


_EXTRACTOR = new_extractor()


class TautanDataError(DataFileError):
    """A tautan data file is missing a field or breaks one of its rules; the message names the file."""


@dataclass(frozen=True)
class OfficialDomain:
    domain: str
    name: dict[str, str]  # per language
    brands: tuple[str, ...]
    facts: tuple[str, ...]  # empty: a project example ("daftar contoh buatan proyek")

    @property
    def project_example(self) -> bool:
        return not self.facts


@dataclass(frozen=True)
class TautanData:
    official: tuple[OfficialDomain, ...]
    shorteners: frozenset[str]
    unusual_tlds: frozenset[str]
    bait_words: tuple[str, ...]
    confusables: tuple[tuple[str, str], ...]  # multi-letter keys first
    sources: dict[str, Fact]  # fact ids → the registry's facts


def _read(folder: Path | None, name: str) -> dict:
    return load_data_mapping(folder, name, TautanDataError)


DOMAIN_SHAPE = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$")


def _official_entry(index: int, entry: object, sources: dict[str, Fact]) -> OfficialDomain:
    where = f"widgets/data/tautan_domain_resmi.yml: domains[{index}]"
    if not isinstance(entry, dict):
        raise TautanDataError(f"{where}: expected a mapping")
    domain = entry.get("domain")
    if not isinstance(domain, str) or not DOMAIN_SHAPE.match(domain):
        raise TautanDataError(f"{where}.domain: {domain!r} is not a lowercase domain name")
    name = entry.get("name")
    if isinstance(name, str) and name:
        name = {"id": name, "en": name}
    if not isinstance(name, dict) or set(name) != {"id", "en"} or not all(isinstance(v, str) and v for v in name.values()):
        raise TautanDataError(f"{where}.name: expected a name, or one per language (id, en)")
    brands = entry.get("brands", [])
    if not isinstance(brands, list) or not all(isinstance(b, str) and re.fullmatch(r"[a-z0-9]{2,}", b) for b in brands):
        raise TautanDataError(f"{where}.brands: expected a list of lowercase names")
    facts = entry.get("facts", [])
    example = entry.get("project_example", False)
    if not isinstance(facts, list) or bool(facts) == (example is True):
        raise TautanDataError(f"{where}: give either facts (fact ids) or project_example: true, not both or neither")
    missing = [fact for fact in facts if fact not in sources]
    if missing:
        raise TautanDataError(f"{where}.facts cites {missing} without a sources entry")
    return OfficialDomain(domain=domain, name=name, brands=tuple(brands), facts=tuple(facts))


def _string_list(raw: dict, field: str, pattern: str) -> list[str]:
    values = raw.get(field)
    if not isinstance(values, list) or not values:
        raise TautanDataError(f"widgets/data/tautan_pola.yml: {field}: expected a non-empty list")
    for index, value in enumerate(values):
        if not isinstance(value, str) or not re.fullmatch(pattern, value):
            raise TautanDataError(f"widgets/data/tautan_pola.yml: {field}[{index}]: {value!r} must match {pattern}")
    return values


def read_tautan_data(folder: Path | None = None) -> TautanData:
    """Parse and validate the tautan data files (from ``folder``, or the installed package)."""
    resmi = _read(folder, "tautan_domain_resmi.yml")
    sources = fact_sources(resmi.get("sources"), "widgets/data/tautan_domain_resmi.yml: sources", TautanDataError)
    entries = resmi.get("domains")
    if not isinstance(entries, list) or not entries:
        raise TautanDataError("widgets/data/tautan_domain_resmi.yml: domains: expected a list of official domains")
    official = tuple(_official_entry(index, entry, sources) for index, entry in enumerate(entries))
    repeated = sorted({o.domain for o in official if [p.domain for p in official].count(o.domain) > 1})
    if repeated:
        raise TautanDataError(f"widgets/data/tautan_domain_resmi.yml: domains listed twice: {repeated}")

    pola = _read(folder, "tautan_pola.yml")
    if pola.get("project_made") is not True:
        raise TautanDataError("widgets/data/tautan_pola.yml: project_made: must be true (say the lists are ours)")
    shorteners = _string_list(pola, "shorteners", r"[a-z0-9-]+(\.[a-z0-9-]+)+")
    tlds = _string_list(pola, "unusual_tlds", r"[a-z]{2,}")
    bait = _string_list(pola, "bait_words", r"[a-z]{3,}")
    confusables = pola.get("confusables")
    if not isinstance(confusables, dict) or not confusables or not all(
            isinstance(k, str) and isinstance(v, str) and k and v and v.isascii() for k, v in confusables.items()):
        raise TautanDataError("widgets/data/tautan_pola.yml: confusables: expected a mapping of look-alike → letter")
    unsourced = sorted(set(REPORT_FACTS.values()) - sources.keys())
    if unsourced:
        raise TautanDataError(f"widgets/data/tautan_domain_resmi.yml: sources must include {unsourced} (report channels)")
    clash = sorted(o.domain for o in official if o.domain.rsplit(".", 1)[-1] in tlds)
    if clash:
        raise TautanDataError(f"widgets/data/tautan_pola.yml: unusual_tlds include the ending of official {clash}")
    return TautanData(
        official=official,
        shorteners=frozenset(shorteners),
        unusual_tlds=frozenset(tlds),
        bait_words=tuple(bait),
        confusables=tuple(sorted(confusables.items(), key=lambda item: -len(item[0]))),
        sources=sources,
    )


@lru_cache(maxsize=1)
def load_tautan_data() -> TautanData:
    return read_tautan_data()


def check_data(folder: Path | None = None) -> list[str]:
    """Problems in the tautan data files, for ``literasi check``."""
    return read_problems(lambda: read_tautan_data(folder))


# --- findings and the report -------------------------------------------------------------------------


@dataclass(frozen=True)
class LinkReport:
    verdict: str  # aman | waspada | bahaya
    findings: tuple[Finding, ...]  # bahaya first, then waspada, info, baik
    scheme: str | None  # None: typed without http:// or https://
    host: str  # as the browser would send it (ASCII, punycode)
    host_display: str  # the same, with punycode shown as the letters it stands for
    registered_domain: str | None  # who owns the site; None for an IP address
    official: OfficialDomain | None

    def facts(self) -> list[str]:
        """Fact ids behind this report's sentences (the official entry's); for tests and editors, never shown."""
        return list(self.official.facts) if self.official else []


def _basis(official: OfficialDomain, data: TautanData):
    """The source of an official-list entry, as the learner reads it: the publishers, never the fact ids."""
    if official.facts:
        return lambda lang: publishers((data.sources[fact] for fact in official.facts), lang)
    return lambda lang: t("tautan.project_example", lang)


def _name(official: OfficialDomain):
    return lambda lang: official.name[lang]


# --- reading the link --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Parts:
    scheme: str | None
    userinfo: str | None
    host: str  # as typed, %-decoded
    port: str
    rest: str  # path, query and fragment
    backslash: str  # "" none, "path" after the site name, "host" in or before the site name (a trick)
    percent_in_host: bool


def _split(text: str) -> _Parts:
    scheme = None
    rest = text
    match = SCHEME.match(text)
    if match:
        candidate = match.group(1).lower()
        after = text[match.end():]
        if candidate in WEB_SCHEMES or candidate in SCRIPT_SCHEMES or candidate in OTHER_SCHEMES or after.startswith("//"):
            scheme, rest = candidate, after
    if scheme in SCRIPT_SCHEMES:
        return _Parts(scheme, None, "", "", rest, "", False)
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
    return _Parts(scheme, userinfo if at else None, host, port, rest, backslash, percent)


def _ipv4(host: str) -> str | None:
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


def _to_ascii(host: str) -> str:
    try:
        ascii_host = host.encode("idna").decode("ascii").lower()
    except UnicodeError:
        raise InputProblem("tautan.bad_host") from None
    if not ascii_host or any(not label for label in ascii_host.split(".")):
        raise InputProblem("tautan.bad_host")
    return ascii_host


def _to_unicode(ascii_host: str) -> tuple[str, bool]:
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


def _scripts(label: str) -> list[str]:
    found = []
    for char in label:
        if char.isalpha():
            script = unicodedata.name(char, "UNKNOWN").split(" ")[0]
            if script not in found:
                found.append(script)
    return found


def _disguised_as_latin(label: str, data: TautanData) -> str | None:
    """The alphabet of a label written wholly in non-Latin letters that all look Latin (Cyrillic "аррӏе")."""
    scripts = _scripts(label)
    if not scripts or "LATIN" in scripts or label.isascii():
        return None
    return scripts[0].title() if re.fullmatch(r"[a-z0-9-]+", skeleton(label, data)) else None


def skeleton(text: str, data: TautanData | None = None) -> str:
    """Text with look-alike characters made alike: ``skeleton("0jk.go.id") == skeleton("ojk.go.id")``."""
    data = data or load_tautan_data()
    folded = unicodedata.normalize("NFKC", text).lower()
    folded = "".join(c for c in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(c))
    for source, target in data.confusables:
        folded = folded.replace(source, target)
    return folded


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text)


def edit_distance(a: str, b: str, limit: int = 3) -> int:
    """Damerau–Levenshtein distance (adjacent swaps count 1), capped at ``limit + 1`` to stay quick."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return min(previous[-1], limit + 1)


def _official_for(ascii_host: str, data: TautanData) -> OfficialDomain | None:
    matches = [o for o in data.official if ascii_host == o.domain or ascii_host.endswith("." + o.domain)]
    return max(matches, key=lambda o: len(o.domain), default=None)


@lru_cache(maxsize=256)
def _is_public_suffix(domain: str) -> bool:
    return _EXTRACTOR.extract_str(domain).domain == ""


# --- the checks ----------------------------------------------------------------------------------------


def _lookalikes(host_display: str, registered: str, subdomain: str, suffix: str, data: TautanData) -> list[Finding]:
    """Ways a non-official host imitates an official one; at most one sentence per official site."""
    findings: list[Finding] = []
    named: set[str] = set()
    reg_skel = skeleton(registered, data)
    sub_skel = skeleton(subdomain, data)
    host_skel = skeleton(host_display, data)
    without_suffix = skeleton(_without_suffix(host_display, suffix), data)
    tokens = [token for token in re.split(r"[^a-z0-9]+", without_suffix) if token]
    squashed = _squash(without_suffix)
    for official in data.official:
        if _is_public_suffix(official.domain):
            continue
        official_skel = skeleton(official.domain, data)
        common = (("official", official.domain), ("name", _name(official)), ("registered", registered))
        finding = None
        if reg_skel == official_skel:
            finding = Finding("bahaya", "tautan.f_lookalike_chars", common)
        elif edit_distance(reg_skel, official_skel) <= (1 if len(official_skel) <= 9 else 2):
            finding = Finding("bahaya", "tautan.f_lookalike_edit", common)
        elif sub_skel and re.search(rf"(^|\.){re.escape(official_skel)}(\.|$)", sub_skel):
            finding = Finding("bahaya", "tautan.f_official_in_front", common)
        elif len(_squash(official_skel)) >= MIN_SQUASHED_MATCH + 1 and _squash(official_skel) in _squash(host_skel):
            finding = Finding("bahaya", "tautan.f_imitates", common)
        else:
            for brand in official.brands:
                brand_skel = skeleton(brand, data)
                if (brand_skel in tokens
                        or (len(brand_skel) >= MIN_SQUASHED_MATCH and brand_skel in squashed)
                        or (len(brand_skel) >= MIN_SQUASHED_MATCH
                            and any(edit_distance(token, brand_skel, 1) <= 1 for token in tokens))):
                    finding = Finding("bahaya", "tautan.f_brand", common + (("brand", brand),))
                    break
        if finding and official.name["id"] not in named:
            named.add(official.name["id"])
            findings.append(finding)
    return findings[:3]


def _without_suffix(host_display: str, suffix: str) -> str:
    """``shopee.co.id.hadiah.top`` → ``shopee.co.id.hadiah`` (the ending ``top`` removed)."""
    labels = host_display.split(".")
    return ".".join(labels[: len(labels) - suffix.count(".") - 1]) if suffix else host_display


def _bait_words(host_display: str, suffix: str, rest: str, data: TautanData) -> list[str]:
    host = _without_suffix(host_display, suffix)
    text = unquote(rest, errors="replace").lower()
    tokens = set(re.split(r"[^a-z0-9]+", host.lower())) | set(re.split(r"[^a-z0-9]+", text))
    squashed_host = _squash(host.lower())
    return [word for word in data.bait_words
            if word in tokens or (len(word) >= 6 and word in squashed_host)]


def inspect_link(text: str) -> LinkReport:
    """Read a pasted link (never open it); raises InputProblem when it cannot be read as a link."""
    data = load_tautan_data()
    text = text.strip()
    if not text:
        raise InputProblem("tautan.empty")
    if len(text) > MAX_LINK_LENGTH:
        raise InputProblem("tautan.too_long", limit=MAX_LINK_LENGTH)
    if any(char.isspace() for char in text):
        raise InputProblem("tautan.has_spaces")
    if any(unicodedata.category(char) in ("Cc", "Cs") for char in text):
        raise InputProblem("tautan.bad_host")
    parts = _split(text)
    if parts.scheme in SCRIPT_SCHEMES:
        finding = Finding("bahaya", "tautan.f_script_scheme", (("scheme", parts.scheme),))
        return LinkReport("bahaya", (finding,), parts.scheme, "", "", None, None)

    findings: list[Finding] = []
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

    ip = None
    if host.startswith("["):
        try:
            ip = str(ipaddress.IPv6Address(host[1:-1]))
        except ValueError:
            raise InputProblem("tautan.bad_host") from None
        ascii_host = host_display = host
    else:
        ascii_host = _to_ascii(host)
        ip = _ipv4(ascii_host)
        host_display, punycode_valid = _to_unicode(ascii_host)
        if ip is None and "." not in ascii_host:
            raise InputProblem("tautan.not_a_site")

    official = None if ip else _official_for(ascii_host, data)
    registered = subdomain = suffix = None
    if ip is None:
        extracted = _EXTRACTOR.extract_str(ascii_host)
        suffix = extracted.suffix
        if extracted.domain and suffix:
            registered = f"{extracted.domain}.{suffix}"
            subdomain = extracted.subdomain
        else:  # the host is itself an ending ("go.id") or the ending is unknown
            labels = ascii_host.split(".")
            registered = ".".join(labels[-2:])
            subdomain = ".".join(labels[:-2])
    registered_display = _to_unicode(registered)[0] if registered else None
    subdomain_display = _to_unicode(subdomain)[0] if subdomain else ""

    # Scheme
    if parts.scheme == "http":
        findings.append(Finding("waspada", "tautan.f_http"))
    elif parts.scheme == "https":
        findings.append(Finding("info", "tautan.f_https"))
    else:
        findings.append(Finding("info", "tautan.f_no_scheme"))
    # User-info: everything before the last "@" is ignored by the browser
    if parts.userinfo is not None:
        before = parts.userinfo
        shown = before if len(before) <= 60 else before[:57] + "…"
        looks_like_site = "." in before and official is None
        findings.append(Finding("bahaya" if looks_like_site else "waspada",
                                "tautan.f_userinfo_site" if looks_like_site else "tautan.f_userinfo",
                                (("before", shown), ("host", host_display))))
    if parts.backslash:
        findings.append(Finding("bahaya" if parts.backslash == "host" else "waspada", "tautan.f_backslash"))
    if parts.percent_in_host:
        findings.append(Finding("waspada", "tautan.f_percent_host"))
    default_port = WEB_SCHEMES.get(parts.scheme or "https")
    if port and int(port) != default_port:
        findings.append(Finding("waspada", "tautan.f_port", (("port", str(int(port))),)))

    if ip is not None:
        findings.append(Finding("waspada", "tautan.f_ip", (("ip", ip),)))
    else:
        if ascii_host != host_display or not punycode_valid:
            findings.append(Finding("waspada", "tautan.f_punycode", (("ascii", ascii_host),)))
            mixed = next((s for s in (_scripts(label) for label in host_display.split(".")) if len(s) > 1), None)
            if mixed:
                findings.append(Finding("bahaya", "tautan.f_mixed_script",
                                        (("scripts", ", ".join(name.title() for name in mixed)),)))
            else:
                disguised = next((s for s in (_disguised_as_latin(label, data) for label in host_display.split("."))
                                  if s), None)
                if disguised:
                    findings.append(Finding("bahaya", "tautan.f_whole_script", (("scripts", disguised),)))
        if official is not None:
            findings.append(Finding("baik", "tautan.f_official",
                                    (("domain", official.domain), ("name", _name(official)),
                                     ("basis", _basis(official, data)))))
        else:
            findings += _lookalikes(host_display, registered_display, subdomain_display, suffix or "", data)
            tld = ascii_host.rsplit(".", 1)[-1]
            if not suffix:
                findings.append(Finding("waspada", "tautan.f_unknown_tld", (("tld", tld),)))
            elif tld in data.unusual_tlds:
                findings.append(Finding("waspada", "tautan.f_unusual_tld", (("tld", tld),)))
            if registered in data.shorteners or ascii_host in data.shorteners:
                findings.append(Finding("waspada", "tautan.f_shortener", (("registered", registered),)))
            chain = [label for label in (subdomain or "").split(".") if label and label != "www"]
            if len(chain) >= LONG_SUBDOMAIN_CHAIN:
                findings.append(Finding("waspada", "tautan.f_long_chain",
                                        (("count", len(chain)), ("registered", registered_display))))

    if official is None:
        bait = _bait_words(host_display, suffix or "", parts.rest, data)
        if bait:
            findings.append(Finding("waspada", "tautan.f_bait", (("words", ", ".join(bait[:5])),)))
        in_path = next((o.domain for o in data.official
                        if not _is_public_suffix(o.domain) and o.domain in unquote(parts.rest).lower()), None)
        if in_path:
            findings.append(Finding("waspada", "tautan.f_official_in_path",
                                    (("official", in_path), ("registered", registered_display or ip))))

    levels = [finding.level for finding in findings]
    warnings = levels.count("waspada")
    if "bahaya" in levels:
        verdict = "bahaya"
    elif warnings >= MANY_SIGNS:
        verdict = "bahaya"
        findings.append(Finding("bahaya", "tautan.f_many_signs", (("count", warnings),)))
    elif warnings:
        verdict = "waspada"
    else:
        verdict = "aman"
        if official is None and ip is None:
            findings.append(Finding("info", "tautan.f_not_listed", (("registered", registered_display),)))
        findings.append(Finding("baik", "tautan.f_nothing_found"))
    # the "many signs" summary reads best after the signs it counts
    findings.sort(key=lambda f: 1.5 if f.key == "tautan.f_many_signs" else LEVEL_ORDER[f.level])
    return LinkReport(verdict=verdict, findings=tuple(findings), scheme=parts.scheme, host=ascii_host,
                      host_display=host_display, registered_domain=registered_display, official=official)
