"""Kernel message dates read with the standard library (site/message_dates.py): the same instants as
jupyter_client's own parser, everything else untouched, and the site's sessions use it."""

from __future__ import annotations

import pytest
from jupyter_client import jsonutil

from literasi.site import message_dates


@pytest.mark.parametrize("text", [
    "2026-12-07T17:45:28.123456Z", "2026-12-07T17:45:28Z", "2026-12-07T17:45:28.123Z", "2026-12-07T17:45:28.1+07:00",
    "2026-12-07T17:45:28+0700", "2026-12-07T17:45:28-03:30", "2026-12-07T17:45:28", "2026-12-07T17:45:28.1234567Z",
    "2026-12-07", "bukan tanggal", "", "a1b2c3d4-e5f6-4789-9abc-def012345678"
])
def test_a_date_reads_as_jupyter_clients_own_parser_reads_it(text):
    ours, theirs = message_dates.parse_date(text), jsonutil.parse_date(text)
    assert ours == theirs and type(ours) is type(theirs)
    if hasattr(ours, "utcoffset"):
        assert ours.utcoffset() == theirs.utcoffset()


def test_a_message_header_keeps_everything_but_its_date_as_it_was():
    header = {"msg_id": "9f2c", "username": "literasi", "session": "s1", "msg_type": "comm_msg", "version": "5.3",
              "date": "2026-12-07T17:45:28.123456Z", "nested": [{"date": "2026-12-07T10:00:00+07:00"}, 3, None]}
    assert message_dates.extract_dates(header) == jsonutil.extract_dates(header)
    assert header["date"] == "2026-12-07T17:45:28.123456Z"  # the message itself is not changed


def test_the_sessions_read_dates_with_it(monkeypatch):
    from jupyter_client import session

    monkeypatch.setattr(session, "extract_dates", session.extract_dates)
    assert message_dates.install()
    one = session.Session(key=b"k")
    sent = one.msg("status", {"execution_state": "idle"})
    frames = one.serialize(sent)
    received = one.deserialize(frames[frames.index(session.DELIM) + 1:])
    assert received["header"]["date"] == sent["header"]["date"]
    assert session.extract_dates is message_dates.extract_dates
