"""Pricing for a seller: price, fees and margin per item on a marketplace, beside selling directly by QRIS
(``core``), and the price & margin calculator (``calculator``)."""
