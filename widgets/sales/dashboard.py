"""Sales dashboard: a shop's sales CSV (the fictional sample or the learner's own upload) as totals and charts.

The uploaded file is read in memory only: never written to disk, logged or kept after it is summarised.
"""

from __future__ import annotations

import textwrap
import warnings
from decimal import Decimal
from html import escape

import ipywidgets as widgets
from babel.dates import format_date
from babel.numbers import format_compact_currency

from literasi.i18n import check_lang, t

from ..charts import figure_to_img_tag, new_figure
from ..money import format_long_date, format_number, format_percent_value, format_rupiah, locale_for
from ..ui import WIDE, layout
from .core import COLUMNS, KNOWN_METHODS, NOT_STATED, SalesFileProblem, SalesSummary, read_sales, read_sample_bytes

__all__ = ["SalesDashboard"]

BAR_COLOUR = "#1b7f5b"
MAX_CHART_MONTHS = 24
TOP_PRODUCTS = 5
TOP_METHODS = 5


class SalesDashboard(widgets.VBox):
    """``SalesDashboard(lang="id")``: press "Pakai contoh data" or upload a CSV of sales."""

    def __init__(self, lang: str = "id") -> None:
        self.lang = check_lang(lang)
        columns = ", ".join(t(f"umkm.column_{column}", lang) for column in COLUMNS)
        heading = widgets.HTML(
            f"<h3>{escape(t('umkm.sales_title', lang))}</h3><p>{escape(t('umkm.sales_intro', lang))}</p>"
            f"<p style='font-size:0.9em'>{escape(t('umkm.sales_columns_help', lang, columns=columns))}</p>")
        self.sample_button = widgets.Button(description=t("umkm.sample_button", lang), button_style="primary",
                                            layout=widgets.Layout(width="auto", margin="0 0.5em 0.5em 0"))
        self.sample_button.add_class("literasi-umkm-sample")
        self.upload = self._new_upload()
        self.status = widgets.HTML(f"<p>{escape(t('umkm.waiting', lang))}</p>")
        self.status.add_class("literasi-umkm-status")
        self.totals = widgets.HTML()
        self.totals.add_class("literasi-umkm-totals")
        self.monthly = widgets.HTML()
        self.monthly.add_class("literasi-umkm-monthly")
        self.products = widgets.HTML()
        self.products.add_class("literasi-umkm-bestsellers")
        self.methods = widgets.HTML()
        self.methods.add_class("literasi-umkm-methods")
        self.sample_button.on_click(lambda _button: self.show_sample())
        self.buttons = widgets.HBox([self.sample_button, self.upload], layout=layout(flex_flow="row wrap"))
        super().__init__([heading, self.buttons, self.status, self.totals, self.monthly, self.products, self.methods],
                         layout=layout(WIDE))
        self.add_class("literasi-umkm")
        self.add_class("literasi-umkm-sales")

    def show_sample(self) -> None:
        self.show_file(read_sample_bytes(), name=None)

    def _new_upload(self) -> widgets.FileUpload:
        upload = widgets.FileUpload(accept=".csv,text/csv,text/plain", multiple=False, icon="",
                                    description=t("umkm.upload_button", self.lang), layout=widgets.Layout(width="auto"))
        upload.add_class("literasi-umkm-upload")
        upload.observe(self._uploaded, names="value")
        return upload

    def _uploaded(self, change) -> None:
        files = change["new"]
        if not files:
            return
        content, name = bytes(files[0]["content"]), str(files[0].get("name", ""))
        # Keep the learner's file nowhere once it is read: a fresh upload button replaces the one holding
        # it, and closing the old one drops its copy in the browser and in the kernel.
        used, self.upload = self.upload, self._new_upload()
        self.buttons.children = (self.sample_button, self.upload)
        used.close()
        self.show_file(content, name=name)

    def show_file(self, data: bytes, name: str | None) -> None:
        """Summarise ``data`` (CSV bytes); ``name`` is the uploaded file's name, None for the sample."""
        lang = self.lang
        try:
            summary = read_sales(data)
        except SalesFileProblem as problem:
            items = "".join(f"<li>{escape(message)}</li>" for message in problem.messages(lang))
            intro = t("umkm.upload_problem_intro", lang, name=_short_name(name or ""))
            self.status.value = (f"<div class='literasi-problem' role='alert'><p>⚠ {escape(intro)}</p>"
                                 f"<ul>{items}</ul></div>")
            for output in (self.totals, self.monthly, self.products, self.methods):
                output.value = ""
            return
        first, last = format_long_date(summary.first_day, lang), format_long_date(summary.last_day, lang)
        source = (t("umkm.source_sample", lang, first=first, last=last) if name is None
                  else t("umkm.source_upload", lang, name=_short_name(name), first=first, last=last))
        self.status.value = f"<p style='font-size:0.9em'>{escape(source)}</p>"
        self.totals.value = render_totals(summary, lang)
        self.monthly.value = render_monthly(summary, lang)
        self.products.value = render_products(summary, lang)
        self.methods.value = render_methods(summary, lang)


