"""The instructor's live progress page on a real site server (Voila, loopback): the laptop itself gets it; any
other client (here: a learner's phone behind the trusted proxy, a rebound domain name, a forwarded request) gets a
403 sentence unless it holds the instructor token, which the page turns into an HttpOnly SameSite=Strict cookie
and drops from the address; open/close needs the XSRF token and lands in the class store; the CSV is
spreadsheet-safe. Also the route walk of the instructor routes (probes for every route), and a desktop browser
watching ticks and scores appear without reloading."""

from __future__ import annotations

import csv
import http.client
import io
import json
import re
import shutil
import sys
from html import unescape
from urllib.parse import quote, urlencode, urlparse

import pytest
from conftest import OUTPUT, ROOT, free_port, running_server
from playwright.sync_api import expect

from literasi.curriculum import load_curriculum
from literasi.i18n import t
from literasi.kelas.store import ClassStore
from literasi.site.kelas.instructor import INSTRUCTOR_PATH, TOKEN_COOKIE, instructor_routes, instructor_url

CODE = "QRIS24"
TOKEN = "tK9-instruktur-uji-0123456789abcdef"
PHONE = {"X-Forwarded-For": "192.168.43.17"}  # through the trusted proxy (127.0.0.1): a phone in the room
CURRICULUM_EXERCISE_TITLE = load_curriculum(ROOT / "curriculum.yml").exercises()[2].title["id"]  # m3-qris
SECRETS = ["Traceback", "BEGIN SOLUTION", "BEGIN HIDDEN TESTS", "SQLite format", "Ani Lestari", "kelas.db"]


@pytest.fixture(scope="module")
def kelas(released_course, tmp_path_factory):
    """A copy of the released course with a class and two learners, served with the instructor routes;
    yields ``(base URL, store)``."""
    course = tmp_path_factory.mktemp("kelas-instruktur") / "kursus"
    shutil.copytree(released_course.root, course)
    store = ClassStore.of_course(course)
    store.create_class(CODE)
    store.add_learner(CODE, "Ani Lestari")
    store.add_learner(CODE, "Budi")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [sys.executable, str(ROOT / "tests" / "kelas_instructor_server.py"), str(course), CODE, TOKEN, str(port)]
    with running_server(command, f"{base}/healthz", "kelas-instructor",
                        env={"LITERASI_TRUSTED_PROXIES": "127.0.0.1", "LITERASI_LANG": "id"}):
        yield base, store


def request(base: str, path: str, method: str = "GET", headers: dict | None = None, body: str | None = None):
    """``(status, headers, text)`` of one request, redirects not followed."""
    url = urlparse(base)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


def cookies_of(headers) -> dict[str, str]:
    return dict(re.match(r"([^=]+)=([^;]*)", value).groups() for value in headers.get_all("Set-Cookie") or [])


def assert_refused(status, headers, text, lang="id"):
    assert status == 403, (status, text[:300])
    assert not [secret for secret in SECRETS if secret in text], text[:300]
    assert "Content-Security-Policy" in headers and headers["X-Frame-Options"] == "DENY"


def test_the_laptop_itself_sees_the_page_with_the_sites_security_headers(kelas):
    base, _ = kelas
    status, headers, html = request(base, INSTRUCTOR_PATH)
    assert status == 200 and headers["Content-Security-Policy"].startswith("default-src 'self'")
    assert headers["Cache-Control"] == "no-store" and headers["X-Content-Type-Options"] == "nosniff"
    assert t("kemajuan.title", "id", code=CODE) in html and "Ani Lestari" in html and "Budi" in html
    assert '<html lang="id">' in html and "<script src=\"/kelas/instruktur/kemajuan.js\"" in html
    assert "<script>" not in html  # no inline script: the CSP would not run it
    status, _, english = request(base, INSTRUCTOR_PATH + "?lang=en")
    assert status == 200 and t("kemajuan.title", "en", code=CODE) in english
    status, headers, script = request(base, INSTRUCTOR_PATH + "/kemajuan.js")
    assert status == 200 and headers["Content-Type"].startswith("text/javascript") and "fetch(" in script
    assert "http://" not in script and "https://" not in script  # nothing from elsewhere


