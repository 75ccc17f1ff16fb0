"""The embedded demo library: a junior middle school's library, seeded once.

About 300 students in 6 classes of three grades, a few teachers, about 800
titles with valid 978-7 ISBNs and 1-3 labelled copies each, some loans (a few
overdue), a hold, weekends and the school's holidays and vacations. The data
is generated from a fixed seed, so the barcodes to try are always the same.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import peewee
from stdnum import ean

from kiosk.circulation.calendar import LibraryCalendar
from kiosk.circulation.model import ClosedPeriod
from kiosk.db import bulk
from kiosk.ports import Clock

log = logging.getLogger(__name__)

SEED = 2026
GRADES = {7: "初一", 8: "初二", 9: "初三"}
CLASSES_PER_GRADE = 2
STUDENTS_PER_CLASS = 50
TITLES = 800
LOAN_DAYS = 14

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹"
    "彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢"
)
GIVEN_CHARS = (
    "子涵浩宇欣怡梓萱诺轩雨桐思远嘉俊杰佳琪晨曦文博若明可馨天佑紫"
    "志强婉清家豪睿泽瑶乐安然"
)
CLASSICS = [
    ("红楼梦", "曹雪芹", "人民文学出版社", "I242.4"),
    ("西游记", "吴承恩", "人民文学出版社", "I242.4"),
    ("水浒传", "施耐庵", "人民文学出版社", "I242.4"),
    ("三国演义", "罗贯中", "人民文学出版社", "I242.4"),
    ("朝花夕拾", "鲁迅", "人民文学出版社", "I210.4"),
    ("骆驼祥子", "老舍", "人民文学出版社", "I246.5"),
    ("城南旧事", "林海音", "中国青年出版社", "I247.5"),
    ("草房子", "曹文轩", "江苏少年儿童出版社", "I287.45"),
    ("海底两万里", "儒勒·凡尔纳", "人民文学出版社", "I565.44"),
    ("钢铁是怎样炼成的", "奥斯特洛夫斯基", "人民文学出版社", "I512.45"),
    ("昆虫记", "法布尔", "作家出版社", "Q96-49"),
    ("红星照耀中国", "埃德加·斯诺", "人民文学出版社", "K264"),
    ("傅雷家书", "傅雷", "译林出版社", "I266.5"),
    ("简·爱", "夏洛蒂·勃朗特", "上海译文出版社", "I561.44"),
    ("平凡的世界", "路遥", "北京十月文艺出版社", "I247.57"),
    ("艾青诗选", "艾青", "人民文学出版社", "I227"),
    ("儒林外史", "吴敬梓", "人民文学出版社", "I242.4"),
    ("给青年的十二封信", "朱光潜", "人民文学出版社", "B821-49"),
    ("湘行散记", "沈从文", "人民文学出版社", "I266"),
    ("唐诗三百首", "蘅塘退士 编", "中华书局", "I222.742"),
]
SUBJECTS = [
    ("宇宙", "N49"),
    ("恐龙", "Q915-49"),
    ("中国历史", "K209"),
    ("数学", "O1-49"),
    ("化学", "O6-49"),
    ("物理", "O4-49"),
    ("地理", "K90-49"),
    ("植物", "Q94-49"),
    ("海洋", "P7-49"),
    ("英语阅读", "H319.4"),
    ("古诗词", "I207.2"),
    ("航天", "V4-49"),
    ("计算机", "TP3-49"),
    ("音乐", "J6-49"),
    ("美术", "J2-49"),
]
PATTERNS = [
    "{s}的奥秘",
    "少年{s}百科",
    "趣味{s}",
    "{s}故事",
    "走进{s}世界",
    "图说{s}",
    "{s}十万个为什么",
    "给孩子讲{s}",
]
PUBLISHERS = [
    "人民文学出版社",
    "人民教育出版社",
    "中国少年儿童出版社",
    "科学普及出版社",
    "商务印书馆",
    "中华书局",
    "北京师范大学出版社",
    "浙江少年儿童出版社",
]
AUTHOR_NAMES = "晓明立群建国丽华春生秋月海涛文静志远红梅国庆小燕"


@dataclass
class DemoData:
    """Rows for every table, plus the barcodes printed as suggestions."""

    tables: dict[str, list[dict[str, Any]]]
    hints: list[tuple[str, str]] = field(default_factory=list)


def school_year(today: dt.date) -> int:
    """Return the calendar year the current school year started in."""
    return today.year if today.month >= 8 else today.year - 1


def closed_periods(year: int) -> list[ClosedPeriod]:
    """Holidays and vacations of the school year that starts in ``year``."""
    nxt = year + 1
    return [
        ClosedPeriod(dt.date(year, 10, 1), dt.date(year, 10, 7), "国庆节"),
        ClosedPeriod(dt.date(nxt, 1, 1), dt.date(nxt, 1, 1), "元旦"),
        ClosedPeriod(dt.date(nxt, 1, 23), dt.date(nxt, 2, 21), "寒假"),
        ClosedPeriod(dt.date(nxt, 4, 4), dt.date(nxt, 4, 6), "清明节"),
        ClosedPeriod(dt.date(nxt, 5, 1), dt.date(nxt, 5, 5), "劳动节"),
        ClosedPeriod(dt.date(nxt, 7, 10), dt.date(nxt, 8, 31), "暑假"),
    ]


def generate(today: dt.date) -> DemoData:
    """Generate the demo library as of ``today`` (same barcodes every time)."""
    rng = random.Random(SEED)
    year = school_year(today)
    periods = closed_periods(year)
    patrons = _patrons(rng, year)
    titles = _titles(rng)
    items = _items(rng, titles)
    calendar = LibraryCalendar.build((6, 7), periods)
    loans, holds = _loans(rng, today, calendar, patrons, items, titles)
    tables = {
        "patron": patrons,
        "title": titles,
        "item": items,
        "loan": loans,
        "hold": holds,
        "closedperiod": [
            {"start": p.start, "end": p.end, "reason": p.reason} for p in periods
        ],
    }
    return DemoData(tables, _hints(patrons, titles, items, loans, holds))


def _name(rng: random.Random) -> str:
    given = "".join(rng.choice(GIVEN_CHARS) for _ in range(rng.choice((1, 2, 2))))
    return rng.choice(SURNAMES) + given


def _patrons(rng: random.Random, year: int) -> list[dict[str, Any]]:
    rows = []
    for grade, label in GRADES.items():
        entry_year = year - (grade - 7)
        for klass in range(1, CLASSES_PER_GRADE + 1):
            for seat in range(1, STUDENTS_PER_CLASS + 1):
                rows.append(
                    {
                        "id": len(rows) + 1,
                        "card": f"S{entry_year % 100:02d}{klass:02d}{seat:03d}",
                        "name": _name(rng),
                        "class_name": f"{label}({klass})班",
                        "grade": grade,
                        "type": "student",
                        "status": "active",
                        "card_expiry": dt.date(entry_year + 3, 7, 31),
                    }
                )
    for n in range(1, 7):
        rows.append(
            {
                "id": len(rows) + 1,
                "card": f"T{n:07d}",
                "name": _name(rng) + "老师",
                "class_name": "教师",
                "grade": None,
                "type": "teacher" if n < 6 else "staff",
                "status": "active",
                "card_expiry": None,
            }
        )
    rows[1]["status"] = "suspended"
    rows[2]["card_expiry"] = dt.date(year, 7, 31)
    return rows


def _isbn(rng: random.Random, used: set[str]) -> str:
    while True:
        body = "9787" + "".join(rng.choice("0123456789") for _ in range(8))
        number = body + ean.calc_check_digit(body)
        if number not in used:
            used.add(number)
            return number


def _titles(rng: random.Random) -> list[dict[str, Any]]:
    used: set[str] = set()
    rows = []
    for title, author, publisher, clc in CLASSICS:
        rows.append(_title_row(rng, len(rows) + 1, used, title, author, publisher, clc))
    while len(rows) < TITLES:
        subject, clc = rng.choice(SUBJECTS)
        title = rng.choice(PATTERNS).format(s=subject)
        volume = sum(1 for r in rows if r["title"].startswith(title)) + 1
        if volume > 1:
            title = f"{title}（第{volume}册）"
        author = (
            rng.choice(SURNAMES) + rng.choice(AUTHOR_NAMES) + rng.choice(AUTHOR_NAMES)
        )
        publisher = rng.choice(PUBLISHERS)
        rows.append(_title_row(rng, len(rows) + 1, used, title, author, publisher, clc))
    return rows


def _title_row(
    rng: random.Random,
    title_id: int,
    used: set[str],
    title: str,
    author: str,
    publisher: str,
    clc: str,
) -> dict[str, Any]:
    return {
        "id": title_id,
        "isbn": _isbn(rng, used),
        "title": title,
        "author": author,
        "publisher": publisher,
        "year": rng.randint(2005, 2025),
        "call_number": clc,
        "clc": clc,
        "price": Decimal(rng.randint(1500, 6800)) / 100,
    }


def _items(rng: random.Random, titles: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for title in titles:
        for _ in range(rng.choice((1, 1, 2, 2, 3))):
            n = len(rows) + 1
            rows.append(
                {
                    "id": n,
                    "barcode": f"{10000000 + n:08d}",
                    "title_id": title["id"],
                    "status": "available",
                    "location": f"{title['call_number'][0]}区",
                }
            )
    # A few copies that cannot be lent, to show the refusal.
    for row, status in zip(
        rows[-4:], ("lost", "damaged", "in_repair", "withdrawn"), strict=True
    ):
        row["status"] = status
    return rows


def _loans(
    rng: random.Random,
    today: dt.date,
    calendar: LibraryCalendar,
    patrons: list[dict[str, Any]],
    items: list[dict[str, Any]],
    titles: list[dict[str, Any]],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    students = [
        p for p in patrons if p["type"] == "student" and p["status"] == "active"
    ]
    students = [p for p in students if p["card_expiry"] >= today][3:]
    lendable = [i for i in items if i["status"] == "available"]
    rng.shuffle(lendable)
    loans: list[dict[str, Any]] = []

    def lend(item: dict[str, Any], patron: dict[str, Any], days_ago: int) -> None:
        out = dt.datetime.combine(today, dt.time(12, 30)) - dt.timedelta(days_ago)
        due = calendar.due_date(out.date(), LOAN_DAYS)
        if days_ago > 30:  # the book was due before the vacation began
            due = out.date() + dt.timedelta(days=LOAN_DAYS)
        loans.append(
            {
                "id": len(loans) + 1,
                "item_id": item["id"],
                "patron_id": patron["id"],
                "out_at": out,
                "due": due,
                "returned_at": None,
                "renewals": 0,
                "kiosk": "demo",
            }
        )
        item["status"] = "on_loan"

    for i, patron in enumerate(students[:60]):
        lend(lendable.pop(), patron, rng.randint(1, 12) if i >= 8 else 30 + i)
    # Every copy of the first classic is out, and a student waits for it.
    waiting_for = titles[0]["id"]
    for item in [i for i in items if i["title_id"] == waiting_for]:
        if item["status"] == "available":
            lend(item, students[70 + item["id"] % 5], 3)
    hold = {
        "id": 1,
        "patron_id": students[80]["id"],
        "title_id": waiting_for,
        "placed_at": dt.datetime.combine(today, dt.time(9, 0)) - dt.timedelta(2),
        "status": "waiting",
        "item_id": None,
    }
    return loans, [hold]


def _hints(
    patrons: list[dict[str, Any]],
    titles: list[dict[str, Any]],
    items: list[dict[str, Any]],
    loans: list[dict[str, Any]],
    holds: list[dict[str, Any]],
) -> list[tuple[str, str]]:
    borrowers = {ln["patron_id"] for ln in loans}
    free = next(p for p in patrons[10:] if p["id"] not in borrowers)
    late = next(ln for ln in loans if ln["kiosk"] == "demo")
    out_item = next(i for i in items if i["id"] == late["item_id"])
    on_shelf = next(i for i in items[40:] if i["status"] == "available")
    held = next(t for t in titles if t["id"] == holds[0]["title_id"])
    shelf_title = next(t for t in titles if t["id"] == on_shelf["title_id"])
    late_patron = next(p for p in patrons if p["id"] == late["patron_id"])
    bad = held["isbn"][:-1] + str((int(held["isbn"][-1]) + 1) % 10)
    return [
        ("card, nothing on loan / 无借阅的借书证", free["card"]),
        ("card with an overdue book / 有超期书的借书证", late_patron["card"]),
        ("teacher card / 教师借书证", "T0000001"),
        ("suspended card / 已暂停的借书证", patrons[1]["card"]),
        ("book on the shelf, copy barcode / 在架图书条码", on_shelf["barcode"]),
        ("same book by ISBN / 同一本书的 ISBN", shelf_title["isbn"]),
        ("overdue book to return / 超期待还的书", out_item["barcode"]),
        ("reserved title, ISBN / 有预约的书 ISBN", held["isbn"]),
        ("damaged ISBN (bad check digit) / 校验位错误", bad),
    ]


def ensure(database: peewee.Database, clock: Clock) -> DemoData:
    """Seed the demo library into an empty database; return its data."""
    data = generate(clock.today())
    if bulk.is_empty(database):
        counts = bulk.insert_tables(database, data.tables)
        log.info("demo library created: %s", counts)
    return data
