"""Kelas on a real room server (``literasi kelas start`` on a real released course, loopback only): a phone joins
with the class code, sends the m3 exercise, and within the grading run sees its score and the visible checks'
sentences; the submission is a real nbgrader submission in the course gradebook; resubmitting keeps every attempt;
a closed exercise refuses; and the hostile cases: unknown fields, oversized and forged requests, guessed class
codes, other learners' attempts, two phones with one name, too many submissions. Restarting mid-grading loses
nothing."""

from __future__ import annotations

import json
import os
import re
import signal
from html import unescape

import pytest
from conftest import KELAS_CODE, running_kelas
from helpers import KELAS_RIGHT, KELAS_WRONG, KelasPhone
from nbgrader.api import Gradebook

from literasi.i18n import t
from literasi.kelas.store import ClassStore
from literasi.site.kelas.limits import CODE_TRIES, SUBMISSIONS_PER_MINUTE
from literasi.site.kelas.session import SECRET_NAME, read_session, sign_session

SECRETS = ["BEGIN SOLUTION", "BEGIN HIDDEN TESTS", "Traceback", "assert ", "840000", "119160000"]


def text_of(page: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", page)).split())


def joined(base: str, name: str) -> KelasPhone:
    phone = KelasPhone(base)
    status, page = phone.join(KELAS_CODE.lower(), name)
    assert status == 303 or "Halo" in page, (status, text_of(page)[:300])
    return phone


# ---------------------------------------------------------------- pure pieces

def test_a_session_cookie_is_signed_by_the_course_secret(tmp_path):
    from literasi.site.kelas.session import course_secret

    secret = course_secret(tmp_path)
    assert (tmp_path / SECRET_NAME).stat().st_mode & 0o777 == 0o600
    assert course_secret(tmp_path) == secret  # kept: a restarted server knows every phone
    value = sign_session(secret, 7, "QRIS24")
    assert read_session(secret, value) == (7, "QRIS24")
    learner, code, issued, mac = value.split(".")
    for forged in (f"8.{code}.{issued}.{mac}", f"{learner}.ABCD12.{issued}.{mac}", value[:-1] + "0", "", "7",
                   sign_session(b"another course's secret" * 2, 7, "QRIS24")):
        assert read_session(secret, forged) is None


# ---------------------------------------------------------------- a learner, end to end

def test_join_submit_and_see_the_score_and_feedback(kelas_site, kelas_course):
    phone = KelasPhone(kelas_site)
    status, page, _ = phone.request("/kelas")
    assert status == 200
    for part in ("what", "where", "how_long", "who"):  # the privacy notice before joining
        assert t(f"kelas.privacy.{part}", "id", days=90) in text_of(page)
    status, page = phone.join(KELAS_CODE, "Ani Lestari")
    assert t("kelas.web.hello", "id", name="Ani Lestari") in text_of(page)
    status, form, _ = phone.request("/kelas/latihan/m3-qris")
    assert status == 200 and 'inputmode="decimal"' in form and 'type="radio" name="jawaban_1"' in form
    assert t("kelas.hint.money", "id") in text_of(form) and "<textarea" in form
    assert not [secret for secret in SECRETS if secret in form]

    status, _, attempt = phone.send("m3-qris", KELAS_RIGHT)
    assert status == 303 and attempt.startswith("/kelas/kiriman/")
    store = ClassStore.of_course(kelas_course)
    learner = next(row for row in store.learners() if row["name"] == "Ani Lestari")
    assert [a["answers"]["biaya_mdr"] for a in store.attempts(learner["id"])] == [840_000]  # stored before the 303
    page = text_of(phone.wait_graded(attempt))
    assert t("kelas.web.score", "id", score="6", max_score="8") in page
    assert t("kelas.web.reflection_pending", "id") in page
    assert not [secret for secret in SECRETS if secret in page]

    folder = kelas_course / "submitted" / learner["student_id"] / "m3-qris"
    assert (folder / "timestamp.txt").read_text().endswith("UTC") and (folder / "latihan-qris.ipynb").is_file()
    with Gradebook(f"sqlite:///{kelas_course / 'gradebook.db'}") as gradebook:
        submission = gradebook.find_submission("m3-qris", learner["student_id"])
        assert submission.score == 6 and submission.max_score == 8 and submission.needs_manual_grade
        assert gradebook.find_student(learner["student_id"]).first_name == "Ani Lestari"  # report, certificates

    # Corrected and sent again: both attempts kept, the latest counts in the gradebook.
    wrong = {**KELAS_RIGHT, "biaya_mdr": "360.000"}
    status, _, second = phone.send("m3-qris", wrong)
    assert status == 303 and second != attempt
    page = text_of(phone.wait_graded(second))
    assert t("kelas.web.score", "id", score="4", max_score="8") in page
    assert t("grading.state_incorrect", "id") in page
    assert "840.000" not in page and "840000" not in page  # never the expected value
    assert [a["score"] for a in store.attempts(learner["id"])] == [6, 4]
    with Gradebook(f"sqlite:///{kelas_course / 'gradebook.db'}") as gradebook:
        assert gradebook.find_submission("m3-qris", learner["student_id"]).score == 4
    status, home, _ = phone.request("/kelas")
    assert t("kelas.web.status_score", "id", score="4", max_score="8") in text_of(home)


def test_the_room_address_leads_to_masuk_kelas(kelas_site):
    for lang, path in (("id", "/"), ("en", "/en/")):
        status, page, _ = KelasPhone(kelas_site).request(path)
        assert status == 200 and f'href="/kelas?lang={lang}"' in page
        assert t("kelas.web.join_title", lang) in text_of(page)


def test_kelas_start_says_what_is_wrong_with_its_arguments(tmp_path, capsys, released_course):
    from literasi.cli import main

    assert main(["serve", "--course", str(released_course.root)]) == 2  # --course goes with --room
    assert main(["kelas", "start", str(tmp_path)]) == 2  # not a course
    assert main(["kelas", "start", str(released_course.root), "--code", "no!"]) == 2
    assert main(["kelas", "start", str(released_course.root), "--exercise", "m9-none", "--ip", "127.0.0.1"]) == 2
    errors = capsys.readouterr().err
    assert "--room" in errors and "m9-none" in errors


def test_an_english_learner_gets_the_english_form(kelas_site):
    phone = joined(kelas_site, "Emma Watson")
    status, home, _ = phone.request("/kelas?lang=en")
    assert status == 200 and t("kelas.web.hello", "en", name="Emma Watson") in text_of(home)
    assert "/kelas/latihan/m3-qris-en" in home and "/kelas/latihan/m3-qris?" not in home
    status, form, _ = phone.request("/kelas/latihan/m3-qris-en?lang=en")
    assert status == 200 and t("kelas.hint.money", "en") in text_of(form)


def test_a_closed_exercise_refuses_with_a_sentence(kelas_site, kelas_course):
    phone = joined(kelas_site, "Budi Tutup")
    store = ClassStore.of_course(kelas_course)
    store.set_exercise_open(KELAS_CODE, "m5-spbe", False)
    try:
        status, form, _ = phone.request("/kelas/latihan/m5-spbe")
        assert status == 200 and t("kelas.web.closed", "id") in text_of(form) and "disabled" in form
        status, page, _ = phone.send("m5-spbe", {})
        assert status == 403 and t("kelas.web.closed", "id") in text_of(page)
    finally:
        store.set_exercise_open(KELAS_CODE, "m5-spbe", True)
    learner = next(row for row in store.learners() if row["name"] == "Budi Tutup")
    assert store.attempts(learner["id"]) == []


# ---------------------------------------------------------------- hostile phones

def test_what_the_form_does_not_have_is_refused_without_echo(kelas_site, kelas_course):
    phone = joined(kelas_site, "Cici Iseng")
    status, page, _ = phone.send("m3-qris", {**KELAS_WRONG, "__import__('os')": "1"})
    assert status == 400 and t("kelas.value.unknown_field", "id") in text_of(page) and "__import__" not in page
    status, page, _ = phone.send("m3-qris", {"biaya_mdr": "__import__('os').system('id')"})
    assert status == 400 and t("kelas.value.not_number", "id", name="biaya_mdr") in text_of(page)
    status, page, _ = phone.send("m3-qris", {"jawaban_1": "z"})
    assert status == 400
    status, page, _ = phone.send("m3-qris", {"refleksi": "x" * 5000})
    assert status == 400 and t("kelas.value.too_long", "id", name="refleksi", limit=4000) in text_of(page)
    status, page, _ = phone.request("/kelas/latihan/m3-qris", b"biaya_mdr=" + b"9" * 70_000 + b"&_xsrf=" + phone.xsrf().encode())
    assert status == 413 and t("kelas.web.too_big", "id") in text_of(page)
    status, page, _ = phone.request("/kelas/latihan/m3-qris", b"biaya_mdr=%FF%FE&_xsrf=" + phone.xsrf().encode())
    assert status == 400
    status, _, _ = phone.request("/kelas/latihan/m3-qris", KELAS_WRONG, xsrf=False)
    assert status == 403
    learner = next(row for row in ClassStore.of_course(kelas_course).learners() if row["name"] == "Cici Iseng")
    assert ClassStore.of_course(kelas_course).attempts(learner["id"]) == []


def test_at_most_n_submissions_a_minute(kelas_site):
    phone = joined(kelas_site, "Dodi Cepat")
    statuses = [phone.send("m3-qris", {"jawaban_1": "z"})[0] for _ in range(SUBMISSIONS_PER_MINUTE)]
    assert statuses == [400] * SUBMISSIONS_PER_MINUTE
    status, page, _ = phone.send("m3-qris", KELAS_WRONG)
    assert status == 429 and t("kelas.web.too_often", "id", count=SUBMISSIONS_PER_MINUTE) in text_of(page)


def test_a_learner_never_reaches_another_learners_attempt(kelas_site, kelas_course):
    owner, other, stranger = joined(kelas_site, "Eka Pemilik"), joined(kelas_site, "Fajar Lain"), KelasPhone(kelas_site)
    status, _, attempt = owner.send("m3-qris", KELAS_WRONG)
    assert status == 303
    assert owner.request(attempt)[0] == 200
    for phone in (other, stranger):
        for path in (attempt, f"{attempt}/status", f"{attempt}?lang=en", attempt.replace("/kiriman/", "/kiriman/0")):
            status, body, _ = phone.request(path)
            assert status == 404 and "Eka" not in body, (path, status)
    # A forged session cookie (another learner's id, signed with a guessed secret) is no session.
    forged = KelasPhone(kelas_site)
    learner_id = next(r["id"] for r in ClassStore.of_course(kelas_course).learners() if r["name"] == "Eka Pemilik")
    status, body, _ = forged.request(attempt, headers={"Cookie": f"literasi_kelas={sign_session(b'x' * 64, learner_id, KELAS_CODE)}"})
    assert status == 404
    status, page, _ = forged.request("/kelas", headers={"Cookie": f"literasi_kelas={learner_id}.{KELAS_CODE}.1.{'0' * 64}"})
    assert t("kelas.web.join_title", "id") in text_of(page)


def test_two_phones_with_one_name_the_second_asks_the_instructor(kelas_site, kelas_course):
    first, second = KelasPhone(kelas_site), KelasPhone(kelas_site)
    assert first.join(KELAS_CODE, "Gita Sama")[0] in (200, 303)
    status, page = second.join(KELAS_CODE, "gita  sama")
    assert status == 409 and t("kelas.name.taken", "id", name="gita sama") in text_of(page)
    assert [r["name"] for r in ClassStore.of_course(kelas_course).learners() if "gita" in r["name"].lower()] == ["Gita Sama"]
    status, page = second.join(KELAS_CODE, "3201234567890123")  # a NIK is not a name
    assert status == 400 and "3201234567890123" not in text_of(page)


def test_guessing_the_class_code_is_throttled_per_address(kelas_site):
    phone = KelasPhone(kelas_site, address="127.0.2.3")  # an address of its own: the other tests' phones keep joining
    headers = {"X-Forwarded-For": "10.9.9.9"}  # not trusted: the peer address counts, not this header
    statuses = [phone.request("/kelas/masuk", {"kode": f"GUES{n:02d}"}, headers=headers)[0] for n in range(CODE_TRIES)]
    assert set(statuses) == {403}
    status, page, _ = phone.request("/kelas/masuk", {"kode": KELAS_CODE})
    assert status == 429 and t("kelas.web.code_throttled", "id", minutes=5) in text_of(page)
    # Another phone on another address still joins.
    assert KelasPhone(kelas_site, address="127.0.2.4").join(KELAS_CODE, "Hana Lain")[0] in (200, 303)


# ---------------------------------------------------------------- restart mid-grading

@pytest.mark.slow
def test_a_server_killed_mid_grading_grades_the_attempt_after_restart(kelas_course, tmp_path):
    import shutil

    course = tmp_path / "kursus"
    shutil.copytree(kelas_course, course, ignore=shutil.ignore_patterns(
        "submitted", "autograded", "feedback", "kelas.db*", ".kelas-secret"))
    with running_kelas(course, "--code", "RESTART1", name="kelas-restart") as (base, process, _):
        phone = KelasPhone(base)
        assert phone.join("RESTART1", "Indra Sabar")[0] in (200, 303)
        status, _, attempt = phone.send("m3-qris", KELAS_RIGHT)
        assert status == 303  # stored: the phone was told so
        status, body, _ = phone.request(f"{attempt}/status")
        assert json.loads(body) == {"graded": False}
        os.kill(process.pid, signal.SIGKILL)  # grading takes seconds (a worker, a kernel): it is cut off
        process.wait(timeout=30)
    store = ClassStore.of_course(course)
    assert [a["id"] for a in store.ungraded_attempts()] == [int(attempt.rsplit("/", 1)[1])]
    with running_kelas(course, name="kelas-restart") as (base, _, log):  # no --code: the same class is taken up
        assert "RESTART1" in log.read_text()
        phone.base = base  # the same phone (its cookies): its session survives the restart
        text = text_of(phone.wait_graded(attempt))
        assert t("kelas.web.score", "id", score="6", max_score="8") in text
    assert store.ungraded_attempts() == []
    learner = store.learners()[0]
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        assert gradebook.find_submission("m3-qris", learner["student_id"]).score == 6


# ---------------------------------------------------------------- lesson quizzes: only a joined learner's kernel reports

def test_a_quiz_score_a_phone_makes_up_is_refused(kelas_site, kelas_course):
    phone = joined(kelas_site, "Joko Palsu")
    report = json.dumps({"quiz": "qris-untuk-usaha-mikro", "score": 6, "max_score": 6}).encode()
    for headers in ({}, {"X-Literasi-Kernel": "made-up-token"}, {"X-Literasi-Kernel": phone.xsrf()},
                    {"Cookie": "", "X-Literasi-Kernel": ""}):
        status, _, _ = phone.request("/kelas/kuis-hasil", report, headers={"Content-Type": "application/json", **headers})
        assert status == 403
    status, _, _ = phone.request("/kelas/kuis-hasil", {"quiz": "qris-untuk-usaha-mikro", "score": "6"})
    assert status == 403
    learner = next(row for row in ClassStore.of_course(kelas_course).learners() if row["name"] == "Joko Palsu")
    assert ClassStore.of_course(kelas_course).quiz_results(learner["id"]) == []


def test_the_kernel_reports_a_finished_quiz_only_when_given_a_loopback_address_and_token(monkeypatch):
    import http.server
    import threading

    from literasi.widgets.quiz.report import REPORT_TOKEN_ENV, REPORT_URL_ENV, report_quiz

    received = []

    class Callback(http.server.BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            received.append((self.headers["X-Literasi-Kernel"], json.loads(self.rfile.read(int(self.headers["Content-Length"])))))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Callback)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        monkeypatch.delenv(REPORT_URL_ENV, raising=False)
        monkeypatch.delenv(REPORT_TOKEN_ENV, raising=False)
        assert report_quiz("qris-untuk-usaha-mikro", 4, 6) is None  # an anonymous visitor's kernel: nothing sent
        monkeypatch.setenv(REPORT_URL_ENV, f"http://example.org:{server.server_port}/kelas/kuis-hasil")
        monkeypatch.setenv(REPORT_TOKEN_ENV, "token")
        assert report_quiz("qris-untuk-usaha-mikro", 4, 6) is None  # never anywhere but the laptop
        monkeypatch.setenv(REPORT_URL_ENV, f"http://127.0.0.1:{server.server_port}/kelas/kuis-hasil")
        report_quiz("qris-untuk-usaha-mikro", 4, 6).join(timeout=30)
    finally:
        server.shutdown()
    assert received == [("token", {"quiz": "qris-untuk-usaha-mikro", "score": 4, "max_score": 6})]


def test_a_sliding_window_allows_n_events_per_window():
    from literasi.site.kelas.limits import SlidingWindow

    now = [0.0]
    window = SlidingWindow(3, 60, clock=lambda: now[0])
    assert [window.take("a") for _ in range(4)] == [True, True, True, False]
    assert window.take("b") and not window.blocked("b")
    now[0] = 61
    assert window.take("a")