@pytest.mark.parametrize("path", [INSTRUCTOR_PATH, INSTRUCTOR_PATH + "/", INSTRUCTOR_PATH + "/kemajuan.json",
                                  INSTRUCTOR_PATH + "/kemajuan.csv", INSTRUCTOR_PATH + "/kemajuan.js"])
def test_a_phone_without_the_token_gets_403_with_a_sentence(kelas, path):
    base, _ = kelas
    status, headers, text = request(base, path, headers=PHONE)
    assert_refused(status, headers, text)
    assert t("kemajuan.forbidden", "id") in unescape(text)
    status, headers, text = request(base, path + "?lang=en", headers=PHONE)
    assert_refused(status, headers, text)
    assert t("kemajuan.forbidden", "en") in unescape(text)
    # a learner's session cookie opens nothing here
    status, headers, text = request(base, path, headers={**PHONE, "Cookie": "literasi_sesi=" + "a" * 30})
    assert_refused(status, headers, text)


@pytest.mark.parametrize("headers", [
    {"Host": "rebind.example:8866"},  # a web page that rebinds its domain name to 127.0.0.1
    {"X-Forwarded-For": "127.0.0.1"},  # forwarded, even "from" loopback: not the laptop itself
    {"Forwarded": "for=10.0.0.9"}, {"X-Real-IP": "10.0.0.9"},
])
def test_forwarded_or_rebound_requests_are_not_the_laptop(kelas, headers):
    base, _ = kelas
    for path in (INSTRUCTOR_PATH, INSTRUCTOR_PATH + "/kemajuan.json"):
        assert_refused(*request(base, path, headers=headers))


@pytest.mark.parametrize("forged", ["", "salah", TOKEN[:-1], TOKEN + "x", TOKEN.upper(), "x" * 5000,
                                    "%00" + TOKEN, TOKEN + "%00", "' OR 1=1 --"])
def test_forged_tokens_open_nothing_and_set_no_cookie(kelas, forged):
    base, _ = kelas
    status, headers, text = request(base, f"{INSTRUCTOR_PATH}?token={quote(forged, safe='%')}", headers=PHONE)
    assert_refused(status, headers, text)
    assert TOKEN_COOKIE not in cookies_of(headers)
    status, headers, text = request(base, INSTRUCTOR_PATH + "/kemajuan.json",
                                    headers={**PHONE, "Cookie": f"{TOKEN_COOKIE}={forged}"})
    assert_refused(status, headers, text)


def test_the_token_becomes_a_strict_cookie_and_leaves_the_address(kelas):
    base, _ = kelas
    status, headers, _ = request(base, urlparse(instructor_url(base, TOKEN, "en")).path + "?"
                                 + urlparse(instructor_url(base, TOKEN, "en")).query, headers=PHONE)
    assert status == 302 and headers["Location"] == INSTRUCTOR_PATH + "?lang=en"
    cookie = next(value for value in headers.get_all("Set-Cookie") if value.startswith(TOKEN_COOKIE + "="))
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and f"Path={INSTRUCTOR_PATH}" in cookie
    held = {**PHONE, "Cookie": f"{TOKEN_COOKIE}={cookies_of(headers)[TOKEN_COOKIE]}"}
    status, _, html = request(base, INSTRUCTOR_PATH + "?lang=en", headers=held)
    assert status == 200 and t("kemajuan.title", "en", code=CODE) in html and "Ani Lestari" in html
    status, headers, body = request(base, INSTRUCTOR_PATH + "/kemajuan.json", headers=held)
    assert status == 200 and headers["Content-Type"].startswith("application/json")
    assert {"Ani Lestari", "Budi"} <= {row["name"] for row in json.loads(body)["table"]["rows"]}


def xsrf_of(base: str, headers: dict | None = None) -> str:
    status, response_headers, html = request(base, INSTRUCTOR_PATH, headers=headers)
    assert status == 200
    token = cookies_of(response_headers).get("_xsrf") or re.search(r'data-xsrf="([^"]+)"', html).group(1)
    assert re.search(r'name="_xsrf" value="[^"]+"', html)  # the forms work without the script too
    return token


