"""The ESC/POS slip printer: the only module that imports python-escpos.

A slip goes to the printer as a raster picture (``GS v 0``), which prints
Chinese right whatever the printer's code page, or, for printers too slow for
pictures, as text in the printer's own Chinese font: ``FS &``, GB18030 bytes
this module encodes itself, ``FS .`` (python-escpos's automatic encoding is
never used: it mangles full-width punctuation). The connection is opened
explicitly for each slip and closed after it, with the configured timeout, and
every vendor error becomes one ``PrinterError`` with a clear message.
"""

from __future__ import annotations

import copy
import logging
import socket
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager

from escpos import printer as transports
from escpos.constants import (
    RT_MASK_LOWPAPER,
    RT_MASK_NOPAPER,
    RT_STATUS_ONLINE,
    RT_STATUS_PAPER,
)
from escpos.escpos import Escpos
from escpos.exceptions import DeviceNotFoundError
from escpos.exceptions import Error as EscposError

from kiosk.config import PrinterSettings
from kiosk.errors import PrinterError, PrinterProblem
from receipts.render import PAPERS, Paper, RenderedSlip, code_image

log = logging.getLogger(__name__)

ESC_INIT = b"\x1b@"
FS_CHINESE_ON = b"\x1c&"  # FS &: bytes >= 0x80 are (GB18030) Chinese characters
FS_CHINESE_OFF = b"\x1c."  # FS .
# Rows per GS v 0 command: small enough for the input buffer of cheap printers.
FRAGMENT_ROWS = 256
# DLE EOT replies: bits 1 and 4 are always 1, bits 0 and 7 always 0.
_STATUS_FIXED_MASK, _STATUS_FIXED = 0x93, 0x12
_OFFLINE = 0x08
_PAPER_OUT = RT_MASK_NOPAPER  # paper-end sensor bits (0x60) with the fixed bits
_PAPER_LOW = RT_MASK_LOWPAPER  # near-end sensor bits (0x0C) with the fixed bits
_ANSWERING = (transports.Usb, transports.Serial, transports.Network)
_VENDOR_ERRORS = (
    EscposError,
    OSError,  # sockets, files, pyserial and pyusb errors are all OSErrors
    ValueError,  # pyusb's NoBackendError: libusb is not installed
    RuntimeError,  # python-escpos: the transport's library is not installed
    AssertionError,  # python-escpos asserts that a device is open
    subprocess.SubprocessError,  # lp (CUPS) failed
    LookupError,  # python-escpos's lp driver when CUPS has no default printer
)


class NullSlipPrinter:
    """``type = "none"``: there is no printer; slips are only archived."""

    present = False
    name = "none"

    def check(self) -> None:
        """Nothing to check."""

    def print_slip(self, slip: RenderedSlip) -> None:
        """Print nothing (the desk archives the slip)."""


class FailedSlipPrinter:
    """A configured printer that could not even be set up (a driver is missing).

    Not a silent stand-in: every check and every slip raises the original
    error, so the staff screen and the event log say what is wrong.
    """

    present = True

    def __init__(self, error: PrinterError) -> None:
        self.error = error
        self.name = str(error).split(":", 1)[0]

    def check(self) -> None:
        """Raise the set-up error."""
        raise self.error

    def print_slip(self, slip: RenderedSlip) -> None:
        """Raise the set-up error."""
        raise self.error


