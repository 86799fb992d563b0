"""The bank JSON Schema, for editors: ``widgets/data/quiz_bank.schema.json``, generated from the question models.

Banks are validated by the models themselves (``quiz.bank``); the file only lets an editor complete and flag
a bank while it is written (the banks' first line names it). After changing a question type, write it again:

    python -m literasi.widgets.quiz.schema

``literasi check`` (``check_data``) and the tests fail while the file differs from the models.
"""

from __future__ import annotations

import json
from importlib import resources

from .bank import Bank

SCHEMA_FILE = "widgets/data/quiz_bank.schema.json"
REGENERATE = "python -m literasi.widgets.quiz.schema"


def bank_json_schema() -> dict:
    """The schema of a bank file, as the models validate it."""
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "literasi/quiz_bank.schema.json",
            **Bank.model_json_schema(), "title": "Literasi question bank"}


def schema_text() -> str:
    return json.dumps(bank_json_schema(), indent=2, ensure_ascii=False) + "\n"


def _schema_resource():
    return resources.files("literasi.widgets").joinpath("data", "quiz_bank.schema.json")


def check_data(text: str | None = None) -> list[str]:
    """A problem when the schema file (or ``text``) is not the one the models give, for ``literasi check``."""
    try:
        written = json.loads(_schema_resource().read_text("utf-8") if text is None else text)
    except (OSError, ValueError) as error:  # json.JSONDecodeError is a ValueError
        return [f"{SCHEMA_FILE}: {error.__class__.__name__}: {str(error)[:300]}; write it again: {REGENERATE}"]
    if written != bank_json_schema():
        return [f"{SCHEMA_FILE}: differs from the question models (widgets/quiz/questions/); write it again: "
                f"{REGENERATE}"]
    return []


if __name__ == "__main__":
    with resources.as_file(_schema_resource()) as path:
        path.write_text(schema_text(), "utf-8")
        print(f"wrote {path}")
