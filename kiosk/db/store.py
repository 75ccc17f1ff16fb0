"""Open the database and implement the LoanStore port with peewee."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

import peewee
from playhouse.migrations import Runner

from kiosk.circulation import model as m
from kiosk.db import models as db
from kiosk.errors import StoreError
from kiosk.ports import LoanConflict

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def open_database(path: Path, busy_timeout_ms: int = 5000) -> peewee.SqliteDatabase:
    """Open (creating or upgrading) the SQLite database and bind the models.

    WAL lets readers work while a kiosk writes; synchronous=FULL makes every
    commit survive a pulled plug; BEGIN IMMEDIATE takes the write lock up front
    so two kiosks queue instead of failing half-way through a transaction.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        database = peewee.SqliteDatabase(
            str(path),
            pragmas={
                "journal_mode": "wal",
                "synchronous": "full",
                "foreign_keys": 1,
                "busy_timeout": busy_timeout_ms,
            },
            timeout=busy_timeout_ms / 1000,
            lock_type="IMMEDIATE",
        )
        database.bind(db.MODELS)
        database.connect(reuse_if_open=True)
        migrate(database)
    except (peewee.PeeweeException, OSError) as e:
        raise StoreError(f"cannot open the database {path}: {e}") from e
    return database


def migrate(database: peewee.Database) -> list[str]:
    """Apply pending migrations; refuse a database made by a newer kiosk."""
    runner = Runner(database, directory=str(MIGRATIONS_DIR))
    unknown = [mig.name for mig in runner.status() if mig.path is None]
    if unknown:
        raise StoreError(
            f"the database was upgraded by a newer kiosk version ({unknown[-1]}); "
            "install that version or restore a backup."
        )
    applied = runner.up()
    for name in applied:
        log.info("database migrated: %s", name)
    return applied


def schema_version(database: peewee.Database) -> list[str]:
    """Return the names of the applied migrations, oldest first."""
    runner = Runner(database, directory=str(MIGRATIONS_DIR))
    return [mig.name for mig in runner.status() if mig.applied]


