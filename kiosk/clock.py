"""Clocks, injected wherever the time of day matters, so tests never sleep."""

from __future__ import annotations

import datetime as dt


class SystemClock:
    """The wall clock, in the kiosk's local time (naive datetimes)."""

    def now(self) -> dt.datetime:
        """Return the current local time."""
        return dt.datetime.now().replace(microsecond=0)

    def today(self) -> dt.date:
        """Return the current local date."""
        return self.now().date()


class FixedClock:
    """A clock that only moves when told to (tests, benchmarks, demos)."""

    def __init__(self, now: dt.datetime) -> None:
        self._now = now

    def now(self) -> dt.datetime:
        """Return the fixed time."""
        return self._now

    def today(self) -> dt.date:
        """Return the fixed date."""
        return self._now.date()

    def advance(self, seconds: float = 0, *, days: int = 0) -> None:
        """Move the clock forward."""
        self._now += dt.timedelta(seconds=seconds, days=days)

    def set(self, now: dt.datetime) -> None:
        """Jump to a given time."""
        self._now = now
