"""A site server with Kelas's instructor routes, for tests (``literasi kelas start`` is the real one, on the
learner side's branch): ``python tests/kelas_instructor_server.py COURSE CODE TOKEN PORT``.

The site as ``literasi serve`` runs it (``LITERASI_*`` settings from the environment), no warm kernels and no
zygote (no lesson is opened), with ``instructor_routes`` of a :class:`KelasContext` built here as extra routes."""

from __future__ import annotations

import sys
from pathlib import Path

from literasi.kelas.forms import course_forms
from literasi.kelas.store import ClassStore
from literasi.site.app import serve
from literasi.site.kelas import KelasContext
from literasi.site.kelas.instructor import instructor_routes


def main(course: str, code: str, token: str, port: str) -> None:
    root = Path(course)
    store = ClassStore.of_course(root)
    store.create_class(code)
    context = KelasContext(course_root=root, store=store, code=code, forms=course_forms(root),
                           instructor_token=token)
    serve(extra_routes=instructor_routes(context), port=int(port), warm=0, zygote=False, max_kernels=4)


if __name__ == "__main__":
    main(*sys.argv[1:5])
