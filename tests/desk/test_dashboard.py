"""The dashboard: today's figures, overdue by class, holds, kiosks, backups."""

from __future__ import annotations

from functools import partial

from kiosk.db.dashboard import beat
from kiosk.heartbeat import Heartbeat


def test_the_dashboard_shows_a_silent_kiosk(desk) -> None:
    h = Heartbeat(
        partial(beat, desk.context.database), desk.small.clock, "returns-desk"
    )
    h.tick()
    page = desk.client("viewer").get("/").get_data(as_text=True)
    assert "returns-desk" in page
    assert "在线" in page
    desk.small.clock.advance(4 * 60)
    page = desk.client("viewer").get("/").get_data(as_text=True)
    assert "无响应" in page


def test_todays_figures_and_overdue_by_class(desk) -> None:
    service, clock = desk.context.circulation, desk.small.clock
    patron = desk.small.patron_id("S0000001")
    service.check_out(patron, "10000001")
    service.check_out(patron, "10000003")
    service.renew(patron, "10000003")
    service.check_in("10000001")
    page = desk.client("viewer").get("/").get_data(as_text=True)
    today = page.split('id="today"')[1].split("</section>")[0]
    assert [int(n) for n in __import__("re").findall(r"<b>(\d+)</b>", today)] == [
        2,
        1,
        1,
    ]
    clock.advance(days=40)
    page = desk.client("viewer").get("/").get_data(as_text=True)
    overdue = page.split('id="overdue"')[1].split("</section>")[0]
    assert "初二(3)班" in overdue
    assert "还没有备份" in page


def test_backup_age_is_shown(desk) -> None:
    settings = desk.small.settings
    folder = settings.backup.folder
    folder.mkdir(parents=True, exist_ok=True)
    stem = settings.database.path.stem
    (folder / f"{stem}-2026-11-20.sqlite3").write_bytes(b"")
    page = desk.client("viewer").get("/").get_data(as_text=True)
    assert "2026-11-20（5 天前）" in page
