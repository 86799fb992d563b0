"""Marketplace price & margin calculator: HPP, price and the shop's own fees in; net, margin, safe prices out.

A chart compares the same item sold directly (QRIS), through social commerce (paid by QRIS, since social
commerce may not process payments) and on the marketplace with the learner's fees.
"""

from __future__ import annotations

import textwrap
from decimal import Decimal
from html import escape

import ipywidgets as widgets
from babel.numbers import format_compact_currency
from matplotlib.ticker import MaxNLocator

from literasi.i18n import check_lang, t

from ..charts import figure_to_img_tag, new_figure
from ..money import format_long_date, format_number, format_percent_value, format_rupiah, locale_for
from ..problems import InputProblem
from ..qris.core import load_qris_rules
from ..ui import FIELD, WIDE, layout, problem_html, sources_html
from .core import FeeExample, MarketplaceData, PriceTarget, PricingAnalysis, analyse_from_text, load_marketplace_data

__all__ = ["MarketplacePriceCalculator"]

STYLE = {"description_width": "initial"}
NET_COLOUR, FEE_COLOUR, COST_COLOUR = "#1b7f5b", "#c0392b", "#333333"
MINUS = "\u2212"
# Boxes in the order the learner meets them (payment_fee sits after its unit toggle).
PRODUCT_FIELDS = ("cost", "price")
FEE_FIELDS = ("commission", "order_fee", "payment_fee", "programme", "discount")
PLACEHOLDERS = {"cost": "9.000", "price": "15.000", "commission": "0", "order_fee": "0", "payment_fee": "0",
                "programme": "0", "discount": "0", "target_margin": "20"}


class MarketplacePriceCalculator(widgets.VBox):
    """``MarketplacePriceCalculator(lang="id")``: type HPP, price and your shop's fees; see net and margin."""

    def __init__(self, lang: str = "id", cost: int = 9_000, price: int = 15_000, target_margin: int = 20,
                 example: str = "", qris_category: str = "usaha_mikro") -> None:
        self.lang = check_lang(lang)
        self.data = load_marketplace_data()
        self._filling = False
        values = {"cost": format_number(cost, lang), "price": format_number(price, lang),
                  "target_margin": format_number(target_margin, lang)}
        self.boxes = {
            name: widgets.Text(value=values.get(name, ""), description=t(f"umkm.field_{name}", lang),
                               placeholder=_placeholder(name, lang), style=STYLE, layout=layout(FIELD))
            for name in (*PRODUCT_FIELDS, *FEE_FIELDS, "target_margin")
        }
        for name, box in self.boxes.items():
            box.add_class(f"literasi-umkm-{name.replace('_', '-')}")
        self.payment_unit = widgets.ToggleButtons(
            options=[(t("umkm.unit_percent", lang), "percent"), (t("umkm.unit_rupiah", lang), "rupiah")],
            value="percent", description=t("umkm.payment_unit_label", lang), style=STYLE, layout=layout(FIELD),
        )
        self.example_box = widgets.Dropdown(
            options=[(t("umkm.example_none", lang), "")] + [(_example_option(e, lang), e.id) for e in self.data.examples],
            value="", description=t("umkm.example_label", lang), style=STYLE, layout=layout(FIELD),
        )
        self.example_box.add_class("literasi-umkm-example")
        self.example_note = widgets.HTML()
        self.example_note.add_class("literasi-umkm-example-note")
        rules = load_qris_rules()
        self.qris_box = widgets.Dropdown(
            options=[(c.label[self.lang], c.id) for c in rules.categories], value=qris_category,
            description=t("umkm.qris_category_label", lang), style=STYLE, layout=layout(FIELD),
        )
        self.result = widgets.HTML()
        self.result.add_class("literasi-result")
        self.result.add_class("literasi-umkm-result")
        self.chart = widgets.HTML()
        self.chart.add_class("literasi-umkm-channels")
        self.sources = widgets.HTML(render_sources(self.data, lang))
        self.sources.add_class("literasi-umkm-sources")

        for box in self.boxes.values():
            box.observe(self._typed, names="value")
        for control in (self.payment_unit, self.qris_box):
            control.observe(lambda _change: self.update(), names="value")
        self.example_box.observe(self._example_chosen, names="value")

        heading = widgets.HTML(f"<h3>{escape(t('umkm.price_title', lang))}</h3>"
                               f"<p>{escape(t('umkm.price_intro', lang))}</p>")
        super().__init__([
            heading,
            _subheading("umkm.section_product", lang), *(self.boxes[name] for name in PRODUCT_FIELDS),
            _subheading("umkm.section_fees", lang), self.example_box, self.example_note,
            self.boxes["commission"], self.boxes["order_fee"], self.payment_unit, self.boxes["payment_fee"],
            self.boxes["programme"], self.boxes["discount"], self.boxes["target_margin"],
            _subheading("umkm.section_result", lang), self.result,
            _subheading("umkm.section_channels", lang), self.qris_box, self.chart, self.sources,
        ], layout=layout(WIDE))
        self.add_class("literasi-umkm")
        if example:
            self.example_box.value = example  # fills the boxes and updates
        else:
            self._show_example_note()
            self.update()

    def texts(self) -> dict[str, str]:
        return {name: box.value for name, box in self.boxes.items()}

    def _typed(self, change) -> None:
        if self._filling:
            return
        if change["owner"] in (self.boxes["commission"], self.boxes["order_fee"]) and self.example_box.value:
            # The learner is now typing their own fees: stop labelling the boxes as the example.
            self._filling = True
            self.example_box.value = ""
            self._filling = False
            self._show_example_note()
        self.update()

    def _example_chosen(self, change) -> None:
        if self._filling:
            return
        if change["new"]:
            example = self.data.example(change["new"])
            self._filling = True
            self.boxes["commission"].value = format_number(example.commission_percent, self.lang)
            self.boxes["order_fee"].value = format_number(example.order_fee or 0, self.lang)
            self._filling = False
        self._show_example_note()
        self.update()

    def _show_example_note(self) -> None:
        self.example_note.value = render_example_note(self.data, self.example_box.value, self.lang)

    def update(self) -> None:
        try:
            analysis = analyse_from_text(self.texts(), self.payment_unit.value, self.qris_box.value, self.lang)
        except InputProblem as problem:
            self.result.value = problem_html(problem.message(self.lang))
            self.chart.value = ""
            return
        self.result.value = render_result(analysis, self.lang)
        self.chart.value = render_channels(analysis, self.data, self.lang)


