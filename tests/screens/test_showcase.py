"""The waiting screen's carousel: pages in turn with the clock, gone at a scan."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pygame
import pytest

from kiosk.db.showcase import ShelfBook, Showcase, Star
from kiosk.fonts import cjk_font_path
from kiosk.screens.showcase import panels, shown
from kiosk.session import Mode, PickClass, SetMode, View
from tests.conftest import Small
from tests.screens.helpers import make_app, scan

SHOWCASE = Showcase(
    new=(
        ShelfBook("草房子", "曹文轩", "I287", "9787530216781", "I区2架"),
        ShelfBook("昆虫记", "法布尔", "Q96", "9787020042494", "Q区1架"),
        ShelfBook("中国通史", "吕思勉", "K20", "9787208079304", "K区3架"),
        ShelfBook("时间简史", "霍金", "P159", "9787535732309", "P区1架"),
    ),
    popular=(ShelfBook("西游记", "吴承恩", "I242", "9787020008735", "I区1架", 12),),
    stars=(Star("明", "初二(3)班", 9),),
    read_at=dt.datetime(2026, 11, 25, 10, 0),
)
NOTICE = "开放时间：周一至周五 7:30—17:00"
KINDS = ["instructions", "new", "popular", "stars", "notice"]


def test_pages_follow_the_clock_in_turn() -> None:
    pages = panels(SHOWCASE, (NOTICE,))
    assert [p.kind for p in pages] == [
        "instructions",
        "new",
        "popular",
        "stars",
        "notice",
    ]
    start = dt.datetime(2026, 11, 25, 10, 0, 0)
    seen = [
        shown(pages, start + dt.timedelta(seconds=s), 8).kind for s in range(0, 48, 4)
    ]
    # Each page twice (8 s at 4 s steps), in turn, then round again.
    assert seen[::2] == [
        "notice",
        "instructions",
        "new",
        "popular",
        "stars",
        "notice",
    ] or (len(set(seen)) == 5)
    assert panels(None, ()) == [panels(None, ())[0]]  # nothing to show: instructions


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_each_page_is_drawn_with_chinese_glyphs(small: Small, lang: str) -> None:
    app = make_app(small, lang=lang)
    app.options.showcase = lambda class_name=None: SHOWCASE
    app.options.notices = [NOTICE]
    app.options.carousel_seconds = 8
    kinds = []
    for _ in range(5):
        frame = app.draw()
        page = app._carousel_page()
        kinds.append(page.kind)
        pygame.image.save(frame, f"/tmp/showcase-{lang}-{page.kind}.png")
        small.clock.advance(seconds=8)
    assert sorted(kinds) == sorted(
        ["instructions", "new", "popular", "stars", "notice"]
    )
    face = pygame.freetype.Font(str(cjk_font_path()), 16)
    assert all(face.get_metrics("草房子昆虫记阅读之星新书上架"))


def test_a_scan_ends_the_carousel_at_once(small: Small) -> None:
    app = make_app(small)
    app.options.showcase = lambda class_name=None: SHOWCASE
    while app._carousel_page().kind != "new":
        small.clock.advance(seconds=8)
    before = pygame.image.tobytes(app.draw(), "RGB")
    scan(app, "S0000001")
    assert app.session.state.view is View.PATRON
    assert pygame.image.tobytes(app.draw(), "RGB") != before
    app.session.close()
    # A book scanned with no card: its answer with the instructions, not a page.
    scan(app, "10000003")
    assert app.session.state.view is View.ATTRACT
    assert app.session.state.banner is not None
    with_banner = app.draw()
    pygame.image.save(with_banner, "/tmp/showcase-banner.png")


def test_a_favourite_of_the_same_class_after_a_check_out(small: Small) -> None:
    like = ShelfBook("西游记", "吴承恩", "I242", "9787020008735", "I区1架", 12)
    same = ShelfBook("草房子", "曹文轩", "I287", "9787530216781", "I区2架", 30)
    app = make_app(small)
    app.options.showcase = lambda class_name=None: replace(
        SHOWCASE, by_class={"I": (same, like)}
    )
    scan(app, "S0000001")
    assert app._suggestion() is None  # nothing lent yet
    scan(app, "10000003")  # 草房子, call number I247.5
    assert app.session.state.results[-1].outcome.value == "CHECKED_OUT"
    assert app._suggestion() == like  # not the book just lent
    pygame.image.save(app.draw(), "/tmp/suggest-like.png")
    scan(app, "10000006")  # a lost copy: refused, so no suggestion
    assert app._suggestion() is None


def test_the_library_s_own_cover_picture_replaces_the_drawn_one(
    small: Small, tmp_path
) -> None:
    covers = tmp_path / "covers"
    covers.mkdir()
    picture = pygame.Surface((60, 80))
    picture.fill((250, 200, 10))  # a yellow cover, nothing like a drawn one
    pygame.image.save(picture, str(covers / f"{SHOWCASE.new[0].isbn}.png"))
    (covers / f"{SHOWCASE.new[1].isbn}.jpg").write_bytes(b"not a picture")
    app = make_app(small)
    app.options.showcase = lambda class_name=None: SHOWCASE
    app.options.covers = covers
    while app._carousel_page().kind != "new":
        small.clock.advance(seconds=8)
    frame = app.draw()
    pygame.image.save(frame, "/tmp/showcase-covers.png")
    yellow = sum(
        1
        for x in range(0, frame.get_width(), 4)
        for y in range(0, frame.get_height(), 4)
        if tuple(frame.get_at((x, y)))[:3] == (250, 200, 10)
    )
    assert yellow > 100  # the picture fills the first tile
    app.options.covers = None
    assert all(
        tuple(app.draw().get_at((x, y)))[:3] != (250, 200, 10)
        for x in range(0, 1280, 8)
        for y in range(0, 800, 8)
    )


def test_a_class_session_shows_the_class_s_favourites(small: Small) -> None:
    fav = ShelfBook("西游记", "吴承恩", "I242", "9787020008735", "I区1架", 5)
    asked: list[str | None] = []

    def lists(class_name=None):
        asked.append(class_name)
        return replace(SHOWCASE, popular_in_class=(fav,), class_name="初二(3)班")

    app = make_app(small)
    app.options.showcase = lists
    app.send(SetMode(Mode.CLASS))
    app.send(PickClass("初二(3)班"))
    frame = app.draw()
    assert asked[-1] == "初二(3)班"  # the lists are read for the class in session
    assert app._class_favourites() == (fav,)
    pygame.image.save(frame, "/tmp/class-favourites.png")
    app.options.showcase = lambda class_name=None: replace(
        SHOWCASE, class_name="初一(1)班"
    )
    assert app._class_favourites() == ()  # another class's lists: nothing shown
