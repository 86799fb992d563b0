"""Every route the public site exposes, probed with what must never be handed out: exercise sources and
solutions, hidden tests, gradebooks, the manifest, notebooks, Python files, directory listings.

The first test fails when a route is added without probes here, so the walk stays complete."""

from __future__ import annotations

import os
import re
import signal
import tempfile
from unittest import mock

import pytest
from conftest import LESSON_PATH, ROOT, Visitor

from literasi.curriculum import load_curriculum
from literasi.site.app import replaced_pages_route

FAKE_KERNEL = "00000000-0000-4000-8000-000000000000"
EXERCISE = "exercises/source/m3-qris/latihan-qris.ipynb"
# The old pages of lessons another lesson replaced (``replaces`` in the manifest) redirect to it; their route is
# built from the manifest (tests/test_replaced_lessons.py checks the redirects).
CURRICULUM = load_curriculum(ROOT / "curriculum.yml")
REPLACED_ROUTE = replaced_pages_route(CURRICULUM)
REPLACED_PAGE = sorted(CURRICULUM.replaced_paths())[0]

# Route pattern → requests that must be refused (403/404/405). Patterns are the server's own regexes.
PROBES = {
    r"/": ["/?jalur=../../curriculum.yml", "/?jalur=%3Cscript%3E"],
    r"/id/?": ["/id/?jalur=guru", "/id/curriculum.yml"],
    r"/en/?": ["/en/?jalur=x", "/en/../curriculum.yml"],
    r"/pelajaran/([a-z]+)/([a-z0-9-]+)/?": ["/pelajaran/xx/qris-untuk-usaha-mikro", "/pelajaran/id/tidak-ada",
                                           "/pelajaran/id/../../curriculum"],
    REPLACED_ROUTE: [f"/voila/render/xx/{REPLACED_PAGE}", f"/voila/render/banks/{REPLACED_PAGE}",
                     f"/voila/render/id/{REPLACED_PAGE}/../../../curriculum.yml",
                     f"/voila/render/id/{REPLACED_PAGE.removesuffix('.ipynb')}.yml"],
    r"/sumber": ["/sumber/../curriculum.yml", "/sumber/F-QRIS-03", "/sumber.yml"],
    r"/en/sources": ["/en/sources/../../facts/pembayaran.yml", "/en/sources/x", "/facts/pembayaran.yml"],
    r"/healthz": ["/healthz/../curriculum.yml"],
    r"/healthz/kernels": ["/healthz/kernels/list", "/healthz/kernels/" + FAKE_KERNEL],
    r"/aset/([^/]+)": ["/aset/assets.json", "/aset/lesson.js", "/aset/..%2Fassets.py", "/aset/../assets.py",
                       "/aset/.gitignore", "/aset/"],
    r"/api/kernels/(?P<kernel_id>\w+-\w+-\w+-\w+-\w+)": ["/api/kernels", "/api/kernels/" + FAKE_KERNEL, "/api/sessions",
                                                        "/api/kernelspecs", "/api/contents", "/api/config"],
    r"/api/kernels/(?P<kernel_id>\w+-\w+-\w+-\w+-\w+)/channels": [f"/api/kernels/{FAKE_KERNEL}/channels"],
    r"/voila/files/(.*)": [f"/voila/files/id/{LESSON_PATH}", f"/voila/files/en/{LESSON_PATH}",
                           "/voila/files/banks/id/qris-untuk-usaha-mikro.yml", "/voila/files/../curriculum.yml",
                           f"/voila/files/../{EXERCISE}", "/voila/files/id/", "/voila/files/",
                           "/voila/files/id/03-pembayaran-digital/"],
    r"/voila/render/(.*)": [f"/voila/render/../{EXERCISE}", f"/voila/render/%2E%2E/{EXERCISE}",
                            "/voila/render/id/", "/voila/render/", "/voila/render/banks/id/qris-untuk-usaha-mikro.yml",
                            "/voila/render/id/03-pembayaran-digital/", "/voila/render/../curriculum.yml",
                            "/voila/render/tidak-ada.ipynb"],
    r".*": ["/curriculum.yml", f"/{EXERCISE}", "/exercises/", "/grading/", "/gradebook.db", "/course/gradebook.db",
            "/course/submitted/", "/.git/config", f"/lessons/id/{LESSON_PATH}", "/voila/tree", "/voila/tree/id",
            "/voila/api/contents/id", "/voila/api/contents/../exercises", "/api/contents/id", "/tree", "/lab",
            "/logout", "/login", "/voila/execution/" + FAKE_KERNEL],
}

