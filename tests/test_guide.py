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
        scheduled = [s.title for s in slots if s.kind == "lesson"]
        assert sorted(scheduled + left, key=lessons.index) == lessons
        assert scheduled == sorted(scheduled, key=lessons.index) and left == sorted(left, key=lessons.index)
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


def _padded(root, minutes: int, count: int, track: str = "semua"):
    """The manifest with ``count`` extra lessons of ``minutes`` for ``track`` at the end of module 2 (digital safety,
    for everyone): a day that no longer holds the whole track."""
    data = yaml.safe_load((root / "curriculum.yml").read_text("utf-8"))
    module = data["modules"][2]
    for index in range(count):
        extra = copy.deepcopy(module["lessons"][0])
        extra.update(id=f"tambahan-{index}", path=f"02-keamanan-data-pribadi/9{index:02d}-tambahan.ipynb",
                     minutes=minutes, track=track)
        extra["title"] = {"id": f"Tambahan {index}", "en": f"Extra {index}"}
        module["lessons"].append(extra)
    return parse_curriculum(data)


def test_a_short_day_keeps_the_tracks_own_lessons_and_sends_lessons_for_everyone_to_self_study(root):
    """An ASN bimtek is for its ASN lessons: when one day cannot hold the track, lessons for everyone (the last
    first) go to self-study, not the ASN lessons at the end of the course."""
    curriculum = _padded(root, 45, 4)
    for track in ("asn", "umkm"):
        lessons = [lesson for _, group in lessons_for(curriculum, track) for lesson in group]
        slots, left = schedule(curriculum, track, 1, "id")
        taught = [slot.ref for slot in slots if slot.kind == "lesson"]
        assert left and {lesson.id for lesson in lessons if lesson.track == track} <= set(taught)
        titles = {lesson.title["id"]: lesson for lesson in lessons}
        assert all(titles[title].track == "semua" for title in left)
        assert [titles[title] for title in left] == [lesson for lesson in lessons if lesson.title["id"] in left]
        assert sorted(taught + [titles[title].id for title in left], key=[lesson.id for lesson in lessons].index) == \
            [lesson.id for lesson in lessons]
        assert slots[-1].start.hour * 60 + slots[-1].start.minute + slots[-1].minutes <= 16 * 60
        assert taught == [lesson.id for lesson in lessons if lesson.id in taught]  # still in course order
    # The whole course (track "semua") has no own lessons to prefer: it simply runs out of day.
    _, left = schedule(curriculum, "semua", 1, "id")
    assert left[-1] == curriculum.lessons()[-1].title["id"]


def test_a_track_whose_own_lessons_overflow_the_day_still_gets_a_plan(root):
    curriculum = _padded(root, 120, 4, track="asn")
    slots, left = schedule(curriculum, "asn", 1, "id")
    taught = [slot.ref for slot in slots if slot.kind == "lesson"]
    assert taught and left
    assert all(curriculum.lesson(lesson_id).track == "asn" for lesson_id in taught)  # everything else made room


def test_the_asn_one_day_plan_teaches_every_asn_lesson_and_the_guide_names_them(root):
    curriculum = load_curriculum(root / "curriculum.yml")
    asn = [lesson for lesson in curriculum.lessons() if lesson.track == "asn"]
    assert [lesson.id for lesson in asn][:1] == ["spbe-dan-keamanan-informasi"]
    assert {"enkripsi-dan-klasifikasi-informasi", "ikd-di-loket-layanan"} <= {lesson.id for lesson in asn}
    slots, left = schedule(curriculum, "asn", 1, "id")
    assert not left and {lesson.id for lesson in asn} <= {slot.ref for slot in slots if slot.kind == "lesson"}
    for lang in ("id", "en"):
        guide = render_guide(curriculum, lang)
        heading = f"## {t('guide.track', lang)}: {t('site.track_asn', lang)}\n"
        one_day = guide.split(heading)[1].split("### ")[1]
        for lesson in asn:
            assert f"| {lesson.title[lang]} |" in one_day
