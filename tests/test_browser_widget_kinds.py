"""Every kind of ipywidget a lesson may use works on the light lesson page, not only the ones today's lessons
use: inputs, choices, buttons, sliders, tabs, accordions, HTML, and the Output widget (printing and showing
widgets from a button's callback). Errors in a cell never reach the learner."""

import shutil

import nbformat
import pytest
from conftest import ROOT, running_literasi
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SETUP = """\
import ipywidgets as w
from IPython.display import display
"""
TOOLS = """\
out = w.Output()
number = w.IntText(value=2, description="Angka")
words = w.Text(description="Kata")
check = w.Checkbox(value=False, description="Setuju")
radio = w.RadioButtons(options=["satu", "dua"], description="Pilih")
drop = w.Dropdown(options=["merah", "biru"], description="Warna")
toggle = w.ToggleButtons(options=["kecil", "besar"])
note = w.Textarea(description="Catatan")
secret = w.Password(description="Sandi")
slider = w.IntSlider(value=3, min=0, max=10, description="Geser")
shown = w.HTML("<b class='status'>awal</b>")
button = w.Button(description="Kirim", button_style="primary")

def on_click(_):
    with out:
        print(f"angka={number.value} kata={words.value} setuju={check.value} pilih={radio.value} "
              f"warna={drop.value} ukuran={toggle.value} catatan={note.value} sandi={len(secret.value)}")
        display(w.HTML("<i class='inner'>widget di dalam output</i>"))
    shown.value = "<b class='status'>terkirim</b>"

button.on_click(on_click)
slider.observe(lambda change: setattr(shown, "value", f"<b class='status'>geser {change.new}</b>"), "value")
tabs = w.Tab(children=[w.HTML("isi tab satu"), w.HTML("<span class='tab-two'>isi tab dua</span>")],
             titles=("Satu", "Dua"))
accordion = w.Accordion(children=[w.HTML("<span class='fold'>isi lipatan</span>")], titles=("Buka",))
display(w.VBox([w.HBox([number, words]), check, radio, drop, toggle, note, secret, slider, button, shown, out,
                tabs, accordion], layout=w.Layout(width="100%")))
"""
EARLY_OUTPUT = """\
early = w.Output()
display(early)
with early:
    print("dicetak saat pelajaran dijalankan")
"""
BROKEN = "1 / 0\n"


@pytest.fixture(scope="module")
def widget_site(tmp_path_factory):
    """The site serving a project whose only extra page exercises every widget kind."""
    project = tmp_path_factory.mktemp("widgets")
    (project / "curriculum.yml").write_bytes((ROOT / "curriculum.yml").read_bytes())
    shutil.copytree(ROOT / "facts", project / "facts")  # the site's Sumber page and the widgets' sources
    notebook = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_markdown_cell("# Uji widget"), *(nbformat.v4.new_code_cell(source)
               for source in (SETUP, TOOLS, EARLY_OUTPUT, BROKEN))],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
                  "literasi": {"id": "uji-widget", "lang": "id"}})
    (project / "lessons" / "id" / "uji").mkdir(parents=True)
    nbformat.write(notebook, project / "lessons" / "id" / "uji" / "widget.ipynb")
    with running_literasi("serve", name="widget-kinds-server", cwd=project,
                          env={"LITERASI_ROOT": str(project), "LITERASI_WARM": "0"}) as (base, _, _):
        yield base


def test_every_widget_kind_is_interactive_and_the_output_widget_captures(widget_site, phone):
    phone.goto(f"{widget_site}/voila/render/id/uji/widget.ipynb")
    shown = phone.locator(".status")
    expect(shown).to_have_text("awal")
    expect(phone.get_by_text("dicetak saat pelajaran dijalankan")).to_be_visible()

    phone.get_by_label("Angka").fill("5")
    phone.get_by_label("Kata").fill("halo")
    phone.get_by_text("Setuju").click()
    phone.get_by_text("dua", exact=True).click()
    phone.get_by_label("Warna").select_option("biru")
    phone.get_by_role("button", name="besar").click()
    phone.get_by_label("Catatan").fill("baris satu")
    phone.get_by_label("Sandi").fill("rahasia")
    phone.get_by_label("Sandi").press("Tab")
    phone.get_by_role("button", name="Kirim").click()
    expect(shown).to_have_text("terkirim")
    expect(phone.get_by_text(
        "angka=5 kata=halo setuju=True pilih=dua warna=biru ukuran=besar catatan=baris satu sandi=7")).to_be_visible()
    expect(phone.locator(".inner")).to_have_text("widget di dalam output")

    handle = phone.locator(".noUi-handle").first
    handle.focus()
    handle.press("ArrowRight")
    expect(shown).to_have_text("geser 4")

    expect(phone.locator(".tab-two")).to_be_hidden()
    phone.get_by_text("Dua", exact=True).click()
    expect(phone.locator(".tab-two")).to_be_visible()
    expect(phone.get_by_text("isi tab satu")).to_be_hidden()
    expect(phone.locator(".fold")).to_be_hidden()
    phone.get_by_text("Buka", exact=True).click()
    expect(phone.locator(".fold")).to_be_visible()

    body = phone.locator("body")
    expect(body).not_to_contain_text("ZeroDivisionError")
    expect(body).not_to_contain_text("Traceback")
    assert phone.hosts == {"127.0.0.1"}
