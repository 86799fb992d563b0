"""How the public site answers on the wire: compression, caching, security headers, kernel limits and culling,
and what ``literasi serve`` tells its operator."""

from __future__ import annotations

import asyncio
import gzip
import json
import subprocess
import threading

import pytest
from conftest import LESSON_PATH, ROOT, SHARED_SITE_MAX_KERNELS, Visitor, literasi_command, running_site, server_log
from helpers import t_pattern, wait_for_kernel_counts

from literasi.i18n import t
from literasi.site.assets import asset_names, served_files
from literasi.site.next_lesson_pools import PATIENCE_SECONDS
from literasi.site.security import SECURITY_HEADERS
from literasi.site.settings import SiteSettings, env_name

LESSON = f"/voila/render/id/{LESSON_PATH}"
LESSON_EN = f"/voila/render/en/{LESSON_PATH}"


# --- compression and caching ------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/", "/en/?jalur=umkm", "/tidak-ada"])
def test_pages_are_gzipped_for_browsers_that_accept_it(site, path):
    _, headers, body = Visitor(site).get(path, {"Accept-Encoding": "gzip"})
    assert headers.get("Content-Encoding") == "gzip"
    assert b"<html" in gzip.decompress(body)
    _, plain_headers, plain = Visitor(site).get(path)
    assert "Content-Encoding" not in plain_headers and b"<html" in plain
    assert len(body) < len(plain) / 2


def test_lesson_page_is_gzipped_and_never_cached(site):
    visitor = Visitor(site)
    status, headers, body = visitor.get(LESSON, {"Accept-Encoding": "gzip"})
    html = gzip.decompress(body)
    assert status == 200 and headers.get("Content-Encoding") == "gzip"
    assert "no-store" in headers["Cache-Control"]  # it names this visitor's own kernel
    assert visitor.leave(html) == 204


def test_landing_page_may_be_cached_briefly(site):
    _, headers, _ = Visitor(site).get("/")
    assert headers["Cache-Control"] == "public, max-age=300"


@pytest.mark.parametrize("name", sorted(served_files()))
def test_built_assets_are_precompressed_and_cached_for_a_year(site, name):
    visitor = Visitor(site)
    _, plain_headers, plain = visitor.get(f"/aset/{name}")
    assert plain_headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert plain == (ROOT / "literasi/site/static" / name).read_bytes()
    if name.endswith((".js", ".css", ".svg", ".json")):
        _, br_headers, br_body = visitor.get(f"/aset/{name}", {"Accept-Encoding": "gzip, deflate, br"})
        assert br_headers["Content-Encoding"] == "br" and len(br_body) < len(plain)
        _, gz_headers, gz_body = visitor.get(f"/aset/{name}", {"Accept-Encoding": "gzip"})
        assert gz_headers["Content-Encoding"] == "gzip" and gzip.decompress(gz_body) == plain
        assert gz_headers["Vary"] == "Accept-Encoding"  # caches keep one copy per coding
        status, _, again = visitor.get(f"/aset/{name}", {"Accept-Encoding": "gzip",
                                                         "If-None-Match": gz_headers["Etag"]})
        assert status == 304 and again == b""


def test_lesson_page_links_only_built_assets_of_its_own(site):
    """The page's scripts and styles are Literasi's hashed assets, not Voila's JupyterLab bundle."""
    visitor = Visitor(site)
    _, _, body = visitor.get(LESSON)
    html = body.decode("utf-8")
    assert f"/aset/{asset_names()['lesson.js']}" in html and f"/aset/{asset_names()['lesson.css']}" in html
    assert "/voila/static/voila.js" not in html and "labextensions" not in html
    visitor.leave(html)


# --- security headers -------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/", "/id/", "/healthz", "/tidak-ada", LESSON, "/voila/files/id/x.ipynb"])
def test_every_answer_carries_the_security_headers(site, path):
    visitor = Visitor(site)
    _, headers, body = visitor.get(path)
    for name, value in SECURITY_HEADERS.items():
        assert headers.get(name) == value, name
    if path == LESSON:
        visitor.leave(body)


def test_error_pages_show_no_traceback_or_server_version(site):
    for path in ["/voila/render/tidak-ada.ipynb", "/voila/templates/x/static/y", "/api/kernels/x-x-x-x-x"]:
        _, headers, body = Visitor(site).get(path)
        text = body.decode("utf-8", "replace")
        assert "Traceback" not in text and "File \"" not in text and "tornado" not in text.lower()
        assert headers["Server"] == "Literasi"


# --- operations -------------------------------------------------------------------------------------------

def warm_page_count() -> int:
    """Pages kept warm by default: every lesson and gallery page in Indonesian."""
    from literasi.curriculum import load_curriculum

    curriculum = load_curriculum(ROOT / "curriculum.yml")
    return len(curriculum.lessons()) + len(curriculum.gallery)


def test_serve_says_where_it_listens_and_how_many_kernels_it_keeps_warm(site):
    pages = warm_page_count()
    log = server_log("site-server").read_text(encoding="utf-8")
    assert t_pattern("site.serving", "id", url=f"{site}/", warm=pages, max_kernels=SHARED_SITE_MAX_KERNELS).search(log), log


def test_settings_come_from_flags_then_environment_then_defaults():
    environ = {env_name("max_kernels"): "12", env_name("warm"): "0", env_name("lang"): "en"}
    settings = SiteSettings.from_env(environ, max_kernels=5, port=None)
    assert (settings.max_kernels, settings.warm, settings.lang, settings.port) == (5, 0, "en", 8866)


