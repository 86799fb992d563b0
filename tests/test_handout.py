"""``literasi handout``: a printed lesson for learners without a smartphone, read back from the PDF.

Every lesson in both languages: the key points, the worked example and every quiz question with its
options are on paper, and nothing that gives an answer away (explanations, feedback, answer marks).
The QR code is decoded and must open the lesson.
"""

from __future__ import annotations

import json
import re
import subprocess

import pytest
import zxingcpp
from conftest import ROOT, literasi_command
from pypdf import PdfReader

from literasi.curriculum import load_curriculum
from literasi.i18n import t
from literasi.print.handout import write_handout
from literasi.widgets.quiz.bank import load_bank

CURRICULUM = load_curriculum(ROOT / "curriculum.yml")
CASES = [(lesson.id, lang) for lang in ("id", "en") for lesson in CURRICULUM.lessons()]
KEY_POINTS = {"id": "## Poin penting", "en": "## Key points"}
EXAMPLE = {"id": "## Contoh", "en": "## Example"}
ANSWER_MARKS = ("✔", "✓", "✘", "✗", "☑", "☒")


def printed(question) -> list[str]:
    """What the handout shows of a question, of the parts its type has: prompt, situation, options or actions,
    the pairs' items and the distractors."""
    choices = (*getattr(question, "options", ()), *getattr(question, "actions", ()))
    pairs = getattr(question, "pairs", ())
    return [question.prompt, getattr(question, "situation", ""), *(choice.text for choice in choices),
            *(pair.left for pair in pairs), *(pair.right for pair in pairs), *getattr(question, "distractors", ())]


def kept_back(question) -> list[str]:
    """What the handout must not show of a question: its explanation and every feedback."""
    choices = (*getattr(question, "options", ()), *getattr(question, "actions", ()))
    return [question.explanation, getattr(question, "feedback_true", ""), getattr(question, "feedback_false", ""),
            *(choice.feedback for choice in choices), *(pair.feedback for pair in getattr(question, "pairs", ()))]


def squash(text: str) -> str:
    """Text without any whitespace: line breaks in the PDF fall wherever the line was full."""
    return re.sub(r"\s+", "", text)


def plain(markdown: str) -> str:
    """A line of Markdown as the reader sees it: no list marks, emphasis or code ticks."""
    text = re.sub(r"^(?:\s*(?:[-*+]|\d+\.|>)(?:\s+|$))+", "", markdown)
    pieces = text.split("`")  # odd pieces are code spans, printed as written
    return "".join(piece if index % 2 else piece.replace("*", "") for index, piece in enumerate(pieces))


def section_lines(lesson_id: str, lang: str, heading: str) -> tuple[str, list[str]]:
    """The heading line and the text lines (table cells one by one) of a notebook section."""
    notebook = json.loads((ROOT / "lessons" / lang / CURRICULUM.lesson(lesson_id).path).read_text("utf-8"))
    lines = "\n".join("".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "markdown").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(heading))
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
    pieces = []
    for line in lines[start + 1:end]:
        if re.fullmatch(r"\s*\|?[\s:|-]+\|?\s*", line) or not line.strip():
            continue
        pieces += [plain(cell) for cell in line.strip().strip("|").split("|")] if line.lstrip().startswith("|") \
            else [plain(line)]
    return lines[start][3:], [piece for piece in pieces if piece.strip()]


@pytest.fixture(scope="module")
def handouts(tmp_path_factory):
    """Every lesson's handout in both languages: ``{(lesson, lang): (text, reader)}``."""
    folder = tmp_path_factory.mktemp("lembar")
    made = {}
    for lesson_id, lang in CASES:
        path = write_handout(ROOT, lesson_id, lang, folder / f"{lesson_id}-{lang}.pdf")
        reader = PdfReader(path)
        made[(lesson_id, lang)] = (body_text(reader, CURRICULUM.lesson(lesson_id).title[lang], lang), reader)
    return made


def body_text(reader: PdfReader, title: str, lang: str) -> str:
    """The PDF's text without its page footers, which land mid-sentence where a page breaks."""
    pages = []
    for number, page in enumerate(reader.pages, start=1):
        text = page.extract_text()
        for footer in (f"Literasi · {title}", t("cetak.page", lang, page=number, pages=len(reader.pages))):
            assert footer in text
            text = text[::-1].replace(footer[::-1], "", 1)[::-1]  # the last occurrence: the header says it too
        pages.append(text)
    return "\n".join(pages)


def sentences(text: str) -> list[str]:
    """The sentences of a text long enough to be recognised on their own."""
    return [piece for piece in re.split(r"(?<=[.!?;:])\s+", text) if len(piece) >= 30]


