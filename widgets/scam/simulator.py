"""Scam message simulator widget: a fictional message on a phone screen, 3–4 actions, feedback that says why."""

from __future__ import annotations

from html import escape

import ipywidgets as widgets

from literasi.i18n import check_lang, t

from ..problems import InputProblem
from ..ui import WIDE, layout, problem_html, sources_html
from .core import Feedback, Message, ScamSession, Scenario, message_time

__all__ = ["ScamMessageSimulator"]

HEADER_COLOURS = {"whatsapp": "#075e54", "sms": "#37474f", "payment": "#0b5d8c"}
VERDICT_COLOURS = {"aman": "#1b6e3a", "berisiko": "#8a4b00", "bahaya": "#a3261b"}
# Small grey text (times, captions): at least 4.5:1 on every background of the phone (white, #fafafa receipt,
# #fff8c5 notice, #f0f2f5 file card); WhatsApp's lighter #667781 falls short on the receipt and the notice.
SECONDARY_TEXT = "#54656f"


class ScamMessageSimulator(widgets.VBox):
    """``ScamMessageSimulator(lang="id")``: read the message, pick an action, read why; next/previous.

    ``topic="judol-pinjol"`` shows only that topic's scenarios (see ``core.TOPICS``); ``start`` opens one scenario.
    """

    def __init__(self, lang: str = "id", start: str | None = None, topic: str | None = None) -> None:
        self.lang = check_lang(lang)
        self.session = ScamSession(lang=self.lang, topic=topic)
        if start is not None:
            self.session.go_to(start)
        self.progress = widgets.HTML()
        self.progress.add_class("literasi-progress")
        self.phone = widgets.HTML()
        self.phone.add_class("literasi-phone")
        self.choices = widgets.RadioButtons(options=[], value=None, layout=layout(WIDE))
        self.choices.add_class("literasi-choices")
        self.feedback = widgets.HTML()
        self.feedback.add_class("literasi-feedback")
        self.score = widgets.HTML()
        self.score.add_class("literasi-score")
        self.previous_button = widgets.Button(description=t("penipuan.previous", self.lang))
        self.next_button = widgets.Button(description=t("penipuan.next", self.lang), button_style="primary")
        self.previous_button.on_click(lambda _: self.show(self.session.go_previous()))
        self.next_button.on_click(lambda _: self.show(self.session.go_next()))
        self._showing = False
        self.choices.observe(self._on_pick, names="value")
        heading = widgets.HTML(f"<h3>{escape(t('penipuan.title', self.lang))}</h3>"
                               f"<p>{escape(t('penipuan.intro', self.lang))}</p>")
        question = widgets.HTML(f"<p><b>{escape(t('penipuan.question', self.lang))}</b></p>")
        navigation = widgets.HBox([self.previous_button, self.next_button],
                                  layout=widgets.Layout(flex_flow="row wrap", justify_content="space-between"))
        super().__init__([heading, self.progress, self.phone, question, self.choices, self.feedback, self.score,
                          navigation], layout=layout(WIDE))
        self.add_class("literasi-penipuan")
        self.show(self.session.scenario)

    def show(self, scenario: Scenario) -> None:
        """Put the current scenario on screen, with the learner's last pick (if any) and its feedback."""
        lang = self.lang
        self.progress.value = "<p><b>{}</b></p><p>{}</p>".format(
            escape(t("penipuan.progress", lang, number=self.session.index + 1, total=self.session.total,
                     title=scenario.title[lang])),
            escape(scenario.fill(scenario.intro, lang)),
        )
        self.phone.value = render_phone(scenario, lang)
        self._showing = True
        try:
            self.choices.value = None
            self.choices.options = [(scenario.fill(choice.label, lang), choice.id) for choice in scenario.choices]
            last = self.session.last_pick()
            self.choices.value = last
        finally:
            self._showing = False
        self.feedback.value = render_feedback(self.session.review(last), lang) if last else ""
        self.previous_button.disabled = self.session.index == 0
        self.next_button.disabled = self.session.index == self.session.total - 1
        self._update_score()

    def pick(self, choice_id: str) -> None:
        """Choose an action by id, as a click on its option does."""
        self.choices.value = choice_id

    def _on_pick(self, change) -> None:
        if self._showing or change["new"] is None:
            return
        try:
            feedback = self.session.pick(change["new"])
        except InputProblem as problem:
            self.feedback.value = problem_html(problem.message(self.lang))
            return
        self.feedback.value = render_feedback(feedback, self.lang)
        self._update_score()

    def _update_score(self) -> None:
        score = self.session.score()
        if score.answered:
            line = t("penipuan.score", self.lang, safe=score.safe, answered=score.answered, total=score.total)
        else:
            line = t("penipuan.score_empty", self.lang, total=score.total)
        self.score.value = (f"<p><b>{escape(line)}</b><br><small>{escape(t('penipuan.score_note', self.lang))}"
                            "</small></p>")


