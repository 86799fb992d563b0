"""Lessons that another lesson replaced (``replaces`` in the manifest): today the two module-5 ASN lessons merged
into ``spbe-dan-keamanan-informasi`` (issue 16). Their ids and pages stay reserved, old links, QR codes and
handouts lead to the new lesson for good (301), and ``literasi handout`` and ``literasi present`` accept the old
ids. The redirects are checked here on the handlers themselves; tests/test_site.py follows them on the real site."""

from __future__ import annotations

import copy
import subprocess

import pytest
import tornado.httpclient
import tornado.httpserver
import tornado.netutil
import tornado.web
import yaml
import zxingcpp
from conftest import ROOT, literasi_command
from helpers import run_apart
from pypdf import PdfReader

from literasi.cli import main
from literasi.curriculum import ManifestError, load_curriculum, parse_curriculum
from literasi.i18n import LANGS
from literasi.site.app import LessonRedirectHandler, ReplacedPageHandler, replaced_pages_route
from literasi.site.room import room_routes
from literasi.site.urls import lesson_page_url, lesson_switch_url, room_page_url

CURRICULUM = load_curriculum(ROOT / "curriculum.yml")
MERGED = "spbe-dan-keamanan-informasi"
OLD = {  # the old ids and where their notebooks were
    "spbe-dan-satu-data": "05-layanan-publik-asn/01-spbe-dan-satu-data.ipynb",
    "keamanan-informasi-kantor": "05-layanan-publik-asn/02-keamanan-informasi-kantor.ipynb",
}


def get(routes: list, path: str) -> tuple[int, dict]:
    """GET ``path`` from a throwaway Tornado server with ``routes``, without following redirects."""
    async def run():
        sockets = tornado.netutil.bind_sockets(0, "127.0.0.1")
        server = tornado.httpserver.HTTPServer(tornado.web.Application(routes))
        server.add_sockets(sockets)
        port = sockets[0].getsockname()[1]
        try:
            response = await tornado.httpclient.AsyncHTTPClient().fetch(
                f"http://127.0.0.1:{port}{path}", follow_redirects=False, raise_error=False)
        finally:
            server.stop()
        return response.code, dict(response.headers)
    return run_apart(run())


SITE_ROUTES = [  # as LiterasiVoila.site_routes() builds them (tests/test_site_routes.py checks the real list)
    (r"/pelajaran/([a-z]+)/([a-z0-9-]+)/?", LessonRedirectHandler, {"curriculum": CURRICULUM}),
    (replaced_pages_route(CURRICULUM), ReplacedPageHandler, {"curriculum": CURRICULUM}),
]


# ---------------------------------------------------------------- the manifest


def test_the_merged_lesson_records_the_two_old_lessons_in_one_place():
    lesson = CURRICULUM.lesson(MERGED)
    assert {old.id: old.path for old in lesson.replaces} == OLD
    assert lesson.path == "05-layanan-publik-asn/01-spbe-dan-keamanan-informasi.ipynb"
    assert CURRICULUM.replaced() == {old: lesson for old in OLD}
    assert CURRICULUM.replaced_paths() == {path: lesson for path in OLD.values()}
    for old in OLD:
        assert CURRICULUM.resolve(old) is lesson
        with pytest.raises(KeyError):
            CURRICULUM.lesson(old)  # not a lesson any more: lists, plans and the site show only the new one
    assert CURRICULUM.resolve(MERGED) is lesson
    with pytest.raises(KeyError):
        CURRICULUM.resolve("tidak-ada")
    assert not set(OLD) & {lesson.id for lesson in CURRICULUM.lessons()}


def test_old_notebooks_and_banks_are_gone_and_the_exercise_assesses_the_merged_lesson():
    for lang in LANGS:
        for path in OLD.values():
            assert not (ROOT / "lessons" / lang / path).exists()
        for old in OLD:
            assert not (ROOT / "lessons" / "banks" / lang / f"{old}.yml").exists()
    exercise = next(e for e in CURRICULUM.exercises() if e.id == "m5-spbe")
    assert exercise.assesses == [MERGED]


@pytest.fixture
def manifest():
    return yaml.safe_load((ROOT / "curriculum.yml").read_text("utf-8"))


def _merged(data: dict) -> dict:
    return next(lesson for module in data["modules"] for lesson in module["lessons"] if lesson["id"] == MERGED)


def _asn_exercise(data: dict) -> dict:
    return next(e for module in data["modules"] for e in module.get("exercises", []) if e["id"] == "m5-spbe")


@pytest.mark.parametrize(("break_it", "message"), [
    (lambda d: _merged(d)["replaces"].append({"id": "ikd-di-loket-layanan", "path": "05-x/01-ikd.ipynb"}),
     "replaces 'ikd-di-loket-layanan', which is the id of a lesson"),
    (lambda d: _merged(d)["replaces"].append({"id": "lama", "path": "05-layanan-publik-asn/04-ikd-di-loket-layanan.ipynb"}),
     "which is the path of a lesson or gallery page"),
    (lambda d: _merged(d)["replaces"].append({"id": "lama", "path": "galeri/kota-cerdas.ipynb"}),
     "which is the path of a lesson or gallery page"),
    (lambda d: _merged(d)["replaces"].append(dict(_merged(d)["replaces"][0], path="05-x/09-lain.ipynb")),
     "replaced lesson ids repeat"),
    (lambda d: _merged(d)["replaces"].append({"id": "lain", "path": _merged(d)["replaces"][0]["path"]}),
     "replaced lesson paths repeat"),
    (lambda d: _merged(d)["replaces"].append({"id": "Bukan Slug", "path": "05-x/09-lain.ipynb"}), "replaces"),
    (lambda d: _asn_exercise(d).update(assesses=["keamanan-informasi-kantor"]),
     "assesses 'keamanan-informasi-kantor', which is not a lesson (it was replaced by 'spbe-dan-keamanan-informasi')"),
])
def test_an_old_id_or_path_may_not_clash_with_what_is_live(manifest, break_it, message):
    broken = copy.deepcopy(manifest)
    break_it(broken)
    with pytest.raises(ManifestError) as caught:
        parse_curriculum(broken, "curriculum.yml")
    assert "curriculum.yml" in str(caught.value) and message in str(caught.value)


