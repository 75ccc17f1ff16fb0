"""Self-service circulation kiosk for a school library."""

__version__ = "0.1.0"
