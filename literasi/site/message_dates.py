"""Kernel message dates read with the standard library instead of dateutil.

Every Jupyter message carries a date in its header and its parent's header; jupyter_client turns them into
``datetime`` objects each time it reads a message (``Session.deserialize`` → ``extract_dates``), with dateutil's
ISO parser. For a lesson page that is thousands of messages (the lesson's cells, its widgets, the activity watcher
reads each one again): profiled at about a sixth of the site server's CPU per learner. Python's own
``datetime.fromisoformat`` reads the same ISO 8601 form far faster and gives the same instant;
``install`` makes jupyter_client use it, in the server and, through the zygote, in every forked kernel. A string
it cannot read goes to jupyter_client's own parser, so nothing is read differently.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from jupyter_client import jsonutil


def parse_date(text: str | None) -> Any:
    """``jupyter_client.jsonutil.parse_date``: an ISO 8601 timestamp as a ``datetime`` (local time zone if it has
    none), anything else unchanged."""

    if text is None or len(text) < 19 or text[10] != "T" or not jsonutil.ISO8601_PAT.match(text):
        return text  # the length and the "T" first: most strings of a header are ids and names
    try:
        return jsonutil._ensure_tzinfo(datetime.fromisoformat(text))
    except ValueError:
        return jsonutil.parse_date(text)


def extract_dates(obj: Any) -> Any:
    """``jupyter_client.jsonutil.extract_dates`` with ``parse_date`` above."""
    if isinstance(obj, dict):
        return {key: extract_dates(value) for key, value in obj.items()}
    if isinstance(obj, list | tuple):
        return [extract_dates(item) for item in obj]
    if isinstance(obj, str):
        return parse_date(obj)
    return obj


def install() -> bool:
    """Make jupyter_client's sessions read message dates with ``extract_dates`` above; whether it could (a release
    that moved these names keeps its own)."""
    from jupyter_client import session

    if not all(hasattr(jsonutil, name) for name in ("ISO8601_PAT", "_ensure_tzinfo", "parse_date")) or \
            not hasattr(session, "extract_dates"):
        return False
    session.extract_dates = extract_dates
    return True
