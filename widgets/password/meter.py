"""Password strength meter widget: a masked box in, a strength bar with words and reasons out.

The typed password lives only in the Password widget's value; the result shown holds nothing of it.
"""

from __future__ import annotations

from html import escape

import ipywidgets as widgets

from literasi.i18n import check_lang, t

from ..money import format_number
from ..problems import InputProblem
from ..ui import FIELD, WIDE, layout, problem_html, publishers, sources_html
from .core import (
    PASSPHRASE_WORDS,
    PasswordAssessment,
    assess_password,
    load_sandi_data,
    passphrase_combinations,
    suggest_passphrase,
    time_in_words,
)

__all__ = ["PasswordMeter", "SandiMeter"]

STYLE = {"description_width": "initial"}


class PasswordMeter(widgets.VBox):
    """``PasswordMeter(lang="id")``: type an example password, see how easy it is to guess and why. Lessons
    written earlier call it ``SandiMeter`` (the same class)."""

    def __init__(self, lang: str = "id") -> None:
        self.lang = check_lang(lang)
        self.password_box = widgets.Password(
            description=t("sandi.password_label", lang), placeholder=t("sandi.password_placeholder", lang),
            style=STYLE, layout=layout(FIELD, flex_flow="row wrap"),
        )
        self.name_box = widgets.Text(
            description=t("sandi.name_label", lang), placeholder=t("sandi.name_placeholder", lang),
            style=STYLE, layout=layout(FIELD, flex_flow="row wrap"),
        )
        self.birth_box = widgets.Text(
            description=t("sandi.birth_label", lang), placeholder=t("sandi.birth_placeholder", lang),
            style=STYLE, layout=layout(FIELD, flex_flow="row wrap"),
        )
        self.result = widgets.HTML()
        self.result.add_class("literasi-sandi-result")
        self.passphrase = widgets.HTML()
        self.passphrase.add_class("literasi-sandi-passphrase")
        self.passphrase_button = widgets.Button(description=t("sandi.passphrase_button", lang), icon="refresh")
        self.passphrase_button.on_click(lambda _button: self.new_passphrase())
        for box in (self.password_box, self.name_box, self.birth_box):
            box.observe(lambda _change: self.update(), names="value")
        tips = widgets.HTML(tips_html(self.lang))
        tips.add_class("literasi-sandi-tips")
        super().__init__(
            [
                widgets.HTML(f"<h3>{escape(t('sandi.title', lang))}</h3>"
                             f"<p style='font-size:0.9em'>{escape(t('sandi.privacy', lang))}</p>"),
                self.password_box,
                widgets.HTML(f"<p style='font-size:0.85em;margin:0.3em 0'>{escape(t('sandi.hints_note', lang))}</p>"),
                self.name_box, self.birth_box, self.result,
                self.passphrase, self.passphrase_button, tips,
            ],
            layout=layout(WIDE),
        )
        self.add_class("literasi-sandi")
        self.update()
        self.new_passphrase()

    def update(self) -> None:
        try:
            assessment = assess_password(self.password_box.value, self.name_box.value, self.birth_box.value)
        except InputProblem as problem:
            self.result.value = problem_html(problem.message(self.lang), mark=problem.key != "sandi.empty")
            return
        self.result.value = render_assessment(assessment, self.lang)

    def new_passphrase(self) -> None:
        self.passphrase.value = render_passphrase(suggest_passphrase(), self.lang)


def render_assessment(assessment: PasswordAssessment, lang: str) -> str:
    level = t(assessment.level_key, lang)
    score_line = t("sandi.score_line", lang, level=level, score=assessment.score)
    width = (assessment.score + 1) * 20
    bar = (
        f"<div role='img' aria-label='{escape(t('sandi.bar_alt', lang, level=level, score=assessment.score), quote=True)}'"
        " style='background:#e5e7eb;border:1px solid #9ca3af;border-radius:6px;height:16px;width:100%;max-width:24em'>"
        f"<div class='literasi-sandi-bar' style='width:{width}%;height:100%;background:{assessment.colour};"
        "border-radius:5px'></div></div>"
    )
    level_html = (f"<p class='literasi-sandi-level' role='status' style='margin:0.3em 0;color:{assessment.colour}'>"
                  f"<b>{escape(score_line)}</b></p>")
    times = (
        f"<p style='margin:0.5em 0 0.2em'>{escape(t('sandi.time_heading', lang))}</p><ul style='margin:0'>"
        f"<li>{escape(t('sandi.time_online', lang, time=time_in_words(assessment.online_seconds, lang)))}</li>"
        f"<li>{escape(t('sandi.time_offline', lang, time=time_in_words(assessment.offline_seconds, lang)))}</li>"
        f"</ul><p style='font-size:0.8em;margin:0.2em 0'>{escape(t('sandi.time_note', lang))}</p>"
    )
    reasons = "".join(f"<li>{escape(reason.message(lang))}</li>" for reason in assessment.reasons)
    reasons_html = (f"<p style='margin:0.5em 0 0.2em'><b>{escape(t('sandi.reasons_heading', lang))}</b></p>"
                    f"<ul class='literasi-sandi-reasons' style='margin:0'>{reasons}</ul>") if reasons else ""
    return bar + level_html + reasons_html + times


def render_passphrase(phrase: str, lang: str) -> str:
    explain = t("sandi.passphrase_explain", lang, words=PASSPHRASE_WORDS,
                size=format_number(len(load_sandi_data().phrase_words), lang),
                combinations=format_number(passphrase_combinations(), lang))
    return (
        f"<h4>{escape(t('sandi.passphrase_heading', lang))}</h4>"
        f"<p><code class='literasi-sandi-phrase' style='font-size:1.1em;overflow-wrap:anywhere'>{escape(phrase)}</code></p>"
        f"<p style='font-size:0.9em'>{escape(explain)}</p>"
        f"<p style='font-size:0.9em'>{escape(t('sandi.passphrase_note', lang))}</p>"
        f"<p style='font-size:0.8em'>{escape(t('sandi.passphrase_list_note', lang))}</p>"
    )


def tips_html(lang: str) -> str:
    """2FA and OTP advice with its sources (OJK via F-SCAM-02, Bank Indonesia via F-SCAM-12, IASC via F-SCAM-05)."""
    data = load_sandi_data()
    never = "".join(f"<li>{escape(t(f'sandi.never_share.{item}', lang))}</li>" for item in data.never_share)
    bi_tips = "".join(f"<li>{escape(text)}</li>" for text in (
        t("sandi.tips_bi_length", lang, min=data.min_length), t("sandi.tips_bi_pattern", lang),
        t("sandi.tips_bi_different", lang)))
    return (
        f"<h4>{escape(t('sandi.tips_heading', lang))}</h4>"
        f"<p>{escape(t('sandi.tips_2fa', lang))}</p>"
        f"<p>{escape(t('sandi.tips_never_share', lang, source=publishers((data.sources[f] for f in data.never_share_facts), lang)))}</p>"
        f"<ul>{never}</ul>"
        f"<p><b>{escape(t('sandi.tips_otp', lang))}</b></p>"
        f"<p>{escape(t('sandi.tips_bi', lang, source=publishers((data.sources[f] for f in data.min_length_facts), lang)))}</p><ul>{bi_tips}</ul>"
        f"<p>{escape(t('sandi.tips_report', lang, site=data.report_site))}</p>"
        + sources_html(data.sources.values(), lang)
    )


SandiMeter = PasswordMeter  # the name lessons use (sandi: password)