def _short_name(name: str) -> str:
    name = " ".join(name.split())
    return name if len(name) <= 40 else name[:39] + "…"


def method_label(method: str, lang: str) -> str:
    if method in KNOWN_METHODS or method == NOT_STATED:
        return t(f"umkm.method_{method}", lang)
    return method  # the learner's own word, as written in their file


def _money(amount: Decimal, lang: str) -> str:
    return format_rupiah(amount, lang)


def _compact(value: float, lang: str) -> str:
    return format_compact_currency(value, "IDR", locale=locale_for(lang), fraction_digits=1)


def _month(day, lang: str, pattern: str = "MMMM y") -> str:
    return format_date(day, pattern, locale=locale_for(lang))


def render_totals(summary: SalesSummary, lang: str) -> str:
    average = summary.total_revenue / summary.transactions
    rows = [
        (t("umkm.total_revenue", lang),
         f"<b class='literasi-umkm-total-revenue'>{_money(summary.total_revenue, lang)}</b>"),
        (t("umkm.total_transactions", lang), escape(format_number(summary.transactions, lang))),
        (t("umkm.total_items", lang), escape(format_number(summary.total_quantity, lang))),
        (t("umkm.average_transaction", lang), _money(average, lang)),
    ]
    table = "".join(f"<tr><th scope='row' style='text-align:left;font-weight:normal;padding-right:1em'>{escape(label)}"
                    f"</th><td style='text-align:right'>{value}</td></tr>" for label, value in rows)
    best = summary.best_seller
    sentence = t("umkm.best_seller", lang, name=best.name, quantity=format_number(best.quantity, lang),
                 revenue=_money(best.revenue, lang))
    return (f"<table class='literasi-estimate'>{table}</table>"
            f"<p class='literasi-umkm-best'><b>{escape(sentence)}</b></p>")


def render_monthly(summary: SalesSummary, lang: str) -> str:
    months = summary.monthly[-MAX_CHART_MONTHS:]
    figure = new_figure(width=4.6, height=2.4)
    axes = figure.add_subplot()
    positions = range(len(months))
    axes.bar(positions, [float(amount) for _, amount in months], color=BAR_COLOUR)
    step = 1 if len(months) <= 12 else 2
    axes.set_xticks(list(positions)[::step], [_month(day, lang, "MMM yy") for day, _ in months][::step],
                    rotation=60, fontsize=7)
    axes.set_ylabel(t("umkm.monthly_axis", lang), fontsize=8)
    axes.yaxis.set_major_formatter(lambda value, _pos: _compact(value, lang))
    axes.tick_params(axis="y", labelsize=7)
    axes.spines[["top", "right"]].set_visible(False)
    high = max(months, key=lambda month: month[1])
    low = min(months, key=lambda month: month[1])
    alt = t("umkm.monthly_alt", lang, first=_month(months[0][0], lang), last=_month(months[-1][0], lang),
            high_month=_month(high[0], lang), high=_money(high[1], lang), low_month=_month(low[0], lang),
            low=_money(low[1], lang), total=_money(sum((amount for _, amount in months), Decimal(0)), lang))
    note = ""
    if len(summary.monthly) > MAX_CHART_MONTHS:
        note = f"<p style='font-size:0.85em'>{escape(t('umkm.monthly_recent_note', lang, count=MAX_CHART_MONTHS))}</p>"
    return f"<h4>{escape(t('umkm.monthly_title', lang))}</h4>{_image(figure, alt)}{note}"


