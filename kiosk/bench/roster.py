"""Time ``admin patrons import`` of a generated 3,000-student XLSX roster."""

from __future__ import annotations

import argparse
import io
import tempfile
import time
from pathlib import Path

from kiosk.clock import SystemClock

CLASSES = [f"{g}({n})班" for g in ("初一", "初二", "初三") for n in range(1, 21)]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of the roster benchmark."""
    parser.add_argument("--students", type=int, default=3000)


def write_roster(path: Path, students: int) -> Path:
    """A class roster of ``students`` pupils in 60 classes, Chinese headers."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["学号", "姓名", "班级", "性别"])
    for n in range(students):
        card = f"S26{n:05d}"
        sheet.append([card, f"学生{n}", CLASSES[n % len(CLASSES)], "男女"[n % 2]])
    book.save(path)
    return path


def run(args: argparse.Namespace) -> int:
    """Import the roster into a fresh library, then import it again."""
    from kiosk.admin import cli

    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        config = base / "config.toml"
        config.write_text('[database]\npath = "library.sqlite3"\n', encoding="utf-8")
        roster = write_roster(base / "roster.xlsx", args.students)
        for label in ("first import", "re-import"):
            out = io.StringIO()
            start = time.perf_counter()
            cli.run(
                [
                    "patrons",
                    "import",
                    str(roster),
                    "--config",
                    str(config),
                    "--lang",
                    "en",
                ],
                clock=SystemClock(),
                out=out,
                err=io.StringIO(),
            )
            seconds = time.perf_counter() - start
            summary = next(
                line for line in out.getvalue().splitlines() if " new, " in line
            )
            print(f"{label}: {args.students} students in {seconds:.2f} s ({summary})")
    return 0
