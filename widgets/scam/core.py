"""Scam message simulator: the scenarios, the learner's choices, the feedback and the running score.

Pure logic, no widgets. Scenarios, choices, verdicts and the real report channels live in
``data/penipuan_skenario.yml`` (validated here with pydantic); the widget only displays them.
"""

from __future__ import annotations

import datetime as dt
import string
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Literal, get_args

from babel.dates import format_time
from pydantic import Field, model_validator

from literasi.curriculum import FactId, Localized, Strict
from literasi.facts import Fact
from literasi.i18n import check_lang

from ..data_checks import DataFileError, data_path, read_data_model, read_problems
from ..money import format_rupiah, locale_for
from ..problems import InputProblem

DATA_NAME = "penipuan_skenario.yml"
DATA_LABEL = f"widgets/data/{DATA_NAME}"

Verdict = Literal["aman", "berisiko", "bahaya"]
App = Literal["whatsapp", "sms", "payment"]
# A lesson can show one topic's scenarios only: ScamMessageSimulator(topic="judol-pinjol"). Without a topic, the
# simulator shows every scenario in file order. "umum" is the general set (links, APKs, OTPs, receipts, QRIS).
Topic = Literal["umum", "judol-pinjol"]
TOPICS: tuple[str, ...] = get_args(Topic)
Id = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")


class ScamDataError(DataFileError):
    """The scenario file is missing or invalid; the message names the file and the field."""


def _text(value: str | Localized, lang: str) -> str:
    return value if isinstance(value, str) else value[lang]


class Channel(Strict):
    """A real place to report a scam, with when it is the right one."""

    id: str = Id
    name: Localized
    address: str | Localized
    when: Localized
    facts: list[FactId] = Field(min_length=1)


class Receipt(Strict):
    bank: str = Field(min_length=1)
    amount: str = Field(min_length=1)  # a key of the scenario's amounts
    to: str = Field(min_length=1)
    reference: str = Field(min_length=1)


class Payment(Strict):
    merchant: str = Field(min_length=1)
    amount: str = Field(min_length=1)  # a key of the scenario's amounts


