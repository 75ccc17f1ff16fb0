"""Console mode, as a returns desk or a script would use it (real processes)."""

from __future__ import annotations

import dataclasses
import io
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.config import PrinterSettings, ReceiptSettings
from kiosk.console import ConsoleKiosk
from kiosk.errors import StoreError
from kiosk.runtime import build_slip_desk
from receipts.desk import SlipDesk
from tests.conftest import ISBN_TWO, PROJECT, Small

REQUIRED = {"scan", "outcome", "patron", "item", "title", "due", "message"}


def kiosk(*args: str, stdin: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "kiosk.py", *args],
        cwd=PROJECT,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
    )


def console(small: Small, lines: list[str], **kwargs) -> list[dict]:
    out = io.StringIO()
    ConsoleKiosk(small.service, out, small.clock, as_json=True, **kwargs).run(lines)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_checkout_session_in_json(small: Small) -> None:
    rows = console(small, ["S0000001", "10000003", ISBN_TWO, "DONE"])
    assert [r["outcome"] for r in rows] == [
        "PATRON_OK",
        "CHECKED_OUT",
        "ALREADY_ON_LOAN_TO_YOU",
        "SESSION_ENDED",
    ]
    for row in rows:
        assert row.keys() >= REQUIRED
    assert rows[1]["due"] == "2026-12-09"
    assert rows[1]["patron"] == "S0000001"
    assert rows[1]["item"] == "10000003"
    assert rows[1]["title"] == "草房子"
    assert "2026-12-09" in rows[1]["message"]


def test_next_card_starts_the_next_patron(small: Small) -> None:
    rows = console(small, ["S0000001", "10000001", "S0000002", "10000002"])
    assert [(r["outcome"], r["patron"]) for r in rows] == [
        ("PATRON_OK", "S0000001"),
        ("CHECKED_OUT", "S0000001"),
        ("SESSION_ENDED", "S0000001"),
        ("PATRON_OK", "S0000002"),
        ("CHECKED_OUT", "S0000002"),
        ("SESSION_ENDED", "S0000002"),  # end of input ends the session
    ]


def test_book_before_card_asks_for_the_card(small: Small) -> None:
    rows = console(small, ["10000001", "garbage", ""])
    assert [r["outcome"] for r in rows] == ["NOT_A_CARD", "UNKNOWN_BARCODE"]


def test_refused_card_does_not_start_a_session(small: Small) -> None:
    rows = console(small, ["S0000003", "10000001"])
    assert [r["outcome"] for r in rows] == ["CARD_SUSPENDED", "NOT_A_CARD"]


def test_commands_renew_return_hold(small: Small) -> None:
    rows = console(
        small,
        [
            "S0000001",
            "10000003",
            "renew 10000003",
            "RETURN 10000003",
            "S0000002",
            "HOLD 10000001",
            "CANCEL 10000001",
        ],
    )
    assert [r["outcome"] for r in rows][2:] == [
        "RENEWED",
        "RETURNED",
        "SESSION_ENDED",
        "PATRON_OK",
        "HOLD_PLACED",
        "HOLD_CANCELLED",
        "SESSION_ENDED",
    ]


def test_returns_mode(small: Small) -> None:
    small.service.check_out(1, "10000003")
    small.clock.advance(days=16)
    rows = console(small, ["10000003", "10000003", "S0000001", "DONE"], mode="returns")
    assert [r["outcome"] for r in rows] == ["RETURNED", "NOT_ON_LOAN", "NOT_A_BOOK"]
    assert rows[0]["days_late"] == 2
    assert rows[0]["patron"] == "S0000001"