@pytest.mark.parametrize("environ, words", [
    ({"LITERASI_MAX_KERNELS": "banyak"}, "LITERASI_MAX_KERNELS='banyak'"),
    ({"LITERASI_MAX_KERNELS": "0"}, "max_kernels=0"),
    ({"LITERASI_WARM_LANGS": "id,fr"}, "warm_langs='id,fr'"),
])
def test_bad_settings_stop_serve_with_a_sentence(environ, words):
    result = subprocess.run([*literasi_command(), "serve", "--port", "1"], cwd=ROOT, capture_output=True,
                            text=True, timeout=60, env={**__import__("os").environ, **environ})
    assert result.returncode == 2
    assert words in result.stderr and "Traceback" not in result.stderr


# --- kernels: cap, shutdown on leaving, culling -----------------------------------------------------------

IDLE = 20


@pytest.fixture(scope="module")
def small_site():
    """A site that holds at most 3 learner kernels and culls idle ones after IDLE s (checked every second)."""
    with running_site("--max-kernels", "3", "--idle-timeout", str(IDLE), "--cull-interval", "1",
                      name="small-site-server") as base:
        pages = warm_page_count()
        warm = wait_for_kernel_counts(base, lambda c: c["learners"] == 0 and c["kernels"] == pages, 240)
        assert warm["kernels"] == pages
        yield base


def test_leaving_a_lesson_shuts_its_kernel(small_site):
    for _ in range(5):
        visitor = Visitor(small_site)
        status, _, html = visitor.get(LESSON)
        assert status == 200
        assert wait_for_kernel_counts(small_site, lambda c: c["learners"] == 1, 15)["learners"] == 1
        assert visitor.leave(html) == 204
        assert wait_for_kernel_counts(small_site, lambda c: c["learners"] == 0, 15)["learners"] == 0
    assert wait_for_kernel_counts(small_site, lambda c: c["kernels"] == warm_page_count(), 120)["kernels"] == warm_page_count()


def test_a_full_site_says_so_and_abandoned_kernels_are_culled(small_site):
    warm = wait_for_kernel_counts(small_site, lambda c: c["learners"] == 0, 30)["warm"]
    for _ in range(3):
        visitor = Visitor(small_site)
        status, _, html = visitor.get(LESSON)
        assert status == 200
        # The tab talks to its kernel once, then is closed without saying goodbye.
        _in_own_thread(_talk_and_close(small_site, html.decode("utf-8")))

    status, headers, body = Visitor(small_site).get(LESSON)
    assert status == 503 and headers["Retry-After"] == "30" and t("site.busy_title", "id") in body.decode("utf-8")
    status, _, body = Visitor(small_site).get(LESSON_EN)
    assert status == 503 and t("site.busy_title", "en") in body.decode("utf-8")

    # Culled; and the next lesson's kernels made ready for them are shut once nobody has been heading there for
    # PATIENCE_SECONDS.
    counts = wait_for_kernel_counts(small_site, lambda c: c["learners"] == 0 and c["kernels"] == warm,
                                    IDLE + PATIENCE_SECONDS + 30)
    assert counts["learners"] == 0 and counts["kernels"] == warm
    visitor = Visitor(small_site)
    status, _, html = visitor.get(LESSON)
    assert status == 200
    visitor.leave(html)


def _in_own_thread(coroutine) -> None:
    """Run a coroutine on its own event loop in its own thread (Playwright owns this thread's loop)."""
    failures = []
    thread = threading.Thread(target=lambda: failures.append(asyncio.run(coroutine)))
    thread.start()
    thread.join(timeout=120)
    assert failures == [None]


async def _talk_and_close(base: str, html: str) -> None:
    from conftest import KERNEL_ID
    from tornado.websocket import websocket_connect

    kernel_id = KERNEL_ID.search(html).group(1)
    socket = await websocket_connect(f"ws://{base.removeprefix('http://')}/api/kernels/{kernel_id}/channels",
                                     compression_options={})
    # Widget states travel compressed (permessage-deflate), as they do to a browser.
    assert "permessage-deflate" in socket.headers.get("Sec-WebSocket-Extensions", "")
    socket.write_message(json.dumps({
        "header": {"msg_id": "1", "msg_type": "kernel_info_request", "session": "test", "username": "",
                   "version": "5.3", "date": ""},
        "parent_header": {}, "metadata": {}, "content": {}, "channel": "shell", "buffers": []}))
    while True:
        message = json.loads(await socket.read_message())
        if message["msg_type"] == "kernel_info_reply":
            break
    socket.close()


def test_todays_lesson_can_keep_a_room_full_of_warm_kernels():
    from literasi.curriculum import load_curriculum
    from literasi.site.kernels import kernel_pools_config, warm_kernel_count

    curriculum = load_curriculum(ROOT / "curriculum.yml")
    pools = kernel_pools_config(curriculum, SiteSettings(hot="qris-untuk-usaha-mikro:25"))
    assert pools[f"id/{LESSON_PATH}"] == {"pool_size": 25}
    assert pools["id/03-pembayaran-digital/02-transfer-bifast-ewallet.ipynb"] == {"pool_size": 1}
    assert warm_kernel_count(pools) == warm_page_count() - 1 + 25
    room = kernel_pools_config(curriculum, SiteSettings(warm=0, max_kernels=30, hot="qris-untuk-usaha-mikro"))
    assert room == {"default": {"pool_size": 0}, f"id/{LESSON_PATH}": {"pool_size": 30}}


@pytest.mark.parametrize("hot, words", [("qris:5", "'qris' bukan id pelajaran"), ("qris-untuk-usaha-mikro:lima",
                                                                                 "id-pelajaran:jumlah")])
def test_a_wrong_hot_lesson_stops_serve_with_a_sentence(hot, words):
    result = subprocess.run([*literasi_command(), "serve", "--port", "1", "--hot", hot], cwd=ROOT,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and words in result.stderr and "Traceback" not in result.stderr
