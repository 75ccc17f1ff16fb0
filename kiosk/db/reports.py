"""Figures for the leaders' report and the overdue lists, counted by the database.

A year of a school's loans is about 100,000 rows of a decade's million, so every
figure is one aggregate query (GROUP BY in SQL) over an index on the loan's
dates (migration 0006), never a Python loop over loans. The SQL is written once
for both engines; only the month of a timestamp is spelled differently.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import peewee

TOP = 10


@dataclass(frozen=True)
class ClassCount:
    """One class of current students: how many, how many borrowed, how much."""

    grade: int | None
    class_name: str
    students: int
    borrowers: int
    loans: int


@dataclass(frozen=True)
class KioskCount:
    """Loans made and returns taken at one kiosk."""

    kiosk: str
    loans: int
    returns: int


@dataclass(frozen=True)
class Figures:
    """Everything the leaders' report counts for one period."""

    start: dt.date
    end: dt.date
    kiosk: str | None
    loans: int
    returns: int
    loans_by_type: dict[str, int]
    classes: list[ClassCount]
    top_titles: list[tuple[str, str, int]]
    top_readers: list[tuple[str, str, str, int]]
    clc: list[tuple[str, int, int]]
    new_items: int
    new_titles: int
    kiosks: list[KioskCount]
    months: dict[str, tuple[int, int]]


@dataclass(frozen=True)
class OpenLoanRow:
    """A book still out, with its reader's class (overdue lists, recall list)."""

    class_name: str
    grade: int | None
    card: str
    name: str
    patron_type: str
    title: str
    barcode: str
    out_at: dt.date
    due: dt.date


