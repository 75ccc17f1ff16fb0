"""The kiosk says on screen when it works offline, and stops saying it when back."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pygame
import pytest

from kiosk.circulation.outcomes import Outcome
from kiosk.i18n.ui import UI
from kiosk.runtime import open_failover
from kiosk.screens import theme
from kiosk.screens.app import AppOptions, KioskApp
from kiosk.session import Session
from kiosk.staff import PinLock, hash_pin
from tests.conftest import Small
from tests.db.test_offline import Share
from tests.screens.helpers import PIN, SIZE, Keyboard, scan, type_keys

RETRY = 30


@pytest.fixture(params=["zh-CN", "en"])
def offline_app(small: Small, tmp_path: Path, request: pytest.FixtureRequest):
    settings = dataclasses.replace(
        small.settings,
        offline=dataclasses.replace(
            small.settings.offline,
            journal=tmp_path / "local" / "journal.sqlite3",
            retry_seconds=RETRY,
        ),
    )
    service = open_failover(settings, small.library, small.clock)
    assert service is not None
    pygame.display.init()
    app = KioskApp(
        Session(service, small.clock),  # type: ignore[arg-type]
        small.clock,
        SIZE,
        AppOptions("示范中学图书馆", request.param, kiosk_mode=True, link=service),
        pin_lock=PinLock(hash_pin(PIN), small.clock),
        monotonic=Keyboard(),
    )
    app.keyboard = app.monotonic  # type: ignore[attr-defined]
    yield app
    service.close()


def drawn_texts(app: KioskApp) -> list[tuple[str, object]]:
    """Every text the frame draws (widgets.draw_centered is called with it)."""
    import kiosk.screens.app as screen

    seen: list[tuple[str, object]] = []
    original = screen.draw_centered

    def spy(surface, text, *args, **kwargs):
        seen.append((text, args))
        return original(surface, text, *args, **kwargs)

    screen.draw_centered = spy
    try:
        app.draw()
    finally:
        screen.draw_centered = original
    return seen


def strip_colour(app: KioskApp) -> tuple[int, int, int]:
    surface = app.draw()
    m = app.metrics
    return tuple(surface.get_at((2, m.height - m.margin // 2)))[:3]


def test_offline_banner_comes_and_goes(
    small: Small, offline_app: KioskApp, tmp_path: Path
) -> None:
    app, share = offline_app, Share(small)
    assert strip_colour(app) != theme.WARN
    scan(app, "S0000001")
    share.fail()
    scan(app, "10000003")
    assert app.session.state.banner.outcome is Outcome.CHECKED_OUT
    assert app.options.link.offline
    assert strip_colour(app) == theme.WARN
    banner = UI[app.lang]["offline_banner"].format(pending=1)
    assert banner in [t for t, _ in drawn_texts(app)]
    pygame.image.save(app.draw(), str(tmp_path / f"offline-{app.lang}.png"))
    share.restore()
    small.clock.advance(RETRY)
    app.step([])  # the app polls the link: retry, replay, online
    assert not app.options.link.offline
    assert strip_colour(app) != theme.WARN
    assert small.store.open_loan_of_item(3).patron_id == 1


def test_staff_menu_shows_the_journal(
    small: Small, offline_app: KioskApp, tmp_path: Path
) -> None:
    app, share = offline_app, Share(small)
    share.fail()
    scan(app, "S0000001")
    scan(app, "10000003")
    app.step([pygame.event.Event(pygame.KEYDOWN, key=pygame.K_ESCAPE, mod=0)])
    type_keys(app, PIN, 0.3)
    words = UI[app.lang]
    expected = words["journal_status"].format(pending=1, state=words["link_offline"])
    assert expected in app.staff.lines
    pygame.image.save(app.draw(), str(tmp_path / f"menu-{app.lang}.png"))