@pytest.mark.parametrize("lesson_id, lang", CASES)
def test_handout_has_the_lesson_key_points_example_and_every_question(handouts, lesson_id, lang):
    text, _ = handouts[(lesson_id, lang)]
    flat = squash(text)
    lesson = CURRICULUM.lesson(lesson_id)
    assert squash(lesson.title[lang]) in flat
    assert squash(CURRICULUM.module_of(lesson_id).title[lang]) in flat
    assert squash(t("cetak.minutes", lang, minutes=lesson.minutes)) in flat
    for objective in lesson.objectives[lang]:
        assert squash(objective) in flat
    for heading in (KEY_POINTS[lang], EXAMPLE[lang]):
        title, lines = section_lines(lesson_id, lang, heading)
        assert squash(title) in flat
        missing = [line for line in lines if squash(line) not in flat]
        assert not missing, f"{heading} lines missing from the handout: {missing}"
    bank = load_bank(lesson.bank, lang, ROOT)
    assert len(bank.questions) >= 5
    for question in bank.questions:
        for shown in printed(question):
            assert squash(plain(shown)) in flat, shown
    assert squash(t("cetak.notes", lang)) in flat  # space to write


@pytest.mark.parametrize("lesson_id, lang", CASES)
def test_handout_gives_no_answer_away(handouts, lesson_id, lang):
    text, _ = handouts[(lesson_id, lang)]
    flat = squash(text)
    bank = load_bank(CURRICULUM.lesson(lesson_id).bank, lang, ROOT)
    # What the handout shows on purpose; a feedback text that repeats it word for word is no leak.
    shown = [q.prompt + getattr(q, "situation", "") for q in bank.questions]
    for heading in (KEY_POINTS[lang], EXAMPLE[lang]):
        shown += section_lines(lesson_id, lang, heading)[1]
    visible = squash(" ".join(shown))
    secrets = []
    for question in bank.questions:
        secrets += kept_back(question)
    leaked = [piece for secret in secrets for piece in sentences(secret)
              if squash(plain(piece)) in flat and squash(plain(piece)) not in visible]
    assert not leaked
    assert not [mark for mark in ANSWER_MARKS if mark in text]
    correct = squash(t("quiz.correct", lang))  # "Tepat!" / "Correct!": only where the lesson text itself says it
    assert flat.count(correct) == visible.count(correct)


def test_right_answers_are_not_always_printed_first(handouts):
    first, total = 0, 0
    for (lesson_id, lang), (text, _) in handouts.items():
        flat = squash(text)
        for question in load_bank(CURRICULUM.lesson(lesson_id).bank, lang, ROOT).questions:
            if question.type in ("single", "scenario"):
                right = next(choice for choice in question.choices if choice.id in question.correct_ids)
                total += 1
                first += squash("A." + plain(right.text)) in flat
    assert total > 40
    assert first < total / 2, f"the right answer is option A in {first} of {total} printed questions"


@pytest.mark.parametrize("lesson_id, lang", [("qris-untuk-usaha-mikro", "id"), ("spbe-dan-keamanan-informasi", "en")])
def test_handout_qr_code_opens_the_lesson(handouts, lesson_id, lang):
    _, reader = handouts[(lesson_id, lang)]
    decoded = [result.text for image in reader.pages[0].images for result in zxingcpp.read_barcodes(image.image)]
    assert decoded == [f"http://127.0.0.1:8866/pelajaran/{lang}/{lesson_id}"]


def test_tables_in_a_worked_example_print_every_cell(handouts):
    text, _ = handouts[("membaca-data-penjualan", "id")]
    _, lines = section_lines("membaca-data-penjualan", "id", EXAMPLE["id"])
    flat = squash(text)
    assert "KeripikSingkongBalado" in flat and all(squash(line) in flat for line in lines)


def test_handout_command_uses_the_given_site_address(tmp_path):
    out = tmp_path / "kertas" / "qris.pdf"
    result = subprocess.run([*literasi_command(), "handout", "qris-untuk-usaha-mikro", "--lang", "en",
                             "--out", str(out), "--url", "http://192.168.1.20:8866/"],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    reader = PdfReader(out)
    decoded = [r.text for image in reader.pages[0].images for r in zxingcpp.read_barcodes(image.image)]
    assert decoded == ["http://192.168.1.20:8866/pelajaran/en/qris-untuk-usaha-mikro"]
    assert squash(CURRICULUM.lesson("qris-untuk-usaha-mikro").title["en"]) in squash(reader.pages[0].extract_text())


def test_handout_command_names_the_lessons_when_the_id_is_unknown(tmp_path):
    result = subprocess.run([*literasi_command(), "handout", "qris", "--out", str(tmp_path / "x.pdf")],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 2
    assert "qris" in result.stderr and "qris-untuk-usaha-mikro" in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "x.pdf").exists()


def test_handout_falls_back_to_a_core_font_without_dejavu(without_dejavu, tmp_path):
    path = write_handout(ROOT, "qris-untuk-usaha-mikro", "id", tmp_path / "polos.pdf")
    reader = PdfReader(path)
    fonts = {str(font.get_object()["/BaseFont"]) for font in reader.pages[0]["/Resources"]["/Font"].values()}
    assert fonts and all("DejaVu" not in font for font in fonts) and "/Helvetica" in fonts
    flat = squash(body_text(reader, CURRICULUM.lesson("qris-untuk-usaha-mikro").title["id"], "id"))
    assert squash("Satu transaksi QRIS paling banyak Rp10 juta.") in flat
    assert squash("400 transaksi × Rp750.000 = Rp300.000.000") in flat
