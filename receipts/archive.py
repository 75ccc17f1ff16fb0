"""Every slip kept as a PNG and a text file, in one folder per day.

``receipts/archive/2026-11-25/100530-kiosk-1-20261125-100530-16.png`` is the
picture exactly as printed (1 bit, the printer's dot width), and the ``.txt``
beside it the same slip as text. The transaction code and the place of the QR
code in the text are kept in the PNG, so an archived slip can be printed again
as it was. Files are written whole (to a temporary name, then renamed), so a
crash never leaves half a slip.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from PIL import Image, PngImagePlugin

from receipts.render import PAPERS, RenderedSlip

log = logging.getLogger(__name__)

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_UNSAFE = re.compile(r"[^0-9A-Za-z._-]+")


@dataclass(frozen=True)
class ArchivedSlip:
    """A slip on disk: its picture and its text."""

    png: Path
    txt: Path

    def load(self) -> RenderedSlip:
        """Read the slip back, ready to print again."""
        with Image.open(self.png) as opened:
            image = opened.convert("1")
            info = dict(opened.info)
        at = dt.datetime.fromisoformat(str(info.get("at", "1970-01-01T00:00:00")))
        paper = next((p for p in PAPERS.values() if p.dots == image.width), PAPERS[58])
        return RenderedSlip(
            transaction=str(info.get("transaction", self.png.stem)),
            at=at,
            paper=paper,
            image=image,
            text=self.txt.read_text(encoding="utf-8"),
            code_at=int(str(info.get("code_at", "0"))),
        )


class SlipArchive:
    """The folder of archived slips."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def save(self, slip: RenderedSlip) -> ArchivedSlip:
        """Write a slip's PNG and text; raise OSError if the disk refuses."""
        folder = self.root / f"{slip.at:%Y-%m-%d}"
        folder.mkdir(parents=True, exist_ok=True)
        stem = f"{slip.at:%H%M%S}-{_UNSAFE.sub('_', slip.transaction)}"
        png = folder / f"{stem}.png"
        number = 1
        while png.exists():
            number += 1
            png = folder / f"{stem}-{number}.png"
        txt = png.with_suffix(".txt")
        info = PngImagePlugin.PngInfo()
        info.add_text("transaction", slip.transaction)
        info.add_text("at", slip.at.isoformat())
        info.add_text("code_at", str(slip.code_at))
        _write(png, lambda f: slip.image.save(f, format="PNG", pnginfo=info))
        _write(txt, lambda f: f.write(slip.text.encode("utf-8")))
        log.info("slip %s archived as %s", slip.transaction, png)
        return ArchivedSlip(png, txt)

    def last(self) -> ArchivedSlip | None:
        """The most recently archived slip, or None when there is none."""
        if not self.root.is_dir():
            return None
        days = sorted(
            (d for d in self.root.iterdir() if d.is_dir() and _DAY.match(d.name)),
            reverse=True,
        )
        for day in days:
            slips = [p for p in day.glob("*.png") if p.with_suffix(".txt").exists()]
            if slips:
                newest = max(slips, key=lambda p: (p.stat().st_mtime_ns, p.name))
                return ArchivedSlip(newest, newest.with_suffix(".txt"))
        return None


def _write(path: Path, write: Callable[[BinaryIO], object]) -> None:
    temporary = path.with_name(f".{path.name}.tmp")
    with temporary.open("wb") as f:
        write(f)
        f.flush()
        os.fsync(f.fileno())
    temporary.replace(path)
