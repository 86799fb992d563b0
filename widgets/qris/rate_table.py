"""The QRIS rate table as the learner sees it: every rate with its "berlaku sejak" date and who published it.

Each cell carries its column's name (``data-label``), so on a narrow screen the site's stylesheet shows one
card per row ("Jenis usaha: …", "MDR: …") instead of four squeezed columns. The facts' sources follow the
table in the shared source footer (no fact ids).
"""

from __future__ import annotations

from html import escape

import ipywidgets as widgets

from literasi.i18n import check_lang, t

from ..money import format_long_date, format_percent_value, format_rupiah
from ..ui import publishers, sources_html
from .core import load_qris_rules

__all__ = ['qris_rate_table']

COLUMNS = ("qris.table_category", "qris.table_rate", "qris.table_since", "qris.table_source")


def _cell(column: str, text: str, lang: str, tag: str = "td", extra: str = "") -> str:
    label = escape(t(column, lang), quote=True)
    return f"<{tag}{extra} data-label='{label}'>{escape(text)}</{tag}>"


def qris_rate_table_html(lang: str = "id") -> str:
    rules = load_qris_rules()
    rows = []
    for category in rules.categories:
        rate = format_percent_value(category.mdr_percent, lang)
        if category.free_up_to is not None:
            rate = t("qris.rate_with_free", lang, zero=format_percent_value(0, lang),
                     limit=format_rupiah(category.free_up_to, lang), rate=rate)
        cells = (
            _cell(COLUMNS[0], category.label[lang], lang, "th", " scope='row' style='text-align:left'"),
            _cell(COLUMNS[1], rate, lang, extra=" class='literasi-rate'"),
            _cell(COLUMNS[2], format_long_date(category.valid_from, lang), lang, extra=" class='literasi-since'"),
            _cell(COLUMNS[3], publishers((rules.sources[fact] for fact in category.facts), lang), lang),
        )
        rows.append(f"<tr>{''.join(cells)}</tr>")
    header = "".join(f"<th scope='col' style='text-align:left'>{escape(t(key, lang))}</th>" for key in COLUMNS)
    limit = t("qris.table_limit", lang, limit=format_rupiah(rules.max_per_transaction, lang),
              date=format_long_date(rules.limit.valid_from, lang))
    cited = {fact for category in rules.categories for fact in category.facts} | set(rules.limit.facts)
    return (
        f"<table class='literasi-rates'><caption>{escape(t('qris.table_caption', lang))}</caption>"
        f"<thead><tr>{header}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
        f"<p class='literasi-rates-limit'>{escape(limit)}</p>"
        + sources_html((fact for fact_id, fact in rules.sources.items() if fact_id in cited), lang)
    )


def qris_rate_table(lang: str = "id") -> widgets.HTML:
    return widgets.HTML(qris_rate_table_html(check_lang(lang)))