class PeeweeLoanStore:
    """LoanStore over the bound peewee models."""

    def __init__(self, database: peewee.Database) -> None:
        self._db = database

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Commit on success; roll back and raise StoreError on database failure."""
        try:
            with self._db.atomic():
                yield
        except peewee.PeeweeException as e:
            log.error("database error: %s", e)
            raise StoreError(f"database error: {e}") from e

    # -- reads ------------------------------------------------------------------

    def patron_by_card(self, card: str) -> m.Patron | None:
        """Find a patron by card barcode."""
        row = db.Patron.get_or_none(db.Patron.card == card)
        return _patron(row) if row else None

    def patron(self, patron_id: int) -> m.Patron | None:
        """Find a patron by id."""
        row = db.Patron.get_or_none(db.Patron.id == patron_id)
        return _patron(row) if row else None

    def item_by_barcode(self, barcode: str) -> m.Item | None:
        """Find a copy by its accession barcode."""
        row = _items().where(db.Item.barcode == barcode).first()
        return _item(row) if row else None

    def title_by_isbn(self, isbn13: str) -> m.Title | None:
        """Find a title by ISBN-13."""
        row = db.Title.get_or_none(db.Title.isbn == isbn13)
        return _title(row) if row else None

    def title_by_issn(self, issn: str) -> m.Title | None:
        """Find a periodical by ISSN."""
        row = db.Title.select().where(db.Title.issn == issn).first()
        return _title(row) if row else None

    def items_of_title(self, title_id: int) -> list[m.Item]:
        """Return the copies of a title in barcode order."""
        rows = _items().where(db.Item.title == title_id).order_by(db.Item.barcode)
        return [_item(r) for r in rows]

    def open_loan_of_item(self, item_id: int) -> m.Loan | None:
        """Return the copy's open loan."""
        row = _open_loans().where(db.Loan.item == item_id).first()
        return _loan(row) if row else None

    def open_loans_of_patron(self, patron_id: int) -> list[m.Loan]:
        """Return the patron's open loans, oldest first."""
        rows = _open_loans().where(db.Loan.patron == patron_id)
        return [_loan(r) for r in rows.order_by(db.Loan.out_at, db.Loan.id)]

    def open_loans_of_title(self, title_id: int) -> list[m.Loan]:
        """Return the title's open loans, oldest first."""
        rows = _open_loans().where(db.Item.title == title_id)
        return [_loan(r) for r in rows.order_by(db.Loan.out_at, db.Loan.id)]

    def active_holds_of_title(self, title_id: int) -> list[m.Hold]:
        """Return waiting and ready holds, oldest first."""
        rows = (
            db.Hold.select()
            .where(
                (db.Hold.title == title_id)
                & (db.Hold.status.in_([m.HoldStatus.WAITING, m.HoldStatus.READY]))
            )
            .order_by(db.Hold.placed_at, db.Hold.id)
        )
        return [_hold(r) for r in rows]

    def loan_rule(self, patron_type: m.PatronType) -> m.LoanRule:
        """Return the loan rule of a patron type."""
        row = db.LoanRule.get_or_none(db.LoanRule.patron_type == patron_type)
        if row is None:
            raise StoreError(f"no loan rule for patron type {patron_type!r}")
        return m.LoanRule(
            m.PatronType(row.patron_type),
            row.loan_days,
            row.max_items,
            row.max_renewals,
        )

    def closed_periods(self) -> list[m.ClosedPeriod]:
        """Return holidays and vacations."""
        return [
            m.ClosedPeriod(r.start, r.end, r.reason)
            for r in db.ClosedPeriod.select().order_by(db.ClosedPeriod.start)
        ]

    # -- writes -----------------------------------------------------------------

    def add_loan(
        self,
        item: m.Item,
        patron: m.Patron,
        out_at: dt.datetime,
        due: dt.date,
        kiosk: str,
    ) -> m.Loan:
        """Record a loan; the database refuses a second open loan of a copy."""
        try:
            with self._db.atomic():
                taken = (
                    db.Item.update(status=m.ItemStatus.ON_LOAN)
                    .where(
                        (db.Item.id == item.id)
                        & (db.Item.status == m.ItemStatus.AVAILABLE)
                    )
                    .execute()
                )
                if not taken:
                    raise LoanConflict(item.id)
                row = db.Loan.create(
                    item=item.id, patron=patron.id, out_at=out_at, due=due, kiosk=kiosk
                )
        except peewee.IntegrityError as e:
            raise LoanConflict(item.id) from e
        lent = dataclasses.replace(item, status=m.ItemStatus.ON_LOAN)
        return m.Loan(row.id, lent, patron.id, out_at, due, None, 0, kiosk)

    def close_loan(self, loan: m.Loan, returned_at: dt.datetime) -> m.Loan:
        """Record a return and make the copy available."""
        db.Loan.update(returned_at=returned_at).where(db.Loan.id == loan.id).execute()
        self.set_item_status(loan.item, m.ItemStatus.AVAILABLE)
        back = dataclasses.replace(loan.item, status=m.ItemStatus.AVAILABLE)
        return dataclasses.replace(loan, item=back, returned_at=returned_at)

    def renew_loan(self, loan: m.Loan, due: dt.date) -> m.Loan:
        """Move the due date and count the renewal."""
        db.Loan.update(due=due, renewals=db.Loan.renewals + 1).where(
            db.Loan.id == loan.id
        ).execute()
        return dataclasses.replace(loan, due=due, renewals=loan.renewals + 1)

    def add_hold(self, patron: m.Patron, title: m.Title, at: dt.datetime) -> m.Hold:
        """Record a waiting hold."""
        row = db.Hold.create(
            patron=patron.id, title=title.id, placed_at=at, status=m.HoldStatus.WAITING
        )
        return _hold(row)

    def set_hold(
        self,
        hold: m.Hold,
        status: m.HoldStatus,
        at: dt.datetime,
        item_id: int | None,
    ) -> m.Hold:
        """Change a hold's status and the copy it waits on."""
        db.Hold.update(status=status, item=item_id, updated_at=at).where(
            db.Hold.id == hold.id
        ).execute()
        return dataclasses.replace(hold, status=status, item_id=item_id)

    def set_item_status(self, item: m.Item, status: m.ItemStatus) -> m.Item:
        """Change a copy's status."""
        db.Item.update(status=status).where(db.Item.id == item.id).execute()
        return dataclasses.replace(item, status=status)

    def log_event(self, event: m.Event) -> None:
        """Append one event."""
        db.Event.insert(**dataclasses.asdict(event)).execute()


def _items() -> peewee.ModelSelect:
    return db.Item.select(db.Item, db.Title).join(db.Title)


def _open_loans() -> peewee.ModelSelect:
    return (
        db.Loan.select(db.Loan, db.Item, db.Title)
        .join(db.Item)
        .join(db.Title)
        .where(db.Loan.returned_at.is_null())
    )


def _patron(row: db.Patron) -> m.Patron:
    return m.Patron(
        id=row.id,
        card=row.card,
        name=row.name,
        class_name=row.class_name,
        grade=row.grade,
        type=m.PatronType(row.type),
        status=m.PatronStatus(row.status),
        card_expiry=row.card_expiry,
    )


def _title(row: db.Title) -> m.Title:
    return m.Title(
        id=row.id,
        isbn=row.isbn,
        issn=row.issn,
        title=row.title,
        author=row.author,
        publisher=row.publisher,
        year=row.year,
        call_number=row.call_number,
        price=Decimal(row.price) if row.price is not None else None,
    )


def _item(row: db.Item) -> m.Item:
    return m.Item(
        id=row.id,
        barcode=row.barcode,
        title=_title(row.title),
        status=m.ItemStatus(row.status),
        location=row.location,
    )


def _loan(row: db.Loan) -> m.Loan:
    return m.Loan(
        id=row.id,
        item=_item(row.item),
        patron_id=row.patron_id,
        out_at=row.out_at,
        due=row.due,
        returned_at=row.returned_at,
        renewals=row.renewals,
        kiosk=row.kiosk,
    )


def _hold(row: db.Hold) -> m.Hold:
    return m.Hold(
        id=row.id,
        patron_id=row.patron_id,
        title_id=row.title_id,
        placed_at=row.placed_at,
        status=m.HoldStatus(row.status),
        item_id=row.item_id,
    )
