"""Holds (预约): who is waiting for a title, and which copy is put aside for whom.

A hold waits until a copy comes back; the returned copy is then put aside for
the oldest waiting hold (READY, with that copy) until its patron borrows it.
Copies on the shelf must first cover everyone waiting before anyone else may
take one.
"""

from __future__ import annotations

import datetime as dt

from kiosk.circulation.model import Hold, HoldStatus, Item, ItemStatus, Patron, Title
from kiosk.ports import LoanStore


class HoldShelf:
    """Hold rules over the injected store (called inside the service's transaction)."""

    def __init__(self, store: LoanStore) -> None:
        self._store = store

    def of_title(self, title_id: int) -> list[Hold]:
        """Return the waiting and ready holds of a title, oldest first."""
        return self._store.active_holds_of_title(title_id)

    def choose(
        self, patron_id: int, title: Title, free: list[Item], holds: list[Hold]
    ) -> tuple[Item, Hold | None] | Hold:
        """Pick a copy for ``patron_id`` among ``free`` ones, or the hold in the way.

        Returns the copy (and the patron's own hold it fulfils), or the oldest
        hold of someone else that stops the loan.
        """
        mine = next((h for h in holds if h.patron_id == patron_id), None)
        if mine and any(c.id == mine.item_id for c in free):
            return next(c for c in free if c.id == mine.item_id), mine
        taken = _put_aside(holds)
        unreserved = [c for c in free if c.id not in taken]
        waiting_others = [
            h
            for h in holds
            if h.status is HoldStatus.WAITING and h.patron_id != patron_id
        ]
        spare = len(self._unreserved_copies(title, taken)) - len(waiting_others)
        if unreserved and spare > 0:
            return unreserved[0], mine
        return next(h for h in holds if h.patron_id != patron_id)

    def waiting_other(self, title_id: int, patron_id: int) -> Hold | None:
        """Return the oldest hold of someone else still waiting for a copy."""
        return next(
            (
                h
                for h in self.of_title(title_id)
                if h.status is HoldStatus.WAITING and h.patron_id != patron_id
            ),
            None,
        )

    def place(
        self, patron: Patron, title: Title, holds: list[Hold], now: dt.datetime
    ) -> Item | None:
        """Record a hold; put a copy aside at once if one is spare on the shelf."""
        hold = self._store.add_hold(patron, title, now)
        waiting = [h for h in holds if h.status is HoldStatus.WAITING]
        free = self._unreserved_copies(title, _put_aside(holds))
        if len(free) <= len(waiting):
            return None
        item = free[len(waiting)]
        self._store.set_hold(hold, HoldStatus.READY, now, item.id)
        return item

    def cancel(self, hold: Hold, title: Title, now: dt.datetime) -> None:
        """Cancel a hold; a copy put aside for it goes to the next in line."""
        self._store.set_hold(hold, HoldStatus.CANCELLED, now, hold.item_id)
        if hold.status is HoldStatus.READY and hold.item_id is not None:
            freed = next(
                c for c in self._store.items_of_title(title.id) if c.id == hold.item_id
            )
            self.pass_on(freed, now)

    def fulfil(self, hold: Hold, item: Item, now: dt.datetime) -> None:
        """Mark a hold done: its patron borrowed ``item``."""
        self._store.set_hold(hold, HoldStatus.FULFILLED, now, item.id)

    def pass_on(self, item: Item, now: dt.datetime) -> Patron | None:
        """Put a returned copy aside for the oldest waiting hold of its title."""
        for hold in self.of_title(item.title.id):
            if hold.status is HoldStatus.WAITING:
                self._store.set_hold(hold, HoldStatus.READY, now, item.id)
                return self._store.patron(hold.patron_id)
        return None

    def _unreserved_copies(self, title: Title, taken: set[int | None]) -> list[Item]:
        return [
            c
            for c in self._store.items_of_title(title.id)
            if c.status is ItemStatus.AVAILABLE and c.id not in taken
        ]


def _put_aside(holds: list[Hold]) -> set[int | None]:
    return {h.item_id for h in holds if h.status is HoldStatus.READY}
