"""A small library whose report figures are known by hand (see EXPECTED notes).

Three classes (初一(1)班 3 students, 初一(2)班 2, 初二(10)班 2 plus a leaver),
two teachers, four titles in three CLC classes plus one unclassified, loans
across September and October 2026 at kiosks k1 and k2, and some still out on
the clock's day, 2026-11-25.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import peewee

from kiosk.db import bulk

D = dt.datetime


def _patron(pid: int, card: str, name: str, cls: str, grade: int | None, **kw: Any):
    return {
        "id": pid,
        "card": card,
        "name": name,
        "class_name": cls,
        "grade": grade,
        "type": kw.get("type", "student"),
        "status": kw.get("status", "active"),
        "card_expiry": dt.date(2029, 7, 31),
    }


PATRONS = [
    _patron(1, "S0000001", "李明", "初一(1)班", 7),
    _patron(2, "S0000002", "王芳", "初一(1)班", 7),
    _patron(3, "S0000003", "张伟", "初一(1)班", 7),
    _patron(4, "S0000004", "刘洋", "初一(2)班", 7),
    _patron(5, "S0000005", "陈静", "初一(2)班", 7),
    _patron(6, "S0000006", "杨帆", "初二(10)班", 8),
    _patron(7, "S0000007", "赵磊", "初二(10)班", 8),
    _patron(8, "S0000008", "孙悦", "初二(10)班", 8, status="left"),
    _patron(9, "T0000001", "王老师", "初一(1)班", None, type="teacher"),
    _patron(10, "T0000002", "周老师", "", None, type="teacher"),
]


def _title(tid: int, title: str, clc: str) -> dict[str, Any]:
    return {
        "id": tid,
        "isbn": None,
        "title": title,
        "author": "作者" + str(tid),
        "call_number": clc,
        "clc": clc,
        "created_at": D(2026, 1, 1),
    }


TITLES = [
    _title(1, "红楼梦", "I242"),
    _title(2, "时间简史", "P159"),
    _title(3, "新华字典", "H164"),
    _title(4, "无分类", ""),
]
ITEMS = [
    # id, title, created, status
    (1, 1, D(2026, 1, 1), "on_loan"),
    (2, 1, D(2026, 1, 1), "available"),
    (3, 2, D(2026, 1, 1), "on_loan"),
    (4, 3, D(2026, 1, 1), "available"),
    (5, 4, D(2026, 1, 1), "on_loan"),
    (6, 1, D(2026, 10, 5), "on_loan"),
    (7, 2, D(2026, 10, 20), "on_loan"),
    (8, 3, D(2026, 1, 1), "withdrawn"),
]
LOANS = [
    # id, patron, item, out, returned, kiosk
    (1, 1, 1, D(2026, 9, 3, 9), D(2026, 9, 10, 9), "k1"),
    (2, 1, 3, D(2026, 9, 5, 9), D(2026, 9, 20, 9), "k1"),
    (3, 2, 1, D(2026, 9, 15, 9), D(2026, 10, 2, 9), "k2"),
    (4, 4, 4, D(2026, 9, 20, 9), D(2026, 9, 25, 9), "k2"),
    (5, 9, 5, D(2026, 9, 21, 9), D(2026, 10, 3, 9), "k1"),
    (6, 1, 1, D(2026, 10, 8, 9), D(2026, 10, 15, 9), "k1"),
    (7, 6, 3, D(2026, 10, 10, 9), None, "k2"),
    (8, 4, 1, D(2026, 10, 20, 9), None, "k1"),
    (9, 2, 6, D(2026, 10, 25, 9), None, "k1"),
    (10, 5, 2, D(2026, 8, 20, 9), D(2026, 8, 25, 9), "k1"),
    (11, 3, 7, D(2026, 11, 2, 9), None, "k2"),
    (12, 8, 5, D(2026, 10, 12, 9), None, "k2"),
]
DUE = {7: dt.date(2026, 10, 24), 8: dt.date(2026, 11, 3), 9: dt.date(2026, 12, 10)}
DUE |= {11: dt.date(2026, 11, 16), 12: dt.date(2026, 10, 26)}
# Returns the event log saw (loan 5's return predates the log).
RETURN_EVENTS = {1: "k1", 2: "k1", 6: "k1", 3: "k2", 4: "k2"}


def tables() -> dict[str, list[dict[str, Any]]]:
    """The rows, parents first."""
    loans = {loan[0]: loan for loan in LOANS}
    return {
        "patron": PATRONS,
        "title": TITLES,
        "item": [
            {
                "id": i,
                "barcode": f"1000000{i}",
                "title_id": t,
                "status": s,
                "location": "",
                "created_at": c,
            }
            for i, t, c, s in ITEMS
        ],
        "loan": [
            {
                "id": n,
                "item_id": item,
                "patron_id": patron,
                "out_at": out,
                "due": DUE.get(n, (out + dt.timedelta(days=14)).date()),
                "returned_at": back,
                "renewals": 0,
                "kiosk": kiosk,
            }
            for n, patron, item, out, back, kiosk in LOANS
        ],
        "event": [
            {
                "at": loans[n][4],
                "kiosk": kiosk,
                "action": "check_in",
                "outcome": "RETURNED",
                "patron_id": loans[n][1],
                "item_id": loans[n][2],
                "scan": f"1000000{loans[n][2]}",
            }
            for n, kiosk in RETURN_EVENTS.items()
        ],
    }


def fill(database: peewee.Database) -> None:
    """Insert the small library into an open (migrated) database."""
    bulk.insert_tables(database, tables())


def filled(settings: Any, clock: Any) -> Any:
    """Fill the configured library with the small library; return its settings."""
    from kiosk.runtime import open_library

    library = open_library(settings, clock)
    fill(library.database)
    library.close()
    return settings
