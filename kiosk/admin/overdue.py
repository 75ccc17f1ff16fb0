"""``admin overdue list|notices|recall``: chasing books, class by class.

Teachers chase books through classes, so everything here is grouped by the
reader's class: a list on screen, a one-page notice per class for its homeroom
teacher (班主任: the teacher patron on that class's roster, when there is one),
and at term end the recall list of every book still out.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.admin import pdf
from kiosk.admin.classes import parse_class
from kiosk.admin.reports import check_folders
from kiosk.admin.spreadsheet import append_row
from kiosk.db.reports import OpenLoanRow
from kiosk.errors import AdminError
from kiosk.i18n.admin import say


@dataclass(frozen=True)
class ClassLoans:
    """One class's books out (or overdue), in card order."""

    class_name: str
    loans: list[OpenLoanRow]


def days_late(loan: OpenLoanRow, today: dt.date) -> int:
    """Whole days past the due date (0 when not yet due)."""
    return max(0, (today - loan.due).days)


def by_class(loans: Iterable[OpenLoanRow]) -> list[ClassLoans]:
    """Group loans by class: grade, then class number, then name."""
    groups: dict[str, list[OpenLoanRow]] = {}
    grades: dict[str, int | None] = {}
    for loan in loans:
        groups.setdefault(loan.class_name, []).append(loan)
        grades.setdefault(loan.class_name, loan.grade)

    def order(name: str) -> tuple:
        parsed = parse_class(name)
        grade = grades[name]
        return (
            grade if grade is not None else 99,
            parsed.number if parsed else 999,
            name,
        )

    return [ClassLoans(name, groups[name]) for name in sorted(groups, key=order)]


def _columns(lang: str, *, with_out: bool) -> list[str]:
    keys = ["od_col_card", "od_col_name", "od_col_title", "od_col_barcode"]
    keys += ["od_col_out"] if with_out else []
    keys += ["od_col_due", "od_col_days"]
    return [say(k, lang) for k in keys]


def _row(loan: OpenLoanRow, today: dt.date, *, with_out: bool) -> list[Any]:
    row: list[Any] = [loan.card, loan.name, loan.title, loan.barcode]
    row += [loan.out_at.isoformat()] if with_out else []
    return [*row, loan.due.isoformat(), days_late(loan, today)]


_ROOMY = 28  # rows that fit one notice page in 9 pt type
_WIDTHS = (0.14, 0.10, 0.35, 0.13, 0.15, 0.13)
_RECALL_WIDTHS = (0.13, 0.09, 0.265, 0.12, 0.14, 0.14, 0.115)


def notices(
    groups: Sequence[ClassLoans],
    teachers: dict[str, str],
    today: dt.date,
    library: str,
    lang: str,
) -> pdf.Document:
    """One A4 page per class, addressed to its homeroom teacher."""
    title = say("od_notice_title", lang)
    blocks: list[pdf.Block] = []
    for n, group in enumerate(groups):
        if n:
            blocks.append(pdf.PageBreak())
        teacher = teachers.get(group.class_name)
        to = (
            say(
                "od_notice_to_named", lang, class_name=group.class_name, teacher=teacher
            )
            if teacher
            else say("od_notice_to", lang, class_name=group.class_name)
        )
        body = say("od_notice_body", lang, date=today, count=len(group.loans))
        blocks += [
            pdf.Heading(f"{library} {title}"),
            pdf.Para(to, size=12),
            pdf.Para(body, size=11),
            pdf.Table(
                _columns(lang, with_out=False),
                [_row(x, today, with_out=False) for x in group.loans],
                _WIDTHS,
                # A long list in smaller type, so the notice stays one page.
                size=9.0 if len(group.loans) <= _ROOMY else 7.0,
            ),
            pdf.Para(say("od_notice_sign", lang, library=library, date=today)),
        ]
    return pdf.Document(f"{library} {title}", blocks, footer=f"{library} {title}")


def recall(
    groups: Sequence[ClassLoans], today: dt.date, library: str, lang: str
) -> pdf.Document:
    """Every book out, a section (and a fresh page) per class."""
    title = say("od_recall_title", lang, library=library, date=today)
    count = sum(len(g.loans) for g in groups)
    blocks: list[pdf.Block] = [
        pdf.Heading(title),
        pdf.Para(say("od_recall_intro", lang, count=count, classes=len(groups))),
    ]
    for n, group in enumerate(groups):
        if n:
            blocks.append(pdf.PageBreak())
        blocks += [
            pdf.Heading(
                say(
                    "od_recall_class",
                    lang,
                    class_name=group.class_name,
                    count=len(group.loans),
                ),
                level=2,
            ),
            pdf.Table(
                _columns(lang, with_out=True),
                [_row(x, today, with_out=True) for x in group.loans],
                _RECALL_WIDTHS,
            ),
        ]
    return pdf.Document(title, blocks, footer=title)


def _sheet_name(name: str, taken: set[str]) -> str:
    r"""Excel refuses []:*?/\\ and names over 31 characters or used twice."""
    clean = "".join("_" if c in "[]:*?/\\" else c for c in name)[:31] or "_"
    candidate, n = clean, 2
    while candidate.lower() in taken:
        candidate = f"{clean[:28]}~{n}"
        n += 1
    taken.add(candidate.lower())
    return candidate


