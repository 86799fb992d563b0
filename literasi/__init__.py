"""Literasi: an open digital-literacy curriculum for ASN and UMKM, in Indonesian and English."""

import sys

__version__ = "0.1.0"

# jsonschema imports the optional `rfc3987_syntax` (checks for the "iri" string format, which nothing
# in Literasi uses) at import time, and that module builds a Lark grammar: 0.8 s of CPU in every
# process that imports jsonschema or nbformat — each grading worker and the CLI. Marking it absent
# makes jsonschema skip that one format.
sys.modules.setdefault("rfc3987_syntax", None)
