"""Navigation facts for a lesson page's header, from the manifest: module, position in the module, minutes,
previous and next lessons (across module boundaries, in manifest order), the same lesson in the other
language, and the page's learner-facing strings. Gallery pages have no module: home and language only.

The lesson template calls it as a Jinja filter: ``{% set nav = lesson_id | lesson_nav(lang) %}``.
"""

from __future__ import annotations

from functools import lru_cache

from literasi.curriculum import Curriculum, load_curriculum
from literasi.i18n import check_lang, known_lang, other_lang, t

from .urls import home_url, lesson_page_url, lesson_switch_url

# Strings the page's script shows (data-* attributes on <main>): key in the page → key in site.yml.
SCRIPT_MESSAGES = {
    "msg-offline": "site.kernel_offline",
    "msg-lost": "site.kernel_lost",
    "msg-widget": "site.widget_failed",
}


@lru_cache(maxsize=1)
def _curriculum() -> Curriculum:
    return load_curriculum()


def _link(curriculum_lesson, lang: str, label_key: str) -> dict | None:
    if curriculum_lesson is None:
        return None
    return {"url": lesson_page_url(lang, curriculum_lesson.path), "title": curriculum_lesson.title[lang],
            "label": t(label_key, lang)}


def build_nav(curriculum: Curriculum, lesson_id: str, lang: str) -> dict:
    """The header facts of one page (a lesson, a gallery page, or a notebook the manifest does not list)."""
    check_lang(lang)
    other = other_lang(lang)
    nav: dict = {
        "kind": "other", "lang": lang, "lesson_id": lesson_id, "title": None,
        "home": {"url": home_url(lang), "label": t("site.home", lang)},
        "site_name": t("site.name", lang),
        "module": None, "minutes": None, "progress": None, "previous": None, "next": None,
        "switch": None,
        "strings": {
            "skip": t("site.skip_to_content", lang),
            "loading": t("site.loading", lang),
            "nav_label": t("site.lesson_nav_label", lang),
            "nav_bottom_label": t("site.lesson_nav_bottom_label", lang),  # two <nav> landmarks need two names
            "last_lesson": t("site.last_lesson", lang),
            "back_home": t("site.back_home", lang),
        },
        "script_messages": {attribute: t(key, lang) for attribute, key in SCRIPT_MESSAGES.items()},
    }
    lessons = curriculum.lessons()
    index = next((i for i, lesson in enumerate(lessons) if lesson.id == lesson_id), None)
    if index is not None:
        lesson = lessons[index]
        module = curriculum.module_of(lesson_id)
        position = [item.id for item in module.lessons].index(lesson_id) + 1
        total = len(module.lessons)
        nav.update(
            kind="lesson",
            title=lesson.title[lang],
            module={"order": module.order, "title": module.title[lang],
                    "label": f"{t('site.module', lang)} {module.order}: {module.title[lang]}"},
            minutes=t("site.minutes", lang, minutes=lesson.minutes),
            progress={"position": position, "total": total, "percent": round(100 * position / total),
                      "label": t("site.lesson_progress", lang, position=position, total=total)},
            previous=_link(lessons[index - 1] if index > 0 else None, lang, "site.previous_lesson"),
            next=_link(lessons[index + 1] if index + 1 < len(lessons) else None, lang, "site.next_lesson"),
            switch={"url": lesson_switch_url(other, lesson_id), "lang": other,
                    "label": t("site.switch_language", lang)},
        )
        return nav
    page = next((item for item in curriculum.gallery if item.id == lesson_id), None)
    if page is not None:
        nav.update(
            kind="gallery",
            title=page.title[lang],
            module={"order": None, "title": t("site.gallery", lang), "label": t("site.gallery", lang)},
            switch={"url": lesson_page_url(other, page.path), "lang": other, "label": t("site.switch_language", lang)},
        )
    return nav


@lru_cache(maxsize=256)
def lesson_nav(lesson_id: str, lang: str) -> dict:
    """``build_nav`` for the project's own manifest (read once per process)."""
    return build_nav(_curriculum(), lesson_id or "", known_lang(lang))
