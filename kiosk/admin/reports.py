"""``admin report FROM TO``: the library's figures for school leaders.

The database counts (``kiosk.db.reports``); this module turns the counts into
sections (a title, a header and rows) in the librarian's language, and the
same sections become the XLSX sheets, the PDF tables and the text printed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.admin import pdf
from kiosk.admin.charts import BarChart
from kiosk.admin.classes import parse_class
from kiosk.admin.spreadsheet import append_row
from kiosk.db.reports import ClassCount, Figures
from kiosk.errors import AdminError
from kiosk.i18n.admin import say

_GRADE_NAMES = {7: "初一", 8: "初二", 9: "初三"}


@dataclass(frozen=True)
class Section:
    """One part of the report: a sheet of the XLSX, a table of the PDF."""

    key: str
    title: str
    header: list[str]
    rows: list[list[Any]]
    percent: frozenset[int] = field(default_factory=frozenset)


def parse_day(text: str) -> dt.date:
    """A YYYY-MM-DD date, or the report's one clear message."""
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise AdminError("rep_bad_date", value=text) from None


def parse_period(start: str, end: str) -> tuple[dt.date, dt.date]:
    """The first and last day (both included); the first may not be after the last."""
    first, last = parse_day(start), parse_day(end)
    if first > last:
        raise AdminError("rep_order", start=first.isoformat(), end=last.isoformat())
    return first, last


def check_folders(*paths: Path | None) -> None:
    """Refuse before any work when a file could not be written where asked."""
    for path in paths:
        if path is not None and not path.parent.is_dir():
            raise AdminError("rep_no_folder", path=path.parent, name=path.name)