def test_open_and_close_need_the_xsrf_token_and_land_in_the_store(kelas):
    base, store = kelas
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    # No XSRF token: refused, nothing changes.
    status, headers, text = request(base, INSTRUCTOR_PATH + "/latihan/m3-qris", "POST", form,
                                    urlencode({"action": "open"}))
    assert_refused(status, headers, text)
    assert not store.exercise_is_open(CODE, "m3-qris")
    # A token that does not match the cookie: refused.
    xsrf = xsrf_of(base)
    status, headers, text = request(base, INSTRUCTOR_PATH + "/latihan/m3-qris", "POST",
                                    {**form, "Cookie": f"_xsrf={xsrf}"}, urlencode({"action": "open", "_xsrf": "2|0|0|0"}))
    assert_refused(status, headers, text)
    assert not store.exercise_is_open(CODE, "m3-qris")
    # A phone with a valid XSRF pair but no instructor token: refused.
    status, headers, text = request(base, INSTRUCTOR_PATH + "/latihan/m3-qris", "POST",
                                    {**form, **PHONE, "Cookie": f"_xsrf={xsrf}"},
                                    urlencode({"action": "open", "_xsrf": xsrf}))
    assert_refused(status, headers, text)
    assert store.open_exercises(CODE) == set()
    # The instructor: opened, both languages; the form (no script) is sent back to the page.
    status, headers, _ = request(base, INSTRUCTOR_PATH + "/latihan/m3-qris?lang=en", "POST",
                                 {**form, "Cookie": f"_xsrf={xsrf}"}, urlencode({"action": "open", "_xsrf": xsrf}))
    assert status == 303 and headers["Location"] == INSTRUCTOR_PATH + "?lang=en"
    assert store.open_exercises(CODE) == {"m3-qris", "m3-qris-en"}
    status, _, body = request(base, INSTRUCTOR_PATH + "/latihan/m3-qris", "POST",
                              {**form, "Cookie": f"_xsrf={xsrf}", "X-XSRFToken": xsrf, "Accept": "application/json"},
                              urlencode({"action": "close"}))
    assert status == 200 and '"open": false' in body
    assert not store.exercise_is_open(CODE, "m3-qris") and not store.exercise_is_open(CODE, "m3-qris-en")
    for bad in ({"action": "hapus"}, {}):  # neither open nor close
        status, _, text = request(base, INSTRUCTOR_PATH + "/latihan/m3-qris", "POST",
                                  {**form, "Cookie": f"_xsrf={xsrf}", "X-XSRFToken": xsrf}, urlencode(bad))
        assert status == 400 and "Traceback" not in text
    status, _, text = request(base, INSTRUCTOR_PATH + "/latihan/tidak-ada", "POST",
                              {**form, "Cookie": f"_xsrf={xsrf}", "X-XSRFToken": xsrf}, urlencode({"action": "open"}))
    assert status == 400 and store.open_exercises(CODE) == set()


def test_the_csv_download(kelas):
    base, store = kelas
    status, headers, text = request(base, INSTRUCTOR_PATH + "/kemajuan.csv?lang=en")
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    assert re.fullmatch(rf'attachment; filename="kemajuan-{CODE}-\d{{8}}-\d{{4}}\.csv"', headers["Content-Disposition"])
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][0] == t("kemajuan.col.name", "en") and {"Ani Lestari", "Budi"} <= {row[0] for row in rows[1:]}
    assert len(rows[0]) == 1 + len([c for c in rows[0][1:] if c.startswith(("Quiz: ", "Exercise: "))])


# ---------------------------------------------------------------- the route walk of the instructor routes

# Route pattern → requests from a phone (no instructor token) that must be refused, never answered with data.
PROBES = {
    INSTRUCTOR_PATH + r"/?": [INSTRUCTOR_PATH, INSTRUCTOR_PATH + "/?token=", INSTRUCTOR_PATH + "?token=%2e%2e%2f",
                              INSTRUCTOR_PATH + "?lang=../../curriculum.yml"],
    INSTRUCTOR_PATH + r"/kemajuan\.json": [INSTRUCTOR_PATH + "/kemajuan.json",
                                           INSTRUCTOR_PATH + "/kemajuan.json?token=" + TOKEN[:8]],
    INSTRUCTOR_PATH + r"/kemajuan\.csv": [INSTRUCTOR_PATH + "/kemajuan.csv", INSTRUCTOR_PATH + "/kemajuan%2Ecsv"],
    INSTRUCTOR_PATH + r"/kemajuan\.js": [INSTRUCTOR_PATH + "/kemajuan.js"],
    INSTRUCTOR_PATH + r"/latihan/([a-z0-9-]{1,64})": [
        INSTRUCTOR_PATH + "/latihan/m3-qris", INSTRUCTOR_PATH + "/latihan/..%2F..%2Fkelas.db",
        INSTRUCTOR_PATH + "/latihan/%2e%2e/%2e%2e/gradebook.db", INSTRUCTOR_PATH + "/latihan/" + "a" * 65],
}
# Encoded and climbing paths next to the routes: the site's 404, never a file.
BESIDE = ["/kelas/instruktur/../../kelas.db", "/kelas/instruktur/%2e%2e/%2e%2e/gradebook.db",
          "/kelas/instruktur/kemajuan.json/..%2F..%2Fkelas.db", "/kelas/instruktur/kelas.db", "/kelas/kelas.db",
          "/kelas/", "/kelas/instruktur/latihan/", "/kelas/instruktur%2Fkemajuan.json"]


