"""Literasi's lesson widgets: pure ipywidgets (+ matplotlib) over tested, widget-free logic.

A lesson does ``from literasi.widgets import Quiz``. Each widget's module is imported on first use,
so a lesson pays only for the widgets it shows (a kernel that shows a quiz never loads zxcvbn).
``EXPORTS`` maps each public name to its module, relative to this package (``"encryption.demo"``: a topic
subpackage, its ``core`` pure logic, its other modules the widgets);
tests/test_widget_exports.py keeps this table equal to the modules' ``__all__``.
"""

from __future__ import annotations

import importlib

EXPORTS = {
    "BifastFeeCalculator": "bifast_fee_calculator",
    "EavesdropperDemo": "encryption.demo",
    "MarketplacePriceCalculator": "umkm_price_calculator",
    "NikDecoder": "nik_masking",
    "PersonalDataClassifier": "pdp_classifier",
    "PersonalDataFormAudit": "pdp_classifier",
    "PiiMasker": "nik_masking",
    "PphFinalEstimator": "pph_final_estimator",
    "QrisFeeCalculator": "qris_fee_calculator",
    "QrisStickerChecker": "stiker_checker",
    "Quiz": "quiz",
    "SalesDashboard": "umkm_sales_dashboard",
    "SandiMeter": "sandi_meter",
    "ScamMessageSimulator": "penipuan_simulator",
    "SmartCityDimensionMapper": "kotacerdas_dimensi",
    "SpbeSelfAssessment": "kotacerdas_spbe",
    "TautanInspector": "tautan_inspector",
    "format_rupiah": "money",
    "literacy_index_chart": "indeks_literasi",
    "qris_rate_table": "rate_table",
}
__all__ = sorted(EXPORTS)


def __getattr__(name: str):
    if name not in EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{EXPORTS[name]}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(EXPORTS))
