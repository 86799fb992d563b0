"""Reading the text inside a QRIS sticker: tag-length-value parsing, the CRC check, and what a buyer should notice.

Pure logic, no widgets. A QRIS code follows the EMVCo merchant-presented QR format (F-QRIS-01): a run of
fields, each written as a two-digit tag, a two-digit length and that many characters. Tag 63 closes
the code with a CRC-16/CCITT-FALSE checksum over everything before its four hex digits (the "6304"
included). A wrong checksum means the text was mistyped or altered after the code was made.

We parse the text ourselves rather than depend on a QRIS package: the format is a few dozen lines of
rules, the one pure-Python parser on PyPI is a single alpha release without a maintenance record,
and the learner-facing checks (plain sentences in two languages, the swapped-sticker comparison) would
have to be written here in any case. Nothing is decoded from images: the learner pastes text.

Two ways to read a code. A buyer (the default) checks a sticker before paying: the findings say "do not pay,
ask the seller". A merchant checks their own sticker after printing (``own_sticker=True``): they also know the
national merchant number (NMID) their payment provider gave them at registration (F-QRIS-15), so a different
NMID becomes a finding, and the findings say "do not display it, contact your provider".

The sample payloads (``data/stiker_contoh.yml``) are made by the project, with fictional merchants and
fictional merchant numbers.
"""

from __future__ import annotations

import binascii
import dataclasses
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import Enum
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator

from literasi.curriculum import FactId, Localized, Strict
from literasi.facts import Fact
from literasi.i18n import t

from ..data_checks import DataFileError, data_path, read_data_model, read_problems
from ..money import format_rupiah
from ..problems import Finding, InputProblem, Level
from ..qris.core import load_qris_rules

DATA_FILE = "stiker_contoh.yml"

# Sanity bound of this checker, not a QRIS rule: text longer than this is not one payment code.
MAX_PAYLOAD_CHARS = 512
# Longest expected shop name the learner may type; anything longer is a paste gone wrong.
MAX_EXPECTED_NAME_CHARS = 100
# Longest NMID the learner may type (spaces and dashes left out). Sanity bound of this checker, not a QRIS rule:
# an NMID is far shorter, so anything longer is a paste gone wrong.
MAX_EXPECTED_NMID_CHARS = 30

FORMAT_PREFIX = "000201"  # tag 00, length 02, payload format "01"
TAG_FORMAT, TAG_INITIATION, TAG_MCC, TAG_CURRENCY, TAG_AMOUNT = "00", "01", "52", "53", "54"
TAG_COUNTRY, TAG_NAME, TAG_CITY, TAG_POSTAL, TAG_ADDITIONAL, TAG_CRC = "58", "59", "60", "61", "62", "63"
INITIATION_STATIC, INITIATION_DYNAMIC = "11", "12"
CURRENCY_RUPIAH, COUNTRY_INDONESIA = "360", "ID"
NATIONAL_GUI = "ID.CO.QRIS.WWW"  # globally unique identifier of QRIS's national merchant template
SUB_GUI, SUB_NMID = "00", "02"
REQUIRED_TAGS = (TAG_INITIATION, TAG_MCC, TAG_CURRENCY, TAG_COUNTRY, TAG_NAME, TAG_CITY)
# Tags whose value is itself tag-length-value text: merchant account templates, additional data,
# the alternate-language template.
NESTED_TAGS = frozenset({f"{n:02d}" for n in range(26, 52)} | {TAG_ADDITIONAL, "64"})
AMOUNT_PATTERN = re.compile(r"[0-9]{1,10}(\.[0-9]{1,2})?")
HEX4 = re.compile(r"[0-9A-Fa-f]{4}")
NMID_TEXT = re.compile(r"[0-9A-Z]+")


def crc16_ccitt_false(text: str) -> str:
    """CRC-16/CCITT-FALSE (polynomial 0x1021, start 0xFFFF) of the UTF-8 text, as four uppercase hex digits."""
    # binascii.crc_hqx is exactly this CRC when seeded with 0xFFFF. surrogatepass: a stray surrogate
    # in pasted text must give a (wrong) checksum, not an exception.
    return format(binascii.crc_hqx(text.encode("utf-8", "surrogatepass"), 0xFFFF), "04X")


def tag_name(tag: str, lang: str) -> str:
    """A field's name for a sentence: "nama merchant (bagian 59)"."""
    if "26" <= tag <= "51":
        return t("stiker.tag_account", lang, tag=tag)
    key = f"stiker.tag_{tag}"
    try:
        return t(key, lang, tag=tag)
    except KeyError:
        return t("stiker.tag_other", lang, tag=tag)