def test_every_instructor_route_has_probes(tmp_path):
    from literasi.kelas.store import ClassStore
    from literasi.site.kelas import KelasContext

    context = KelasContext(course_root=tmp_path, store=ClassStore.of_course(tmp_path), code=CODE, forms={},
                           instructor_token=TOKEN)
    assert sorted(route[0] for route in instructor_routes(context)) == sorted(PROBES)


@pytest.mark.parametrize("path", [path for paths in PROBES.values() for path in paths] + BESIDE)
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_the_instructor_routes_refuse_a_phone(kelas, path, method):
    base, store = kelas
    status, headers, text = request(base, path, method, headers=PHONE, body="action=open" if method == "POST" else None)
    assert status in (400, 403, 404, 405), f"{method} {path} answered {status}"
    assert not [secret for secret in SECRETS if secret in text], text[:300]
    assert "Content-Security-Policy" in headers
    assert store.open_exercises(CODE) == set()


# ---------------------------------------------------------------- a desktop browser watches the room

def test_ticks_and_scores_appear_without_reload(kelas, desktop):
    base, store = kelas
    page = desktop
    page.goto(base + INSTRUCTOR_PATH)
    page.evaluate("() => { window.__notReloaded = true; }")
    citra = store.add_learner(CODE, "Citra Dewi")  # joins while the page is open
    citra_row = page.locator("#progress tbody tr", has_text="Citra Dewi")
    citra_row.wait_for(timeout=30_000)
    quiz_cell = citra_row.locator('td[data-key="quiz:qris-untuk-usaha-mikro"]')
    exercise_cell = citra_row.locator('td[data-key="exercise:m3-qris"]')
    expect(quiz_cell).to_have_text("–")
    assert "Citra Dewi" in page.locator("#not-started").inner_text()

    store.record_quiz(citra["id"], "qris-untuk-usaha-mikro", 4, 5)
    attempt = store.record_attempt(citra["id"], "m3-qris", {"biaya_mdr": 840000})
    store.record_grade(attempt, 6, 8)

    expect(quiz_cell).to_have_text("✓ 4/5", timeout=30_000)  # the next poll draws it (every 3 s)
    expect(exercise_cell).to_have_text("✓ 6/8", timeout=30_000)
    assert page.evaluate("() => window.__notReloaded") is True  # the same page: drawn again, not reloaded
    assert "Citra Dewi" not in page.locator("#not-started").inner_text()
    assert "Budi" in page.locator("#not-started").inner_text()
    hardest = page.locator("#hardest").inner_text()
    assert hardest.startswith(CURRICULUM_EXERCISE_TITLE) and "75%" in hardest  # 6/8 is below 4/5

    # Open the exercise with its button (the script posts with the XSRF token), then close it again.
    switch = page.locator('li[data-exercise="m3-qris"] button')
    expect(switch).to_have_text(t("kemajuan.open", "id"))
    switch.click()
    expect(switch).to_have_text(t("kemajuan.close", "id"), timeout=30_000)
    assert store.open_exercises(CODE) == {"m3-qris", "m3-qris-en"}
    expect(page.locator('li[data-exercise="m3-qris"] .state')).to_have_text(t("kemajuan.exercise_open", "id"))
    switch.click()
    expect(switch).to_have_text(t("kemajuan.open", "id"), timeout=30_000)
    assert store.open_exercises(CODE) == set()
    assert page.evaluate("() => window.__notReloaded") is True
    assert page.hosts <= {"127.0.0.1"}


