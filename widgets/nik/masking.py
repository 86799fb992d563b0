"""NIK widgets: what a NIK gives away (NikDecoder), and masking a small table before sharing it (PiiMasker)."""

from __future__ import annotations

from html import escape

import ipywidgets as widgets

from literasi.i18n import check_lang, t

from ..money import format_long_date
from ..problems import InputProblem
from ..ui import FIELD, WIDE, layout, problem_html, sources_html
from .core import KINDS, MaskedTable, NikParts, decode_nik, load_nik_rules, mask_table

__all__ = ["NikDecoder", "PiiMasker"]

TABLE_FIELD = "36em"  # wider than ui.FIELD: the box holds a small table
STYLE = {"description_width": "initial"}
CELL = "style='text-align:left;vertical-align:top;padding:0.15em 0.5em 0.15em 0;overflow-wrap:break-word'"
# Identifiers stay on one line (a NIK broken in two is hard to read); the table scrolls sideways instead.
NOWRAP = "style='text-align:left;vertical-align:top;padding:0.15em 0.5em 0.15em 0;white-space:nowrap'"
ANYWHERE = "style='text-align:left;vertical-align:top;padding:0.15em 0.5em 0.15em 0;overflow-wrap:anywhere'"
CELL_STYLE = {"nik": NOWRAP, "phone": NOWRAP, "email": ANYWHERE}


def _problem_html(problem: InputProblem, lang: str, hint_keys: tuple[str, ...]) -> str:
    """An empty box gets a plain hint; anything else the problem paragraph."""
    if problem.key in hint_keys:
        return f"<p class='literasi-hint'>{escape(problem.message(lang))}</p>"
    return problem_html(problem.message(lang))


def _sources_html(facts: tuple[str, ...], lang: str) -> str:
    sources = load_nik_rules().sources
    return sources_html((sources[fact] for fact in facts), lang)


class NikDecoder(widgets.VBox):
    """``NikDecoder(lang="id")``: type a fictional NIK and see the birth date, sex and region codes it holds."""

    def __init__(self, lang: str = "id", nik: str | None = None) -> None:
        self.lang = check_lang(lang)
        rules = load_nik_rules()
        self.nik_box = widgets.Text(
            value=rules.example_nik if nik is None else nik, description=t("nik.nik_label", lang),
            # "row wrap": on a phone the label goes above its box instead of squeezing it off the screen.
            placeholder=rules.example_nik, style=STYLE, layout=layout(FIELD, flex_flow="row wrap"),
        )
        self.nik_box.add_class("literasi-nik-input")
        self.result = widgets.HTML()
        self.result.add_class("literasi-nik-result")
        self.nik_box.observe(lambda _change: self.update(), names="value")
        heading = widgets.HTML(f"<h3>{escape(t('nik.decoder_title', lang))}</h3>"
                               f"<p>{escape(t('nik.decoder_intro', lang))}</p>")
        notes = widgets.HTML(f"<p>{escape(t('nik.why_sensitive', lang))}</p><p>{escape(t('nik.pdp_note', lang))}</p>"
                             + _sources_html(rules.layout_facts + ("F-PDP-03",), lang))
        super().__init__([heading, self.nik_box, self.result, notes], layout=layout(WIDE))
        self.add_class("literasi-nik")
        self.add_class("literasi-nik-decoder")
        self.update()

    def update(self) -> None:
        try:
            parts = decode_nik(self.nik_box.value)
        except InputProblem as problem:
            self.result.value = _problem_html(problem, self.lang, ("nik.empty",))
            return
        self.result.value = render_nik(parts, self.lang)


