"""UU PDP exercises: sorting data into the law's categories, and auditing a form for over-collection.

Pure logic, no widgets. The categories (with their article) and the items live in ``data/pdp_data.yml``;
the forms, their purposes and which fields each purpose needs live in ``data/pdp_formulir.yml``. The
category lists are the law's (FACTS F-PDP-03/04); the form judgments are this project's teaching examples.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pydantic import Field, model_validator

from literasi.curriculum import FactId, Localized, Strict
from literasi.facts import Fact

from ..data_checks import DataFileError, data_path, read_data_model, read_problems
from ..problems import InputProblem

CATEGORIES_NAME = "pdp_data.yml"
FORMS_NAME = "pdp_formulir.yml"
DATA_FILES = (CATEGORIES_NAME, FORMS_NAME)
Id = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")


class PdpDataError(DataFileError):
    """A PDP data file is missing or invalid; the message names the file and the field."""


def _repeats(ids: list[str]) -> list[str]:
    return sorted({i for i in ids if ids.count(i) > 1})


def _check_sources(sources: dict[str, Fact], cited: Iterable[tuple[str, list[str]]]) -> None:
    """Every fact id cited (``(field path, ids)`` pairs) is one of the file's sources."""
    for where, facts in cited:
        missing = sorted(set(facts) - sources.keys())
        if missing:
            raise ValueError(f"{where}: cites {', '.join(missing)}, which the file's sources do not list")


class Category(Strict):
    id: str = Id
    label: Localized
    article: Localized | None = None  # "Pasal 4 ayat (3) UU PDP"; none for "bukan data pribadi"
    definition: Localized
    facts: list[FactId] = []

    @model_validator(mode="after")
    def article_is_sourced(self) -> "Category":
        if self.article is not None and not self.facts:
            raise ValueError(f"category {self.id!r} cites an article but no FACTS id")
        return self


class Mistake(Strict):
    """A wrong category people often choose for an item, and what to tell them when they do."""

    category: str
    note: Localized


class Item(Strict):
    id: str = Id
    label: Localized
    category: str
    explanation: Localized
    mistakes: list[Mistake] = []


class PdpData(Strict):
    sources: dict[str, Fact]  # the file's fact ids, resolved in the facts registry by read_data_model
    categories: list[Category] = Field(min_length=2)
    items: list[Item] = Field(min_length=1)

    @model_validator(mode="after")
    def references_resolve(self) -> "PdpData":
        category_ids = [category.id for category in self.categories]
        for kind, ids in (("categories", category_ids), ("items", [item.id for item in self.items])):
            if _repeats(ids):
                raise ValueError(f"{kind}: ids repeat: {_repeats(ids)}")
        for index, item in enumerate(self.items):
            if item.category not in category_ids:
                raise ValueError(f"items[{index}].category: item {item.id!r}: unknown category {item.category!r}")
            for number, mistake in enumerate(item.mistakes):
                if mistake.category not in category_ids or mistake.category == item.category:
                    raise ValueError(f"items[{index}].mistakes[{number}].category: item {item.id!r}: a mistake must "
                                     f"name another known category, not {mistake.category!r}")
        _check_sources(self.sources, ((f"categories[{index}].facts", category.facts)
                                      for index, category in enumerate(self.categories)))
        return self

    def category(self, category_id: str) -> Category:
        for category in self.categories:
            if category.id == category_id:
                return category
        raise InputProblem("pdp.unknown_category")

    def item(self, item_id: str) -> Item:
        for item in self.items:
            if item.id == item_id:
                return item
        raise InputProblem("pdp.unknown_item")


class FormField(Strict):
    id: str = Id
    label: Localized
    category: str | None = None  # only where Pasal 4 names this kind of data directly


class FormEntry(Strict):
    field: str
    needed: bool
    reason: Localized  # one sentence: why this purpose needs it, or why it is too much


class Form(Strict):
    id: str = Id
    title: Localized
    purpose: Localized
    fields: list[FormEntry] = Field(min_length=3)

    @model_validator(mode="after")
    def has_both_kinds(self) -> "Form":
        if _repeats([entry.field for entry in self.fields]):
            raise ValueError(f"form {self.id!r}: fields repeat: {_repeats([e.field for e in self.fields])}")
        if not any(entry.needed for entry in self.fields) or all(entry.needed for entry in self.fields):
            raise ValueError(f"form {self.id!r} needs at least one needed and one excessive field")
        return self


class LawNote(Strict):
    id: str = Id
    text: Localized
    facts: list[FactId] = Field(min_length=1)
    secondary: bool  # true when a cited fact is secondary in the facts registry: the widget says so