def months_between(start: dt.date, end: dt.date) -> list[str]:
    """Every calendar month the period touches, as YYYY-MM."""
    months, year, month = [], start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _ratio(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def _class_order(row: ClassCount) -> tuple:
    parsed = parse_class(row.class_name)
    number = parsed.number if parsed else 999
    return (row.grade if row.grade is not None else 99, number, row.class_name)


def grade_name(grade: int | None, lang: str) -> str:
    """初二 / Grade 8, or 'other' for patrons without a grade."""
    if grade is None:
        return say("rep_grade_other", lang)
    return say("rep_grade", lang, grade=grade, name=_GRADE_NAMES.get(grade, grade))


def clc_name(letter: str, lang: str) -> str:
    """'I 文学' for a CLC main class letter; 'unclassified' for none."""
    if not letter:
        return say("rep_unclassified", lang)
    key = f"rep_clc_{letter}"
    return say(key, lang) if key in _words(lang) else letter


def _words(lang: str) -> dict[str, str]:
    from kiosk.i18n.admin import ADMIN

    return ADMIN[lang]


def summary(fig: Figures, lang: str) -> Section:
    """The headline figures: loans, returns, borrowing rate, new books."""
    students = sum(c.students for c in fig.classes)
    borrowers = sum(c.borrowers for c in fig.classes)
    student_loans = sum(c.loans for c in fig.classes)
    rows: list[list[Any]] = [
        ["rep_sum_period", say("rep_period", lang, start=fig.start, end=fig.end)],
        ["rep_sum_kiosk", fig.kiosk or say("rep_all_kiosks", lang)],
        ["rep_sum_loans", fig.loans],
        ["rep_sum_returns", fig.returns],
        ["rep_sum_students", students],
        ["rep_sum_borrowers", borrowers],
        ["rep_sum_share", f"{100 * _ratio(borrowers, students):.1f}%"],
        ["rep_sum_rate", round(student_loans / students, 2) if students else 0.0],
        ["rep_sum_student_loans", student_loans],
        ["rep_sum_staff_loans", fig.loans - student_loans],
        ["rep_sum_new_items", fig.new_items],
        ["rep_sum_new_titles", fig.new_titles],
    ]
    return Section(
        "summary",
        say("rep_sec_summary", lang),
        [say("rep_col_item", lang), say("rep_col_value", lang)],
        [[say(key, lang), value] for key, value in rows],
    )


def _reading_row(label: list[Any], students: int, borrowers: int, loans: int) -> list:
    rate = round(loans / students, 2) if students else 0.0
    return [*label, students, borrowers, _ratio(borrowers, students), loans, rate]


def _columns(lang: str, *names: str) -> list[str]:
    return [say(f"rep_col_{n}", lang) for n in names]


def sections(fig: Figures, lang: str) -> list[Section]:
    """Every section of the report, in reading order."""
    return [
        summary(fig, lang),
        Section(
            "months",
            say("rep_sec_months", lang),
            _columns(lang, "month", "loans", "returns"),
            [
                [m, *fig.months.get(m, (0, 0))]
                for m in months_between(fig.start, fig.end)
            ],
        ),
        *_reading(fig, lang),
        Section(
            "titles",
            say("rep_sec_titles", lang),
            _columns(lang, "rank", "title", "author", "loans"),
            [[n, t, a, x] for n, (t, a, x) in enumerate(fig.top_titles, 1)],
        ),
        Section(
            "readers",
            say("rep_sec_readers", lang),
            _columns(lang, "rank", "card", "name", "class", "loans"),
            [[n, *r] for n, r in enumerate(fig.top_readers, 1)],
        ),
        Section(
            "clc",
            say("rep_sec_clc", lang),
            _columns(lang, "clc", "loans", "copies", "turnover"),
            [
                [clc_name(k, lang), n, held, round(n / held, 2) if held else 0.0]
                for k, n, held in fig.clc
            ],
        ),
        Section(
            "kiosks",
            say("rep_sec_kiosks", lang),
            _columns(lang, "kiosk", "loans", "returns"),
            [
                [k.kiosk or say("rep_unlogged", lang), k.loans, k.returns]
                for k in fig.kiosks
            ],
        ),
    ]


def _reading(fig: Figures, lang: str) -> list[Section]:
    """Borrowing by grade and by class: students, borrowers, share, loans, rate."""
    reading = _columns(lang, "students", "borrowers", "share", "loans", "rate")
    classes = sorted(fig.classes, key=_class_order)
    grades: dict[int | None, list[int]] = {}
    for c in classes:
        total = grades.setdefault(c.grade, [0, 0, 0])
        for i, n in enumerate((c.students, c.borrowers, c.loans)):
            total[i] += n
    return [
        Section(
            "grades",
            say("rep_sec_grades", lang),
            [*_columns(lang, "grade"), *reading],
            [_reading_row([grade_name(g, lang)], *t) for g, t in grades.items()],
            frozenset({3}),
        ),
        Section(
            "classes",
            say("rep_sec_classes", lang),
            [*_columns(lang, "grade", "class"), *reading],
            [
                _reading_row(
                    [grade_name(c.grade, lang), c.class_name],
                    c.students,
                    c.borrowers,
                    c.loans,
                )
                for c in classes
            ],
            frozenset({4}),
        ),
    ]


def charts(parts: list[Section], lang: str) -> list[BarChart]:
    """The monthly trend, loans per student by grade, and loans by CLC class."""
    by = {s.key: s for s in parts}
    months, grades, clc = by["months"].rows, by["grades"].rows, by["clc"].rows
    drawn = [
        BarChart(
            "months",
            say("rep_chart_months", lang),
            [r[0] for r in months],
            [
                (say("rep_col_loans", lang), [r[1] for r in months]),
                (say("rep_col_returns", lang), [r[2] for r in months]),
            ],
            say("rep_chart_count", lang),
        ),
        BarChart(
            "grades",
            say("rep_chart_grades", lang),
            [r[0] for r in grades],
            [(say("rep_col_rate", lang), [r[5] for r in grades])],
            say("rep_col_rate", lang),
        ),
        BarChart(
            "clc",
            say("rep_chart_clc", lang),
            [r[0] for r in clc],
            [(say("rep_col_loans", lang), [r[1] for r in clc])],
            say("rep_chart_count", lang),
            horizontal=True,
        ),
    ]
    return [c for c in drawn if c.labels]  # no grades or classes yet: no chart


def write_xlsx(path: Path, parts: list[Section]) -> None:
    """One sheet per section, a bold header row, percentages as percentages."""
    import openpyxl
    from openpyxl.styles import Font

    book = openpyxl.Workbook()
    book.remove(book.active)
    for part in parts:
        sheet = book.create_sheet(part.title[:31])
        append_row(sheet, part.header)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in part.rows:
            append_row(sheet, row)
        for col in part.percent:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=col + 1, max_col=col + 1):
                cell.number_format = "0.0%"
        for n, head in enumerate(part.header):
            longest = max([len(str(r[n])) for r in part.rows] + [len(head)])
            letter = openpyxl.utils.get_column_letter(n + 1)
            sheet.column_dimensions[letter].width = min(60, 4 + 1.8 * longest)
    book.save(path)


