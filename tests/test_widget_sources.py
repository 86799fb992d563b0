"""Widgets' sources: data files cite fact ids, resolved in the facts registry; one source footer; no fact ids.

No widget shows a learner a fact id (F-QRIS-04 …): learners read the source's title, publisher and date.
Every exported widget and every quiz is built in both languages, then every choice it offers is picked (each
followed by a press of every button), and all the text it shows on the way (HTML, labels, descriptions,
options, outputs) is read.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

import ipywidgets as ipw
import pytest
import yaml
from conftest import LESSON_PATH, ROOT
from helpers import t_pattern

import literasi.widgets as exported
from literasi.facts import read_facts
from literasi.i18n import t
from literasi.widgets.data_checks import DataFileError, data_file_problems, fact_sources, facts_root
from literasi.widgets.quiz.widget import Quiz
from literasi.widgets.ui import sources_html

FACT_ID = re.compile(r"F-[A-Z]+-\d\d")
NOT_WIDGETS = {"format_rupiah"}  # a number formatter, not something a lesson shows
BANKS = sorted(path.stem for path in (ROOT / "lessons" / "banks" / "id").glob("*.yml"))
CHOOSERS = (ipw.Dropdown, ipw.RadioButtons, ipw.ToggleButtons, ipw.Select, ipw.SelectionSlider)


def _walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _walk(child)


def _texts(widget) -> list[str]:
    texts = []
    for part in _walk(widget):
        for name in ("value", "description", "placeholder", "tooltip"):
            value = getattr(part, name, None)
            if isinstance(value, str):
                texts.append(value)
        texts += [str(label) for label in getattr(part, "_options_labels", ())]
        for output in getattr(part, "outputs", ()):
            texts += [str(value) for value in output.get("data", {}).values()]
            texts.append(str(output.get("text", "")))
    return texts


def _explore(widget) -> list[str]:
    """What the widget shows as built, then after each choice is picked (every value of every dropdown,
    radio button and toggle; each checkbox ticked) followed by a press of every button."""
    seen = _texts(widget)

    def press_buttons() -> None:
        for button in [part for part in _walk(widget) if isinstance(part, ipw.Button)]:
            button.click()
            seen.extend(_texts(widget))

    for part in list(_walk(widget)):
        if isinstance(part, CHOOSERS):
            values = list(getattr(part, "_options_values", ()))
        elif isinstance(part, ipw.Checkbox):
            values = [not part.value]
        else:
            continue
        for value in values:
            if isinstance(part, CHOOSERS) and value not in part._options_values:
                continue  # a button press (next scenario, restart) changed this choice's options
            part.value = value
            seen += _texts(widget)
            press_buttons()
    press_buttons()
    return seen


def _build(name: str, lang: str):
    made = getattr(exported, name)(lang=lang)
    return made if isinstance(made, ipw.Widget) else ipw.HTML(str(made))


def _fact_ids(texts: list[str]) -> list[str]:
    return sorted({match for text in texts for match in FACT_ID.findall(text)})


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("name", sorted(set(exported.EXPORTS) - NOT_WIDGETS - {"Quiz"}))
def test_no_widget_shows_a_fact_id(name, lang, monkeypatch):
    monkeypatch.chdir(ROOT / "lessons" / lang)  # as in a lesson: the kernel runs in the lesson's folder
    texts = _explore(_build(name, lang))
    assert texts, name
    assert _fact_ids(texts) == [], f"{name} ({lang}) shows fact ids to learners"


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("bank", BANKS)
def test_no_quiz_shows_a_fact_id(bank, lang, monkeypatch):
    monkeypatch.chdir(ROOT / "lessons" / lang)
    texts = _explore(Quiz.from_bank(bank, lang))
    assert _fact_ids(texts) == [], f"quiz {bank} ({lang}) shows fact ids to learners"


# --- one resolver, one footer ------------------------------------------------------------------------------

FACT = {
    "id": "F-QRIS-99", "topic": {"id": "Batas contoh", "en": "Example limit"},
    "statement": {"id": "Contoh.", "en": "Example."}, "status": "verified", "checked": "2026-12-06",
    "sources": [{"title": "Siaran pers <contoh>", "publisher": "Bank Indonesia", "url": "https://www.bi.go.id/x",
                 "date": "2023-11-15", "issuer": True}],
}


def _registry(tmp_path, **changes):
    (tmp_path / "facts").mkdir()
    (tmp_path / "facts" / "contoh.yml").write_text(yaml.safe_dump([{**FACT, **changes}]), "utf-8")
    return read_facts(tmp_path)


def test_a_data_file_cites_fact_ids_that_the_registry_resolves(tmp_path):
    _registry(tmp_path)
    facts = fact_sources(["F-QRIS-99"], "widgets/data/x.yml: sources", root=tmp_path)
    assert list(facts) == ["F-QRIS-99"] and facts["F-QRIS-99"].sources[0].publisher == "Bank Indonesia"


@pytest.mark.parametrize(("ids", "expected"), [
    (["F-QRIS-98"], "widgets/data/x.yml: sources: F-QRIS-98 not in the facts registry (facts/*.yml)"),
    (["F-QRIS-99", "F-QRIS-99"], "widgets/data/x.yml: sources: fact ids repeat: F-QRIS-99"),
    ({"F-QRIS-99": {"title": "a copy", "url": "https://x"}}, "widgets/data/x.yml: sources: expected a list of fact ids"),
])
def test_a_source_the_registry_does_not_have_is_the_data_modules_own_error_naming_file_and_field(tmp_path, ids,
                                                                                                  expected):
    class ModuleError(DataFileError):
        pass

    _registry(tmp_path)
    with pytest.raises(ModuleError) as caught:
        fact_sources(ids, "widgets/data/x.yml: sources", ModuleError, root=tmp_path)
    assert str(caught.value).startswith(expected)


def test_the_footer_gives_title_publisher_and_month_and_the_rule_date_only_for_a_rule(tmp_path):
    rule = _registry(tmp_path, in_force_since="2022-03-01")["F-QRIS-99"]
    html = sources_html([rule], "id")
    link = "<a href='https://www.bi.go.id/x' target='_blank' rel='noopener noreferrer'>Siaran pers &lt;contoh&gt;</a>"
    assert t("facts.source_html", "id", link=link, publisher="Bank Indonesia", date="November 2023") in html
    assert "15 November" not in html  # a source is dated to the month, never to an invented day
    assert t("facts.in_force_since", "id", date="1 Maret 2022") in html and "F-QRIS" not in html
    english = sources_html([rule], "en")
    assert t("facts.widget_sources", "en") in english
    assert t("facts.source_html", "en", link=link, publisher="Bank Indonesia", date="November 2023") in english
    assert t("facts.in_force_since", "en", date="1 March 2022") in english


def test_a_fact_that_is_no_rule_has_no_in_force_date_and_news_is_marked_secondary(tmp_path):
    news = _registry(tmp_path, status="secondary")["F-QRIS-99"]
    html = sources_html([news, news], "id")
    assert not t_pattern("facts.in_force_since", "id").search(html)
    assert t("facts.secondary", "id") in html and html.count("<li>") == 1


@pytest.mark.parametrize("setting", ["lesson folder", "LITERASI_ROOT"])
def test_a_lesson_kernel_finds_the_registry_from_its_folder_or_from_literasi_root(tmp_path, setting):
    """Voila, JupyterLab and nbclient run a lesson in its own folder; the site and `literasi lab` set LITERASI_ROOT."""
    env = {key: value for key, value in os.environ.items() if key != "LITERASI_ROOT"}
    cwd = ROOT / "lessons" / "id" / LESSON_PATH.split("/")[0]
    if setting == "LITERASI_ROOT":
        env["LITERASI_ROOT"], cwd = str(ROOT), tmp_path
    code = "from literasi.widgets import qris_rate_table; print(qris_rate_table('id').value)"
    shown = subprocess.run([sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True, check=True)
    assert "bicara131.bi.go.id" in shown.stdout and t_pattern("facts.source_html", "id").search(shown.stdout)


def test_literasi_check_with_root_resolves_fact_ids_in_that_projects_registry(tmp_path, monkeypatch):
    """`literasi --root <project> check` run from another folder: the data files' ids are looked up there."""
    monkeypatch.delenv("LITERASI_ROOT", raising=False)
    monkeypatch.chdir(tmp_path)
    assert any("facts registry (facts/*.yml) cannot be read" in problem for problem in data_file_problems())
    with facts_root(ROOT):
        assert data_file_problems() == []
    project = tmp_path / "proyek"
    project.mkdir()
    _registry(project)
    with facts_root(project):
        assert list(fact_sources(["F-QRIS-99"], "x.yml: sources")) == ["F-QRIS-99"]
