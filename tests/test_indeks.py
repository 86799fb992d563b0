import pytest
import yaml
from helpers import broken_data_copy

from literasi.widgets import literacy_index_chart
from literasi.widgets.literacy_index.core import check_data, load_index, weakest_pillar


def test_chart_alt_text_gives_every_pillar_score_and_names_the_weakest(root):
    raw = yaml.safe_load((root / "widgets" / "data" / "indeks_literasi.yml").read_text("utf-8"))
    html = literacy_index_chart("id").value
    for pillar in raw["pillars"]:
        assert pillar["label"]["id"] in html
        for score in pillar["values"].values():
            assert f"{score:.2f}".replace(".", ",") in html
    assert "Pilar terendah pada 2022: Keamanan Digital (3,12)" in html
    assert "Lowest pillar in 2022: Digital safety (3.12)" in literacy_index_chart("en").value


def test_weakest_pillar_follows_the_data():
    data = load_index()
    label, score = weakest_pillar(data, 2021, "en")
    assert score == min(pillar.values[2021] for pillar in data.pillars) and label


@pytest.mark.parametrize(("break_it", "field"), [
    (lambda raw: raw["pillars"][0]["values"].update({2022: 7.5}), "pillars[0].values[2022]"),
    (lambda raw: raw["sources"].remove("F-IDX-02"), "pillar_facts"),
    (lambda raw: raw["sources"].append("F-IDX-99"), "sources"),
])
def test_a_broken_data_file_is_reported(tmp_path, break_it, field):
    problems = check_data(broken_data_copy(tmp_path, "indeks_literasi.yml", break_it))
    assert problems and "indeks_literasi.yml" in problems[0]
    assert f"indeks_literasi.yml: {field}" in problems[0]
