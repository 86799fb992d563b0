"""Who a Kelas request is from: the learner's signed session cookie, and the secret that signs it.

A learner who joined a class gets ``literasi_kelas``: ``<learner id>.<class code>.<issued>.<HMAC-SHA256>``, signed with
a secret kept in the course folder (``COURSE/.kelas-secret``, mode 0600, made on the first start and kept, so a
restarted server still knows every phone; never in the repository). HttpOnly, SameSite=Lax, no expiry (it ends
with the browser session). A cookie that is not signed by this course's secret, names a learner the store no
longer has (forgotten), or another class, is no session: the phone is asked to join again.

The instructor's side answers 403 to a learner's session: :func:`learner_session` tells it whether a request
carries one (``literasi.site.kelas.instructor`` may import it).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
import time
from pathlib import Path

SECRET_NAME = ".kelas-secret"
LEARNER_COOKIE = "literasi_kelas"
_COOKIE = re.compile(r"^(?P<learner>[0-9]{1,12})\.(?P<code>[A-Z0-9]{4,12})\.(?P<issued>[0-9]{1,12})\.(?P<mac>[0-9a-f]{64})$")


def course_secret(course_root: Path | str) -> bytes:
    """The course's signing secret: read from ``COURSE/.kelas-secret``, or made there (mode 0600) the first time."""
    path = Path(course_root) / SECRET_NAME
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        secret = path.read_text("ascii").strip()
        if len(secret) < 32:
            raise ValueError(f"{path}: the Kelas secret is too short; delete the file to make a new one") from None
        if path.stat().st_mode & 0o077:
            os.chmod(path, 0o600)
        return secret.encode("ascii")
    secret = secrets.token_hex(32)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(secret + "\n")
    return secret.encode("ascii")


def _mac(secret: bytes, payload: str) -> str:
    return hmac.new(secret, f"literasi-kelas\x1f{payload}".encode(), hashlib.sha256).hexdigest()


def sign_session(secret: bytes, learner_id: int, code: str, issued: float | None = None) -> str:
    payload = f"{int(learner_id)}.{code}.{int(issued or time.time())}"
    return f"{payload}.{_mac(secret, payload)}"


def read_session(secret: bytes, value: str | None) -> tuple[int, str] | None:
    """(learner id, class code) of a cookie value this secret signed; None for anything else."""
    match = _COOKIE.match(value or "")
    if match is None:
        return None
    payload = f"{match['learner']}.{match['code']}.{match['issued']}"
    if not hmac.compare_digest(_mac(secret, payload), match["mac"]):
        return None
    return int(match["learner"]), match["code"]


def learner_session(handler, secret: bytes) -> tuple[int, str] | None:
    """The (learner id, class code) a Tornado request's Kelas cookie names, when validly signed."""
    return read_session(secret, handler.get_cookie(LEARNER_COOKIE))


def set_learner_cookie(handler, secret: bytes, learner_id: int, code: str) -> None:
    handler.set_cookie(LEARNER_COOKIE, sign_session(secret, learner_id, code), path="/", httponly=True,
                       samesite="Lax", secure=handler.request.protocol == "https")
