"""``python kiosk.py doctor``: is this kiosk ready before the pupils arrive?

Each check says ok, warning or fault, one line in the library's language, and
what to do about it. Nothing is changed: the library file is opened read-only,
the camera and the printer are only asked. Exit status 0 without faults, 1
with any (2: the config itself cannot be read).
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import datetime as dt
import json
import os
import shutil
import sqlite3
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, TextIO

from kiosk.config import LANGUAGES, Settings, config_path, load_config
from kiosk.errors import KioskError
from kiosk.i18n.doctor import say

OK, WARNING, FAULT = "ok", "warning", "fault"
DISK_FAULT_MB = 200
DISK_WARNING_MB = 1024
CAMERA_SECONDS = 5.0
RATE_SECONDS = 1.0  # frames counted to tell a webcam's rate
SCAN_SECONDS = 10.0  # how long --scan waits for a code in front of the camera


@dataclass(frozen=True)
class Check:
    """One check's verdict, its line and what to do."""

    name: str
    status: str
    line: str
    fix: str = ""


class Doctor:
    """The checks, over one config, in one language, at one moment."""

    def __init__(
        self,
        settings: Settings,
        lang: str,
        now: dt.datetime,
        *,
        demo: bool = False,
        scan: bool = False,
        print_test: bool = False,
        camera_state: Callable[[], str] | None = None,
    ) -> None:
        self.settings = settings
        self.lang = lang
        self.now = now
        self.scan_asked = scan
        self.print_test_asked = print_test
        # A running kiosk holds its camera: its state is asked, not the device.
        self.camera_state = camera_state
        self.database = settings.demo.database if demo else settings.database.path
        if demo:  # the demo library and its camera video, as ./run demo uses them
            video = self.database.parent / "demo-camera.avi"
            scan = dataclasses.replace(settings.scan, camera=str(video))
            database = dataclasses.replace(settings.database, url="")
            self.settings = dataclasses.replace(settings, scan=scan, database=database)

    def check(self, name: str, status: str, key: str, **params: object) -> Check:
        """A verdict with its words; the fix is ``{key}_fix`` when there is one."""
        fix = say(f"{key}_fix", self.lang, **params) if status != OK else ""
        return Check(name, status, say(key, self.lang, **params), fix)

    def run(self) -> list[Check]:
        """Every check, in the order a librarian reads them."""
        steps: list[Callable[[], Check]] = [
            self.config,
            self.library,
            self.backup,
            self.journal,
            self.camera,
            *([self.scan] if self.scan_asked else []),
            self.printer,
            *([self.print_test] if self.print_test_asked else []),
            self.font,
            self.clock,
            self.disk,
            self.files,
            self.pin,
        ]
        found = []
        for step in steps:
            try:
                found.append(step())
            except Exception as e:  # a check that breaks is a fault, never a crash
                found.append(self.check(step.__name__, FAULT, "dr_broken", why=e))
        return found

    # -- the checks ------------------------------------------------------------------

    def config(self) -> Check:
        """A config that loads at all: every setting was checked then."""
        return self.check("config", OK, "dr_config_ok", path=self.settings.source)

    def _sqlite(self) -> sqlite3.Connection:
        uri = f"file:{self.database}?mode=ro"
        return sqlite3.connect(uri, uri=True, timeout=5)

    def library(self) -> Check:
        """The library opens, is not damaged, and its schema matches the code."""
        from kiosk.db.store import MIGRATIONS_DIR

        if self.settings.database.url:
            return self._postgres()
        if not self.database.exists():
            return self.check("library", FAULT, "dr_db_missing", path=self.database)
        known = sorted(p.stem for p in MIGRATIONS_DIR.glob("[0-9]*.py"))
        con = self._sqlite()
        try:
            done = [
                r[0]
                for r in con.execute("SELECT name FROM schema_migration ORDER BY id")
            ]
            [(verdict,)] = con.execute("PRAGMA quick_check").fetchall()
        finally:
            con.close()
        newer = sorted(set(done) - set(known))
        if newer:
            return self.check("library", FAULT, "dr_db_newer", name=newer[-1])
        if verdict != "ok":
            return self.check("library", FAULT, "dr_db_damaged", why=verdict)
        if len(done) < len(known):
            return self.check(
                "library", WARNING, "dr_db_upgrade", have=done[-1], want=known[-1]
            )
        return self.check(
            "library", OK, "dr_db_ok", path=self.database, schema=known[-1]
        )

    def _postgres(self) -> Check:
        from kiosk.db.store import ping_postgres
        from kiosk.privacy.secrets import shown_url

        url = self.settings.database.url
        try:
            ping_postgres(url)
        except KioskError as e:
            return self.check("library", FAULT, "dr_pg_down", why=e)
        return self.check("library", OK, "dr_pg_ok", url=shown_url(url))

    def backup(self) -> Check:
        """A copy from today or yesterday, so a lost disk loses a day at most."""
        from kiosk.db.backup import listing

        if self.settings.database.url:
            return self.check("backup", OK, "dr_backup_pg")
        copies = listing(self.settings.backup.folder, self.database.stem)
        if not copies:
            return self.check(
                "backup", WARNING, "dr_backup_none", folder=self.settings.backup.folder
            )
        days = (self.now.date() - copies[0].day).days
        status = OK if days <= 1 else WARNING
        return self.check("backup", status, "dr_backup_age", days=days)

    def journal(self) -> Check:
        """Offline actions still waiting to reach the library."""
        path = self.settings.offline.journal
        if path is None:
            return self.check("journal", OK, "dr_journal_off")
        if not path.exists():
            return self.check("journal", OK, "dr_journal_empty")
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
        try:
            [(waiting,)] = con.execute(
                "SELECT COUNT(*) FROM journal WHERE replayed_at IS NULL"
            ).fetchall()
        except sqlite3.DatabaseError:
            waiting = 0
        finally:
            con.close()
        status = OK if not waiting else WARNING
        return self.check("journal", status, "dr_journal_backlog", count=waiting)

    def camera(self) -> Check:
        """The camera opens and gives a picture (a hung driver waits 5 s at most)."""
        from kiosk.scan.sources import CameraSource, source_from_setting

        scan = self.settings.scan
        if self.camera_state is not None:
            state = self.camera_state()
            if state in ("live", "starting"):
                return self.check("camera", OK, "dr_camera_live", camera=scan.camera)
            return self.check("camera", FAULT, "dr_camera_gone", camera=scan.camera)
        try:
            source = source_from_setting(scan.camera, scan.width, scan.height, scan.fps)
        except ValueError as e:
            return self.check("camera", FAULT, "dr_camera_bad", why=e)
        if source is None:
            return self.check("camera", OK, "dr_camera_none")
        frame: list[Any] = []

        webcam = isinstance(source, CameraSource)
        counted: list[int] = []

        def grab() -> None:
            if not source.open():
                return
            frame.append(source.read())
            if webcam and frame[0] is not None:  # a video file has no rate to tell
                start, frames = time.monotonic(), 0
                while time.monotonic() - start < RATE_SECONDS:
                    frames += source.read() is not None
                counted.append(round(frames / (time.monotonic() - start)))

        worker = threading.Thread(target=grab, daemon=True)
        worker.start()
        worker.join(CAMERA_SECONDS + RATE_SECONDS)
        with contextlib.suppress(Exception):  # a camera that never opened
            source.close()
        if not frame or frame[0] is None:
            return self.check("camera", FAULT, "dr_camera_gone", camera=scan.camera)
        height, width = frame[0].shape[:2]
        seen = {"camera": scan.camera, "width": width, "height": height}
        if counted and (
            (width, height) != (scan.width, scan.height) or counted[0] < scan.fps / 2
        ):
            return self.check(
                "camera",
                WARNING,
                "dr_camera_rate",
                **seen,
                fps=counted[0],
                want_width=scan.width,
                want_height=scan.height,
                want_fps=scan.fps,
            )
        return self.check("camera", OK, "dr_camera_ok", **seen)

    def scan(self) -> Check:
        """A card (or book) held in front of the camera decodes: the whole path."""
        from kiosk.circulation.codes import Classifier, CodeKind
        from kiosk.scan.decode import BarcodeDecoder
        from kiosk.scan.sources import CameraSource, source_from_setting

        scan = self.settings.scan
        source = source_from_setting(scan.camera, scan.width, scan.height, scan.fps)
        if source is None:
            return self.check("scan", OK, "dr_camera_none")
        decoder = BarcodeDecoder(scan.symbologies)
        found: list[str] = []

        def look() -> None:
            if not source.open():
                return
            start = time.monotonic()
            while not found and time.monotonic() - start < SCAN_SECONDS:
                image = source.read()
                if image is None:
                    if not isinstance(source, CameraSource):
                        return  # the end of a video or a folder
                    time.sleep(0.01)
                    continue
                found.extend(read.text for read in decoder.decode_live(image))

        worker = threading.Thread(target=look, daemon=True)
        worker.start()
        worker.join(CAMERA_SECONDS + SCAN_SECONDS)
        with contextlib.suppress(Exception):
            source.close()
        if not found:
            return self.check("scan", FAULT, "dr_scan_none", seconds=int(SCAN_SECONDS))
        circulation = self.settings.circulation
        classifier = Classifier(circulation.patron_pattern, circulation.item_pattern)
        kind = classifier.classify(found[0]).kind
        words = (
            "dr_scan_card"
            if kind is CodeKind.PATRON
            else "dr_scan_book"
            if kind in (CodeKind.ITEM, CodeKind.ISBN, CodeKind.ISSN)
            else "dr_scan_other"
        )
        return self.check(
            "scan", OK, "dr_scan_ok", code=found[0], kind=say(words, self.lang)
        )

    def printer(self) -> Check:
        """The slip printer answers its status query and has paper."""
        from kiosk.errors import PrinterError
        from kiosk.i18n.messages import text
        from receipts.escpos_printer import make_printer

        settings = self.settings.printer
        if settings.type == "none":
            return self.check("printer", OK, "dr_printer_none")
        try:
            printer = make_printer(settings)
            printer.check()
        except PrinterError as e:
            problem = text(f"printer_{e.problem}", self.lang)
            return self.check("printer", FAULT, "dr_printer_fault", problem=problem)
        return self.check("printer", OK, "dr_printer_ok", kind=settings.type)

    def print_test(self) -> Check:
        """Print the test slip: Chinese and a QR code, as a pupil's slip draws them."""
        from kiosk.errors import PrinterError
        from kiosk.i18n.messages import text
        from kiosk.runtime import slip_library
        from receipts.escpos_printer import make_printer
        from receipts.render import PAPERS, printer_test

        settings = self.settings.printer
        if settings.type == "none":
            return self.check("print_test", OK, "dr_printer_none")
        slip = printer_test(
            slip_library(self.settings, self.lang),
            self.now,
            PAPERS[settings.paper_width_mm],
        )
        try:
            make_printer(settings).print_slip(slip)
        except PrinterError as e:
            problem = text(f"printer_{e.problem}", self.lang)
            return self.check(
                "print_test", FAULT, "dr_print_test_fault", problem=problem
            )
        return self.check("print_test", OK, "dr_print_test_ok")

    def font(self) -> Check:
        """Every character of the catalogue's titles and authors can be drawn."""
        import pygame.freetype

        from kiosk.fonts import CJK_FACE_INDEX, cjk_font_path

        if self.settings.database.url or not self.database.exists():
            return self.check("font", OK, "dr_font_skipped")
        con = self._sqlite()
        try:
            chars = set()
            for title, author in con.execute("SELECT title, author FROM title"):
                chars |= set(title or "") | set(author or "")
        finally:
            con.close()
        pygame.freetype.init()
        face = pygame.freetype.Font(str(cjk_font_path()), 16, font_index=CJK_FACE_INDEX)
        shown = sorted(c for c in chars if c.isprintable() and not c.isspace())
        missing = [
            c
            for c, m in zip(shown, face.get_metrics("".join(shown)), strict=False)
            if m is None
        ]
        if missing:
            return self.check(
                "font", WARNING, "dr_font_missing", chars="".join(missing[:20])
            )
        return self.check("font", OK, "dr_font_ok", count=len(shown))

    def clock(self) -> Check:
        """Due dates are only right when the clock is: not behind the log."""
        if self.settings.database.url or not self.database.exists():
            return self.check("clock", OK, "dr_clock_now", now=self._now())
        con = self._sqlite()
        try:
            [(last,)] = con.execute("SELECT MAX(at) FROM event").fetchall()
        finally:
            con.close()
        if last is None:
            return self.check("clock", OK, "dr_clock_now", now=self._now())
        latest = dt.datetime.fromisoformat(str(last)[:19])
        if self.now < latest - dt.timedelta(minutes=5):
            return self.check(
                "clock", FAULT, "dr_clock_behind", now=self._now(), last=latest
            )
        if self.now > latest + dt.timedelta(days=400):
            return self.check(
                "clock", WARNING, "dr_clock_ahead", now=self._now(), last=latest
            )
        return self.check("clock", OK, "dr_clock_now", now=self._now())

    def _now(self) -> str:
        return self.now.strftime("%Y-%m-%d %H:%M")

    def disk(self) -> Check:
        """Room for the library, slips and backups: loans fail on a full disk."""
        places = [
            self.database.parent,
            self.settings.receipts.archive,
            self.settings.backup.folder,
        ]
        worst: tuple[int, Path] | None = None
        for place in places:
            existing = place
            while not existing.exists() and existing != existing.parent:
                existing = existing.parent
            free = shutil.disk_usage(existing).free // (1024 * 1024)
            if worst is None or free < worst[0]:
                worst = (free, place)
        assert worst is not None
        free, place = worst
        status = (
            FAULT if free < DISK_FAULT_MB else WARNING if free < DISK_WARNING_MB else OK
        )
        return self.check("disk", status, "dr_disk", mb=free, path=place)

    def files(self) -> Check:
        """The library, slips, logs and backups readable by the kiosk's account only."""
        from kiosk.privacy.modes import opened_up, private_paths

        found = opened_up(private_paths(self.settings, self.database))
        if found:
            return self.check(
                "files", WARNING, "dr_files_open", count=len(found), first=found[0]
            )
        return self.check("files", OK, "dr_files_ok")

    def pin(self) -> Check:
        """A staff PIN is set, and not the demo's."""
        from kiosk.staff import check_pin
        from kiosk.state import DEMO_PIN, load_state, state_path

        stored = load_state(state_path(self.database)).pin_hash
        if not stored:
            return self.check("pin", FAULT, "dr_pin_none")
        if check_pin(DEMO_PIN, stored):
            return self.check("pin", WARNING, "dr_pin_demo")
        return self.check("pin", OK, "dr_pin_ok")


