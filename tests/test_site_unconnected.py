"""Kernels held by visitors who never connect (crawlers, link previews, probes, scripts): their kernels are shut
after a grace period, the learner cap counts only kernels that connected plus pages still waiting, one client
address may hold only so many waiting pages, and past that it still gets the lesson's text without a kernel."""

from __future__ import annotations

import html as html_lib
import http.client
import re
from concurrent.futures import ThreadPoolExecutor

import nbformat
import pytest
from conftest import LESSON_PATH, ROOT, running_site
from helpers import wait_for_kernel_counts
from playwright.sync_api import expect

from literasi.curriculum import load_curriculum
from literasi.i18n import t
from literasi.site.client_address import client_key, parse_networks
from literasi.site.settings import SiteSettings
from literasi.site.unconnected import UnconnectedKernels

LESSON = f"/voila/render/id/{LESSON_PATH}"
LESSON_EN = f"/voila/render/en/{LESSON_PATH}"
KERNEL_ID = re.compile(r'"kernelId":\s*"([0-9a-f-]{36})"')


# --- the bookkeeping, on a clock of our own ---------------------------------------------------------------

class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def visit(kernels: UnconnectedKernels, client: str, kernel_id: str | None):
    """One lesson request from ``client`` handed ``kernel_id`` (or none), its page sent."""
    started = kernels.open(client)
    if kernel_id is not None:
        kernels.handed(kernel_id)
    kernels.page_sent(started)
    return started


def test_a_page_that_never_connects_is_shut_after_its_grace_period_and_stops_counting():
    clock = Clock()
    kernels = UnconnectedKernels(grace=20, clock=clock)
    visit(kernels, "10.0.0.1", "crawled")
    visit(kernels, "10.0.0.2", "learner")
    assert kernels.learner_count({"crawled", "learner"}) == 2
    clock.now = 3
    kernels.connect("learner")
    clock.now = 19.9
    assert kernels.expired() == []
    clock.now = 20
    assert kernels.expired() == ["crawled"]
    assert kernels.expired() == []  # told once
    # The crawled kernel is being shut: it no longer counts; the learner's counts while it lives.
    assert kernels.learner_count({"crawled", "learner"}) == 1
    clock.now = 10_000
    assert kernels.expired() == [] and kernels.learner_count({"learner"}) == 1
    kernels.keep_only(set())  # culled
    assert kernels.learner_count(set()) == 0


def test_the_grace_period_starts_when_the_page_has_been_sent():
    clock = Clock()
    kernels = UnconnectedKernels(grace=5, clock=clock)
    slow = kernels.open("10.0.0.1")
    kernels.handed("slow")
    clock.now = 60  # a minute rendering on a busy box
    assert kernels.expired() == [] and kernels.waiting_count() == 1
    kernels.page_sent(slow)
    clock.now = 64
    assert kernels.expired() == []
    clock.now = 65
    assert kernels.expired() == ["slow"]


def test_a_request_counts_from_its_start_so_a_burst_cannot_overshoot_the_cap():
    kernels = UnconnectedKernels(grace=5, clock=Clock())
    for _ in range(3):
        kernels.open("10.0.0.1")  # no kernel yet: still rendering
    assert kernels.learner_count(set()) == 3 and kernels.waiting_count("10.0.0.1") == 3
    assert kernels.waiting_count("10.0.0.2") == 0
    failed = kernels.open("10.0.0.2")
    kernels.page_sent(failed)  # over without a kernel (a redirect, an error): it waits for nothing
    assert kernels.waiting_count("10.0.0.2") == 0


def test_a_page_shut_by_its_learner_stops_waiting():
    kernels = UnconnectedKernels(grace=5, clock=Clock())
    visit(kernels, "10.0.0.1", "left")
    kernels.keep_only(set())
    assert kernels.waiting_count() == 0


@pytest.mark.parametrize("peer, forwarded, trusted, expected", [
    ("203.0.113.7", [], "", "203.0.113.7"),
    # No trusted proxy: a client cannot choose its address by sending the header.
    ("203.0.113.7", ["198.51.100.1"], "", "203.0.113.7"),
    ("10.1.2.3", ["198.51.100.1"], "10.0.0.0/8", "198.51.100.1"),
    # The rightmost hop the trusted proxies did not write is the client; what the client wrote further left is not.
    ("10.1.2.3", ["1.2.3.4, 198.51.100.1"], "10.0.0.0/8", "198.51.100.1"),
    ("10.1.2.3", ["1.2.3.4", "198.51.100.1, 10.9.9.9"], "10.0.0.0/8", "198.51.100.1"),
    ("10.1.2.3", ["nonsense"], "10.0.0.0/8", "10.1.2.3"),
    ("10.1.2.3", [], "10.0.0.0/8", "10.1.2.3"),
    # One IPv6 device may use any address of its /64.
    ("2001:db8:1:2:aaaa::1", [], "", "2001:db8:1:2::/64"),
    ("::ffff:192.0.2.5", [], "", "192.0.2.5"),
])
def test_the_client_is_the_peer_or_what_a_trusted_proxy_saw(peer, forwarded, trusted, expected):
    assert client_key(peer, forwarded, parse_networks(trusted)) == expected


