"""UU PDP widgets: sort data into the law's categories, audit a form for data it does not need, and mark what a
service counter may ask for."""

from __future__ import annotations

from html import escape

import ipywidgets as widgets

from literasi.i18n import check_lang, t

from ..problems import InputProblem
from ..ui import FIELD, WIDE, layout, problem_html, sources_html
from .core import (
    MARKS,
    Audit,
    AuditLine,
    Classification,
    FormData,
    FormField,
    Mark,
    PdpData,
    audit_form,
    classifier_score,
    classify,
    load_form_data,
    load_pdp_data,
    mark_field,
    mark_score,
)

__all__ = ["PersonalDataClassifier", "PersonalDataFormAudit"]

STYLE = {"description_width": "initial"}
MARK_COLOURS = {True: "#1b6e3a", False: "#a3261b"}


class PersonalDataClassifier(widgets.VBox):
    """``PersonalDataClassifier(lang="id")``: choose umum / spesifik / bukan for each item; feedback cites the article."""

    def __init__(self, lang: str = "id") -> None:
        self.lang = check_lang(lang)
        self.data: PdpData = load_pdp_data()
        options = [(t("pdp.choose", self.lang), "")] + [(c.label[self.lang], c.id) for c in self.data.categories]
        self.dropdowns: dict[str, widgets.Dropdown] = {}
        self.feedbacks: dict[str, widgets.HTML] = {}
        rows = []
        for item in self.data.items:
            dropdown = widgets.Dropdown(options=options, value="", description=item.label[self.lang], style=STYLE,
                                        layout=layout(FIELD))
            feedback = widgets.HTML()
            feedback.add_class("literasi-item-feedback")
            dropdown.observe(lambda _change, item_id=item.id: self.update(item_id), names="value")
            row = widgets.VBox([dropdown, feedback], layout=layout(margin="0 0 .4rem 0"))
            row.add_class("literasi-pdp-item")
            row.add_class(f"literasi-pdp-item-{item.id}")
            self.dropdowns[item.id] = dropdown
            self.feedbacks[item.id] = feedback
            rows.append(row)
        self.score = widgets.HTML()
        self.score.add_class("literasi-score")
        heading = widgets.HTML(
            f"<h3>{escape(t('pdp.classifier_title', self.lang))}</h3>"
            f"<p>{escape(t('pdp.classifier_intro', self.lang, law=t('pdp.law_full_name', self.lang)))}</p>"
        )
        law = widgets.HTML(self._law_summary())
        super().__init__([heading, *rows, self.score, law], layout=layout(WIDE))
        self.add_class("literasi-pdp")
        self.add_class("literasi-pdp-classifier")
        self._update_score()

    def choose(self, item_id: str, category_id: str) -> None:
        """Pick a category for one item, as the learner does with its dropdown."""
        self.dropdowns[item_id].value = category_id

    def update(self, item_id: str) -> None:
        value = self.dropdowns[item_id].value
        if not value:
            self.feedbacks[item_id].value = ""
        else:
            try:
                self.feedbacks[item_id].value = render_classification(classify(item_id, value, self.data), self.lang)
            except InputProblem as problem:
                self.feedbacks[item_id].value = problem_html(problem.message(self.lang))
        self._update_score()

    def _update_score(self) -> None:
        answers = {item_id: box.value for item_id, box in self.dropdowns.items() if box.value}
        score = classifier_score(answers, self.data)
        line = (t("pdp.score", self.lang, correct=score.correct, answered=score.answered, total=score.total)
                if score.answered else t("pdp.score_empty", self.lang, total=score.total))
        self.score.value = f"<p><b>{escape(line)}</b></p>"

    def _law_summary(self) -> str:
        lang = self.lang
        rows = "".join(
            f"<li><b>{escape(c.label[lang])}</b>"
            + (f" ({escape(c.article[lang])})" if c.article else "")
            + f": {escape(c.definition[lang])}</li>"
            for c in self.data.categories
        )
        sources = [self.data.sources[fact] for c in self.data.categories for fact in c.facts]
        return (f"<details class='literasi-law'><summary>{escape(t('pdp.law_heading', lang))}</summary>"
                f"<ul>{rows}</ul>{sources_html(sources, lang)}</details>")


