"""Kota cerdas (smart city) for ASN: map ideas to the six smart-city dimensions (``dimensions``, the widget
``dimension_mapper``) and reflect on SPBE maturity (``spbe``, the widget ``spbe_assessment``); ``core`` holds
what both share."""