def write_recall_xlsx(
    path: Path, groups: Sequence[ClassLoans], today: dt.date, lang: str
) -> None:
    """A sheet of every book out, then one sheet per class."""
    import openpyxl
    from openpyxl.styles import Font

    book = openpyxl.Workbook()
    book.remove(book.active)
    header = _columns(lang, with_out=True)
    taken: set[str] = set()
    everything = [
        [g.class_name, *_row(x, today, with_out=True)] for g in groups for x in g.loans
    ]
    sheets = [
        (say("od_sheet_all", lang), [say("od_col_class", lang), *header], everything)
    ]
    sheets += [
        (g.class_name, header, [_row(x, today, with_out=True) for x in g.loans])
        for g in groups
    ]
    for name, head, rows in sheets:
        sheet = book.create_sheet(_sheet_name(name, taken))
        append_row(sheet, head)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            append_row(sheet, row)
        for n, width in enumerate((14, 10, 36, 12, 12, 12, 10, 10)[: len(head)]):
            sheet.column_dimensions[
                openpyxl.utils.get_column_letter(n + 1)
            ].width = width
    book.save(path)


# -- the commands -----------------------------------------------------------------


def register(tools: Any) -> None:
    """Add ``admin overdue list|notices|recall``."""
    lang = tools.lang
    group = tools.topic("overdue", "od_topic_help")
    listing = tools.command(group, "list", "od_list_help", _list)
    listing.add_argument("--class", dest="class_name", help=say("od_class_help", lang))
    note = tools.command(group, "notices", "od_notices_help", _notices)
    note.add_argument("out", type=Path, help=say("od_out_help", lang))
    note.add_argument("--class", dest="class_name", help=say("od_class_help", lang))
    back = tools.command(group, "recall", "od_recall_help", _recall)
    back.add_argument("out", type=Path, nargs="?", help=say("od_recall_out_help", lang))
    back.add_argument("--xlsx", type=Path, help=say("od_xlsx_help", lang))
    back.add_argument("--class", dest="class_name", help=say("od_class_help", lang))


def load(
    database: Any, today: dt.date, class_name: str | None, *, overdue: bool
) -> tuple[list[ClassLoans], dict[str, str]]:
    """Loans out by class (overdue ones only, if asked) and the homeroom teachers.

    Raises AdminError for a class the library does not have.
    """
    from kiosk.db import reports as store

    if class_name is not None and class_name not in store.class_names(database):
        raise AdminError("od_unknown_class", class_name=class_name)
    loans = store.open_loans(
        database, class_name=class_name, due_before=today if overdue else None
    )
    return by_class(loans), store.homeroom_teachers(database)


def _load(admin: Any, class_name: str | None, *, overdue: bool) -> tuple[list, dict]:
    library = admin.open()
    try:
        return load(library.database, admin.clock.today(), class_name, overdue=overdue)
    finally:
        library.close()


def _list(admin: Any, args: argparse.Namespace) -> int:
    groups, _ = _load(admin, args.class_name, overdue=True)
    today = admin.clock.today()
    if not groups:
        admin.say("od_none")
        return 0
    for group in groups:
        admin.say("od_class_line", class_name=group.class_name, count=len(group.loans))
        for loan in group.loans:
            admin.say(
                "od_line",
                card=loan.card,
                name=loan.name,
                title=loan.title,
                barcode=loan.barcode,
                due=loan.due.isoformat(),
                days=days_late(loan, today),
            )
    count = sum(len(g.loans) for g in groups)
    admin.say("od_summary", count=count, classes=len(groups))
    return 0


def _notices(admin: Any, args: argparse.Namespace) -> int:
    check_folders(args.out)
    groups, teachers = _load(admin, args.class_name, overdue=True)
    if not groups:
        admin.say("od_none_written")
        return 1
    library = admin.settings.library.name
    today = admin.clock.today()
    document = notices(groups, teachers, today, library, admin.lang)
    pages = pdf.write_pdf(args.out, document, admin.progress("od_drawing"))
    admin.say(
        "od_notices_written",
        path=args.out,
        classes=len(groups),
        pages=pages,
        count=sum(len(g.loans) for g in groups),
    )
    return 0


def _recall(admin: Any, args: argparse.Namespace) -> int:
    if args.out is None and args.xlsx is None:
        raise AdminError("od_need_out")
    check_folders(args.out, args.xlsx)
    groups, _ = _load(admin, args.class_name, overdue=False)
    if not groups:
        admin.say("od_recall_none")
        return 1
    today = admin.clock.today()
    count = sum(len(g.loans) for g in groups)
    if args.xlsx is not None:
        write_recall_xlsx(args.xlsx, groups, today, admin.lang)
        admin.say("od_recall_written", path=args.xlsx, classes=len(groups), count=count)
    if args.out is not None:
        library = admin.settings.library.name
        document = recall(groups, today, library, admin.lang)
        pdf.write_pdf(args.out, document, admin.progress("od_drawing"))
        admin.say("od_recall_written", path=args.out, classes=len(groups), count=count)
    return 0
