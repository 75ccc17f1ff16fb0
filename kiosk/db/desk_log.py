"""The one way the desk's changes enter the library's event log."""

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
