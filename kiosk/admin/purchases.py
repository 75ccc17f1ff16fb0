"""``admin purchases list|export``: the purchases register (购书登记).

Lines are entered by ``admin catalogue import --supplier``; here they are listed
or written to an XLSX workbook with a totals row.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.admin.catalogue import CatalogueError, parse_day
from kiosk.admin.spreadsheet import append_row
from kiosk.db import catalogue as store
from kiosk.db.catalogue import PurchaseRecord
from kiosk.i18n.admin import say

if TYPE_CHECKING:
    from kiosk.admin.cli import Admin, Commands

COLUMNS = (
    "date",
    "supplier",
    "invoice",
    "isbn",
    "title",
    "copies",
    "unit_price",
    "total",
    "note",
)
WIDTHS = (12, 20, 16, 16, 36, 8, 10, 12, 20)


def values(r: PurchaseRecord) -> list[object]:
    """One register line's values, in ``COLUMNS`` order."""
    return [
        r.date,
        r.supplier,
        r.invoice,
        r.isbn,
        r.title,
        r.copies,
        r.unit_price,
        r.total,
        r.note,
    ]


def totals(records: Sequence[PurchaseRecord]) -> tuple[int, Decimal]:
    """Copies and money of the register lines (lines without a price add 0)."""
    copies = sum(r.copies for r in records)
    money = sum((r.total for r in records if r.total is not None), Decimal("0"))
    return copies, money


def write_xlsx(
    path: Path,
    records: Sequence[PurchaseRecord],
    headers: Sequence[str],
    *,
    sheet_title: str,
    total_label: str,
) -> None:
    """One sheet: a header row, one row per line, and a totals row."""
    import openpyxl
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = sheet_title[:31]
    append_row(sheet, headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for r in records:
        append_row(sheet, values(r))
    copies, money = totals(records)
    append_row(sheet, [total_label, None, None, None, None, copies, None, money, None])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for row in sheet.iter_rows(min_row=2):
        row[0].number_format = "yyyy-mm-dd"
        row[6].number_format = row[7].number_format = "0.00"
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)


def register(tools: Commands) -> None:
    """Add the ``purchases`` topic."""
    lang = tools.lang
    group = tools.topic("purchases", "pur_help")
    show = tools.command(group, "list", "pur_list_help", _list)
    export = tools.command(group, "export", "pur_export_help", _export)
    export.add_argument("out", type=Path, help=say("pur_out_help", lang))
    for sub in (show, export):
        sub.add_argument("--from", dest="start", help=say("pur_from_help", lang))
        sub.add_argument("--to", dest="end", help=say("pur_to_help", lang))


def _records(admin: Admin, args: argparse.Namespace) -> list[PurchaseRecord]:
    start = parse_day(args.start) if args.start else None
    end = parse_day(args.end) if args.end else None
    library = admin.open()
    try:
        return store.purchases(library.database, start, end)
    finally:
        library.close()


def _list(admin: Admin, args: argparse.Namespace) -> int:
    records = _records(admin, args)
    for r in records:
        admin.say(
            "pur_line",
            date=r.date.isoformat(),
            supplier=r.supplier,
            invoice=r.invoice or "-",
            isbn=r.isbn,
            title=r.title,
            copies=r.copies,
            price=_money(r.unit_price),
            total=_money(r.total),
        )
    copies, money = totals(records)
    admin.say("pur_total", lines=len(records), copies=copies, total=_money(money))
    return 0


def _money(value: object) -> str:
    return "-" if value is None else f"{value:.2f}"


def _export(admin: Admin, args: argparse.Namespace) -> int:
    if args.out.suffix.lower() != ".xlsx":
        raise CatalogueError("pur_not_xlsx", path=args.out)
    records = _records(admin, args)
    write_xlsx(
        args.out,
        records,
        [say(f"pur_col_{c}", admin.lang) for c in COLUMNS],
        sheet_title=say("pur_sheet", admin.lang),
        total_label=say("pur_total_label", admin.lang),
    )
    admin.say("pur_written", path=args.out, lines=len(records))
    return 0
