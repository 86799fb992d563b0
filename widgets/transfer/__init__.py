"""Transfers between banks: the BI-FAST fee and per-transfer limit (``core``) and the fee calculator
(``calculator``)."""