def decode_fields(text: str, *, parent: str | None = None) -> list[tuple[str, str]]:
    """Split tag-length-value text into ``(tag, value)`` pairs; lengths count characters.

    Raises InputProblem naming where the text breaks; ``parent`` is the template being read, if any.
    """
    fields: list[tuple[str, str]] = []
    position = 0
    while position < len(text):
        tag, length = text[position:position + 2], text[position + 2:position + 4]
        broken = position + 4 > len(text) or not _two_digits(tag) or not _two_digits(length)
        if broken and parent is not None:
            raise InputProblem("stiker.bad_template", part=_part(parent))
        if position + 4 > len(text):
            raise InputProblem("stiker.truncated_end")
        if not _two_digits(tag):
            raise InputProblem("stiker.bad_tag", position=position + 1)
        if not _two_digits(length):
            raise InputProblem("stiker.bad_length", part=_part(tag))
        start, declared = position + 4, int(length)
        if start + declared > len(text):
            if parent is not None:
                raise InputProblem("stiker.bad_template", part=_part(parent))
            raise InputProblem("stiker.truncated", part=_part(tag), declared=declared, remaining=len(text) - start)
        fields.append((tag, text[start:start + declared]))
        position = start + declared
    return fields


def _two_digits(text: str) -> bool:
    return len(text) == 2 and text.isascii() and text.isdigit()


def _part(tag: str):
    return lambda lang: tag_name(tag, lang)


class NameMatch(Enum):
    SAME = "same"
    CONTAINED = "contained"  # one name holds the other as whole words, or the code's name is cut short
    DIFFERENT = "different"


def normalise_name(name: str) -> str:
    """Letters and digits only, lower case, single spaces: how two shop names are compared."""
    folded = unicodedata.normalize("NFKC", name).casefold()
    return " ".join("".join(c if c.isalnum() else " " for c in folded).split())


def compare_names(in_code: str, expected: str) -> NameMatch:
    code, wanted = normalise_name(in_code), normalise_name(expected)
    if code == wanted or code.replace(" ", "") == wanted.replace(" ", ""):
        return NameMatch.SAME
    if code and wanted and (f" {wanted} " in f" {code} " or f" {code} " in f" {wanted} "):
        return NameMatch.CONTAINED
    # A merchant name longer than the field allows is cut; "WARUNG SAMBAL BU SAR" still matches.
    if len(code) >= 15 and wanted.startswith(code):
        return NameMatch.CONTAINED
    return NameMatch.DIFFERENT


def normalise_nmid(text: str) -> str:
    """An NMID as compared: spaces and dashes left out, upper case (``id 0000-0000 00001`` reads as
    ``ID000000000001``)."""
    return "".join(unicodedata.normalize("NFKC", str(text)).split()).replace("-", "").upper()


@dataclass(frozen=True)
class StickerCheck:
    """What the pasted code says, and whether it can be trusted."""

    merchant_name: str
    city: str
    postal_code: str | None
    nmid: str | None
    dynamic: bool
    amount: Decimal | None
    crc_in_code: str
    crc_computed: str
    name_match: NameMatch | None  # None when the learner typed no expected name
    findings: tuple[Finding, ...]
    # Whether the code's NMID is the one the merchant was given; None when no NMID was typed or the code has none.
    nmid_match: bool | None = None

    @property
    def crc_ok(self) -> bool:
        return self.crc_in_code.upper() == self.crc_computed

    @property
    def has_danger(self) -> bool:
        return any(finding.level is Level.DANGER for finding in self.findings)


def format_amount(amount: Decimal, lang: str) -> str:
    if amount == amount.to_integral_value():
        return format_rupiah(amount, lang)
    whole = format_rupiah(amount.to_integral_value(rounding="ROUND_FLOOR"), lang)
    cents = f"{amount - amount.to_integral_value(rounding='ROUND_FLOOR'):.2f}"[2:]
    return t("stiker.amount_with_cents", lang, whole=whole, cents=cents)


