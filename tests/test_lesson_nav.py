"""The lesson page header's facts come from the manifest: module, position, minutes, previous/next across
modules, the same lesson in the other language, and gallery pages without a module."""

import pytest
from conftest import ROOT

from literasi.curriculum import load_curriculum
from literasi.i18n import t
from literasi.site.lesson_nav import build_nav, lesson_nav


@pytest.fixture(scope="module")
def curriculum():
    return load_curriculum(ROOT / "curriculum.yml")


def test_qris_lesson_knows_its_module_position_minutes_and_neighbours(curriculum):
    nav = build_nav(curriculum, "qris-untuk-usaha-mikro", "id")
    module = curriculum.module_of("qris-untuk-usaha-mikro")
    position = [lesson.id for lesson in module.lessons].index("qris-untuk-usaha-mikro") + 1
    assert nav["kind"] == "lesson"
    assert nav["title"] == "QRIS untuk usaha mikro"
    assert nav["module"]["label"] == f"{t('site.module', 'id')} {module.order}: {module.title['id']}"
    assert nav["minutes"] == t("site.minutes", "id", minutes=25)
    assert nav["progress"]["label"] == t("site.lesson_progress", "id", position=position, total=len(module.lessons))
    assert 0 < nav["progress"]["percent"] <= 100
    assert nav["home"] == {"url": "/id/", "label": t("site.home", "id")}
    assert nav["switch"] == {"url": "/pelajaran/en/qris-untuk-usaha-mikro", "lang": "en",
                             "label": t("site.switch_language", "id")}
    lessons = curriculum.lessons()
    index = [lesson.id for lesson in lessons].index("qris-untuk-usaha-mikro")
    assert nav["next"]["url"] == f"/voila/render/id/{lessons[index + 1].path}"
    assert nav["next"]["title"] == lessons[index + 1].title["id"]
    assert nav["previous"]["url"] == f"/voila/render/id/{lessons[index - 1].path}"


def test_english_strings_and_links_stay_in_english(curriculum):
    nav = build_nav(curriculum, "qris-untuk-usaha-mikro", "en")
    progress = nav["progress"]
    assert nav["title"] == "QRIS for micro businesses"
    assert nav["minutes"] == t("site.minutes", "en", minutes=25)
    assert progress["label"] == t("site.lesson_progress", "en", position=progress["position"], total=progress["total"])
    assert nav["home"]["url"] == "/en/"
    assert nav["switch"]["url"] == "/pelajaran/id/qris-untuk-usaha-mikro"
    assert nav["next"]["url"].startswith("/voila/render/en/") and nav["next"]["label"] == t("site.next_lesson", "en")
    assert nav["strings"]["loading"] == t("site.loading", "en")


def test_previous_and_next_cross_module_boundaries_in_manifest_order(curriculum):
    modules = [module for module in curriculum.ordered_modules() if module.lessons]
    first_of_second, last_of_first = modules[1].lessons[0], modules[0].lessons[-1]
    nav = build_nav(curriculum, first_of_second.id, "id")
    assert nav["progress"]["position"] == 1
    assert nav["previous"]["url"] == f"/voila/render/id/{last_of_first.path}"
    assert build_nav(curriculum, last_of_first.id, "id")["next"]["title"] == first_of_second.title["id"]


def test_first_and_last_lessons_have_no_previous_or_next(curriculum):
    lessons = curriculum.lessons()
    assert build_nav(curriculum, lessons[0].id, "id")["previous"] is None
    last = build_nav(curriculum, lessons[-1].id, "id")
    assert last["next"] is None
    assert last["progress"]["position"] == last["progress"]["total"]
    assert last["progress"]["percent"] == 100


def test_every_lesson_position_counts_within_its_module(curriculum):
    for module in curriculum.ordered_modules():
        for number, lesson in enumerate(module.lessons, start=1):
            progress = build_nav(curriculum, lesson.id, "en")["progress"]
            assert (progress["position"], progress["total"]) == (number, len(module.lessons))


def test_gallery_page_has_home_and_language_but_no_module_progress(curriculum):
    page = curriculum.gallery[0]
    nav = build_nav(curriculum, page.id, "id")
    assert nav["kind"] == "gallery"
    assert nav["title"] == page.title["id"]
    assert nav["progress"] is None and nav["previous"] is None and nav["next"] is None
    assert nav["switch"]["url"] == f"/voila/render/en/{page.path}"
    assert nav["home"]["url"] == "/id/"


def test_unlisted_notebook_still_gets_home_and_strings(curriculum):
    nav = build_nav(curriculum, "tidak-ada", "en")
    assert nav["kind"] == "other" and nav["switch"] is None and nav["module"] is None
    assert nav["home"]["label"] == t("site.home", "en")
    assert set(nav["script_messages"]) == {"msg-offline", "msg-lost", "msg-widget"}
    assert all(text.strip() for text in nav["script_messages"].values())


def test_the_template_filter_reads_the_project_manifest():
    assert lesson_nav("qris-untuk-usaha-mikro", "en")["title"] == "QRIS for micro businesses"
    assert lesson_nav("", "xx")["lang"] == "id"


def test_unknown_language_is_refused(curriculum):
    with pytest.raises(ValueError):
        build_nav(curriculum, "qris-untuk-usaha-mikro", "fr")
