"""One drawing function per view of the session state.

Attributes down, messages up: each function reads ``SessionState`` and returns
the touch areas whose actions send intents. They never change the state.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import pygame

from kiosk.circulation.model import Loan
from kiosk.circulation.outcomes import Outcome, Result
from kiosk.i18n.messages import describe
from kiosk.i18n.ui import ui
from kiosk.screens import theme
from kiosk.screens.showcase import draw_page
from kiosk.screens.theme import Metrics
from kiosk.screens.widgets import Hit, banner_colour, button, draw_text, panel, wrap
from kiosk.session import (
    AnswerRenew,
    DismissAlert,
    Finish,
    Intent,
    PickClass,
    ReturnOffered,
    SessionState,
    View,
)


@dataclass
class Ctx:
    """What every view needs besides the state."""

    lang: str
    m: Metrics
    send: Callable[[Intent], None]
    today: dt.date
    library: str
    now: dt.datetime
    page: Any = None  # the waiting screen's carousel page (``screens.showcase``)
    suggestion: Any = None  # after a check-out: a favourite of the same class
    covers: Any = None  # the folder of cover pictures by ISBN (``screens.covers``)
    class_favourites: tuple[Any, ...] = ()  # this week's most borrowed in the class


def content_rect(ctx: Ctx) -> pygame.Rect:
    """The left part of the screen, beside the camera column."""
    m = ctx.m
    return pygame.Rect(
        m.margin,
        m.top_h + m.margin,
        m.width - m.side_w - 3 * m.margin,
        m.height - m.top_h - 2 * m.margin,
    )


def draw_view(surface: pygame.Surface, state: SessionState, ctx: Ctx) -> list[Hit]:
    """Draw the state's view into the content area."""
    draw = {
        View.ATTRACT: _attract,
        View.PATRON: _patron,
        View.RETURNS: _returns,
        View.CLASS_PICK: _class_pick,
        View.CLASS: _class,
    }[state.view]
    return draw(surface, state, ctx)


