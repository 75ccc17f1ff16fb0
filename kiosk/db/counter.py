"""The librarian's tools that belong at the counter, for the kiosk's staff menu.

Marking a copy lost or damaged, scanning shelves for the open stocktake and
the overdue list are the same functions the admin command line calls; this
adapter turns their results into short replies (a UI catalogue key and its
parameters) that the staff panel shows. Nothing here imports pygame.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import peewee

from kiosk.circulation.codes import Classifier
from kiosk.db import registers, reports, stocktake
from kiosk.ports import Clock


@dataclass(frozen=True)
class Reply:
    """One line for the staff panel: ``ui(key, lang, **params)``."""

    ok: bool
    key: str
    params: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class ClassOverdue:
    """One class on the overdue list: its overdue books, oldest first."""

    class_name: str
    lines: list[tuple[str, str, str, int]]  # name, title, barcode, days late


class CounterTools:
    """Registers, stocktake and overdue list over one open library database."""

    def __init__(
        self,
        database: peewee.Database,
        clock: Clock,
        *,
        classifier: Classifier,
        rule: registers.CompensationRule,
        kiosk: str,
    ) -> None:
        self.database = database
        self.clock = clock
        self.classifier = classifier
        self.rule = rule
        self.kiosk = kiosk

    def mark(self, barcode: str, kind: str) -> Reply:
        """Mark a copy ``lost`` or ``damaged`` (its loan closed, compensation asked)."""
        mark = registers.mark_lost if kind == "lost" else registers.mark_damaged
        result = mark(
            self.database,
            barcode.strip(),
            rule=self.rule,
            now=self.clock.now(),
            kiosk=self.kiosk,
        )
        params: dict[str, object] = {
            "barcode": result.barcode or barcode.strip(),
            "title": "",
        }
        if result.item is not None:
            params["title"] = result.item.title.title
        if result.patron is not None:
            params["name"] = result.patron.name
        if result.asked is not None:
            params["asked"] = f"{result.asked:.2f}"
        key = f"counter_{result.outcome.value.lower()}"
        if result.ok and result.patron is not None and kind == "lost":
            key = "counter_marked_lost_loan"
        elif result.ok and result.patron is not None:
            key = "counter_marked_damaged_loan"
        return Reply(result.ok, key, params)

    def stocktake(self) -> Reply:
        """Which stocktake is open and how many copies it has counted."""
        info = stocktake.current(self.database)
        if info is None:
            return Reply(False, "counter_no_stocktake")
        return Reply(
            True,
            "counter_stocktake_open",
            {"location": info.location or "-", "scanned": info.scanned},
        )

    def stocktake_scan(self, barcode: str) -> Reply:
        """Count one shelf scan in the open stocktake."""
        info = stocktake.current(self.database)
        if info is None:
            return Reply(False, "counter_no_stocktake")
        result = stocktake.record_scan(
            self.database,
            info.id,
            barcode,
            "",
            self.clock.now(),
            classifier=self.classifier,
            kiosk=self.kiosk,
        )
        params: dict[str, object] = {"barcode": result.barcode, "title": ""}
        if result.item is not None:
            params["title"] = result.item.title.title
        if result.patron is not None:
            params["name"] = result.patron.name
        key = f"counter_st_{result.outcome.value.lower()}"
        if result.wrong_location and result.item is not None:
            key = "counter_st_wrong_location"
            params["shelf"] = result.item.location or "-"
        ok = result.outcome is stocktake.ScanOutcome.FOUND and not result.wrong_location
        return Reply(ok, key, params)

    def overdue(self) -> list[ClassOverdue]:
        """Overdue books by class, for the staff panel."""
        today = self.clock.today()
        classes: dict[str, list[tuple[str, str, str, int]]] = {}
        for loan in reports.open_loans(self.database, due_before=today):
            classes.setdefault(loan.class_name or "-", []).append(
                (loan.name, loan.title, loan.barcode, _late(loan.due, today))
            )
        return [
            ClassOverdue(name, sorted(lines, key=lambda line: -line[3]))
            for name, lines in sorted(classes.items())
        ]


def _late(due: dt.date, today: dt.date) -> int:
    return max(0, (today - due).days)
