"""The next lesson's kernels, ready before the room taps "next lesson".

A bimtek room moves together: the instructor says "buka pelajaran berikutnya" and forty phones ask for the next
lesson within seconds. Starting forty kernels then, each running the lesson, is more work than two cores do in
that time. While learners sit in a lesson (minutes, not seconds), there is time to spare: the site keeps, for
each lesson learners are on, one ready kernel of the lesson after it per learner, in Voila's warm pool for that
page (the kernel has run the lesson already; the learner who arrives gets it with their own quiz seed, as any
warm kernel, ``learner.py``).

- **Who is where**: a learner is a browser session; the page of the kernel handed to a session last is where it
  is (a learner who moved on still holds the old kernel until the page's "leave" arrives; it is not counted
  twice).
- **How many**: per page, its configured warm kernels plus one per learner on the lesson before it; in all, at
  most ``max_extra`` kernels beyond the configured ones (the learner cap: at most as many again), and never more
  than the machine's free memory holds (``kernel_memory.kernels_that_fit``, checked before each start).
- **Gently**: at most ``concurrency`` such kernels start at a time, and none while learners are arriving (a
  lesson page requested in the last ``QUIET_SECONDS``, or one still being rendered): learners who are waiting
  come first.
- **Not forever**: when learners leave, ready kernels nobody will take are shut down after ``patience``
  seconds (a learner's "leave" may arrive before their next page's request).

``plan_pools`` is the pure rule; ``NextLessonPools`` applies it to Voila's kernel manager once a second.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import Counter
from collections.abc import Callable, Mapping

from tornado.ioloop import PeriodicCallback

from literasi.curriculum import Curriculum

from .kernel_memory import available_memory, kernels_that_fit

log = logging.getLogger(__name__)

TICK_SECONDS = 1.0
PATIENCE_SECONDS = 30.0
QUIET_SECONDS = 2.0


def next_pages(curriculum: Curriculum, langs: list[str]) -> dict[str, str]:
    """Lesson page → the next lesson's page, in manifest order, in each language (paths relative to ``lessons/``,
    as Voila's pools name them)."""
    lessons = curriculum.lessons()
    return {f"{lang}/{before.path}": f"{lang}/{after.path}"
            for lang in langs for before, after in zip(lessons, lessons[1:], strict=False)}


def plan_pools(learners_on: Mapping[str, int], next_of: Mapping[str, str], base: Mapping[str, int],
               max_extra: int) -> dict[str, int]:
    """The pool size each page should have: its ``base`` size plus one kernel per learner on the page before it,
    at most ``max_extra`` kernels beyond ``base`` in all (the pages most learners are heading to first). Pages
    whose size is just their base are left out."""
    wanted: Counter[str] = Counter()
    for page, count in learners_on.items():
        if page in next_of and count > 0:
            wanted[next_of[page]] += count
    sizes: dict[str, int] = {}
    left = max(0, max_extra)
    for page, count in sorted(wanted.items(), key=lambda item: (-item[1], item[0])):
        extra = min(count, left)
        left -= extra
        if extra:
            sizes[page] = base.get(page, 0) + extra
    return sizes


class NextLessonPools:
    """Applies ``plan_pools`` to a Voila kernel manager with ``LearnerKernels`` (``kernels.py``)."""

    def __init__(self, kernel_manager, next_of: Mapping[str, str], max_extra: int, zygote: bool = True,
                 concurrency: int = 1, free_memory: Callable[[], int] = available_memory,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.km = kernel_manager
        self.next_of = dict(next_of)
        self.base = {page: config.get("pool_size", 0) for page, config in kernel_manager.kernel_pools_config.items()
                     if page != "default"}
        self.max_extra, self.zygote, self.concurrency = max_extra, zygote, concurrency
        self.free_memory, self.clock = free_memory, clock
        self.surplus_since: dict[str, float] = {}
        self._callback: PeriodicCallback | None = None

    def start(self) -> None:
        """Tick once a second from now on (called from the running event loop, at the first lesson request)."""
        if self._callback is None:
            self._callback = PeriodicCallback(self.tick, TICK_SECONDS * 1000)
            self._callback.start()

    def stop(self) -> None:
        if self._callback is not None:
            self._callback.stop()
            self._callback = None

    def size(self, page: str) -> int:
        return self.km.kernel_pools_config.get(page, {}).get("pool_size", self.base.get(page, 0))

    def set_size(self, page: str, size: int) -> None:
        self.km.kernel_pools_config[page] = {**self.km.kernel_pools_config.get(page, {}), "pool_size": size}

    def taken(self, page: str) -> None:
        """The learner of the request being served takes a ready kernel of ``page``: the pool is not refilled
        for them (counted on ``page`` now, they no longer count on the lesson before it)."""
        targets = plan_pools(self.km.learner_pages(arriving=page), self.next_of, self.base, self.max_extra)
        self.set_size(page, min(self.size(page), targets.get(page, self.base.get(page, 0))))

    def pending(self) -> int:
        """Pool kernels still starting (or running their lesson), over all pages."""
        return sum(1 for pool in self.km._pools.values() for task in pool if not task.done())

    def tick(self) -> None:
        targets = plan_pools(self.km.learner_pages(), self.next_of, self.base, self.max_extra)
        pages = (set(targets) | {page for page in self.km.kernel_pools_config
                                 if page != "default" and self.size(page) > self.base.get(page, 0)}
                 | {page for page, pool in self.km._pools.items() if len(pool) > self.size(page)})
        now = self.clock()
        arriving = self.km.rendering or now - self.km.last_request < QUIET_SECONDS
        may_start = 0 if arriving else self.concurrency - self.pending()
        for page in sorted(pages, key=lambda p: -targets.get(p, 0)):
            target = targets.get(page, self.base.get(page, 0))
            size = self.size(page)
            if target < size:
                self.set_size(page, target)
            elif target > size and may_start > 0:
                fits = kernels_that_fit(self.free_memory(), self.zygote)
                grow = min(target - size, may_start, fits)
                if grow > 0:
                    may_start -= grow
                    self.set_size(page, size + grow)
                    self.km.fill_if_needed(delay=0, notebook_name=page)
            self.shrink(page, now)

    def shrink(self, page: str, now: float) -> None:
        """Shut ready kernels of ``page`` beyond its size once they have been surplus for ``PATIENCE_SECONDS``."""
        pool = self.km._pools.get(page, [])
        excess = len(pool) - self.size(page)
        surplus = [task for task in pool if task.done()][-excess:] if excess > 0 else []
        if not surplus:
            self.surplus_since.pop(page, None)
            return
        since = self.surplus_since.setdefault(page, now)
        if now - since < PATIENCE_SECONDS:
            return
        self.surplus_since.pop(page, None)
        for task in surplus:
            pool.remove(task)
            asyncio.ensure_future(self._shut(page, task))

    async def _shut(self, page: str, task: asyncio.Task) -> None:
        try:
            content = task.result()
            if not content["task"].done():
                content["task"].cancel()
            log.info("kernel %s: ready for %s, no learner is heading there any more; shutting it down",
                     content["kernel_id"], page)
            await self.km.shutdown_kernel(content["kernel_id"])
        except Exception as error:  # noqa: BLE001 — the kernel failed to start or is gone already
            log.warning("a ready kernel of %s could not be shut down: %s: %s", page, type(error).__name__, error)
