"""A kiosk killed (SIGKILL) during a pupil's session: loans kept, the slip printed once.

A real ``kiosk.py`` process, a real signal, a real printer file and the real
slip archive: the restarted kiosk ends the session it left open and prints its
slip; restarting once more prints nothing.
"""

from __future__ import annotations

import dataclasses
import json
import signal
import sqlite3
from pathlib import Path

from kiosk.clock import SystemClock
from kiosk.config import PrinterSettings, ReceiptSettings, load_config
from kiosk.interrupted import finish_interrupted_session
from kiosk.runtime import build_slip_desk, open_library
from kiosk.session import Finish, Mode, PickClass, PrintSlip, Scanned, Session, SetMode
from tests.conftest import PROJECT, Small, console_kiosk

TEACHER = "T0000001"


def finished(config: Path, lines: str = "") -> list[dict]:
    proc = console_kiosk(config)
    out, err = proc.communicate(lines, timeout=120)
    assert proc.returncode == 0, err
    return [json.loads(line) for line in out.splitlines() if line.startswith("{")]


def test_a_killed_session_is_ended_and_its_slip_printed_once_at_restart(
    tmp_path: Path,
) -> None:
    printer = tmp_path / "printer.bin"
    printer.write_bytes(b"")
    text = (PROJECT / "config.toml").read_text(encoding="utf-8")
    text = text.replace('type = "none"', 'type = "file"', 1)
    text = text.replace('device_file = "/dev/usb/lp0"', f'device_file = "{printer}"')
    text = text.replace("check_status = true", "check_status = false")
    config = tmp_path / "config.toml"
    config.write_text(text, encoding="utf-8")
    settings = load_config(config)
    finished(config, f"{TEACHER}\n")  # makes the demo library
    with sqlite3.connect(settings.demo.database) as con:
        books = [
            barcode
            for (barcode,) in con.execute(
                "SELECT barcode FROM item WHERE status = 'available'"
                " AND barcode IS NOT NULL ORDER BY id LIMIT 2"
            )
        ]

    proc = console_kiosk(config)
    assert proc.stdin
    assert proc.stdout
    proc.stdin.write(f"{TEACHER}\n{books[0]}\n{books[1]}\n")
    proc.stdin.flush()
    lent = []
    for line in proc.stdout:
        if line.startswith("{") and json.loads(line)["outcome"] == "CHECKED_OUT":
            lent.append(json.loads(line))
            if len(lent) == 2:
                break
    proc.send_signal(signal.SIGKILL)  # mid-session: no DONE, no end, no slip
    proc.wait(timeout=30)
    assert printer.read_bytes() == b""
    assert not list((tmp_path / "receipts" / "archive").rglob("*.txt"))

    finished(config)  # the restart: the session is ended and its slip printed
    printed = printer.read_bytes()
    assert printed  # ESC/POS bytes of one slip
    slips = list((tmp_path / "receipts" / "archive").rglob("*.txt"))
    assert len(slips) == 1
    words = slips[0].read_text(encoding="utf-8")
    assert books[0] in words
    assert books[1] in words
    with sqlite3.connect(settings.demo.database) as con:
        open_loans = con.execute(
            "SELECT i.barcode FROM loan l JOIN item i ON i.id = l.item_id"
            " JOIN patron p ON p.id = l.patron_id"
            " WHERE p.card = ? AND l.returned_at IS NULL ORDER BY i.barcode",
            (TEACHER,),
        ).fetchall()
    assert sorted(books) == [b for (b,) in open_loans]
    assert actions(settings) == {"end_session": 2, "print_slip": 1}

    finished(config)  # and again: nothing left open, nothing printed again
    assert printer.read_bytes() == b""  # the file printer starts each run empty
    assert len(list((tmp_path / "receipts" / "archive").rglob("*.txt"))) == 1
    assert actions(settings) == {"end_session": 2, "print_slip": 1}


def actions(settings) -> dict[str, int]:
    """Sessions ended (the first run's empty one, then the killed one) and slips."""
    with sqlite3.connect(settings.demo.database) as con:
        return dict(
            con.execute(
                "SELECT action, COUNT(*) FROM event"
                " WHERE action IN ('end_session', 'print_slip') GROUP BY action"
            ).fetchall()
        )


def test_a_session_ended_normally_is_not_reopened(small: Small) -> None:
    small.service.identify("S0000001")
    small.service.check_out(small.patron_id("S0000001"), "10000003")
    assert small.service.unfinished_session() is not None
    small.service.end_session(small.patron_id("S0000001"))
    assert small.service.unfinished_session() is None


def test_the_rebuilt_session_has_what_the_slip_needs(small: Small) -> None:
    pupil = small.patron_id("S0000001")
    small.service.identify("S0000001")
    small.service.check_out(pupil, "10000003")
    small.service.check_out(pupil, "10000006")  # lost: refused, listed as not done
    small.service.check_out(pupil, "10000001")
    small.service.check_in("10000001", pupil)  # lent then brought back at once
    patron, results = small.service.unfinished_session()
    assert patron.card == "S0000001"
    assert [(r.outcome.value, r.item.barcode if r.item else "") for r in results] == [
        ("CHECKED_OUT", "10000003"),
        ("NOT_FOR_LOAN", "10000006"),
        ("CHECKED_OUT", "10000001"),
        ("RETURNED", "10000001"),
    ]
    assert results[0].due == results[0].loan.due  # still out: its due date
    assert results[2].loan is None  # returned since: no loan, no due date