def shown(part: Section) -> list[list[Any]]:
    """The rows as a reader sees them: ratios as percentages."""
    return [
        [f"{100 * v:.1f}%" if i in part.percent else v for i, v in enumerate(row)]
        for row in part.rows
    ]


def document(
    fig: Figures,
    parts: list[Section],
    pictures: dict[str, Path],
    lang: str,
    library: str,
) -> pdf.Document:
    """The whole report as a PDF document: summary first, each chart above its table."""
    title = say("rep_title", lang, library=library)
    period = say("rep_period", lang, start=fig.start, end=fig.end)
    blocks: list[pdf.Block] = [pdf.Heading(title), pdf.Para(period, size=12)]
    if fig.loans == 0:
        blocks.append(pdf.Para(say("rep_no_loans", lang, start=fig.start, end=fig.end)))
    for part in parts:
        blocks.append(pdf.Heading(part.title, level=2))
        if part.key in pictures:  # the picture first: leaders read it, not the rows
            blocks.append(pdf.Picture(pictures[part.key], width_mm=140))
        if part.rows:
            blocks.append(pdf.Table(part.header, shown(part)))
        else:
            blocks.append(pdf.Para(say("rep_none", lang)))
    return pdf.Document(title, blocks, footer=f"{title}  {period}")


# -- the command ------------------------------------------------------------------


def register(tools: Any) -> None:
    """Add ``admin report FROM TO``."""
    lang = tools.lang
    cmd = tools.command(tools.topics, "report", "rep_help", run)
    cmd.add_argument("start", metavar="FROM", help=say("rep_from_help", lang))
    cmd.add_argument("end", metavar="TO", help=say("rep_to_help", lang))
    cmd.add_argument("--pdf", type=Path, help=say("rep_pdf_help", lang))
    cmd.add_argument("--xlsx", type=Path, help=say("rep_xlsx_help", lang))
    cmd.add_argument("--charts", type=Path, help=say("rep_charts_help", lang))
    cmd.add_argument("--kiosk", help=say("rep_kiosk_help", lang))


def gather(admin: Any, start: dt.date, end: dt.date, kiosk: str | None) -> Figures:
    """Count the period's figures in the configured library."""
    from kiosk.db import reports as store

    library = admin.open()
    try:
        return store.gather(library.database, start, end, kiosk)
    finally:
        library.close()


def run(admin: Any, args: argparse.Namespace) -> int:
    """Count, print the summary, then write the files asked for."""
    start, end = parse_period(args.start, args.end)
    check_folders(args.pdf, args.xlsx)
    fig = gather(admin, start, end, args.kiosk)
    parts = sections(fig, admin.lang)
    for label, value in parts[0].rows:
        admin.say("rep_line", label=label, value=value)
    if fig.loans == 0:
        admin.say("rep_no_loans", start=start, end=end)
    write_files(
        fig,
        parts,
        admin.lang,
        admin.settings.library.name,
        pdf_path=args.pdf,
        xlsx_path=args.xlsx,
        chart_dir=args.charts,
        progress=admin.progress,
        said=admin.say,
    )
    return 0


def write_files(
    fig: Figures,
    parts: list[Section],
    lang: str,
    library: str,
    *,
    pdf_path: Path | None,
    xlsx_path: Path | None,
    chart_dir: Path | None,
    progress: Callable[[str], Callable[[Iterable], Iterator]] = lambda _: iter,
    said: Callable[..., None] = lambda *a, **k: None,
) -> None:
    """Write the XLSX, the charts and the PDF (each only if asked for)."""
    from kiosk.admin.charts import draw

    if xlsx_path:
        write_xlsx(xlsx_path, parts)
        said("rep_written", path=xlsx_path)
    if not (pdf_path or chart_dir):
        return
    with tempfile.TemporaryDirectory() as scratch:
        folder = chart_dir or Path(scratch)
        pictures = draw(charts(parts, lang), folder, progress("rep_drawing"))
        if chart_dir:
            said("rep_charts_written", count=len(pictures), path=chart_dir)
        if pdf_path:
            by_key = {p.stem: p for p in pictures}
            pdf.write_pdf(
                pdf_path,
                document(fig, parts, by_key, lang, library),
                progress("rep_writing"),
            )
            said("rep_written", path=pdf_path)
