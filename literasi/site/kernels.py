"""Kernels of the public site: which pages are kept warm, how many learners may hold a kernel, and the
"site is busy" answer when that many already do.

Each learner who opens a lesson gets a kernel of their own (the widgets run in it). Voila keeps a pool of
pre-executed kernels per page ("warm"), so the first visitor sees widgets at once; Jupyter Server's culler
shuts kernels that have been idle for ``idle_timeout`` seconds (a closed tab never sends a shutdown that Voila
accepts), and ``max_kernels`` caps learner kernels so one box is not starved.

A kernel handed to a page that never connects (a crawler, a link preview, a probe) is shut ``connect_grace``
seconds after its page was sent, and the cap counts only kernels that connected plus pages still inside that
grace; one client address may hold at most ``unconnected_per_client`` such pages, and past that gets the lesson's
text without a kernel (``site/unconnected.py``, ``site/without_kernel.py``).

While learners are on a lesson, the next lesson's kernels are made ready in its pool, so a room that moves on
together does not wait (``site/next_lesson_pools.py``); which page each learner is on is kept here.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from contextvars import ContextVar

import tornado.web
from tornado.ioloop import IOLoop
from voila.tornado.handler import TornadoVoilaHandler

from literasi.curriculum import Curriculum
from literasi.i18n import LANGS, lang_of_path, t_both

from .client_address import request_client
from .learner import begin_lesson_request, request_seed, send_seed, with_seed_env
from .next_lesson_pools import NextLessonPools, next_pages
from .settings import SiteSettings
from .unconnected import UnconnectedKernels, Visit
from .without_kernel import render_without_kernel

ZYGOTE_PROVISIONER = "literasi-zygote"  # pyproject.toml's jupyter_client.kernel_provisioners entry point
_request_page: ContextVar[str | None] = ContextVar("literasi_lesson_page", default=None)


def warm_pages(curriculum: Curriculum, langs: list[str]) -> list[str]:
    """Notebook paths (relative to ``lessons/``) whose kernels are kept warm: every lesson and gallery page."""
    paths = [lesson.path for lesson in curriculum.lessons()] + [page.path for page in curriculum.gallery]
    return [f"{lang}/{path}" for lang in langs for path in paths]


def kernel_pools_config(curriculum: Curriculum, settings: SiteSettings) -> dict:
    """Voila's ``kernel_pools_config``: ``settings.warm`` kernels for each warm page, more for today's ("hot")
    lessons, none for anything else."""
    config: dict = {"default": {"pool_size": 0}}
    if settings.warm > 0:
        for path in warm_pages(curriculum, settings.warm_lang_list):
            config[path] = {"pool_size": settings.warm}
    for lesson_id, count in settings.hot_pools.items():
        try:
            lesson = curriculum.resolve(lesson_id)
        except KeyError:
            raise ValueError(f"hot: {lesson_id!r} {t_both('cli.settings_not_a_lesson')} "
                             f"({', '.join(item.id for item in curriculum.lessons())})") from None
        for lang in settings.warm_lang_list:
            config[f"{lang}/{lesson.path}"] = {"pool_size": count}
    return config


def warm_kernel_count(pools: dict) -> int:
    """How many kernels the pools keep ready."""
    return sum(pool["pool_size"] for path, pool in pools.items() if path != "default")


def zygote_installed() -> bool:
    """Whether the installed package registers the zygote provisioner (an install older than it does not: its
    kernels then start the usual way instead of not at all)."""
    from importlib.metadata import entry_points

    return bool(entry_points(group="jupyter_client.kernel_provisioners", name=ZYGOTE_PROVISIONER))


def kernel_config(curriculum: Curriculum, settings: SiteSettings) -> dict:
    """Voila and Jupyter Server configuration for warm pools and idle culling."""
    config: dict = {
        "MappingKernelManager": {
            "cull_idle_timeout": settings.idle_timeout,
            "cull_interval": settings.cull_interval,
            "cull_connected": False,
            "cull_busy": False,
        },
        # Unix sockets, not TCP ports: many kernels starting at once (the warm pools at boot) never race for a
        # port ("Address already in use" killed pool kernels), and no other local user can talk to a kernel.
        "KernelManager": {"transport": "ipc"},
        # A busy box may take longer than nbclient's 4 s to deliver a cell's output; dropped output would
        # leave a lesson without its widgets.
        "VoilaExecutor": {"iopub_timeout": 60},
    }
    if settings.zygote and zygote_installed():  # kernels forked from one preloaded process (docs/kernels.md)
        config["KernelProvisionerFactory"] = {"default_provisioner_name": ZYGOTE_PROVISIONER}
    pools = kernel_pools_config(curriculum, settings)
    if warm_kernel_count(pools) or settings.next_warm:  # Voila's pools: warm pages, and the next lesson's kernels
        config["VoilaConfiguration"] = {"preheat_kernel": True, "default_pool_size": max(settings.warm, 1)}
        config["VoilaKernelManager"] = {"kernel_pools_config": pools}
    return config


class LearnerKernels:
    """Mixed into Voila's kernel manager: remembers which kernels were handed to learners (a warm one taken from
    a pool, or one started for a request), so the site can count them apart from the warm pool, gives each the
    learner's quiz seed (``learner``), and, with a grace period (``unconnected``), shuts those whose page never
    connected."""

    unconnected: UnconnectedKernels | None = None  # None: no grace period, every handed kernel counts until culled
    next_pools: NextLessonPools | None = None  # None: no kernels are made ready for the next lesson
    rendering = 0  # lesson pages being rendered for a learner right now
    last_request = float("-inf")  # when the last lesson page was requested (time.monotonic())
    _pages: dict = {}  # learner kernel id → (order handed, session's quiz seed, page); replaced, never changed
    _order = 0

    def learner_pages(self, arriving: str | None = None) -> Counter[str]:
        """How many learners are on each page: per browser session, the page of the kernel it was handed last
        (among learner kernels still alive); with ``arriving``, the learner of the request being served is
        counted on that page already. With a grace period, only kernels whose page connected count: a crawler's
        visit makes nothing ready."""
        alive = self.learner_ids()
        self._pages = {kernel_id: seen for kernel_id, seen in self._pages.items() if kernel_id in alive}
        counted = alive & self.unconnected.connected if self.unconnected is not None else alive
        latest: dict[object, tuple[int, str]] = {}
        for kernel_id, (order, session, page) in self._pages.items():
            if kernel_id not in counted:
                continue
            key = session if session is not None else kernel_id
            if key not in latest or latest[key][0] < order:
                latest[key] = (order, page)
        if arriving is not None:
            latest[request_seed() or object()] = (self._order + 1, arriving)
        return Counter(page for _, page in latest.values())

    def learner_ids(self) -> set[str]:
        alive = set(self.list_kernel_ids())
        handed = getattr(self, "_learner_ids", set()) & alive
        self._learner_ids = handed
        if self.unconnected is not None:
            self.unconnected.keep_only(alive)
        return handed

    def learner_count(self) -> int:
        """What the learner cap counts (see ``UnconnectedKernels.learner_count``)."""
        handed = self.learner_ids()
        return len(handed) if self.unconnected is None else self.unconnected.learner_count(handed)

    def _handed(self, kernel_id: str, page: str | None = None) -> None:
        self._learner_ids = self.learner_ids() | {kernel_id}
        page = page or _request_page.get()
        if page is not None:
            self._order += 1
            self._pages = {**self._pages, kernel_id: (self._order, request_seed(), page)}
        if self.unconnected is not None:
            self.unconnected.handed(kernel_id)

    async def get_rendered_notebook(self, notebook_name: str, *args, **kwargs):
        if self.next_pools is not None:
            self.next_pools.taken(notebook_name)  # before Voila refills the pool it takes a kernel from
        render_task, rendered_cache, kernel_id = await super().get_rendered_notebook(notebook_name, *args, **kwargs)
        self._handed(kernel_id, notebook_name)
        seed = request_seed()
        if seed is not None:  # before Voila sends the page: the page loads the widgets in this learner's order
            await send_seed(self, kernel_id, seed)
        return render_task, rendered_cache, kernel_id

    async def start_kernel(self, *args, **kwargs):
        # Voila's pools start their kernels past this method (super() from the pool class), so a kernel that
        # arrives here was asked for by a learner's request.
        kernel_id = await super().start_kernel(*args, **with_seed_env(kwargs))
        self._handed(kernel_id)
        return kernel_id

    def notify_connect(self, kernel_id: str) -> None:
        super().notify_connect(kernel_id)
        if self.unconnected is not None:
            self.unconnected.connect(kernel_id)

    def visit_ended(self, visit: Visit) -> None:
        """A lesson request is over: its kernel's grace period starts; it is checked when the period ends."""
        self.unconnected.page_sent(visit)
        if visit.kernel_id is not None:
            IOLoop.current().call_later(self.unconnected.grace, self.shut_unconnected)

    async def shut_unconnected(self) -> None:
        """Shut the kernels whose page did not connect within the grace period (never handed to anyone else:
        such a kernel holds its visitor's quiz seed)."""
        alive = set(self.list_kernel_ids())
        for kernel_id in self.unconnected.expired():
            if kernel_id not in alive:
                continue
            self.log.info("kernel %s: its page did not connect within %s s; shutting it down",
                          kernel_id, self.unconnected.grace)
            try:
                await self.shutdown_kernel(kernel_id)
            except Exception as error:  # noqa: BLE001 — the idle culler will try again later
                self.log.warning("kernel %s could not be shut down: %s: %s", kernel_id, type(error).__name__, error)


