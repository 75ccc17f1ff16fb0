"""The screens, headless: scans, touches, keys, PIN, idle logout, camera loss."""

from __future__ import annotations

import pygame
import pytest

from kiosk.circulation.outcomes import Outcome
from kiosk.i18n.ui import UI
from kiosk.session import Scanned, View
from tests.conftest import ISBN_TWO, Small
from tests.screens.helpers import PIN, labels, make_app, press, scan, type_keys

ZH = UI["zh-CN"]


def test_hand_scanner_card_then_book_then_done(small: Small) -> None:
    app = make_app(small)
    scan(app, "S0000001")
    assert app.session.state.view is View.PATRON
    scan(app, "10000003")
    assert app.session.state.banner.outcome is Outcome.CHECKED_OUT
    press(app, ZH["done"])
    assert app.session.state.view is View.ATTRACT
    assert app.session.state.patron is None


def test_slow_typing_is_not_a_scan(small: Small) -> None:
    app = make_app(small)
    type_keys(app, "S0000001", 0.25)
    assert app.session.state.view is View.ATTRACT
    assert app.session.state.patron is None


@pytest.mark.parametrize(
    ("card", "outcome"),
    [
        ("S9999999", Outcome.UNKNOWN_CARD),
        ("S0000003", Outcome.CARD_SUSPENDED),
        ("S0000005", Outcome.CARD_EXPIRED),
        ("10000003", Outcome.NOT_A_CARD),
    ],
)
def test_refused_cards_are_explained(small: Small, card: str, outcome: Outcome) -> None:
    app = make_app(small)
    scan(app, card)
    assert app.session.state.view is View.ATTRACT
    assert app.session.state.banner.outcome is outcome


def test_refused_book_and_renew_prompt(small: Small) -> None:
    small.service.check_out(small.patron_id("S0000001"), "10000003")
    small.clock.advance(days=1)  # borrowed yesterday: renew or return?
    app = make_app(small)
    scan(app, "S0000001")
    scan(app, "10000004")  # a damaged copy
    assert app.session.state.banner.outcome is Outcome.NOT_FOR_LOAN
    scan(app, ISBN_TWO)
    assert labels(app)[:3] == [ZH["yes_renew"], ZH["return_it"], ZH["no_thanks"]]
    assert ZH["done"] not in labels(app)  # the question must be answered first
    press(app, ZH["yes_renew"])
    assert app.session.state.banner.outcome is Outcome.RENEWED


def test_escape_and_closing_the_window_do_not_leave_kiosk_mode(small: Small) -> None:
    app = make_app(small)
    app.step([pygame.event.Event(pygame.QUIT)])
    app.step(
        [pygame.event.Event(pygame.KEYDOWN, key=pygame.K_ESCAPE, unicode="", mod=0)]
    )
    assert app.running
    assert app.staff.overlay is not None  # Escape only asks for the PIN


def test_pin_opens_the_staff_menu_and_exit_needs_it(small: Small) -> None:
    app = make_app(small)
    press(app, ZH["staff"])
    for digit in PIN:
        press(app, digit)
    press(app, ZH["enter"])
    assert ZH["exit_kiosk"] in labels(app)
    press(app, ZH["exit_kiosk"])
    assert not app.running


def test_five_wrong_pins_lock_the_pad(small: Small) -> None:
    app = make_app(small)
    press(app, ZH["staff"])
    for _ in range(5):
        for digit in "0000":
            press(app, digit)
        press(app, ZH["enter"])
    assert "分钟后再试" in app.staff.message
    for digit in PIN:
        press(app, digit)
    press(app, ZH["enter"])
    assert ZH["exit_kiosk"] not in labels(app)  # locked: even the right PIN fails


def test_staff_switches_mode_and_language(small: Small) -> None:
    app = make_app(small)
    press(app, ZH["staff"])
    for digit in PIN:
        press(app, digit)
    press(app, ZH["enter"])
    press(app, ZH["mode_returns"])
    assert app.session.state.view is View.RETURNS
    press(app, ZH["staff"])
    for digit in PIN:
        press(app, digit)
    press(app, ZH["enter"])
    press(app, ZH["language"])
    assert app.lang == "en"
    assert UI["en"]["exit_kiosk"] in labels(app)


def test_manual_entry_of_a_damaged_label(small: Small) -> None:
    app = make_app(small)
    scan(app, "S0000001")
    press(app, ZH["staff"])
    for digit in PIN:
        press(app, digit)
    press(app, ZH["enter"])
    press(app, ZH["manual_entry"])
    for digit in "10000003":
        press(app, digit)
    press(app, ZH["enter"])
    assert app.session.state.banner.outcome is Outcome.CHECKED_OUT


def test_idle_logout_wipes_the_screen(small: Small) -> None:
    app = make_app(small)
    scan(app, "S0000001")
    scan(app, "10000003")
    small.clock.advance(40)
    app.step([])
    assert app.session.state.idle_left is not None
    small.clock.advance(10)
    app.step([])
    assert app.session.state.patron is None
    assert app.session.state.banner is None
    assert app.session.state.view is View.ATTRACT


def test_touch_and_mouse_both_work(small: Small) -> None:
    app = make_app(small)
    scan(app, "S0000001")
    app.draw()
    [done] = [h for h in app._hits if h.name == ZH["done"]]
    x, y = done.rect.center
    app.step(
        [
            pygame.event.Event(
                pygame.FINGERDOWN, x=x / 1280, y=y / 800, finger_id=0, touch_id=0
            )
        ]
    )
    assert app.session.state.patron is None


