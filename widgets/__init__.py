"""Literasi's lesson widgets: pure ipywidgets (+ matplotlib) over tested, widget-free logic.

A lesson does ``from literasi.widgets import Quiz``. Each widget's module is imported on first use,
so a lesson pays only for the widgets it shows (a kernel that shows a quiz never loads zxcvbn).
``EXPORTS`` maps each public name to its module, relative to this package (``"qris.calculator"``: one
subpackage per topic, its ``core`` pure logic, its other modules the widgets);
tests/test_widget_exports.py keeps this table equal to the modules' ``__all__``.

Only core ipywidgets: the public site's light front end (frontend/src/manager.js) renders only the models of
``@jupyter-widgets/base``, ``@jupyter-widgets/controls`` and its own output widget, and loads nothing else.
So a widget here is built from those alone (HTML, images from matplotlib, buttons, boxes…); one built on a
third-party widget package (ipyleaflet, bqplot…) would work in JupyterLab but fail on the site.
"""

from __future__ import annotations

import importlib

EXPORTS = {
    "AccountSafetyCheck": "account.check",
    "BifastFeeCalculator": "transfer.calculator",
    "EavesdropperDemo": "encryption.demo",
    "LinkInspector": "link.inspector",
    "MarketplacePriceCalculator": "pricing.calculator",
    "NikDecoder": "nik.masking",
    "PasswordMeter": "password.meter",
    "PersonalDataClassifier": "pdp.classifier",
    "PersonalDataFormAudit": "pdp.classifier",
    "PiiMasker": "nik.masking",
    "PphFinalEstimator": "tax.estimator",
    "QrisFeeCalculator": "qris.calculator",
    "QrisStickerChecker": "sticker.checker",
    "Quiz": "quiz.widget",
    "SalesDashboard": "sales.dashboard",
    "SandiMeter": "password.meter",  # the old name of PasswordMeter (the same class)
    "ScamMessageSimulator": "scam.simulator",
    "SmartCityDimensionMapper": "smartcity.dimension_mapper",
    "SpbeSelfAssessment": "smartcity.spbe_assessment",
    "TautanInspector": "link.inspector",  # the old name of LinkInspector (the same class)
    "format_rupiah": "money",
    "literacy_index_chart": "literacy_index.chart",
    "qris_rate_table": "qris.rate_table",
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
