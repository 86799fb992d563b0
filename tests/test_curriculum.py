import copy

import pytest
import yaml

from literasi.curriculum import ManifestError, assignment_lang, assignment_name, load_curriculum, parse_curriculum
from literasi.i18n import LANGS
from literasi.paths import MANIFEST_NAME


@pytest.fixture
def manifest(root):
    return yaml.safe_load((root / "curriculum.yml").read_text("utf-8"))


def test_manifest_declares_the_five_modules_in_order_after_the_start_module(root):
    curriculum = load_curriculum(root / "curriculum.yml")
    modules = curriculum.ordered_modules()
    assert [m.order for m in modules] == [0, 1, 2, 3, 4, 5]
    assert [m.track for m in modules] == ["semua", "semua", "semua", "semua", "umkm", "asn"]
    assert all(m.title.id and m.title.en for m in modules)
    lesson = curriculum.lesson("qris-untuk-usaha-mikro")
    assert curriculum.module_of(lesson.id).order == 3
    assert lesson.title.en == "QRIS for micro businesses"
    assert next(e for e in curriculum.exercises() if e.id == "m3-qris").assesses == [lesson.id]


def _first_lesson(data):
    """The QRIS lesson: modules[3] (payments, fourth in the file after the start module), lessons[0]."""
    return data["modules"][3]["lessons"][0]


@pytest.mark.parametrize(
    ("break_it", "field"),
    [(lambda d: _first_lesson(d).update(minutes=0), "modules[3].lessons[0].minutes"),
     (lambda d: d["modules"][0].update(track="semuanya"), "modules[0].track"),
     (lambda d: _first_lesson(d).update(pillar="Cakap"), "modules[3].lessons[0].pillar"),
     (lambda d: _first_lesson(d)["facts"].append("F-BUKAN-ID"), "modules[3].lessons[0].facts"),
     (lambda d: _first_lesson(d)["title"].pop("en"), "modules[3].lessons[0].title.en"),
     (lambda d: _first_lesson(d).update(surprise=1), "modules[3].lessons[0].surprise"),
     (lambda d: d["modules"][3]["exercises"][0].update(assesses=["tidak-ada"]), "tidak-ada"),
     (lambda d: d["modules"][2].update(order=1), "module orders repeat")],
)
def test_bad_manifest_is_rejected_naming_the_file_and_the_field(manifest, break_it, field):
    broken = copy.deepcopy(manifest)
    break_it(broken)
    with pytest.raises(ManifestError) as caught:
        parse_curriculum(broken, "curriculum.yml")
    assert "curriculum.yml" in str(caught.value) and field in str(caught.value)


def test_unreadable_manifest_names_the_file(tmp_path):
    path = tmp_path / "curriculum.yml"
    path.write_text("modules: [unclosed", "utf-8")
    with pytest.raises(ManifestError, match="curriculum.yml: not valid YAML"):
        load_curriculum(path)


def test_the_manifest_is_found_from_the_project_root(root, tmp_path, monkeypatch):
    assert load_curriculum(root=root) == load_curriculum(root / MANIFEST_NAME)
    monkeypatch.chdir(root / "lessons")  # no root given: the project folder above the working directory
    monkeypatch.delenv("LITERASI_ROOT", raising=False)
    assert load_curriculum() == load_curriculum(root=root)
    with pytest.raises(ManifestError, match=str(tmp_path / MANIFEST_NAME)):
        load_curriculum(root=tmp_path)
    with pytest.raises(TypeError):
        load_curriculum(root / MANIFEST_NAME, root=root)


def test_an_exercise_has_one_assignment_per_language_and_each_name_tells_its_language(root):
    for exercise in load_curriculum(root=root).exercises():
        names = [exercise.assignment(lang) for lang in LANGS]
        assert names == [exercise.id, f"{exercise.id}-en"]
        assert names == [assignment_name(exercise.id, lang) for lang in LANGS]
        assert [assignment_lang(name) for name in names] == list(LANGS)
    with pytest.raises(ValueError):
        assignment_name("m3-qris", "fr")