def test_bad_trusted_proxies_are_refused_with_a_sentence():
    with pytest.raises(ValueError, match="trusted_proxies='proxy.local'.*10.0.0.0/8"):
        SiteSettings(trusted_proxies="proxy.local")
    with pytest.raises(ValueError, match="connect_grace=-1"):
        SiteSettings(connect_grace=-1)


# --- a real site ------------------------------------------------------------------------------------------

GRACE = 3
CAP = 3
PER_CLIENT = 2


def fetch(base: str, path: str, source: str = "127.0.0.1") -> tuple[int, str]:
    """A plain GET (no JavaScript, no websocket, no cookies) from the loopback address ``source``."""
    host, port = base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=180, source_address=(source, 0))
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8")
    finally:
        connection.close()


def quiet(state: dict) -> bool:
    return state["learners"] == 0 and state["waiting"] == 0


@pytest.fixture(scope="module")
def grace_site():
    """A site of CAP learner kernels, a GRACE s grace period, PER_CLIENT waiting pages per address, no warm pools
    (every page starts its kernel)."""
    with running_site("--max-kernels", str(CAP), "--connect-grace", str(GRACE), "--unconnected-per-client",
                      str(PER_CLIENT), "--warm", "0", name="grace-site-server") as base:
        yield base


@pytest.fixture
def quiet_site(grace_site):
    assert quiet(wait_for_kernel_counts(grace_site, quiet, 120)), "kernels of an earlier test were not shut"
    return grace_site


def burst(base: str, path: str, sources: list[str]) -> list[tuple[str, int, str]]:
    """Plain GETs of ``path`` sent together, one from each of ``sources``: (source, status, body) each."""
    with ThreadPoolExecutor(len(sources)) as pool:
        return list(pool.map(lambda source: (source, *fetch(base, path, source)), sources))


@pytest.mark.browser
@pytest.mark.slow
def test_a_burst_of_plain_fetches_does_not_lock_a_learner_out(quiet_site, phone):
    base = quiet_site
    sources = [f"127.0.0.{2 + i // PER_CLIENT}" for i in range(2 * CAP)]  # PER_CLIENT each: under their limit
    answers = burst(base, LESSON, sources)
    assert sorted(status for _, status, _ in answers) == [200] * CAP + [503] * CAP  # the cap holds for a burst
    assert all(KERNEL_ID.search(body) for _, status, body in answers if status == 200)

    # GRACE seconds after their pages were sent, the fetchers' kernels are shut and a learner gets in.
    after = wait_for_kernel_counts(base, quiet, 90)
    assert quiet(after), after
    phone.goto(base + LESSON)
    expect(phone.locator(".literasi-calculator")).to_be_visible(timeout=120_000)
    # The learner's page connected: its kernel counts, and no grace period applies to it any more.
    state = wait_for_kernel_counts(base, lambda c: c["waiting"] == 0, 30)
    assert state["learners"] == 1 and state["waiting"] == 0, state


def test_one_address_holds_only_so_many_pages_that_never_connect(quiet_site):
    base = quiet_site
    answers = burst(base, LESSON, ["127.0.0.9"] * (PER_CLIENT + 1) + ["127.0.0.10"])
    mine = [(status, bool(KERNEL_ID.search(body)), body) for source, status, body in answers if source == "127.0.0.9"]
    assert sorted(has_kernel for _, has_kernel, _ in mine) == [False] + [True] * PER_CLIENT
    assert all(status == 200 for status, _, _ in mine)
    without = next(body for _, has_kernel, body in mine if not has_kernel)
    assert t("site.without_kernel", "id") in html_lib.unescape(without)
    # Another address still gets a kernel (the cap had room for one more).
    other = next(body for source, _, body in answers if source == "127.0.0.10")
    assert KERNEL_ID.search(other)
    # Once the grace period is over, the first address gets kernels again.
    assert quiet(wait_for_kernel_counts(base, quiet, 90))
    status, body = fetch(base, LESSON, "127.0.0.9")
    assert status == 200 and KERNEL_ID.search(body)


@pytest.mark.parametrize("path, lang", [(LESSON, "id"), (LESSON_EN, "en")])
def test_a_page_without_a_kernel_still_has_its_title_text_and_links(quiet_site, path, lang):
    base = quiet_site
    answers = burst(base, path, ["127.0.0.11"] * (PER_CLIENT + 1))
    status, body = next((status, body) for _, status, body in answers if not KERNEL_ID.search(body))
    assert status == 200 and "jupyter-config-data" not in body
    page = html_lib.unescape(body)
    lesson = load_curriculum(ROOT / "curriculum.yml").resolve("qris-untuk-usaha-mikro")
    assert re.search(rf"<title>{re.escape(lesson.title[lang])} · ", page)
    assert f'<html lang="{lang}">' in page
    assert t("site.without_kernel", lang) in page
    notebook = nbformat.read(ROOT / "lessons" / lang / LESSON_PATH, as_version=4)
    headings = [line.lstrip("#").strip() for cell in notebook.cells if cell.cell_type == "markdown"
                and "instruktur" not in cell.metadata.get("tags", [])
                for line in cell.source.splitlines() if line.startswith("#")]
    assert headings and all(heading in page for heading in headings), headings
    assert 'rel="next" href="/voila/render/' in page  # the next lesson
    other = "en" if lang == "id" else "id"
    assert f'href="/pelajaran/{other}/qris-untuk-usaha-mikro"' in page  # the same lesson in the other language
