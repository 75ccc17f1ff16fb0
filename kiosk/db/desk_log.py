"""The one way librarians' changes enter the library's event log.

``desk_event`` records one change made at the desk; ``batch_event`` one batch
(a rollover, a roster import, books added), from the command line or the desk.
"""

from __future__ import annotations

import datetime as dt

from kiosk.db import models as db

DESK = "desk"
NOTE_MAX = 255


def desk_event(
    at: dt.datetime,
    action: str,
    staff: str,
    note: str = "",
    *,
    patron_id: int | None = None,
    item_id: int | None = None,
) -> None:
    """Append one event naming the desk account (inside the change's transaction)."""
    db.Event.create(
        at=at,
        kiosk=DESK,
        action=action,
        outcome="DONE",
        patron_id=patron_id,
        item_id=item_id,
        staff=staff,
        note=note[:NOTE_MAX],
    )


def batch_event(
    at: dt.datetime, action: str, summary: str, *, kiosk: str, staff: str = ""
) -> None:
    """Append one event for a batch change (inside the batch's transaction)."""
    db.Event.create(
        at=at, kiosk=kiosk, action=action, outcome="DONE", scan=summary, staff=staff
    )
