"""Stocktake (清点): start one, feed it scans, finish it, mark what is missing lost.

Scans come one at a time from the kiosk's stocktake mode (``record_scan``) or a
whole hand-scanner file at once (``record_scans``, one transaction). A copy is
expected on the shelf when it is available (in the stocktake's location, if it
has one); what is expected but not scanned is missing when the stocktake ends.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

import peewee

from kiosk.circulation import model as m
from kiosk.circulation.codes import MAX_SCAN_LENGTH, Classifier, CodeKind
from kiosk.db import models as db
from kiosk.db.registers import atomic, log_event

# The store's own item query and row converter: one shape for every copy read.
from kiosk.db.store import _ITEMS, SQL, PeeweeLoanStore, _item

OPEN, FINISHED = "open", "finished"
_BATCH = 500


class ScanOutcome(StrEnum):
    """What one stocktake scan found (stable codes: the event log keeps them)."""

    FOUND = "FOUND"
    FOUND_ON_LOAN = "FOUND_ON_LOAN"
    FOUND_LOST = "FOUND_LOST"
    FOUND_WITHDRAWN = "FOUND_WITHDRAWN"
    FOUND_OFF_SHELF = "FOUND_OFF_SHELF"  # recorded in repair or damaged
    DUPLICATE = "DUPLICATE"
    UNKNOWN_BARCODE = "UNKNOWN_BARCODE"
    SCAN_LABEL = "SCAN_LABEL"  # an ISBN or ISSN: scan the copy's own label
    NOT_A_BOOK = "NOT_A_BOOK"  # a library card
    BAD_CHECK_DIGIT = "BAD_CHECK_DIGIT"
    NO_STOCKTAKE = "NO_STOCKTAKE"


_BY_STATUS = {
    m.ItemStatus.AVAILABLE: ScanOutcome.FOUND,
    m.ItemStatus.ON_LOAN: ScanOutcome.FOUND_ON_LOAN,
    m.ItemStatus.LOST: ScanOutcome.FOUND_LOST,
    m.ItemStatus.WITHDRAWN: ScanOutcome.FOUND_WITHDRAWN,
    m.ItemStatus.IN_REPAIR: ScanOutcome.FOUND_OFF_SHELF,
    m.ItemStatus.DAMAGED: ScanOutcome.FOUND_OFF_SHELF,
}
_NOT_COPIES = {
    CodeKind.ISBN: ScanOutcome.SCAN_LABEL,
    CodeKind.ISSN: ScanOutcome.SCAN_LABEL,
    CodeKind.PATRON: ScanOutcome.NOT_A_BOOK,
    CodeKind.INVALID: ScanOutcome.BAD_CHECK_DIGIT,
}


@dataclass(frozen=True)
class ScanResult:
    """One scan: what it was, the copy, and anything the librarian should act on.

    Attributes:
        outcome: the code.
        barcode: the scan as read (stripped).
        item: the copy, with its recorded status.
        patron: FOUND_ON_LOAN: who the copy is recorded on loan to.
        due: FOUND_ON_LOAN: when that loan is due.
        location: where it was scanned.
        wrong_location: the copy belongs to another location.
    """

    outcome: ScanOutcome
    barcode: str
    item: m.Item | None = None
    patron: m.Patron | None = None
    due: dt.date | None = None
    location: str = ""
    wrong_location: bool = False

    @property
    def recorded(self) -> bool:
        """Whether the scan was added to the stocktake (unknown barcodes too)."""
        return self.outcome in _RECORDED


_RECORDED = frozenset({*_BY_STATUS.values(), ScanOutcome.UNKNOWN_BARCODE})


@dataclass(frozen=True)
class StocktakeInfo:
    """A stocktake and how far it has gone."""

    id: int
    location: str
    state: str
    started_at: dt.datetime
    finished_at: dt.datetime | None
    marked_lost_at: dt.datetime | None
    scanned: int = 0
    unknown: int = 0


@dataclass(frozen=True)
class ReportLine:
    """One copy in a stocktake report."""

    barcode: str
    title: str = ""
    call_number: str = ""
    shelf: str = ""  # where the copy belongs
    status: str = ""  # its status now
    found_at: str = ""  # where it was scanned
    card: str = ""
    name: str = ""
    class_name: str = ""
    due: dt.date | None = None
    item_id: int | None = None


@dataclass(frozen=True)
class StocktakeReport:
    """What a stocktake found: missing copies and every discrepancy."""

    stocktake: StocktakeInfo
    expected: int
    found: int
    missing: tuple[ReportLine, ...]
    on_loan: tuple[ReportLine, ...]
    not_available: tuple[ReportLine, ...]  # lost, withdrawn, in repair, damaged
    wrong_location: tuple[ReportLine, ...]
    unknown: tuple[ReportLine, ...]


class StocktakeOutcome(StrEnum):
    """What a start, finish or mark-lost did."""

    STARTED = "STARTED"
    ALREADY_OPEN = "ALREADY_OPEN"
    NO_STOCKTAKE = "NO_STOCKTAKE"
    FINISHED = "FINISHED"
    NO_FINISHED = "NO_FINISHED"
    ALREADY_MARKED = "ALREADY_MARKED"
    MARKED_LOST = "MARKED_LOST"


@dataclass(frozen=True)
class StocktakeResult:
    """The outcome of a start, finish or mark-lost, with what it concerns."""

    outcome: StocktakeOutcome
    stocktake: StocktakeInfo | None = None
    report: StocktakeReport | None = None
    marked: tuple[ReportLine, ...] = field(default=())
    skipped: tuple[ReportLine, ...] = field(default=())

    @property
    def ok(self) -> bool:
        """Whether something was done."""
        return self.outcome in (
            StocktakeOutcome.STARTED,
            StocktakeOutcome.FINISHED,
            StocktakeOutcome.MARKED_LOST,
        )


# -- start, find ----------------------------------------------------------------------


def info_of(row: db.Stocktake, counted: bool = True) -> StocktakeInfo:
    """A stocktake row as a value, with its scan counts unless told not to."""
    scanned = unknown = 0
    if counted:
        scans = db.StocktakeScan.select().where(db.StocktakeScan.stocktake == row.id)
        scanned = scans.count()
        unknown = scans.where(db.StocktakeScan.item.is_null()).count()
    return StocktakeInfo(
        row.id,
        row.location,
        row.state,
        row.started_at,
        row.finished_at,
        row.marked_lost_at,
        scanned,
        unknown,
    )


def _open_row() -> db.Stocktake | None:
    return db.Stocktake.get_or_none(db.Stocktake.state == OPEN)


def current(database: peewee.Database) -> StocktakeInfo | None:
    """The open stocktake, with its counts, if there is one."""
    with atomic(database):
        row = _open_row()
        return info_of(row) if row else None


def start(
    database: peewee.Database, *, location: str = "", now: dt.datetime, kiosk: str
) -> StocktakeResult:
    """Open a stocktake; refused while another is open (the database checks too)."""
    with atomic(database) as store:
        row = _open_row()
        if row is not None:
            return StocktakeResult(StocktakeOutcome.ALREADY_OPEN, info_of(row))
        row = db.Stocktake.create(
            location=location.strip(), state=OPEN, started_at=now, kiosk=kiosk
        )
        outcome = StocktakeOutcome.STARTED
        log_event(
            store, "stocktake_start", outcome, at=now, kiosk=kiosk, scan=row.location
        )
        return StocktakeResult(outcome, info_of(row, counted=False))


# -- scans ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RecentScan:
    """One scan of a stocktake as the desk lists it (newest first)."""

    barcode: str
    title: str
    status: str
    location: str
    at: dt.datetime


def recent(
    database: peewee.Database, stocktake_id: int, limit: int = 10
) -> list[RecentScan]:
    """The last scans of a stocktake, from any kiosk, the desk or a file."""
    with atomic(database):
        rows = (
            db.StocktakeScan.select(db.StocktakeScan, db.Item, db.Title)
            .join(db.Item, peewee.JOIN.LEFT_OUTER)
            .join(db.Title, peewee.JOIN.LEFT_OUTER)
            .where(db.StocktakeScan.stocktake == stocktake_id)
            .order_by(db.StocktakeScan.id.desc())
            .limit(limit)
        )
        return [
            RecentScan(
                r.barcode,
                r.item.title.title if r.item_id else "",
                r.status,
                r.location,
                r.at,
            )
            for r in rows
        ]


def record_scan(
    database: peewee.Database,
    stocktake_id: int,
    barcode: str,
    location: str,
    now: dt.datetime,
    *,
    classifier: Classifier,
    kiosk: str,
) -> ScanResult:
    """Record one scan of the kiosk's stocktake mode (its own transaction)."""
    [result] = record_scans(
        database,
        stocktake_id,
        [barcode],
        location,
        now,
        classifier=classifier,
        kiosk=kiosk,
    )
    return result


