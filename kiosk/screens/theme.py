"""Colours, sizes and the bundled CJK font, scaled to the screen."""

from __future__ import annotations

from functools import cache

import pygame
import pygame.freetype

from kiosk.fonts import CJK_FACE_INDEX, cjk_font_path

BACKGROUND = (246, 244, 238)
PANEL = (255, 255, 255)
INK = (30, 34, 40)
MUTED = (110, 116, 124)
ACCENT = (24, 96, 168)
GOOD = (20, 130, 70)
WARN = (200, 110, 0)
BAD = (190, 30, 40)
ALERT = (220, 60, 20)
ON_ACCENT = (255, 255, 255)
OVERLAY = (0, 0, 0, 150)


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
        self.body = int(self.unit * 1.0)
        self.small = int(self.unit * 0.8)
        self.button_h = int(self.unit * 2.6)
        self.top_h = int(self.unit * 2.2)
        self.side_w = int(self.width * 0.34)