class FormData(Strict):
    sources: dict[str, Fact]  # the file's fact ids, resolved in the facts registry by read_data_model
    law_notes: list[LawNote] = Field(min_length=1)
    fields: list[FormField] = Field(min_length=1)
    forms: list[Form] = Field(min_length=1)

    @model_validator(mode="after")
    def references_resolve(self) -> "FormData":
        field_ids = [f.id for f in self.fields]
        for kind, ids in (("fields", field_ids), ("forms", [form.id for form in self.forms]),
                          ("law_notes", [note.id for note in self.law_notes])):
            if _repeats(ids):
                raise ValueError(f"{kind}: ids repeat: {_repeats(ids)}")
        for index, form in enumerate(self.forms):
            for number, entry in enumerate(form.fields):
                if entry.field not in field_ids:
                    raise ValueError(f"forms[{index}].fields[{number}].field: form {form.id!r} uses an unknown "
                                     f"field {entry.field!r}")
        _check_sources(self.sources, ((f"law_notes[{index}].facts", note.facts)
                                      for index, note in enumerate(self.law_notes)))
        return self

    def form(self, form_id: str) -> Form:
        for form in self.forms:
            if form.id == form_id:
                return form
        raise InputProblem("pdp.unknown_form")

    def field(self, field_id: str) -> FormField:
        return next(f for f in self.fields if f.id == field_id)


def read_pdp_data(folder: Path | None = None) -> PdpData:
    """The categories file (from ``folder``, or the installed package)."""
    return read_data_model(data_path(CATEGORIES_NAME, folder), PdpData, f"widgets/data/{CATEGORIES_NAME}",
                           PdpDataError)


def read_form_data(categories: PdpData, folder: Path | None = None) -> FormData:
    """The forms file, checked also against the categories of ``categories`` (the other PDP file)."""
    label = f"widgets/data/{FORMS_NAME}"
    forms = read_data_model(data_path(FORMS_NAME, folder), FormData, label, PdpDataError)
    known = {category.id for category in categories.categories}
    for index, field in enumerate(forms.fields):
        if field.category is not None and field.category not in known:
            raise PdpDataError(f"{label}: fields[{index}].category: {field.category!r} is not a category of "
                               f"{CATEGORIES_NAME}")
    return forms


@lru_cache(maxsize=1)
def load_pdp_data() -> PdpData:
    return read_pdp_data()


@lru_cache(maxsize=1)
def load_form_data() -> FormData:
    return read_form_data(load_pdp_data())


def check_data(folder: Path | None = None) -> list[str]:
    """Problems in data/pdp_data.yml and data/pdp_formulir.yml (or their copies in ``folder``), for
    ``literasi check``. The forms are checked against the categories, so only once those are sound."""
    return read_problems(lambda: read_form_data(read_pdp_data(folder), folder))


# --- (a) the classifier ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Classification:
    """One item sorted by the learner: right or not, the right category, and a note for a known mix-up."""

    item: Item
    chosen: Category
    expected: Category
    mistake: Mistake | None

    @property
    def correct(self) -> bool:
        return self.chosen.id == self.expected.id


def classify(item_id: str, category_id: str, data: PdpData | None = None) -> Classification:
    data = data or load_pdp_data()
    item = data.item(str(item_id))
    chosen = data.category(str(category_id))
    mistake = next((m for m in item.mistakes if m.category == chosen.id), None)
    return Classification(item=item, chosen=chosen, expected=data.category(item.category), mistake=mistake)


@dataclass(frozen=True)
class ClassifierScore:
    correct: int
    answered: int
    total: int


def classifier_score(answers: Mapping[str, str], data: PdpData | None = None) -> ClassifierScore:
    """``answers``: item id → chosen category id (unanswered items left out)."""
    data = data or load_pdp_data()
    results = [classify(item_id, category_id, data) for item_id, category_id in answers.items()]
    return ClassifierScore(correct=sum(r.correct for r in results), answered=len(results), total=len(data.items))


# --- (b) the form audit ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class AuditLine:
    field: FormField
    entry: FormEntry


@dataclass(frozen=True)
class Audit:
    """What a form asks for, judged against its purpose (the project's teaching judgment, not the law's)."""

    form: Form
    excessive: tuple[AuditLine, ...]  # ticked, but more than the purpose needs
    needed: tuple[AuditLine, ...]  # ticked and needed
    missing: tuple[AuditLine, ...]  # needed, but not ticked


def audit_form(form_id: str, ticked: Iterable[str], data: FormData | None = None) -> Audit:
    data = data or load_form_data()
    form = data.form(str(form_id))
    ticked_ids = {str(field_id) for field_id in ticked}
    in_form = {entry.field for entry in form.fields}
    if ticked_ids - in_form:
        raise InputProblem("pdp.unknown_field")
    lines = [AuditLine(field=data.field(entry.field), entry=entry) for entry in form.fields]
    return Audit(
        form=form,
        excessive=tuple(line for line in lines if line.field.id in ticked_ids and not line.entry.needed),
        needed=tuple(line for line in lines if line.field.id in ticked_ids and line.entry.needed),
        missing=tuple(line for line in lines if line.field.id not in ticked_ids and line.entry.needed),
    )
