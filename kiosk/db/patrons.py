"""Patron rows for the librarian's tools: roster import, rollover and cards."""

from __future__ import annotations

import datetime as dt
import itertools
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

import peewee

from kiosk.db import models as db
from kiosk.db.desk_log import batch_event, desk_event
from kiosk.db.search import initials
from kiosk.errors import StoreError
from kiosk.staff import hash_pin

log = logging.getLogger(__name__)

_BATCH = 500


def _batched(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


@dataclass(frozen=True)
class PatronRecord:
    """One patron as the admin tools see it."""

    card: str
    name: str
    class_name: str
    grade: int | None
    type: str
    status: str = "active"
    card_expiry: dt.date | None = None
    created_at: dt.datetime | None = None
    id: int | None = None
    gender: str = ""  # "M", "F" or "" (not given)


@dataclass(frozen=True)
class OpenLoan:
    """A book still out, for the rollover's list of leavers."""

    card: str
    name: str
    class_name: str
    barcode: str
    title: str
    due: dt.date


_FIELDS = (
    db.Patron.id,
    db.Patron.card,
    db.Patron.name,
    db.Patron.class_name,
    db.Patron.grade,
    db.Patron.type,
    db.Patron.status,
    db.Patron.card_expiry,
    db.Patron.created_at,
    db.Patron.gender,
)


def _record(row: dict) -> PatronRecord:
    return PatronRecord(
        card=row["card"],
        name=row["name"],
        class_name=row["class_name"],
        grade=row["grade"],
        type=row["type"],
        status=row["status"],
        card_expiry=row["card_expiry"],
        created_at=row["created_at"],
        id=row["id"],
        gender=row["gender"],
    )


def by_cards(
    database: peewee.Database, cards: Iterable[str]
) -> dict[str, PatronRecord]:
    """Return the patrons holding these card numbers, keyed by card."""
    found: dict[str, PatronRecord] = {}
    wanted = iter(sorted(set(cards)))
    with database.bind_ctx(db.MODELS):
        while batch := list(itertools.islice(wanted, _BATCH)):
            query = db.Patron.select(*_FIELDS).where(db.Patron.card.in_(batch))
            for row in query.dicts():
                found[row["card"]] = _record(row)
    return found


def select(
    database: peewee.Database,
    *,
    class_name: str | None = None,
    cards: Sequence[str] | None = None,
    created_since: dt.date | None = None,
    status: str | None = None,
    patron_type: str | None = None,
    patron_ids: Sequence[int] | None = None,
) -> list[PatronRecord]:
    """List patrons by class, card numbers or creation date, in class order."""
    with database.bind_ctx(db.MODELS):
        query = db.Patron.select(*_FIELDS)
        if class_name is not None:
            query = query.where(db.Patron.class_name == class_name)
        if cards is not None:
            query = query.where(db.Patron.card.in_(list(cards)))
        if created_since is not None:
            since = dt.datetime.combine(created_since, dt.time())
            query = query.where(db.Patron.created_at >= since)
        if status is not None:
            query = query.where(db.Patron.status == status)
        if patron_type is not None:
            query = query.where(db.Patron.type == patron_type)
        if patron_ids is not None:
            query = query.where(db.Patron.id.in_(list(patron_ids)))
        query = query.order_by(db.Patron.class_name, db.Patron.card)
        return [_record(row) for row in query.dicts()]


def save_roster(
    database: peewee.Database,
    new: Sequence[PatronRecord],
    updated: Sequence[PatronRecord],
    *,
    at: dt.datetime | None = None,
    kiosk: str = "",
    staff: str = "",
) -> None:
    """Insert new patrons and update changed ones (by card) in one transaction.

    With ``at``, the same transaction logs a ``roster_import`` event naming
    where it came from and, from the desk, the account.
    """
    try:
        with database.bind_ctx(db.MODELS), database.atomic():
            if at is not None:
                summary = f"new {len(new)} updated {len(updated)}"
                batch_event(at, "roster_import", summary, kiosk=kiosk, staff=staff)
            for batch in _batched(new, _BATCH):
                db.Patron.insert_many(
                    [
                        {
                            "card": p.card,
                            "name": p.name,
                            "class_name": p.class_name,
                            "grade": p.grade,
                            "type": p.type,
                            "status": p.status,
                            "card_expiry": p.card_expiry,
                            "created_at": p.created_at,
                            "gender": p.gender,
                            "initials": initials(p.name),
                        }
                        for p in batch
                    ]
                ).execute()
            for p in updated:
                changes = {
                    "name": p.name,
                    "initials": initials(p.name),
                    "class_name": p.class_name,
                    "grade": p.grade,
                    "type": p.type,
                }
                if p.gender:  # a roster without the column keeps what is known
                    changes["gender"] = p.gender
                db.Patron.update(changes).where(db.Patron.card == p.card).execute()
    except peewee.PeeweeException as e:
        raise StoreError(f"the roster was not saved (nothing was changed): {e}") from e


ROLLOVER = "rollover"
"""Event action of a school-year rollover (the guard against running it twice)."""


def last_rollover(database: peewee.Database) -> dt.datetime | None:
    """When the last school-year rollover was saved, if ever."""
    with database.bind_ctx(db.MODELS):
        last = (
            db.Event.select(db.Event.at)
            .where(db.Event.action == ROLLOVER)
            .order_by(db.Event.at.desc())
            .first()
        )
    return last.at if last else None


def save_rollover(
    database: peewee.Database,
    promoted: Sequence[PatronRecord],
    leavers: Sequence[PatronRecord],
    *,
    at: dt.datetime,
    kiosk: str,
    staff: str = "",
) -> None:
    """Move promoted patrons to their new class and mark leavers, atomically.

    The same transaction logs a ``rollover`` event, so a second run in the
    same school year can be refused.
    """
    try:
        with database.bind_ctx(db.MODELS), database.atomic():
            summary = f"promoted {len(promoted)} left {len(leavers)}"
            batch_event(at, ROLLOVER, summary, kiosk=kiosk, staff=staff)
            for p in promoted:
                db.Patron.update(class_name=p.class_name, grade=p.grade).where(
                    db.Patron.id == p.id
                ).execute()
            for batch in _batched([p.id for p in leavers], _BATCH):
                db.Patron.update(status="left", left_at=at).where(
                    db.Patron.id.in_(batch)
                ).execute()
    except peewee.PeeweeException as e:
        raise StoreError(
            f"the rollover was not saved (nothing was changed): {e}"
        ) from e


def open_loans(database: peewee.Database, patron_ids: Iterable[int]) -> list[OpenLoan]:
    """Return the open loans of these patrons, by class, card and due date."""
    loans: list[OpenLoan] = []
    wanted = iter(sorted(set(patron_ids)))
    with database.bind_ctx(db.MODELS):
        while batch := list(itertools.islice(wanted, _BATCH)):
            query = (
                db.Loan.select(
                    db.Patron.card,
                    db.Patron.name,
                    db.Patron.class_name,
                    db.Item.barcode,
                    db.Title.title,
                    db.Loan.due,
                )
                .join(db.Patron)
                .switch(db.Loan)
                .join(db.Item)
                .join(db.Title)
                .where(db.Loan.patron.in_(batch), db.Loan.returned_at.is_null())
            )
            loans += [
                OpenLoan(
                    r["card"],
                    r["name"],
                    r["class_name"],
                    r["barcode"] or "",
                    r["title"],
                    r["due"],
                )
                for r in query.dicts()
            ]
    return sorted(loans, key=lambda x: (x.class_name, x.card, x.due))


class PatronError(ValueError):
    """A patron change that cannot be made (nothing was written)."""

    def __init__(self, field: str, code: str) -> None:
        super().__init__(code)
        self.field = field
        self.code = code


Change = tuple[dict[str, object], str]
"""The columns to set on a patron's row, and the event's note saying what changed."""


def _change(
    database: peewee.Database,
    patron_id: int,
    change: Callable[[db.Patron], Change],
    *,
    action: str,
    at: dt.datetime,
    staff: str,
) -> bool:
    """Change one patron and log the change, in one transaction.

    ``change`` sees the row as it is and returns what to set (nothing: no
    write and no event). Returns whether anything was written.

    Raises:
        PatronError: the patron is unknown, or ``change`` refused.
        StoreError: the database failed (nothing was written).
    """
    try:
        with database.bind_ctx(db.MODELS), database.atomic():
            row = db.Patron.get_or_none(db.Patron.id == patron_id)
            if row is None:
                raise PatronError("patron", "patron_unknown")
            values, note = change(row)
            if not values:
                return False
            db.Patron.update(values).where(db.Patron.id == patron_id).execute()
            desk_event(at, action, staff, note, patron_id=patron_id)
    except peewee.PeeweeException as e:
        raise StoreError(f"the patron was not changed: {e}") from e
    # Ids only: the log file must not carry pupils' names.
    log.info("desk: %s patron %s by %s", action, patron_id, staff)
    return True


_EDITABLE = ("name", "class_name", "grade", "type")


def update_patron(
    database: peewee.Database,
    patron_id: int,
    *,
    name: str,
    class_name: str,
    grade: int | None,
    type: str,
    at: dt.datetime,
    staff: str,
) -> bool:
    """Correct a patron's name, class, grade or type (the card stays).

    The event's note lists each changed field as ``field: old → new``; the
    pinyin initials follow the name. Returns False when nothing differed
    (then nothing is written).

    Raises:
        PatronError: no such patron.
        StoreError: the database failed.
    """
    wanted: dict[str, object] = {
        "name": name,
        "class_name": class_name,
        "grade": grade,
        "type": type,
    }

    def change(row: db.Patron) -> Change:
        values = {k: v for k, v in wanted.items() if getattr(row, k) != v}
        note = "; ".join(
            f"{k}: {_shown(getattr(row, k))} → {_shown(values[k])}"
            for k in _EDITABLE
            if k in values
        )
        if "name" in values:
            values["initials"] = initials(name)
        return values, note

    return _change(
        database, patron_id, change, action="patron_edited", at=at, staff=staff
    )


def _shown(value: object) -> str:
    return "-" if value in (None, "") else str(value)


def block_patron(
    database: peewee.Database,
    patron_id: int,
    reason: str,
    *,
    at: dt.datetime,
    staff: str,
) -> None:
    """Suspend a card (the kiosks refuse it) with the reason why.

    Raises:
        PatronError: no such patron, or one who has left school.
        StoreError: the database failed.
    """

    def change(row: db.Patron) -> Change:
        if row.status == "left":
            raise PatronError("reason", "patron_left")
        return {"status": "suspended", "blocked_reason": reason}, reason

    _change(database, patron_id, change, action="patron_blocked", at=at, staff=staff)


def unblock_patron(
    database: peewee.Database,
    patron_id: int,
    reason: str = "",
    *,
    at: dt.datetime,
    staff: str,
) -> None:
    """Let a suspended card borrow again (a pupil who left stays left).

    The event's note is ``reason`` (optional: why the card is unblocked).

    Raises:
        PatronError: no such patron, or one who has left school.
        StoreError: the database failed.
    """

    def change(row: db.Patron) -> Change:
        if row.status == "left":
            raise PatronError("reason", "patron_left")
        return {"status": "active", "blocked_reason": ""}, reason

    _change(database, patron_id, change, action="patron_unblocked", at=at, staff=staff)


PIN_LENGTHS = (4, 8)
"""A patron's PIN: digits only (a self-check machine's pad), 4 to 8 of them."""


def set_patron_pin(
    database: peewee.Database,
    patron_id: int,
    pin: str | None,
    *,
    at: dt.datetime,
    staff: str,
) -> None:
    """Give a patron a PIN that SIP2 machines ask for, or take it away (None).

    Only its salted hash is stored; the event says that it changed, not what.

    Raises:
        PatronError: no such patron, or a PIN that is not 4 to 8 digits.
        StoreError: the database failed.
    """
    low, high = PIN_LENGTHS
    if pin is not None and not (
        pin.isascii() and pin.isdigit() and low <= len(pin) <= high
    ):
        raise PatronError("pin", "pin_format")
    stored = hash_pin(pin) if pin is not None else None
    action = "patron_pin_set" if pin is not None else "patron_pin_removed"

    def change(row: db.Patron) -> Change:
        if pin is None and row.pin_hash is None:
            return {}, ""
        return {"pin_hash": stored}, ""

    _change(database, patron_id, change, action=action, at=at, staff=staff)


def has_pin(database: peewee.Database, patron_id: int) -> bool:
    """Whether a patron has a PIN (the desk shows that, never the PIN)."""
    with database.bind_ctx(db.MODELS):
        row = (
            db.Patron.select(db.Patron.pin_hash)
            .where(db.Patron.id == patron_id)
            .first()
        )
    return bool(row and row.pin_hash)


def blocked_reason(database: peewee.Database, patron_id: int) -> str:
    """Why a patron's card was suspended ("" when it was not)."""
    with database.bind_ctx(db.MODELS):
        row = (
            db.Patron.select(db.Patron.blocked_reason)
            .where(db.Patron.id == patron_id)
            .first()
        )
    return row.blocked_reason if row else ""
