"""UU PDP exercises: sorting data into the law's categories, and auditing a form for over-collection.

Pure logic, no widgets. The categories (with their article) and the items live in ``data/pdp_data.yml``;
the forms, their purposes and which fields each purpose needs live in ``data/pdp_formulir.yml``. The
category lists are the law's (FACTS F-PDP-03/04); the form judgments are this project's teaching examples.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from pydantic import BaseModel, Field, model_validator

from literasi.curriculum import Localized, Strict
from literasi.facts import Fact

from .data_checks import DataFileError, read_data_model
from .problems import InputProblem

CATEGORIES_NAME = "pdp_data.yml"
FORMS_NAME = "pdp_formulir.yml"
Id = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")


class DataError(DataFileError):
    """A PDP data file is missing or invalid; the message names the file and the field."""


def _repeats(ids: list[str]) -> list[str]:
    return sorted({i for i in ids if ids.count(i) > 1})


def _check_sources(sources: dict[str, Fact], cited: set[str]) -> None:
    missing = sorted(cited - sources.keys())
    if missing:
        raise ValueError(f"cites {', '.join(missing)}, which the file's sources do not list")


class Category(Strict):
    id: str = Id
    label: Localized
    article: Localized | None = None  # "Pasal 4 ayat (3) UU PDP"; none for "bukan data pribadi"
    definition: Localized
    facts: list[str] = []

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
        for kind, ids in (("category", category_ids), ("item", [item.id for item in self.items])):
            if _repeats(ids):
                raise ValueError(f"{kind} ids repeat: {_repeats(ids)}")
        for item in self.items:
            if item.category not in category_ids:
                raise ValueError(f"item {item.id!r}: unknown category {item.category!r}")
            for mistake in item.mistakes:
                if mistake.category not in category_ids or mistake.category == item.category:
                    raise ValueError(f"item {item.id!r}: a mistake must name another known category, "
                                     f"not {mistake.category!r}")
        _check_sources(self.sources, {fact for category in self.categories for fact in category.facts})
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
    facts: list[str] = Field(min_length=1)
    secondary: bool  # true when a cited fact is secondary in the facts registry: the widget says so


class FormData(Strict):
    sources: dict[str, Fact]  # the file's fact ids, resolved in the facts registry by read_data_model
    law_notes: list[LawNote] = Field(min_length=1)
    fields: list[FormField] = Field(min_length=1)
    forms: list[Form] = Field(min_length=1)

    @model_validator(mode="after")
    def references_resolve(self) -> "FormData":
        field_ids = [f.id for f in self.fields]
        for kind, ids in (("field", field_ids), ("form", [form.id for form in self.forms]),
                          ("law note", [note.id for note in self.law_notes])):
            if _repeats(ids):
                raise ValueError(f"{kind} ids repeat: {_repeats(ids)}")
        for form in self.forms:
            unknown = [entry.field for entry in form.fields if entry.field not in field_ids]
            if unknown:
                raise ValueError(f"form {form.id!r} uses unknown fields {unknown}")
        _check_sources(self.sources, {fact for note in self.law_notes for fact in note.facts})
        return self

    def form(self, form_id: str) -> Form:
        for form in self.forms:
            if form.id == form_id:
                return form
        raise InputProblem("pdp.unknown_form")

    def field(self, field_id: str) -> FormField:
        return next(f for f in self.fields if f.id == field_id)


def _read(path: Path, model: type[BaseModel], label: str | None) -> BaseModel:
    return read_data_model(path, model, label, DataError)


def data_path(name: str) -> Path:
    return Path(str(resources.files("literasi.widgets").joinpath("data", name)))


def read_pdp_data(path: Path, label: str | None = None) -> PdpData:
    return _read(path, PdpData, label)  # type: ignore[return-value]


def read_form_data(path: Path, categories: PdpData, label: str | None = None) -> FormData:
    """The forms file, checked also against the categories of ``categories`` (the other PDP file)."""
    forms: FormData = _read(path, FormData, label)  # type: ignore[assignment]
    known = {category.id for category in categories.categories}
    unknown = sorted({f.category for f in forms.fields if f.category is not None and f.category not in known})
    if unknown:
        raise DataError(f"{label or path}: fields use categories that {CATEGORIES_NAME} does not have: {unknown}")
    return forms


@lru_cache(maxsize=1)
def load_pdp_data() -> PdpData:
    return read_pdp_data(data_path(CATEGORIES_NAME), f"widgets/data/{CATEGORIES_NAME}")


@lru_cache(maxsize=1)
def load_form_data() -> FormData:
    return read_form_data(data_path(FORMS_NAME), load_pdp_data(), f"widgets/data/{FORMS_NAME}")


def check_data(categories_path: Path | None = None, forms_path: Path | None = None) -> list[str]:
    """Problems in data/pdp_data.yml and data/pdp_formulir.yml (or the given copies), for ``literasi check``."""
    problems: list[str] = []
    try:
        categories = read_pdp_data(categories_path or data_path(CATEGORIES_NAME),
                                   None if categories_path else f"widgets/data/{CATEGORIES_NAME}")
    except DataError as error:
        return str(error).splitlines()
    try:
        read_form_data(forms_path or data_path(FORMS_NAME), categories, None if forms_path else f"widgets/data/{FORMS_NAME}")
    except DataError as error:
        problems += str(error).splitlines()
    return problems


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
