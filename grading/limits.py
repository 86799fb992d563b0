"""Output limits for autograded notebooks: a submission that prints megabytes keeps a readable, small notebook.

nbgrader's own LimitOutput counts lines, so one enormous line passes untouched; this caps every
output by characters (text) or drops it (large images/HTML), after execution and before grades are saved.
"""

from __future__ import annotations

from nbconvert.exporters.exporter import ResourcesDict
from nbformat.notebooknode import NotebookNode
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Integer

TRUNCATED = "\n… [keluaran dipotong / output truncated]"


class CapOutput(NbGraderPreprocessor):
    max_chars = Integer(10_000, help="largest text kept per output").tag(config=True)
    max_rich_bytes = Integer(200_000, help="largest image/HTML output kept; larger ones are dropped").tag(config=True)

    def preprocess_cell(self, cell: NotebookNode, resources: ResourcesDict, index: int):
        if cell.cell_type != "code":
            return cell, resources
        for output in cell.get("outputs", []):
            if "text" in output and len(output.text) > self.max_chars:
                output.text = output.text[: self.max_chars] + TRUNCATED
            if output.get("output_type") == "error":
                output.evalue = output.evalue[: self.max_chars]
                output.traceback = [line[: self.max_chars] for line in output.traceback[-50:]]
            data = output.get("data")
            if data:
                for mime in list(data):
                    value = data[mime]
                    size = len(value) if isinstance(value, str) else len(str(value))
                    if size > (self.max_chars if mime == "text/plain" else self.max_rich_bytes):
                        data[mime] = (value[: self.max_chars] + TRUNCATED) if mime == "text/plain" else ""
                        if mime != "text/plain":
                            del data[mime]
        return cell, resources