def draw_top(surface: pygame.Surface, state: SessionState, ctx: Ctx) -> None:
    """The top bar: library, mode, time."""
    m = ctx.m
    pygame.draw.rect(surface, theme.ACCENT, (0, 0, m.width, m.top_h))
    title = theme.font(m.large)
    rect = title.get_rect(ctx.library)
    title.render_to(
        surface, (m.margin, (m.top_h - rect.height) // 2), ctx.library, theme.ON_ACCENT
    )
    mode = ui(f"mode_{state.mode.value}", ctx.lang)
    clock = ctx.now.strftime("%Y-%m-%d %H:%M")
    f = theme.font(m.body)
    right = f"{mode}   {clock}"
    rect = f.get_rect(right)
    f.render_to(
        surface,
        (m.width - rect.width - m.margin, (m.top_h - rect.height) // 2),
        right,
        theme.ON_ACCENT,
    )


def _banner(
    surface: pygame.Surface, result: Result | None, ctx: Ctx, bottom: int
) -> int:
    """The latest outcome, big and coloured, just above ``bottom``."""
    if result is None:
        return bottom
    m = ctx.m
    area = content_rect(ctx)
    blocked = bool(result.blocks)
    # The blocks are listed in red on the patron's card; the banner just greets.
    words = describe(replace(result, blocks=()), ctx.lang)

    lines = wrap(words, m.banner, area.width - 2 * m.margin)[:3]
    height = len(lines) * int(m.banner * 1.3) + 2 * m.margin // 2 + m.margin
    rect = pygame.Rect(area.x, bottom - height, area.width, height)
    colour = banner_colour(result.ok and not blocked)
    pygame.draw.rect(surface, colour, rect, border_radius=m.unit // 2)
    draw_text(
        surface,
        words,
        (rect.x + m.margin, rect.y + m.margin // 2 + m.unit // 4),
        m.banner,
        theme.ON_ACCENT,
        width=rect.width - 2 * m.margin,
        max_lines=3,
    )
    return rect.y - m.margin // 2


def _attract(surface: pygame.Surface, state: SessionState, ctx: Ctx) -> list[Hit]:
    m, area = ctx.m, content_rect(ctx)
    panel(surface, area)
    if ctx.page is not None and ctx.page.kind != "instructions" and not state.banner:
        draw_page(surface, area, ctx.page, ctx.lang, m, ctx.covers)
        return []
    y = area.y + area.height // 4
    y = draw_text(
        surface,
        ui("attract_title", ctx.lang),
        (area.x + 2 * m.margin, y),
        m.title,
        theme.INK,
        width=area.width - 4 * m.margin,
    )
    draw_text(
        surface,
        ui("attract_hint", ctx.lang),
        (area.x + 2 * m.margin, y + m.margin),
        m.body,
        theme.MUTED,
        width=area.width - 4 * m.margin,
    )
    _banner(surface, state.banner, ctx, area.bottom - m.margin)
    return []


def _loan_line(loan: Loan, ctx: Ctx) -> tuple[str, tuple[int, ...]]:
    late = loan.due < ctx.today
    due = ui("due", ctx.lang, due=loan.due.isoformat())
    if late:
        due += " · " + ui("overdue", ctx.lang)
    return f"{loan.item.title.title}  —  {due}", theme.BAD if late else theme.INK


def _patron(surface: pygame.Surface, state: SessionState, ctx: Ctx) -> list[Hit]:
    m, area = ctx.m, content_rect(ctx)
    panel(surface, area)
    patron = state.patron
    x, width = area.x + m.margin, area.width - 2 * m.margin
    y = area.y + m.margin
    if patron is not None:
        y = draw_text(surface, patron.name, (x, y), m.title)
        y = draw_text(surface, patron.class_name, (x, y), m.body, theme.MUTED)
    for block in state.blocks:
        words = describe(
            Result(block.outcome, count=block.count, limit=block.limit), ctx.lang
        )
        y = draw_text(surface, words, (x, y), m.body, theme.BAD, width=width)
    y += m.unit // 2
    y = draw_text(
        surface,
        ui("loans_title", ctx.lang, count=len(state.loans)),
        (x, y),
        m.body,
        theme.ACCENT,
    )
    if not state.loans:
        y = draw_text(surface, ui("no_loans", ctx.lang), (x, y), m.body, theme.MUTED)
    for loan in state.loans[:8]:
        text, colour = _loan_line(loan, ctx)
        y = draw_text(
            surface,
            text,
            (x + m.unit, y),
            m.body,
            colour,
            width=width - m.unit,
            max_lines=2,
        )
    done = pygame.Rect(
        area.right - m.margin - 8 * m.unit,
        area.bottom - m.margin - m.button_h,
        8 * m.unit,
        m.button_h,
    )
    hits = [
        button(
            surface,
            done,
            ui("done", ctx.lang),
            lambda: ctx.send(Finish()),
            m.large,
            theme.GOOD,
        )
    ]
    if ctx.suggestion is not None:
        book = ctx.suggestion
        like = ui("suggest_like", ctx.lang, title=book.title, place=book.location)
        draw_text(
            surface,
            like,
            (x, done.y + (m.button_h - m.body) // 2),
            m.body,
            theme.ACCENT,
            width=done.x - x - m.margin,
            max_lines=2,
        )
    _banner(surface, state.banner, ctx, done.y - m.margin // 2)
    if state.renew_offer is not None:
        hits = _renew_prompt(surface, state.renew_offer, ctx)
    return hits


def _renew_prompt(surface: pygame.Surface, offer: Result, ctx: Ctx) -> list[Hit]:
    m, area = ctx.m, content_rect(ctx)
    title = offer.title.title if offer.title else ""
    question = ui("renew_question", ctx.lang, title=title)
    width = int(area.width * 0.86)
    lines = min(3, len(wrap(question, m.large, width - 2 * m.margin)))
    height = 3 * m.margin + lines * int(m.large * 1.3) + m.button_h
    box = pygame.Rect(0, 0, width, height)
    box.center = area.center
    shade = pygame.Surface(area.size, pygame.SRCALPHA)
    shade.fill(theme.OVERLAY)
    surface.blit(shade, area.topleft)
    panel(surface, box)
    draw_text(
        surface,
        question,
        (box.x + m.margin, box.y + m.margin),
        m.large,
        theme.INK,
        width=box.width - 2 * m.margin,
        max_lines=3,
    )
    w = (box.width - 4 * m.margin) // 3
    choices = [
        ("yes_renew", AnswerRenew(True), theme.GOOD),
        ("return_it", ReturnOffered(), theme.ACCENT),
        ("no_thanks", AnswerRenew(False), theme.MUTED),
    ]
    hits = []
    for i, (key, intent, colour) in enumerate(choices):
        rect = pygame.Rect(
            box.x + m.margin + i * (w + m.margin),
            box.bottom - m.margin - m.button_h,
            w,
            m.button_h,
        )
        hits.append(
            button(
                surface, rect, ui(key, ctx.lang), _sender(ctx, intent), m.body, colour
            )
        )
    return hits


def _sender(ctx: Ctx, intent: Intent) -> Callable[[], None]:
    return lambda: ctx.send(intent)


def _returns(surface: pygame.Surface, state: SessionState, ctx: Ctx) -> list[Hit]:
    m, area = ctx.m, content_rect(ctx)
    panel(surface, area)
    x, width = area.x + m.margin, area.width - 2 * m.margin
    y = draw_text(
        surface, ui("returns_title", ctx.lang), (x, area.y + m.margin), m.title
    )
    y = draw_text(surface, ui("returns_hint", ctx.lang), (x, y), m.body, theme.MUTED)
    y += m.unit // 2
    # The banner first: the list stops above it (the oldest returns left out).
    top = _banner(surface, state.banner, ctx, area.bottom - m.margin)
    for result in reversed(state.results):
        below = _return_line(surface, result, ctx, (x, y), width, top)
        if below is None:
            break
        y = below
    if state.alert is not None:
        return _hold_alert(surface, state.alert, ctx)
    return []


def _return_line(
    surface: pygame.Surface,
    result: Result,
    ctx: Ctx,
    pos: tuple[int, int],
    width: int,
    bottom: int,
) -> int | None:
    """One return of the list, if it fits whole above ``bottom``."""
    m = ctx.m
    title = result.title.title if result.title else result.scan
    colour = theme.INK if result.ok else theme.WARN
    if result.outcome is Outcome.RETURNED and result.patron is not None:
        whose = ui(
            "whose",
            ctx.lang,
            name=result.patron.name,
            class_name=result.patron.class_name,
        )
        late = (
            ui("late_days", ctx.lang, days=result.days_late)
            if result.days_late
            else ui("on_time", ctx.lang)
        )
        line, late_colour = (
            f"{whose} · {late}",
            theme.BAD if result.days_late else theme.MUTED,
        )
    else:
        line, late_colour = describe(result, ctx.lang), theme.WARN
    shown = 1 if result.ok else 2  # what to do with a refused book, in full
    lines = min(len(wrap(line, m.small, width - m.unit)), shown)
    height = int(m.body * 1.25) + lines * int(m.small * 1.25) + m.unit // 3
    if pos[1] + height > bottom:
        return None
    y = draw_text(surface, title, pos, m.body, colour, width=width, max_lines=1)
    return (
        draw_text(
            surface,
            line,
            (pos[0] + m.unit, y),
            m.small,
            late_colour,
            width=width - m.unit,
            max_lines=shown,
            ellipsis=True,
        )
        + m.unit // 3
    )


def _hold_alert(surface: pygame.Surface, alert: Result, ctx: Ctx) -> list[Hit]:
    m = ctx.m
    full = pygame.Rect(0, 0, m.width, m.height)
    pygame.draw.rect(surface, theme.ALERT, full)
    hold = alert.hold_for
    title = alert.title.title if alert.title else ""
    y = draw_text(
        surface,
        ui("hold_alert_title", ctx.lang),
        (2 * m.margin, m.height // 6),
        int(m.title * 1.6),
        theme.ON_ACCENT,
    )
    body = ui(
        "hold_alert_body",
        ctx.lang,
        title=title,
        name=hold.name if hold else "",
        class_name=hold.class_name if hold else "",
    )
    draw_text(
        surface,
        body,
        (2 * m.margin, y + m.margin),
        m.title,
        theme.ON_ACCENT,
        width=m.width - 4 * m.margin,
    )
    ok = pygame.Rect(0, 0, 10 * m.unit, m.button_h)
    ok.midbottom = (m.width // 2, m.height - 2 * m.margin)
    return [
        button(
            surface,
            ok,
            ui("ok", ctx.lang),
            lambda: ctx.send(DismissAlert()),
            m.large,
            theme.INK,
        )
    ]


def _class_pick(surface: pygame.Surface, state: SessionState, ctx: Ctx) -> list[Hit]:
    m, area = ctx.m, content_rect(ctx)
    panel(surface, area)
    x = area.x + m.margin
    y = draw_text(
        surface,
        ui("class_pick_title", ctx.lang),
        (x, area.y + m.margin),
        m.large,
        width=area.width - 2 * m.margin,
    )
    if not state.classes:
        draw_text(
            surface, ui("class_empty", ctx.lang), (x, y + m.margin), m.body, theme.MUTED
        )
    cols = 3
    w = (area.width - (cols + 1) * m.margin) // cols
    hits = []
    for i, name in enumerate(state.classes):
        r, c = divmod(i, cols)
        rect = pygame.Rect(
            x + c * (w + m.margin),
            y + m.margin + r * (m.button_h + m.margin),
            w,
            m.button_h,
        )
        hits.append(button(surface, rect, name, _picker(ctx, name), m.large))
    _banner(surface, state.banner, ctx, area.bottom - m.margin)
    return hits


def _picker(ctx: Ctx, name: str) -> Callable[[], None]:
    return lambda: ctx.send(PickClass(name))


def _class(surface: pygame.Surface, state: SessionState, ctx: Ctx) -> list[Hit]:
    m, area = ctx.m, content_rect(ctx)
    panel(surface, area)
    x, width = area.x + m.margin, area.width - 2 * m.margin
    y = draw_text(
        surface,
        ui("class_title", ctx.lang, class_name=state.class_name or ""),
        (x, area.y + m.margin // 2),
        m.large,
    )
    borrowed_now = {
        r.patron.id
        for r in state.class_results
        if r.patron and r.outcome is not Outcome.RETURNED
    }
    returned_now = {
        r.patron.id
        for r in state.class_results
        if r.patron and r.outcome is Outcome.RETURNED
    }
    overdue = sum(1 for line in state.roster if line.overdue)
    borrowed = sum(1 for line in state.roster if line.loans)
    y = draw_text(
        surface,
        ui(
            "students",
            ctx.lang,
            count=len(state.roster),
            borrowed=borrowed,
            overdue=overdue,
        ),
        (x, y),
        m.small,
        theme.MUTED,
        width=width,
    )
    if state.patron is not None:
        y = draw_text(
            surface,
            f"▶ {state.patron.name}  ({len(state.loans)})",
            (x, y),
            m.large,
            theme.ACCENT,
        )
    else:
        y = draw_text(
            surface,
            ui("class_hint", ctx.lang),
            (x, y),
            m.small,
            theme.MUTED,
            width=width,
        )
    end_label = ui("end_class", ctx.lang)
    end_width = max(
        10 * m.unit, theme.font(m.large).get_rect(end_label).width + 2 * m.unit
    )
    end = pygame.Rect(
        area.right - m.margin - end_width,
        area.bottom - m.margin - m.button_h,
        end_width,
        m.button_h,
    )
    hits = [
        button(
            surface,
            end,
            end_label,
            lambda: ctx.send(Finish()),
            m.large,
            theme.INK,
        )
    ]
    if ctx.class_favourites:
        titles = "".join(f"《{book.title}》" for book in ctx.class_favourites[:3])
        draw_text(
            surface,
            ui("class_favourites", ctx.lang, titles=titles),
            (x, end.y + (m.button_h - m.body) // 2),
            m.body,
            theme.ACCENT,
            width=end.x - x - m.margin,
            max_lines=2,
        )
    banner_top = _banner(surface, state.banner, ctx, end.y - m.margin // 2)
    h = int(m.unit * 1.1)
    tile_font = int(m.unit * 0.7)
    rows_fit = max(1, (banner_top - y - m.unit // 3) // (h + m.unit // 4))
    cols = max(5, -(-len(state.roster) // rows_fit))
    w = (width - (cols - 1) * m.unit // 3) // cols
    for i, line in enumerate(state.roster):
        r, c = divmod(i, cols)
        rect = pygame.Rect(
            x + c * (w + m.unit // 3), y + m.unit // 3 + r * (h + m.unit // 4), w, h
        )
        if rect.bottom > banner_top:
            break
        colour = (
            theme.BAD
            if line.overdue
            else theme.GOOD
            if line.patron.id in borrowed_now
            else theme.ACCENT
            if line.patron.id in returned_now
            else theme.CHIP
        )
        pygame.draw.rect(surface, colour, rect, border_radius=m.unit // 3)
        ink = theme.ON_ACCENT if colour != theme.CHIP else theme.INK
        label = line.patron.name + (f" {len(line.loans)}" if line.loans else "")
        draw_text(
            surface,
            label,
            (rect.x + m.unit // 5, rect.y + (h - tile_font) // 2 - 2),
            tile_font,
            ink,
            width=w - m.unit // 3,
            max_lines=1,
        )
    if state.renew_offer is not None:
        hits = _renew_prompt(surface, state.renew_offer, ctx)
    return hits
