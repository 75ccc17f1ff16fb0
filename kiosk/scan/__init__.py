"""Scanning: frame sources, barcode decoding, consensus, USB wedge scanners."""