def _plain_text(label: str) -> str:
    """A learner's product name as a chart label: wrapped, and "$" shown as itself (not as math)."""
    return "\n".join(textwrap.wrap(label, 22)).replace("$", r"\$") or " "


def _image(figure, alt: str) -> str:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a glyph the font lacks (an emoji in a product name) is only skipped
        return figure_to_img_tag(figure, alt)


def _bar_chart(labels: list[str], values: list[float], value_labels: list[str], axis: str):
    figure = new_figure(width=4.6, height=0.6 + 0.42 * len(labels))
    axes = figure.add_subplot()
    positions = list(range(len(labels)))[::-1]  # the largest on top
    axes.barh(positions, values, color=BAR_COLOUR)
    axes.set_yticks(positions, [_plain_text(label) for label in labels], fontsize=8)
    top = max(values) or 1.0
    for position, value, text in zip(positions, values, value_labels, strict=True):
        axes.text(value + top * 0.02, position, text, va="center", fontsize=7)
    axes.set_xlim(0, top * 1.45)
    axes.set_xlabel(axis, fontsize=8)
    axes.tick_params(axis="x", labelsize=7)
    axes.spines[["top", "right"]].set_visible(False)
    return figure, axes


def render_products(summary: SalesSummary, lang: str) -> str:
    top = summary.products[:TOP_PRODUCTS]
    figure, _axes = _bar_chart([p.name for p in top], [float(p.quantity) for p in top],
                               [format_number(p.quantity, lang) for p in top], t("umkm.products_axis", lang))
    items = ", ".join(t("umkm.products_alt_item", lang, name=p.name, quantity=format_number(p.quantity, lang),
                        revenue=_money(p.revenue, lang)) for p in top)
    alt = t("umkm.products_alt", lang, items=items)
    return f"<h4>{escape(t('umkm.products_title', lang))}</h4>{_image(figure, alt)}"


def render_methods(summary: SalesSummary, lang: str) -> str:
    total = summary.total_revenue
    methods = [(method_label(m.method, lang), m.revenue) for m in summary.methods]
    if len(methods) > TOP_METHODS:
        rest = sum((revenue for _, revenue in methods[TOP_METHODS - 1:]), Decimal(0))
        methods = methods[:TOP_METHODS - 1] + [(t("umkm.method_others", lang), rest)]
    shares = [(revenue / total * 100) if total else Decimal(0) for _, revenue in methods]
    share_text = [format_percent_value(share.quantize(Decimal("0.1")), lang) for share in shares]
    bar_labels = [f"{text} ({_compact(float(revenue), lang)})"
                  for text, (_, revenue) in zip(share_text, methods, strict=True)]
    figure, axes = _bar_chart([label for label, _ in methods], [float(share) for share in shares], bar_labels,
                              t("umkm.methods_axis", lang))
    axes.xaxis.set_major_formatter(lambda value, _pos: format_percent_value(Decimal(str(round(value))), lang))
    items = ", ".join(t("umkm.methods_alt_item", lang, method=label, share=text, revenue=_money(revenue, lang))
                      for (label, revenue), text in zip(methods, share_text, strict=True))
    alt = t("umkm.methods_alt", lang, items=items)
    return f"<h4>{escape(t('umkm.methods_title', lang))}</h4>{_image(figure, alt)}"
