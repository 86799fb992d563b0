"""What an eavesdropper sees: one message, one way of sending it, three people looking.

Pure logic, no widgets. The ways of sending (plain web form, https, an encrypted archive with its password in the
same email or by phone, a personal chat), the samples and the verdicts live in ``data/encryption.yml``
(validated here with pydantic). Nothing is sent anywhere: ``send`` encrypts on this machine and reports who can
read what.

The encryption is real, from the ``cryptography`` package: AES-GCM with a fresh random 256-bit key for every
send (what https and chat apps do with keys they make themselves), and for an archive a key derived from a fresh
random password with PBKDF2 (what a password-protected archive does). Whoever holds the password gets the message
back by actually decrypting it, so the demo cannot claim more than the cipher does.

Who sees what follows from four switches of the data file:
- the network eavesdropper reads the message when nothing is encrypted; sees scrambled bytes when the connection
  or the file is encrypted; and opens an archive whose password travels, unencrypted, in the same message;
- someone who gets the phone or the account finds no copy when the message went through a web form; the message
  as it is when it sits in a chat or mailbox (encryption on the way does not cover what is stored); the locked
  archive when its password went another way; and the opened archive when the password sits next to it;
- the sender always sees the message: encryption does not protect a screen.
"""

from __future__ import annotations

import os
import re
import secrets
from dataclasses import dataclass
from enum import Enum
from typing import Literal

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC
from pydantic import Field, model_validator

from literasi.curriculum import Localized, Strict
from literasi.facts import Fact

from ..data_checks import DataFile, DataFileError
from ..problems import InputProblem, Level

DATA_NAME = "encryption.yml"
DATA_LABEL = f"widgets/data/{DATA_NAME}"
# A bound of this demo, not a rule: a message is a sentence or two, and a phone screen shows three copies of it.
MAX_LENGTH = 500
KEY_BITS = 256
NONCE_BYTES = 12  # AES-GCM's standard nonce
SALT_BYTES = 16
# PBKDF2 rounds for the archive password: enough to be a real key derivation, quick enough for a button press.
PBKDF2_ROUNDS = 100_000
PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/l/I to misread by phone
PASSWORD_GROUPS, PASSWORD_GROUP_LENGTH = 3, 4
NIK_LIKE = re.compile(r"(?<![0-9])[0-9]{16}(?![0-9])")
Id = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
FactIds = Field(min_length=1)


class DataError(DataFileError):
    """The demo's data file is missing or invalid; the message names the file and the field."""


class Sight(str, Enum):
    """What one person gets to see of the message."""

    PLAIN = "plain"  # the message as it is
    LOCKED = "locked"  # scrambled bytes only
    UNLOCKED = "unlocked"  # the encrypted message, opened with a password found next to it
    NO_COPY = "no_copy"  # nothing: no copy is where this person looks


class Sample(Strict):
    id: str = Id
    label: Localized
    text: Localized

    @model_validator(mode="after")
    def fits_the_demo(self) -> Sample:
        for lang in ("id", "en"):
            if len(self.text[lang]) > MAX_LENGTH:
                raise ValueError(f"text.{lang} is longer than the demo's {MAX_LENGTH} characters")
        return self


class Verdict(Strict):
    level: Literal["danger", "caution", "ok"]
    text: Localized
    facts: list[str] = FactIds

    @property
    def severity(self) -> Level:
        return Level(self.level)


class Channel(Strict):
    """One way of sending a message, described by what is encrypted and where copies and passwords go."""

    id: str = Id
    label: Localized
    transport_encrypted: bool
    file_encrypted: bool
    password: Literal["none", "same_message", "other_channel"]
    copy_in_inbox: bool
    network_note: Localized
    thief_note: Localized
    verdict: Verdict

    @model_validator(mode="after")
    def password_only_for_an_archive(self) -> Channel:
        if self.file_encrypted and self.password == "none":
            raise ValueError("an encrypted archive needs a password: same_message or other_channel")
        if not self.file_encrypted and self.password != "none":
            raise ValueError("password must be none when file_encrypted is false")
        return self


class CitedText(Strict):
    text: Localized
    facts: list[str] = FactIds


class EncryptionData(Strict):
    sources: dict[str, Fact]  # the file's fact ids, resolved in the facts registry by read_data_model
    samples: list[Sample] = Field(min_length=1)
    channels: list[Channel] = Field(min_length=2)
    nik_like: CitedText

    @model_validator(mode="after")
    def ids_unique_and_facts_listed(self) -> EncryptionData:
        for name, items in (("samples", self.samples), ("channels", self.channels)):
            ids = [item.id for item in items]
            repeated = sorted({item for item in ids if ids.count(item) > 1})
            if repeated:
                raise ValueError(f"{name}: ids repeat: {', '.join(repeated)}")
        cited = {fact for channel in self.channels for fact in channel.verdict.facts} | set(self.nik_like.facts)
        missing = sorted(cited - self.sources.keys())
        if missing:
            raise ValueError(f"cites {', '.join(missing)}, which the file's sources do not list")
        return self

    def channel(self, channel_id: str) -> Channel:
        for channel in self.channels:
            if channel.id == channel_id:
                return channel
        raise ValueError(f"no channel {channel_id!r} in {DATA_LABEL}")

    def sample(self, sample_id: str) -> Sample:
        for sample in self.samples:
            if sample.id == sample_id:
                return sample
        raise ValueError(f"no sample {sample_id!r} in {DATA_LABEL}")


DATA = DataFile(DATA_NAME, EncryptionData, DataError)
read_encryption_data = DATA.read  # a copy at a path (tests, checks); the packaged file when no path is given
load_encryption_data = DATA.load  # the packaged file, read once
check_data = DATA.problems  # for ``literasi check``


