"""Due dates: never on a closed day, capped at term end, calendar edge cases."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.circulation.calendar import LibraryCalendar
from kiosk.circulation.model import ClosedPeriod

D = dt.date
WINTER = ClosedPeriod(D(2027, 1, 23), D(2027, 2, 21), "寒假")
NEW_YEAR = ClosedPeriod(D(2027, 1, 1), D(2027, 1, 1), "元旦")
CAL = LibraryCalendar.build((6, 7), (WINTER, NEW_YEAR))


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        (D(2026, 11, 25), 14, D(2026, 12, 9)),  # Wednesday to Wednesday
        (D(2026, 11, 27), 14, D(2026, 12, 11)),  # Friday to Friday
        (D(2026, 11, 27), 15, D(2026, 12, 14)),  # lands Saturday -> Monday
        (D(2026, 11, 27), 16, D(2026, 12, 14)),  # lands Sunday -> Monday
        (D(2026, 12, 18), 14, D(2027, 1, 4)),  # New Year's Day is closed
        (D(2027, 1, 8), 14, D(2027, 1, 22)),  # the day before vacation: stays
        (D(2027, 1, 9), 14, D(2027, 2, 22)),  # vacation's first day -> after it
        (D(2027, 1, 15), 14, D(2027, 2, 22)),  # inside the vacation -> after it
        (D(2027, 2, 7), 14, D(2027, 2, 22)),  # vacation's last day (Sunday)
        (D(2027, 2, 8), 14, D(2027, 2, 22)),  # first day after: a Monday
        (D(2028, 2, 15), 14, D(2028, 2, 29)),  # leap day is a Tuesday: stays
        (D(2028, 2, 29), 14, D(2028, 3, 14)),  # lending on the leap day
        (D(2027, 2, 15), 14, D(2027, 3, 1)),  # no leap day in 2027
        (D(2026, 11, 25), 0, D(2026, 11, 25)),
    ],
)
def test_due_date(start: dt.date, days: int, due: dt.date) -> None:
    assert CAL.due_date(start, days) == due
    assert CAL.is_open(due)


def test_term_end_caps_the_due_date() -> None:
    cal = LibraryCalendar.build((6, 7), (WINTER,), term_end=D(2027, 1, 22))
    assert cal.due_date(D(2027, 1, 15), 14) == D(2027, 1, 22)


def test_term_end_on_a_closed_day_moves_back_to_the_last_open_day() -> None:
    cal = LibraryCalendar.build((6, 7), (WINTER,), term_end=D(2027, 1, 24))
    assert cal.due_date(D(2027, 1, 15), 14) == D(2027, 1, 22)


def test_term_end_does_not_shorten_loans_that_end_before_it() -> None:
    cal = LibraryCalendar.build((6, 7), (), term_end=D(2027, 1, 22))
    assert cal.due_date(D(2026, 11, 25), 14) == D(2026, 12, 9)


def test_a_term_end_in_the_past_is_ignored() -> None:
    cal = LibraryCalendar.build((6, 7), (), term_end=D(2026, 7, 10))
    assert cal.due_date(D(2026, 11, 25), 14) == D(2026, 12, 9)


def test_when_moving_forward_passes_term_end_the_cap_wins() -> None:
    # Raw due date is Saturday 2027-01-16; the term ends Friday the 15th.
    cal = LibraryCalendar.build((6, 7), (), term_end=D(2027, 1, 15))
    assert cal.due_date(D(2027, 1, 2), 14) == D(2027, 1, 15)


def test_a_calendar_with_no_open_day_does_not_loop_forever() -> None:
    always_shut = ClosedPeriod(D(2026, 1, 1), D(2030, 12, 31), "building work")
    cal = LibraryCalendar.build((6, 7), (always_shut,))
    assert cal.due_date(D(2026, 11, 25), 14) == D(2026, 12, 9)


def test_weekday_closures_follow_config() -> None:
    six_days = LibraryCalendar.build((7,), ())
    assert six_days.due_date(D(2026, 11, 27), 15) == D(2026, 12, 12)  # Saturday