def render_classification(result: Classification, lang: str) -> str:
    expected = result.expected
    key = "pdp.right" if result.correct else "pdp.wrong"
    if expected.article is not None:
        verdict = t(f"{key}_with_article", lang, category=expected.label[lang].lower(), article=expected.article[lang])
    else:
        verdict = t(key, lang, category=expected.label[lang].lower())
    parts = [f"<b style='color:{MARK_COLOURS[result.correct]}'>{escape(verdict)}</b> "
             f"{escape(result.item.explanation[lang])}"]
    if result.mistake is not None:
        parts.append(f"<br><i>{escape(result.mistake.note[lang])}</i>")
    css = "literasi-right-answer" if result.correct else "literasi-wrong-answer"
    return f"<p class='{css}' style='margin:.2rem 0 .4rem;font-size:.95rem'>{''.join(parts)}</p>"


class PersonalDataFormAudit(widgets.VBox):
    """``PersonalDataFormAudit(lang="id", form=None)``: choose a form, tick what it asks for, see what is more than
    its purpose needs. Given a service counter (``form="bazar-umkm"``), it lists the counters instead, and the
    learner marks each data item as needed, not needed, or never to be asked for; each mark gets its reason."""

    def __init__(self, lang: str = "id", form: str | None = None) -> None:
        self.lang = check_lang(lang)
        self.data: FormData = load_form_data()
        self.categories: PdpData = load_pdp_data()
        problem = None
        try:
            first = self.data.form(form) if form is not None else self.data.forms[0]
        except InputProblem as unknown:
            problem, first = unknown, self.data.forms[0]
        self.kind = first.kind
        counter = self.kind == "counter"
        forms = self.data.forms_of(self.kind)
        self.form_box = widgets.Dropdown(
            options=[(f.title[self.lang], f.id) for f in forms], value=first.id,
            description=t("pdp.service_label" if counter else "pdp.form_label", self.lang), style=STYLE,
            layout=layout(FIELD),
        )
        self.purpose = widgets.HTML()
        self.purpose.add_class("literasi-purpose")
        # One set of inputs per form, made once; switching forms swaps which set is shown.
        self.checkboxes: dict[str, dict[str, widgets.Checkbox]] = {}
        self.marks: dict[str, dict[str, widgets.Dropdown]] = {}
        self.mark_feedbacks: dict[str, dict[str, widgets.HTML]] = {}
        self.rows: dict[str, list[widgets.Widget]] = {}
        for entry_form in forms:
            if counter:
                self._make_mark_rows(entry_form.id, [self.data.field(e.field) for e in entry_form.fields])
            else:
                self._make_checkboxes(entry_form.id, [self.data.field(e.field) for e in entry_form.fields])
        self.field_list = widgets.VBox(layout=layout())
        self.field_list.add_class("literasi-fields")
        self.result = widgets.HTML()
        self.result.add_class("literasi-score" if counter else "literasi-audit")
        self.form_box.observe(lambda _change: self.show_form(), names="value")
        title, intro, prompt = (("pdp.counter_title", "pdp.counter_intro", "pdp.mark_prompt") if counter
                                else ("pdp.audit_title", "pdp.audit_intro", "pdp.tick_prompt"))
        heading = widgets.HTML(f"<h3>{escape(t(title, self.lang))}</h3><p>{escape(t(intro, self.lang))}</p>"
                               + (self._mark_legend() if counter else ""))
        prompt_html = widgets.HTML(f"<p><b>{escape(t(prompt, self.lang))}</b></p>")
        notes = widgets.HTML(self._notes())
        super().__init__([heading, self.form_box, self.purpose, prompt_html, self.field_list, self.result, notes],
                         layout=layout(WIDE))
        self.add_class("literasi-pdp")
        self.add_class("literasi-pdp-counter" if counter else "literasi-pdp-audit")
        self.show_form()
        if problem is not None:
            self.result.value = problem_html(problem.message(self.lang))

    def _make_checkboxes(self, form_id: str, fields: list[FormField]) -> None:
        boxes = {}
        for field in fields:
            box = widgets.Checkbox(value=False, description=field.label[self.lang], indent=False, layout=layout())
            box.observe(lambda _change: self.update(), names="value")
            boxes[field.id] = box
        self.checkboxes[form_id] = boxes
        self.rows[form_id] = list(boxes.values())

    def _make_mark_rows(self, form_id: str, fields: list[FormField]) -> None:
        options = [(t("pdp.mark_choose", self.lang), "")] + [(t(f"pdp.mark_{m}", self.lang), m) for m in MARKS]
        dropdowns, feedbacks, rows = {}, {}, []
        for field in fields:
            dropdown = widgets.Dropdown(options=options, value="", description=field.label[self.lang], style=STYLE,
                                        layout=layout(FIELD))
            feedback = widgets.HTML()
            feedback.add_class("literasi-item-feedback")
            dropdown.observe(lambda _change, field_id=field.id: self.update_mark(field_id), names="value")
            row = widgets.VBox([dropdown, feedback], layout=layout(margin="0 0 .4rem 0"))
            row.add_class("literasi-pdp-item")
            row.add_class(f"literasi-pdp-item-{field.id}")
            dropdowns[field.id], feedbacks[field.id] = dropdown, feedback
            rows.append(row)
        self.marks[form_id], self.mark_feedbacks[form_id], self.rows[form_id] = dropdowns, feedbacks, rows

    @property
    def ticked(self) -> list[str]:
        boxes = self.checkboxes.get(self.form_box.value, {})
        return [field_id for field_id, box in boxes.items() if box.value]

    def tick(self, *field_ids: str) -> None:
        """Tick fields of the current form, as the learner does."""
        for field_id in field_ids:
            self.checkboxes[self.form_box.value][field_id].value = True

    def mark(self, field_id: str, mark: str) -> None:
        """Mark one data item of the current counter (``needed``, ``not-needed``, ``never``, or ``""``)."""
        self.marks[self.form_box.value][field_id].value = mark

    def show_form(self) -> None:
        form = self.data.form(self.form_box.value)
        self.purpose.value = f"<p><b>{escape(t('pdp.purpose', self.lang))}</b> {escape(form.purpose[self.lang])}</p>"
        self.field_list.children = tuple(self.rows[form.id])
        self.update()

    def update(self) -> None:
        if self.kind == "counter":
            self._update_score()
            return
        try:
            audit = audit_form(self.form_box.value, self.ticked, self.data)
        except InputProblem as problem:
            self.result.value = problem_html(problem.message(self.lang))
            return
        self.result.value = render_audit(audit, self.ticked, self.categories, self.lang)

    def update_mark(self, field_id: str) -> None:
        form_id = self.form_box.value
        value = self.marks[form_id][field_id].value
        feedback = self.mark_feedbacks[form_id][field_id]
        if not value:
            feedback.value = ""
        else:
            try:
                feedback.value = render_mark(mark_field(form_id, field_id, value, self.data), self.categories,
                                             self.lang)
            except InputProblem as problem:
                feedback.value = problem_html(problem.message(self.lang))
        self._update_score()

    def _update_score(self) -> None:
        chosen = {field_id: box.value for field_id, box in self.marks[self.form_box.value].items() if box.value}
        try:
            score = mark_score(self.form_box.value, chosen, self.data)
        except InputProblem as problem:
            self.result.value = problem_html(problem.message(self.lang))
            return
        line = (t("pdp.score", self.lang, correct=score.correct, answered=score.answered, total=score.total)
                if score.answered else t("pdp.score_empty", self.lang, total=score.total))
        self.result.value = f"<p><b>{escape(line)}</b></p>"

    def _mark_legend(self) -> str:
        items = "".join(f"<li><b>{escape(t(f'pdp.mark_{m}', self.lang))}</b>: "
                        f"{escape(t(f'pdp.mark_{m}_means', self.lang))}</li>" for m in MARKS)
        return f"<ul class='literasi-mark-legend' style='font-size:.95rem'>{items}</ul>"

    def _notes(self) -> str:
        lang = self.lang
        shown = self.data.notes_for(self.kind)
        notes = "".join(
            f"<li>{escape(note.text[lang])}"
            + (f" {escape(t('pdp.secondary_note', lang))}" if note.secondary else "")
            + "</li>"
            for note in shown
        )
        sources = [self.data.sources[fact] for note in shown for fact in note.facts]
        teaching = t("pdp.counter_teaching_note" if self.kind == "counter" else "pdp.teaching_note", lang)
        return (f"<p class='literasi-teaching-note' style='font-size:.9rem'>{escape(teaching)}</p>"
                f"<ul style='font-size:.9rem'>{notes}</ul>{sources_html(sources, lang)}")