def _placeholder(name: str, lang: str) -> str:
    example = PLACEHOLDERS[name]
    return format_number(Decimal(example.replace(".", "")), lang)


def _subheading(key: str, lang: str) -> widgets.HTML:
    return widgets.HTML(f"<h4 style='margin:1em 0 0.2em'>{escape(t(key, lang))}</h4>")


def _money(amount: Decimal, lang: str) -> str:
    return format_rupiah(amount, lang)


def _minus(amount: Decimal, lang: str) -> str:
    return f"{MINUS}{_money(amount, lang)}" if amount else _money(amount, lang)


def _percent(value: Decimal, lang: str) -> str:
    return format_percent_value(value.quantize(Decimal("0.01")), lang)


def _example_option(example: FeeExample, lang: str) -> str:
    if example.practice:
        return t("umkm.example_option_practice", lang, label=example.label[lang])
    return t("umkm.example_option", lang, date=format_long_date(example.commission_as_of, lang),
             label=example.label[lang])


def render_example_note(data: MarketplaceData, example_id: str, lang: str) -> str:
    if not example_id:
        return f"<p style='font-size:0.9em'>{escape(t('umkm.example_hint', lang))}</p>"
    example = data.example(example_id)
    notes = [example.note[lang]] if example.note else []
    if example.practice:
        notes.append(t("umkm.example_note_practice", lang))
        return ("<div role='note' style='font-size:0.9em;border-left:4px solid #b7791f;padding-left:0.6em'>"
                + "".join(f"<p>{escape(note)}</p>" for note in notes) + "</div>")
    notes += [t("umkm.example_note_commission", lang, percent=format_percent_value(example.commission_percent, lang),
               date=format_long_date(example.commission_as_of, lang))]
    if example.order_fee is not None:
        notes.append(t("umkm.example_note_order_fee", lang, fee=_money(example.order_fee, lang),
                       date=format_long_date(example.order_fee_as_of, lang)))
    else:
        notes.append(t("umkm.example_note_no_order_fee", lang))
    notes.append(t("umkm.example_note_check", lang))
    return ("<div role='note' style='font-size:0.9em;border-left:4px solid #b7791f;padding-left:0.6em'>"
            + "".join(f"<p>{escape(note)}</p>" for note in notes) + "</div>")


def _target_sentence(target: PriceTarget, key: str, impossible_key: str, lang: str) -> str:
    fees = format_percent_value(target.percent_fees, lang)
    margin = format_percent_value(target.margin_percent, lang)
    if not target.possible:
        total = format_percent_value(target.percent_fees + target.margin_percent, lang)
        return t(impossible_key, lang, fees=fees, margin=margin, total=total)
    return t(key, lang, price=_money(target.price, lang), margin=margin)


