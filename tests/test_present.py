"""``literasi present``: the instructor's projector view, on this laptop only, with live widgets, the instructor
notes, and QR slides that send learners to the lesson on the room site."""

from __future__ import annotations

import re

import psutil
import pytest
from conftest import OUTPUT, ROOT, running_literasi
from helpers import decode_image, decode_matrix, fetch, instructor_phrases, lesson_pages, page_text, render, svg_matrix
from playwright.sync_api import expect

from literasi.cli import main
from literasi.curriculum import load_curriculum
from literasi.i18n import t
from literasi.site.app import voila_config
from literasi.site.present import ensure_loopback, present_config, qr_slide
from literasi.site.settings import SiteSettings

ROOM = "http://192.168.43.10:8866/"  # only printed in QR codes: no traffic is ever sent there
LESSON_ID = "qris-untuk-usaha-mikro"
LESSON_PAGE = "03-pembayaran-digital/01-qris-untuk-usaha-mikro.ipynb"
LESSON_PAGES = lesson_pages()


@pytest.mark.parametrize("ip", ["127.0.0.1", "127.0.0.2", "::1"])
def test_loopback_addresses_are_allowed(ip):
    assert ensure_loopback(ip) == ip


@pytest.mark.parametrize("ip", ["0.0.0.0", "::", "192.168.43.10", "10.0.0.1", "", "localhost.example"])
def test_presentation_refuses_any_address_other_machines_could_reach(ip):
    with pytest.raises(ValueError, match="127.0.0.1"):
        ensure_loopback(ip)


def test_presentation_config_uses_its_template_and_never_a_public_address():
    config = voila_config(SiteSettings(ip="0.0.0.0"), load_curriculum(ROOT / "curriculum.yml"))
    with pytest.raises(ValueError):
        present_config(config, "0.0.0.0", ROOM)
    config = present_config(config, "127.0.0.1", ROOM)
    assert config.Voila.ip == "127.0.0.1"
    assert config.VoilaConfiguration.template == "literasi-presentasi"
    assert "qr_slide" in config.VoilaExporter.filters


@pytest.mark.parametrize("room_url", [ROOM, None])
def test_the_qr_slide_filter_is_bound_to_the_room_address_it_was_given(room_url):
    config = present_config(voila_config(SiteSettings(), load_curriculum(ROOT / "curriculum.yml")), "127.0.0.1",
                            room_url)
    slide = config.VoilaExporter.filters["qr_slide"](LESSON_ID, "id", "start")  # as the template calls it
    assert (f"{ROOM}pelajaran/id/{LESSON_ID}" in slide) if room_url else slide == ""


def test_qr_slides_point_to_the_lesson_on_the_room_site():
    slide = qr_slide(LESSON_ID, "en", "start", room_url=ROOM)
    (svg,) = re.findall(r"<svg.*?</svg>", slide, flags=re.DOTALL)
    assert decode_matrix(svg_matrix(svg)) == [f"{ROOM}pelajaran/en/{LESSON_ID}"]
    assert t("ruang.present_qr_title", "en") in slide
    assert t("ruang.present_end_title", "id") in qr_slide(LESSON_ID, "id", "end", room_url=ROOM)
    assert qr_slide(LESSON_ID, "id", "start", room_url="") == ""  # no room network: no slide pointing nowhere


def test_unknown_lesson_lists_the_lessons_and_starts_nothing(capsys):
    assert main(["present", "tidak-ada", "--no-browser"]) == 2
    err = capsys.readouterr().err
    assert "tidak-ada" in err and LESSON_ID in err


@pytest.fixture(scope="module")
def presentation():
    """``literasi present qris-untuk-usaha-mikro --room-url …`` on a free loopback port."""
    with running_literasi("present", LESSON_ID, "--no-browser", "--room-url", ROOM,
                          name="present-server") as (base, process, log):
        yield {"base": base, "port": int(base.rsplit(":", 1)[1]), "pid": process.pid, "log": log}


