"""The kiosks page: heartbeats with printer and camera, conflicts, a replay."""

from __future__ import annotations

from pathlib import Path

from kiosk.db import accounts
from kiosk.db.dashboard import beat
from kiosk.desk.app import create_app
from kiosk.desk.context import DeskContext
from tests.desk.conftest import Desk
from tests.test_journal_admin import with_journal, work_offline


def test_every_kiosk_with_its_devices_and_a_silent_one(desk) -> None:
    now = desk.small.clock.now()
    database = desk.context.database
    beat(
        database,
        "counter-1",
        now=now,
        started_at=now,
        mode="checkout",
        printer="paper_out",
        camera="live",
        backlog=0,
    )
    beat(
        database,
        "returns-1",
        now=now,
        started_at=now,
        mode="returns",
        printer="none",
        camera="unavailable",
        backlog=4,
    )
    desk.small.clock.advance(300)
    beat(
        database,
        "returns-1",
        now=desk.small.clock.now(),
        started_at=now,
        mode="returns",
        printer="ready",
        camera="unavailable",
        backlog=4,
    )
    page = desk.client("helper").get("/kiosks/").get_data(as_text=True)
    counter = page.split('id="kiosk-counter-1"')[1].split("</tr>")[0]
    assert "无响应" in counter  # silent for five minutes
    assert "自助借书" in counter
    assert '<span class="badge bad">打印机缺纸' in counter
    assert '<span class="badge ok">正常</span>' in counter
    returns = page.split('id="kiosk-returns-1"')[1].split("</tr>")[0]
    assert "在线" in returns
    assert "连不上，请检查摄像头" in returns
    assert '<td class="num overdue">4</td>' in returns
    assert "没有冲突" in page
    assert 'id="replay-button"' not in page  # no journal on this machine
    assert desk.client("viewer").get("/kiosks/").status_code == 403


def test_conflicts_and_a_replay_from_the_desk(small, tmp_path: Path) -> None:
    settings = with_journal(small, tmp_path, "local/journal.sqlite3")
    work_offline(small, settings)
    accounts.add_account(
        small.library.database,
        "librarian",
        "librarian",
        "librarian-pass",
        at=small.clock.now(),
    )
    app = create_app(DeskContext(settings, small.library, small.clock), testing=True)
    librarian = Desk(app, None, small).client("librarian")
    page = librarian.get("/kiosks/").get_data(as_text=True)
    assert 'id="replay-button"' in page
    replayed = librarian.post("/kiosks/replay", follow_redirects=True)
    text = replayed.get_data(as_text=True)
    assert "离线期间这本书已在别的自助机借给别人" in text
    conflicts = text.split('id="conflicts"')[1].split("</section>")[0]
    assert "10000003" in conflicts
    assert '<span class="badge bad">1</span>' in conflicts
    again = librarian.post("/kiosks/replay", follow_redirects=True)
    assert "离线记录里没有待重放的操作。" in again.get_data(as_text=True)
