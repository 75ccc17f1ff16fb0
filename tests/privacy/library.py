"""A library with five school years of loans, leavers, a debt and a book still out.

The clock's day is 2026-12-04 (school year 2026-27). With the shipped
``[privacy]`` settings (3 school years, 12 months) loans of the school years
2021-22 and 2022-23 lose their borrowers, and 张伟 (left in July 2024, nothing
out, nothing owed) loses his name; 刘洋 left too recently, 陈静 still has a
book and 赵强 still owes money.
"""

from __future__ import annotations

import datetime as dt
import itertools
import uuid
from typing import Any

from kiosk.db import bulk

D = dt.datetime
NOW = D(2026, 12, 4, 10, 0)
EVIL = '=HYPERLINK("http://x","y")'


def _patron(pid, card, name, cls, grade, status="active", kind="student", left=None):
    return {
        "id": pid,
        "card": card,
        "name": name,
        "class_name": cls,
        "grade": grade,
        "type": kind,
        "status": status,
        "card_expiry": dt.date(2029, 7, 31),
        "created_at": D(2021, 8, 20),
        "gender": "M",
        "left_at": left,
    }


PATRONS = [
    _patron(1, "S0000001", "李明", "高一(1)班", 10),
    _patron(2, "S0000002", "王芳", "初三(1)班", 9),
    _patron(3, "S0000003", "张伟", "初三(2)班", 9, "left", left=D(2024, 7, 20)),
    _patron(4, "S0000004", "刘洋", "初三(2)班", 9, "left", left=D(2026, 7, 20)),
    _patron(5, "S0000005", "陈静", "初三(2)班", 9, "left", left=D(2024, 7, 20)),
    _patron(6, "S0000006", "赵强", "初三(2)班", 9, "left", left=D(2024, 7, 20)),
    _patron(7, "T0000001", "赵老师", "教师", None, kind="teacher"),
    _patron(8, "S0000008", EVIL, "@SUM(1)", 8),
]
BORROWERS = (1, 2, 3, 4, 6, 7, 8)
DAYS = ((9, 15), (11, 20), (3, 10), (5, 5))  # (month, day) in each school year


def tables() -> dict[str, list[dict[str, Any]]]:
    """Rows for ``bulk.insert_tables``."""
    titles = [
        {
            "id": t,
            "isbn": None,
            "title": name,
            "author": "",
            "call_number": clc,
            "clc": clc,
            "created_at": D(2020, 1, 1),
        }
        for t, name, clc in (
            (1, "红楼梦", "I242"),
            (2, "时间简史", "P159"),
            (3, "+cmd|' /C calc'!A0", "H164"),
        )
    ]
    items = [
        {
            "id": i,
            "barcode": f"1000000{i}",
            "title_id": (i - 1) % 3 + 1,
            "status": "available",
            "location": "I区",
            "created_at": D(2020, 1, 1),
        }
        for i in range(1, 9)
    ]
    loans, events, cycle = [], [], itertools.cycle(range(1, 8))
    for year in range(2021, 2027):
        for month, day in DAYS:
            out = D(year if month >= 8 else year + 1, month, day, 9)
            if out > NOW - dt.timedelta(days=20):
                continue
            for patron in BORROWERS:
                if patron == 4 and year < 2023:
                    continue
                item = next(cycle)
                lid = len(loans) + 1
                kiosk = "k1" if lid % 2 else "k2"
                back = out + dt.timedelta(days=14)
                loans.append(
                    {
                        "id": lid,
                        "item_id": item,
                        "patron_id": patron,
                        "out_at": out,
                        "due": (out + dt.timedelta(days=21)).date(),
                        "returned_at": back,
                        "renewals": 0,
                        "kiosk": kiosk,
                        "closed_as": None,
                    }
                )
                card = PATRONS[patron - 1]["card"]
                events += [
                    _event(out, kiosk, "scan_card", "PATRON_OK", patron, None, card),
                    _event(out, kiosk, "check_out", "CHECKED_OUT", patron, item, ""),
                    _event(back, kiosk, "check_in", "RETURNED", patron, item, ""),
                ]
    # 陈静 still has a book; 赵强 lost one and has not paid.
    out = D(2026, 11, 20, 9)
    loans.append(_open(len(loans) + 1, 8, 5, out))
    items[7]["status"] = "on_loan"
    lost = D(2024, 5, 6, 9)
    loans.append(
        {**_open(len(loans) + 1, 7, 6, lost), "returned_at": lost, "closed_as": "lost"}
    )
    items[6]["status"] = "lost"
    loss = {
        "id": 1,
        "item_id": 7,
        "kind": "lost",
        "at": lost,
        "patron_id": 6,
        "loan_id": len(loans),
        "asked": 30,
        "paid": 0,
        "note": "",
        "kiosk": "desk",
    }
    # 李明 paid for a book damaged in his first loan (2021): settled.
    settled = {
        **loss,
        "id": 2,
        "item_id": loans[0]["item_id"],
        "kind": "damaged",
        "at": D(2021, 9, 29, 9),
        "patron_id": loans[0]["patron_id"],
        "loan_id": 1,
        "asked": 20,
        "paid": 20,
    }
    journal = {
        "op_id": str(uuid.UUID(int=1)),
        "kiosk": "k1",
        "at": D(2022, 3, 10, 9),
        "action": "check_out",
        "card": "S0000003",
        "scan": "10000001",
        "barcode": "10000001",
        "due": dt.date(2022, 3, 31),
        "shown": "CHECKED_OUT",
        "result": "CHECKED_OUT",
        "conflict": "",
        "replayed_at": D(2022, 3, 10, 10),
    }
    return {
        "patron": PATRONS,
        "title": titles,
        "item": items,
        "loan": loans,
        "event": events,
        "loss": [loss, settled],
        "journalop": [journal],
    }


def _open(lid: int, item: int, patron: int, out: dt.datetime) -> dict[str, Any]:
    return {
        "id": lid,
        "item_id": item,
        "patron_id": patron,
        "out_at": out,
        "due": (out + dt.timedelta(days=21)).date(),
        "returned_at": None,
        "renewals": 0,
        "kiosk": "k1",
        "closed_as": None,
    }


def _event(at, kiosk, action, outcome, patron, item, scan) -> dict[str, Any]:
    return {
        "at": at,
        "kiosk": kiosk,
        "action": action,
        "outcome": outcome,
        "patron_id": patron,
        "item_id": item,
        "scan": scan,
    }


def fill(database) -> None:
    """Put the library's rows in an open, migrated database."""
    bulk.insert_tables(database, tables())
