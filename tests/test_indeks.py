import pytest
import yaml

from literasi.widgets import literacy_index_chart
from literasi.widgets import indeks_literasi
from literasi.widgets.indeks_literasi import check_data, load_index, weakest_pillar


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
    assert score == min(values[2021] for _, values in data.pillars) and label


@pytest.mark.parametrize("break_it", [
    lambda raw: raw["pillars"][0]["values"].update({2022: 7.5}),
    lambda raw: raw["sources"].remove("F-IDX-02"),
    lambda raw: raw["sources"].append("F-IDX-99"),
])
def test_a_broken_data_file_is_reported(monkeypatch, root, break_it):
    raw = yaml.safe_load((root / "widgets" / "data" / "indeks_literasi.yml").read_text("utf-8"))
    break_it(raw)
    monkeypatch.setattr(indeks_literasi.yaml, "safe_load", lambda _text: raw)
    problems = check_data()
    monkeypatch.undo()
    load_index.cache_clear()
    assert problems and "indeks_literasi.yml" in problems[0]
