"""UU PDP exercises: sorting data into the law's categories, and auditing a form for over-collection.

Pure logic, no widgets. The categories (with their article) and the items live in ``data/pdp_data.yml``;
the forms, their purposes and which fields each purpose needs live in ``data/pdp_formulir.yml``. The
category lists are the law's (FACTS F-PDP-03/04); the form judgments are this project's teaching examples.

A form is one of two kinds. A ``form`` is audited by ticking what it asks for (``audit_form``). A ``counter``
is a service at a public-service counter: the learner marks each data item as needed, not needed, or never
to be asked for (least of all by chat), and each mark is judged on its own (``mark_field``). "Never" belongs
to the data item itself (an app's PIN, an activation code, screenshots of a whole digital ID): no service
needs it, so no form may call it needed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator

from literasi.curriculum import FactId, Localized, Strict
from literasi.facts import Fact

from ..data_checks import DataFileError, data_path, read_data_model, read_problems, repeats
from ..problems import InputProblem

CATEGORIES_NAME = "pdp_data.yml"
FORMS_NAME = "pdp_formulir.yml"
DATA_FILES = (CATEGORIES_NAME, FORMS_NAME)
Id = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
FORM_KINDS = ("form", "counter")
Kind = Literal["form", "counter"]
# How a learner marks a data item at a counter: in the order the widget offers them.
MARKS = ("needed", "not-needed", "never")


class PdpDataError(DataFileError):
    """A PDP data file is missing or invalid; the message names the file and the field."""


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
    def article_is_sourced(self) -> Category:
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
    def references_resolve(self) -> PdpData:
        category_ids = [category.id for category in self.categories]
        for kind, ids in (("categories", category_ids), ("items", [item.id for item in self.items])):
            if repeats(ids):
                raise ValueError(f"{kind}: ids repeat: {repeats(ids)}")
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
    never: bool = False  # no service needs it (a PIN, an activation code): never asked for, least of all by chat


class FormEntry(Strict):
    field: str
    needed: bool
    reason: Localized  # one sentence: why this purpose needs it, or why it is too much


class Form(Strict):
    id: str = Id
    kind: Kind = "form"
    title: Localized
    purpose: Localized
    fields: list[FormEntry] = Field(min_length=3)

    @model_validator(mode="after")
    def has_both_kinds(self) -> Form:
        if repeats([entry.field for entry in self.fields]):
            raise ValueError(f"form {self.id!r}: fields repeat: {repeats([e.field for e in self.fields])}")
        if not any(entry.needed for entry in self.fields) or all(entry.needed for entry in self.fields):
            raise ValueError(f"form {self.id!r} needs at least one needed and one excessive field")
        return self


class LawNote(Strict):
    id: str = Id
    text: Localized
    facts: list[FactId] = Field(min_length=1)
    secondary: bool  # true when a cited fact is secondary in the facts registry: the widget says so
    kinds: list[Kind] = Field(default=list(FORM_KINDS), min_length=1)  # the kinds of form it is shown under


class FormData(Strict):
    sources: dict[str, Fact]  # the file's fact ids, resolved in the facts registry by read_data_model
    law_notes: list[LawNote] = Field(min_length=1)
    fields: list[FormField] = Field(min_length=1)
    forms: list[Form] = Field(min_length=1)

    @model_validator(mode="after")
    def references_resolve(self) -> FormData:
        field_ids = [f.id for f in self.fields]
        for kind, ids in (("fields", field_ids), ("forms", [form.id for form in self.forms]),
                          ("law_notes", [note.id for note in self.law_notes])):
            if repeats(ids):
                raise ValueError(f"{kind}: ids repeat: {repeats(ids)}")
        never = {f.id for f in self.fields if f.never}
        for index, form in enumerate(self.forms):
            for number, entry in enumerate(form.fields):
                if entry.field not in field_ids:
                    raise ValueError(f"forms[{index}].fields[{number}].field: form {form.id!r} uses an unknown "
                                     f"field {entry.field!r}")
                if entry.field in never and entry.needed:
                    raise ValueError(f"forms[{index}].fields[{number}].needed: form {form.id!r}: no service needs "
                                     f"{entry.field!r} (a field marked never)")
            if form.kind == "counter":
                missing = [mark for mark in MARKS if mark not in {self.mark_of(e) for e in form.fields}]
                if missing:
                    raise ValueError(f"forms[{index}]: counter {form.id!r} needs at least one field of each mark; "
                                     f"none is {', '.join(missing)}")
        for kind in FORM_KINDS:
            if any(form.kind == kind for form in self.forms) and not any(kind in n.kinds for n in self.law_notes):
                raise ValueError(f"law_notes: none is shown under a form of kind {kind!r}")
        _check_sources(self.sources, ((f"law_notes[{index}].facts", note.facts)
                                      for index, note in enumerate(self.law_notes)))
        return self

    def mark_of(self, entry: FormEntry) -> str:
        """The right mark for a form's entry: never (the data item's own), needed, or not needed."""
        if self.field(entry.field).never:
            return "never"
        return "needed" if entry.needed else "not-needed"

    def forms_of(self, kind: str) -> list[Form]:
        return [form for form in self.forms if form.kind == kind]

    def notes_for(self, kind: str) -> list[LawNote]:
        return [note for note in self.law_notes if kind in note.kinds]

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


# --- (c) marking data at a service counter ---------------------------------------------------------------


@dataclass(frozen=True)
class Mark:
    """One data item marked by the learner at a counter: the mark chosen, the right one, and why."""

    field: FormField
    entry: FormEntry
    chosen: str
    expected: str

    @property
    def correct(self) -> bool:
        return self.chosen == self.expected


def mark_field(form_id: str, field_id: str, mark: str, data: FormData | None = None) -> Mark:
    """Judge the learner's ``mark`` (one of ``MARKS``) for one data item of a form or counter."""
    data = data or load_form_data()
    form = data.form(str(form_id))
    entry = next((e for e in form.fields if e.field == str(field_id)), None)
    if entry is None:
        raise InputProblem("pdp.unknown_field")
    if mark not in MARKS:
        raise InputProblem("pdp.unknown_mark")
    return Mark(field=data.field(entry.field), entry=entry, chosen=str(mark), expected=data.mark_of(entry))


@dataclass(frozen=True)
class MarkScore:
    correct: int
    answered: int
    total: int


def mark_score(form_id: str, marks: Mapping[str, str], data: FormData | None = None) -> MarkScore:
    """``marks``: field id → chosen mark (unmarked fields left out)."""
    data = data or load_form_data()
    form = data.form(str(form_id))
    results = [mark_field(form.id, field_id, mark, data) for field_id, mark in marks.items()]
    return MarkScore(correct=sum(r.correct for r in results), answered=len(results), total=len(form.fields))