def _bubble(inner: str, time: str, extra_style: str = "") -> str:
    stamp = f"<div style='text-align:right;font-size:.72rem;color:{SECONDARY_TEXT}'>{escape(time)}</div>" if time else ""
    return ("<div style='background:#fff;border-radius:.6rem;padding:.45rem .6rem;margin:.4rem 2.2rem .4rem 0;"
            f"box-shadow:0 1px 1px rgba(0,0,0,.15);{extra_style}'>{inner}{stamp}</div>")


def render_message(scenario: Scenario, message: Message, lang: str) -> str:
    time = message_time(message, lang)
    kind = message.kind
    if kind == "text":
        return _bubble(f"<div class='literasi-bubble-text'>{escape(scenario.fill(message.text, lang))}</div>", time)
    if kind == "file":
        inner = ("<div style='display:flex;gap:.5rem;align-items:center;background:#f0f2f5;border-radius:.4rem;"
                 "padding:.4rem'><span aria-hidden='true' style='flex:none;background:#3ddc84;color:#073042;"
                 "font-weight:700;font-size:.75rem;border-radius:.3rem;padding:.55rem .35rem'>APK</span>"
                 f"<span><b style='word-break:break-all'>{escape(message.file)}</b><br>"
                 f"<small>{escape(t('penipuan.file_kind', lang))}</small></span></div>")
        return _bubble(inner, time)
    if kind == "notice":
        return ("<div style='background:#fff8c5;border:1px solid #e0d68a;border-radius:.5rem;padding:.4rem .6rem;"
                f"margin:.4rem .6rem;font-size:.88rem'>✉ {escape(scenario.fill(message.notice, lang))}"
                f"<div style='text-align:right;font-size:.72rem;color:{SECONDARY_TEXT}'>{escape(time)}</div></div>")
    if kind == "receipt":
        receipt = message.receipt
        inner = (f"<div style='font-size:.75rem;color:{SECONDARY_TEXT}'>{escape(t('penipuan.screenshot', lang))}</div>"
                 "<div style='border:1px solid #cfd8dc;border-radius:.4rem;padding:.5rem;text-align:center;"
                 "background:#fafafa'>"
                 f"<div style='font-size:.8rem'>{escape(receipt.bank)}</div>"
                 f"<div style='color:#1b6e3a;font-weight:700'>✔ {escape(t('penipuan.receipt_title', lang))}</div>"
                 f"<div style='font-size:1.3rem;font-weight:700'>{escape(scenario.amount(receipt.amount, lang))}</div>"
                 f"<div style='font-size:.8rem'>{escape(t('penipuan.receipt_to', lang))}: {escape(receipt.to)}</div>"
                 f"<div style='font-size:.75rem;color:{SECONDARY_TEXT}'>{escape(t('penipuan.receipt_reference', lang))}: "
                 f"{escape(receipt.reference)}</div></div>")
        return _bubble(inner, time)
    payment = message.payment
    return ("<div style='background:#fff;border-radius:.6rem;padding:.8rem;margin:.4rem 0;text-align:center'>"
            f"<div style='font-weight:700;margin-bottom:.5rem'>{escape(t('penipuan.payment_title', lang))}</div>"
            f"<div style='font-size:.8rem;color:{SECONDARY_TEXT}'>{escape(t('penipuan.payment_merchant', lang))}</div>"
            f"<div class='literasi-merchant' style='font-size:1.1rem;font-weight:700'>{escape(payment.merchant)}</div>"
            f"<div style='font-size:.8rem;color:{SECONDARY_TEXT};margin-top:.4rem'>{escape(t('penipuan.payment_amount', lang))}"
            f"</div><div style='font-size:1.3rem;font-weight:700'>{escape(scenario.amount(payment.amount, lang))}</div>"
            "<div aria-hidden='true' style='margin-top:.7rem;background:#0b5d8c;color:#fff;border-radius:1rem;"
            f"padding:.4rem'>{escape(t('penipuan.payment_button', lang))}</div></div>")