def check_sticker(payload: str, expected_name: str = "", expected_nmid: str = "", *,
                  own_sticker: bool = False) -> StickerCheck:
    """Parse a pasted QRIS payload and list what a buyer (or, with ``own_sticker``, the merchant checking
    their own printed sticker) should notice.

    ``expected_nmid`` is the NMID the merchant's provider gave them: only the merchant knows it, so it is
    compared only with ``own_sticker=True``.

    Raises InputProblem for text that is not a readable QRIS code (empty, cut short, wrong lengths,
    another country's or a non-payment QR code), or for a typed NMID that cannot be one. A wrong checksum
    is not an exception: the learner sees what the code claims, with a warning that it was altered.
    """
    if str(expected_nmid).strip() and not own_sticker:
        raise ValueError("expected_nmid is the merchant's own number: pass own_sticker=True")
    wanted_nmid = _validated_nmid(expected_nmid)
    text, expected = _validated_text(payload, expected_name)
    fields = _fields(text)
    values = dict(fields)
    nested = {tag: decode_fields(value, parent=tag) for tag, value in fields if tag in NESTED_TAGS}
    name, city = _merchant(values)
    name_match = compare_names(name, expected) if expected else None
    nmid = _nmid(nested)
    check = StickerCheck(
        merchant_name=name, city=city, postal_code=values.get(TAG_POSTAL), nmid=nmid,
        dynamic=values[TAG_INITIATION] == INITIATION_DYNAMIC, amount=_amount(values), crc_in_code=values[TAG_CRC],
        crc_computed=crc16_ccitt_false(text[:-4]), name_match=name_match, findings=(),
        nmid_match=normalise_nmid(nmid) == wanted_nmid if nmid and wanted_nmid else None,
    )
    findings = _findings(check, expected)
    if own_sticker:
        findings = _for_the_owner(check, findings, wanted_nmid)
    return dataclasses.replace(check, findings=findings)


def _validated_nmid(expected_nmid: str) -> str:
    """The NMID the merchant typed, normalised; InputProblem for text that cannot be one."""
    nmid = normalise_nmid(expected_nmid)
    if len(nmid) > MAX_EXPECTED_NMID_CHARS:
        raise InputProblem("stiker.own_nmid_too_long", limit=MAX_EXPECTED_NMID_CHARS)
    if nmid and not NMID_TEXT.fullmatch(nmid):
        raise InputProblem("stiker.own_nmid_not_text")
    return nmid


def _validated_text(payload: str, expected_name: str) -> tuple[str, str]:
    """The pasted code and the expected shop name, stripped; InputProblem for text that cannot be a
    payment code at all (or a name no one types)."""
    text = str(payload).strip()
    expected = str(expected_name).strip()
    if len(expected) > MAX_EXPECTED_NAME_CHARS:
        raise InputProblem("stiker.expected_too_long", limit=MAX_EXPECTED_NAME_CHARS)
    if not text:
        raise InputProblem("stiker.empty")
    if len(text) > MAX_PAYLOAD_CHARS:
        raise InputProblem("stiker.too_long", limit=MAX_PAYLOAD_CHARS)
    if re.match(r"(?i)(https?://|www\.)", text):
        raise InputProblem("stiker.is_link")
    if not text.startswith(FORMAT_PREFIX):
        raise InputProblem("stiker.not_payment_code")
    return text, expected


def _fields(text: str) -> list[tuple[str, str]]:
    """The code's top-level fields: each tag once, the checksum (tag 63, four hex digits) last."""
    fields = decode_fields(text)
    seen: set[str] = set()
    for tag, _value in fields:
        if tag in seen:
            raise InputProblem("stiker.duplicate", part=_part(tag))
        seen.add(tag)
    last_tag, crc_value = fields[-1]
    if TAG_CRC not in seen:
        raise InputProblem("stiker.crc_missing")
    if last_tag != TAG_CRC:
        raise InputProblem("stiker.crc_not_last")
    if not HEX4.fullmatch(crc_value):
        raise InputProblem("stiker.crc_malformed")
    return fields


def _merchant(values: dict[str, str]) -> tuple[str, str]:
    """The merchant's name and city, once every required field is there and the code is a rupiah payment
    code from Indonesia."""
    for required in REQUIRED_TAGS:
        if required not in values:
            raise InputProblem("stiker.missing", part=_part(required))
    if values[TAG_COUNTRY] != COUNTRY_INDONESIA:
        raise InputProblem("stiker.not_indonesian", country=values[TAG_COUNTRY][:2])
    if values[TAG_CURRENCY] != CURRENCY_RUPIAH:
        raise InputProblem("stiker.not_rupiah", currency=values[TAG_CURRENCY][:3])
    initiation = values[TAG_INITIATION]
    if initiation not in (INITIATION_STATIC, INITIATION_DYNAMIC):
        raise InputProblem("stiker.bad_initiation", value=initiation[:2])
    name, city = values[TAG_NAME].strip(), values[TAG_CITY].strip()
    if not name:
        raise InputProblem("stiker.missing", part=_part(TAG_NAME))
    if not city:
        raise InputProblem("stiker.missing", part=_part(TAG_CITY))
    return name, city