@pytest.mark.slow
def test_presentation_listens_on_loopback_only_and_opens_the_lesson(presentation):
    listening = [c.laddr.ip for c in psutil.Process(presentation["pid"]).net_connections(kind="inet")
                 if c.status == psutil.CONN_LISTEN]
    assert listening and set(listening) <= {"127.0.0.1"}
    status, _, headers = fetch(presentation["base"] + "/", redirect=False)
    assert status == 302 and headers["Location"] == f"/voila/render/id/{LESSON_PAGE}"
    assert f"http://127.0.0.1:{presentation['port']}/voila/render/id/{LESSON_PAGE}" in \
        presentation["log"].read_text("utf-8")


@pytest.mark.slow
@pytest.mark.parametrize("page", LESSON_PAGES)
def test_presentation_shows_the_instructor_notes_of_every_lesson(presentation, page):
    status, html = render(presentation["base"], page)
    assert status == 200 and "Traceback" not in html
    text = page_text(html)
    missing = [phrase for phrase in instructor_phrases(page) if phrase not in text]
    assert not missing, f"{page}: instructor notes missing from the presentation: {missing[:3]}"
    badge = t("ruang.instructor_badge", page.split("/")[0])
    assert f'<p class="literasi-instruktur-badge">{badge}</p>' in html
    assert "from literasi.widgets import" not in html


@pytest.mark.slow
@pytest.mark.browser
def test_projector_view_has_qr_slides_a_live_widget_and_the_instructor_note(presentation, browser, request):
    context = browser.new_context(viewport={"width": 1280, "height": 720})  # a projector
    page = context.new_page()
    page.set_default_timeout(90_000)
    hosts = set()
    page.on("request", lambda r: hosts.add(r.url.split("/")[2].rsplit(":", 1)[0]) if r.url.startswith("http") else None)
    folder = OUTPUT / "browser"
    folder.mkdir(parents=True, exist_ok=True)
    try:
        page.goto(presentation["base"] + "/")
        start = page.locator(".literasi-qr-slide.start")
        expect(start).to_be_visible()
        expect(start).to_contain_text(t("ruang.present_qr_title", "id"))
        start.screenshot(path=str(folder / f"{request.node.name}-qr.png"))
        assert decode_image(folder / f"{request.node.name}-qr.png") == [f"{ROOM}pelajaran/id/{LESSON_ID}"]

        calculator = page.locator(".literasi-calculator")
        calculator.scroll_into_view_if_needed()
        boxes = calculator.locator("input[type=text]")
        boxes.nth(0).fill("1200")
        boxes.nth(1).fill("40.000")
        calculator.locator("select").select_option(label="Usaha kecil, menengah, atau besar (reguler)")
        # 1.200 × Rp40.000 = Rp48.000.000; MDR 0,7% = Rp336.000; net Rp47.664.000 (computed by the kernel)
        expect(calculator.locator(".literasi-result")).to_contain_text("Rp47.664.000")
        font = page.evaluate("getComputedStyle(document.querySelector('.jp-RenderedHTMLCommon')).fontSize")
        assert float(font.removesuffix("px")) >= 24  # readable from the back of the room

        note = page.locator(".literasi-instruktur")
        note.scroll_into_view_if_needed()
        expect(note.locator(".literasi-instruktur-badge")).to_have_text(t("ruang.instructor_badge", "id"))
        expect(note).to_contain_text("Salah paham yang sering muncul")
        page.screenshot(path=str(folder / f"{request.node.name}-note.png"))
        end = page.locator(".literasi-qr-slide.end")
        end.scroll_into_view_if_needed()
        expect(end).to_contain_text(t("ruang.present_end_title", "id"))
        assert hosts == {"127.0.0.1"}, f"third-party requests: {hosts - {'127.0.0.1'}}"
    finally:
        page.screenshot(path=str(folder / f"{request.node.name}.png"))
        context.close()
