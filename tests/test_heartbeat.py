"""Kiosk heartbeats: written at start and each minute, never in a kiosk's way."""

from __future__ import annotations

import datetime as dt
import logging
import subprocess
import sys
from functools import partial

import peewee
import pytest

from kiosk.db.dashboard import beat, kiosks
from kiosk.db.health import UNREACHABLE
from kiosk.db.store import open_database
from kiosk.heartbeat import Devices, Heartbeat
from tests.conftest import PROJECT, Small


class FakeLink:
    """The store-and-forward state a kiosk reports (a real link needs a journal)."""

    def __init__(self, offline: bool = False, pending: int = 0) -> None:
        self.offline = offline
        self.waiting = pending

    def pending(self) -> int:
        return self.waiting

    def poll(self) -> None:
        return None


class BrokenWrite:
    """A library that stops answering, then answers again."""

    def __init__(self, write) -> None:
        self.write = write
        self.broken = True

    def __call__(self, *args, **kwargs) -> None:
        if self.broken:
            raise peewee.OperationalError("database is locked")
        self.write(*args, **kwargs)


def heart(small: Small, write=None, **kwargs) -> Heartbeat:
    return Heartbeat(
        write or partial(beat, small.library.database),
        small.clock,
        "counter-1",
        errors=UNREACHABLE,
        **kwargs,
    )


def rows(small: Small):
    return kiosks(small.library.database)


def warnings(caplog) -> int:
    return sum(
        "heartbeat" in r.getMessage() and r.levelno == logging.WARNING
        for r in caplog.records
    )


def test_first_tick_writes_the_kiosks_row(small: Small) -> None:
    started = small.clock.now()
    assert heart(small, mode_of=lambda: "returns").tick()
    (row,) = rows(small)
    assert (row.kiosk, row.online, row.backlog, row.mode) == (
        "counter-1",
        True,
        0,
        "returns",
    )
    assert row.started_at == row.last_seen == started


def test_second_tick_within_a_minute_does_not_write(small: Small) -> None:
    h = heart(small)
    assert h.tick()
    first = rows(small)[0].last_seen
    small.clock.advance(59)
    assert not h.tick()
    assert rows(small)[0].last_seen == first


def test_tick_after_a_minute_writes_the_new_last_seen(small: Small) -> None:
    h = heart(small)
    assert h.tick()
    (first,) = rows(small)
    small.clock.advance(61)
    assert h.tick()
    (again,) = rows(small)
    assert again.last_seen == first.last_seen + dt.timedelta(seconds=61)
    assert again.started_at == first.started_at  # still the same run


def test_the_mode_is_the_kiosks_mode_at_each_beat(small: Small) -> None:
    mode = ["checkout"]
    h = heart(small, mode_of=lambda: mode[0])
    h.tick()
    mode[0] = "returns"
    small.clock.advance(61)
    h.tick()
    assert rows(small)[0].mode == "returns"


def test_offline_kiosk_writes_nothing_and_raises_nothing(small: Small) -> None:
    def unreachable(*args, **kwargs):
        raise AssertionError("no write may be tried offline")

    h = heart(small, write=unreachable, link=FakeLink(offline=True))
    assert not h.tick()
    small.clock.advance(61)
    assert not h.beat()


def test_back_online_the_next_beat_reports_the_backlog(small: Small) -> None:
    link = FakeLink(offline=True, pending=7)
    h = heart(small, link=link)
    assert not h.tick()
    assert rows(small) == []
    link.offline = False
    assert h.tick()  # a skipped beat is no attempt: no minute to wait
    (row,) = rows(small)
    assert (row.online, row.backlog) == (True, 7)


def test_backlog_follows_the_journal(small: Small) -> None:
    link = FakeLink(pending=3)
    h = heart(small, link=link)
    h.tick()
    assert rows(small)[0].backlog == 3
    link.waiting = 0
    small.clock.advance(61)
    h.tick()
    assert rows(small)[0].backlog == 0


def test_a_failed_write_is_logged_once_per_outage(small: Small, caplog) -> None:
    write = BrokenWrite(partial(beat, small.library.database))
    h = heart(small, write=write)
    with caplog.at_level(logging.WARNING, logger="kiosk.heartbeat"):
        assert not h.tick()
        small.clock.advance(30)
        assert not h.tick()  # a failed write waits its turn too
        small.clock.advance(31)
        assert not h.tick()
        assert warnings(caplog) == 1
        write.broken = False
        small.clock.advance(61)
        assert h.tick()
        assert rows(small)[0].last_seen == small.clock.now()
        write.broken = True
        small.clock.advance(61)
        assert not h.tick()
    assert warnings(caplog) == 2  # a second outage, a second line


def test_the_thread_beats_at_start_and_stops(small: Small) -> None:
    h = heart(small).start()
    h.stop()
    assert [k.kiosk for k in rows(small)] == ["counter-1"]


def test_the_thread_survives_any_fault(small: Small, caplog) -> None:
    def broken_mode() -> str:
        raise ValueError("no such mode")

    h = heart(small, mode_of=broken_mode)
    with caplog.at_level(logging.ERROR, logger="kiosk.heartbeat"):
        h.start()
        h.stop()
    assert [r.getMessage() for r in caplog.records] == [
        "heartbeat failed: no such mode"
    ]
    assert rows(small) == []


@pytest.mark.parametrize("demo", [False, True], ids=["library", "demo"])
def test_a_console_kiosk_leaves_its_heartbeat(settings, demo: bool) -> None:
    config = settings.source
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace('kiosk_id = "kiosk-1"', 'kiosk_id = "returns-2"'),
        encoding="utf-8",
    )
    flags = ["--demo"] if demo else []
    command = ["kiosk.py", *flags, "--console", "--mode", "returns", "--config"]
    proc = subprocess.run(
        [sys.executable, *command, str(config)],
        cwd=PROJECT,
        input="10000001\n",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    database = open_database(settings.demo.database if demo else settings.database.path)
    try:
        (row,) = kiosks(database)
    finally:
        database.close()
    assert (row.kiosk, row.online, row.backlog, row.mode) == (
        "returns-2",
        True,
        0,
        "returns",
    )
    assert "heartbeat" not in proc.stderr


def test_the_printer_and_camera_states_are_written_and_a_failing_part_is_error(
    small: Small,
) -> None:
    devices = Devices()
    assert heart(small, devices=devices).beat()
    (row,) = rows(small)
    assert (row.printer, row.camera) == ("none", "none")
    devices.printer = lambda: "paper_out"

    def gone() -> str:
        raise RuntimeError("the capture thread died")

    devices.camera = gone
    assert heart(small, devices=devices).beat()
    (row,) = rows(small)
    assert (row.printer, row.camera) == ("paper_out", "error")


def test_a_device_set_after_start_is_reported_without_waiting_a_minute(
    small: Small,
) -> None:
    devices = Devices()
    heartbeat = heart(small, devices=devices, interval=3600).start()
    try:
        devices.set(printer=lambda: "ready", camera=lambda: "live")
    finally:
        heartbeat.stop()  # the change made before the stop is still written
    (row,) = rows(small)
    assert (row.printer, row.camera) == ("ready", "live")
