"""Encryption: what an eavesdropper, a phone thief and the sender see of one message (core: the cipher and
the rules; demo: the widget)."""