def render_mark(result: Mark, categories: PdpData, lang: str) -> str:
    expected = t(f"pdp.mark_{result.expected}", lang)
    verdict = (t("pdp.mark_right", lang, mark=expected) if result.correct
               else t("pdp.mark_wrong", lang, mark=expected))
    text = (f"<b style='color:{MARK_COLOURS[result.correct]}'>{escape(verdict)}</b> "
            f"{escape(result.entry.reason[lang])}{_category_tag(result.field, categories, lang)}")
    css = "literasi-right-answer" if result.correct else "literasi-wrong-answer"
    return f"<p class='{css}' style='margin:.2rem 0 .4rem;font-size:.95rem'>{text}</p>"


def _category_tag(field: FormField, categories: PdpData, lang: str) -> str:
    if field.category is None:
        return ""
    category = categories.category(field.category)
    if category.article is None:
        return ""
    return (" <small>(" + escape(t("pdp.category_tag", lang, category=category.label[lang],
                                    article=category.article[lang])) + ")</small>")


def _line(line: AuditLine, categories: PdpData, lang: str) -> str:
    tag = _category_tag(line.field, categories, lang)
    return f"<li><b>{escape(line.field.label[lang])}</b>{tag}: {escape(line.entry.reason[lang])}</li>"


def render_audit(audit: Audit, ticked: list[str], categories: PdpData, lang: str) -> str:
    if not ticked:
        return f"<p>{escape(t('pdp.nothing_ticked', lang))}</p>"
    parts = []
    if audit.excessive:
        parts.append(
            f"<div class='literasi-flags'><p style='color:#a3261b'><b>"
            f"{escape(t('pdp.excessive_heading', lang, count=len(audit.excessive)))}</b></p><ul>"
            + "".join(_line(line, categories, lang).replace("<li>", "<li class='literasi-flag'>", 1)
                      for line in audit.excessive)
            + "</ul></div>"
        )
    else:
        parts.append(f"<p style='color:#1b6e3a'><b>{escape(t('pdp.no_excessive', lang))}</b></p>")
    if audit.needed:
        parts.append(f"<p><b>{escape(t('pdp.needed_heading', lang))}</b></p><ul>"
                     + "".join(_line(line, categories, lang) for line in audit.needed) + "</ul>")
    if audit.missing:
        parts.append(f"<p><b>{escape(t('pdp.missing_heading', lang))}</b></p><ul>"
                     + "".join(_line(line, categories, lang) for line in audit.missing) + "</ul>")
    return "".join(parts)