def test_a_database_that_cannot_be_read_never_stops_the_start(
    small: Small,
) -> None:
    small.service.identify("S0000001")
    small.library.database.close()
    small.library.database.init("/nonexistent/folder/library.sqlite3")
    assert finish_interrupted_session(small.service, None, "zh-CN") is None


def test_another_kiosk_s_session_is_not_this_kiosk_s(small: Small) -> None:
    small.service.identify("S0000001")
    settings = small.settings
    library = dataclasses.replace(settings.library, kiosk_id="kiosk-2")
    other = open_library(dataclasses.replace(settings, library=library), SystemClock())
    try:
        assert other.service.unfinished_session() is None
    finally:
        other.close()


# -- a class session (the weekly class borrowing) ---------------------------------

CLASS = "初二(3)班"


def class_session_killed_mid_way(small: Small) -> Session:
    """A class session with two pupils' loans; then the kiosk is killed."""
    session = Session(small.service, small.clock)
    session.apply(SetMode(Mode.CLASS))
    session.apply(PickClass(CLASS))
    session.apply(Scanned("S0000001"))
    session.apply(Scanned("10000003"))
    session.apply(Scanned("S0000002"))
    session.apply(Scanned("10000001"))
    session.apply(Scanned("10000006"))  # lost: refused, not on the class slip
    return session  # no End pressed, no slip: the process dies here


def test_a_class_killed_mid_way_gets_its_class_slip_once_at_restart(
    small: Small, tmp_path: Path
) -> None:
    class_session_killed_mid_way(small)
    class_name, results = small.service.unfinished_class()
    assert class_name == CLASS
    assert [(r.patron.card, r.item.barcode) for r in results] == [
        ("S0000001", "10000003"),
        ("S0000002", "10000001"),
    ]
    # Its last pupil's session is the class's, not a session of their own.
    assert small.service.unfinished_session() is None

    device = tmp_path / "lp0"
    slips = slip_desk(small, tmp_path, device)
    assert finish_interrupted_session(small.service, slips, "zh-CN") is None
    archived = list((tmp_path / "archive").rglob("*.txt"))
    assert len(archived) == 1
    words = archived[0].read_text(encoding="utf-8")
    assert CLASS in words
    assert "李明" in words
    assert "王芳" in words
    assert "草房子" in words  # 10000003
    assert "红楼梦" in words  # 10000001
    assert "本次借出 2 本" in words  # the refused scan is not counted
    assert device.read_bytes()  # printed on the file printer

    # Restarted again: the class was ended, nothing is printed twice.
    assert small.service.unfinished_class() is None
    assert finish_interrupted_session(small.service, slips, "zh-CN") is None
    assert len(list((tmp_path / "archive").rglob("*.txt"))) == 1


def test_a_class_ended_normally_is_not_reopened(small: Small) -> None:
    session = class_session_killed_mid_way(small)
    [slip] = [e for e in session.apply(Finish()) if isinstance(e, PrintSlip)]
    assert slip.class_name == CLASS
    assert small.service.unfinished_class() is None
    assert small.service.unfinished_session() is None


def test_a_shutdown_mid_class_prints_the_class_slip_and_ends_it(small: Small) -> None:
    session = class_session_killed_mid_way(small)
    [slip] = [e for e in session.close() if isinstance(e, PrintSlip)]
    assert slip.class_name == CLASS
    assert [r.item.barcode for r in slip.results] == ["10000003", "10000001"]
    assert session.state.class_name is None
    assert small.service.unfinished_class() is None


def test_a_class_picked_and_left_empty_prints_nothing_at_restart(
    small: Small, tmp_path: Path
) -> None:
    session = Session(small.service, small.clock)
    session.apply(SetMode(Mode.CLASS))
    session.apply(PickClass(CLASS))
    assert small.service.unfinished_class() == (CLASS, ())
    device = tmp_path / "lp0"
    slips = slip_desk(small, tmp_path, device)
    finish_interrupted_session(small.service, slips, "zh-CN")
    assert not list((tmp_path / "archive").rglob("*.txt"))
    assert small.service.unfinished_class() is None


def test_a_pupil_after_the_class_ended_has_a_session_of_their_own(
    small: Small,
) -> None:
    session = class_session_killed_mid_way(small)
    session.apply(SetMode(Mode.CHECKOUT))  # ends the class, with its slip
    session.apply(Scanned("S0000001"))
    session.apply(Scanned("10000002"))
    patron, results = small.service.unfinished_session()
    assert patron.card == "S0000001"
    assert [r.item.barcode for r in results] == ["10000002"]
    assert small.service.unfinished_class() is None


def slip_desk(small: Small, tmp_path: Path, device: Path):
    settings = dataclasses.replace(
        small.settings,
        printer=PrinterSettings(type="file", device_file=device),
        receipts=ReceiptSettings(archive=tmp_path / "archive"),
    )
    return build_slip_desk(settings, small.library, small.clock, "zh-CN")