def render_phone(scenario: Scenario, lang: str) -> str:
    """The scenario as a phone screen: a coloured header with the sender, then the messages."""
    sender = scenario.sender if isinstance(scenario.sender, str) else scenario.sender[lang]
    subtitle = t(f"penipuan.app_{scenario.app}", lang)
    if scenario.number:
        subtitle = f"{scenario.number} · {subtitle}"
    if not scenario.saved:
        subtitle += " · " + t("penipuan.unsaved", lang)
    body = "".join(render_message(scenario, message, lang) for message in scenario.messages)
    background = "#e9eef2" if scenario.app == "payment" else "#efeae2"
    return (
        f"<div role='group' aria-label='{escape(t('penipuan.phone_label', lang), quote=True)}' "
        "style='max-width:21rem;margin:.5rem auto;border:7px solid #263238;border-radius:1.4rem;overflow:hidden;"
        f"background:{background};font-size:.9rem;line-height:1.4'>"
        f"<div style='background:{HEADER_COLOURS[scenario.app]};color:#fff;padding:.5rem .75rem'>"
        f"<div style='font-size:.7rem;opacity:.9'>{escape(t('penipuan.fictional', lang))}</div>"
        f"<div class='literasi-sender' style='font-weight:700;word-break:break-word'>{escape(sender)}</div>"
        f"<div style='font-size:.78rem;opacity:.9'>{escape(subtitle)}</div></div>"
        f"<div style='padding:.4rem .6rem .6rem'>{body}</div></div>"
    )


def render_feedback(feedback: Feedback, lang: str) -> str:
    verdict = feedback.choice.verdict
    parts = [
        f"<p class='literasi-verdict literasi-verdict-{verdict}' style='color:{VERDICT_COLOURS[verdict]}'>"
        f"<b>{escape(t(f'penipuan.verdict_{verdict}', lang))}</b></p>",
        f"<p class='literasi-why'>{escape(feedback.why)}</p>",
    ]
    if verdict != "aman":
        parts.append(f"<p>{escape(t('penipuan.reassure', lang))}</p>")
    parts.append(f"<p><b>{escape(t('penipuan.next_steps', lang))}</b></p><ul>"
                 + "".join(f"<li>{escape(step)}</li>" for step in feedback.next_steps) + "</ul>")
    channels = "".join(
        f"<li><b>{escape(channel.name[lang])}</b>: "
        f"<span class='literasi-channel-address'>{escape(channel.address if isinstance(channel.address, str) else channel.address[lang])}"
        f"</span>. {escape(channel.when[lang])}</li>"
        for channel in feedback.channels
    )
    parts.append(f"<div class='literasi-report'><p><b>{escape(t('penipuan.report', lang))}</b></p><ul>{channels}</ul></div>")
    parts.append(sources_html(feedback.sources, lang))
    return "".join(parts)