def _amount(values: dict[str, str]) -> Decimal | None:
    """The amount a dynamic code asks for (tag 54), if any: a plain positive decimal."""
    if TAG_AMOUNT not in values:
        return None
    if not AMOUNT_PATTERN.fullmatch(values[TAG_AMOUNT]):
        raise InputProblem("stiker.bad_amount")
    try:
        amount = Decimal(values[TAG_AMOUNT])
    except InvalidOperation:  # pragma: no cover - the pattern admits only plain decimals
        raise InputProblem("stiker.bad_amount") from None
    if amount <= 0:
        raise InputProblem("stiker.bad_amount")
    return amount


def _nmid(nested: dict[str, list[tuple[str, str]]]) -> str | None:
    """The national merchant number: sub-field 02 of the merchant account template under QRIS's own
    identifier (ID.CO.QRIS.WWW)."""
    accounts = (dict(pairs) for tag, pairs in nested.items() if "26" <= tag <= "51")
    return next((sub.get(SUB_NMID) for sub in accounts if sub.get(SUB_GUI, "").upper() == NATIONAL_GUI), None)


def _findings(check: StickerCheck, expected: str) -> tuple[Finding, ...]:
    """What a buyer should notice, most telling first: an altered code, the name against the shop they
    expect, no national merchant number, a dynamic code, an amount over the QRIS limit."""
    findings: list[Finding] = []
    name = check.merchant_name
    names = (("name", name), ("expected", expected))
    if not check.crc_ok:
        findings.append(Finding(Level.DANGER, "stiker.finding_crc"))
    if check.name_match is NameMatch.DIFFERENT:
        findings.append(Finding(Level.DANGER, "stiker.finding_name_different", names))
    elif check.name_match is NameMatch.CONTAINED:
        findings.append(Finding(Level.CAUTION, "stiker.finding_name_contained", names))
    elif check.name_match is NameMatch.SAME and not check.crc_ok:
        # A matching name inside an altered code proves nothing: the name may be what was changed.
        findings.append(Finding(Level.CAUTION, "stiker.finding_name_same_altered", (("name", name),)))
    elif check.name_match is NameMatch.SAME:
        findings.append(Finding(Level.OK, "stiker.finding_name_same", (("name", name),)))
    if not check.nmid:
        findings.append(Finding(Level.CAUTION, "stiker.finding_no_nmid"))
    if check.dynamic:
        findings.append(Finding(Level.INFO, "stiker.finding_dynamic"))
    limit = load_qris_rules().max_per_transaction
    if check.amount is not None and check.amount > limit:
        findings.append(Finding(Level.CAUTION, "stiker.finding_over_limit",
                                (("limit", lambda lang: format_rupiah(limit, lang)),)))
    return tuple(findings)


# A buyer's finding → the merchant's own-sticker wording of the same finding ("do not display it, contact your
# provider" instead of "do not pay, ask the seller"). Findings not listed read the same for both.
OWN_STICKER_KEYS = {
    "stiker.finding_crc": "stiker.own_crc",
    "stiker.finding_name_different": "stiker.own_name_different",
    "stiker.finding_name_contained": "stiker.own_name_contained",
    "stiker.finding_name_same": "stiker.own_name_same",
    "stiker.finding_name_same_altered": "stiker.own_name_same_altered",
    "stiker.finding_no_nmid": "stiker.own_no_nmid",
    "stiker.finding_dynamic": "stiker.own_dynamic",
}


def _for_the_owner(check: StickerCheck, findings: tuple[Finding, ...], wanted_nmid: str) -> tuple[Finding, ...]:
    """The findings reworded for a merchant checking their own sticker, with the NMID comparison after the
    name's: a different NMID means the code pays another merchant, even under the same name."""
    reworded = [dataclasses.replace(finding, key=OWN_STICKER_KEYS.get(finding.key, finding.key))
                for finding in findings]
    if check.nmid_match is None:
        return tuple(reworded)
    nmid = (("nmid", check.nmid),)
    if check.nmid_match is False:
        # The typed NMID is shown as normalised, so "id 0000…" reads as the code would write it.
        nmid_finding = Finding(Level.DANGER, "stiker.own_nmid_different", nmid + (("expected", wanted_nmid),))
    elif not check.crc_ok:
        nmid_finding = Finding(Level.CAUTION, "stiker.own_nmid_same_altered", nmid)
    else:
        nmid_finding = Finding(Level.OK, "stiker.own_nmid_same", nmid)
    after_name = sum(1 for finding in findings
                     if finding.key == "stiker.finding_crc" or finding.key.startswith("stiker.finding_name"))
    return tuple(reworded[:after_name] + [nmid_finding] + reworded[after_name:])


