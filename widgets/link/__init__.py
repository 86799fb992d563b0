"""The suspicious link inspector: ``url`` reads a pasted link as a browser would (as text: it is never opened),
``data`` reads the official domains and patterns, ``core`` looks for warning signs and gives the verdict,
``inspector`` shows it."""
