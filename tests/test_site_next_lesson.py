"""The next lesson's kernels, made ready while learners are on a lesson (site/next_lesson_pools.py): the rule, the
controller on a kernel manager of our own, and the real site with a phone tapping "next lesson"."""

from __future__ import annotations

import asyncio
import re

import pytest
from conftest import LESSON_PATH, ROOT, Visitor, running_literasi
from helpers import in_a_thread_of_its_own, wait_for_kernel_counts
from playwright.sync_api import expect

from literasi.curriculum import load_curriculum
from literasi.site import next_lesson_pools
from literasi.site.kernel_memory import RESERVED_BYTES, ZYGOTE_KERNEL_BYTES
from literasi.site.kernels import kernel_config
from literasi.site.lesson_nav import build_nav
from literasi.site.next_lesson_pools import NextLessonPools, next_pages, plan_pools
from literasi.site.settings import SiteSettings

CURRICULUM = load_curriculum(ROOT / "curriculum.yml")
NEXT = next_pages(CURRICULUM, ["id", "en"])
QRIS = f"id/{LESSON_PATH}"
AFTER_QRIS = NEXT[QRIS]


# --- the rule ---------------------------------------------------------------------------------------------------

def test_next_pages_are_what_each_lesson_pages_next_link_opens():
    for lang in ("id", "en"):
        for lesson in CURRICULUM.lessons():
            link = build_nav(CURRICULUM, lesson.id, lang)["next"]
            page = f"{lang}/{lesson.path}"
            if link is None:
                assert page not in NEXT  # the last lesson: nothing to get ready
            else:
                assert f"/voila/render/{NEXT[page]}" == link["url"]


def test_one_ready_kernel_per_learner_of_the_lesson_before_on_top_of_the_warm_ones():
    sizes = plan_pools({QRIS: 12, f"en/{LESSON_PATH}": 3}, NEXT, base={AFTER_QRIS: 1}, max_extra=40)
    assert sizes == {AFTER_QRIS: 13, NEXT[f"en/{LESSON_PATH}"]: 3}


def test_the_extra_kernels_are_capped_and_go_where_most_learners_are_heading():
    last = f"id/{CURRICULUM.lessons()[-1].path}"
    sizes = plan_pools({QRIS: 30, "id/01-dasar-literasi-digital/01-pilar-dan-kota-cerdas.ipynb": 8, last: 5,
                        "id/galeri/kuis.ipynb": 4}, NEXT, base={}, max_extra=34)
    assert sizes == {AFTER_QRIS: 30, NEXT["id/01-dasar-literasi-digital/01-pilar-dan-kota-cerdas.ipynb"]: 4}
    assert plan_pools({QRIS: 30}, NEXT, base={}, max_extra=0) == {}


def test_the_site_keeps_voilas_pools_on_for_the_next_lesson_even_without_warm_kernels():
    assert kernel_config(CURRICULUM, SiteSettings(warm=0))["VoilaConfiguration"]["preheat_kernel"] is True
    assert "VoilaConfiguration" not in kernel_config(CURRICULUM, SiteSettings(warm=0, next_warm=False))


# --- the controller, on a kernel manager of our own -----------------------------------------------------------

class Pools:
    """What NextLessonPools uses of Voila's kernel manager: its pools (tasks that yield a started kernel), their
    configured sizes, the learners' pages and the shutdown."""

    def __init__(self, learners: dict[str, int], base: dict[str, int] | None = None):
        self.kernel_pools_config = {"default": {"pool_size": 0}, **{page: {"pool_size": size}
                                                                     for page, size in (base or {}).items()}}
        self._pools: dict[str, list] = {}
        self.learners, self.rendering, self.started, self.shut = learners, 0, 0, []
        self.last_request = float("-inf")

    def learner_pages(self, arriving=None):
        return dict(self.learners)

    def fill_if_needed(self, delay=None, notebook_name=None):
        pool = self._pools.setdefault(notebook_name, [])
        while len(pool) < self.kernel_pools_config[notebook_name]["pool_size"]:
            self.started += 1
            pool.append(asyncio.get_running_loop().create_future())  # starting: done when ready() is called

    def ready(self):
        for pool in self._pools.values():
            for number, task in enumerate(pool):
                if not task.done():
                    task.set_result({"kernel_id": f"k{number}", "task": asyncio.get_running_loop().create_future()})

    async def shutdown_kernel(self, kernel_id):
        self.shut.append(kernel_id)


class Clock:
    now = 0.0

    def __call__(self):
        return self.now


def controller(kernels: Pools, free_kernels: int = 100, clock=None) -> NextLessonPools:
    return NextLessonPools(kernels, NEXT, max_extra=40, concurrency=1, clock=clock or Clock(),
                           free_memory=lambda: RESERVED_BYTES + free_kernels * ZYGOTE_KERNEL_BYTES)


