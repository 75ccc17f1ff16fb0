"""Due dates that never fall on a day the library is closed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from kiosk.circulation.model import ClosedPeriod

_ONE_DAY = dt.timedelta(days=1)
# A year of closed days in a row means the calendar is wrong; stop looking.
_SEARCH_LIMIT = 400


@dataclass(frozen=True)
class LibraryCalendar:
    """Opening days: weekly closed weekdays, holidays and vacations, term end."""

    closed_weekdays: frozenset[int]
    closed_periods: tuple[ClosedPeriod, ...] = ()
    term_end: dt.date | None = None

    @classmethod
    def build(
        cls,
        closed_weekdays: Iterable[int],
        closed_periods: Iterable[ClosedPeriod] = (),
        term_end: dt.date | None = None,
    ) -> LibraryCalendar:
        """Build a calendar from config values and stored periods."""
        return cls(frozenset(closed_weekdays), tuple(closed_periods), term_end)

    def is_open(self, day: dt.date) -> bool:
        """Whether the library opens on ``day``."""
        if day.isoweekday() in self.closed_weekdays:
            return False
        return not any(p.start <= day <= p.end for p in self.closed_periods)

    def next_open(self, day: dt.date) -> dt.date | None:
        """Return ``day`` or the first open day after it."""
        for _ in range(_SEARCH_LIMIT):
            if self.is_open(day):
                return day
            day += _ONE_DAY
        return None

    def previous_open(self, day: dt.date, not_before: dt.date) -> dt.date | None:
        """Return ``day`` or the last open day before it, not before ``not_before``."""
        while day >= not_before:
            if self.is_open(day):
                return day
            day -= _ONE_DAY
        return None

    def due_date(self, start: dt.date, loan_days: int) -> dt.date:
        """Return the due date of a loan made on ``start``.

        The raw date moves forward to the next open day. A term-end cap (when it
        lies in the future) wins over that: the loan is then due on the last open
        day on or before the term end.
        """
        raw = start + dt.timedelta(days=loan_days)
        cap = self.term_end if self.term_end and self.term_end > start else None
        due = self.next_open(raw) or raw
        if cap and due > cap:
            due = self.previous_open(cap, not_before=start + _ONE_DAY) or cap
        return due
