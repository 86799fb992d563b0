"""A finished quiz's score, told by the kernel to the Kelas server (issue 15), for a learner who joined a class.

Why the kernel tells it, and why a phone cannot forge it: the score is computed here, in the learner's kernel, by
the quiz's own checks (:class:`.scoring.Scoreboard`); the browser only ever sends widget messages (Voila accepts
nothing else from a page: no code runs in a kernel at a browser's request). When the Kelas server hands a kernel to
a joined learner's lesson page, it gives that kernel, and only it, a random token and the server's loopback address
(environment variables :data:`REPORT_URL_ENV`, :data:`REPORT_TOKEN_ENV`; a warm kernel gets them in a silent
execute request, as it gets the quiz seed), and maps the token to the learner. Here, when a quiz is complete (every
question checked), its score is posted to that address with the token; the server records it for the learner the
token names (``literasi.site.kelas.quiz``). An anonymous visitor's kernel has no token, so nothing is sent; a phone
that posts a score itself has no token either (it never leaves the laptop), and the server refuses it.
"""

from __future__ import annotations

import json
import os
import threading
import urllib.request

REPORT_URL_ENV, REPORT_TOKEN_ENV = "LITERASI_KELAS_REPORT_URL", "LITERASI_KELAS_REPORT_TOKEN"
LOOPBACK = ("http://127.0.0.1:", "http://[::1]:")
TOKEN_HEADER = "X-Literasi-Kernel"
TIMEOUT = 10


def report_target() -> tuple[str, str] | None:
    url, token = os.environ.get(REPORT_URL_ENV, ""), os.environ.get(REPORT_TOKEN_ENV, "")
    if not token or not url.startswith(LOOPBACK):  # only ever to the laptop's own server
        return None
    return url, token


def _post(url: str, token: str, payload: dict) -> None:
    request = urllib.request.Request(url, data=json.dumps(payload).encode(), method="POST",
                                     headers={"Content-Type": "application/json", TOKEN_HEADER: token})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT):  # noqa: S310 - a loopback http URL, checked above
            pass
    except OSError:
        pass  # the quiz works the same without Kelas; the learner still sees the score


def report_quiz(bank_id: str, correct: int, total: int) -> threading.Thread | None:
    """Tell the Kelas server a finished quiz's score (in the background: the widget never waits); the thread, or
    None when this kernel belongs to no joined learner."""
    target = report_target()
    if target is None:
        return None
    thread = threading.Thread(target=_post, args=(*target, {"quiz": bank_id, "score": correct, "max_score": total}),
                              name="literasi-kelas-report", daemon=True)
    thread.start()
    return thread
