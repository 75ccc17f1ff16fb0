"""``admin stocktake``: start, feed scans (a hand-scanner file or typed), finish.

The work is in ``kiosk.db.stocktake`` and ``kiosk.db.stocktake_report`` (shared
with the kiosk's stocktake mode); this module reads scanner files, words the
outcomes and lays the report out on the console and in XLSX.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.admin.registers import Column, Sheet, status_word, when, write_xlsx
from kiosk.circulation.codes import Classifier
from kiosk.db import stocktake as takes
from kiosk.db import stocktake_report as reports
from kiosk.errors import AdminError
from kiosk.i18n.admin import say

if TYPE_CHECKING:
    from kiosk.admin.cli import Admin, Commands

SHOWN = 50
"""Lines of each report section printed; the XLSX has them all."""
_FIELD_SEP = re.compile(r"[,;\t]")


def read_barcodes(path: Path) -> list[str]:
    """The barcodes of a hand-scanner file: one a line, blanks and spaces ignored.

    Some scanners add a time after a comma, semicolon or tab; only the first
    field is the barcode. A file that is not text is refused whole.
    """
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise AdminError("file_missing", path=path) from None
    except OSError as e:
        raise AdminError("st_cannot_read", path=path, why=e.strerror or e) from None
    if b"\0" in data:
        raise AdminError("st_not_text", path=path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise AdminError("st_not_text", path=path) from None
    codes = [_FIELD_SEP.split(line)[0].strip() for line in text.splitlines()]
    codes = [c for c in codes if c]
    if not codes:
        raise AdminError("st_empty_file", path=path)
    return codes


def _c(key: str, attr: str, width: int = 12) -> Column:
    return Column(key, lambda row, _lang: getattr(row, attr), width)


_BARCODE, _TITLE = _c("barcode", "barcode"), _c("title", "title", 30)
_SHELF, _FOUND_AT = _c("shelf", "shelf", 10), _c("found_at", "found_at", 10)
_STATUS = Column("status", lambda row, lang: status_word(row.status, lang), 10)
REPORT_SHEETS: tuple[tuple[str, Sheet], ...] = (
    (
        "missing",
        Sheet(
            "st_missing",
            list,
            (_BARCODE, _TITLE, _c("call_number", "call_number"), _SHELF),
        ),
    ),
    (
        "on_loan",
        Sheet(
            "st_on_loan",
            list,
            (
                _BARCODE,
                _TITLE,
                _FOUND_AT,
                _c("card", "card"),
                _c("name", "name", 10),
                _c("class_name", "class_name"),
                _c("due", "due", 11),
            ),
        ),
    ),
    (
        "not_available",
        Sheet("st_not_available", list, (_BARCODE, _TITLE, _STATUS, _FOUND_AT)),
    ),
    (
        "wrong_location",
        Sheet("st_wrong_location", list, (_BARCODE, _TITLE, _SHELF, _FOUND_AT)),
    ),
    ("unknown", Sheet("st_unknown", list, (_BARCODE, _FOUND_AT))),
)


def register(tools: Commands) -> None:
    """Add ``stocktake …`` to the admin command line."""
    lang = tools.lang
    group = tools.topic("stocktake", "st_help")
    begin = tools.command(group, "start", "st_start_help", _start)
    begin.add_argument("--location", default="", help=say("st_location_help", lang))
    scan = tools.command(group, "scan", "st_scan_help", _scan)
    scan.add_argument("file", type=Path, help=say("st_file_help", lang))
    scan.add_argument("--location", default="", help=say("st_where_help", lang))
    add = tools.command(group, "add", "st_add_help", _add)
    add.add_argument("barcodes", nargs="+", help=say("st_barcodes_help", lang))
    add.add_argument("--location", default="", help=say("st_where_help", lang))
    tools.command(group, "status", "st_status_help", _status)
    end = tools.command(group, "finish", "st_finish_help", _finish)
    end.add_argument("--xlsx", type=Path, help=say("st_xlsx_help", lang))
    show = tools.command(group, "report", "st_report_help", _report)
    show.add_argument("--id", type=int, help=say("st_id_help", lang))
    show.add_argument("--xlsx", type=Path, help=say("st_xlsx_help", lang))
    lost = tools.command(group, "mark-lost", "st_mark_lost_help", _mark_lost)
    lost.add_argument("--id", type=int, help=say("st_id_help", lang))


def _where(admin: Admin) -> dict[str, object]:
    return {"now": admin.clock.now(), "kiosk": admin.settings.library.kiosk_id}


def info_params(info: takes.StocktakeInfo, lang: str) -> dict[str, object]:
    """Every value a stocktake message may name."""
    return {
        "id": info.id,
        "location": info.location or say("st_everywhere", lang),
        "started": when(info.started_at),
        "finished": when(info.finished_at),
        "marked_at": when(info.marked_lost_at),
        "scanned": info.scanned,
        "unknown": info.unknown,
    }


def _start(admin: Admin, args: argparse.Namespace) -> int:
    library = admin.open()
    try:
        result = takes.start(library.database, location=args.location, **_where(admin))
    finally:
        library.close()
    assert result.stocktake is not None
    params = info_params(result.stocktake, admin.lang)
    if not result.ok:
        raise AdminError("st_ALREADY_OPEN", **params)
    admin.say("st_STARTED", **params)
    return 0


def _scan(admin: Admin, args: argparse.Namespace) -> int:
    return _record(admin, read_barcodes(args.file), args.location, every=False)


def _add(admin: Admin, args: argparse.Namespace) -> int:
    return _record(admin, args.barcodes, args.location, every=True)


def _record(admin: Admin, codes: Sequence[str], location: str, *, every: bool) -> int:
    circ = admin.settings.circulation
    library = admin.open()
    try:
        take = takes.current(library.database)
        if take is None:
            raise AdminError("st_NO_STOCKTAKE")
        results = takes.record_scans(
            library.database,
            take.id,
            codes,
            location,
            admin.clock.now(),
            classifier=Classifier(circ.patron_pattern, circ.item_pattern),
            kiosk=admin.settings.library.kiosk_id,
            progress=admin.progress("st_scanning"),
        )
    finally:
        library.close()
    for result in results:
        _say_scan(admin, result, every)
    admin.say("st_scan_summary", **summary(results))
    return 0


def summary(results: Sequence[takes.ScanResult]) -> dict[str, int]:
    """How many scans found copies, repeated, were unknown or not copies at all."""
    counts = {o: 0 for o in takes.ScanOutcome}
    for result in results:
        counts[result.outcome] += 1
    found = sum(counts[o] for o in takes.ScanOutcome if o.name.startswith("FOUND"))
    return {
        "lines": len(results),
        "found": found,
        "duplicate": counts[takes.ScanOutcome.DUPLICATE],
        "unknown": counts[takes.ScanOutcome.UNKNOWN_BARCODE],
        "other": counts[takes.ScanOutcome.SCAN_LABEL]
        + counts[takes.ScanOutcome.NOT_A_BOOK]
        + counts[takes.ScanOutcome.BAD_CHECK_DIGIT],
        "wrong": sum(1 for r in results if r.wrong_location),
    }


def scan_lines(result: takes.ScanResult, lang: str, every: bool = True) -> list[str]:
    """One scan's outcome in words (found copies only when ``every``)."""
    item, patron = result.item, result.patron
    params = {
        "barcode": result.barcode,
        "title": item.title.title if item else "",
        "status": status_word(item.status.value, lang) if item else "",
        "shelf": item.location if item else "",
        "found_at": result.location,
        "card": patron.card if patron else "",
        "name": patron.name if patron else "",
        "class_name": patron.class_name if patron else "",
        "due": result.due.isoformat() if result.due else "",
    }
    lines = []
    quiet = (takes.ScanOutcome.FOUND, takes.ScanOutcome.DUPLICATE)
    if every or result.outcome not in quiet:
        lines.append(say(f"st_{result.outcome.value}", lang, **params))
    if result.wrong_location:
        lines.append(say("st_wrong_location_line", lang, **params))
    return lines


