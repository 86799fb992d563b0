"""QRIS sticker checker widget: paste the text of a QRIS code, see who it pays and whether it was altered.

``QrisStickerChecker(own_sticker=True)`` is the merchant's version: check your own sticker after printing,
against the merchant name you registered and the NMID your provider gave you."""

from __future__ import annotations

from html import escape

import ipywidgets as widgets

from literasi.i18n import check_lang, t

from ..problems import Finding, InputProblem, Level
from ..ui import FIELD, WIDE, layout, problem_html, sources_html
from .core import StickerCheck, check_sticker, format_amount, load_stiker_data

__all__ = ["QrisStickerChecker"]

STYLE = {"description_width": "initial"}
# Colour is never the only signal: each finding also has an icon and says in words what it means.
# Each level's CSS class word (literasi-finding-<word>), icon, background and border colour.
LEVEL_LOOK = {
    Level.DANGER: ("danger", "⚠", "#fdecea", "#c0392b"),
    Level.CAUTION: ("caution", "⚠", "#fff4e0", "#b9770e"),
    Level.INFO: ("info", "ℹ", "#eef4fb", "#2e6da4"),
    Level.OK: ("ok", "✔", "#e9f6ef", "#1b7f5b"),
}


def _field_layout() -> widgets.Layout:
    # "row wrap": on a phone the label goes above its box instead of squeezing it off the screen.
    return layout(FIELD, flex_flow="row wrap")


class QrisStickerChecker(widgets.VBox):
    """``QrisStickerChecker(lang="id")``: paste a QRIS payload (or pick a sample) and type the shop you expect.

    ``own_sticker=True``: a merchant checks their own sticker after printing. The name box asks for the merchant
    name they registered, a second box for the NMID their provider gave them (``expected_nmid``), and the
    findings say what to do with a wrong sticker (not display it, contact the provider).
    """

    def __init__(self, lang: str = "id", payload: str = "", expected_name: str = "", *,
                 own_sticker: bool = False, expected_nmid: str = "") -> None:
        self.lang = check_lang(lang)
        self.own_sticker = bool(own_sticker)
        if expected_nmid and not self.own_sticker:
            raise ValueError("expected_nmid is the merchant's own number: pass own_sticker=True")
        reader = "owner" if self.own_sticker else "buyer"
        self._samples = {sample.id: sample for sample in load_stiker_data().samples_for(reader)}
        self._filling = False
        # The own-sticker checker's words where they differ from the buyer's (stiker.own_*).
        word = (lambda key: f"stiker.own_{key}") if self.own_sticker else (lambda key: f"stiker.{key}")
        self.sample_box = widgets.Dropdown(
            options=[(t("stiker.sample_none", lang), "")] + [(s.label[lang], s.id) for s in self._samples.values()],
            value="", description=t("stiker.sample_label", lang), style=STYLE, layout=_field_layout(),
        )
        self.payload_box = widgets.Textarea(
            value=payload, description=t("stiker.payload_label", lang), placeholder=t("stiker.payload_placeholder", lang),
            rows=5, style=STYLE, layout=_field_layout(),
        )
        self.payload_box.add_class("literasi-stiker-payload")
        self.expected_box = widgets.Text(
            value=expected_name, description=t(word("expected_label"), lang),
            placeholder=t("stiker.expected_placeholder", lang), style=STYLE, layout=_field_layout(),
        )
        self.expected_box.add_class("literasi-stiker-expected")
        fields = [self.sample_box, self.payload_box, self.expected_box]
        self.nmid_box: widgets.Text | None = None  # only the merchant knows their NMID
        if self.own_sticker:
            self.nmid_box = widgets.Text(
                value=expected_nmid, description=t("stiker.own_nmid_label", lang),
                placeholder=t("stiker.own_nmid_placeholder", lang), style=STYLE, layout=_field_layout(),
            )
            self.nmid_box.add_class("literasi-stiker-nmid")
            fields.append(self.nmid_box)
        self.result = widgets.HTML()
        self.result.add_class("literasi-stiker-result")
        self.sample_box.observe(self._sample_chosen, names="value")
        for box in fields[1:]:
            box.observe(self._typed, names="value")
        heading = widgets.HTML(f"<h3>{escape(t(word('title'), lang))}</h3>"
                               f"<p>{escape(t(word('intro'), lang))}</p>")
        super().__init__([heading, *fields, self.result], layout=layout(WIDE))
        self.add_class("literasi-stiker")
        if self.own_sticker:
            self.add_class("literasi-stiker-own")
        self.update()

    def _sample_chosen(self, change) -> None:
        sample = self._samples.get(change["new"])
        if sample is None:
            return
        self._filling = True
        try:
            self.payload_box.value = sample.payload
            self.expected_box.value = sample.expected_name
            if self.nmid_box is not None:
                self.nmid_box.value = sample.expected_nmid
        finally:
            self._filling = False
        self.update()

    def _typed(self, _change) -> None:
        if self._filling:
            return
        sample = self._samples.get(self.sample_box.value)
        if sample is not None and self.payload_box.value != sample.payload:
            self.sample_box.value = ""  # the learner's own text is no longer the sample
        self.update()

    def update(self) -> None:
        nmid = self.nmid_box.value if self.nmid_box is not None else ""
        try:
            result = check_sticker(self.payload_box.value, self.expected_box.value, nmid, own_sticker=self.own_sticker)
        except InputProblem as problem:
            if problem.key == "stiker.empty":
                self.result.value = f"<p class='literasi-hint'>{escape(problem.message(self.lang))}</p>"
            else:
                self.result.value = problem_html(problem.message(self.lang))
            return
        self.result.value = render_check(result, self.lang, own_sticker=self.own_sticker)


