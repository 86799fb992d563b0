"""What a NIK gives away, and masking personal data before a table is shared: ``core`` decodes and masks,
``masking`` holds the two widgets (NikDecoder, PiiMasker)."""
