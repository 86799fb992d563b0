"""What every widget's UI shares: the problem paragraph, the layout widths, and the sources footer.

**Problem paragraph.** ``problem_html(text)``: the "⚠ …" sentence a widget shows instead of a result when
the learner's input cannot be used (``role='alert'`` so a screen reader says it at once).

**Layout.** Widgets are laid out for a 390 px phone first: ``layout(WIDE)`` for a widget's outer box and
its result, ``layout(FIELD)`` for an input row; both are ``width: 100%`` with a ``max-width``.

**Sources footer.** The one source footer every widget shows: its facts' sources from the registry, as the
learner reads them. One line per fact: its topic, then each source as ``<a href=url>title</a>, publisher, sumber per <bulan
tahun>`` (the source's own date from the registry, to the month: never an invented day; the year alone
when that is all the registry knows), "(sumber sekunder)" for a fact known from news only, and "berlaku
sejak <tanggal>" only for a rule's start date (``Fact.in_force_since``, as precise as the registry gives
it). In the learner's language; never a fact id.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

import ipywidgets as widgets
from babel.lists import format_list

from literasi.facts import Fact, FactSource, PartialDate, Status
from literasi.i18n import check_lang, t

WIDE = "40em"  # a widget's outer box and its result
FIELD = "28em"  # a row of inputs, a dropdown


def layout(max_width: str | None = None, **extra: str) -> widgets.Layout:
    """A phone-first layout: full width, at most ``max_width``; ``extra`` adds other Layout traits."""
    return widgets.Layout(width="100%", max_width=max_width, **extra)


def problem_html(text: str, *, mark: bool = True) -> str:
    """The paragraph a widget shows when the learner's input cannot be used: "⚠ <sentence>", announced at
    once (``role='alert'``). ``mark=False`` is a neutral hint such as an empty field's invitation: no sign,
    and announced politely (``role='status'``), since nothing is wrong yet."""
    role, sign = ("alert", "⚠ ") if mark else ("status", "")
    return f"<p class='literasi-problem' role='{role}'>{sign}{escape(text)}</p>"


LINK_ATTRIBUTES = "target='_blank' rel='noopener noreferrer'"
_LOCALES = {"id": "id_ID", "en": "en_GB"}


def month_text(date: PartialDate, lang: str) -> str:
    """A source's date as a footer gives it: ``November 2023`` (a day is dropped), or ``2023`` when only the
    year is known."""
    return PartialDate(year=date.year, month=date.month).text(lang)


def source_html(source: FactSource, lang: str) -> str:
    """``<a href=url>title</a>, publisher, sumber per November 2023``."""
    link = f"<a href='{escape(str(source.url), quote=True)}' {LINK_ATTRIBUTES}>{escape(source.title)}</a>"
    return t("facts.source_html", lang, link=link, publisher=escape(source.publisher),
             date=escape(month_text(source.date, lang)))


def fact_html(fact: Fact, lang: str) -> str:
    """One fact's line: topic, its sources, and what its dates mean."""
    line = f"{escape(fact.topic[lang])}: " + "; ".join(source_html(source, lang) for source in fact.sources)
    if fact.status is Status.secondary:
        line += escape(t("facts.secondary", lang))
    if fact.in_force_since is not None:
        line += escape(t("facts.in_force_since", lang, date=fact.in_force_since.text(lang)))
    if fact.in_force_until is not None:
        line += escape(t("facts.in_force_until", lang, date=fact.in_force_until.text(lang)))
    return line + "."


def sources_html(facts: Iterable[Fact], lang: str, note: str = "", css_class: str = "") -> str:
    """A widget's source footer (HTML): an optional ``note`` (plain text), "Sumber:" and one item per fact,
    each fact once, in the order given."""
    lang = check_lang(lang)
    unique = list({fact.id: fact for fact in facts}.values())
    items = "".join(f"<li>{fact_html(fact, lang)}</li>" for fact in unique)
    classes = " ".join(filter(None, ("literasi-sources", css_class)))
    parts = [f"<p style='margin:0.2em 0'>{escape(note)}</p>"] if note else []
    parts.append(f"<p style='margin:0.2em 0'>{escape(t('facts.widget_sources', lang))}</p>")
    parts.append(f"<ul style='margin-top:0'>{items}</ul>")
    return f"<div class='{classes}' style='font-size:0.85em'>{''.join(parts)}</div>"


def publishers(facts: Iterable[Fact], lang: str) -> str:
    """``Bisnis.com dan ANTARA``: who published the sources of ``facts``, each once ("menurut …", a table cell)."""
    names = list(dict.fromkeys(source.publisher for fact in facts for source in fact.sources))
    return format_list(names, locale=_LOCALES[check_lang(lang)])