def _say_scan(admin: Admin, result: takes.ScanResult, every: bool) -> None:
    for text in scan_lines(result, admin.lang, every):
        admin.out.write(text + "\n")


def _status(admin: Admin, args: argparse.Namespace) -> int:
    library = admin.open()
    try:
        built = reports.preview(library.database)
    finally:
        library.close()
    if built is None:
        raise AdminError("st_NO_STOCKTAKE")
    admin.say("st_status_line", **info_params(built.stocktake, admin.lang))
    _say_counts(admin, built)
    return 0


def counts(built: takes.StocktakeReport) -> dict[str, int]:
    """The report's figures, as ``st_counts`` names them."""
    return {
        "expected": built.expected,
        "found": built.found,
        "missing": len(built.missing),
        "on_loan": len(built.on_loan),
        "not_available": len(built.not_available),
        "wrong": len(built.wrong_location),
        "unknown": len(built.unknown),
    }


def _say_counts(admin: Admin, built: takes.StocktakeReport) -> None:
    admin.say("st_counts", **counts(built))


def _finish(admin: Admin, args: argparse.Namespace) -> int:
    library = admin.open()
    try:
        result = reports.finish(library.database, **_where(admin))
    finally:
        library.close()
    if result.report is None:
        raise AdminError("st_NO_STOCKTAKE")
    admin.say("st_FINISHED", **info_params(result.report.stocktake, admin.lang))
    _show(admin, result.report, args.xlsx)
    return 0


