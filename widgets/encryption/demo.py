"""The eavesdropper demo: a message, a way of sending it, and what the sender, an eavesdropper on the network and
a phone or account thief see, side by side (stacked on a phone), with a verdict that says why."""

from __future__ import annotations

from html import escape

import ipywidgets as widgets

from literasi.i18n import check_lang, t

from ..problems import InputProblem
from ..ui import FIELD, WIDE, layout, problem_html, sources_html
from .core import KEY_BITS, Delivery, Sight, View, load_encryption_data, send

__all__ = ["EavesdropperDemo"]

STYLE = {"description_width": "initial"}
# Colour is never the only signal: every verdict starts with its word (Bahaya, Waspada, Aman).
LEVEL_COLOURS = {"danger": "#a3261b", "caution": "#8a4b00", "ok": "#1b6e3a"}
NEUTRAL = "#37474f"
SIGHT_COLOURS = {Sight.PLAIN: "#a3261b", Sight.UNLOCKED: "#a3261b", Sight.LOCKED: "#1b6e3a", Sight.NO_COPY: NEUTRAL}
CARD_STYLE = ("flex:1 1 13em;min-width:0;border:1px solid #c9c9c9;border-radius:6px;padding:0.5em 0.6em;"
              "box-sizing:border-box")
SHOWN_STYLE = ("white-space:pre-wrap;word-break:break-word;overflow-wrap:anywhere;font-family:monospace;"
               "font-size:0.9em;background:#f3f3f3;border-radius:4px;padding:0.35em;margin:0.3em 0")


class EavesdropperDemo(widgets.VBox):
    """``EavesdropperDemo(lang="id")``: pick or type a message, choose how to send it, read who sees what."""

    def __init__(self, lang: str = "id", sample: str | None = None, channel: str | None = None) -> None:
        self.lang = check_lang(lang)
        data = load_encryption_data()
        first = data.sample(sample) if sample else data.samples[0]
        self.sample_choice = widgets.Dropdown(
            options=[(item.label[lang], item.id) for item in data.samples], value=first.id,
            description=t("encryption.sample_label", lang), style=STYLE, layout=layout(FIELD))
        self.sample_choice.add_class("literasi-encryption-sample")
        self.message_box = widgets.Textarea(
            value=first.text[lang], placeholder=t("encryption.message_placeholder", lang),
            description=t("encryption.message_label", lang), rows=3, continuous_update=False, style=STYLE,
            layout=layout(WIDE))
        self.message_box.add_class("literasi-encryption-message")
        self.channel_choice = widgets.RadioButtons(
            options=[(item.label[lang], item.id) for item in data.channels],
            value=data.channel(channel).id if channel else data.channels[0].id,
            description=t("encryption.channel_label", lang), style=STYLE, layout=layout(WIDE))
        self.channel_choice.add_class("literasi-encryption-channel")
        self.send_button = widgets.Button(description=t("encryption.send", lang), button_style="primary",
                                          layout=layout(FIELD, height="auto"))
        self.send_button.add_class("literasi-encryption-send")
        self.result = widgets.HTML()
        self.result.add_class("literasi-result")
        self.result.add_class("literasi-encryption-result")
        self.sources = widgets.HTML(sources_html(data.sources.values(), lang, note=t("encryption.how", lang)))
        self.sources.add_class("literasi-encryption-sources")
        self.sample_choice.observe(self._on_sample, names="value")
        self.message_box.observe(lambda _change: self.update(), names="value")
        self.channel_choice.observe(lambda _change: self.update(), names="value")
        self.send_button.on_click(lambda _button: self.update())
        heading = widgets.HTML(f"<h3>{escape(t('encryption.title', lang))}</h3>"
                               f"<p>{escape(t('encryption.intro', lang))}</p>")
        super().__init__([heading, self.sample_choice, self.message_box, self.channel_choice, self.send_button,
                          self.result, self.sources], layout=layout(WIDE))
        self.add_class("literasi-encryption")
        self.update()

    def _on_sample(self, change) -> None:
        text = load_encryption_data().sample(change["new"]).text[self.lang]
        if self.message_box.value == text:
            self.update()
        else:
            self.message_box.value = text  # its observer sends

    def update(self) -> None:
        """Send the message again (a fresh key every time) and show who sees what."""
        try:
            delivery = send(self.message_box.value, self.channel_choice.value)
        except InputProblem as problem:
            self.result.value = problem_html(problem.message(self.lang))
            return
        self.result.value = render_delivery(delivery, self.lang)


def _sender_extra(delivery: Delivery, lang: str) -> str:
    sealed = delivery.sealed
    if sealed is None:
        return t("encryption.plain_line", lang)
    if sealed.password is not None:
        return t("encryption.password_line", lang, password=sealed.password)
    key = sealed.key.hex()[:8]
    return t("encryption.key_line", lang, start=f"{key[:4]} {key[4:]}", bits=KEY_BITS)


def _card(view: View, lang: str, extra: str = "") -> str:
    shown = view.shown if view.sight is not Sight.NO_COPY else t("encryption.no_copy_shown", lang)
    note = t("encryption.sender_note", lang) if view.who == "sender" else view.note[lang]
    colour = NEUTRAL if view.who == "sender" else SIGHT_COLOURS[view.sight]  # reading your own message is no risk
    lines = [
        f"<p style='margin:0'><b>{escape(t('encryption.' + view.who, lang))}</b></p>",
        f"<p class='literasi-encryption-sight' style='margin:0.2em 0;color:{colour}'>"
        f"<b>{escape(t('encryption.sight_' + view.sight.value, lang))}</b></p>",
        f"<div class='literasi-encryption-shown' style='{SHOWN_STYLE}'>{escape(shown)}</div>",
    ]
    if extra:
        lines.append(f"<p class='literasi-encryption-key' style='font-size:0.85em;margin:0.2em 0'>{escape(extra)}</p>")
    lines.append(f"<p style='font-size:0.85em;margin:0.2em 0'>{escape(note)}</p>")
    return (f"<div class='literasi-encryption-view literasi-encryption-{view.who}' style='{CARD_STYLE}'>"
            + "".join(lines) + "</div>")


def render_delivery(delivery: Delivery, lang: str) -> str:
    """The three views side by side (they wrap to a column on a phone), then the verdict and why."""
    cards = [_card(delivery.sender, lang, _sender_extra(delivery, lang)), _card(delivery.network, lang),
             _card(delivery.thief, lang)]
    verdict = delivery.verdict
    colour = LEVEL_COLOURS[verdict.level]
    parts = [
        f"<div class='literasi-encryption-views' style='display:flex;flex-wrap:wrap;gap:0.5em'>{''.join(cards)}</div>",
        f"<p class='literasi-encryption-verdict literasi-encryption-verdict-{verdict.level}' role='status' "
        f"style='border-left:4px solid {colour};padding-left:0.6em;margin-top:0.8em'>"
        f"<b style='color:{colour}'>{escape(t('encryption.level_' + verdict.level, lang))}:</b> "
        f"{escape(verdict.text[lang])}</p>",
    ]
    if delivery.nik_like is not None:
        parts.append(f"<p class='literasi-encryption-nik' style='padding-left:0.6em'>"
                     f"{escape(delivery.nik_like.text[lang])}</p>")
    return "".join(parts)
