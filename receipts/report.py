"""What became of a slip, and the printer's state, in words a screen can show."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from kiosk.errors import PrinterProblem
from kiosk.i18n.messages import text
from receipts.slip import SlipEntry


class SlipStatus(StrEnum):
    """What became of a slip."""

    PRINTED = "PRINTED"
    REPRINTED = "REPRINTED"
    ARCHIVED = "ARCHIVED"  # no printer configured: kept in the archive only
    FAILED = "FAILED"
    NOTHING = "NOTHING"  # nothing to reprint


@dataclass(frozen=True)
class SlipReport:
    """The outcome of printing a slip, for a screen or the console.

    Attributes:
        status: what became of the slip.
        transaction: the slip's code.
        archive: the archived PNG (None if archiving failed or nothing was done).
        problem: why the printer failed.
        detail: the failure in one technical line (log, staff screen).
        due: the books and due dates to show when the slip did not print.
    """

    status: SlipStatus
    transaction: str = ""
    archive: Path | None = None
    problem: PrinterProblem | None = None
    detail: str = ""
    due: tuple[SlipEntry, ...] = ()

    @property
    def printed(self) -> bool:
        """Whether the slip came out of the printer."""
        return self.status in (SlipStatus.PRINTED, SlipStatus.REPRINTED)

    @property
    def failed(self) -> bool:
        """Whether the printer failed (the screen should show the due dates)."""
        return self.status is SlipStatus.FAILED

    def message(self, lang: str) -> str:
        """Say what happened, in words for the patron or librarian."""
        if self.status is SlipStatus.FAILED:
            problem = text(f"printer_{self.problem or PrinterProblem.ERROR}", lang)
            return text("slip_failed", lang, problem=problem)
        key = {
            SlipStatus.PRINTED: "slip_printed",
            SlipStatus.REPRINTED: "slip_reprinted",
            SlipStatus.ARCHIVED: "slip_archived",
            SlipStatus.NOTHING: "slip_nothing_to_reprint",
        }[self.status]
        return text(key, lang)


@dataclass(frozen=True)
class PrinterState:
    """The printer as the staff screen shows it."""

    present: bool
    ready: bool
    problem: PrinterProblem | None = None
    detail: str = ""

    def words(self, lang: str) -> str:
        """``打印机正常``, ``打印机缺纸``..."""
        if not self.present:
            return text("printer_none", lang)
        if self.ready:
            return text("printer_ready", lang)
        return text(f"printer_{self.problem or PrinterProblem.ERROR}", lang)
