"""The staff menu's counter tools: lost/damaged, stocktake scanning, overdue list."""

from __future__ import annotations

import time

import peewee
import pygame

from kiosk.circulation.outcomes import Outcome
from kiosk.db import stocktake
from kiosk.i18n.counter import COUNTER
from kiosk.i18n.ui import UI
from kiosk.runtime import counter_tools
from tests.conftest import Small
from tests.screens.helpers import PIN, labels, make_app, press, scan, type_keys

ZH = UI["zh-CN"]
EN = UI["en"]


def _staff_menu(small: Small, lang: str = "zh-CN"):
    app = make_app(
        small,
        lang=lang,
        counter=counter_tools(small.settings, small.library, small.clock),
    )
    words = UI[lang]
    press(app, words["staff"])
    for digit in PIN:
        press(app, digit)
    press(app, words["enter"])
    return app


def test_menu_offers_the_counter_tools_only_when_wired(small: Small) -> None:
    app = _staff_menu(small)
    for key in ("mark_lost", "mark_damaged", "stocktake", "overdue_list"):
        assert ZH[key] in labels(app)
    plain = make_app(small)
    press(plain, ZH["staff"])
    for digit in PIN:
        press(plain, digit)
    press(plain, ZH["enter"])
    assert ZH["mark_lost"] not in labels(plain)


def test_mark_lost_by_hand_scanner_closes_the_loan(small: Small) -> None:
    li = small.patron_id("S0000001")
    assert small.service.check_out(li, "10000001").outcome is Outcome.CHECKED_OUT
    app = _staff_menu(small)
    press(app, ZH["mark_lost"])
    scan(app, "10000001")  # the hand scanner goes to the panel, not the session
    assert app.staff.ok
    assert "李明" in app.staff.message
    assert "红楼梦" in app.staff.message
    assert app.session.state.patron is None
    assert all(loan.barcode != "10000001" for loan in small.service.status(li).loans)
    scan(app, "10000001")
    assert not app.staff.ok
    assert app.staff.message == ZH["counter_already_lost"].format(barcode="10000001")


def test_mark_damaged_typed_on_the_keypad_and_unknown_copy(small: Small) -> None:
    app = _staff_menu(small, "en")
    press(app, EN["mark_damaged"])
    for key in "99999999":
        press(app, key)
    press(app, EN["enter"])
    assert not app.staff.ok
    assert app.staff.message == "No copy has the barcode 99999999"
    for key in "10000003":
        press(app, key)
    press(app, EN["enter"])
    assert app.staff.ok
    assert app.staff.message.startswith("Marked damaged: 10000003")


def test_stocktake_scanning_counts_shelf_scans(small: Small) -> None:
    app = _staff_menu(small)
    press(app, ZH["stocktake"])
    assert "stocktake start" in app.staff.headline  # none open yet: how to start one
    scan(app, "10000001")
    assert not app.staff.ok
    stocktake.start(
        small.library.database, location="I区", now=small.clock.now(), kiosk="k"
    )
    scan(app, "10000001")
    scan(app, "S0000001")  # a card on the shelf is not a book
    scan(app, "10000002")
    assert app.staff.headline == ZH["counter_stocktake_open"].format(
        location="I区", scanned=2
    )
    assert app.staff.lines[0].startswith("✓ 10000002")
    assert app.staff.lines[1].startswith("× S0000001")
    assert app.session.state.patron is None  # the card did not start a session
    # The panel closes and scans go back to lending.
    press(app, ZH["close"])
    scan(app, "S0000001")
    assert app.session.state.patron is not None


def test_overdue_list_by_class(small: Small) -> None:
    li = small.patron_id("S0000001")
    assert small.service.check_out(li, "10000001").outcome is Outcome.CHECKED_OUT
    app = _staff_menu(small)
    press(app, ZH["overdue_list"])
    assert app.staff.message == ZH["overdue_none"]
    press(app, ZH["close"])
    small.clock.advance(days=40)
    app = _staff_menu(small)
    press(app, ZH["overdue_list"])
    assert app.staff.message == ZH["overdue_total"].format(count=1)
    assert app.staff.lines[0] == ZH["overdue_class"].format(
        class_name="初二(3)班", count=1
    )
    assert "李明《红楼梦》10000001" in app.staff.lines[1]
    pygame.image.save(app.draw(), "/tmp/overdue-panel.png")


def test_a_database_failure_is_one_line_not_a_crash(small: Small) -> None:
    app = _staff_menu(small)
    press(app, ZH["mark_lost"])
    # The library's database becomes unreachable (a folder that is not there).
    app.options.counter.database = peewee.SqliteDatabase(  # type: ignore[union-attr]
        "/nonexistent/library.sqlite3"
    )
    type_keys(app, "10000001", 0.005)
    assert not app.staff.ok
    assert app.staff.message == ZH["counter_failed"]
    assert app.running


def test_every_register_and_stocktake_code_has_words() -> None:
    from kiosk.db.registers import RegisterOutcome
    from kiosk.db.stocktake import ScanOutcome

    for lang in ("zh-CN", "en"):
        words = COUNTER[lang]
        for code in RegisterOutcome:
            assert f"counter_{code.value.lower()}" in words
        for code in ScanOutcome:
            assert f"counter_st_{code.value.lower()}" in words


def test_the_self_check_shows_the_doctor_s_checks_worst_first(small: Small) -> None:
    from kiosk.doctor import Doctor

    app = make_app(small)
    app.options.checks = lambda lang: Doctor(
        small.settings, lang, small.clock.now(), camera_state=lambda: "unavailable"
    ).run()
    press(app, ZH["staff"])
    for digit in PIN:
        press(app, digit)
    press(app, ZH["enter"])
    press(app, ZH["checks"])
    assert app.staff.headline == ZH["checks_running"]
    deadline = time.monotonic() + 60
    while not app.staff.lines:  # the checks run off the screen's thread
        assert time.monotonic() < deadline, "the self-check never finished"
        app.step([])
        time.sleep(0.05)
    assert app.running
    faults = [line for line in app.staff.lines if line.startswith("×")]
    # The camera the kiosk holds is gone; no staff PIN in the test's state file.
    assert any("摄像头" in line and "扫描枪" in line for line in faults), faults
    assert app.staff.lines[: len(faults)] == faults  # worst first
    assert any(line.startswith("✓") and "数据库" in line for line in app.staff.lines)
    assert app.staff.headline.startswith(f"{len(faults)} 项故障")
    assert not app.staff.ok
    pygame.image.save(app.draw(), "/tmp/self-check-panel.png")
