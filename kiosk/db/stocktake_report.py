"""Finishing a stocktake: its report, and marking its missing copies lost.

Missing copies are fixed when the stocktake finishes (``stocktakemissing``), so
the report and ``mark_missing_lost`` later act on the same list even if the
library changes meanwhile; a missing copy lent or found since is skipped.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable, Iterator

import peewee

from kiosk.circulation import model as m
from kiosk.db import models as db
from kiosk.db.registers import atomic, log_event, release_holds
from kiosk.db.stocktake import (
    FINISHED,
    OPEN,
    ReportLine,
    StocktakeOutcome,
    StocktakeReport,
    StocktakeResult,
    info_of,
)
from kiosk.db.store import SQL, PeeweeLoanStore

_AVAILABLE = m.ItemStatus.AVAILABLE.value


def _line(item: db.Item, found_at: str = "") -> ReportLine:
    return ReportLine(
        barcode=item.barcode or f"#{item.id}",
        item_id=item.id,
        title=item.title.title,
        call_number=item.title.call_number,
        shelf=item.location,
        status=item.status,
        found_at=found_at,
    )


def _items() -> peewee.ModelSelect:
    return db.Item.select(db.Item, db.Title).join(db.Title)


def _live_missing(take: db.Stocktake) -> peewee.ModelSelect:
    """Available copies (of the stocktake's location) that were not scanned."""
    scanned = db.StocktakeScan.select(db.StocktakeScan.item).where(
        (db.StocktakeScan.stocktake == take.id) & db.StocktakeScan.item.is_null(False)
    )
    where = (db.Item.status == _AVAILABLE) & db.Item.id.not_in(scanned)
    if take.location:
        where &= db.Item.location == take.location
    return _items().where(where).order_by(db.Item.location, db.Item.barcode)


def _missing_items(take: db.Stocktake) -> peewee.ModelSelect:
    if take.state == OPEN:
        return _live_missing(take)
    return (
        _items()
        .join_from(db.Item, db.StocktakeMissing)
        .where(db.StocktakeMissing.stocktake == take.id)
        .order_by(db.Item.location, db.Item.barcode)
    )


def _missing(take: db.Stocktake) -> list[ReportLine]:
    query = _missing_items(take).select(
        db.Item.barcode,
        db.Item.id,
        db.Title.title,
        db.Title.call_number,
        db.Item.location,
        db.Item.status,
    )
    return [
        ReportLine(
            barcode or f"#{item_id}", title, call_number, shelf, status, item_id=item_id
        )
        for barcode, item_id, title, call_number, shelf, status in query.tuples()
    ]


def _scans(take: db.Stocktake) -> peewee.ModelSelect:
    return (
        db.StocktakeScan.select(db.StocktakeScan, db.Item, db.Title)
        .join(db.Item)
        .join(db.Title)
        .where(db.StocktakeScan.stocktake == take.id)
        .order_by(db.StocktakeScan.id)
    )


def _on_loan(store: PeeweeLoanStore, scan: db.StocktakeScan) -> ReportLine | None:
    """A copy on the shelf that the library thinks is out, and with whom."""
    loan = store.open_loan_of_item(scan.item.id)
    if loan is None or loan.out_at > scan.at:  # lent after it was scanned: fine
        return None
    patron = store.patron(loan.patron_id)
    return dataclasses.replace(
        _line(scan.item, scan.location),
        card=patron.card if patron else "",
        name=patron.name if patron else "",
        class_name=patron.class_name if patron else "",
        due=loan.due,
    )


def build_report(store: PeeweeLoanStore, take: db.Stocktake) -> StocktakeReport:
    """Everything the stocktake found, from the database as it is now."""
    scans = db.StocktakeScan
    mine = scans.stocktake == take.id
    found = scans.select().where(mine & scans.item.is_null(False)).count()
    expected_found = (
        scans.select().join(db.Item).where(mine & (scans.status == _AVAILABLE))
    )
    if take.location:
        expected_found = expected_found.where(db.Item.location == take.location)
    on_loan, not_available = [], []
    for scan in _scans(take).where(db.Item.status != _AVAILABLE):
        if scan.item.status == m.ItemStatus.ON_LOAN.value:
            line = _on_loan(store, scan)
            if line is not None:
                on_loan.append(line)
        else:
            not_available.append(_line(scan.item, scan.location))
    wrong = [
        _line(scan.item, scan.location)
        for scan in _scans(take).where(
            (scans.location != "")
            & (db.Item.location != "")
            & (scans.location != db.Item.location)
        )
    ]
    unknown = [
        ReportLine(barcode=b, found_at=where)
        for b, where in scans.select(scans.barcode, scans.location)
        .where(mine & scans.item.is_null())
        .order_by(scans.id)
        .tuples()
    ]
    missing = _missing(take)
    return StocktakeReport(
        info_of(take),
        expected=len(missing) + expected_found.count(),
        found=found,
        missing=tuple(missing),
        on_loan=tuple(on_loan),
        not_available=tuple(not_available),
        wrong_location=tuple(wrong),
        unknown=tuple(unknown),
    )


def _last_finished() -> db.Stocktake | None:
    return (
        db.Stocktake.select()
        .where(db.Stocktake.state == FINISHED)
        .order_by(db.Stocktake.finished_at.desc(), db.Stocktake.id.desc())
        .first()
    )


def _chosen(stocktake_id: int | None) -> db.Stocktake | None:
    if stocktake_id is None:
        return _last_finished()
    return db.Stocktake.get_or_none(
        (db.Stocktake.id == stocktake_id) & (db.Stocktake.state == FINISHED)
    )


def report(
    database: peewee.Database, stocktake_id: int | None = None
) -> StocktakeReport | None:
    """The report of a finished stocktake (the last one by default)."""
    with atomic(database) as store:
        take = _chosen(stocktake_id)
        return build_report(store, take) if take else None


def preview(database: peewee.Database) -> StocktakeReport | None:
    """The open stocktake's report so far (missing: not scanned yet)."""
    with atomic(database) as store:
        take = db.Stocktake.get_or_none(db.Stocktake.state == OPEN)
        return build_report(store, take) if take else None


def finish(
    database: peewee.Database, *, now: dt.datetime, kiosk: str
) -> StocktakeResult:
    """Close the open stocktake, fix its missing copies and report."""
    with atomic(database) as store:
        take = db.Stocktake.get_or_none(db.Stocktake.state == OPEN)
        if take is None:
            return StocktakeResult(StocktakeOutcome.NO_STOCKTAKE)
        ids = [i for (i,) in _live_missing(take).select(db.Item.id).tuples()]
        _executemany(
            database,
            'INSERT INTO "stocktakemissing" (stocktake_id, item_id) VALUES (?, ?)',
            [(take.id, i) for i in ids],
        )
        db.Stocktake.update(state=FINISHED, finished_at=now).where(
            db.Stocktake.id == take.id
        ).execute()
        take = db.Stocktake.get_by_id(take.id)
        outcome = StocktakeOutcome.FINISHED
        log_event(
            store,
            "stocktake_finish",
            outcome,
            at=now,
            kiosk=kiosk,
            scan=f"stocktake {take.id} missing {len(ids)}",
        )
        built = build_report(store, take)
        return StocktakeResult(outcome, built.stocktake, built)


def mark_missing_lost(
    database: peewee.Database,
    *,
    now: dt.datetime,
    kiosk: str,
    stocktake_id: int | None = None,
    progress: Callable[[Iterable[ReportLine]], Iterator[ReportLine]] = iter,
) -> StocktakeResult:
    """Mark a finished stocktake's missing copies lost, all in one transaction.

    A copy lent, withdrawn or otherwise changed since the stocktake is skipped.
    Each marked copy gets a lost entry in the compensation register (nobody to
    ask: 0 yuan) and an event.
    """
    with atomic(database):
        take = _chosen(stocktake_id)
        if take is None:
            return StocktakeResult(StocktakeOutcome.NO_FINISHED)
        if take.marked_lost_at is not None:
            return StocktakeResult(StocktakeOutcome.ALREADY_MARKED, info_of(take))
        marked, skipped = [], []
        mark = _LOSE.replace("?", database.param)
        for line in progress(_missing(take)):
            # "AND status = 'available'": a copy lent meanwhile stays lent.
            if database.execute_sql(mark, (line.item_id,)).rowcount:
                marked.append(line)
            else:
                skipped.append(line)
        ids = [line.item_id for line in marked if line.item_id is not None]
        _record_losses(database, ids, take.id, now, kiosk)
        db.Stocktake.update(marked_lost_at=now).where(
            db.Stocktake.id == take.id
        ).execute()
        return StocktakeResult(
            StocktakeOutcome.MARKED_LOST,
            info_of(db.Stocktake.get_by_id(take.id)),
            marked=tuple(marked),
            skipped=tuple(skipped),
        )


_LOSE = "UPDATE \"item\" SET status = 'lost' WHERE id = ? AND status = 'available'"
_INSERT_LOSS = (
    'INSERT INTO "loss" (item_id, kind, at, asked, paid, note, kiosk)'
    " VALUES (?, 'lost', ?, 0, 0, ?, ?)"
)


def _record_losses(
    database: peewee.Database,
    item_ids: list[int],
    take_id: int,
    now: dt.datetime,
    kiosk: str,
) -> None:
    """The lost register's rows, the events, and holds let go, for many copies."""
    at, note = str(now), f"stocktake {take_id}"
    _executemany(database, _INSERT_LOSS, [(i, at, note, kiosk) for i in item_ids])
    _executemany(
        database,
        SQL["insert_event"],
        [
            (at, kiosk, "stocktake_mark_lost", "MARKED_LOST", None, i, note, "", "")
            for i in item_ids
        ],
    )
    for item_id in item_ids:
        release_holds(item_id, now)


def _executemany(database: peewee.Database, sql: str, rows: list[tuple]) -> None:
    if rows:
        database.cursor().executemany(sql.replace("?", database.param), rows)
