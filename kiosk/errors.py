"""Exception families for broken infrastructure.

Bad input (an unknown card, a damaged barcode) is never an exception: it is an
``Outcome``. These exceptions are for things a librarian has to fix.
"""

from __future__ import annotations

from enum import StrEnum


class KioskError(Exception):
    """Base of every error the kiosk reports as one readable line."""


class ConfigError(KioskError):
    """The configuration file is missing, malformed or holds impossible values."""


class NoDisplayError(KioskError):
    """There is no screen to show the kiosk on."""


class StoreError(KioskError):
    """The database cannot be opened, read or written."""


class DeviceError(KioskError):
    """A configured device (camera, printer) failed."""


class ScannerError(DeviceError):
    """The camera or scanner failed."""


class PrinterProblem(StrEnum):
    """Why the slip printer failed, in words a screen can translate."""

    NOT_FOUND = "not_found"  # absent, unplugged, wrong address or queue
    OFFLINE = "offline"  # the printer says it is offline (cover open, error)
    PAPER_OUT = "paper_out"
    TIMEOUT = "timeout"
    CONNECTION_LOST = "connection_lost"  # went away in the middle of a slip
    NO_DRIVER = "no_driver"  # a library the transport needs is missing
    ERROR = "error"


class PrinterError(DeviceError):
    """The slip printer failed.

    Attributes:
        problem: the kind of failure, for the message a patron or librarian sees.
    """

    def __init__(self, message: str, problem: PrinterProblem = PrinterProblem.ERROR):
        super().__init__(message)
        self.problem = problem


class AdminError(KioskError):
    """A librarian's command that cannot go ahead at all (nothing is written).

    ``key`` and ``params`` name the message in the admin catalogue
    (``kiosk.i18n.admin``); the command line prints it and exits with status 2.
    """

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(f"{key}: {params}")
        self.key = key
        self.params = params
