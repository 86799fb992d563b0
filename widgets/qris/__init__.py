"""QRIS for a micro business: the merchant discount rate (MDR) and its limits (``core``), the fee calculator
(``calculator``) and the rate table a lesson shows (``rate_table``)."""