class EscposSlipPrinter:
    """Prints rendered slips on a python-escpos printer.

    Args:
        printer: a python-escpos printer, not yet opened (``Usb``, ``Network``,
            ``Serial``, ``File``, ``LP``, ``CupsPrinter`` or ``Dummy``).
        paper: the roll loaded; the printer's profile is given its dot width.
        mode: ``raster`` or ``gb18030``.
        check_status: ask for offline and paper-out before and after a slip.
            Only USB, serial and network printers are asked: a device file, a
            CUPS queue or a Dummy cannot carry the answer back (the question
            would only end up on the paper or in the job).
        name: how the printer is named in messages (``network 10.0.0.5:9100``).
    """

    present = True

    def __init__(
        self,
        printer: Escpos,
        paper: Paper,
        *,
        mode: str = "raster",
        check_status: bool = False,
        name: str = "printer",
    ) -> None:
        self.printer = printer
        self.paper = paper
        self.mode = mode
        self.check_status = check_status and isinstance(printer, _ANSWERING)
        self.name = name
        _set_media_width(printer, paper.dots)

    def check(self) -> None:
        """Open the printer and ask its status; raise PrinterError if unusable."""
        with self._connection("opening"):
            if self.check_status:
                self._ensure_ready()

    def print_slip(self, slip: RenderedSlip) -> None:
        """Print one slip, then cut; raise PrinterError on any failure."""
        with self._connection("printing"):
            answers = self.check_status and self._ensure_ready()
            self.printer._raw(ESC_INIT)
            if self.mode == "gb18030":
                self._send_text(slip)
            else:
                self._send_image(slip.image)
            self.printer.cut()
            if self.check_status:
                self._check_after(answers=answers)

    # -- sending ------------------------------------------------------------------

    def _send_image(self, image: object) -> None:
        # The picture is exactly the paper's width, so no centring is needed;
        # python-escpos would lose `center` on every fragment after the first.
        self.printer.image(
            image,
            impl="bitImageRaster",
            high_density_vertical=True,
            high_density_horizontal=True,
            fragment_height=FRAGMENT_ROWS,
            center=False,
        )

    def _send_text(self, slip: RenderedSlip) -> None:
        lines = slip.text.splitlines()
        self._send_chinese(lines[: slip.code_at])
        self._send_image(code_image(slip.transaction, slip.paper))
        self._send_chinese(lines[slip.code_at :])

    def _send_chinese(self, lines: list[str]) -> None:
        if lines:
            data = "".join(f"{line}\n" for line in lines).encode("gb18030")
            self.printer._raw(FS_CHINESE_ON + data + FS_CHINESE_OFF)

    # -- status --------------------------------------------------------------------

    def _ensure_ready(self) -> bool:
        """Refuse an offline printer or one out of paper; return whether it answers.

        Raises:
            PrinterError: the printer says it is offline or out of paper.
        """
        online = self._status(RT_STATUS_ONLINE)
        if online is not None and online & _OFFLINE:
            raise PrinterError(
                f"{self.name}: the printer is offline (cover open or an error)",
                PrinterProblem.OFFLINE,
            )
        paper = self._status(RT_STATUS_PAPER)
        if paper is not None and paper & _PAPER_OUT == _PAPER_OUT:
            raise PrinterError(f"{self.name}: out of paper", PrinterProblem.PAPER_OUT)
        if paper is not None and paper & _PAPER_LOW == _PAPER_LOW:
            log.warning("%s: paper nearly out", self.name)
        return online is not None or paper is not None

    def _check_after(self, *, answers: bool) -> None:
        """After the slip: paper still there, and the printer still answering.

        A printer that answered before the slip and is silent after it has
        jammed or been switched off: the bytes may sit in a buffer unprinted.
        """
        paper = self._status(RT_STATUS_PAPER)
        if paper is None and answers:
            raise PrinterError(
                f"{self.name}: stopped answering during the slip "
                "(jammed or switched off?)",
                PrinterProblem.TIMEOUT,
            )
        if paper is not None and paper & _PAPER_OUT == _PAPER_OUT:
            raise PrinterError(
                f"{self.name}: ran out of paper during the slip",
                PrinterProblem.PAPER_OUT,
            )

    def _status(self, query: bytes) -> int | None:
        """Send DLE EOT n; the status byte, or None when there is no answer.

        python-escpos's own ``is_online`` takes silence for "offline" (a
        serial port reads b"" when nothing answers), so the byte is read here
        and a reply without the fixed bits of a status byte is ignored.
        """
        try:
            self.printer._raw(query)
            reply = self.printer._read()
        except NotImplementedError:
            return None  # File, LP, Dummy: nothing to read from
        except ConnectionError:
            raise  # the printer went away: not a missing answer
        except (OSError, EscposError) as e:  # timeouts, no USB IN endpoint...
            log.debug("%s does not answer status queries: %s", self.name, e)
            return None
        if not reply or reply[0] & _STATUS_FIXED_MASK != _STATUS_FIXED:
            return None
        return reply[0]

    # -- the connection ---------------------------------------------------------

    @contextmanager
    def _connection(self, doing: str) -> Iterator[None]:
        try:
            self.printer.open()
        except PrinterError:
            raise
        except _VENDOR_ERRORS as e:
            raise _translate(self.name, "opening", e) from e
        try:
            yield
        except PrinterError:
            raise
        except _VENDOR_ERRORS as e:
            raise _translate(self.name, doing, e) from e
        finally:
            self._close()

    def _close(self) -> None:
        try:
            self.printer.close()
        except _VENDOR_ERRORS as e:
            log.debug("closing %s: %s", self.name, e)


