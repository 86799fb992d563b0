"""A shop's sales file: the CSV read into totals (``core``) and the dashboard that shows them (``dashboard``)."""