def render_nik(parts: NikParts, lang: str) -> str:
    offset = load_nik_rules().female_day_offset
    day_code = parts.birth_code[:2]
    if parts.female:
        sex = t("nik.sex_female", lang, day_code=day_code, offset=offset, day=f"{parts.birth_date.day:02d}")
    else:
        sex = t("nik.sex_male", lang, day_code=day_code)
    birth = (f"<b class='literasi-nik-birth'>{escape(format_long_date(parts.birth_date, lang))}</b><br>"
             f"<small>{escape(t('nik.century_note', lang, year=parts.birth_code[4:]))}</small>")
    rows = [
        ("nik.part_province", parts.province, escape(t("nik.region_meaning", lang, code=parts.province))),
        ("nik.part_regency", parts.regency, escape(t("nik.region_meaning", lang, code=f"{parts.province}.{parts.regency}"))),
        ("nik.part_district", parts.district,
         escape(t("nik.region_meaning", lang, code=f"{parts.province}.{parts.regency}.{parts.district}"))),
        ("nik.part_birth_date", parts.birth_code, birth),
        ("nik.sex_label", day_code, f"<span class='literasi-nik-sex'>{escape(sex)}</span>"),
        ("nik.part_serial", parts.serial, escape(t("nik.serial_meaning", lang))),
    ]
    header = "".join(f"<th scope='col' {CELL}>{escape(t(key, lang))}</th>"
                     for key in ("nik.table_part", "nik.table_digits", "nik.table_meaning"))
    body = "".join(
        f"<tr><th scope='row' {CELL}>{escape(t(key, lang))}</th>"
        f"<td {NOWRAP}><code>{escape(digits)}</code></td><td {CELL}>{meaning}</td></tr>"
        for key, digits, meaning in rows
    )
    return f"<table class='literasi-nik-parts'><thead><tr>{header}</tr></thead><tbody>{body}</tbody></table>"


class PiiMasker(widgets.VBox):
    """``PiiMasker(lang="id")``: a small table of names, NIKs, phone numbers and emails, masked before and after."""

    def __init__(self, lang: str = "id", table: str | None = None, has_header: bool = True) -> None:
        self.lang = check_lang(lang)
        rules = load_nik_rules()
        self.table_box = widgets.Textarea(
            value=rules.example_table.strip() if table is None else table, description=t("nik.table_label", lang),
            rows=6, style=STYLE, layout=layout(TABLE_FIELD, flex_flow="row wrap"),
        )
        self.table_box.add_class("literasi-nik-table-input")
        self.header_box = widgets.Checkbox(value=has_header, description=t("nik.header_label", lang), indent=False,
                                           style=STYLE, layout=widgets.Layout(width="auto"))
        self.result = widgets.HTML()
        self.result.add_class("literasi-nik-masked")
        for box in (self.table_box, self.header_box):
            box.observe(lambda _change: self.update(), names="value")
        heading = widgets.HTML(f"<h3>{escape(t('nik.masker_title', lang))}</h3>"
                               f"<p>{escape(t('nik.masker_intro', lang))}</p>")
        notes = widgets.HTML(f"<p>{escape(t('nik.share_tip', lang))}</p><p>{escape(t('nik.specific_note', lang))}</p>"
                             + _sources_html(rules.masking_facts, lang))
        super().__init__([heading, self.table_box, self.header_box, self.result, notes], layout=layout(WIDE))
        self.add_class("literasi-nik")
        self.add_class("literasi-nik-masker")
        self.update()

    def update(self) -> None:
        try:
            table = mask_table(self.table_box.value, self.header_box.value)
        except InputProblem as problem:
            self.result.value = _problem_html(problem, self.lang, ("nik.mask_empty", "nik.mask_only_header"))
            return
        self.result.value = render_masked(table, self.lang)


def _table_html(table: MaskedTable, lang: str, masked: bool, css: str) -> str:
    width = table.width
    header = list(table.header or ()) + [""] * (width - len(table.header or ()))
    header = [name or t("nik.column", lang, number=index + 1) for index, name in enumerate(header)]
    head = "".join(f"<th scope='col' {CELL}>{escape(name)}</th>" for name in header)
    body = "".join(
        "<tr>" + "".join(f"<td {CELL_STYLE.get(cell.kind, CELL)}>{escape(cell.after if masked else cell.before)}</td>"
                        for cell in row)
        + "".join(f"<td {CELL}></td>" for _ in range(width - len(row))) + "</tr>"
        for row in table.rows
    )
    return (f"<div style='overflow-x:auto;max-width:100%'><table class='{css}' style='font-size:0.85em'>"
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>")


def render_masked(table: MaskedTable, lang: str) -> str:
    counts = table.counts
    items = "; ".join(t(f"nik.count_{kind}", lang, count=counts[kind]) for kind in KINDS if counts[kind])
    summary = f"<p class='literasi-nik-summary'>{escape(t('nik.summary', lang, items=items))}</p>" if items else ""
    return (
        summary
        + f"<h4 style='margin:0.6em 0 0.2em'>{escape(t('nik.before_heading', lang))}</h4>"
        + _table_html(table, lang, masked=False, css="literasi-nik-before")
        + f"<h4 style='margin:0.6em 0 0.2em'>{escape(t('nik.after_heading', lang))}</h4>"
        + _table_html(table, lang, masked=True, css="literasi-nik-after")
    )
