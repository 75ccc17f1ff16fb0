"""Kiosk heartbeats: written at start and each minute, never in a kiosk's way."""

from __future__ import annotations

import logging
from functools import partial

import peewee

from kiosk.db.dashboard import beat, kiosks
from kiosk.db.health import UNREACHABLE
from kiosk.heartbeat import Heartbeat


class FakeLink:
    """The store-and-forward state a kiosk reports (a real link needs a journal)."""

    def __init__(self, offline: bool = False, pending: int = 0) -> None:
        self.offline = offline
        self._pending = pending

    def pending(self) -> int:
        return self._pending

    def poll(self) -> None:
        return None


def heart(small, **kwargs) -> Heartbeat:
    return Heartbeat(
        partial(beat, small.library.database),
        small.clock,
        "counter-1",
        errors=UNREACHABLE,
        **kwargs,
    )


def test_beats_at_once_then_each_minute(small) -> None:
    h = heart(small, mode_of=lambda: "returns")
    assert h.tick()
    (first,) = kiosks(small.library.database)
    assert (first.kiosk, first.online, first.mode) == ("counter-1", True, "returns")
    small.clock.advance(30)
    assert not h.tick()
    small.clock.advance(31)
    assert h.tick()
    (again,) = kiosks(small.library.database)
    assert again.last_seen == small.clock.now()
    assert again.started_at == first.started_at


def test_offline_kiosk_skips_and_reports_its_backlog_when_back(small) -> None:
    link = FakeLink(offline=True, pending=7)
    h = heart(small, link=link)
    assert not h.tick()
    assert kiosks(small.library.database) == []
    link.offline = False
    assert h.tick()
    assert kiosks(small.library.database)[0].backlog == 7


def test_a_failed_write_is_logged_once_and_never_raised(small, caplog) -> None:
    def broken(*args, **kwargs):
        raise peewee.OperationalError("database is locked")

    h = Heartbeat(broken, small.clock, "counter-1", errors=UNREACHABLE)
    with caplog.at_level(logging.WARNING):
        assert not h.tick()
        small.clock.advance(61)
        assert not h.tick()
    assert sum("heartbeat" in r.message for r in caplog.records) == 1


def test_the_thread_beats_at_start_and_stops(small) -> None:
    h = heart(small).start()
    h.stop()
    assert [k.kiosk for k in kiosks(small.library.database)] == ["counter-1"]
