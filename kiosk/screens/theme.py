"""Colours, sizes and the bundled CJK font, scaled to the screen."""

from __future__ import annotations

from functools import cache

import pygame
import pygame.freetype

from kiosk.fonts import CJK_FACE_INDEX, cjk_font_path

Colour = tuple[int, ...]

NORMAL: dict[str, Colour] = {
    "BACKGROUND": (246, 244, 238),
    "PANEL": (255, 255, 255),
    "FIELD": (235, 237, 240),  # a text field
    "CHIP": (225, 228, 232),  # a pupil of the class who did nothing yet
    "INK": (30, 34, 40),
    "MUTED": (110, 116, 124),
    "ACCENT": (24, 96, 168),
    "GOOD": (20, 130, 70),
    "WARN": (200, 110, 0),
    "BAD": (190, 30, 40),
    "ALERT": (220, 60, 20),
    "ON_ACCENT": (255, 255, 255),
    "OVERLAY": (0, 0, 0, 150),
    # Text drawn straight on the background (the camera's line, notices).
    "CAPTION": (110, 116, 124),
    "CAPTION_GOOD": (20, 130, 70),
    "CAPTION_BAD": (190, 30, 40),
}
HIGH_CONTRAST: dict[str, Colour] = {
    # Black around white cards; every text colour at least 7:1 (WCAG AAA)
    # against what it is drawn on.
    "BACKGROUND": (0, 0, 0),
    "PANEL": (255, 255, 255),
    "FIELD": (255, 255, 190),
    "CHIP": (255, 255, 190),
    "INK": (0, 0, 0),
    "MUTED": (45, 45, 45),
    "ACCENT": (0, 45, 140),
    "GOOD": (0, 95, 30),
    "WARN": (130, 55, 0),
    "BAD": (150, 0, 0),
    "ALERT": (150, 0, 0),
    "ON_ACCENT": (255, 255, 255),
    "OVERLAY": (0, 0, 0, 210),
    "CAPTION": (235, 235, 235),
    "CAPTION_GOOD": (120, 230, 120),
    "CAPTION_BAD": (255, 130, 130),
}
# The colours in use: the normal ones, until ``use`` switches them.
BACKGROUND: Colour
PANEL: Colour
FIELD: Colour
CHIP: Colour
INK: Colour
MUTED: Colour
ACCENT: Colour
GOOD: Colour
WARN: Colour
BAD: Colour
ALERT: Colour
ON_ACCENT: Colour
OVERLAY: Colour
CAPTION: Colour
CAPTION_GOOD: Colour
CAPTION_BAD: Colour
high_contrast = False


def use(high: bool) -> None:
    """Switch every screen to the high-contrast colours, or back (staff menu)."""
    global high_contrast
    high_contrast = high
    globals().update(HIGH_CONTRAST if high else NORMAL)


use(False)


@cache
def font(size: int) -> pygame.freetype.Font:
    """The Noto Sans CJK SC face at ``size`` pixels (cached)."""
    if not pygame.freetype.get_init():
        pygame.freetype.init()
    f = pygame.freetype.Font(str(cjk_font_path()), size, font_index=CJK_FACE_INDEX)
    f.pad = True
    return f


class Metrics:
    """Sizes derived from the screen height, so 1024x768 and 1920x1080 both work."""

    def __init__(self, size: tuple[int, int]) -> None:
        self.width, self.height = size
        self.unit = max(12, self.height // 28)
        self.margin = self.unit
        self.title = int(self.unit * 2.0)
        self.large = int(self.unit * 1.4)
        # The outcome banner: read from a step back, larger on a wide screen.
        self.banner = int(self.unit * (1.8 if self.width >= 1280 else 1.4))
        self.body = int(self.unit * 1.0)
        self.small = int(self.unit * 0.8)
        self.button_h = int(self.unit * 2.6)
        self.top_h = int(self.unit * 2.2)
        self.side_w = int(self.width * 0.34)