def test_ready_kernels_start_one_at_a_time_and_never_while_learners_are_arriving():
    async def scenario():
        clock = Clock()
        kernels = Pools({QRIS: 3})
        pools = controller(kernels, clock=clock)
        kernels.last_request = clock.now = 100.0  # a learner just asked for a lesson page
        pools.tick()
        clock.now += next_lesson_pools.QUIET_SECONDS - 0.1
        pools.tick()
        assert kernels.started == 0
        clock.now += 0.1
        pools.tick()
        pools.tick()  # the first one is still starting
        assert kernels.started == 1
        kernels.ready()
        kernels.rendering = 1  # a learner's page is being rendered: they come first
        pools.tick()
        assert kernels.started == 1
        kernels.rendering = 0
        for _ in range(5):
            pools.tick()
            kernels.ready()
        assert kernels.started == 3 and len(kernels._pools[AFTER_QRIS]) == 3

    in_a_thread_of_its_own(lambda: asyncio.run(scenario()))  # (Playwright may run a loop in this thread)


def test_no_ready_kernel_starts_that_free_memory_does_not_hold():
    async def scenario():
        kernels = Pools({QRIS: 10})
        pools = controller(kernels, free_kernels=0)
        for _ in range(3):
            pools.tick()
        assert kernels.started == 0

    in_a_thread_of_its_own(lambda: asyncio.run(scenario()))  # (Playwright may run a loop in this thread)


def test_a_learner_taking_a_ready_kernel_does_not_make_the_pool_start_another():
    async def scenario():
        kernels = Pools({QRIS: 2})
        pools = controller(kernels)
        for _ in range(3):
            pools.tick()
            kernels.ready()
        assert pools.size(AFTER_QRIS) == 2
        kernels.learners = {QRIS: 1, AFTER_QRIS: 1}  # what learner_pages(arriving=…) says for the one moving on
        pools.taken(AFTER_QRIS)
        assert pools.size(AFTER_QRIS) == 1

    in_a_thread_of_its_own(lambda: asyncio.run(scenario()))  # (Playwright may run a loop in this thread)


def test_ready_kernels_nobody_heads_for_are_shut_after_a_while_not_at_once():
    async def scenario():
        clock = Clock()
        kernels = Pools({QRIS: 2})
        pools = controller(kernels, clock=clock)
        for _ in range(3):
            pools.tick()
            kernels.ready()
        kernels.learners = {}  # the room left (or their "leave" came before their next page)
        pools.tick()
        await asyncio.sleep(0)
        assert kernels.shut == [] and pools.size(AFTER_QRIS) == 0
        clock.now = next_lesson_pools.PATIENCE_SECONDS + 1
        pools.tick()
        await asyncio.sleep(0)
        assert sorted(kernels.shut) == ["k0", "k1"] and kernels._pools[AFTER_QRIS] == []

    in_a_thread_of_its_own(lambda: asyncio.run(scenario()))  # (Playwright may run a loop in this thread)


# --- the real site --------------------------------------------------------------------------------------------

@pytest.mark.browser
@pytest.mark.slow
def test_a_phone_tapping_next_lesson_gets_the_kernel_made_ready_while_it_was_on_the_lesson(phone):
    """A learner on the QRIS lesson: the next lesson's kernel is made ready (not for a crawler), the phone taps
    "next lesson" and gets that very kernel; then the lesson after is made ready and the first kernel is shut."""
    with running_literasi("serve", "--warm", "0", "--max-kernels", "6", "--connect-grace", "5",
                          name="next-lesson-site") as (base, _, log):
        phone.goto(f"{base}/voila/render/{QRIS}")
        expect(phone.locator(".literasi-calculator")).to_be_visible(timeout=90_000)
        counts = wait_for_kernel_counts(base, lambda c: c["warm"] >= 1 and c["kernels"] >= 2, 90)
        assert counts["warm"] == 1, counts  # no warm kernels asked for: this one is the next lesson's
        # A crawler's visit to the same lesson (its page never connects) makes nothing more ready.
        assert Visitor(base).get(f"/voila/render/{QRIS}")[0] == 200
        wait_for_kernel_counts(base, lambda c: "did not connect within" in log.read_text(), 60)
        assert "did not connect within" in log.read_text()
        assert f"of {AFTER_QRIS} is filled with 2" not in log.read_text()
        assert wait_for_kernel_counts(base, lambda c: c["kernels"] == 2, 30)["warm"] == 1
        phone.locator(".literasi-pager-top .literasi-next").click()
        expect(phone).to_have_url(f"{base}/voila/render/{AFTER_QRIS}")
        expect(phone.locator(".literasi-widget .jupyter-widgets").first).to_be_visible(timeout=90_000)
        expect(phone.locator(".literasi-loading")).to_have_count(0)
        kernel_id = re.search(r'"kernelId":\s*"([0-9a-f-]{36})"', phone.content()).group(1)
        assert f"Using pre-heated kernel: {kernel_id} for {AFTER_QRIS}" in log.read_text()
        # Now on the next lesson: the lesson after it is made ready, and the old lesson's kernel was shut.
        counts = wait_for_kernel_counts(
            base, lambda c: f"of {NEXT[AFTER_QRIS]} is filled" in log.read_text() and c["kernels"] == 2, 90)
        assert f"of {NEXT[AFTER_QRIS]} is filled" in log.read_text()
        assert (counts["kernels"], counts["learners"], counts["warm"]) == (2, 1, 1), counts
