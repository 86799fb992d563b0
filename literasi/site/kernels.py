"""Kernels of the public site: which pages are kept warm, how many learners may hold a kernel, and the
"site is busy" answer when that many already do.

Each learner who opens a lesson gets a kernel of their own (the widgets run in it). Voila keeps a pool of
pre-executed kernels per page ("warm"), so the first visitor sees widgets at once; Jupyter Server's culler
shuts kernels that have been idle for ``idle_timeout`` seconds (a closed tab never sends a shutdown that Voila
accepts), and ``max_kernels`` caps learner kernels so one box is not starved.
"""

from __future__ import annotations

import json

import tornado.web
from voila.tornado.handler import TornadoVoilaHandler

from literasi.curriculum import Curriculum
from literasi.i18n import lang_of_path, t_both

from .learner import begin_lesson_request, request_seed, send_seed, with_seed_env
from .settings import SiteSettings

ZYGOTE_PROVISIONER = "literasi-zygote"  # pyproject.toml's jupyter_client.kernel_provisioners entry point


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
    if warm_kernel_count(pools):
        config["VoilaConfiguration"] = {"preheat_kernel": True, "default_pool_size": max(settings.warm, 1)}
        config["VoilaKernelManager"] = {"kernel_pools_config": pools}
    return config


class LearnerKernels:
    """Mixed into Voila's kernel manager: remembers which kernels were handed to learners (a warm one taken from
    a pool, or one started for a request), so the site can count them apart from the warm pool, and gives each
    the learner's quiz seed (``learner``)."""

    def learner_ids(self) -> set[str]:
        alive = set(self.list_kernel_ids())
        handed = getattr(self, "_learner_ids", set()) & alive
        self._learner_ids = handed
        return handed

    async def get_rendered_notebook(self, *args, **kwargs):
        render_task, rendered_cache, kernel_id = await super().get_rendered_notebook(*args, **kwargs)
        self._learner_ids = self.learner_ids() | {kernel_id}
        seed = request_seed()
        if seed is not None:  # before Voila sends the page: the page loads the widgets in this learner's order
            await send_seed(self, kernel_id, seed)
        return render_task, rendered_cache, kernel_id

    async def start_kernel(self, *args, **kwargs):
        # Voila's pools start their kernels past this method (super() from the pool class), so a kernel that
        # arrives here was asked for by a learner's request.
        kernel_id = await super().start_kernel(*args, **with_seed_env(kwargs))
        self._learner_ids = self.learner_ids() | {kernel_id}
        return kernel_id


def track_learners(kernel_manager) -> None:
    """Give an existing Voila kernel manager the LearnerKernels behaviour (Voila builds its class itself)."""
    kernel_manager.__class__ = type("LiterasiKernelManager", (LearnerKernels, type(kernel_manager)), {})


def kernel_counts(kernel_manager) -> dict[str, int]:
    """All kernels alive, the learners' ones, and the rest (warm in a pool, or being warmed)."""
    total = len(kernel_manager.list_kernel_ids())
    learners = len(kernel_manager.learner_ids())
    return {"kernels": total, "warm": total - learners, "learners": learners}


class LessonHandler(TornadoVoilaHandler):
    """Voila's lesson renderer, refusing politely (503, in the lesson's language) when the site is full."""

    def initialize(self, max_kernels: int, busy_page, **kwargs) -> None:
        super().initialize(**kwargs)
        self.max_kernels, self.busy_page = max_kernels, busy_page

    async def get(self, path=None):
        if kernel_counts(self.kernel_manager)["learners"] >= self.max_kernels:
            self.set_status(503)
            self.set_header("Retry-After", "30")
            self.set_header("Cache-Control", "no-store")
            self.set_header("Content-Type", "text/html; charset=UTF-8")
            self.finish(self.busy_page(lang_of_path(path or "")))
            return
        self.xsrf_token  # noqa: B018 — reading it sets the _xsrf cookie: the page sends it back when it shuts its kernel on leaving
        begin_lesson_request(self)  # the session cookie; its derived quiz seed goes to the kernel handed out
        return await super().get(path)


class KernelStatusHandler(tornado.web.RequestHandler):
    """``/healthz/kernels``: counts for monitoring (no ids, nothing about learners)."""

    def initialize(self, max_kernels: int) -> None:
        self.max_kernels = max_kernels

    def get(self) -> None:
        kernel_manager = self.settings["kernel_manager"]
        self.set_header("Cache-Control", "no-store")
        self.set_header("Content-Type", "application/json")
        self.write(json.dumps({**kernel_counts(kernel_manager), "max_learners": self.max_kernels}))