def test_a_database_failure_is_one_line_and_the_desk_goes_on(
    small: Small, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = {"n": 0}
    real = small.service.check_in

    def flaky(scan, patron_id=None):
        calls["n"] += 1
        if calls["n"] == 1:
            raise StoreError("database error: database is locked")
        return real(scan, patron_id)

    monkeypatch.setattr(small.service, "check_in", flaky)
    out = io.StringIO()
    code = ConsoleKiosk(small.service, out, small.clock, mode="returns").run(
        ["10000001", "10000001"]
    )
    lines = out.getvalue().splitlines()
    assert code == 1
    assert lines[0] == "[ERROR] database error: database is locked"
    assert lines[1].startswith("[NOT_ON_LOAN]")


def test_human_lines_in_chinese(small: Small) -> None:
    small.service.check_out(1, "10000003")
    small.clock.advance(days=20)
    out = io.StringIO()
    ConsoleKiosk(small.service, out, small.clock).run(["S0000001"])
    text = out.getvalue()
    assert text.startswith("[PATRON_OK] 李明（初二(3)班），你好！在借 1 本。")
    assert "《草房子》 10000003 应还 2026-12-09（已超期）" in text
    assert "有 1 本书已超期" in text


def test_demo_command_runs_end_to_end(settings) -> None:
    proc = kiosk(
        "--demo",
        "--console",
        "--json",
        "--config",
        str(settings.source),
        stdin="S2602016\n10000041\nDONE\n",
    )
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    # issue 4: the session's slip adds one SLIP line after SESSION_ENDED
    assert [r["outcome"] for r in rows] == [
        "PATRON_OK",
        "CHECKED_OUT",
        "SESSION_ENDED",
        "SLIP",
    ]
    assert "S2602016" in proc.stderr  # the barcodes to try are printed
    assert "9787" in proc.stderr
    slip = rows[-1]
    assert slip["status"] == "ARCHIVED"  # the shipped config has no printer
    assert slip["printed"] is False
    archive = Path(slip["archive"])
    assert archive.is_relative_to(settings.source.parent)  # beside the config
    assert archive.exists()
    assert "借书凭条" in archive.with_suffix(".txt").read_text(encoding="utf-8")


def test_demo_without_console_flag_starts_the_screens(settings) -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "kiosk.py",
            "--demo",
            "--camera",
            "none",
            "--frames",
            "20",
            "--config",
            str(settings.source),
        ],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        env={**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"},
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert "S2602016" in proc.stderr  # the barcodes to try are printed


def test_without_a_display_it_says_how_to_run_headless(settings, tmp_path) -> None:
    hidden = ("DISPLAY", "WAYLAND_DISPLAY", "SDL_VIDEODRIVER")
    env = {k: v for k, v in os.environ.items() if k not in hidden}
    command = [sys.executable, "kiosk.py", "--camera", "none", "--config"]
    demo = subprocess.run(
        [*command, str(settings.source), "--demo"],
        cwd=PROJECT,
        input="S2602016\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    # The demo says so in one line, with the xvfb-run hint, and goes on in the console.
    assert demo.returncode == 0, demo.stderr
    notice = [
        ln for ln in demo.stderr.splitlines() if ln.startswith("kiosk: no display")
    ]
    assert len(notice) == 1
    assert "xvfb-run" in notice[0]
    assert demo.stdout.startswith("[PATRON_OK]")
    # A real kiosk without a screen is a fault: one line, exit status 2.
    real = subprocess.run(
        [*command, str(settings.source)],
        cwd=PROJECT,
        input="",
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert real.returncode == 2
    assert real.stderr.startswith("kiosk: no display")
    assert "Traceback" not in real.stderr


def test_bad_config_is_one_line_and_exit_2(tmp_path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[library]\nlanguage = 'fr'\n")
    proc = kiosk("--console", "--config", str(bad), stdin="")
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1
    assert "language" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_kiosk_config_environment_variable(tmp_path) -> None:
    bad = tmp_path / "env.toml"
    bad.write_text("[nope]\n")
    proc = subprocess.run(
        [sys.executable, "kiosk.py", "--console"],
        cwd=PROJECT,
        input="",
        capture_output=True,
        text=True,
        env={"KIOSK_CONFIG": str(bad), "PATH": "/usr/bin:/bin"},
        timeout=60,
    )
    assert proc.returncode == 2
    assert str(bad) in proc.stderr


def test_unusable_database_is_one_line_and_exit_2(tmp_path) -> None:
    cfg = tmp_path / "k.toml"
    (tmp_path / "lib.sqlite3").mkdir()  # a folder where the database should be
    cfg.write_text('[database]\npath = "lib.sqlite3"\n')
    proc = kiosk("--console", "--config", str(cfg), stdin="")
    assert proc.returncode == 2
    assert proc.stderr.startswith("kiosk: cannot open the database")
    assert "Traceback" not in proc.stderr


# -- slips (issue 4) --------------------------------------------------------------


def slip_desk(small: Small, tmp_path: Path, device: Path) -> SlipDesk:
    settings = dataclasses.replace(
        small.settings,
        printer=PrinterSettings(type="file", device_file=device),
        receipts=ReceiptSettings(archive=tmp_path / "archive"),
    )
    return build_slip_desk(settings, small.library, small.clock, "zh-CN")


def test_a_session_ends_with_its_slip(small: Small, tmp_path: Path) -> None:
    device = tmp_path / "lp0"
    slips = slip_desk(small, tmp_path, device)
    rows = console(small, ["S0000001", "10000003", "DONE"], slips=slips)
    assert [r["outcome"] for r in rows] == [
        "PATRON_OK",
        "CHECKED_OUT",
        "SESSION_ENDED",
        "SLIP",
    ]
    slip = rows[-1]
    assert slip["printed"] is True
    assert slip["ok"] is True
    assert slip["status"] == "PRINTED"
    assert slip["patron"] == "S0000001"
    assert slip["loans"] == [
        {"item": "10000003", "title": "草房子", "due": "2026-12-09"}
    ]
    assert slip["message"] == "凭条已打印，请取走。"
    assert Path(slip["archive"]).parent == tmp_path / "archive" / "2026-11-25"
    assert device.read_bytes().startswith(b"\x1b@\x1dv0")


def test_each_patron_gets_their_own_slip(small: Small, tmp_path: Path) -> None:
    slips = slip_desk(small, tmp_path, tmp_path / "lp0")
    rows = console(small, ["S0000001", "10000001", "S0000002", "10000002"], slips=slips)
    assert [(r["outcome"], r["patron"]) for r in rows] == [
        ("PATRON_OK", "S0000001"),
        ("CHECKED_OUT", "S0000001"),
        ("SESSION_ENDED", "S0000001"),
        ("SLIP", "S0000001"),
        ("PATRON_OK", "S0000002"),
        ("CHECKED_OUT", "S0000002"),
        ("SESSION_ENDED", "S0000002"),
        ("SLIP", "S0000002"),  # end of input ends the session and prints
    ]


def test_a_session_that_recorded_nothing_prints_no_slip(
    small: Small, tmp_path: Path
) -> None:
    slips = slip_desk(small, tmp_path, tmp_path / "lp0")
    rows = console(small, ["S0000001", "10000004", "DONE"], slips=slips)  # damaged
    assert [r["outcome"] for r in rows] == [
        "PATRON_OK",
        "NOT_FOR_LOAN",
        "SESSION_ENDED",
    ]
    assert not (tmp_path / "lp0").exists()


def test_printer_failure_shows_due_dates_and_keeps_the_loans(
    small: Small, tmp_path: Path
) -> None:
    slips = slip_desk(small, tmp_path, tmp_path / "unplugged" / "lp0")
    out = io.StringIO()
    code = ConsoleKiosk(small.service, out, small.clock, slips=slips).run(
        ["S0000001", "10000003", "10000001", "DONE"]
    )
    lines = out.getvalue().splitlines()
    assert code == 0
    slip_line = next(ln for ln in lines if ln.startswith("[SLIP]"))
    assert slip_line.startswith(
        "[SLIP] 凭条没有打印出来（找不到打印机）。借还已经记录，请记下应还日期： 存档："
    )
    index = lines.index(slip_line)
    assert lines[index + 1 :] == [
        "  《草房子》 10000003 应还 2026-12-09",
        "  《红楼梦》 10000001 应还 2026-12-09",
    ]
    loans = small.service.status(small.patron_id("S0000001")).loans
    assert [ln.item.barcode for ln in loans] == ["10000003", "10000001"]
    assert slips.pending is not None  # kept for one reprint


def test_returns_mode_prints_no_slips(small: Small, tmp_path: Path) -> None:
    small.service.check_out(1, "10000003")
    slips = slip_desk(small, tmp_path, tmp_path / "lp0")
    rows = console(small, ["10000003", "DONE"], mode="returns", slips=slips)
    assert [r["outcome"] for r in rows] == ["RETURNED"]


def test_reset_demo_starts_the_demo_library_afresh(settings) -> None:
    def borrow(*flags: str) -> str:
        return kiosk(
            "--demo",
            *flags,
            "--console",
            "--json",
            "--config",
            str(settings.source),
            stdin="S2602016\n10000041\n",
        ).stdout

    assert '"CHECKED_OUT"' in borrow()
    assert '"ALREADY_ON_LOAN_TO_YOU"' in borrow()
    assert '"CHECKED_OUT"' in borrow("--reset-demo")


def test_a_kiosk_whose_library_share_is_gone_starts_offline(tmp_path) -> None:
    """The SQLite library's folder (a network share) is gone at start.

    The kiosk must not make a new, empty library in its place: it starts from
    its journal's snapshot, takes the return, and replays it once the share
    is back.
    """
    text = (PROJECT / "config.toml").read_text(encoding="utf-8")
    config = tmp_path / "config.toml"
    config.write_text(
        text.replace('path = "var/library.sqlite3"', 'path = "share/library.sqlite3"'),
        encoding="utf-8",
    )
    share = tmp_path / "share"
    run = ["--console", "--mode", "returns", "--lang", "en", "--config", str(config)]
    first = kiosk(*run, stdin="")  # makes the library and the journal's snapshot
    assert first.returncode == 0, first.stderr
    assert (share / "library.sqlite3").exists()
    share.rename(tmp_path / "unplugged")

    offline = kiosk(*run, stdin="10000001\n")
    assert offline.returncode == 0, offline.stderr
    assert [ln.split("]")[0] + "]" for ln in offline.stdout.splitlines()] == [
        "[OFFLINE]",
        "[RETURNED]",
    ]
    assert not share.exists()  # no new, empty library in the share's place
    assert "Traceback" not in offline.stderr

    (tmp_path / "unplugged").rename(share)
    back = kiosk(*run, stdin="")  # the journal is replayed at start
    assert back.returncode == 0, back.stderr
    with sqlite3.connect(share / "library.sqlite3") as con:
        replayed = con.execute("SELECT action, scan FROM journalop").fetchall()
    assert replayed == [("check_in", "10000001")]