def track_learners(kernel_manager, settings: SiteSettings | None = None, curriculum: Curriculum | None = None) -> None:
    """Give an existing Voila kernel manager the LearnerKernels behaviour (Voila builds its class itself), with the
    grace period of ``settings`` (none when it is 0) and, when ``settings.next_warm`` and Voila keeps pools, the
    next lesson's kernels made ready (``curriculum``'s order)."""
    kernel_manager.__class__ = type("LiterasiKernelManager", (LearnerKernels, type(kernel_manager)), {})
    grace = settings.connect_grace if settings is not None else 0
    kernel_manager.unconnected = UnconnectedKernels(grace) if grace > 0 else None
    if settings is not None and curriculum is not None and settings.next_warm and hasattr(kernel_manager, "_pools"):
        kernel_manager.next_pools = NextLessonPools(
            kernel_manager, next_pages(curriculum, LANGS), max_extra=settings.max_kernels,
            zygote=settings.zygote and zygote_installed())


def kernel_counts(kernel_manager) -> dict[str, int]:
    """All kernels alive; the learners' ones as the cap counts them; pages still waiting to connect (being sent,
    or inside their grace period; counted among the learners); the rest (warm in a pool, being warmed, or a
    kernel whose page never connected, being shut)."""
    total = len(kernel_manager.list_kernel_ids())
    learners = kernel_manager.learner_count()
    unconnected = kernel_manager.unconnected
    waiting = unconnected.waiting_count() if unconnected is not None else 0
    return {"kernels": total, "warm": total - len(kernel_manager.learner_ids()), "learners": learners,
            "waiting": waiting}


