"""Report benchmark: a full year's leaders' report on the benchmark library.

Reuses the circulation benchmark's library (3,000 patrons, 100,000 copies,
1,000,000 loans over a decade), upgraded once to the current schema and cached
beside it. Times counting the figures (the target: <= 2 s), then writing the
XLSX, the charts and the PDF separately, then importing a 3,000-student roster
into a copy of the same library (the target: <= 5 s).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from kiosk.bench import circulation
from kiosk.bench import roster as roster_bench
from kiosk.config import PROJECT_DIR
from kiosk.db.reports import Figures
from kiosk.db.store import MIGRATIONS_DIR, open_database

LAST_DAY = circulation.NOW.date() - dt.timedelta(days=1)
FIRST_DAY = LAST_DAY.replace(year=LAST_DAY.year - 1) + dt.timedelta(days=1)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of the report benchmark."""
    parser.add_argument(
        "--from", dest="start", default=FIRST_DAY.isoformat(), help="first day"
    )
    parser.add_argument(
        "--to", dest="end", default=LAST_DAY.isoformat(), help="last day"
    )
    parser.add_argument("--repeat", type=int, default=3, help="times to count")
    parser.add_argument(
        "--students", type=int, default=3000, help="pupils in the roster"
    )
    parser.add_argument(
        "--dir", type=Path, default=PROJECT_DIR / "var" / "bench", help="cache folder"
    )


def library(folder: Path, size: circulation.Size) -> Path:
    """The benchmark library at the current schema (built or upgraded once)."""
    schema = max(p.stem[:4] for p in MIGRATIONS_DIR.glob("[0-9]*.py"))
    sizes = f"{size.patrons}-{size.items}-{size.loans}"
    ready = folder / f"report-s{schema}-{sizes}.sqlite3"
    if ready.exists():
        return ready
    folder.mkdir(parents=True, exist_ok=True)
    built = sorted(folder.glob(f"circulation-s[0-9][0-9][0-9][0-9]-{sizes}.sqlite3"))
    if built:
        base = built[-1]
    else:
        base = folder / f"circulation-s{schema}-{sizes}.sqlite3"
        _say(f"building the benchmark library in {base} (once) ...")
        circulation.build(base, size)
    _say(f"upgrading a copy of {base.name} to schema {schema} (once) ...")
    tmp = ready.with_suffix(".upgrading")
    shutil.copyfile(base, tmp)
    database = open_database(tmp)
    database.execute_sql("ANALYZE")
    database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    database.close()
    tmp.rename(ready)
    return ready


def run(args: argparse.Namespace) -> int:
    """Time the report and the roster import; print a table and a JSON line."""
    from kiosk.admin import reports
    from kiosk.db import reports as store

    path = library(args.dir, circulation.Size())
    start, end = reports.parse_period(args.start, args.end)
    database = open_database(path)
    try:
        timings = []
        for _ in range(max(1, args.repeat)):
            t0 = time.perf_counter()
            figures = store.gather(database, start, end)
            timings.append(time.perf_counter() - t0)
    finally:
        database.close()
    figures_s = {
        "report_first_s": round(timings[0], 3),
        "report_median_s": round(statistics.median(timings), 3),
    }
    figures_s |= _command(path, args.start, args.end)
    figures_s |= _files(figures)
    figures_s |= _roster(path, args.students)
    _print(figures_s, figures, start, end, args.students)
    return 0


def _command(path: Path, start: str, end: str) -> dict[str, float]:
    """``admin report FROM TO`` end to end in this process (no files)."""
    from kiosk.admin import cli
    from kiosk.clock import SystemClock

    with tempfile.TemporaryDirectory() as folder:
        config = Path(folder) / "config.toml"
        config.write_text(f'[database]\npath = "{path}"\n', encoding="utf-8")
        t0 = time.perf_counter()
        status = cli.run(
            ["report", start, end, "--config", str(config), "--lang", "en"],
            clock=SystemClock(),
            out=io.StringIO(),
            err=io.StringIO(),
        )
        seconds = time.perf_counter() - t0
    if status != 0:
        raise RuntimeError(f"admin report failed with status {status}")
    return {"command_s": round(seconds, 3)}


def _files(figures: Figures) -> dict[str, float]:
    from kiosk.admin import charts, pdf, reports

    timed: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        t0 = time.perf_counter()
        parts = reports.sections(figures, "zh-CN")
        reports.write_xlsx(out / "report.xlsx", parts)
        timed["xlsx_s"] = round(time.perf_counter() - t0, 3)
        t0 = time.perf_counter()
        pictures = charts.draw(reports.charts(parts, "zh-CN"), out / "charts")
        timed["charts_s"] = round(time.perf_counter() - t0, 3)
        t0 = time.perf_counter()
        document = reports.document(
            figures,
            parts,
            {p.stem: p for p in pictures},
            "zh-CN",
            "示范中学图书馆",
        )
        timed["pdf_pages"] = pdf.write_pdf(out / "report.pdf", document)
        timed["pdf_s"] = round(time.perf_counter() - t0, 3)
    return timed


def _roster(path: Path, students: int) -> dict[str, float]:
    """Import a roster of ``students`` into a copy of the benchmark library."""
    from kiosk.admin import cli
    from kiosk.clock import SystemClock

    with tempfile.TemporaryDirectory(dir=path.parent) as folder:
        base = Path(folder)
        work = base / "library.sqlite3"
        shutil.copyfile(path, work)
        config = base / "config.toml"
        config.write_text(f'[database]\npath = "{work}"\n', encoding="utf-8")
        roster = roster_bench.write_roster(base / "roster.xlsx", students)
        t0 = time.perf_counter()
        status = cli.run(
            ["patrons", "import", str(roster), "--config", str(config), "--lang", "en"],
            clock=SystemClock(),
            out=io.StringIO(),
            err=io.StringIO(),
        )
        seconds = time.perf_counter() - t0
    if status != 0:
        raise RuntimeError(f"roster import failed with status {status}")
    return {"roster_import_s": round(seconds, 3)}


def _print(timed: dict, f: Figures, start: dt.date, end: dt.date, n: int) -> None:
    lines = [
        f"full-year report {start} to {end}: {f.loans:,} loans, "
        f"{f.returns:,} returns, {len(f.classes)} classes",
        f"count the figures (SQL)  first {timed['report_first_s']:.3f} s, "
        f"median {timed['report_median_s']:.3f} s   (target <= 2 s)",
        f"admin report (no files)  {timed['command_s']:.3f} s (open, count, print)",
        f"write the XLSX           {timed['xlsx_s']:.3f} s",
        f"draw 3 charts (PNG)      {timed['charts_s']:.3f} s",
        f"write the PDF            {timed['pdf_s']:.3f} s ({timed['pdf_pages']} pages)",
        f"import a {n:,}-student roster into it  {timed['roster_import_s']:.3f} s"
        "   (target <= 5 s)",
    ]
    sys.stdout.write("\n".join(lines) + "\n" + json.dumps(timed) + "\n")


def _say(text: str) -> None:
    sys.stderr.write(text + "\n")
