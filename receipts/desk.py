"""The slip desk: draw, archive and print a slip once the loans are committed.

Printing comes after the database has recorded everything and never touches
the loans: when the printer fails (offline, out of paper, timed out, gone in
the middle of a slip), the loans stay, the failure is logged and written to the
event log, and the caller gets a report it can show with the due dates instead.
The failed slip is kept for one explicit reprint; nothing is ever printed
again by itself when the printer comes back (no reprint storm).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Protocol

from kiosk.circulation.model import Event, Loan, Patron
from kiosk.circulation.outcomes import Result
from kiosk.circulation.service import RosterLine
from kiosk.errors import KioskError, PrinterError, PrinterProblem
from kiosk.ports import Clock
from receipts.archive import SlipArchive
from receipts.render import Paper, RenderedSlip, render
from receipts.report import PrinterState, SlipReport, SlipStatus
from receipts.slip import (
    LibraryInfo,
    Slip,
    build_class_slip,
    build_slip,
)

log = logging.getLogger(__name__)


class SlipPrinter(Protocol):
    """A printer for rendered slips (``EscposSlipPrinter``, ``NullSlipPrinter``)."""

    present: bool  # False: no printer is configured; slips are only archived
    name: str

    def check(self) -> None:
        """Open the printer and ask its status; raise PrinterError if unusable."""
        ...

    def print_slip(self, slip: RenderedSlip) -> None:
        """Print one slip; raise PrinterError on failure."""
        ...


class SlipRequest(Protocol):
    """What the kiosk's session asks to print (``kiosk.session.PrintSlip``)."""

    patron: Patron | None
    results: tuple[Result, ...]
    class_name: str | None
    roster: tuple[RosterLine, ...]