# Voila's own JupyterLab-based front end is not part of the public site: its routes are gone, real files and all.
GONE = [
    "/voila/static/voila.js", "/voila/labextensions/@voila-dashboards/voila/package.json",
    "/voila/templates/lab/static/voila-style.js", "/voila/templates/literasi/index.html.j2",
    "/voila/templates/literasi/static/../index.html.j2", "/voila/templates/literasi/static/%2e%2e/index.html.j2",
    "/voila/api/themes/@jupyterlab/theme-light-extension/index.css", "/voila/api/themes/../../app.py",
    "/voila/static/%2e%2e/%2e%2e/app.py", "/voila/static/../app.py", "/voila/static/",
    "/voila/labextensions/", "/voila/labextensions/%2e%2e/%2e%2e/app.py",
    f"/voila/api/shutdown/{FAKE_KERNEL}", "/voila/query/" + FAKE_KERNEL,
]

# What would show that something private leaked.
SECRETS = ["BEGIN SOLUTION", "BEGIN HIDDEN TESTS", "nbgrader", "Traceback", "modules:", "import ", "SQLite format"]


def site_routes() -> list[str]:
    """The route patterns of the public site as the server builds them (no kernels started)."""
    from literasi.site.app import build_app
    from literasi.site.settings import SiteSettings

    # Voila's initialize() installs its own SIGTERM handler, which would outlive this test in the pytest worker:
    # the worker could then no longer be ended by SIGTERM (it needs an event loop this test never starts).
    sigterm = signal.getsignal(signal.SIGTERM)
    try:
        with mock.patch.dict(os.environ):  # the server's environment, for this test only
            # Warm pools add a route; their kernels never start (no event loop runs here).
            app = build_app(ROOT, SiteSettings())
            app.connection_dir = tempfile.mkdtemp()
            app.init_settings()
            return [handler[0] for handler in app.init_handlers()]
    finally:
        signal.signal(signal.SIGTERM, sigterm)


def test_every_route_of_the_site_has_probes():
    assert sorted(site_routes()) == sorted(PROBES)


def _answered(url: str, patterns: list[str]) -> str:
    """The first route pattern (in match order) that answers ``url``'s path, as Tornado matches it."""
    path = url.split("?", 1)[0]
    return next(pattern for pattern in patterns if re.fullmatch(pattern, path))


def test_every_url_built_for_the_site_is_answered_by_its_own_route():
    from literasi.curriculum import load_curriculum
    from literasi.site.room import room_routes
    from literasi.site.urls import home_url, lesson_page_url, lesson_switch_url, room_page_url, sources_url

    curriculum = load_curriculum(ROOT / "curriculum.yml")
    patterns = site_routes()
    lesson = curriculum.lessons()[0]
    for lang in ("id", "en"):
        assert _answered(home_url(lang), patterns) == f"/{lang}/?"
        assert _answered(home_url(lang, "umkm"), patterns) == f"/{lang}/?"
        assert _answered(sources_url(lang), patterns) == sources_url(lang)
        assert _answered(lesson_switch_url(lang, lesson.id), patterns) == r"/pelajaran/([a-z]+)/([a-z0-9-]+)/?"
        assert _answered(lesson_page_url(lang, lesson.path), patterns) == r"/voila/render/(.*)"
        for old_path in curriculum.replaced_paths():  # a replaced lesson's old page: its redirect, not Voila
            assert _answered(lesson_page_url(lang, old_path), patterns) == REPLACED_ROUTE
        for old_id in curriculum.replaced():
            assert _answered(lesson_switch_url(lang, old_id), patterns) == r"/pelajaran/([a-z]+)/([a-z0-9-]+)/?"
    room = [pattern for pattern, *_ in room_routes("http://10.0.0.2:8866/", curriculum)]
    assert _answered(room_page_url("en"), room) == r"/ruang/?"
    assert _answered(room_page_url("en", lesson.id), room) == r"/ruang/([a-z0-9-]+)/?"
    for old_id in curriculum.replaced():
        assert _answered(room_page_url("en", old_id), room) == r"/ruang/([a-z0-9-]+)/?"


@pytest.mark.parametrize("path", [path for paths in PROBES.values() for path in paths] + GONE)
def test_private_files_and_listings_are_refused(site, path):
    status, headers, body = Visitor(site).get(path)
    text = body.decode("utf-8", "replace")
    assert status in (400, 403, 404, 405), f"{path} answered {status}"  # 400: a websocket route refusing HTTP
    assert not [secret for secret in SECRETS if secret in text], text[:300]
    assert "Content-Security-Policy" in headers


