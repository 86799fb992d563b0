"""One grading worker: a long-lived process that autogrades submissions in its own private course copy.

``python -m literasi.grading.worker WORKDIR`` reads one JSON job per line on stdin
(``{"student": ..., "assignment": ...}``, the submission already placed in
``WORKDIR/submitted/<student>/<assignment>/``), runs nbgrader's own autograde there against a private
copy of the gradebook, and answers one JSON line on stdout (``{"success": ..., "log": ...}``).
Importing nbgrader once per worker instead of once per submission is what makes a worker cheap; a
private gradebook is what lets several workers run at once without fighting over SQLite. The parent
merges results into the real gradebook and can kill this process (and its kernels) at any time; the
kernels' connection files and Unix sockets live in ``WORKDIR/kernels``, which the parent removes.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def main(workdir: str) -> int:
    from . import prewarm  # imported here, not at the top: these load nbgrader
    from .course import Course

    course = Course(Path(workdir))
    prewarm.use_folder(course.root / "kernels")  # the kernels' sockets, private to this worker
    api = course.api()
    real_stdout = sys.stdout
    sys.stdout = sys.stderr  # nothing nbgrader or a kernel prints may corrupt the answer channel
    real_stdout.write(json.dumps({"ready": True}) + "\n")
    real_stdout.flush()
    for line in sys.stdin:
        job = json.loads(line)
        result = api.autograde(job["assignment"], job["student"], force=True, create=True)
        answer = {"success": bool(result["success"]), "log": (result.get("error") or result.get("log") or "")[-2000:]}
        real_stdout.write(json.dumps(answer) + "\n")
        real_stdout.flush()
    prewarm.shutdown_pending()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
