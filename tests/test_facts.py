"""The facts registry (facts/*.yml, literasi/facts.py) and the check rules built on it."""

import datetime as dt
import subprocess

import nbformat
import pytest
import yaml
from conftest import LESSON_PATH, literasi_command

from literasi.check import check_project
from literasi.facts import FactsError, PartialDate, read_facts, sources_markdown

GOOD_FACT = {
    "id": "F-QRIS-99",
    "topic": {"id": "Batas contoh", "en": "Example limit"},
    "statement": {"id": "Contoh pernyataan.", "en": "Example statement."},
    "value": "Rp10.000.000",
    "status": "verified",
    "sources": [{"title": "Siaran pers", "publisher": "Bank Indonesia", "url": "https://www.bi.go.id/x",
                 "date": "2023-11", "issuer": True}],
    "in_force_since": "2022-03-01",
    "checked": "2026-12-06",
}


def _registry_with(tmp_path, *facts):
    (tmp_path / "facts").mkdir()
    (tmp_path / "facts" / "contoh.yml").write_text(yaml.safe_dump(list(facts), allow_unicode=True), "utf-8")
    return tmp_path


def test_a_good_fact_reads_with_month_precision_and_the_rule_date(tmp_path):
    registry = read_facts(_registry_with(tmp_path, GOOD_FACT))
    line = registry["F-QRIS-99"].source_line("id")
    assert "sumber per November 2023" in line and "1 November" not in line
    assert "berlaku sejak 1 Maret 2022" in line
    assert "F-QRIS-99" not in line
    assert "source dated November 2023" in registry["F-QRIS-99"].source_line("en")


@pytest.mark.parametrize("break_it, field", [
    (lambda f: f.update(status="rumour"), "status"),
    (lambda f: f["sources"][0].pop("date"), "sources[0].date"),
    (lambda f: f["sources"][0].update(date="1 Nov 2023"), "sources[0].date"),
    (lambda f: f["sources"][0].update(url="bukan url"), "sources[0].url"),
    (lambda f: f.update(sources=[]), "sources"),
    (lambda f: f["statement"].pop("en"), "statement.en"),
    (lambda f: f.update(id="QRIS-7"), "id"),
    (lambda f: f["statement"].update(en="As F-QRIS-01 says."), "statement"),
])
def test_a_broken_fact_is_reported_with_its_file_and_field(tmp_path, break_it, field):
    fact = yaml.safe_load(yaml.safe_dump(GOOD_FACT))
    break_it(fact)
    with pytest.raises(FactsError) as caught:
        read_facts(_registry_with(tmp_path, fact))
    assert "facts/contoh.yml" in str(caught.value) and field in str(caught.value)


def test_an_id_used_twice_is_reported(tmp_path):
    with pytest.raises(FactsError, match="used once"):
        read_facts(_registry_with(tmp_path, GOOD_FACT, GOOD_FACT))


def test_partial_dates_keep_their_precision():
    assert PartialDate.parse("2023").text("id") == "2023"
    assert PartialDate.parse("2023-11").text("id") == "November 2023"
    assert PartialDate.parse(dt.date(2024, 12, 1)).text("en") == "1 December 2024"
    with pytest.raises(ValueError):
        PartialDate.parse("2023-02-30")


def test_facts_not_checked_for_a_year_are_due_for_review(tmp_path):
    old = {**GOOD_FACT, "id": "F-QRIS-98", "checked": "2025-11-30"}
    registry = read_facts(_registry_with(tmp_path, GOOD_FACT, old))
    assert [f.id for f in registry.due_for_review(dt.date(2026, 12, 6))] == ["F-QRIS-98"]
    assert registry.due_for_review(dt.date(2026, 12, 6), months=13) == []


def test_the_generated_source_list_names_sources_not_ids(root):
    registry = read_facts(root)
    text = sources_markdown(["F-QRIS-03"], registry, "id")
    assert text.startswith("## Sumber") and "Diperiksa terakhir" in text and "F-QRIS-03" not in text


def _set_status(project, fact_id, status):
    for path in (project / "facts").glob("*.yml"):
        facts = yaml.safe_load(path.read_text("utf-8"))
        for fact in facts:
            if fact["id"] == fact_id:
                fact["status"] = status
                path.write_text(yaml.safe_dump(facts, allow_unicode=True, sort_keys=False), "utf-8")
                return
    raise AssertionError(fact_id)


def test_check_refuses_a_lesson_resting_on_an_unverified_fact(project_copy):
    _set_status(project_copy, "F-QRIS-03", "unverified")
    problems = "\n".join(check_project(project_copy))
    assert "F-QRIS-03, which is unverified" in problems


def test_check_refuses_an_unknown_fact_id(project_copy):
    manifest = project_copy / "curriculum.yml"
    manifest.write_text(manifest.read_text("utf-8").replace("- F-QRIS-03\n", "- F-QRIS-77\n", 1), "utf-8")
    assert "F-QRIS-77, which is not in facts/*.yml" in "\n".join(check_project(project_copy))


def test_check_refuses_a_fact_id_shown_to_learners_and_a_stale_source_list(project_copy):
    path = project_copy / "lessons" / "id" / LESSON_PATH
    notebook = nbformat.read(path, as_version=4)
    prose = next(i for i, cell in enumerate(notebook.cells) if cell.cell_type == "markdown" and i > 1)
    notebook.cells[prose].source += " (F-QRIS-03)"
    sources = next(i for i, cell in enumerate(notebook.cells) if cell.source.startswith("## Sumber"))
    notebook.cells[sources].source += "\n- tambahan tangan"
    nbformat.write(notebook, path)
    problems = "\n".join(check_project(project_copy))
    assert f"cell {prose} shows the fact id F-QRIS-03 to learners" in problems
    assert f"cell {sources} (sources) differs" in problems

    subprocess.run([*literasi_command(), "--root", str(project_copy), "facts", "sync"], check=True, capture_output=True)
    assert f"cell {sources} (sources) differs" not in "\n".join(check_project(project_copy))


def test_check_lists_facts_due_for_review_as_a_warning_not_a_failure(project_copy):
    for path in (project_copy / "facts").glob("*.yml"):
        text = path.read_text("utf-8")
        path.write_text(text.replace("checked: 2026-", "checked: 2024-"), "utf-8")
    # The lessons' "Diperiksa terakhir" stamps follow the registry.
    subprocess.run([*literasi_command(), "--root", str(project_copy), "facts", "sync"], check=True, capture_output=True)
    result = subprocess.run([*literasi_command(), "--root", str(project_copy), "check"], capture_output=True, text=True)
    assert "due for review" in result.stdout
    assert result.returncode == 0, result.stderr


def test_the_project_no_longer_reads_the_product_sides_fact_sheet(root):
    for folder in ("literasi", "widgets", "grading", "tests"):
        for path in (root / folder).rglob("*.py"):
            if path.name == "test_facts.py":
                continue
            assert 'shared" / "FACTS.md' not in path.read_text("utf-8"), path
