"""School-year rollover: every class moves up a grade; 初三 leaves."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from kiosk.admin.classes import LAST_GRADE, parse_class
from kiosk.db import patrons as store
from kiosk.db.patrons import OpenLoan, PatronRecord
from kiosk.errors import AdminError


@dataclass
class RolloverPlan:
    """Who moves to which class, who leaves, and whose class is not understood."""

    promoted: list[tuple[PatronRecord, PatronRecord]] = field(default_factory=list)
    leavers: list[PatronRecord] = field(default_factory=list)
    unknown: list[PatronRecord] = field(default_factory=list)


SCHOOL_YEAR_STARTS = 8
"""Month in which a school year begins: a rollover in July belongs to the old year."""


def school_year(day: dt.date) -> int:
    """The calendar year in which the school year holding ``day`` began."""
    return day.year if day.month >= SCHOOL_YEAR_STARTS else day.year - 1


def plan_rollover(students: Sequence[PatronRecord]) -> RolloverPlan:
    """Plan the rollover of the active students (writes nothing)."""
    plan = RolloverPlan()
    for patron in students:
        school_class = parse_class(patron.class_name)
        if school_class is None:
            plan.unknown.append(patron)
        elif school_class.grade >= LAST_GRADE:
            plan.leavers.append(patron)
        else:
            up = school_class.promoted()
            after = dataclasses.replace(patron, class_name=up.name, grade=up.grade)
            plan.promoted.append((patron, after))
    return plan


@dataclass(frozen=True)
class RolloverPreview:
    """What a rollover would do, as the command prints it and the desk shows it."""

    plan: RolloverPlan
    moves: list[tuple[str, str, int]]  # class before, class after, students
    loans: list[OpenLoan]  # books the leavers still have

    @property
    def fingerprint(self) -> str:
        """Changes when the roster does: a confirm applies only what was shown."""
        who = [(b.card, a.class_name) for b, a in self.plan.promoted]
        who += [(p.card, "") for p in self.plan.leavers]
        return hashlib.sha256(repr(sorted(who)).encode()).hexdigest()[:16]


def prepare_rollover(
    database: Any, today: dt.date, *, again: bool = False
) -> RolloverPreview:
    """Plan this school year's rollover (writes nothing).

    Raises:
        AdminError: it was done already this school year (unless ``again``).
    """
    last = store.last_rollover(database)
    if last and school_year(last.date()) == school_year(today) and not again:
        raise AdminError("rollover_twice", date=last.date().isoformat())
    plan = plan_rollover(store.select(database, status="active", patron_type="student"))
    moves = Counter((b.class_name, a.class_name) for b, a in plan.promoted)
    return RolloverPreview(
        plan,
        [(b, a, n) for (b, a), n in sorted(moves.items(), reverse=True)],
        store.open_loans(database, [p.id for p in plan.leavers if p.id]),
    )


def carry_out(
    database: Any,
    preview: RolloverPreview,
    at: dt.datetime,
    kiosk: str,
    staff: str = "",
) -> None:
    """Save a previewed rollover: classes moved up, leavers marked, one event."""
    store.save_rollover(
        database,
        [a for _, a in preview.plan.promoted],
        preview.plan.leavers,
        at=at,
        kiosk=kiosk,
        staff=staff,
    )
