"""Literasi: an open digital-literacy curriculum for ASN and UMKM, in Indonesian and English."""

__version__ = "0.1.0"