def test_the_printed_address_is_answered_by_the_page_route():
    patterns = [route[0] for route in instructor_routes_for_patterns()]
    for url in (instructor_url("http://192.168.1.5:8866/", "abc"), instructor_url("http://10.0.0.2:8866", None, "en")):
        path = urlparse(url).path
        assert next(pattern for pattern in patterns if re.fullmatch(pattern, path)) == INSTRUCTOR_PATH + r"/?"
    assert instructor_url("http://10.0.0.2:8866/", "a b", "en") == "http://10.0.0.2:8866/kelas/instruktur?lang=en&token=a+b"


def instructor_routes_for_patterns():
    import tempfile
    from pathlib import Path

    from literasi.site.kelas import KelasContext

    folder = Path(tempfile.mkdtemp())
    return instructor_routes(KelasContext(course_root=folder, store=ClassStore.of_course(folder), code=CODE,
                                          forms={}, instructor_token=TOKEN))


@pytest.mark.parametrize("body", ["%ff%fe=%00", "action=" + "x" * 100_000, "action=open&action=close", "\x00\x01"])
def test_malformed_bodies_get_a_sentence_never_a_traceback(kelas, body):
    base, store = kelas
    xsrf = xsrf_of(base)
    status, headers, text = request(base, INSTRUCTOR_PATH + "/latihan/m3-qris", "POST",
                                    {"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"_xsrf={xsrf}",
                                     "X-XSRFToken": xsrf}, body)
    assert status in (303, 400, 403), (status, text[:300])  # 303: a valid request, back to the page
    assert "Traceback" not in text and "Content-Security-Policy" in headers
    if status == 400:
        assert json.loads(text)["error"] == t("kemajuan.bad_request", "id")
    store.set_exercise_open(CODE, "m3-qris", False)
    store.set_exercise_open(CODE, "m3-qris-en", False)


def test_usable_on_a_tablet_in_english(kelas, browser):
    base, _ = kelas
    context = browser.new_context(viewport={"width": 820, "height": 1180}, has_touch=True)
    try:
        page = context.new_page()
        page.set_default_timeout(60_000)
        page.goto(base + INSTRUCTOR_PATH + "?lang=en")
        expect(page.locator("h1")).to_have_text(t("kemajuan.title", "en", code=CODE))
        # The wide table scrolls inside its box; the page itself never scrolls sideways.
        assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
        assert page.evaluate("() => { const box = document.querySelector('.scroll');"
                             " return box.scrollWidth > box.clientWidth; }")
        button = page.locator('li[data-exercise="m3-qris"] button')
        assert button.bounding_box()["height"] >= 44  # a finger's size
        page.get_by_role("link", name=t("kemajuan.switch_language", "en")).click()
        expect(page.locator("h1")).to_have_text(t("kemajuan.title", "id", code=CODE))
        (OUTPUT / "browser").mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(OUTPUT / "browser" / "kelas-instructor-tablet.png"), full_page=True)
    finally:
        context.close()


def test_names_are_escaped_and_the_hardest_question_is_shown(tmp_path):
    from literasi.site.kelas.instructor import render_main, render_page

    store = ClassStore.of_course(tmp_path)
    store.create_class(CODE)
    learner = store.add_learner(CODE, '<img src=x onerror="alert(1)">')
    store.record_quiz(learner["id"], "qris-untuk-usaha-mikro", 1, 5)
    from literasi.kelas.progress import progress_table

    table = progress_table(store, CODE, load_curriculum(ROOT / "curriculum.yml"), {}, lang="en")
    table["hardest_question"] = {"exercise": "m3-qris", "exercise_title": "Exercise: QRIS", "number": 7,
                                 "title": "Question 6 — <b>Reflection</b>", "mean": 0.25, "tried": 4}
    for html in (render_main(table, "en", "2|ab|cd|1"), render_page(table, "en", "2|ab|cd|1")):
        assert "<img" not in html and "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html
        assert "<b>" not in html
        assert unescape(t("kemajuan.hardest_question_line", "en", exercise="Exercise: QRIS",
                          question="Question 6 — <b>Reflection</b>", percent=25, tried=4)) in unescape(html)
    assert "<script>" not in render_page(table, "en", "x")
