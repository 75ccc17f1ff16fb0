"""School-year rollover: every class moves up a grade; 初三 leaves."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from kiosk.admin.classes import LAST_GRADE, parse_class
from kiosk.db.patrons import PatronRecord


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