def make_printer(settings: PrinterSettings) -> EscposSlipPrinter | NullSlipPrinter:
    """Build the configured printer without touching the device (no I/O)."""
    if settings.type == "none":
        return NullSlipPrinter()
    name = describe(settings)
    try:
        printer = _transport(settings)
    except _VENDOR_ERRORS as e:
        raise _translate(name, "setting up", e) from e
    return EscposSlipPrinter(
        printer,
        PAPERS[settings.paper_width_mm],
        mode=settings.mode,
        check_status=settings.check_status,
        name=name,
    )


def open_printer(settings: PrinterSettings) -> EscposSlipPrinter | NullSlipPrinter:
    """Build the configured printer and open it once to prove it is there.

    Raises:
        PrinterError: the printer cannot be reached, is offline or out of paper.
    """
    slip_printer = make_printer(settings)
    slip_printer.check()
    return slip_printer


def describe(settings: PrinterSettings) -> str:
    """Name the printer as a librarian would look for it."""
    where = {
        "usb": f"{settings.usb_vendor_id:04x}:{settings.usb_product_id:04x}",
        "network": f"{settings.host}:{settings.port}",
        "serial": f"{settings.serial_port} at {settings.baudrate} baud",
        "cups": settings.cups_printer or "(default queue)",
        "file": str(settings.device_file),
    }
    return f"{settings.type} printer {where.get(settings.type, '')}".strip()


def _transport(settings: PrinterSettings) -> Escpos:
    timeout = settings.timeout_seconds
    kind = settings.type
    if kind == "usb":
        return transports.Usb(
            settings.usb_vendor_id,
            settings.usb_product_id,
            timeout=round(timeout * 1000),  # pyusb counts milliseconds
        )
    if kind == "network":
        return transports.Network(settings.host, settings.port, timeout=timeout)
    if kind == "serial":
        return _TimedSerial(
            settings.serial_port, baudrate=settings.baudrate, timeout=timeout
        )
    if kind == "cups":
        if transports.CupsPrinter.is_usable():
            return transports.CupsPrinter(settings.cups_printer)
        return transports.LP(settings.cups_printer)  # the `lp` command, no pycups
    return transports.File(str(settings.device_file))


class _TimedSerial(transports.Serial):
    """A serial printer whose writes time out too (python-escpos sets reads only)."""

    def open(self, raise_not_found: bool = True) -> None:
        super().open(raise_not_found)
        if self.device is not None:
            self.device.write_timeout = self.timeout


def _set_media_width(printer: Escpos, dots: int) -> None:
    """Tell the printer's profile the paper width (per printer, not per class).

    python-escpos checks images against the profile's width and, when the
    width is unknown (the default profile), prints a warning on standard
    output at every image, which would corrupt the console's JSON lines.
    """
    data = copy.deepcopy(printer.profile.profile_data)
    data.setdefault("media", {})["width"] = {"pixels": dots}
    printer.profile.profile_data = data


def _translate(name: str, doing: str, error: BaseException) -> PrinterError:
    """One clear line for any vendor error, with the kind of problem."""
    detail = " ".join(str(error).split()) or type(error).__name__
    problem = PrinterProblem.ERROR
    if isinstance(error, TimeoutError | socket.timeout) or "timeout" in detail.lower():
        problem = PrinterProblem.TIMEOUT
    elif isinstance(error, ConnectionResetError | BrokenPipeError):
        problem = PrinterProblem.CONNECTION_LOST
    elif isinstance(error, DeviceNotFoundError | FileNotFoundError):
        problem = PrinterProblem.NOT_FOUND
        detail = _driver_hint(detail)
    elif isinstance(error, ValueError | RuntimeError) and doing != "printing":
        problem = PrinterProblem.NO_DRIVER
        detail = _driver_hint(detail)
    elif isinstance(error, ConnectionError):
        problem = PrinterProblem.NOT_FOUND
    return PrinterError(f"{name}: {doing} failed: {detail}", problem)


def _driver_hint(detail: str) -> str:
    if "lpstat" in detail or "'lp'" in detail:
        return (
            "the CUPS commands lp and lpstat are missing (apt-get install cups-client)"
        )
    if "backend" in detail.lower():
        return (
            "no USB library on this machine (install libusb-1.0-0, "
            "e.g. apt-get install libusb-1.0-0)"
        )
    return detail
