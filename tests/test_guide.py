import copy
import subprocess

import yaml

from conftest import ROOT, literasi_command
from literasi.curriculum import load_curriculum, parse_curriculum
from literasi.guide import lessons_for, render_guide, schedule
from literasi.i18n import t


def test_each_track_schedule_lists_its_lessons_in_order_and_in_time(root):
    curriculum = load_curriculum(root / "curriculum.yml")
    for track in ("umkm", "asn"):
        slots, left = schedule(curriculum, track, 2, "id")
        lessons = [lesson.title["id"] for _, group in lessons_for(curriculum, track) for lesson in group]
        assert [s.title for s in slots if s.kind == "lesson"] + left == lessons
        assert all(lesson.track in (track, "semua") for _, group in lessons_for(curriculum, track) for lesson in group)
        starts = [(s.day, s.start) for s in slots]
        assert starts == sorted(starts)


def test_a_long_curriculum_spills_into_day_two_and_then_into_self_study(root):
    data = yaml.safe_load((root / "curriculum.yml").read_text("utf-8"))
    module = data["modules"][2]
    for index in range(20):
        extra = copy.deepcopy(module["lessons"][0])
        extra.update(id=f"tambahan-{index}", path=f"03-pembayaran-digital/9{index:02d}-tambahan.ipynb", minutes=60)
        extra["title"] = {"id": f"Tambahan {index}", "en": f"Extra {index}"}
        module["lessons"].append(extra)
    curriculum = parse_curriculum(data)
    one_day, left_one = schedule(curriculum, "umkm", 1, "id")
    two_days, left_two = schedule(curriculum, "umkm", 2, "id")
    assert {s.day for s in one_day} == {1} and left_one
    assert {s.day for s in two_days} == {1, 2} and len(left_two) < len(left_one)
    assert any(s.kind == "lunch" for s in one_day)


def test_guide_command_prints_both_languages():
    for lang in ("id", "en"):
        result = subprocess.run([*literasi_command(), "guide", "--lang", lang], cwd=ROOT, capture_output=True, text=True)
        assert result.returncode == 0 and t("guide.title", lang) in result.stdout
        assert render_guide(load_curriculum(ROOT / "curriculum.yml"), lang).strip() == result.stdout.strip()


def test_civil_servants_are_not_given_the_exercise_of_a_lesson_they_did_not_have(root):
    """The ASN track has no QRIS lesson, so neither its two-day plan nor its homework hands out the QRIS exercise."""
    curriculum = load_curriculum(root / "curriculum.yml")
    qris = next(exercise for exercise in curriculum.exercises() if exercise.id == "m3-qris")
    asn_slots, _ = schedule(curriculum, "asn", 2, "id")
    umkm_slots, _ = schedule(curriculum, "umkm", 2, "id")
    assert "m3-qris" not in [slot.ref for slot in asn_slots if slot.kind == "exercise"]
    assert "m3-qris" in [slot.ref for slot in umkm_slots if slot.kind == "exercise"]
    asn_section = render_guide(curriculum, "id").split("## Jalur: ASN")[1].split("## Jalur:")[0]
    assert qris.title["id"] not in asn_section
