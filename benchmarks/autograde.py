"""Benchmark: stock `nbgrader autograde` (sequential) vs `literasi grade` (parallel) on the same class.

    .venv/bin/python benchmarks/autograde.py [--submissions 16] [--jobs N]

Builds one real course with N mixed submissions (correct, wrong, partly done, empty, with code in an
answer), copies it, grades one copy with nbgrader's own CLI and nbgrader's own Execute (one notebook
after another) and the other with `literasi grade` (parallel workers, prewarmed kernels), prints both
wall times, the ratio, and whether every score is identical. Loopback only; nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbgrader.api import Gradebook

ROOT = Path(__file__).resolve().parent.parent
ASSIGNMENT = "m3-qris"
ANSWERS = {
    "benar": {"jawaban-biaya-mdr": "biaya_mdr = 840_000", "jawaban-diterima-bersih": "diterima_bersih = 119_160_000",
              "jawaban-mdr-paket-sari": "mdr_paket_sari = 0", "jawaban-jawaban-1": 'jawaban_1 = "b"',
              "jawaban-jawaban-2": 'jawaban_2 = "c"'},
    "salah": {"jawaban-biaya-mdr": "biaya_mdr = 360_000", "jawaban-jawaban-1": 'jawaban_1 = "a"'},
    "sebagian": {"jawaban-biaya-mdr": "biaya_mdr = 840_000", "jawaban-jawaban-2": 'jawaban_2 = "c"'},
    "kosong": {},
    "kode": {"jawaban-biaya-mdr": "import os\nbiaya_mdr = 840_000", "jawaban-jawaban-1": 'jawaban_1 = "b"'},
}


def build_class(folder: Path, count: int) -> Path:
    from literasi.grading import init_course

    course = init_course(folder / "kelas", root=ROOT)
    release = nbformat.read(course.release / ASSIGNMENT / "latihan-qris.ipynb", as_version=4)
    kinds = list(ANSWERS)
    for index in range(count):
        kind = kinds[index % len(kinds)]
        notebook = nbformat.from_dict(release)
        for cell in notebook.cells:
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
            if grade_id in ANSWERS[kind]:
                cell.source = ANSWERS[kind][grade_id]
        target = course.submitted / f"peserta-{index:02d}-{kind}" / ASSIGNMENT
        target.mkdir(parents=True)
        nbformat.write(notebook, target / "latihan-qris.ipynb")
    return course.root


def scores(course_root: Path) -> dict[str, float]:
    with Gradebook(f"sqlite:///{course_root / 'gradebook.db'}") as gradebook:
        return {s.student.id: float(s.score) for s in gradebook.assignment_submissions(ASSIGNMENT)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=16)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    args = parser.parse_args()
    bin_dir = Path(sys.executable).parent
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}
    with tempfile.TemporaryDirectory(prefix="literasi-bench-") as scratch:
        stock_root = build_class(Path(scratch) / "stock", args.submissions)
        ours_root = Path(scratch) / "ours" / "kelas"
        shutil.copytree(stock_root, ours_root)
        # The stock run keeps the course's checks (same scores) but runs notebooks with nbgrader's own
        # Execute, not Literasi's kernel-prewarming one.
        config = stock_root / "nbgrader_config.py"
        config.write_text(config.read_text("utf-8").replace(
            "literasi.grading.prewarm.PrewarmedExecute", "nbgrader.preprocessors.Execute"), "utf-8")

        started = time.perf_counter()
        subprocess.run([str(bin_dir / "nbgrader"), "autograde", ASSIGNMENT, "--force"], cwd=stock_root, env=env,
                       check=True, capture_output=True)
        stock_seconds = time.perf_counter() - started

        started = time.perf_counter()
        subprocess.run([str(bin_dir / "literasi"), "grade", str(ours_root), "--jobs", str(args.jobs)], cwd=ROOT,
                       env=env, check=True, capture_output=True)
        ours_seconds = time.perf_counter() - started

        stock_scores, our_scores = scores(stock_root), scores(ours_root)
    identical = stock_scores == our_scores and len(stock_scores) == args.submissions
    print(f"submissions: {args.submissions}   cores: {os.cpu_count()}   literasi --jobs {args.jobs}")
    print(f"stock nbgrader autograde (sequential): {stock_seconds:7.1f} s")
    print(f"literasi grade (parallel):             {ours_seconds:7.1f} s")
    print(f"speed-up: {stock_seconds / ours_seconds:.2f}x   identical scores: {'yes' if identical else 'NO'}")
    if not identical:
        print(f"stock: {stock_scores}\nours:  {our_scores}")
    return 0 if identical else 1


if __name__ == "__main__":
    sys.exit(main())
