"""The QRIS sticker checker: ``core`` reads the text of a QRIS code (fields, checksum, what a buyer should
notice), ``checker`` shows it."""
