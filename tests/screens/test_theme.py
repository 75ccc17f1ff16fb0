"""High-contrast colours from the staff menu, and a larger banner on wide screens."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from kiosk.screens import theme
from kiosk.screens.theme import HIGH_CONTRAST, NORMAL, Metrics
from kiosk.session import Scanned
from tests.conftest import Small
from tests.golden import assert_matches_golden
from tests.screens.helpers import make_app, open_staff_menu, picture, press
from tests.screens.test_goldens import STATES


def luminance(colour: tuple[int, ...]) -> float:
    def channel(v: int) -> float:
        c = v / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in colour[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


TEXT_ON = [
    (ink, ground)
    for ink in ("INK", "MUTED", "ACCENT", "GOOD", "WARN", "BAD")
    for ground in ("PANEL", "FIELD", "CHIP")
] + [("ON_ACCENT", g) for g in ("ACCENT", "GOOD", "WARN", "BAD", "ALERT")]
TEXT_ON += [(c, "BACKGROUND") for c in ("CAPTION", "CAPTION_GOOD", "CAPTION_BAD")]


@pytest.mark.parametrize(("ink", "ground"), TEXT_ON)
def test_high_contrast_text_is_at_least_7_to_1(ink: str, ground: str) -> None:
    """WCAG's AAA level for every colour of text on what it is drawn on."""
    assert contrast(HIGH_CONTRAST[ink], HIGH_CONTRAST[ground]) >= 7.0
    assert set(HIGH_CONTRAST) == set(NORMAL)


def test_normal_colours_miss_it_which_is_why_the_switch_exists() -> None:
    weakest = min(contrast(NORMAL[i], NORMAL[g]) for i, g in TEXT_ON)
    assert weakest < 4.5  # white on the orange banner


@pytest.fixture
def normal_afterwards():
    yield
    theme.use(False)


def test_the_staff_menu_switches_high_contrast_and_the_kiosk_remembers(
    small: Small, normal_afterwards
) -> None:
    chosen: list[bool] = []
    app = make_app(small)
    app.options.on_contrast = chosen.append
    assert app.draw().get_at((2, app.metrics.height - 2))[:3] == NORMAL["BACKGROUND"]
    open_staff_menu(app)
    press(app, "高对比度显示")
    assert theme.high_contrast
    assert chosen == [True]
    press(app, "关闭")
    app.send(Scanned("S0000001"))
    surface = app.draw()
    assert surface.get_at((2, app.metrics.height - 2))[:3] == (0, 0, 0)
    open_staff_menu(app)
    press(app, "普通颜色显示")
    assert not theme.high_contrast
    assert chosen == [True, False]


def test_a_kiosk_started_with_high_contrast_draws_it(small: Small) -> None:
    app = make_app(small)
    app.options = dataclasses.replace(app.options, high_contrast=True)
    theme.use(app.options.high_contrast)
    try:
        assert app.draw().get_at((2, 2 + app.metrics.top_h))[:3] == (0, 0, 0)
    finally:
        theme.use(False)


def test_the_banner_is_larger_on_a_wide_screen() -> None:
    narrow = Metrics((1024, 768))
    assert narrow.banner == narrow.large
    for size in ((1280, 800), (1920, 1080)):
        wide = Metrics(size)
        assert wide.banner >= 1.25 * wide.large
    assert Metrics((1920, 1080)).banner >= 65  # pixels: read from a step back


@pytest.mark.parametrize("name", ["attract", "patron", "refused-card", "class"])
def test_high_contrast_golden(
    demo, name: str, tmp_path: Path, update_goldens: bool, normal_afterwards
) -> None:
    app = make_app(demo, lang="zh-CN")
    theme.use(True)
    STATES[name](app)
    assert_matches_golden(
        picture(app),
        f"screens/contrast-{name}-zh-CN.png",
        tmp_path,
        update=update_goldens,
    )
