"""literasi.print from the outside: one palette for everything Literasi prints (the PDFs, the class report
and the learner's feedback page take their colours from literasi/print/palette.py, and nowhere else writes
them out), and what grading may load from the package (colours, fonts, the QR code; not fpdf on every
``literasi grade``, never the widgets)."""

import re
import subprocess
import sys

import pytest
from conftest import ROOT

from literasi.grading.feedback import FEEDBACK_CSS
from literasi.grading.report import REPORT_CSS
from literasi.print.palette import PALETTE, with_palette

PRODUCT_CODE = [path for folder in ("literasi", "grading", "widgets") for path in (ROOT / folder).rglob("*.py")]


def test_the_report_and_the_feedback_page_are_in_the_palette_colours():
    for css in (REPORT_CSS, FEEDBACK_CSS):
        assert "$" not in css
        for name in ("accent", "text", "muted"):
            assert PALETTE[name].hex in css, name
    assert PALETTE["warning"].hex in FEEDBACK_CSS and PALETTE["info"].hex in FEEDBACK_CSS


@pytest.mark.parametrize("name", sorted(PALETTE))
def test_a_colour_of_the_palette_is_written_nowhere_else(name):
    colour = PALETTE[name]
    as_rgb = re.compile(rf"\(\s*{colour.red}\s*,\s*{colour.green}\s*,\s*{colour.blue}\s*\)")
    writers = [path.relative_to(ROOT).as_posix() for path in PRODUCT_CODE
               if colour.hex in (text := path.read_text("utf-8").lower()) or as_rgb.search(text)]
    assert writers == ["literasi/print/palette.py"]


def test_an_unknown_colour_name_in_css_is_an_error():
    with pytest.raises(KeyError):
        with_palette("h1 { color: $acent; }")


def test_grading_loads_neither_the_pdf_nor_the_qr_library():
    """``literasi grade`` imports the class report on every run; fpdf alone costs most of a second."""
    probe = ("import sys, literasi.grading.report, literasi.grading.grade_summary, literasi.grading.feedback; "
             "print(sorted({name.split('.')[0] for name in sys.modules} & {'fpdf', 'segno'}))")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_grading_takes_fonts_and_colours_from_the_print_package_but_never_imports_widgets():
    """Grading's house rule, now that certificates import literasi.print (whose handout reads quiz banks)."""
    probe = ("import sys, literasi.grading, literasi.grading.certificates, literasi.grading.feedback; "
             "print(sorted(name for name in sys.modules if name.startswith('literasi.')))")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "literasi.print.fonts" in result.stdout and "literasi.print.palette" in result.stdout
    assert "literasi.widgets" not in result.stdout