# ---------------------------------------------------------------------------------------------------
# Sample stickers for the "coba contoh" list


class StikerDataError(DataFileError):
    """The sample file is broken; the message names the file and the field."""


Reader = Literal["buyer", "owner"]


class Sample(Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    label: Localized
    payload: str = Field(min_length=1)
    expected_name: str = ""
    # The NMID the merchant was given, filled in when the sample is picked in the own-sticker checker.
    expected_nmid: str = Field(default="", pattern=r"^[0-9A-Z]*$", max_length=MAX_EXPECTED_NMID_CHARS)
    # What the checker must say about it; "other_nmid": the same name, another merchant's NMID.
    expect: Literal["valid", "checksum", "other_merchant", "other_nmid"]
    # Who gets it in the sample list: the buyer's checker, the merchant's own-sticker checker, or both.
    shown_to: tuple[Reader, ...] = Field(default=("buyer", "owner"), min_length=1)

    @model_validator(mode="after")
    def nmid_for_an_nmid_sample(self) -> Sample:
        if self.expect == "other_nmid" and not self.expected_nmid:
            raise ValueError("expect: other_nmid needs the merchant's expected_nmid")
        return self


class StikerData(Strict):
    """``stiker_contoh.yml``: the samples of the "coba contoh" list."""

    sources: dict[str, Fact]  # the file's fact ids, resolved in the facts registry by read_data_model
    facts: tuple[FactId, ...]  # what the checker teaches rests on these
    samples: tuple[Sample, ...] = Field(min_length=1)

    def samples_for(self, reader: Reader) -> tuple[Sample, ...]:
        """The samples the buyer's checker (``"buyer"``) or the own-sticker checker (``"owner"``) lists."""
        return tuple(sample for sample in self.samples if reader in sample.shown_to)

    @model_validator(mode="after")
    def consistent(self) -> StikerData:
        missing = sorted(set(self.facts) - self.sources.keys())
        if missing:
            raise ValueError(f"facts: cites {', '.join(missing)}, which the file's sources do not list")
        ids = [sample.id for sample in self.samples]
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        if repeated:
            raise ValueError(f"samples: ids repeat: {repeated}")
        for reader in ("buyer", "owner"):
            if not self.samples_for(reader):
                raise ValueError(f"samples: none is shown_to {reader}")
        return self


def read_stiker_data(folder: Path | None = None) -> StikerData:
    """Parse and validate the samples (from ``folder``, or the installed package); each must show the
    learner what its label promises."""
    where = f"widgets/data/{DATA_FILE}"
    data = read_data_model(data_path(DATA_FILE, folder), StikerData, where, StikerDataError)
    for index, sample in enumerate(data.samples):
        problem = _sample_problem(sample)
        if problem:
            raise StikerDataError(f"{where}: samples[{index}]: sample {sample.id!r}: {problem}")
    return data


def _sample_problem(sample: Sample) -> str | None:
    """Each sample must show the learner what its label promises, in each checker that lists it."""
    try:
        result = check_sticker(sample.payload, sample.expected_name, sample.expected_nmid,
                               own_sticker=bool(sample.expected_nmid))
    except InputProblem as problem:
        return f"the checker cannot read it ({problem.message('en')})"
    wants_crc_ok = sample.expect != "checksum"
    if result.crc_ok != wants_crc_ok:
        return f"expected a {'valid' if wants_crc_ok else 'wrong'} checksum, the code has {result.crc_in_code}"
    wants_other = sample.expect == "other_merchant"
    if (result.name_match is NameMatch.DIFFERENT) != wants_other:
        return f"expected name {sample.expected_name!r} {'not ' if not wants_other else ''}to differ from {result.merchant_name!r}"
    if sample.expect == "other_nmid" and result.nmid_match is not False:
        return f"expected the code's NMID {result.nmid!r} to differ from expected_nmid {sample.expected_nmid!r}"
    if sample.expect == "valid" and result.nmid_match is False:
        return f"expected the code's NMID {result.nmid!r} to be expected_nmid {sample.expected_nmid!r}"
    return None


@lru_cache(maxsize=1)
def load_stiker_data() -> StikerData:
    return read_stiker_data()


def check_data(folder: Path | None = None) -> list[str]:
    """Problems in data/stiker_contoh.yml, for ``literasi check``."""
    return read_problems(lambda: read_stiker_data(folder))