class LessonHandler(TornadoVoilaHandler):
    """Voila's lesson renderer, refusing politely (503, in the lesson's language) when the site is full, and
    sending the lesson's text without a kernel to a client that holds too many pages that never connected."""

    def initialize(self, max_kernels: int, busy_page, per_client: int = 0, trusted_proxies: tuple = (),
                   **kwargs) -> None:
        super().initialize(**kwargs)
        self.max_kernels, self.busy_page = max_kernels, busy_page
        self.per_client, self.trusted_proxies = per_client, trusted_proxies

    async def get(self, path=None):
        unconnected = self.kernel_manager.unconnected
        client = request_client(self.request, self.trusted_proxies)
        if (unconnected is not None and self.per_client and (path or "").endswith(".ipynb")
                and unconnected.waiting_count(client) >= self.per_client):
            self.log.info("a client holds %d pages that have not connected: lesson sent without a kernel",
                          unconnected.waiting_count(client))
            return await self.send_without_kernel(path)
        if self.kernel_manager.learner_count() >= self.max_kernels:
            self.set_status(503)
            self.set_header("Retry-After", "30")
            self.set_header("Cache-Control", "no-store")
            self.set_header("Content-Type", "text/html; charset=UTF-8")
            self.finish(self.busy_page(lang_of_path(path or "")))
            return
        visit = unconnected.open(client) if unconnected is not None else None
        kernel_manager = self.kernel_manager
        if kernel_manager.next_pools is not None:
            kernel_manager.next_pools.start()
        kernel_manager.rendering += 1
        kernel_manager.last_request = time.monotonic()
        try:
            self.xsrf_token  # noqa: B018 — reading it sets the _xsrf cookie: the page sends it back when it shuts its kernel on leaving
            begin_lesson_request(self)  # the session cookie; its derived quiz seed goes to the kernel handed out
            _request_page.set(path)
            return await super().get(path)
        finally:
            kernel_manager.rendering -= 1
            if visit is not None:
                kernel_manager.visit_ended(visit)

    async def send_without_kernel(self, path: str) -> None:
        """The lesson as a crawler needs it (title, text, links), its interactive parts replaced by a sentence."""
        self.set_header("Content-Type", "text/html; charset=UTF-8")
        self.set_header("Cache-Control", "no-store")
        async for html in render_without_kernel(self, path):
            self.write(html)
        self.finish()


class KernelStatusHandler(tornado.web.RequestHandler):
    """``/healthz/kernels``: counts for monitoring (no ids, nothing about learners)."""

    def initialize(self, max_kernels: int) -> None:
        self.max_kernels = max_kernels

    def get(self) -> None:
        kernel_manager = self.settings["kernel_manager"]
        self.set_header("Cache-Control", "no-store")
        self.set_header("Content-Type", "application/json")
        self.write(json.dumps({**kernel_counts(kernel_manager), "max_learners": self.max_kernels}))
