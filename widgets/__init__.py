"""Literasi's lesson widgets: pure ipywidgets (+ matplotlib) over tested, widget-free logic."""

from .money import format_rupiah
from .qris_fee_calculator import QrisFeeCalculator
from .quiz import Quiz
from .rate_table import qris_rate_table

__all__ = ["QrisFeeCalculator", "Quiz", "format_rupiah", "qris_rate_table"]
