"""A learner on a phone (390×844) in a Kelas class: joins with the class code, opens the m3 exercise, fills it in the
Indonesian way, taps Kirim and sees the score and feedback without reloading; then finishes the QRIS lesson's quiz
and finds it ticked on the class home. Nothing scrolls sideways; only 127.0.0.1 is contacted."""

from __future__ import annotations

import pytest
from conftest import KELAS_CODE, PHONE
from helpers import KELAS_RIGHT, track_kernel, wait_for_kernel_idle
from playwright.sync_api import expect

from literasi.i18n import t

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LOAD_TIMEOUT_MS = 180_000
GRADE_TIMEOUT_MS = 300_000


def no_sideways_scroll(phone) -> None:
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_learner_joins_sends_the_qris_exercise_and_sees_the_feedback(kelas_site, phone):
    phone.goto(f"{kelas_site}/kelas")
    expect(phone.get_by_role("heading", name=t("kelas.web.join_title", "id"))).to_be_visible()
    expect(phone.get_by_text(t("kelas.privacy.where", "id"))).to_be_visible()
    no_sideways_scroll(phone)
    phone.get_by_label(t("kelas.web.code_label", "id")).fill(KELAS_CODE.lower())
    phone.get_by_role("button", name=t("kelas.web.next", "id")).click()
    phone.get_by_label(t("kelas.web.type_name", "id")).fill("Rina Ponsel")
    phone.get_by_role("button", name=t("kelas.web.join", "id")).click()
    expect(phone.get_by_role("heading", name=t("kelas.web.hello", "id", name="Rina Ponsel"))).to_be_visible()
    no_sideways_scroll(phone)

    phone.get_by_role("link", name="Latihan: QRIS untuk usaha mikro").click()
    expect(phone.get_by_role("heading", name="Latihan: QRIS untuk usaha mikro")).to_be_visible()
    for name in ("biaya_mdr", "diterima_bersih", "mdr_paket_sari"):
        phone.locator(f"input[name={name}]").fill(KELAS_RIGHT[name])
    phone.locator("input[name=jawaban_1][value=b]").check()
    phone.locator("input[name=jawaban_2][value=a]").check()  # one wrong answer: its feedback is shown
    phone.locator("textarea[name=refleksi]").fill(KELAS_RIGHT["refleksi"])
    no_sideways_scroll(phone)
    phone.get_by_role("button", name=t("kelas.web.send", "id")).click()

    expect(phone.get_by_role("status").first).to_contain_text(t("kelas.web.received", "id", time="")[:20])
    score = phone.get_by_text(t("kelas.web.score", "id", score="5", max_score="8"))
    expect(score).to_be_visible(timeout=GRADE_TIMEOUT_MS)  # the page's script polled and showed it
    expect(phone.get_by_text(t("kelas.web.reflection_pending", "id")).first).to_be_visible()
    expect(phone.get_by_text(t("grading.state_incorrect", "id"))).to_have_count(1)
    body = phone.locator("main").inner_text()
    assert "Traceback" not in body and "840000" not in body and "BEGIN" not in body
    no_sideways_scroll(phone)
    assert phone.hosts == {"127.0.0.1"}


def test_a_joined_learners_finished_quiz_is_ticked_on_the_class_home(kelas_site, phone):
    phone.goto(f"{kelas_site}/kelas")
    phone.get_by_label(t("kelas.web.code_label", "id")).fill(KELAS_CODE)
    phone.get_by_role("button", name=t("kelas.web.next", "id")).click()
    phone.get_by_label(t("kelas.web.type_name", "id")).fill("Sari Kuis")
    phone.get_by_role("button", name=t("kelas.web.join", "id")).click()
    lessons = phone.locator("section", has_text=t("kelas.web.lessons", "id"))
    lesson = lessons.get_by_role("listitem").filter(has_text="QRIS untuk usaha mikro").first
    expect(lesson).not_to_contain_text(t("kelas.web.quiz_done", "id"))

    track_kernel(phone)
    lesson.get_by_role("link").click()
    quiz = phone.locator(".literasi-quiz")
    expect(quiz).to_be_visible(timeout=LOAD_TIMEOUT_MS)
    cards = quiz.locator(".literasi-question")
    for index in range(cards.count()):  # any answer: a finished quiz counts, right or not
        card = cards.nth(index)
        card.scroll_into_view_if_needed()
        for kind in ("radio", "checkbox"):
            options = card.locator(f"input[type={kind}]")
            if options.count():
                options.first.check()
        typed = card.locator("input[type=text], input[type=number]")
        if typed.count():
            typed.first.fill("1")
        wait_for_kernel_idle(phone)
        card.get_by_role("button", name=t("quiz.check", "id")).click()
        wait_for_kernel_idle(phone)
    expect(quiz.locator(".literasi-score")).not_to_contain_text(t("quiz.unanswered", "id", count=1)[:10])

    phone.goto(f"{kelas_site}/kelas")
    lesson = phone.locator("section", has_text=t("kelas.web.lessons", "id")).get_by_role("listitem").filter(
        has_text="QRIS untuk usaha mikro").first
    for _ in range(20):  # the kernel reports in the background; the home page shows it once recorded
        if t("kelas.web.quiz_done", "id") in lesson.inner_text():
            break
        phone.wait_for_timeout(500)
        phone.reload()
    expect(lesson).to_contain_text(t("kelas.web.quiz_done", "id"))
    assert phone.hosts == {"127.0.0.1"}
