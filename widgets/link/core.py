"""Suspicious link inspector (tautan): read a pasted link's text and say aman / waspada / bahaya, and why.

Pure logic, no widgets. The link is only read as text: it is never opened, fetched or looked up (no DNS).
The registered domain comes from tldextract's bundled copy of the Public Suffix List, with downloading
switched off (``suffix_list_urls=()``) and no cache directory.

``url.py`` reads the link the way a browser does; this module looks at what it read: the scheme, the
host (an IP address, other alphabets, an official site or one imitating it, its ending, a shortener) and
the rest of the link (bait words, an official name in the path), then gives the verdict. Official
domains, shorteners, unusual endings, bait words and look-alike letters come from ``data/tautan_*.yml``
(``data.py``).
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import unquote

import tldextract

from literasi.i18n import t

from ..problems import Finding, InputProblem, Level
from .data import OfficialDomain, TautanData, load_tautan_data
from .url import SCRIPT_SCHEMES, WEB_SCHEMES, LinkParts, checked_host, ipv4, split_link, to_ascii, to_unicode

MAX_LINK_LENGTH = 2000  # longer than any link a person pastes; also keeps every check fast
MANY_SIGNS = 3  # this many "waspada" signs together make the verdict "bahaya"
LONG_SUBDOMAIN_CHAIN = 3  # labels before the registered domain, not counting "www"
MIN_SQUASHED_MATCH = 5  # a brand or domain this long may match inside a longer name ("bigoid" in bigoidxyz)
VERDICTS = ("aman", "waspada", "bahaya")
LEVEL_ORDER = {Level.DANGER: 0, Level.CAUTION: 1, Level.INFO: 2, Level.OK: 3}


def new_extractor() -> tldextract.TLDExtract:
    """tldextract with its bundled Public Suffix List only: no download, no cache file."""
    return tldextract.TLDExtract(cache_dir=None, suffix_list_urls=(), fallback_to_snapshot=True,
                                 include_psl_private_domains=True)


_EXTRACTOR = new_extractor()


# --- findings and the report -------------------------------------------------------------------------


@dataclass(frozen=True)
class LinkReport:
    verdict: str  # aman | waspada | bahaya
    findings: tuple[Finding, ...]  # most serious first: DANGER, CAUTION, INFO, OK
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
        def publishers_of(lang: str) -> str:
            # ui.publishers only formats a list of names; imported here so this module does not load
            # ipywidgets (which ui.py's layouts need) when it is imported.
            from ..ui import publishers
            return publishers((data.sources[fact] for fact in official.facts), lang)
        return publishers_of
    return lambda lang: t("tautan.project_example", lang)


def _name(official: OfficialDomain):
    return lambda lang: official.name[lang]


# --- other alphabets and look-alike letters ----------------------------------------------------------


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


@dataclass(frozen=True)
class _Host:
    """The site a link opens, every way the checks need it."""

    ascii: str  # as the browser sends it (punycode); an IPv6 address in brackets
    display: str  # punycode shown as the letters it stands for
    ip: str | None = None  # the address in its usual form, when the host is one
    punycode_valid: bool = True
    # For a name (not an IP address):
    registered: str | None = None  # the registered domain (ASCII): who owns the site
    subdomain: str | None = None
    suffix: str | None = None  # the public suffix ("co.id"); "" when the ending is unknown
    registered_display: str | None = None
    subdomain_display: str = ""
    official: OfficialDomain | None = None


def _validate(text: str) -> str:
    """The pasted text, stripped; InputProblem when it cannot be a link at all."""
    text = text.strip()
    if not text:
        raise InputProblem("tautan.empty")
    if len(text) > MAX_LINK_LENGTH:
        raise InputProblem("tautan.too_long", limit=MAX_LINK_LENGTH)
    if any(char.isspace() for char in text):
        raise InputProblem("tautan.has_spaces")
    if any(unicodedata.category(char) in ("Cc", "Cs") for char in text):
        raise InputProblem("tautan.bad_host")
    return text


def _host_parts(host: str, data: TautanData) -> _Host:
    """Who the host is: an IP address, or a name with its registered domain (the owner) and, if listed, the
    official entry it belongs to."""
    if host.startswith("["):
        try:
            ip = str(ipaddress.IPv6Address(host[1:-1]))
        except ValueError:
            raise InputProblem("tautan.bad_host") from None
        return _Host(ascii=host, display=host, ip=ip)
    ascii_host = to_ascii(host)
    ip = ipv4(ascii_host)
    display, punycode_valid = to_unicode(ascii_host)
    if ip is not None:
        return _Host(ascii=ascii_host, display=display, ip=ip, punycode_valid=punycode_valid)
    if "." not in ascii_host:
        raise InputProblem("tautan.not_a_site")
    extracted = _EXTRACTOR.extract_str(ascii_host)
    suffix = extracted.suffix
    if extracted.domain and suffix:
        registered, subdomain = f"{extracted.domain}.{suffix}", extracted.subdomain
    else:  # the host is itself an ending ("go.id") or the ending is unknown
        labels = ascii_host.split(".")
        registered, subdomain = ".".join(labels[-2:]), ".".join(labels[:-2])
    return _Host(ascii=ascii_host, display=display, punycode_valid=punycode_valid, registered=registered,
                 subdomain=subdomain, suffix=suffix, registered_display=to_unicode(registered)[0],
                 subdomain_display=to_unicode(subdomain)[0] if subdomain else "",
                 official=_official_for(ascii_host, data))


def _scheme_findings(parts: LinkParts, host: _Host) -> list[Finding]:
    """What the part before the host says: the scheme, a user-info trick, backslashes, %-codes, the port."""
    if parts.scheme == "http":
        findings = [Finding(Level.CAUTION, "tautan.f_http")]
    elif parts.scheme == "https":
        findings = [Finding(Level.INFO, "tautan.f_https")]
    else:
        findings = [Finding(Level.INFO, "tautan.f_no_scheme")]
    if parts.userinfo is not None:  # everything before the last "@" is ignored by the browser
        before = parts.userinfo
        shown = before if len(before) <= 60 else before[:57] + "…"
        looks_like_site = "." in before and host.official is None
        findings.append(Finding(Level.DANGER if looks_like_site else Level.CAUTION,
                                "tautan.f_userinfo_site" if looks_like_site else "tautan.f_userinfo",
                                (("before", shown), ("host", host.display))))
    if parts.backslash:
        findings.append(Finding(Level.DANGER if parts.backslash == "host" else Level.CAUTION, "tautan.f_backslash"))
    if parts.percent_in_host:
        findings.append(Finding(Level.CAUTION, "tautan.f_percent_host"))
    if parts.port and int(parts.port) != WEB_SCHEMES.get(parts.scheme or "https"):
        findings.append(Finding(Level.CAUTION, "tautan.f_port", (("port", str(int(parts.port))),)))
    return findings


def _script_findings(host: _Host, data: TautanData) -> list[Finding]:
    """A host written with non-ASCII letters: said so, and "bahaya" when its letters imitate Latin ones."""
    if host.ascii == host.display and host.punycode_valid:
        return []
    findings = [Finding(Level.CAUTION, "tautan.f_punycode", (("ascii", host.ascii),))]
    labels = host.display.split(".")
    mixed = next((scripts for scripts in map(_scripts, labels) if len(scripts) > 1), None)
    if mixed:
        findings.append(Finding(Level.DANGER, "tautan.f_mixed_script",
                                (("scripts", ", ".join(name.title() for name in mixed)),)))
    else:
        disguised = next((script for script in (_disguised_as_latin(label, data) for label in labels) if script), None)
        if disguised:
            findings.append(Finding(Level.DANGER, "tautan.f_whole_script", (("scripts", disguised),)))
    return findings


def _unlisted_findings(host: _Host, data: TautanData) -> list[Finding]:
    """Signs in a host that is not on the official list: imitation, its ending, a shortener, a long chain."""
    findings = _lookalikes(host.display, host.registered_display, host.subdomain_display, host.suffix or "", data)
    tld = host.ascii.rsplit(".", 1)[-1]
    if not host.suffix:
        findings.append(Finding(Level.CAUTION, "tautan.f_unknown_tld", (("tld", tld),)))
    elif tld in data.unusual_tlds:
        findings.append(Finding(Level.CAUTION, "tautan.f_unusual_tld", (("tld", tld),)))
    if host.registered in data.shorteners or host.ascii in data.shorteners:
        findings.append(Finding(Level.CAUTION, "tautan.f_shortener", (("registered", host.registered),)))
    chain = [label for label in (host.subdomain or "").split(".") if label and label != "www"]
    if len(chain) >= LONG_SUBDOMAIN_CHAIN:
        findings.append(Finding(Level.CAUTION, "tautan.f_long_chain",
                                (("count", len(chain)), ("registered", host.registered_display))))
    return findings


def _host_findings(host: _Host, data: TautanData) -> list[Finding]:
    """What the host says: an IP address, letters from other alphabets, official or not (and how not)."""
    if host.ip is not None:
        return [Finding(Level.CAUTION, "tautan.f_ip", (("ip", host.ip),))]
    findings = _script_findings(host, data)
    if host.official is None:
        return findings + _unlisted_findings(host, data)
    official = host.official
    findings.append(Finding(Level.OK, "tautan.f_official", (("domain", official.domain), ("name", _name(official)),
                                                           ("basis", _basis(official, data)))))
    return findings


def _path_findings(parts: LinkParts, host: _Host, data: TautanData) -> list[Finding]:
    """Bait words and an official domain written in the rest of a link to an unlisted site."""
    if host.official is not None:
        return []
    findings = []
    bait = _bait_words(host.display, host.suffix or "", parts.rest, data)
    if bait:
        findings.append(Finding(Level.CAUTION, "tautan.f_bait", (("words", ", ".join(bait[:5])),)))
    in_path = next((o.domain for o in data.official
                    if not _is_public_suffix(o.domain) and o.domain in unquote(parts.rest).lower()), None)
    if in_path:
        findings.append(Finding(Level.CAUTION, "tautan.f_official_in_path",
                                (("official", in_path), ("registered", host.registered_display or host.ip))))
    return findings


def _verdict(findings: list[Finding], host: _Host) -> tuple[str, tuple[Finding, ...]]:
    """aman / waspada / bahaya from the findings (several warning signs together are "bahaya"), and the
    findings in the order the learner reads them: most serious first."""
    levels = [finding.level for finding in findings]
    warnings = levels.count(Level.CAUTION)
    findings = list(findings)
    if Level.DANGER in levels:
        verdict = "bahaya"
    elif warnings >= MANY_SIGNS:
        verdict = "bahaya"
        findings.append(Finding(Level.DANGER, "tautan.f_many_signs", (("count", warnings),)))
    elif warnings:
        verdict = "waspada"
    else:
        verdict = "aman"
        if host.official is None and host.ip is None:
            findings.append(Finding(Level.INFO, "tautan.f_not_listed", (("registered", host.registered_display),)))
        findings.append(Finding(Level.OK, "tautan.f_nothing_found"))
    # the "many signs" summary reads best after the signs it counts
    findings.sort(key=lambda f: 1.5 if f.key == "tautan.f_many_signs" else LEVEL_ORDER[f.level])
    return verdict, tuple(findings)


def _imitation(official: OfficialDomain, host_skeletons: dict[str, str], tokens: list[str], squashed: str,
               data: TautanData) -> tuple[str, tuple[tuple[str, object], ...]] | None:
    """How a host imitates one official site (a string key and its extra parameters), or None."""
    official_skel = skeleton(official.domain, data)
    if host_skeletons["registered"] == official_skel:
        return "tautan.f_lookalike_chars", ()
    if edit_distance(host_skeletons["registered"], official_skel) <= (1 if len(official_skel) <= 9 else 2):
        return "tautan.f_lookalike_edit", ()
    subdomain = host_skeletons["subdomain"]
    if subdomain and re.search(rf"(^|\.){re.escape(official_skel)}(\.|$)", subdomain):
        return "tautan.f_official_in_front", ()
    squashed_official = _squash(official_skel)
    if len(squashed_official) >= MIN_SQUASHED_MATCH + 1 and squashed_official in _squash(host_skeletons["host"]):
        return "tautan.f_imitates", ()
    for brand in official.brands:
        brand_skel = skeleton(brand, data)
        if (brand_skel in tokens
                or (len(brand_skel) >= MIN_SQUASHED_MATCH and brand_skel in squashed)
                or (len(brand_skel) >= MIN_SQUASHED_MATCH
                    and any(edit_distance(token, brand_skel, 1) <= 1 for token in tokens))):
            return "tautan.f_brand", (("brand", brand),)
    return None


def _lookalikes(host_display: str, registered: str, subdomain: str, suffix: str, data: TautanData) -> list[Finding]:
    """Ways a non-official host imitates an official one; at most one sentence per official site."""
    findings: list[Finding] = []
    named: set[str] = set()
    skeletons = {"registered": skeleton(registered, data), "subdomain": skeleton(subdomain, data),
                 "host": skeleton(host_display, data)}
    without_suffix = skeleton(_without_suffix(host_display, suffix), data)
    tokens = [token for token in re.split(r"[^a-z0-9]+", without_suffix) if token]
    squashed = _squash(without_suffix)
    for official in data.official:
        if _is_public_suffix(official.domain):
            continue
        imitation = _imitation(official, skeletons, tokens, squashed, data)
        if imitation and official.name["id"] not in named:
            named.add(official.name["id"])
            key, extra = imitation
            common = (("official", official.domain), ("name", _name(official)), ("registered", registered))
            findings.append(Finding(Level.DANGER, key, common + extra))
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
    parts = split_link(_validate(text))
    if parts.scheme in SCRIPT_SCHEMES:
        finding = Finding(Level.DANGER, "tautan.f_script_scheme", (("scheme", parts.scheme),))
        return LinkReport("bahaya", (finding,), parts.scheme, "", "", None, None)
    host = _host_parts(checked_host(parts), data)
    findings = _scheme_findings(parts, host) + _host_findings(host, data) + _path_findings(parts, host, data)
    verdict, findings = _verdict(findings, host)
    return LinkReport(verdict=verdict, findings=findings, scheme=parts.scheme, host=host.ascii,
                      host_display=host.display, registered_domain=host.registered_display, official=host.official)