def _report(admin: Admin, args: argparse.Namespace) -> int:
    library = admin.open()
    try:
        built = reports.report(library.database, args.id)
    finally:
        library.close()
    if built is None:
        raise AdminError("st_NO_FINISHED")
    admin.say("st_report_head", **info_params(built.stocktake, admin.lang))
    _show(admin, built, args.xlsx)
    return 0


def _show(admin: Admin, built: takes.StocktakeReport, xlsx: Path | None) -> None:
    _say_counts(admin, built)
    for name, sheet in REPORT_SHEETS:
        lines = getattr(built, name)
        if not lines:
            continue
        admin.say(f"st_section_{name}", count=len(lines))
        for line in lines[:SHOWN]:
            values = [c.value(line, admin.lang) for c in sheet.columns]
            text = "  ".join(str(v) for v in values if v not in (None, ""))
            admin.out.write("  " + text.rstrip() + "\n")
        if len(lines) > SHOWN:
            admin.say("st_more", count=len(lines) - SHOWN)
    if xlsx:
        write_xlsx(
            xlsx,
            [(sheet, getattr(built, name)) for name, sheet in REPORT_SHEETS],
            admin.lang,
        )
        admin.say("st_xlsx_written", path=xlsx)


def _mark_lost(admin: Admin, args: argparse.Namespace) -> int:
    library = admin.open()
    try:
        result = reports.mark_missing_lost(
            library.database,
            stocktake_id=args.id,
            progress=admin.progress("st_marking"),
            **_where(admin),
        )
    finally:
        library.close()
    if result.stocktake is None:
        raise AdminError("st_NO_FINISHED")
    params = info_params(result.stocktake, admin.lang)
    if not result.ok:
        raise AdminError("st_ALREADY_MARKED", **params)
    for line in result.marked:
        admin.say("st_marked_line", barcode=line.barcode, title=line.title)
    for line in result.skipped:
        admin.say(
            "st_skipped_line",
            barcode=line.barcode,
            title=line.title,
            status=status_word(line.status, admin.lang),
        )
    admin.say(
        "st_MARKED_LOST",
        marked=len(result.marked),
        skipped=len(result.skipped),
        **params,
    )
    return 0
