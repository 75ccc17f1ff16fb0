"""Drawing helpers: wrapped text, buttons, panels. Immediate mode.

Each frame a screen draws its widgets and returns ``Hit`` areas: where a touch
means which intent (or action). Nothing keeps widget state between frames.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pygame

from kiosk.screens import theme
from receipts.wrap import wrap as slip_wrap

Colour = theme.Colour


@dataclass(frozen=True)
class Hit:
    """A touchable area and what touching it does."""

    rect: pygame.Rect
    action: Callable[[], None]
    name: str = ""


def wrap(text: str, size: int, width: int) -> list[str]:
    """Split ``text`` into lines no wider than ``width`` pixels.

    The slip's line breaking (``receipts.wrap``), measured in the screen's
    font: closing marks never start a line, opening ones never end one, and a
    book's title in 《》 that fits a line is not broken.
    """
    if not text.strip():
        return []
    f = theme.font(size)
    return slip_wrap(text, width, lambda line: f.get_rect(line).width)


def draw_text(
    surface: pygame.Surface,
    text: str,
    pos: tuple[int, int],
    size: int,
    colour: Colour | None = None,
    width: int | None = None,
    max_lines: int = 99,
    ellipsis: bool = False,
) -> int:
    """Draw (wrapped) text with its top-left at ``pos``; return the y below it.

    With ``ellipsis``, text cut off after ``max_lines`` ends in "…", so that
    a reader knows there was more.
    """
    x, y = pos
    lines = wrap(text, size, width) if width else [text]
    f = theme.font(size)
    if ellipsis and len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], _cut(lines[max_lines - 1], f, width)]
    for line in lines[:max_lines]:
        rect = f.render_to(surface, (x, y), line, colour or theme.INK)
        y += max(rect.height, int(size * 1.25))
    return y


def _cut(line: str, f: pygame.freetype.Font, width: int | None) -> str:
    """The line with an ellipsis at its end, shortened to fit ``width``."""
    line = line.rstrip()
    while line and width and f.get_rect(line + "…").width > width:
        line = line[:-1].rstrip()
    return line + "…"


def draw_centered(
    surface: pygame.Surface,
    text: str,
    center: tuple[int, int],
    size: int,
    colour: Colour | None = None,
) -> pygame.Rect:
    """Draw one line centred on ``center``."""
    f = theme.font(size)
    rect = f.get_rect(text)
    rect.center = center
    f.render_to(surface, rect, text, colour or theme.INK)
    return rect


def button(
    surface: pygame.Surface,
    rect: pygame.Rect,
    label: str,
    action: Callable[[], None],
    size: int,
    colour: Colour | None = None,
) -> Hit:
    """A big rounded button; returns its touch area."""
    pygame.draw.rect(
        surface, colour or theme.ACCENT, rect, border_radius=rect.height // 5
    )
    draw_centered(surface, label, rect.center, size, theme.ON_ACCENT)
    return Hit(rect, action, label)


def panel(
    surface: pygame.Surface, rect: pygame.Rect, colour: Colour | None = None
) -> None:
    """A white card to put content on."""
    radius = max(4, rect.height // 40)
    pygame.draw.rect(surface, colour or theme.PANEL, rect, border_radius=radius)


def banner_colour(ok: bool) -> Colour:
    """Green for done, orange for refused."""
    return theme.GOOD if ok else theme.WARN
