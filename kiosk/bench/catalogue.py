"""Time ``admin catalogue import`` of a 3,000-line supplier list, and its labels.

The library already holds ``--items`` copies (the benchmark library's 100,000),
so the accession series starts past them and every ISBN is looked up among
real rows. Run ``python -m kiosk.bench.catalogue``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import sys
import tempfile
import time
from pathlib import Path

from kiosk.clock import SystemClock


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of the catalogue benchmark."""
    parser.add_argument("--lines", type=int, default=3000)
    parser.add_argument("--copies", type=int, default=3)
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--labels", type=int, default=240)


def write_list(path: Path, lines: int, copies: int) -> Path:
    """A supplier's XLSX list with Chinese headers and valid ISBN-13s."""
    import openpyxl
    from stdnum import ean

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["ISBN", "书名", "作者", "出版社", "出版年", "定价", "册数", "分类号"])
    for n in range(lines):
        stem = f"97875{n:07d}"
        isbn = stem + ean.calc_check_digit(stem)
        sheet.append([isbn, f"新书{n}", "作者", "出版社", 2025, 29.8, copies, "I247.5"])
    book.save(path)
    return path


def _library(config: Path, items: int) -> None:
    from kiosk.config import load_config
    from kiosk.db import bulk
    from kiosk.runtime import open_library

    library = open_library(load_config(config), SystemClock())
    try:
        titles = max(1, items // 5)
        bulk.insert_tables(
            library.database,
            {
                "title": (
                    {"id": n, "isbn": None, "title": f"书{n}"}
                    for n in range(1, titles + 1)
                ),
                "item": (
                    {"id": n, "barcode": f"{n:08d}", "title_id": 1 + n % titles}
                    for n in range(1, items + 1)
                ),
            },
        )
    finally:
        library.close()


def _timed(argv: list[str]) -> tuple[float, str]:
    from kiosk.admin import cli

    out = io.StringIO()
    start = time.perf_counter()
    status = cli.run(argv, clock=SystemClock(), out=out, err=io.StringIO())
    seconds = time.perf_counter() - start
    if status != 0:
        raise RuntimeError(f"{argv[:2]} failed with status {status}")
    return seconds, out.getvalue().splitlines()[-1]


def run(args: argparse.Namespace) -> int:
    """Import the list twice (new titles, then more copies), then print labels."""
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        config = base / "config.toml"
        config.write_text(
            '[database]\npath = "library.sqlite3"\n[logging]\nfile = ""\n',
            encoding="utf-8",
        )
        _library(config, args.items)
        order = write_list(base / "order.xlsx", args.lines, args.copies)
        common = ["--config", str(config), "--lang", "en"]
        for label in ("first import", "re-import"):
            seconds, last = _timed(
                ["catalogue", "import", str(order), "--supplier", "新华书店", *common]
            )
            print(f"{label}: {args.lines} lines in {seconds:.2f} s ({last})")
        first = args.items + 1
        wanted = ",".join(f"{n:08d}" for n in range(first, first + args.labels))
        pdf = base / "labels.pdf"
        seconds, last = _timed(
            ["catalogue", "labels", str(pdf), "--barcodes", wanted, *common]
        )
        print(f"labels: {seconds:.2f} s ({last})")
    print(f"measured {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC")
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m kiosk.bench.catalogue")
    add_arguments(parser)
    sys.exit(run(parser.parse_args()))
