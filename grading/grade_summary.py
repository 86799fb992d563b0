"""What `literasi grade` prints when it is done: one row per submission, in the terminal."""

from __future__ import annotations

from .outcomes import Status, SubmissionGrade
from .report import assignment_lang

STATUS_LABELS = {
    Status.GRADED: "dinilai / graded",
    Status.TIMED_OUT: "waktu habis / timed out",
    Status.NOT_GRADABLE: "tidak bisa dinilai / not gradable",
}


def format_grades(grades: list[SubmissionGrade]) -> str:
    if not grades:
        return "Belum ada kiriman di folder submitted / no submissions found in submitted/."
    header = ("Peserta / learner", "Latihan / exercise", "Skor / score", "Status", "Keterangan")
    rows = [
        (g.student, g.assignment, f"{g.score:g} / {g.max_score:g}",
         STATUS_LABELS[g.status] + (" · perlu dinilai manual / needs manual grading" if g.needs_manual_grade else ""),
         g.reason_text(assignment_lang(g.assignment)))  # told in the exercise's language
        for g in grades
    ]
    widths = [max(len(str(row[i])) for row in (header, *rows)) for i in range(len(header))]
    line = lambda row: "  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()  # noqa: E731
    return "\n".join([line(header), line(["-" * w for w in widths]), *map(line, rows)])


def print_grades(grades: list[SubmissionGrade]) -> None:
    print(format_grades(grades))
