"""Every XLSX the project writes shows a would-be formula as text and never runs it."""

from __future__ import annotations

import datetime as dt
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from kiosk.admin import overdue, purchases, reports
from kiosk.admin.spreadsheet import FORMULA_STARTS
from kiosk.db.catalogue import PurchaseRecord
from kiosk.db.reports import OpenLoanRow
from tests.admin.helpers import admin

EVIL = '=HYPERLINK("http://x","y")'
# One of each start the OWASP rule names, as a name or a title would carry it.
ATTACKS = [EVIL, "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


def cells(path: Path) -> list[openpyxl.cell.Cell]:
    book = openpyxl.load_workbook(path)
    return [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]


def assert_safe(path: Path, texts: list[str]) -> None:
    found = cells(path)
    assert all(c.data_type != "f" for c in found)
    # XML keeps a carriage return as a line feed; it is still the text.
    values = {c.value.replace("\r", "\n") for c in found if isinstance(c.value, str)}
    assert {t.replace("\r", "\n") for t in texts} <= values
    with zipfile.ZipFile(path) as z:  # no formula element anywhere in the file
        assert not any(b"<f>" in z.read(n) for n in z.namelist() if n.endswith(".xml"))


def loan(name: str, title: str) -> OpenLoanRow:
    day = dt.date(2026, 11, 2)
    return OpenLoanRow(
        "初二(3)班", 8, "S0000001", name, "student", title, "1", day, day
    )


def test_the_recall_list(tmp_path: Path) -> None:
    path = tmp_path / "recall.xlsx"
    groups = [overdue.ClassLoans("初二(3)班", [loan(a, a) for a in ATTACKS])]
    overdue.write_recall_xlsx(path, groups, dt.date(2026, 12, 4), "en")
    assert_safe(path, ATTACKS)


def test_the_purchases_register(tmp_path: Path) -> None:
    path = tmp_path / "purchases.xlsx"
    day = dt.date(2026, 9, 1)
    records = [
        PurchaseRecord(day, a, a, "9787020002207", a, 1, Decimal("2"), Decimal("2"), a)
        for a in ATTACKS
    ]
    purchases.write_xlsx(
        path, records, [str(n) for n in range(9)], sheet_title="p", total_label="t"
    )
    assert_safe(path, ATTACKS)
    # Numbers and dates stay numbers and dates.
    row = list(openpyxl.load_workbook(path).active.values)[1]
    assert row[5] == 1
    assert row[0] == dt.datetime(2026, 9, 1)


def test_the_leaders_report(tmp_path: Path) -> None:
    path = tmp_path / "report.xlsx"
    section = reports.Section(
        "classes", "Classes", [EVIL, "n"], [[a, 3] for a in ATTACKS]
    )
    reports.write_xlsx(path, [section])
    assert_safe(path, ATTACKS)


@pytest.mark.parametrize("attack", [EVIL, "@cmd"])
def test_the_registers_from_the_command_line(small, tmp_path: Path, attack) -> None:
    small.library.database.execute_sql(
        "UPDATE patron SET name = ? WHERE card = ?", (attack, "S0000001")
    )
    result = small.service.check_out(small.patron_id("S0000001"), "10000001")
    assert result.ok
    assert admin(small.settings, small.clock, "registers", "lost", "10000001")[0] == 0
    path = tmp_path / "losses.xlsx"
    status, _, _ = admin(
        small.settings, small.clock, "registers", "list", "losses", "--xlsx", str(path)
    )
    assert status == 0
    assert_safe(path, [attack])


def test_every_dangerous_start_is_named() -> None:
    assert {a[0] for a in ATTACKS} == set(FORMULA_STARTS)
