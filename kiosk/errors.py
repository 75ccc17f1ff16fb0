"""Exception families for broken infrastructure.

Bad input (an unknown card, a damaged barcode) is never an exception: it is an
``Outcome``. These exceptions are for things a librarian has to fix.
"""

from __future__ import annotations


class KioskError(Exception):
    """Base of every error the kiosk reports as one readable line."""


class ConfigError(KioskError):
    """The configuration file is missing, malformed or holds impossible values."""


class StoreError(KioskError):
    """The database cannot be opened, read or written."""


class DeviceError(KioskError):
    """A configured device (camera, printer) failed."""


class ScannerError(DeviceError):
    """The camera or scanner failed."""


class PrinterError(DeviceError):
    """The slip printer failed."""