class SlipDesk:
    """Makes, archives and prints slips; remembers one failed slip for a reprint.

    Args:
        printer: where slips are printed.
        archive: where every slip is kept.
        paper: the roll loaded in the printer.
        library: the library's words on every slip (its language is the default).
        clock: the time printed on slips and written to the event log.
        record: appends an event to the event log (in its own transaction).
        loans_of: a patron's open loans now, to list them on the slip.
    """

    def __init__(
        self,
        printer: SlipPrinter,
        archive: SlipArchive,
        paper: Paper,
        library: LibraryInfo,
        clock: Clock,
        *,
        record: Callable[[Event], None] | None = None,
        loans_of: Callable[[int], Sequence[Loan]] | None = None,
    ) -> None:
        self.printer = printer
        self.archive = archive
        self.paper = paper
        self.library = library
        self.clock = clock
        self._record_event = record
        self._loans_of = loans_of
        self._pending: RenderedSlip | None = None
        self.state = PrinterState(printer.present, ready=printer.present)
        self.last_report: SlipReport | None = None

    @property
    def pending(self) -> RenderedSlip | None:
        """The slip that failed to print, kept for one explicit reprint."""
        return self._pending

    def check(self) -> PrinterState:
        """Open the printer and ask its status (at start-up, from the staff menu)."""
        if self.printer.present:
            try:
                self.printer.check()
            except PrinterError as e:
                log.error("slip printer not ready: %s", e)
                self.state = PrinterState(True, False, e.problem, str(e))
            else:
                log.info("slip printer ready: %s", self.printer.name)
                self.state = PrinterState(True, True)
        return self.state

    # -- making slips ------------------------------------------------------------

    def session_slip(
        self, patron: Patron, results: Sequence[Result], lang: str | None = None
    ) -> Slip:
        """The slip of a patron's session (with their other loans when known)."""
        return build_slip(
            patron,
            results,
            self.clock.now(),
            self._library(lang),
            self._current_loans(patron.id),
        )

    def class_slip(
        self,
        class_name: str,
        roster: Sequence[RosterLine],
        results: Sequence[Result],
        lang: str | None = None,
    ) -> Slip:
        """The summary slip of a class session."""
        return build_class_slip(
            class_name, roster, results, self.clock.now(), self._library(lang)
        )

    # -- printing ----------------------------------------------------------------

    def issue(self, slip: Slip) -> SlipReport:
        """Draw, archive and print a slip; never raises for a printer failure."""
        rendered = render(slip, self.paper)
        archived = self._archive(rendered)
        due = (*slip.checked_out, *slip.renewed)
        if self.printer.present:
            printed = self._print(rendered, SlipStatus.PRINTED)
            report = replace(printed, archive=archived, due=due)
        else:
            report = SlipReport(
                SlipStatus.ARCHIVED, slip.transaction, archived, due=due
            )
        self._record(report, slip.patron.id if slip.patron else None)
        self.last_report = report
        return report

    def reprint(self) -> SlipReport:
        """Print the slip that failed, else the last archived one, once."""
        rendered = self._pending
        if rendered is None:
            last = self.archive.last()
            if last is None:
                return SlipReport(SlipStatus.NOTHING)
            try:
                rendered = last.load()
            except (OSError, ValueError) as e:
                log.error("archived slip %s unreadable: %s", last.png, e)
                return SlipReport(SlipStatus.FAILED, detail=str(e))
        if not self.printer.present:
            return SlipReport(SlipStatus.ARCHIVED, rendered.transaction)
        report = self._print(rendered, SlipStatus.REPRINTED)
        if report.printed:
            self._pending = None
        self._record(report, None)
        self.last_report = report
        return report

    def _print(self, rendered: RenderedSlip, success: SlipStatus) -> SlipReport:
        tx = rendered.transaction
        try:
            self.printer.print_slip(rendered)
        except PrinterError as e:
            problem, detail = e.problem, str(e)
            log.debug("slip %s: printer failure", tx, exc_info=True)
        except Exception as e:  # a slip must never cost a loan or stop the kiosk
            problem, detail = PrinterProblem.ERROR, f"{type(e).__name__}: {e}"
            log.debug("slip %s: unexpected printer failure", tx, exc_info=True)
        else:
            log.info("slip %s %s on %s", tx, success.value.lower(), self.printer.name)
            self.state = PrinterState(True, True)
            return SlipReport(success, tx)
        log.error("slip %s not printed: %s", tx, detail)
        self._pending = rendered
        self.state = PrinterState(True, False, problem, detail)
        return SlipReport(SlipStatus.FAILED, tx, problem=problem, detail=detail)

    # -- the screens' SlipSink ---------------------------------------------------

    def print_slip(self, request: SlipRequest, lang: str) -> bool | None:
        """Print the slip a session asked for.

        Returns True when printed, False when the printer failed, None when no
        printer is configured (the slip is only archived: nothing to tell).
        """
        if request.class_name:
            slip = self.class_slip(
                request.class_name, request.roster, request.results, lang
            )
        elif request.patron is not None:
            slip = self.session_slip(request.patron, request.results, lang)
        else:
            return False
        report = self.issue(slip)
        return None if report.status is SlipStatus.ARCHIVED else report.printed

    def reprint_last(self, lang: str) -> bool | None:
        """Reprint once: the failed slip, else the last one; None if there is none."""
        report = self.reprint()
        return None if report.status is SlipStatus.NOTHING else report.printed

    # -- helpers -----------------------------------------------------------------

    def _library(self, lang: str | None) -> LibraryInfo:
        return replace(self.library, language=lang) if lang else self.library

    def _current_loans(self, patron_id: int) -> Sequence[Loan] | None:
        if self._loans_of is None:
            return None
        try:
            return self._loans_of(patron_id)
        except KioskError as e:
            log.warning("patron %s: loans not listed on the slip: %s", patron_id, e)
            return None

    def _archive(self, rendered: RenderedSlip) -> Path | None:
        try:
            return self.archive.save(rendered).png
        except OSError as e:
            log.error("slip %s not archived: %s", rendered.transaction, e)
            return None

    def _record(self, report: SlipReport, patron_id: int | None) -> None:
        if self._record_event is None:
            return
        event = Event(
            at=self.clock.now(),
            kiosk=self.library.kiosk_id,
            action="print_slip",
            outcome=f"SLIP_{report.status.value}",
            patron_id=patron_id,
            item_id=None,
            scan=f"{report.transaction} {report.problem or ''}".strip()[:128],
        )
        try:
            self._record_event(event)
        except KioskError as e:
            log.warning("slip %s: event not logged: %s", report.transaction, e)
