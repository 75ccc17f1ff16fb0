"""What the desk's dashboard shows: today's work, overdue by class, holds, kiosks.

Each figure is one indexed query (events by time, open loans by due date), so
the dashboard stays instant on a library with a decade of loans.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import peewee

from kiosk.db import models as db
from kiosk.db.store import SQL as STORE_SQL


@dataclass(frozen=True)
class ClassOverdue:
    """One class's overdue books."""

    class_name: str
    grade: int | None
    books: int
    patrons: int


@dataclass(frozen=True)
class ReadyHold:
    """A copy waiting on the hold shelf for a patron."""

    hold_id: int
    patron_id: int
    patron_name: str
    class_name: str
    title_id: int
    title: str
    barcode: str
    since: dt.datetime | None


@dataclass(frozen=True)
class KioskBeat:
    """A kiosk's last heartbeat."""

    kiosk: str
    started_at: dt.datetime
    last_seen: dt.datetime
    online: bool
    backlog: int
    mode: str
    printer: str = ""
    camera: str = ""


_OVERDUE = (
    'SELECT p.class_name, MIN(p.grade), COUNT(*), COUNT(DISTINCT p.id) FROM "loan" l'
    ' JOIN "patron" p ON p.id = l.patron_id'
    " WHERE l.returned_at IS NULL AND l.due < ?"
    " GROUP BY p.class_name ORDER BY MIN(p.grade), p.class_name"
)
_READY = (
    "SELECT h.id, p.id, p.name, p.class_name, t.id, t.title, i.barcode, h.updated_at"
    ' FROM "hold" h JOIN "patron" p ON p.id = h.patron_id'
    ' JOIN "title" t ON t.id = h.title_id LEFT JOIN "item" i ON i.id = h.item_id'
    " WHERE h.status = 'ready' ORDER BY h.updated_at, h.id LIMIT ?"
)
_date = db.Loan.due.python_value
_datetime = db.Loan.out_at.python_value


def _rows(database: peewee.Database, sql: str, *params: object) -> list[tuple]:
    return database.execute_sql(sql.replace("?", database.param), params).fetchall()


def today_counts(database: peewee.Database, today: dt.date) -> dict[str, int]:
    """Check-outs, returns and renewals recorded today, every kiosk and the desk."""
    midnight = dt.datetime.combine(today, dt.time())
    counts = dict(_rows(database, STORE_SQL["outcomes_since"], str(midnight)))
    return {
        "checked_out": counts.get("CHECKED_OUT", 0),
        "returned": counts.get("RETURNED", 0),
        "renewed": counts.get("RENEWED", 0),
    }


def overdue_by_class(database: peewee.Database, today: dt.date) -> list[ClassOverdue]:
    """Books overdue now, by class (staff under their own "class")."""
    return [
        ClassOverdue(name, grade, books, patrons)
        for name, grade, books, patrons in _rows(database, _OVERDUE, str(today))
    ]


def ready_holds(database: peewee.Database, limit: int = 100) -> list[ReadyHold]:
    """Holds whose copy waits on the hold shelf, longest waiting first."""
    return [
        ReadyHold(r[0], r[1], r[2], r[3], r[4], r[5], r[6] or "", _datetime(r[7]))
        for r in _rows(database, _READY, limit)
    ]


def kiosks(database: peewee.Database) -> list[KioskBeat]:
    """Every kiosk's last heartbeat, by name."""
    with database.bind_ctx(db.MODELS):
        rows = db.KioskHeartbeat.select().order_by(db.KioskHeartbeat.kiosk)
        return [
            KioskBeat(
                r.kiosk,
                r.started_at,
                r.last_seen,
                r.online,
                r.backlog,
                r.mode,
                r.printer,
                r.camera,
            )
            for r in rows
        ]


def beat(
    database: peewee.Database,
    kiosk: str,
    *,
    now: dt.datetime,
    started_at: dt.datetime,
    online: bool = True,
    backlog: int = 0,
    mode: str = "",
    printer: str = "",
    camera: str = "",
) -> None:
    """Write a kiosk's heartbeat (one row per kiosk, replaced each minute)."""
    values = {
        "started_at": started_at,
        "last_seen": now,
        "online": online,
        "backlog": backlog,
        "mode": mode,
        "printer": printer,
        "camera": camera,
    }
    with database.bind_ctx(db.MODELS), database.atomic():
        updated = (
            db.KioskHeartbeat.update(values)
            .where(db.KioskHeartbeat.kiosk == kiosk)
            .execute()
        )
        if not updated:
            db.KioskHeartbeat.insert(kiosk=kiosk, **values).on_conflict(
                conflict_target=[db.KioskHeartbeat.kiosk], update=values
            ).execute()
