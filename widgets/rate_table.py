"""The QRIS rate table as the learner sees it: every rate with its "berlaku sejak" date and source."""

from __future__ import annotations

from html import escape

import ipywidgets as widgets

from literasi.i18n import check_lang, t

from .money import format_long_date, format_percent_value, format_rupiah
from .qris_fees import load_qris_rules

__all__ = ['qris_rate_table']


def qris_rate_table_html(lang: str = "id") -> str:
    rules = load_qris_rules()
    rows = []
    for category in rules.categories:
        rate = format_percent_value(category.mdr_percent, lang)
        if category.free_up_to is not None:
            rate = t("qris.rate_with_free", lang, zero=format_percent_value(0, lang),
                     limit=format_rupiah(category.free_up_to, lang), rate=rate)
        rows.append(
            f"<tr><td>{escape(category.label[lang])}</td><td>{escape(rate)}</td>"
            f"<td>{escape(format_long_date(category.valid_from, lang))}</td>"
            f"<td>{escape(', '.join(category.facts))}</td></tr>"
        )
    header = "".join(f"<th scope='col' style='text-align:left'>{escape(t(key, lang))}</th>"
                     for key in ("qris.table_category", "qris.table_rate", "qris.table_since", "qris.table_source"))
    limit = t("qris.table_limit", lang, limit=format_rupiah(rules.max_per_transaction, lang),
              date=format_long_date(rules.max_valid_from, lang))
    sources = "; ".join(
        f"{escape(source.fact)}: <a href='{escape(str(source.url), quote=True)}' rel='noopener noreferrer'>"
        f"{escape(source.publisher)}</a> ({escape(format_long_date(source.as_of, lang))})"
        for source in rules.sources.values()
    )
    return (
        f"<table class='literasi-rates'><caption>{escape(t('qris.table_caption', lang))}</caption>"
        f"<thead><tr>{header}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
        f"<p>{escape(limit)} ({', '.join(rules.max_facts)})</p>"
        f"<p style='font-size:0.85em'>{escape(t('qris.table_sources', lang))} {sources}</p>"
    )


def qris_rate_table(lang: str = "id") -> widgets.HTML:
    return widgets.HTML(qris_rate_table_html(check_lang(lang)))
