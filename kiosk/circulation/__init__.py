"""Circulation rules: pure domain code, no devices, no database driver."""
