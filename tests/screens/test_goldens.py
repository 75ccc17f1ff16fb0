"""Golden screenshots of every screen state, zh-CN and en, on the demo library.

Rewrite them only with ``pytest --update-goldens`` after looking at the
``actual.png`` / ``diff.png`` a failing run leaves in its tmp_path.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from kiosk.db.showcase import read_showcase
from kiosk.screens.app import KioskApp
from kiosk.screens.staff import Overlay
from kiosk.session import Finish, Mode, PickClass, PrintSlip, Scanned, SetMode
from tests.golden import assert_matches_golden
from tests.screens.conftest import DEMO_DAY
from tests.screens.helpers import make_app, picture


def _patron(app: KioskApp) -> None:
    app.send(Scanned("S2602016"))
    app.send(Scanned("10000041"))
    app.send(Scanned("10000050"))
    app.send(Scanned("99999999"))


def _renew(app: KioskApp) -> None:
    # Borrowed yesterday, shown again today: renew or return? (A book lent a
    # moment ago is no question.)
    app.send(Scanned("S2602016"))
    app.send(Scanned("10000041"))
    app.send(Finish())
    app.clock.advance(days=1)  # type: ignore[attr-defined]
    app.send(Scanned("S2602016"))
    app.send(Scanned("10000041"))


def _returns(app: KioskApp) -> None:
    app.send(SetMode(Mode.RETURNS))
    app.send(Scanned("10001236"))
    app.send(Scanned("10000041"))


def _hold(app: KioskApp) -> None:
    _returns(app)
    app.send(Scanned("9787780370417"))


def _class(app: KioskApp) -> None:
    app.send(SetMode(Mode.CLASS))
    app.send(PickClass("初二(1)班"))
    app.send(Scanned("S2501003"))
    app.send(Scanned("10000100"))


def _pin(app: KioskApp) -> None:
    app._open(Overlay.PIN)
    app.staff.typed = "12"


def _countdown(app: KioskApp) -> None:
    _patron(app)
    app.clock.advance(38)  # type: ignore[attr-defined]
    app.step([])


def _unprinted(app: KioskApp) -> None:
    _patron(app)
    state = app.session.state
    app.slip_ok = False
    app.unprinted = PrintSlip(state.patron, state.results)
    app.unprinted_until = app.clock.now() + dt.timedelta(seconds=30)


STATES: dict[str, Callable[[KioskApp], None]] = {
    "attract": lambda app: None,
    "refused-card": lambda app: app.send(Scanned("S2601002")),
    "patron-blocked": lambda app: app.send(Scanned("S2601006")),
    "patron": _patron,
    "renew": _renew,
    "returns": _returns,
    "hold-alert": _hold,
    "class-pick": lambda app: app.send(SetMode(Mode.CLASS)),
    "class": _class,
    "pin": _pin,
    "menu": lambda app: app._open(Overlay.MENU),
    "manual": lambda app: app._open(Overlay.MANUAL),
    "countdown": _countdown,
    "slip-not-printed": _unprinted,
}


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
@pytest.mark.parametrize("name", list(STATES))
def test_screen_golden(
    demo, name: str, lang: str, tmp_path: Path, update_goldens: bool
) -> None:
    app = make_app(demo, lang=lang)
    STATES[name](app)
    assert_matches_golden(
        picture(app), f"screens/{name}-{lang}.png", tmp_path, update=update_goldens
    )


CAROUSEL = ("new", "popular", "stars", "notice")


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
@pytest.mark.parametrize("page", CAROUSEL)
def test_waiting_screen_golden(
    demo, page: str, lang: str, tmp_path: Path, update_goldens: bool
) -> None:
    """Each page of the carousel, its lists read from the demo library."""
    lists = read_showcase(demo.database, DEMO_DAY, new_days=30, stars=True)
    app = make_app(demo, lang=lang)
    app.options.showcase = lambda class_name=None: lists
    app.options.notices = ["开放时间：周一至周五 7:30—17:00，周三下午闭馆整理"]
    for _ in range(len(CAROUSEL) + 1):
        if app._carousel_page().kind == page:
            break
        demo.clock.advance(seconds=app.options.carousel_seconds)
    assert app._carousel_page().kind == page
    assert_matches_golden(
        picture(app),
        f"screens/waiting-{page}-{lang}.png",
        tmp_path,
        update=update_goldens,
    )