def render_finding(finding: Finding, lang: str) -> str:
    word, icon, background, border = LEVEL_LOOK[finding.level]
    css = "literasi-" + finding.key.replace(".", "-").replace("_", "-")
    role = " role='alert'" if finding.level is Level.DANGER else ""
    return (f"<p class='literasi-finding literasi-finding-{word} {css}'{role} "
            f"style='background:{background};border-left:4px solid {border};padding:0.4em 0.6em;margin:0.4em 0'>"
            f"<span aria-hidden='true'>{icon}</span> {escape(finding.message(lang))}</p>")


def render_check(result: StickerCheck, lang: str, *, own_sticker: bool = False) -> str:
    kind = t("stiker.kind_dynamic" if result.dynamic else "stiker.kind_static", lang)
    if result.crc_ok:
        crc = t("stiker.crc_ok", lang, crc=result.crc_in_code.upper())
    else:
        crc = t("stiker.crc_bad", lang, in_code=result.crc_in_code, computed=result.crc_computed)
    rows = [
        ("stiker.row_name", f"<b>{escape(result.merchant_name)}</b>"),
        ("stiker.row_city", escape(result.city)),
        ("stiker.row_nmid", escape(result.nmid or t("stiker.nmid_none", lang))),
        ("stiker.row_kind", escape(kind)),
    ]
    if result.amount is not None:
        rows.append(("stiker.row_amount", escape(format_amount(result.amount, lang))))
    rows.append(("stiker.row_crc", escape(crc)))
    table = "".join(
        f"<tr><th scope='row' style='text-align:left;vertical-align:top;padding-right:0.8em'>{escape(t(key, lang))}</th>"
        f"<td style='overflow-wrap:anywhere'>{value}</td></tr>"
        for key, value in rows
    )
    data = load_stiker_data()
    return (
        "".join(render_finding(finding, lang) for finding in result.findings)
        + f"<table class='literasi-stiker-details'><caption style='text-align:left;font-weight:bold'>"
        f"{escape(t('stiker.result_heading', lang))}</caption>{table}</table>"
        f"<p style='font-size:0.9em'>{escape(t('stiker.own_reminder' if own_sticker else 'stiker.reminder', lang))}</p>"
        + sources_html(data.sources.values(), lang)
    )
