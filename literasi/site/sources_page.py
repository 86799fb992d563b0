"""The public "Sumber / Sources" page: every fact the course uses, grouped by module, from the facts registry.

Plain HTML rendered once at start-up (no kernel): each fact shows what the course states, whether it was
confirmed at the issuing body's own source or only at a secondary one, the day a rule took effect, and every
source with its link and date. Fact ids stay out of the text (they only name the anchors).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from literasi.curriculum import Curriculum
from literasi.facts import FACT_ID, Fact, PartialDate, Registry
from literasi.i18n import LANGS, other_lang, strings
from literasi.paths import banks_dir

from .landing import _environment


@dataclass(frozen=True)
class FactGroup:
    title: dict[str, str]  # by language
    facts: list[Fact]


def _bank_facts(root: Path, bank_id: str | None) -> list[str]:
    path = banks_dir(root, "id") / f"{bank_id}.yml"
    return FACT_ID.findall(path.read_text("utf-8")) if bank_id and path.is_file() else []


def fact_groups(curriculum: Curriculum, registry: Registry, root: Path) -> list[FactGroup]:
    """Per module, the facts its lessons, quiz banks and exercises rest on (first cited first); then the gallery."""
    groups = []
    for module in curriculum.ordered_modules():
        ids: list[str] = []
        for lesson in module.lessons:
            ids += [*lesson.facts, *_bank_facts(root, lesson.bank)]
        for exercise in module.exercises:
            ids += exercise.facts
        facts = [registry[fact] for fact in dict.fromkeys(ids) if fact in registry]
        if facts:
            groups.append(FactGroup({lang: module.title[lang] for lang in LANGS}, facts))
    gallery = [registry[fact] for fact in dict.fromkeys(f for page in curriculum.gallery for f in page.facts)
               if fact in registry]
    if gallery:
        groups.append(FactGroup({lang: strings(lang)["site.gallery"] for lang in LANGS}, gallery))
    return groups


def render_sources(groups: list[FactGroup], lang: str) -> str:
    other = other_lang(lang)
    return _environment().get_template("sources.html.j2").render(
        lang=lang, s=strings(lang), groups=groups, other_lang=other,
        count=len({fact.id for group in groups for fact in group.facts}), day_text=_day_text,
    )


def _day_text(day, lang: str) -> str:
    return PartialDate.parse(day).text(lang)