def run(argv: list[str], out: TextIO | None = None) -> int:
    """Check, print, and exit 0 (no faults) or 1."""
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    os.environ.setdefault("OPENCV_LOG_LEVEL", "ERROR")  # a missing webcam: our line
    out = out or sys.stdout
    parser = argparse.ArgumentParser(prog="kiosk.py doctor")
    parser.add_argument("--config", help="config file (default config.toml)")
    parser.add_argument("--json", action="store_true", help="one JSON object")
    parser.add_argument("--lang", choices=LANGUAGES)
    parser.add_argument("--demo", action="store_true", help="the embedded demo library")
    parser.add_argument(
        "--scan",
        action="store_true",
        help=f"a card held in front of the camera must decode ({SCAN_SECONDS:.0f} s)",
    )
    parser.add_argument(
        "--print-test", action="store_true", help="print a test slip on the printer"
    )
    args = parser.parse_args(argv)
    try:
        settings = load_config(config_path(args.config))
    except KioskError as e:
        out.write(f"fault config: {e}\n")
        return 2
    lang = args.lang or settings.library.language
    checks = Doctor(
        settings,
        lang,
        dt.datetime.now(),
        demo=args.demo,
        scan=args.scan,
        print_test=args.print_test,
    ).run()
    if args.json:
        out.write(json.dumps([asdict(c) for c in checks], ensure_ascii=False) + "\n")
    else:
        width = max(len(say(f"dr_status_{s}", lang)) for s in (OK, WARNING, FAULT))
        for c in checks:
            mark = say(f"dr_status_{c.status}", lang).ljust(width)
            out.write(f"{mark}  {c.line}\n")
            if c.fix:
                out.write(f"{' ' * width}  → {c.fix}\n")
    return 1 if any(c.status == FAULT for c in checks) else 0