@pytest.mark.parametrize("size", [(1024, 768), (1280, 800), (1920, 1080)])
def test_every_view_draws_at_every_size(small: Small, size) -> None:
    app = make_app(small, size=size)
    scan(app, "S0000001")
    scan(app, "10000003")
    assert app.draw().get_size() == size
    press(app, ZH["done"])
    assert app.draw().get_size() == size


def test_staff_menu_shows_todays_counts(small: Small) -> None:
    app = make_app(small)
    scan(app, "S0000001")
    scan(app, "10000003")
    press(app, ZH["staff"])
    for digit in PIN:
        press(app, digit)
    press(app, ZH["enter"])
    assert "今日：借出 1 本，归还 0 本" in app.staff.lines


def test_camera_lost_and_back(small: Small, tmp_path) -> None:
    from kiosk.config import SYMBOLOGIES
    from kiosk.scan.capture import Capture
    from kiosk.scan.decode import BarcodeDecoder
    from kiosk.scan.events import SourceState
    from kiosk.scan.live import LiveScanner
    from kiosk.scan.scanner import Scanner
    from kiosk.scan.sources import ImageFolderSource
    from tests.scan.helpers import write_folder

    folder = write_folder(tmp_path / "camera", 3)
    capture = Capture(
        ImageFolderSource(folder, loop=True),
        fps=60,
        reopen_seconds=0.05,
        max_failures=1,
    )
    live = LiveScanner(capture, Scanner(BarcodeDecoder(SYMBOLOGIES))).start()
    try:
        app = make_app(small, live=live)
        assert capture.wait_state(SourceState.LIVE, timeout=5)
        assert app.camera_status() == "camera_live"
        folder.rename(tmp_path / "unplugged")
        assert capture.wait_state(SourceState.UNAVAILABLE, timeout=5)
        app.draw()
        assert app.camera_status() == "camera_unavailable"
        scan(app, "S0000001")  # the hand scanner still works
        assert app.session.state.view is View.PATRON
        (tmp_path / "unplugged").rename(folder)
        assert capture.wait_state(SourceState.LIVE, timeout=5)
        assert app.camera_status() == "camera_live"
    finally:
        live.close()


def test_printer_failure_shows_the_due_dates_and_keeps_the_loans(
    small: Small, tmp_path
) -> None:
    from tests.receipts.fake_printer import Behaviour, FakeNetworkPrinter
    from tests.receipts.test_desk import desk_for, network

    printer = FakeNetworkPrinter(Behaviour(reset_after=3000), Behaviour(), rcvbuf=4096)
    try:
        app = make_app(small, slips=desk_for(small, network(printer.port), tmp_path))
        scan(app, "S0000001")
        scan(app, "10000003")
        press(app, ZH["done"])
        assert app.slip_ok is False
        assert app.unprinted is not None
        [lent] = [r for r in app.unprinted.results if r.ok]
        assert lent.due.isoformat() == "2026-12-09"
        assert ZH["ok"] in labels(app)  # the due dates stay until dismissed
        # The loan is in the database all the same.
        assert small.store.item_by_barcode("10000003").status.value == "on_loan"
        small.clock.advance(31)
        app.draw()
        assert app.unprinted is None  # and leave the screen on their own
    finally:
        printer.close()


def test_return_from_the_renew_prompt(small: Small) -> None:
    small.service.check_out(small.patron_id("S0000001"), "10000003")
    small.clock.advance(days=1)
    app = make_app(small)
    scan(app, "S0000001")
    scan(app, "10000003")
    press(app, ZH["return_it"])
    assert app.session.state.banner.outcome is Outcome.RETURNED


def test_no_printer_configured_shows_no_failure(small: Small, tmp_path) -> None:
    # Regression: the demo (printer type "none") said the slip did not print.
    from kiosk.config import PrinterSettings
    from tests.receipts.test_desk import desk_for

    app = make_app(small, slips=desk_for(small, PrinterSettings(type="none"), tmp_path))
    scan(app, "S0000001")
    scan(app, "10000003")
    press(app, ZH["done"])
    assert app.unprinted is None
    assert app.notice == ""


def test_a_busy_returns_desk_never_draws_over_the_banner(small: Small) -> None:
    """Eight refused returns (two lines each) stop above the banner, cut off."""
    from dataclasses import replace

    from kiosk.session import Mode, SetMode

    app = make_app(small, lang="en")
    app.send(SetMode(Mode.RETURNS))
    for _ in range(8):
        app.send(Scanned("10000003"))  # not on loan: refused, the sentence in full
    state = app.session.state
    assert [r.outcome for r in state.results] == [Outcome.NOT_ON_LOAN] * 8
    busy = pygame.surfarray.array3d(app.draw())
    app.session.state = replace(state, results=state.results[-1:])
    quiet = pygame.surfarray.array3d(app.draw())
    rows = [y for y in range(busy.shape[1]) if (busy[:, y] != quiet[:, y]).any()]
    assert rows  # the older returns are listed ...
    # The banner: the colour at the panel's left edge near the bottom, upwards.
    x, top = 40, busy.shape[1] - 80
    while (quiet[x, top - 1] == quiet[x, top]).all():
        top -= 1
    assert top > busy.shape[1] // 2
    assert max(rows) < top  # ... and none of them reaches the banner