# --- The cipher ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Sealed:
    """A message encrypted with AES-GCM: what travels (nonce + ciphertext) and what opens it."""

    data: bytes  # nonce followed by the ciphertext (with its 16-byte tag)
    key: bytes
    password: str | None = None  # for an archive: the password the key was derived from
    salt: bytes = b""

    def hex_preview(self, limit: int = 64) -> str:
        """The scrambled bytes as an eavesdropper would copy them: hex, in groups of four, cut at ``limit``."""
        text = self.data.hex()
        cut = text[:limit]
        groups = " ".join(cut[start:start + 4] for start in range(0, len(cut), 4))
        return groups + (" …" if len(text) > limit else "")


def _derive_key(password: str, salt: bytes) -> bytes:
    kdf = PBKDF2HMAC(algorithm=hashes.SHA256(), length=KEY_BITS // 8, salt=salt, iterations=PBKDF2_ROUNDS)
    return kdf.derive(password.encode("utf-8"))


def new_password() -> str:
    """A fresh random password to read out by phone: three groups of four unambiguous characters."""
    return "-".join("".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(PASSWORD_GROUP_LENGTH))
                    for _ in range(PASSWORD_GROUPS))


def seal(message: str, password: str | None = None) -> Sealed:
    """Encrypt ``message`` with a fresh random key, or with a key derived from ``password`` (an archive)."""
    salt = os.urandom(SALT_BYTES) if password is not None else b""
    key = AESGCM.generate_key(bit_length=KEY_BITS) if password is None else _derive_key(password, salt)
    nonce = os.urandom(NONCE_BYTES)
    data = nonce + AESGCM(key).encrypt(nonce, message.encode("utf-8"), None)
    return Sealed(data=data, key=key, password=password, salt=salt)


def open_with_key(sealed: Sealed, key: bytes) -> str:
    """What holding ``key`` gives: the message back (raises cryptography's InvalidTag for a wrong key)."""
    nonce, ciphertext = sealed.data[:NONCE_BYTES], sealed.data[NONCE_BYTES:]
    return AESGCM(key).decrypt(nonce, ciphertext, None).decode("utf-8")


def open_with_password(sealed: Sealed, password: str) -> str:
    """What finding the archive's password gives: the key derived again, then the message."""
    return open_with_key(sealed, _derive_key(password, sealed.salt))


# --- One send ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class View:
    """What one person sees: how much (``sight``) and the text on their screen ("" when there is no copy)."""

    who: Literal["sender", "network", "thief"]
    sight: Sight
    shown: str
    note: Localized | None = None


@dataclass(frozen=True)
class Delivery:
    """One press of "send": the message, the way it went, the three views, the verdict and its notes."""

    message: str
    channel: Channel
    sealed: Sealed | None  # None when nothing was encrypted (a plain http form)
    sender: View
    network: View
    thief: View
    verdict: Verdict
    nik_like: CitedText | None  # the NIK sentence, when the message holds 16 digits in a row

    @property
    def views(self) -> tuple[View, View, View]:
        return (self.sender, self.network, self.thief)

    @property
    def facts(self) -> tuple[str, ...]:
        extra = self.nik_like.facts if self.nik_like else []
        return tuple(dict.fromkeys(self.verdict.facts + extra))


def clean_message(text: object) -> str:
    """The learner's message as the demo uses it, or an InputProblem: empty, or longer than the demo shows.
    Characters that cannot be written as UTF-8 (a lone surrogate from a broken paste) become "?"."""
    message = str(text if text is not None else "").encode("utf-8", errors="replace").decode("utf-8").strip()
    if not message:
        raise InputProblem("encryption.empty")
    if len(message) > MAX_LENGTH:
        raise InputProblem("encryption.too_long", length=len(message), limit=MAX_LENGTH)
    return message


def holds_nik_like_number(message: str) -> bool:
    return NIK_LIKE.search(message) is not None


def _network_view(channel: Channel, message: str, sealed: Sealed | None) -> View:
    if channel.file_encrypted:
        if channel.password == "same_message" and not channel.transport_encrypted:
            return View("network", Sight.UNLOCKED, open_with_password(sealed, sealed.password), channel.network_note)
        return View("network", Sight.LOCKED, sealed.hex_preview(), channel.network_note)
    if channel.transport_encrypted:
        return View("network", Sight.LOCKED, sealed.hex_preview(), channel.network_note)
    return View("network", Sight.PLAIN, message, channel.network_note)


def _thief_view(channel: Channel, message: str, sealed: Sealed | None) -> View:
    if not channel.copy_in_inbox:
        return View("thief", Sight.NO_COPY, "", channel.thief_note)
    if channel.file_encrypted:
        if channel.password == "same_message":
            return View("thief", Sight.UNLOCKED, open_with_password(sealed, sealed.password), channel.thief_note)
        return View("thief", Sight.LOCKED, sealed.hex_preview(), channel.thief_note)
    return View("thief", Sight.PLAIN, message, channel.thief_note)


def send(text: object, channel_id: str) -> Delivery:
    """Send ``text`` the ``channel_id`` way (on this machine only): a fresh key or password every call.
    Raises InputProblem for a message the learner must fix; ValueError for a channel the data file lacks."""
    data = load_encryption_data()
    channel = data.channel(channel_id)
    message = clean_message(text)
    sealed = None
    if channel.file_encrypted:
        sealed = seal(message, new_password())
    elif channel.transport_encrypted:
        sealed = seal(message)
    return Delivery(
        message=message, channel=channel, sealed=sealed,
        sender=View("sender", Sight.PLAIN, message),
        network=_network_view(channel, message, sealed),
        thief=_thief_view(channel, message, sealed),
        verdict=channel.verdict,
        nik_like=data.nik_like if holds_nik_like_number(message) else None,
    )