class Message(Strict):
    """One thing on the phone screen: a text bubble, a file, a notification, a receipt or a payment screen."""

    time: str | None = Field(default=None, pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$")
    text: Localized | None = None
    file: str | None = Field(default=None, min_length=1)
    notice: Localized | None = None
    receipt: Receipt | None = None
    payment: Payment | None = None

    @model_validator(mode="after")
    def exactly_one_kind(self) -> Message:
        kinds = [name for name in ("text", "file", "notice", "receipt", "payment") if getattr(self, name) is not None]
        if len(kinds) != 1:
            raise ValueError(f"a message has exactly one of text, file, notice, receipt, payment (found {kinds or 'none'})")
        return self

    @property
    def kind(self) -> str:
        return next(name for name in ("text", "file", "notice", "receipt", "payment") if getattr(self, name) is not None)


class Choice(Strict):
    id: str = Id
    label: Localized
    verdict: Verdict
    feedback: Localized


class Scenario(Strict):
    id: str = Id
    title: Localized
    topic: Topic = "umum"
    app: App
    sender: str | Localized  # a display name, or the number itself
    number: str | None = Field(default=None, min_length=1)  # shown under a display name
    saved: bool  # whether the sender is a saved contact (an unsaved number is shown as such)
    intro: Localized
    messages: list[Message] = Field(min_length=1)
    amounts: dict[str, int] = {}
    choices: list[Choice] = Field(min_length=3, max_length=4)
    next_steps: list[Localized] = Field(min_length=1)
    report: list[str] = Field(min_length=1)
    facts: list[FactId] = Field(min_length=1)

    @model_validator(mode="after")
    def consistent(self) -> Scenario:
        ids = [choice.id for choice in self.choices]
        if len(set(ids)) != len(ids):
            raise ValueError(f"choice ids repeat: {ids}")
        if not any(choice.verdict == "aman" for choice in self.choices):
            raise ValueError("no choice has verdict 'aman': the learner must be able to find a safe action")
        if not any(choice.verdict != "aman" for choice in self.choices):
            raise ValueError("every choice is 'aman': a scenario needs at least one risky action to learn from")
        for name, amount in self.amounts.items():
            if amount <= 0:
                raise ValueError(f"amounts.{name} must be a positive number of rupiah")
        used: set[str] = set()
        for lang in ("id", "en"):
            for text in self._texts(lang):
                try:
                    used |= {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
                except ValueError as error:
                    raise ValueError(f"bad braces in {text[:40]!r}: {error}") from None
        used |= {m.receipt.amount for m in self.messages if m.receipt} | {m.payment.amount for m in self.messages if m.payment}
        if used - self.amounts.keys():
            raise ValueError(f"texts use amounts that are not defined: {sorted(used - self.amounts.keys())}")
        if self.amounts.keys() - used:
            raise ValueError(f"amounts defined but never shown: {sorted(self.amounts.keys() - used)}")
        return self

    def _texts(self, lang: str) -> list[str]:
        texts = [self.intro[lang], *(step[lang] for step in self.next_steps)]
        texts += [m.text[lang] for m in self.messages if m.text] + [m.notice[lang] for m in self.messages if m.notice]
        texts += [c.label[lang] for c in self.choices] + [c.feedback[lang] for c in self.choices]
        return texts

    def fill(self, value: str | Localized, lang: str) -> str:
        """A text of this scenario in ``lang``, with its amounts written as rupiah for that language."""
        amounts = {name: format_rupiah(amount, lang) for name, amount in self.amounts.items()}
        return _text(value, lang).format_map(amounts)

    def amount(self, name: str, lang: str) -> str:
        return format_rupiah(self.amounts[name], lang)

    def choice(self, choice_id: str) -> Choice:
        for choice in self.choices:
            if choice.id == choice_id:
                return choice
        raise InputProblem("penipuan.unknown_choice")


class ScamData(Strict):
    sources: dict[str, Fact]  # the file's fact ids, resolved in the facts registry by read_data_model
    channels: list[Channel] = Field(min_length=1)
    scenarios: list[Scenario] = Field(min_length=1)

    @model_validator(mode="after")
    def references_resolve(self) -> ScamData:
        channel_ids = [channel.id for channel in self.channels]
        scenario_ids = [scenario.id for scenario in self.scenarios]
        for kind, ids in (("channels", channel_ids), ("scenarios", scenario_ids)):
            if len(set(ids)) != len(ids):
                raise ValueError(f"{kind}: ids repeat: {sorted({i for i in ids if ids.count(i) > 1})}")
        for index, scenario in enumerate(self.scenarios):
            unknown = [channel for channel in scenario.report if channel not in channel_ids]
            if unknown:
                raise ValueError(f"scenarios[{index}].report: scenario {scenario.id!r} reports to unknown channels "
                                 f"{unknown}")
        cited = [(f"channels[{index}].facts", channel.facts) for index, channel in enumerate(self.channels)]
        cited += [(f"scenarios[{index}].facts", scenario.facts) for index, scenario in enumerate(self.scenarios)]
        for where, facts in cited:
            missing = sorted(set(facts) - self.sources.keys())
            if missing:
                raise ValueError(f"{where}: cites {', '.join(missing)}, which the file's sources do not list")
        return self

    def channel(self, channel_id: str) -> Channel:
        return next(channel for channel in self.channels if channel.id == channel_id)

    def scenario(self, scenario_id: str) -> Scenario:
        for scenario in self.scenarios:
            if scenario.id == scenario_id:
                return scenario
        raise InputProblem("penipuan.unknown_scenario")

    def scenarios_about(self, topic: str | None) -> tuple[Scenario, ...]:
        """The scenarios of one topic in file order (every scenario when ``topic`` is None)."""
        if topic is None:
            return tuple(self.scenarios)
        chosen = tuple(scenario for scenario in self.scenarios if scenario.topic == topic)
        if not chosen:
            raise InputProblem("penipuan.unknown_topic", topics=", ".join(TOPICS))
        return chosen


def read_scam_data(folder: Path | None = None) -> ScamData:
    """Parse and validate the scenario file (from ``folder``, or the installed package); raises ScamDataError
    naming the file and each bad field."""
    return read_data_model(data_path(DATA_NAME, folder), ScamData, DATA_LABEL, ScamDataError)


@lru_cache(maxsize=1)
def load_scam_data() -> ScamData:
    return read_scam_data()


def check_data(folder: Path | None = None) -> list[str]:
    """Problems in data/penipuan_skenario.yml (or its copy in ``folder``), for ``literasi check``."""
    return read_problems(lambda: read_scam_data(folder))


@dataclass(frozen=True)
class Feedback:
    """What the learner sees after picking an action: why, what to do next, where to report, the sources."""

    scenario: Scenario
    choice: Choice
    why: str
    next_steps: tuple[str, ...]
    channels: tuple[Channel, ...]
    sources: tuple[Fact, ...]  # the facts behind this feedback, from the registry
    first_try: bool  # this was the learner's first pick in this scenario (it counts for the score)


@dataclass(frozen=True)
class Score:
    safe: int  # scenarios whose first pick was safe
    answered: int
    total: int


@dataclass
class ScamSession:
    """One learner's walk through the scenarios: where they are, what they picked first and last.

    ``topic`` keeps the walk to one topic's scenarios (None: all of them). Kept only in memory for the widget's
    lifetime; nothing is stored or sent.
    """

    lang: str = "id"
    data: ScamData = field(default_factory=load_scam_data)
    topic: str | None = None
    index: int = 0
    first_picks: dict[str, str] = field(default_factory=dict)
    last_picks: dict[str, str] = field(default_factory=dict)
    scenarios: tuple[Scenario, ...] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        check_lang(self.lang)
        self.scenarios = self.data.scenarios_about(None if self.topic is None else str(self.topic))

    @property
    def scenario(self) -> Scenario:
        return self.scenarios[self.index]

    @property
    def total(self) -> int:
        return len(self.scenarios)

    def go_next(self) -> Scenario:
        self.index = min(self.index + 1, self.total - 1)
        return self.scenario

    def go_previous(self) -> Scenario:
        self.index = max(self.index - 1, 0)
        return self.scenario

    def go_to(self, scenario_id: str) -> Scenario:
        scenario = self.data.scenario(scenario_id)
        if scenario not in self.scenarios:
            raise InputProblem("penipuan.unknown_scenario")
        self.index = self.scenarios.index(scenario)
        return self.scenario

    def pick(self, choice_id: str) -> Feedback:
        """The learner picks an action in the current scenario; the first pick counts for the score."""
        scenario = self.scenario
        choice = scenario.choice(str(choice_id))
        first_try = scenario.id not in self.first_picks
        self.first_picks.setdefault(scenario.id, choice.id)
        self.last_picks[scenario.id] = choice.id
        return feedback_for(scenario, choice, self.data, self.lang, first_try=first_try)

    def review(self, choice_id: str) -> Feedback:
        """The feedback for a pick already made in the current scenario, without counting it again."""
        scenario = self.scenario
        return feedback_for(scenario, scenario.choice(str(choice_id)), self.data, self.lang, first_try=False)

    def last_pick(self) -> str | None:
        return self.last_picks.get(self.scenario.id)

    def score(self) -> Score:
        safe = sum(
            1 for scenario in self.scenarios
            if scenario.id in self.first_picks and scenario.choice(self.first_picks[scenario.id]).verdict == "aman"
        )
        return Score(safe=safe, answered=len(self.first_picks), total=self.total)


def feedback_for(scenario: Scenario, choice: Choice, data: ScamData, lang: str, first_try: bool = True) -> Feedback:
    channels = tuple(data.channel(channel_id) for channel_id in scenario.report)
    facts = list(dict.fromkeys([*scenario.facts, *(fact for channel in channels for fact in channel.facts)]))
    return Feedback(
        scenario=scenario,
        choice=choice,
        why=scenario.fill(choice.feedback, lang),
        next_steps=tuple(scenario.fill(step, lang) for step in scenario.next_steps),
        channels=channels,
        sources=tuple(data.sources[fact] for fact in facts),
        first_try=first_try,
    )


def message_time(message: Message, lang: str) -> str:
    """``16:02`` → ``16.02`` (Indonesian) / ``4:02 PM`` (English), through babel."""
    if message.time is None:
        return ""
    hour, minute = (int(part) for part in message.time.split(":"))
    return format_time(dt.time(hour, minute), format="short", locale=locale_for(lang))
