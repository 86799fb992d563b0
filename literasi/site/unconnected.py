"""Kernels handed to pages that never connect: a crawler, a link-preview fetcher, a monitoring probe or a script
fetches a lesson page, Voila hands it a kernel, and nothing ever opens that kernel's websocket.

Every lesson request is a *visit*, registered before the site decides whether it may have a kernel (so a burst of
requests cannot all pass the learner cap before the first kernel exists). A visit waits until the page's
websocket connects to its kernel; once its page has been sent, it waits at most ``grace`` seconds, after which
its kernel is shut down (never given to another learner: it holds this visitor's quiz seed). The learner cap
counts kernels that connected (and were not culled) plus visits still waiting; the per-client limit counts the
visits of one client address still waiting.

Pure bookkeeping with an injectable clock; ``LearnerKernels`` (kernels.py) feeds it and shuts the kernels.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from dataclasses import dataclass, field


@dataclass(eq=False)
class Visit:
    """One lesson request from ``client``: the kernel it was handed (if any yet) and when its page was sent."""

    client: str
    kernel_id: str | None = None
    page_sent_at: float | None = None


_current_visit: ContextVar[Visit | None] = ContextVar("literasi_visit", default=None)


def current_visit() -> Visit | None:
    """The visit of the lesson request being served (the kernel manager is called from inside its task)."""
    return _current_visit.get()


@dataclass
class UnconnectedKernels:
    """The visits still waiting for their page to connect, and the learner kernels that connected."""

    grace: float
    clock: Callable[[], float] = time.monotonic
    waiting: list[Visit] = field(default_factory=list)
    connected: set[str] = field(default_factory=set)

    def open(self, client: str) -> Visit:
        """A lesson request from ``client`` begins; it counts against the cap and its client's limit from now."""
        visit = Visit(client)
        self.waiting.append(visit)
        _current_visit.set(visit)
        return visit

    def handed(self, kernel_id: str) -> None:
        """The request being served was handed ``kernel_id``."""
        visit = current_visit()
        if visit is not None and visit in self.waiting:
            visit.kernel_id = kernel_id

    def page_sent(self, visit: Visit) -> None:
        """The request is over: its grace period starts now; a visit that got no kernel waits for nothing."""
        visit.page_sent_at = self.clock()
        if visit.kernel_id is None and visit in self.waiting:
            self.waiting.remove(visit)

    def connect(self, kernel_id: str) -> None:
        """A websocket opened to ``kernel_id``: its visit stops waiting and the kernel counts as a learner's."""
        before = len(self.waiting)
        self.waiting = [visit for visit in self.waiting if visit.kernel_id != kernel_id]
        if len(self.waiting) < before:
            self.connected.add(kernel_id)

    def expired(self) -> list[str]:
        """Kernels whose page was sent more than ``grace`` seconds ago and never connected; they stop waiting."""
        now = self.clock()
        late = [visit for visit in self.waiting
                if visit.page_sent_at is not None and now - visit.page_sent_at >= self.grace]
        self.waiting = [visit for visit in self.waiting if visit not in late]
        return [visit.kernel_id for visit in late if visit.kernel_id is not None]

    def keep_only(self, alive: Iterable[str]) -> None:
        """Forget kernels that are gone (shut by the page on leaving, culled, or shut here)."""
        alive = set(alive)
        self.connected &= alive
        self.waiting = [visit for visit in self.waiting if visit.kernel_id is None or visit.kernel_id in alive]

    def waiting_count(self, client: str | None = None) -> int:
        """Visits still waiting to connect (being rendered, or sent and inside their grace period), of ``client``
        only when given."""
        return sum(1 for visit in self.waiting if client is None or visit.client == client)

    def learner_count(self, learner_ids: Iterable[str]) -> int:
        """What the learner cap counts: learner kernels that connected (live, or not yet culled as idle), plus
        visits still waiting. Kernels whose page never connected in time are left out (they are being shut)."""
        return len(self.connected & set(learner_ids)) + self.waiting_count()
