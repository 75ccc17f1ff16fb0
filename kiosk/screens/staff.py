"""The staff overlay: PIN keypad, staff menu and manual barcode entry."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

import pygame

from kiosk.i18n.ui import ui
from kiosk.screens import theme
from kiosk.screens.views import Ctx
from kiosk.screens.widgets import Hit, button, draw_centered, draw_text, panel

PIN_KEYS = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "clear", "0", "enter")
CODE_KEYS = (*PIN_KEYS[:9], "S", "0", "T", "X", "clear", "enter")


class Overlay(StrEnum):
    """Which staff panel is open."""

    PIN = "pin"
    MENU = "menu"
    MANUAL = "manual"
    MARK = "mark"  # mark a copy lost or damaged (``purpose``)
    STOCKTAKE = "stocktake"  # shelf scans go to the open stocktake
    OVERDUE = "overdue"  # the overdue list by class
    CHECKS = "checks"  # the doctor's checks, as ``kiosk.py doctor`` prints them


@dataclass
class StaffPanel:
    """What the staff overlay shows (kept by the app between frames)."""

    overlay: Overlay | None = None
    typed: str = ""
    message: str = ""
    lines: list[str] = field(default_factory=list)
    purpose: str = ""  # MARK: "lost" or "damaged"
    headline: str = ""  # STOCKTAKE: which stocktake is open and its count
    ok: bool = True  # the message reports success (green) or a refusal (red)


@dataclass
class StaffActions:
    """What the staff buttons do (provided by the app)."""

    key: Callable[[str], None]
    close: Callable[[], None]
    menu: list[tuple[str, Callable[[], None]]]


def draw_staff(
    surface: pygame.Surface, panel_state: StaffPanel, ctx: Ctx, actions: StaffActions
) -> list[Hit]:
    """Draw the open staff panel over everything."""
    m = ctx.m
    shade = pygame.Surface((m.width, m.height), pygame.SRCALPHA)
    shade.fill(theme.OVERLAY)
    surface.blit(shade, (0, 0))
    box = pygame.Rect(
        0, 0, min(m.width - 2 * m.margin, 34 * m.unit), m.height - 4 * m.margin
    )
    box.center = (m.width // 2, m.height // 2)
    panel(surface, box)
    close = pygame.Rect(
        box.right - m.margin - 6 * m.unit,
        box.y + m.margin,
        6 * m.unit,
        int(m.button_h * 0.7),
    )
    hits = [
        button(
            surface, close, ui("close", ctx.lang), actions.close, m.body, theme.MUTED
        )
    ]
    if panel_state.overlay is Overlay.MENU:
        return hits + _menu(surface, box, panel_state, ctx, actions)
    if panel_state.overlay in (Overlay.STOCKTAKE, Overlay.OVERDUE, Overlay.CHECKS):
        return hits + _report(surface, box, panel_state, ctx)
    title = {
        Overlay.PIN: "pin_title",
        Overlay.MARK: f"mark_{panel_state.purpose}_title",
    }.get(panel_state.overlay, "manual_title")
    y = draw_text(
        surface, ui(title, ctx.lang), (box.x + m.margin, box.y + m.margin), m.large
    )
    shown = (
        "●" * len(panel_state.typed)
        if panel_state.overlay is Overlay.PIN
        else panel_state.typed
    )
    field_rect = pygame.Rect(
        box.x + m.margin,
        y + m.unit // 2,
        box.width - 2 * m.margin,
        int(m.button_h * 0.8),
    )
    pygame.draw.rect(surface, theme.FIELD, field_rect, border_radius=m.unit // 3)
    draw_centered(surface, shown, field_rect.center, m.large)
    y = field_rect.bottom + m.unit // 3
    if panel_state.message:
        y = draw_text(
            surface,
            panel_state.message,
            (box.x + m.margin, y),
            m.body,
            theme.GOOD if panel_state.ok else theme.BAD,
            width=box.width - 2 * m.margin,
            max_lines=2,
        )
    keys = PIN_KEYS if panel_state.overlay is Overlay.PIN else CODE_KEYS
    return hits + _keypad(
        surface,
        keys,
        pygame.Rect(
            box.x + m.margin,
            y + m.unit // 2,
            box.width - 2 * m.margin,
            box.bottom - y - m.margin - m.unit // 2,
        ),
        ctx,
        actions.key,
    )


def _keypad(
    surface: pygame.Surface,
    keys: tuple[str, ...],
    area: pygame.Rect,
    ctx: Ctx,
    press: Callable[[str], None],
) -> list[Hit]:
    m = ctx.m
    cols, rows = 3, (len(keys) + 2) // 3
    gap = m.unit // 3
    w = (area.width - (cols - 1) * gap) // cols
    h = min(m.button_h, (area.height - (rows - 1) * gap) // rows)
    hits = []
    for i, key in enumerate(keys):
        r, c = divmod(i, cols)
        rect = pygame.Rect(area.x + c * (w + gap), area.y + r * (h + gap), w, h)
        label = ui(key, ctx.lang) if key in ("clear", "enter") else key
        colour = (
            theme.GOOD
            if key == "enter"
            else theme.MUTED
            if key == "clear"
            else theme.ACCENT
        )
        hits.append(button(surface, rect, label, _presser(press, key), m.large, colour))
    return hits


def _report(
    surface: pygame.Surface, box: pygame.Rect, panel_state: StaffPanel, ctx: Ctx
) -> list[Hit]:
    """Stocktake, overdue, self-check: a headline and lines, nothing to press."""
    m = ctx.m
    x, width = box.x + m.margin, box.width - 2 * m.margin
    title = {
        Overlay.STOCKTAKE: "stocktake",
        Overlay.OVERDUE: "overdue_list",
        Overlay.CHECKS: "checks",
    }[panel_state.overlay]
    y = draw_text(surface, ui(title, ctx.lang), (x, box.y + m.margin), m.large)
    if panel_state.headline:
        y = draw_text(surface, panel_state.headline, (x, y), m.body, theme.MUTED, width)
    if panel_state.message:
        colour = theme.GOOD if panel_state.ok else theme.BAD
        y = draw_text(surface, panel_state.message, (x, y), m.body, colour, width)
    y += m.unit // 2
    wrapped = 2 if panel_state.overlay is Overlay.CHECKS else 1  # a fix is a sentence
    for line in panel_state.lines:
        if y + m.body > box.bottom - m.margin:
            break
        y = draw_text(
            surface, line, (x, y), m.small, theme.INK, width, max_lines=wrapped
        )
    return []


def _presser(press: Callable[[str], None], key: str) -> Callable[[], None]:
    return lambda: press(key)


def _menu(
    surface: pygame.Surface,
    box: pygame.Rect,
    panel_state: StaffPanel,
    ctx: Ctx,
    actions: StaffActions,
) -> list[Hit]:
    m = ctx.m
    x = box.x + m.margin
    y = draw_text(surface, ui("staff_title", ctx.lang), (x, box.y + m.margin), m.large)
    for line in panel_state.lines:
        y = draw_text(
            surface, line, (x, y), m.body, theme.MUTED, width=box.width - 2 * m.margin
        )
    if panel_state.message:
        y = draw_text(surface, panel_state.message, (x, y), m.body, theme.ACCENT)
    cols = 2
    gap = m.unit // 2
    w = (box.width - 2 * m.margin - gap) // cols
    h = int(m.button_h * 0.8)
    hits = []
    for i, (label, action) in enumerate(actions.menu):
        r, c = divmod(i, cols)
        rect = pygame.Rect(x + c * (w + gap), y + m.unit // 2 + r * (h + gap), w, h)
        hits.append(
            button(
                surface,
                rect,
                label,
                action,
                m.body,
                theme.BAD if i == len(actions.menu) - 1 else theme.ACCENT,
            )
        )
    return hits