def render_result(analysis: PricingAnalysis, lang: str) -> str:
    item = analysis.marketplace
    rows = [(t("umkm.row_price", lang), _money(item.price, lang))]
    if item.paid_price != item.price:
        rows.append((t("umkm.row_paid_price", lang), _money(item.paid_price, lang)))
    rows += [(t(f"umkm.fee_{line.key}", lang), _minus(line.amount, lang)) for line in item.fees]
    rows.append((t("umkm.row_total_fees", lang), _minus(item.total_fees, lang)))
    rows.append((f"<b>{escape(t('umkm.row_net', lang))}</b>",
                 f"<b class='literasi-umkm-net'>{_money(item.net_received, lang)}</b>"))
    rows.append((t("umkm.row_cost", lang), _minus(item.cost, lang)))
    loss = item.profit < 0
    rows.append((f"<b>{escape(t('umkm.row_loss' if loss else 'umkm.row_profit', lang))}</b>",
                 f"<b>{_money(abs(item.profit), lang)}</b>"))
    rows.append((t("umkm.row_margin", lang),
                 f"<b class='literasi-umkm-margin'>{_percent(item.margin_percent, lang)}</b>"))
    table = "".join(
        f"<tr><th scope='row' style='text-align:left;font-weight:normal;padding-right:1em'>"
        f"{label if label.startswith('<b>') else escape(label)}</th><td style='text-align:right'>{value}</td></tr>"
        for label, value in rows)
    parts = [f"<table class='literasi-estimate'>{table}</table>"]
    if loss:
        parts.append(problem_html(t("umkm.loss_warning", lang, amount=_money(-item.profit, lang))))
    break_even = _target_sentence(analysis.break_even, "umkm.break_even", "umkm.break_even_impossible", lang)
    target = _target_sentence(analysis.target, "umkm.target_price", "umkm.target_impossible", lang)
    parts.append(f"<ul class='literasi-umkm-targets'><li>{escape(break_even)}</li><li>{escape(target)}</li></ul>")
    parts.append(f"<p style='font-size:0.85em'>{escape(t('umkm.note_margin', lang))}</p>")
    return "".join(parts)


def render_channels(analysis: PricingAnalysis, data: MarketplaceData, lang: str) -> str:
    shown = [channel for channel in analysis.channels if channel.item is not None]
    figure = new_figure(width=4.6, height=1.0 + 0.6 * len(shown))
    axes = figure.add_subplot()
    names = ["\n".join(textwrap.wrap(t(f"umkm.channel_{c.channel}", lang), 20)) for c in shown]
    positions = list(range(len(shown)))[::-1]  # the first channel on top
    top = max(float(c.item.paid_price) for c in shown)
    for position, channel in zip(positions, shown, strict=True):
        item = channel.item
        net, paid = max(float(item.net_received), 0.0), float(item.paid_price)
        first = position == positions[0]  # one legend entry per colour
        axes.barh([position], [net], color=NET_COLOUR, label=t("umkm.chart_net", lang) if first else None)
        axes.barh([position], [paid - net], left=[net], color=FEE_COLOUR, hatch="//",
                  label=t("umkm.chart_fees", lang) if first else None)
        axes.text(paid + top * 0.02, position, _money(item.net_received, lang), va="center", fontsize=8)
    axes.axvline(float(analysis.marketplace.cost), color=COST_COLOUR, linestyle="--", linewidth=1.2,
                 label=t("umkm.chart_cost_line", lang))
    axes.set_yticks(positions, names, fontsize=8)
    axes.set_xlim(0, top * 1.38)
    axes.set_xlabel(t("umkm.chart_axis", lang), fontsize=8)
    axes.xaxis.set_major_formatter(lambda value, _pos: format_compact_currency(value, "IDR", locale=locale_for(lang),
                                                                               fraction_digits=1))
    axes.xaxis.set_major_locator(MaxNLocator(nbins=4))
    axes.tick_params(axis="x", labelsize=7)
    figure.legend(loc="outside lower center", ncol=3, fontsize=7, frameon=False)
    axes.spines[["top", "right"]].set_visible(False)
    channels = "; ".join(
        t("umkm.chart_alt_channel", lang, channel=t(f"umkm.channel_{c.channel}", lang),
          net=_money(c.item.net_received, lang), margin=_percent(c.item.margin_percent, lang)) for c in shown)
    alt = t("umkm.chart_alt", lang, price=_money(analysis.marketplace.price, lang),
            cost=_money(analysis.marketplace.cost, lang), channels=channels)
    notes = []
    if len(shown) < len(analysis.channels):
        notes.append(t("umkm.channel_over_qris_limit", lang, limit=_money(analysis.qris_max, lang)))
    category = analysis.qris_category
    rate = format_percent_value(category.mdr_percent, lang)
    if category.free_up_to is not None:
        rate = t("umkm.qris_rate_free", lang, zero=format_percent_value(0, lang),
                 limit=_money(category.free_up_to, lang), rate=rate)
    notes.append(t("umkm.qris_note", lang, category=category.label[lang], rate=rate,
                   date=format_long_date(category.valid_from, lang)))
    social = data.social_commerce
    notes.append(t("umkm.social_note", lang, article=social.article, date=format_long_date(social.valid_from, lang)))
    return figure_to_img_tag(figure, alt) + "".join(
        f"<p class='literasi-umkm-note' style='font-size:0.85em'>{escape(note)}</p>" for note in notes)


def render_sources(data: MarketplaceData, lang: str) -> str:
    """The calculator's sources: the social-commerce rule and the QRIS rates it compares with (registry facts)."""
    qris = load_qris_rules()
    qris_facts = {fact for category in qris.categories for fact in category.facts}
    facts = [*data.sources.values(), *(fact for fact_id, fact in qris.sources.items() if fact_id in qris_facts)]
    return sources_html(facts, lang)
