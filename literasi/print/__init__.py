"""Everything Literasi puts on paper, in one place: the lesson handout and the day plan (A4 PDFs made with
fpdf2), and the pieces the certificates of ``literasi.grading`` share with them.

- ``palette.py``: the brand colours, as RGB for fpdf and as hex for the CSS of the class report and the
  learner's feedback page. Import-light (no fpdf), because grading imports it on every run.
- ``fonts.py``: DejaVu Sans, or Helvetica with text simplified to Latin-1 when the font is missing.
- ``markdown.py``: Literasi's Markdown dialect (the feedback page renders it to HTML too) and its writer
  onto a PDF page.
- ``document.py``: the A4 document every printout starts from (fonts, margins, footer with page numbers)
  and the default site address its QR codes point to.
- ``handout.py``, ``dayplan.py``: the two printouts (``literasi handout``, ``literasi dayplan``).

Import the modules (``from literasi.print.handout import write_handout``), never the package itself by
``from literasi import print``, which would hide the built-in ``print`` in that module.
"""
