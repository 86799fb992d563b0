"""Suspicious link inspector widget: paste a link, see aman / waspada / bahaya with a sentence per reason.

The link is only read as text (``link/core.py``); it is never opened, fetched or looked up, and the
result shows it as plain text, never as a clickable link.
"""

from __future__ import annotations

from html import escape

import ipywidgets as widgets

from literasi.i18n import check_lang, t

from ..problems import InputProblem, Level
from ..ui import WIDE, layout, problem_html, sources_html
from .core import LinkReport, inspect_link
from .data import load_tautan_data

__all__ = ["LinkInspector", "TautanInspector"]

LINK_FIELD = "32em"  # wider than ui.FIELD: a pasted link is long
STYLE = {"description_width": "initial"}
# Colour is never the only signal: each verdict and reason also has a symbol and a word. The symbols are
# plain text ones that phone fonts have (no colour emoji).
VERDICT_LOOK = {"aman": ("✔", "#1b7f5b"), "waspada": ("⚠", "#8a5a00"), "bahaya": ("✖", "#b71c1c")}
# Each level's CSS class word (literasi-tautan-<word>) and mark.
LEVEL_LOOK = {Level.DANGER: ("bahaya", "✖"), Level.CAUTION: ("waspada", "⚠"), Level.INFO: ("info", "ℹ"),
              Level.OK: ("baik", "✔")}
# Fictional examples: the look-alike ones imitate real sites the way scam messages do.
EXAMPLES = (
    "https://www.bi.go.id",
    "http://bi-go-id.xyz/login",
    "https://0jk.go.id.verifikasi.co/",
    "https://www.bi.go.id@hadiah-umkm.xyz/klaim",
    "https://tokopedia-promo.shop/voucher",
    "https://s.id/bansos-umkm",
)


class LinkInspector(widgets.VBox):
    """``LinkInspector(lang="id")``: paste a link from a message and see whether it looks safe, and why.
    Lessons written earlier call it ``TautanInspector`` (the same class)."""

    def __init__(self, lang: str = "id", link: str = "") -> None:
        self.lang = check_lang(lang)
        self.link_box = widgets.Text(
            value=link, description=t("tautan.link_label", lang), placeholder=t("tautan.link_placeholder", lang),
            style=STYLE, layout=layout(LINK_FIELD, flex_flow="row wrap"),
        )
        self.examples = widgets.Dropdown(
            options=[(t("tautan.examples_none", lang), "")] + [(example, example) for example in EXAMPLES],
            value="", description=t("tautan.examples_label", lang), style=STYLE,
            layout=layout(LINK_FIELD, flex_flow="row wrap"),
        )
        self.result = widgets.HTML()
        self.result.add_class("literasi-tautan-result")
        self.link_box.observe(lambda _change: self.update(), names="value")
        self.examples.observe(self._use_example, names="value")
        footer = widgets.HTML(footer_html(self.lang))
        footer.add_class("literasi-tautan-notes")
        super().__init__(
            [widgets.HTML(f"<h3>{escape(t('tautan.title', lang))}</h3>"
                          f"<p style='font-size:0.9em'>{escape(t('tautan.intro', lang))}</p>"),
             self.link_box, self.examples, self.result, footer],
            layout=layout(WIDE),
        )
        self.add_class("literasi-tautan")
        self.update()

    def _use_example(self, change: dict) -> None:
        if change["new"]:
            self.link_box.value = change["new"]

    def update(self) -> None:
        try:
            report = inspect_link(self.link_box.value)
        except InputProblem as problem:
            self.result.value = problem_html(problem.message(self.lang), mark=problem.key != "tautan.empty")
            return
        self.result.value = render_report(report, self.lang)


def _host_html(report: LinkReport) -> str:
    host, owner = report.host_display, report.registered_domain
    if owner and host.endswith(owner):
        front = host[: len(host) - len(owner)]
        return f"{escape(front)}<b style='background:#fff3c4'>{escape(owner)}</b>"
    return escape(host)


def render_report(report: LinkReport, lang: str) -> str:
    icon, colour = VERDICT_LOOK[report.verdict]
    verdict_word = t(f"tautan.verdict_{report.verdict}", lang)
    verdict = (f"<p class='literasi-tautan-verdict' role='status' style='font-size:1.25em;margin:0.4em 0;"
               f"padding:0.3em 0.6em;border-left:6px solid {colour};color:{colour}'>"
               f"{icon} <b>{escape(t('tautan.verdict_line', lang, verdict=verdict_word))}</b></p>")
    where = ""
    if report.host:
        label = "tautan.real_site" if report.registered_domain else "tautan.real_site_ip"
        owner = report.registered_domain or report.host_display
        where = (f"<p style='margin:0.3em 0'>{escape(t(label, lang))} "
                 f"<b class='literasi-tautan-owner' style='overflow-wrap:anywhere'>{escape(owner)}</b></p>"
                 f"<p style='margin:0.3em 0;font-size:0.9em;overflow-wrap:anywhere'>{escape(t('tautan.host_line', lang))} "
                 f"<span class='literasi-tautan-host'>{_host_html(report)}</span></p>")
    reasons = "".join(f"<li class='literasi-tautan-{LEVEL_LOOK[f.level][0]}'>{LEVEL_LOOK[f.level][1]} "
                      f"{escape(f.message(lang))}</li>" for f in report.findings)
    advice = t(f"tautan.next_{report.verdict}", lang)
    if report.verdict == "bahaya":
        advice += " " + t("tautan.next_report", lang)
    return (verdict + where
            + f"<p style='margin:0.5em 0 0.2em'><b>{escape(t('tautan.reasons_heading', lang))}</b></p>"
            + f"<ul class='literasi-tautan-reasons' style='margin:0;padding-left:1.2em;list-style:none'>{reasons}</ul>"
            + f"<p class='literasi-tautan-advice' style='margin:0.6em 0'><b>{escape(advice)}</b></p>")


def footer_html(lang: str) -> str:
    data = load_tautan_data()
    return (f"<p style='font-size:0.9em'>{escape(t('tautan.read_from_right', lang))}</p>"
            f"<p style='font-size:0.8em'>{escape(t('tautan.lists_note', lang))}</p>"
            + sources_html(data.sources.values(), lang))


TautanInspector = LinkInspector  # the name lessons use (tautan: link)