@pytest.mark.parametrize("template", ["lab", "classic", "reveal", "literasi-presentasi"])
def test_a_lesson_cannot_be_rendered_with_another_template(site, template):
    """?template= would let anyone pick a template that shows instructor notes or loads a CDN."""
    visitor = Visitor(site)
    status, _, body = visitor.get(f"/voila/render/id/{LESSON_PATH}?template={template}")
    html = body.decode("utf-8")
    assert status == 200 and "QRIS" in html
    assert "Untuk instruktur" not in html and "cdn" not in html.lower()
    visitor.leave(html)


# ---------------------------------------------------------------- Kelas (literasi kelas start): the learner's routes

# Route pattern → GET requests a phone without a session (or with a forged one) must be refused. What a joined
# learner may not reach (another learner's attempts), the forms' hostile bodies and forged class codes are walked
# in tests/test_kelas_site.py.
KELAS_PROBES = {
    r"/kelas/?": ["/kelas/kelas.db", "/kelas/../kelas.db", "/kelas/.kelas-secret", "/kelas/%2e%2e/kelas.db",
                  "/kelas.db", "/.kelas-secret", "/kelas/gradebook.db"],
    r"/kelas/masuk": ["/kelas/masuk", "/kelas/masuk?kode=QRIS24", "/kelas/masuk/../../kelas.db"],
    r"/kelas/latihan/([a-z0-9-]{1,60})": ["/kelas/latihan/tidak-ada", "/kelas/latihan/..%2Fsource%2Fm3-qris",
                                          "/kelas/latihan/m3-qris/../../../kelas.db", "/kelas/latihan/M3-QRIS",
                                          "/kelas/latihan/" + "a" * 61, "/kelas/latihan/m3-qris%00"],
    r"/kelas/kiriman/([0-9]{1,12})": ["/kelas/kiriman/1", "/kelas/kiriman/-1", "/kelas/kiriman/1%2F..%2F2",
                                      "/kelas/kiriman/" + "9" * 13, "/kelas/kiriman/0x1"],
    r"/kelas/kiriman/([0-9]{1,12})/status": ["/kelas/kiriman/1/status", "/kelas/kiriman/2/status?lang=en",
                                             "/kelas/kiriman/1/status/../../../kelas.db"],
    r"/kelas/kelas\.js": ["/kelas/kelas.js.map", "/kelas/kelas%2Ejs/../kelas.db", "/kelas/kelasxjs"],
    r"/kelas/kuis-hasil": ["/kelas/kuis-hasil", "/kelas/kuis-hasil?quiz=qris-untuk-usaha-mikro&score=9",
                           "/kelas/kuis-hasil/../../kelas.db"],
}
FORGED_SESSIONS = ["1.QRIS24.1." + "0" * 64, "1.QRIS24", "../../kelas.db", "1.AAAA.1." + "f" * 64]


def test_every_kelas_learner_route_has_probes():
    from literasi.site.kelas.learner import learner_routes
    from literasi.site.urls import kelas_attempt_url, kelas_exercise_url, kelas_url

    patterns = [pattern for pattern, *_ in learner_routes(None)]
    assert sorted(patterns) == sorted(KELAS_PROBES)
    assert _answered(kelas_url("en"), patterns) == r"/kelas/?"
    assert _answered(kelas_exercise_url("m3-qris-en", "en"), patterns) == r"/kelas/latihan/([a-z0-9-]{1,60})"
    assert _answered(kelas_attempt_url(12, "id"), patterns) == r"/kelas/kiriman/([0-9]{1,12})"


@pytest.mark.parametrize("forged", [None, *FORGED_SESSIONS])
def test_kelas_routes_refuse_phones_without_a_session(kelas_site, forged):
    visitor = Visitor(kelas_site)
    for path in [path for paths in KELAS_PROBES.values() for path in paths]:
        headers = {"Cookie": f"literasi_kelas={forged}"} if forged else {}
        status, headers, body = visitor.get(path, headers)
        text = body.decode("utf-8", "replace")
        assert status in (400, 403, 404, 405), f"{path} answered {status}"
        assert not [secret for secret in [*SECRETS, "QRIS24"] if secret in text], (path, text[:300])
        assert "Content-Security-Policy" in headers