def _day(value: object) -> dt.date:
    """SQLite hands back text, PostgreSQL dates and timestamps."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


class _Query:
    """The period (and kiosk) every loan query is filtered by."""

    def __init__(
        self,
        database: peewee.Database,
        start: dt.date,
        end: dt.date,
        kiosk: str | None,
    ) -> None:
        self.db = database
        self.low = dt.datetime.combine(start, dt.time())
        self.high = dt.datetime.combine(end + dt.timedelta(days=1), dt.time())
        self.kiosk = kiosk
        self.postgres = isinstance(database, peewee.PostgresqlDatabase)

    def rows(self, sql: str, *params: object) -> list[tuple]:
        return self.db.execute_sql(sql.replace("?", self.db.param), params).fetchall()

    def loans(self, column: str = "out_at") -> tuple[str, tuple]:
        """The WHERE clause of loans in the period, and its parameters."""
        where = f"l.{column} >= ? AND l.{column} < ?"
        params: tuple = (self.low, self.high)
        if self.kiosk is not None:
            where += " AND l.kiosk = ?"
            params += (self.kiosk,)
        return where, params

    def month(self, column: str) -> str:
        if self.postgres:
            return f"to_char({column}, 'YYYY-MM')"
        return f"substr({column}, 1, 7)"


def gather(
    database: peewee.Database,
    start: dt.date,
    end: dt.date,
    kiosk: str | None = None,
    top: int = TOP,
) -> Figures:
    """Count the loans, returns, readers and books of ``start``..``end`` (inclusive).

    With ``kiosk``, loans are those made at that kiosk and returns those the
    event log saw it take.
    """
    q = _Query(database, start, end, kiosk)
    months = _months(q)
    returns = sum(back for _, back in months.values())
    readers = _readers(q)
    titles, clc = _titles(q, top)
    return Figures(
        start=start,
        end=end,
        kiosk=kiosk,
        loans=sum(n for *_, n in readers),
        returns=returns,
        loans_by_type=_by_type(readers),
        classes=_classes(q, readers),
        top_titles=titles,
        top_readers=[
            (card, name, cls, n)
            for card, name, cls, *_, n in sorted(readers, key=lambda r: (-r[-1], r[0]))
            if n
        ][:top],
        clc=clc,
        **_new_items(q),
        kiosks=_kiosks(q, returns),
        months=months,
    )


def _readers(q: _Query) -> list[tuple]:
    """Every patron with their loans in the period (one GROUP BY over the loans).

    Rows: card, name, class, grade, type, status, loans. A school has a few
    thousand patrons, so the per-class and per-type sums are made from these.
    """
    where, params = q.loans()
    return q.rows(
        "SELECT p.card, p.name, p.class_name, p.grade, p.type, p.status,"
        ' COALESCE(b.n, 0) FROM "patron" p LEFT JOIN (SELECT l.patron_id,'
        f' COUNT(*) AS n FROM "loan" l WHERE {where} GROUP BY l.patron_id) b'
        " ON b.patron_id = p.id",
        *params,
    )


def _by_type(readers: list[tuple]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for *_, kind, _status, n in readers:
        if n:
            counts[kind] = counts.get(kind, 0) + int(n)
    return counts


def _classes(q: _Query, readers: list[tuple]) -> list[ClassCount]:
    """Current students (not left) by class: how many, who borrowed, how much."""
    classes: dict[tuple, list[int]] = {}
    for _card, _name, cls, grade, kind, status, n in readers:
        if kind != "student" or status == "left":
            continue
        row = classes.setdefault((grade, cls or ""), [0, 0, 0])
        row[0] += 1
        row[1] += 1 if n else 0
        row[2] += int(n)
    return [ClassCount(g, c, *counts) for (g, c), counts in classes.items()]


def _titles(
    q: _Query, top: int
) -> tuple[list[tuple[str, str, int]], list[tuple[str, int, int]]]:
    """The most lent titles, and loans per CLC main class, from one pass."""
    where, params = q.loans()
    clc = has_clc(q.db)
    letter = "UPPER(SUBSTR(COALESCE(t.clc, ''), 1, 1))" if clc else "''"
    rows = q.rows(
        'WITH b AS (SELECT i.title_id, COUNT(*) AS n FROM "loan" l'
        f' JOIN "item" i ON i.id = l.item_id WHERE {where} GROUP BY i.title_id),'
        " best AS (SELECT t.title, t.author, b.n, t.id FROM b"
        ' JOIN "title" t ON t.id = b.title_id ORDER BY b.n DESC, t.id LIMIT ?)'
        " SELECT 'top', title, author, n, id FROM best UNION ALL"
        f" SELECT 'clc', {letter}, '', SUM(b.n), 0 FROM b"
        f' JOIN "title" t ON t.id = b.title_id GROUP BY {letter}',
        *params,
        top,
    )
    best = sorted((r for r in rows if r[0] == "top"), key=lambda r: (-r[3], r[4]))
    held = q.rows(
        f'SELECT {letter}, COUNT(*) FROM "item" i JOIN "title" t'
        f" ON t.id = i.title_id WHERE i.status <> 'withdrawn' GROUP BY {letter}"
    )
    lent = [(r[1], r[3]) for r in rows if r[0] == "clc"]
    return [(t, a or "", int(n)) for _, t, a, n, _ in best], _by_letter(lent, held)


def has_clc(database: peewee.Database) -> bool:
    """Whether titles carry a CLC class yet (migration 0004 adds it)."""
    return any(c.name == "clc" for c in database.get_columns("title"))


def _by_letter(lent: list[tuple], held: list[tuple]) -> list[tuple[str, int, int]]:
    """Loans and copies per CLC main class (first letter); '' = unclassified."""
    loans: dict[str, int] = {}
    copies: dict[str, int] = {}
    for counts, rows in ((loans, lent), (copies, held)):
        for key, n in rows:
            name = key if key and key.isalpha() else ""
            counts[name] = counts.get(name, 0) + int(n or 0)
    keys = sorted(loans.keys() | copies.keys(), key=lambda k: (k == "", k))
    return [(k, loans.get(k, 0), copies.get(k, 0)) for k in keys]


def _new_items(q: _Query) -> dict[str, int]:
    items, titles = q.rows(
        'SELECT COUNT(*), COUNT(DISTINCT title_id) FROM "item"'
        " WHERE created_at >= ? AND created_at < ?",
        q.low,
        q.high,
    )[0]
    return {"new_items": int(items), "new_titles": int(titles)}


def _kiosks(q: _Query, returns: int) -> list[KioskCount]:
    """Loans by the lending kiosk; returns by the kiosk the event log names.

    Returns made before the event log existed (or imported history) are in
    no kiosk's count; they show as the kiosk ''.
    """
    where, params = q.loans()
    lent = dict(
        q.rows(
            f'SELECT l.kiosk, COUNT(*) FROM "loan" l WHERE {where} GROUP BY l.kiosk',
            *params,
        )
    )
    event_where = "e.at >= ? AND e.at < ? AND e.outcome = 'RETURNED'"
    event_params: tuple = (q.low, q.high)
    if q.kiosk is not None:
        event_where += " AND e.kiosk = ?"
        event_params += (q.kiosk,)
    back = dict(
        q.rows(
            f'SELECT e.kiosk, COUNT(*) FROM "event" e WHERE {event_where}'
            " GROUP BY e.kiosk",
            *event_params,
        )
    )
    if q.kiosk is None:
        unlogged = returns - sum(back.values())
        if unlogged > 0:
            back[""] = back.get("", 0) + unlogged
    names = sorted(lent.keys() | back.keys(), key=lambda k: (k == "", k))
    return [KioskCount(k, int(lent.get(k, 0)), int(back.get(k, 0))) for k in names]


def _months(q: _Query) -> dict[str, tuple[int, int]]:
    """Loans and returns per calendar month (YYYY-MM) of the period."""
    where, params = q.loans()
    out = dict(
        q.rows(
            f'SELECT {q.month("l.out_at")}, COUNT(*) FROM "loan" l WHERE {where}'
            " GROUP BY 1",
            *params,
        )
    )
    if q.kiosk is None:
        back_where, back_params = q.loans("returned_at")
        if any(c.name == "closed_as" for c in q.db.get_columns("loan")):
            # A loan closed because the copy was lost or damaged is no return.
            back_where += " AND l.closed_as IS NULL"
        back = dict(
            q.rows(
                f'SELECT {q.month("l.returned_at")}, COUNT(*) FROM "loan" l'
                f" WHERE {back_where} GROUP BY 1",
                *back_params,
            )
        )
    else:
        back = dict(
            q.rows(
                f'SELECT {q.month("e.at")}, COUNT(*) FROM "event" e WHERE e.at >= ?'
                " AND e.at < ? AND e.outcome = 'RETURNED' AND e.kiosk = ? GROUP BY 1",
                q.low,
                q.high,
                q.kiosk,
            )
        )
    return {
        m: (int(out.get(m, 0)), int(back.get(m, 0))) for m in out.keys() | back.keys()
    }


def open_loans(
    database: peewee.Database,
    *,
    class_name: str | None = None,
    due_before: dt.date | None = None,
) -> list[OpenLoanRow]:
    """Books still out (due before ``due_before``, if given), by class and reader."""
    sql = (
        "SELECT p.class_name, p.grade, p.card, p.name, p.type, t.title, i.barcode,"
        ' l.out_at, l.due FROM "loan" l JOIN "patron" p ON p.id = l.patron_id'
        ' JOIN "item" i ON i.id = l.item_id JOIN "title" t ON t.id = i.title_id'
        " WHERE l.returned_at IS NULL"
    )
    params: list[object] = []
    if class_name is not None:
        sql += " AND p.class_name = ?"
        params.append(class_name)
    if due_before is not None:
        sql += " AND l.due < ?"
        params.append(due_before)
    sql += " ORDER BY p.class_name, p.card, l.due, i.barcode"
    rows = database.execute_sql(sql.replace("?", database.param), params).fetchall()
    return [
        OpenLoanRow(
            c or "", g, card, name, kind, title, barcode or "", _day(out), _day(due)
        )
        for c, g, card, name, kind, title, barcode, out, due in rows
    ]


def homeroom_teachers(database: peewee.Database) -> dict[str, str]:
    """Class name -> the teacher on that class's roster (the 班主任), if any."""
    rows = database.execute_sql(
        "SELECT class_name, name FROM \"patron\" WHERE type = 'teacher'"
        " AND status <> 'left' AND class_name <> '' ORDER BY card"
    ).fetchall()
    teachers: dict[str, str] = {}
    for class_name, name in rows:
        teachers.setdefault(class_name, name)
    return teachers


def class_names(database: peewee.Database) -> set[str]:
    """Every class name a patron has (to tell a typo from a class with no loans)."""
    return {
        r[0] for r in database.execute_sql('SELECT DISTINCT class_name FROM "patron"')
    }
