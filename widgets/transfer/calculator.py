"""BI-FAST fee calculator widget: transfers per month (and the bank's own fee) in, monthly and yearly cost out,
plus whether one transfer amount fits the BI-FAST limit."""

from __future__ import annotations

from html import escape

import ipywidgets as widgets

from literasi.i18n import check_lang, t

from ..money import format_long_date, format_number, format_rupiah
from ..problems import InputProblem
from ..ui import FIELD, WIDE, layout, problem_html, sources_html
from .core import BifastEstimate, estimate_from_text, load_bifast_rules

__all__ = ["BifastFeeCalculator"]

STYLE = {"description_width": "initial"}


class BifastFeeCalculator(widgets.VBox):
    """``BifastFeeCalculator(lang="id")``: type how many transfers to other banks you make a month."""

    def __init__(self, lang: str = "id", transfers: int = 6, fee: int | None = None, amount: int | None = None) -> None:
        self.lang = check_lang(lang)
        rules = load_bifast_rules()
        self.count_box = widgets.Text(
            value=format_number(transfers, lang), description=t("bifast.count_label", lang), placeholder="6",
            style=STYLE, layout=layout(FIELD),
        )
        self.fee_box = widgets.Text(
            value=format_number(rules.max_fee if fee is None else fee, lang), description=t("bifast.fee_label", lang),
            placeholder=format_number(rules.max_fee, lang), style=STYLE, layout=layout(FIELD),
        )
        self.amount_box = widgets.Text(
            value="" if amount is None else format_number(amount, lang), description=t("bifast.amount_label", lang),
            placeholder=format_number(12_000_000, lang), style=STYLE, layout=layout(FIELD),
        )
        for name, box in (("count", self.count_box), ("fee", self.fee_box), ("amount", self.amount_box)):
            box.add_class(f"literasi-bifast-{name}")
            box.observe(lambda _change: self.update(), names="value")
        self.result = widgets.HTML()
        self.result.add_class("literasi-result")
        self.result.add_class("literasi-bifast-result")
        self.sources = widgets.HTML(render_sources(rules.sources.values(), lang))
        self.sources.add_class("literasi-bifast-sources")
        heading = widgets.HTML(f"<h3>{escape(t('bifast.title', lang))}</h3><p>{escape(t('bifast.intro', lang))}</p>")
        super().__init__([heading, self.count_box, self.fee_box, self.amount_box, self.result, self.sources],
                         layout=layout(WIDE))
        self.add_class("literasi-bifast")
        self.update()

    def update(self) -> None:
        try:
            estimate = estimate_from_text(self.count_box.value, self.fee_box.value, self.amount_box.value, self.lang)
        except InputProblem as problem:
            self.result.value = problem_html(problem.message(self.lang))
            return
        self.result.value = render_estimate(estimate, self.lang)


def render_estimate(estimate: BifastEstimate, lang: str) -> str:
    rules = load_bifast_rules()
    money = lambda amount: format_rupiah(amount, lang)  # noqa: E731
    rows = [
        ("fee", t("bifast.per_transfer", lang), money(estimate.fee)),
        ("month", t("bifast.per_month", lang), f"<b>{money(estimate.per_month)}</b>"),
        ("year", t("bifast.per_year", lang), f"<b>{money(estimate.per_year)}</b>"),
    ]
    table = "".join(f"<tr><th scope='row' style='text-align:left;padding-right:1em'>{escape(label)}</th>"
                    f"<td class='literasi-bifast-{name}-value' style='text-align:right'>{value}</td></tr>"
                    for name, label, value in rows)
    rule = rules.rule.name
    notes = []
    if estimate.transfer is not None:
        key = "bifast.amount_fits" if estimate.transfer.fits else "bifast.amount_over"
        transfer = estimate.transfer
        notes.append(("limit", t(key, lang, amount=money(transfer.amount), limit=money(transfer.limit), rule=rule)))
    if not estimate.at_max_fee:
        notes.append(("fee", t("bifast.note_own_fee", lang, fee=money(estimate.fee), max=money(estimate.max_fee),
                               rule=rule)))
    notes.append(("max", t("bifast.note_max", lang, max=money(estimate.max_fee), rule=rule,
                           date=format_long_date(rules.max_fee_per_transfer.valid_from, lang))))
    notes.append(("per-transfer", t("bifast.note_per_transfer", lang)))
    return (f"<table class='literasi-estimate'>{table}</table>"
            + "".join(f"<p class='literasi-bifast-note-{name}' style='font-size:0.9em'>{escape(text)}</p>"
                      for name, text in notes))


def render_sources(facts, lang: str) -> str:
    """The calculator's sources: the shared source footer (registry facts, no fact ids)."""
    return sources_html(facts, lang)
