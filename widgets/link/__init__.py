"""The suspicious link inspector: ``core`` reads a pasted link as text (never opens it), ``inspector`` shows it."""
