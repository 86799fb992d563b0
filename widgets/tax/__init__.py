"""Tax for a micro business: PPh final under PP 55/2022 (``core``) and its yearly estimator (``estimator``)."""