def record_scans(
    database: peewee.Database,
    stocktake_id: int,
    barcodes: Sequence[str],
    location: str,
    now: dt.datetime,
    *,
    classifier: Classifier,
    kiosk: str,
    progress: Callable[[Iterable[str]], Iterator[str]] = iter,
) -> list[ScanResult]:
    """Record many scans in one transaction; each gets its own result, in order.

    ``location`` is where they were scanned ("" for the stocktake's own).
    """
    with atomic(database) as store:
        take = db.Stocktake.get_or_none(
            (db.Stocktake.id == stocktake_id) & (db.Stocktake.state == OPEN)
        )
        if take is None:
            return [ScanResult(ScanOutcome.NO_STOCKTAKE, b.strip()) for b in barcodes]
        where = location.strip() or take.location
        scanner = _Scanner(database, store, take.id, where, now, kiosk)
        results: list[ScanResult] = []
        codes = progress(barcodes)
        while chunk := list(itertools.islice(codes, _BATCH)):
            results += scanner.chunk(chunk, classifier)
        return results


class _Scanner:
    """Scans a chunk at a time: one lookup query, one insert of scans and events.

    Written in SQL by hand: a 100,000-line scanner file is read in seconds, and
    one scan from the kiosk costs a few milliseconds.
    """

    def __init__(
        self,
        database: peewee.Database,
        store: PeeweeLoanStore,
        take_id: int,
        location: str,
        now: dt.datetime,
        kiosk: str,
    ) -> None:
        self._database = database
        self._store = store
        self._take = take_id
        self._location = location
        self._now = now
        self._kiosk = kiosk
        self._param = database.param
        self._seen: set[str] = set()

    def chunk(self, raws: list[str], classifier: Classifier) -> list[ScanResult]:
        codes = [raw.strip() for raw in raws]
        kinds = [classifier.classify(code).kind for code in codes]
        wanted = sorted(
            {c for c, k in zip(codes, kinds, strict=True) if k not in _NOT_COPIES}
            - {c for c in codes if not _readable(c)}
        )
        self._seen |= self._scanned_before(wanted)
        items = self._items(wanted)
        keep: list[tuple] = []
        results = [
            self._one(code, kind, items, keep)
            for code, kind in zip(codes, kinds, strict=True)
        ]
        self._insert(keep)
        return results

    def _one(
        self, code: str, kind: CodeKind, items: dict[str, m.Item], keep: list[tuple]
    ) -> ScanResult:
        if kind in _NOT_COPIES:
            return ScanResult(_NOT_COPIES[kind], code, location=self._location)
        if code in self._seen:
            return ScanResult(ScanOutcome.DUPLICATE, code, location=self._location)
        item = items.get(code)
        if item is None:
            if _readable(code):  # PostgreSQL refuses NUL: junk is not kept
                self._seen.add(code)
                keep.append((code, None, "", ScanOutcome.UNKNOWN_BARCODE))
            return ScanResult(
                ScanOutcome.UNKNOWN_BARCODE, code, location=self._location
            )
        result = self._found(item, code)
        self._seen.add(code)
        keep.append((code, item.id, item.status.value, result.outcome))
        return result

    def _found(self, item: m.Item, code: str) -> ScanResult:
        patron = due = None
        if item.status is m.ItemStatus.ON_LOAN:
            loan = self._store.open_loan_of_item(item.id)
            if loan is not None:
                patron, due = self._store.patron(loan.patron_id), loan.due
        wrong = bool(self._location and item.location) and (
            item.location != self._location
        )
        return ScanResult(
            _BY_STATUS[item.status], code, item, patron, due, self._location, wrong
        )

    def _in(self, codes: list[str]) -> str:
        return ", ".join([self._param] * len(codes))

    def _scanned_before(self, codes: list[str]) -> set[str]:
        if not codes:
            return set()
        sql = (
            'SELECT barcode FROM "stocktakescan" WHERE stocktake_id = ?'
            f" AND barcode IN ({self._in(codes)})"
        ).replace("?", self._param)
        rows = self._database.execute_sql(sql, [self._take, *codes]).fetchall()
        return {b for (b,) in rows}

    def _items(self, codes: list[str]) -> dict[str, m.Item]:
        if not codes:
            return {}
        sql = f"{_ITEMS} WHERE i.barcode IN ({self._in(codes)})"
        rows = self._database.execute_sql(sql, codes).fetchall()
        return {row[1]: _item(row) for row in rows}

    def _insert(self, keep: list[tuple]) -> None:
        if not keep:
            return
        at = str(self._now)
        cursor = self._database.cursor()
        cursor.executemany(
            _INSERT_SCAN.replace("?", self._param),
            [
                (self._take, code, item, self._location, st, at)
                for code, item, st, _ in keep
            ],
        )
        cursor.executemany(
            SQL["insert_event"].replace("?", self._param),
            [
                (
                    at,
                    self._kiosk,
                    "stocktake_scan",
                    outcome.value,
                    None,
                    item,
                    code,
                    "",
                    "",
                )
                for code, item, _, outcome in keep
            ],
        )


_INSERT_SCAN = (
    'INSERT INTO "stocktakescan" (stocktake_id, barcode, item_id, location, status,'
    " at) VALUES (?, ?, ?, ?, ?, ?)"
)


def _readable(code: str) -> bool:
    return 0 < len(code) <= MAX_SCAN_LENGTH and code.isprintable()
