"""Demo-like slip data built from real circulation value objects (no database)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from kiosk.circulation.model import (
    Item,
    ItemStatus,
    Loan,
    Patron,
    PatronStatus,
    PatronType,
    Title,
)
from kiosk.circulation.outcomes import Outcome, Result
from kiosk.circulation.service import RosterLine
from receipts.slip import LibraryInfo, Slip, build_class_slip, build_slip

NOW = dt.datetime(2026, 11, 25, 10, 5, 30)  # a Wednesday
LIBRARY = LibraryInfo(
    name="示范中学图书馆",
    kiosk_id="kiosk-1",
    closed_weekdays=frozenset({6, 7}),
)
LONG_TITLE = "给青年的十二封信：朱光潜谈修养、谈美与人生（插图珍藏版，附《谈读书》）"


def patron(pid: int = 16, card: str = "S2602016", name: str = "李明") -> Patron:
    return Patron(
        pid,
        card,
        name,
        "初二(3)班",
        8,
        PatronType.STUDENT,
        PatronStatus.ACTIVE,
        dt.date(2029, 7, 31),
    )


def title(tid: int, name: str, isbn: str | None = None) -> Title:
    return Title(
        tid, isbn, None, name, "", "人民文学出版社", 2020, "I247", Decimal("25.00")
    )


def item(iid: int, barcode: str | None, t: Title, status=ItemStatus.ON_LOAN) -> Item:
    return Item(iid, barcode, t, status, "I区")


def loan(lid: int, it: Item, pid: int, out: dt.date, due: dt.date) -> Loan:
    return Loan(
        lid, it, pid, dt.datetime.combine(out, dt.time(12, 0)), due, None, 0, "k"
    )


def result(outcome: Outcome, it: Item | None, **kw) -> Result:
    return Result(
        outcome,
        it.barcode or "" if it else "",
        item=it,
        title=it.title if it else None,
        **kw,
    )


def session_results(p: Patron) -> tuple[list[Result], list[Loan]]:
    """A busy visit: 3 borrowed, 1 renewed, 1 returned late, 2 refused."""
    due = dt.date(2026, 12, 9)
    steel = item(41, "10000041", title(1, "钢铁是怎样炼成的", "9787020002207"))
    sea = item(42, None, title(2, "海底两万里", "9787532130014"))
    letters = item(43, "10000043", title(3, LONG_TITLE))
    renewed = item(44, "10000044", title(4, "城南旧事"))
    back = item(45, "10000045", title(5, "西游记"))
    red = item(46, "10000046", title(6, "红楼梦"), ItemStatus.AVAILABLE)
    jane = item(47, "10000047", title(7, "简·爱"), ItemStatus.DAMAGED)
    insects = item(48, "10000048", title(8, "昆虫记"))
    results = [
        Result(Outcome.PATRON_OK, p.card, patron=p),
        result(Outcome.CHECKED_OUT, steel, patron=p, due=due),
        result(Outcome.CHECKED_OUT, sea, patron=p, due=due),
        result(Outcome.CHECKED_OUT, letters, patron=p, due=due),
        result(Outcome.RENEWED, renewed, patron=p, due=dt.date(2026, 12, 9)),
        result(Outcome.RETURNED, back, patron=p, days_late=3),
        result(Outcome.RESERVED_FOR_OTHER, red, patron=p),
        result(Outcome.NOT_FOR_LOAN, jane, patron=p),
        Result(Outcome.SESSION_ENDED, patron=p),
    ]
    out = NOW.date()
    loans = [
        loan(1, insects, p.id, dt.date(2026, 11, 6), dt.date(2026, 11, 20)),
        loan(2, steel, p.id, out, due),
        loan(3, sea, p.id, out, due),
        loan(4, letters, p.id, out, due),
        loan(5, renewed, p.id, dt.date(2026, 11, 18), dt.date(2026, 12, 9)),
    ]
    return results, loans


def session_slip(language: str = "zh-CN", **library) -> Slip:
    p = patron()
    results, loans = session_results(p)
    info = LibraryInfo(**{**LIBRARY.__dict__, "language": language, **library})
    return build_slip(p, results, NOW, info, loans)


def class_slip(language: str = "zh-CN") -> Slip:
    names = ["李明", "王芳", "张子涵", "刘浩宇", "陈欣怡"]
    roster = []
    results = []
    for n, name in enumerate(names, 1):
        p = patron(n, f"S26020{n:02d}", name)
        loans = []
        if n % 2:
            it = item(
                100 + n,
                f"100001{n:02d}",
                title(100 + n, ["城南旧事", "草房子", "朝花夕拾"][n // 2]),
            )
            loans.append(loan(n, it, n, NOW.date(), dt.date(2026, 12, 9)))
            results.append(
                result(Outcome.CHECKED_OUT, it, patron=p, due=dt.date(2026, 12, 9))
            )
        if n == 4:
            it = item(200, "10000200", title(200, "骆驼祥子"))
            loans.append(loan(9, it, n, dt.date(2026, 11, 2), dt.date(2026, 11, 16)))
        roster.append(
            RosterLine(p, tuple(loans), sum(1 for ln in loans if ln.due < NOW.date()))
        )
    info = LibraryInfo(**{**LIBRARY.__dict__, "language": language})
    return build_class_slip("初二(3)班", roster, results, NOW, info)
