"""Benchmarks: ``python -m kiosk.bench NAME`` prints figures anyone can rerun."""
