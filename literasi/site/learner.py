"""One learner's quiz order on the public site: a session cookie, and a seed derived from it in the kernel.

The quiz shows its choices in an order shuffled per learner (``literasi.widgets.quiz.order``). On the site a
learner is a browser session: the lesson page's response sets ``literasi_sesi``, a random token (HttpOnly,
SameSite=Lax, no expiry: it ends with the browser session), when the browser does not send one. A reload, or
the next lesson, sends it back, so the same learner sees the same order; another browser gets another token.

Only a seed derived from the token (SHA-256, 16 hex digits) reaches the learner's kernel, never the token:

- a kernel from Voila's warm pool ran the lesson before the request came. The seed is sent to it as a silent
  execute request (``set_learner_seed``) as soon as Voila hands it over, and the page is sent on once the
  kernel has answered; the page's script loads the widgets' state from the kernel only after that, so the
  learner never sees another order. (Voila's own route for request info, ``/voila/query/``, stays closed: it
  answers whoever names a kernel id.)
- a kernel started for the request gets the seed in its environment (``LITERASI_QUIZ_SEED``).

Which request a kernel is for is carried in a context variable: Voila asks the kernel manager for the kernel
from inside the lesson handler's own task.
"""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
from contextvars import ContextVar

from jupyter_client.asynchronous import AsyncKernelClient

from literasi.widgets.quiz.order import SEED_ENV

SESSION_COOKIE = "literasi_sesi"
SESSION_TOKEN = re.compile(r"^[A-Za-z0-9_-]{22,64}$")
SEED_TIMEOUT = 30  # seconds to wait for a warm kernel to take the seed (it may be finishing a cell)

log = logging.getLogger(__name__)
_request_seed: ContextVar[str | None] = ContextVar("literasi_learner_seed", default=None)
_request_env: ContextVar[dict[str, str] | None] = ContextVar("literasi_learner_env", default=None)
# Called with the handler of each lesson request; each returns environment variables (or None) for the kernel handed
# out for that request. Kelas adds one: a joined learner's kernel gets its quiz-report token (widgets/quiz/report.py).
LESSON_REQUEST_HOOKS: list = []
ENV_NAME = re.compile(r"^LITERASI_[A-Z_]{1,40}$")
ENV_VALUE = re.compile(r"^[A-Za-z0-9_:/.\[\]-]{1,200}$")


def quiz_seed(session: str) -> str:
    """The seed a learner's kernel gets: derived from the session token, which it cannot be turned back into."""
    return hashlib.sha256(f"literasi-quiz-order\x1f{session}".encode()).hexdigest()[:16]


def begin_lesson_request(handler) -> str:
    """For a lesson request: the learner's session token (set as a cookie when the browser sent none or a
    malformed one); the seed derived from it is what kernels handed out during this request get."""
    session = handler.get_cookie(SESSION_COOKIE) or ""
    if not SESSION_TOKEN.fullmatch(session):
        session = secrets.token_urlsafe(18)
        handler.set_cookie(SESSION_COOKIE, session, path="/", httponly=True, samesite="Lax",
                           secure=handler.request.protocol == "https")
    seed = quiz_seed(session)
    _request_seed.set(seed)
    env: dict[str, str] = {}
    for hook in LESSON_REQUEST_HOOKS:
        env.update(hook(handler) or {})
    _request_env.set({name: value for name, value in env.items() if ENV_NAME.match(name) and ENV_VALUE.match(value)})
    return seed


def request_env() -> dict[str, str]:
    """The environment the lesson request being served gives its kernel (from ``LESSON_REQUEST_HOOKS``)."""
    return dict(_request_env.get() or {})


def request_seed() -> str | None:
    """The learner seed of the lesson request being served, if any."""
    return _request_seed.get()


def with_seed_env(kwargs: dict) -> dict:
    """``start_kernel`` arguments with the request's seed in the kernel's environment (when there is one)."""
    seed = request_seed()
    if seed is None:
        return kwargs
    return {**kwargs, "env": {**(kwargs.get("env") or {}), **request_env(), SEED_ENV: seed}}


def env_code(env: dict[str, str]) -> str:
    """A silent execute request that gives a warm kernel the request's environment (checked names and values)."""
    if not all(ENV_NAME.match(name) and ENV_VALUE.match(value) for name, value in env.items()):
        raise ValueError("not a learner environment")
    return f"__import__('os').environ.update({env!r})"


def seed_code(seed: str) -> str:
    if not re.fullmatch(r"[0-9a-f]{16}", seed):  # never anything but a derived seed into a kernel
        raise ValueError("not a derived quiz seed")
    return f"__import__('literasi.widgets.quiz.order', fromlist=['_']).set_learner_seed('{seed}')"


async def send_seed(kernel_manager, kernel_id: str, seed: str, timeout: float = SEED_TIMEOUT) -> bool:
    """Give a running (warm) kernel its learner's seed; True once the kernel has taken it.

    A kernel that cannot be reached keeps the random order it drew itself: the lesson still works."""
    client = None
    try:
        manager = kernel_manager.get_kernel(kernel_id)
        # A session of our own: ``manager.client()`` would share the manager's, and with it the socket identity
        # of the clients already talking to this kernel (Voila's executor, the page's websocket), and the kernel
        # would send their replies to us.
        client = AsyncKernelClient(context=manager.context)
        client.load_connection_info(manager.get_connection_info())
        client.start_channels(shell=True, iopub=False, stdin=False, hb=False, control=False)
        env = request_env()
        code = seed_code(seed) + (f"; {env_code(env)}" if env else "")
        reply = await client.execute(code, silent=True, store_history=False, allow_stdin=False,
                                     reply=True, timeout=timeout)
        ok = reply["content"].get("status") == "ok"
        if not ok:
            log.warning("kernel %s did not take the quiz seed: %s", kernel_id, reply["content"].get("ename"))
        return ok
    except Exception as error:  # noqa: BLE001 — whatever went wrong, the learner still gets the lesson
        log.warning("kernel %s did not take the quiz seed: %s: %s", kernel_id, type(error).__name__, error)
        return False
    finally:
        if client is not None:
            client.stop_channels()
