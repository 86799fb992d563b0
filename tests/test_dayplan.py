"""``literasi dayplan``: the guide's one-day schedule on paper, one page per track, read back from the PDF."""

from __future__ import annotations

import re
import subprocess

import pytest
import zxingcpp
from conftest import ROOT, literasi_command
from pypdf import PdfReader

from literasi.curriculum import load_curriculum
from literasi.guide import lessons_for, schedule
from literasi.i18n import t
from literasi.print.dayplan import dayplan_pdf

CURRICULUM = load_curriculum(ROOT / "curriculum.yml")
TRACK_PAGES = {"umkm": 0, "asn": 1}


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module", params=["id", "en"])
def plan(request, tmp_path_factory):
    lang = request.param
    path = tmp_path_factory.mktemp("rencana") / f"rencana-{lang}.pdf"
    path.write_bytes(dayplan_pdf(CURRICULUM, lang))
    return lang, PdfReader(path)


def _track_lessons(track: str):
    return [lesson for _, lessons in lessons_for(CURRICULUM, track) for lesson in lessons]


def test_one_page_per_track_with_its_lessons_in_schedule_order(plan):
    lang, reader = plan
    assert len(reader.pages) == len(TRACK_PAGES)
    for track, index in TRACK_PAGES.items():
        text = squash(reader.pages[index].extract_text())
        assert squash(f"{t('guide.track', lang)}: {t('site.track_' + track, lang)}") in text
        slots, left = schedule(CURRICULUM, track, 1, lang)
        assert not left  # the whole track fits one day today; when it does not, the page lists self-study
        positions = [text.index(squash(f"{slot.start:%H.%M}{slot.minutes}{slot.title}"))
                     for slot in slots if slot.kind == "lesson"]
        assert positions == sorted(positions) and len(positions) == len(_track_lessons(track))
        other = next(name for name in TRACK_PAGES if name != track)
        for lesson in _track_lessons(other):
            if lesson.track == other:  # lessons of the other track only
                assert squash(lesson.title[lang]) not in text


def test_each_module_exercise_is_handed_out_after_its_last_lesson(plan):
    lang, reader = plan
    expected = {"umkm": ["m1-literasi", "m2-pdp", "m3-qris", "m4-harga"], "asn": ["m1-literasi", "m2-pdp", "m5-spbe"]}
    label = squash(t("cetak.exercise_label", lang))
    for track, index in TRACK_PAGES.items():
        text = squash(reader.pages[index].extract_text())
        handed = [re.sub(r"-en$", "", name) for name in re.findall(label + r".*?·(m\d-[a-z]+(?:-en)?)", text)]
        assert handed == expected[track]
        for exercise in CURRICULUM.exercises():
            if exercise.id not in expected[track]:
                assert exercise.assignment(lang) not in text
                continue
            assert squash(exercise.title[lang]) in text
            module = next(m for m in CURRICULUM.modules if exercise in m.exercises)
            taught = [lesson for lesson in module.lessons if lesson in _track_lessons(track)]
            after = text.index(squash(taught[-1].title[lang]))
            assert after < text.index(squash(exercise.title[lang]))
            later = [m for m in CURRICULUM.ordered_modules() if m.order > module.order
                     and any(lesson in _track_lessons(track) for lesson in m.lessons)]
            if later:
                first_next = next(lesson for lesson in later[0].lessons if lesson in _track_lessons(track))
                assert text.index(squash(exercise.title[lang])) < text.index(squash(first_next.title[lang]))


def test_each_lesson_row_has_a_qr_code_to_its_lesson(plan):
    lang, reader = plan
    for track, index in TRACK_PAGES.items():
        decoded = [result.text for image in reader.pages[index].images
                   for result in zxingcpp.read_barcodes(image.image)]
        slots, _ = schedule(CURRICULUM, track, 1, lang)
        lessons = [slot.ref for slot in slots if slot.kind == "lesson"]
        assert decoded == [f"http://127.0.0.1:8866/pelajaran/{lang}/{lesson_id}" for lesson_id in lessons]


def test_dayplan_command_writes_the_pdf_with_the_room_address(tmp_path):
    out = tmp_path / "cetak" / "rencana.pdf"
    result = subprocess.run([*literasi_command(), "dayplan", "--out", str(out), "--lang", "en",
                             "--url", "http://10.0.0.5:8866"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    reader = PdfReader(out)
    assert len(reader.pages) == 2
    assert t("cetak.dayplan_title", "en") in reader.pages[0].extract_text()
    first = zxingcpp.read_barcodes(reader.pages[1].images[0].image)[0].text
    assert first == "http://10.0.0.5:8866/pelajaran/en/cara-belajar"