# ---------------------------------------------------------------- the site


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("old", OLD)
def test_an_old_lesson_id_redirects_for_good_to_the_merged_lesson(old, lang):
    status, headers = get(SITE_ROUTES, lesson_switch_url(lang, old))
    assert status == 301 and headers["Location"] == lesson_switch_url(lang, MERGED)
    status, headers = get(SITE_ROUTES, lesson_switch_url(lang, MERGED))  # ... which leads on to its page
    assert status == 302 and headers["Location"] == lesson_page_url(lang, CURRICULUM.lesson(MERGED).path)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("old", OLD)
def test_an_old_lesson_page_redirects_for_good_to_the_merged_lesson(old, lang):
    status, headers = get(SITE_ROUTES, lesson_page_url(lang, OLD[old]))
    assert status == 301 and headers["Location"] == lesson_switch_url(lang, MERGED)


@pytest.mark.parametrize("path", [f"/voila/render/xx/{OLD['spbe-dan-satu-data']}", "/pelajaran/xx/spbe-dan-satu-data",
                                  f"/voila/render/banks/{OLD['keamanan-informasi-kantor']}"])
def test_an_old_page_in_an_unknown_language_is_not_found(path):
    assert get(SITE_ROUTES, path)[0] == 404


def test_the_old_pages_route_matches_only_the_old_pages():
    import re

    pattern = replaced_pages_route(CURRICULUM)
    for lang in LANGS:
        for path in OLD.values():
            assert re.fullmatch(pattern, lesson_page_url(lang, path))
        for lesson in CURRICULUM.lessons():
            assert not re.fullmatch(pattern, lesson_page_url(lang, lesson.path))  # live pages stay Voila's
    assert not re.fullmatch(pattern, f"/voila/render/id/{OLD['spbe-dan-satu-data']}x")
    assert not re.fullmatch(pattern, "/voila/render/id/05-layanan-publik-asn/01-spbe-dan-satu-dataxipynb")


def test_without_replaced_lessons_there_is_no_old_pages_route(manifest):
    _merged(manifest).pop("replaces")
    assert replaced_pages_route(parse_curriculum(manifest)) is None


@pytest.mark.parametrize("lang", LANGS)
def test_an_old_lesson_qr_page_in_room_mode_redirects_to_the_merged_lessons(lang):
    routes = room_routes("http://10.0.0.2:8866/", CURRICULUM)
    status, headers = get(routes, room_page_url(lang, "keamanan-informasi-kantor"))
    assert status == 301 and headers["Location"] == room_page_url(lang, MERGED)
    status, _ = get(routes, room_page_url(lang, MERGED))
    assert status == 200
    assert get(routes, room_page_url(lang, "tidak-ada"))[0] == 404


# ---------------------------------------------------------------- the commands


def test_handout_of_an_old_id_prints_the_merged_lesson(tmp_path):
    result = subprocess.run([*literasi_command(), "handout", "spbe-dan-satu-data", "--lang", "en", "--out",
                             str(tmp_path)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "spbe-dan-satu-data" in result.stderr and MERGED in result.stderr  # says which lesson it printed
    path = tmp_path / f"lembar-{MERGED}-en.pdf"
    reader = PdfReader(path)
    decoded = [r.text for image in reader.pages[0].images for r in zxingcpp.read_barcodes(image.image)]
    assert decoded == [f"http://127.0.0.1:8866/pelajaran/en/{MERGED}"]
    text = reader.pages[0].extract_text()
    assert CURRICULUM.lesson(MERGED).title["en"] in text


def test_present_of_an_old_id_presents_the_merged_lesson(monkeypatch, capsys):
    from literasi.site import present

    started = {}

    class FakeApp:
        def start(self):
            started["yes"] = True

    def fake_build_app(root, site, curriculum, extra_routes, **kwargs):
        ((pattern, _, options),) = extra_routes
        started["start"] = options["url"]
        return FakeApp()

    monkeypatch.setattr(present, "build_app", fake_build_app)
    assert main(["present", "keamanan-informasi-kantor", "--no-browser", "--room-url", "http://10.0.0.2:8866/"]) == 0
    assert started == {"start": lesson_page_url("id", CURRICULUM.lesson(MERGED).path), "yes": True}
    captured = capsys.readouterr()
    assert "keamanan-informasi-kantor" in captured.err and MERGED in captured.err
    assert MERGED in captured.out


def test_hot_pools_accept_an_old_id():
    from literasi.site.kernels import kernel_pools_config
    from literasi.site.settings import SiteSettings

    pools = kernel_pools_config(CURRICULUM, SiteSettings(warm=0, hot="spbe-dan-satu-data:5"))
    assert pools[f"id/{CURRICULUM.lesson(MERGED).path}"] == {"pool_size": 5}
