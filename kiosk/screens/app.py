"""KioskApp: the loop that turns events into intents and the state into pixels.

``step(events)`` handles pygame events, hand-scanner keystrokes and camera
scans; ``draw()`` returns the frame to show. Both run without a display (SDL
dummy driver), which is how the tests drive the whole kiosk.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

import pygame

from kiosk.i18n.ui import ui
from kiosk.ports import Clock, Link
from kiosk.scan.events import SourceState
from kiosk.scan.live import LiveScanner, Preview
from kiosk.scan.wedge import WedgeDetector
from kiosk.screens import theme
from kiosk.screens.showcase import Panel as Page
from kiosk.screens.showcase import panels as showcase_pages
from kiosk.screens.showcase import shown, suggestion
from kiosk.screens.staff import Overlay, StaffActions, StaffPanel, draw_staff
from kiosk.screens.theme import Metrics
from kiosk.screens.views import Ctx, content_rect, draw_top, draw_view
from kiosk.screens.widgets import Hit, button, draw_centered, draw_text
from kiosk.session import (
    Activity,
    Effect,
    Intent,
    Mode,
    PlaySound,
    PrintSlip,
    Say,
    Scanned,
    Session,
    SetMode,
    Sound,
    View,
)
from kiosk.staff import PinLock

log = logging.getLogger(__name__)
UNPRINTED_SHOWN = dt.timedelta(seconds=30)


class SlipSink(Protocol):
    """Where finished sessions' slips go (the receipts desk)."""

    def print_slip(self, slip: PrintSlip, lang: str) -> bool | None:
        """Print and archive a slip; False if it failed, None if only archived."""
        ...

    def reprint_last(self, lang: str) -> bool | None:
        """Reprint the last slip once; None if there is none."""
        ...


class CounterDesk(Protocol):
    """The librarian's counter tools (``kiosk.db.counter.CounterTools``)."""

    def mark(self, barcode: str, kind: str) -> Any:
        """Mark a copy lost or damaged; a reply with ``ok``, ``key``, ``params``."""
        ...

    def stocktake(self) -> Any:
        """The open stocktake's reply line."""
        ...

    def stocktake_scan(self, barcode: str) -> Any:
        """Count one shelf scan; a reply."""
        ...

    def overdue(self) -> list[Any]:
        """Overdue books by class (``class_name`` and ``lines``)."""
        ...


STOCKTAKE_LINES = 8  # recent shelf scans shown in the stocktake panel
OVERDUE_LINES = 14  # overdue lines that fit the panel; the rest are counted


class SoundPlayer(Protocol):
    """Plays the kiosk's sounds."""

    def play(self, sound: Sound) -> None:
        """Play one sound."""
        ...


@dataclass
class AppOptions:
    """What the app is told at start-up."""

    library: str
    lang: str
    kiosk_mode: bool = False  # full screen: only the staff PIN leaves
    wedge_gap_ms: int = 50
    wedge_min_length: int = 4
    on_mode: Callable[[Mode], None] | None = None
    on_language: Callable[[str], None] | None = None
    notices: list[str] = field(default_factory=list)
    link: Link | None = None  # store-and-forward: shows "offline" and polls
    counter: CounterDesk | None = None  # staff menu: lost/damaged, stocktake, overdue
    checks: Callable[[str], list[Any]] | None = None  # staff menu: doctor, in a lang
    showcase: Callable[[str | None], Any] | None = None  # lists, for a class or all
    carousel_seconds: int = 8  # each page of the waiting screen's carousel
    covers: Any = None  # a folder of cover pictures named by ISBN
    voice: Any = None  # spoken prompts (``kiosk.voice.Voice``); off unless set on
    on_voice: Callable[[bool], None] | None = None  # the staff menu switched it
    high_contrast: bool = False  # black around white cards, darker colours
    on_contrast: Callable[[bool], None] | None = None  # the staff menu switched it


class KioskApp:
    """The kiosk's screens around one ``Session``."""

    def __init__(
        self,
        session: Session,
        clock: Clock,
        size: tuple[int, int],
        options: AppOptions,
        *,
        pin_lock: PinLock,
        live: LiveScanner | None = None,
        sounds: SoundPlayer | None = None,
        slips: SlipSink | None = None,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.session = session
        self.clock = clock
        self.options = options
        self.lang = options.lang
        self.metrics = Metrics(size)
        theme.use(options.high_contrast)
        self.surface = pygame.Surface(size)
        self.pin_lock = pin_lock
        self.live = live
        self.sounds = sounds
        self.slips = slips
        self.monotonic = monotonic
        self.wedge = WedgeDetector(options.wedge_gap_ms, options.wedge_min_length)
        self.staff = StaffPanel()
        self.running = True
        self.notice = ""
        self.slip_ok: bool | None = None
        self.unprinted: PrintSlip | None = None
        self.unprinted_until = clock.now()
        self._hits: list[Hit] = []
        self.frames_drawn = 0
        self._checked: list[list[Any]] = []  # filled by the self-check's thread

    # -- input -------------------------------------------------------------------

    def step(self, events: list[pygame.event.Event]) -> None:
        """Handle one batch of events, camera scans and the idle clock."""
        for event in events:
            self._event(event)
        if self.live is not None:
            scans = [scan.text for scan in self.live.events()]
            for text in self.session.in_order(scans):
                self._scanned(text)
        if self.options.link is not None:
            self.options.link.poll()
        if self._checked and self.staff.overlay is Overlay.CHECKS:
            self._show_checks(self._checked.pop())
        self._apply(self.session.tick())

    def shutdown(self) -> None:
        """Stop at once, ending any open session first (no PIN: it is the system)."""
        self._apply(self.session.close())
        self.running = False

    def send(self, intent: Intent) -> None:
        """Apply an intent to the session and carry out its effects."""
        self._apply(self.session.apply(intent))

    def _apply(self, effects: list[Effect]) -> None:
        for effect in effects:
            if isinstance(effect, PlaySound) and self.sounds is not None:
                self.sounds.play(effect.sound)
            elif isinstance(effect, Say) and self.options.voice is not None:
                self.options.voice.say(effect.result, self.lang)
            elif isinstance(effect, PrintSlip):
                self._print(effect)

    def _print(self, slip: PrintSlip) -> None:
        if self.slips is None:
            return
        try:
            self.slip_ok = self.slips.print_slip(slip, self.lang)
        except Exception:  # a slip must never cost a loan or crash the kiosk
            log.exception("printing a slip failed")
            self.slip_ok = False
        if self.slip_ok is None:  # no printer: the slip is in the archive
            return
        self.notice = ui("slip_printed" if self.slip_ok else "slip_failed", self.lang)
        if not self.slip_ok and slip.patron is not None:
            # The loans are recorded; the pupil must still see their due dates.
            self.unprinted = slip
            self.unprinted_until = self.clock.now() + UNPRINTED_SHOWN

    def _event(self, event: pygame.event.Event) -> None:
        now = self.monotonic()
        if event.type == pygame.QUIT:
            if not self.options.kiosk_mode:
                self.running = False
            return
        if event.type in (pygame.MOUSEBUTTONDOWN, pygame.FINGERDOWN):
            self._touch(_event_pos(event, self.metrics))
        elif event.type == pygame.KEYDOWN:
            self._key(event, now)

    def _touch(self, pos: tuple[int, int]) -> None:
        self.notice = ""
        self.send(Activity())
        for hit in reversed(self._hits):
            if hit.rect.collidepoint(pos):
                hit.action()
                return

    def _key(self, event: pygame.event.Event, now: float) -> None:
        if event.key == pygame.K_ESCAPE or (
            event.key == pygame.K_F4 and event.mod & pygame.KMOD_ALT
        ):
            self._open(Overlay.PIN)
        elif event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            scan = self.wedge.enter(now)
            if scan is not None:
                self._scanned(scan.text)
            elif self.staff.overlay in (Overlay.PIN, Overlay.MANUAL, Overlay.MARK):
                self.staff.typed += self.wedge.take_typed()
                self._staff_key("enter")
        elif event.key == pygame.K_BACKSPACE:
            self.wedge.backspace(now)
            self.staff.typed = self.staff.typed[:-1]
        elif event.unicode and event.unicode.isprintable():
            self.wedge.key(event.unicode, now)
            if self.staff.overlay is None:
                self.session.apply(Activity())

    def _scanned(self, text: str) -> None:
        """A camera or hand-scanner read: the counter tools' panel takes it first."""
        if self.staff.overlay is Overlay.STOCKTAKE:
            self._stocktake_scan(text)
        elif self.staff.overlay is Overlay.MARK:
            self._mark(text)
        else:
            self.send(Scanned(text))

    # -- staff -----------------------------------------------------------------------

    def _open(self, overlay: Overlay | None, purpose: str = "") -> None:
        self.staff = StaffPanel(overlay=overlay, purpose=purpose)
        if overlay is Overlay.MENU:
            self.staff.lines = self._status_lines()
        elif overlay is Overlay.STOCKTAKE:
            self._counter_call(self._stocktake_headline, "")
        elif overlay is Overlay.OVERDUE:
            self._counter_call(self._overdue_lines, "")
        elif overlay is Overlay.CHECKS:
            self._start_checks()

    def _start_checks(self) -> None:
        """Run the doctor's checks off the screen's thread (they take a second)."""
        assert self.options.checks is not None
        self.staff.headline = ui("checks_running", self.lang)
        self._checked.clear()
        run, lang, done = self.options.checks, self.lang, self._checked

        def work() -> None:
            try:
                done.append(run(lang))
            except Exception:  # the checks catch their own; this is a last resort
                log.exception("self-check failed")
                done.append([])

        threading.Thread(target=work, name="self-check", daemon=True).start()

    def _show_checks(self, checks: list[Any]) -> None:
        marks = {"ok": "✓", "warning": "!", "fault": "×"}
        counts = {s: sum(c.status == s for c in checks) for s in marks}
        self.staff.headline = ui(
            "checks_summary",
            self.lang,
            faults=counts["fault"],
            warnings=counts["warning"],
            oks=counts["ok"],
        )
        self.staff.ok = not counts["fault"]
        order = {"fault": 0, "warning": 1, "ok": 2}
        worst_first = sorted(checks, key=lambda c: order[c.status])
        self.staff.lines = [
            f"{marks[c.status]} {c.line}" + (f" → {c.fix}" if c.fix else "")
            for c in worst_first
        ]

    def _counter_call(self, call: Callable[[CounterDesk], None], code: str) -> None:
        """Run a counter tool; a database failure is one line, never a crash."""
        assert self.options.counter is not None
        try:
            call(self.options.counter)
        except Exception:
            log.exception("counter tool failed for %r", code)
            self.staff.message = ui("counter_failed", self.lang)
            self.staff.ok = False

    def _stocktake_headline(self, desk: CounterDesk) -> None:
        reply = desk.stocktake()
        self.staff.headline = ui(reply.key, self.lang, **reply.params)
        self.staff.ok = reply.ok

    def _say(self, reply: Any) -> None:
        self.staff.message = ui(reply.key, self.lang, **reply.params)
        self.staff.ok = reply.ok

    def _mark(self, code: str) -> None:
        self.staff.typed = ""
        self._counter_call(
            lambda desk: self._say(desk.mark(code, self.staff.purpose)), code
        )
        if self.sounds is not None:
            self.sounds.play(Sound.OK if self.staff.ok else Sound.REFUSED)

    def _stocktake_scan(self, code: str) -> None:
        def scan(desk: CounterDesk) -> None:
            self._say(desk.stocktake_scan(code))
            mark = "✓" if self.staff.ok else "×"
            recent = [f"{mark} {self.staff.message}", *self.staff.lines]
            self.staff.lines = recent[:STOCKTAKE_LINES]
            open_now = desk.stocktake()
            self.staff.headline = ui(open_now.key, self.lang, **open_now.params)

        self._counter_call(scan, code)
        if self.sounds is not None:
            self.sounds.play(Sound.OK if self.staff.ok else Sound.REFUSED)

    def _overdue_lines(self, desk: CounterDesk) -> None:
        lines: list[str] = []
        books = 0
        for group in desk.overdue():
            books += len(group.lines)
            lines.append(
                ui(
                    "overdue_class",
                    self.lang,
                    class_name=group.class_name,
                    count=len(group.lines),
                )
            )
            for name, title, barcode, late in group.lines:
                lines.append(
                    ui(
                        "overdue_line",
                        self.lang,
                        name=name,
                        title=title,
                        barcode=barcode,
                        days=late,
                    )
                )
        if len(lines) > OVERDUE_LINES:
            hidden = len(lines) - OVERDUE_LINES + 1
            lines = [
                *lines[: OVERDUE_LINES - 1],
                ui("overdue_more", self.lang, count=hidden),
            ]
        self.staff.lines = lines
        self.staff.message = ui(
            "overdue_total" if books else "overdue_none", self.lang, count=books
        )
        self.staff.ok = not books

    def _staff_key(self, key: str) -> None:
        panel = self.staff
        if key == "clear":
            panel.typed = ""
        elif key != "enter":
            panel.typed = (panel.typed + key)[:32]
        elif panel.overlay is Overlay.PIN:
            self._check_pin(panel.typed)
        elif panel.overlay is Overlay.MANUAL and panel.typed:
            code = panel.typed
            self._open(None)
            self.send(Scanned(code))
        elif panel.overlay is Overlay.MARK and panel.typed:
            self._mark(panel.typed)

    def _check_pin(self, typed: str) -> None:
        result = self.pin_lock.attempt(typed)
        if result.ok:
            self._open(Overlay.MENU)
            return
        self.staff.typed = ""
        if result.locked_until is not None:
            minutes = max(
                1, round((result.locked_until - self.clock.now()).total_seconds() / 60)
            )
            self.staff.message = ui("pin_locked", self.lang, minutes=minutes)
        else:
            self.staff.message = ui("pin_wrong", self.lang, tries=result.tries_left)
        if self.sounds is not None:
            self.sounds.play(Sound.REFUSED)

    def _status_lines(self) -> list[str]:
        camera = "status_none"
        if self.live is not None:
            live = self.live.preview().state is SourceState.LIVE
            camera = "status_ok" if live else "status_unavailable"
        printer = (
            "status_none"
            if self.slips is None
            else ("status_unavailable" if self.slip_ok is False else "status_ok")
        )
        lines = [
            ui("printer_status", self.lang, status=ui(printer, self.lang)),
            ui("camera_status", self.lang, status=ui(camera, self.lang)),
            ui("today_counts", self.lang, **self.session.service.today_counts()),
        ]
        link = self.options.link
        if link is not None:
            state = ui("link_offline" if link.offline else "link_online", self.lang)
            lines.append(
                ui("journal_status", self.lang, pending=link.pending(), state=state)
            )
        return lines

    def _menu(self) -> list[tuple[str, Callable[[], None]]]:
        items = [
            (ui(f"mode_{mode.value}", self.lang), self._mode_setter(mode))
            for mode in Mode
        ]
        items += [
            (ui("language", self.lang), self._toggle_language),
            (ui("reprint", self.lang), self._reprint),
            (ui("manual_entry", self.lang), lambda: self._open(Overlay.MANUAL)),
        ]
        if self.options.counter is not None:
            items += [
                (ui("mark_lost", self.lang), lambda: self._open(Overlay.MARK, "lost")),
                (
                    ui("mark_damaged", self.lang),
                    lambda: self._open(Overlay.MARK, "damaged"),
                ),
                (ui("stocktake", self.lang), lambda: self._open(Overlay.STOCKTAKE)),
                (ui("overdue_list", self.lang), lambda: self._open(Overlay.OVERDUE)),
            ]
        if self.options.checks is not None:
            items.append((ui("checks", self.lang), lambda: self._open(Overlay.CHECKS)))
        voice = self.options.voice
        if voice is not None and voice.available:
            key = "voice_off" if voice.on else "voice_on"
            items.append((ui(key, self.lang), self._toggle_voice))
        contrast = "contrast_off" if theme.high_contrast else "contrast_on"
        items += [
            (ui(contrast, self.lang), self._toggle_contrast),
            (ui("exit_kiosk", self.lang), self._exit),
        ]
        return items

    def _toggle_contrast(self) -> None:
        theme.use(not theme.high_contrast)
        if self.options.on_contrast:
            self.options.on_contrast(theme.high_contrast)
        self._open(Overlay.MENU)

    def _mode_setter(self, mode: Mode) -> Callable[[], None]:
        def set_mode() -> None:
            self.send(SetMode(mode))
            if self.options.on_mode:
                self.options.on_mode(mode)
            self._open(None)

        return set_mode

    def _toggle_voice(self) -> None:
        voice = self.options.voice
        voice.on = not voice.on
        if voice.on:
            voice.prepare(self.lang)
        if self.options.on_voice:
            self.options.on_voice(voice.on)
        self._open(Overlay.MENU)

    def _toggle_language(self) -> None:
        self.lang = "en" if self.lang == "zh-CN" else "zh-CN"
        if self.options.on_language:
            self.options.on_language(self.lang)
        self._open(Overlay.MENU)

    def _reprint(self) -> None:
        done = self.slips.reprint_last(self.lang) if self.slips else None
        key = (
            "nothing_to_reprint"
            if done is None
            else "reprinted"
            if done
            else "slip_failed"
        )
        self._open(Overlay.MENU)
        self.staff.message = ui(key, self.lang)

    def _exit(self) -> None:
        self.running = False

    # -- output ------------------------------------------------------------------------

    def draw(self) -> pygame.Surface:
        """Draw the whole screen for the current state."""
        s, m, state = self.surface, self.metrics, self.session.state
        s.fill(theme.BACKGROUND)
        ctx = Ctx(
            self.lang,
            m,
            self.send,
            self.clock.today(),
            self.options.library,
            self.clock.now(),
            self._carousel_page() if state.view is View.ATTRACT else None,
            self._suggestion() if state.view is View.PATRON else None,
            self.options.covers,
            self._class_favourites() if state.view is View.CLASS else (),
        )
        draw_top(s, state, ctx)
        hits = draw_view(s, state, ctx)
        if self.options.link is not None and self.options.link.offline:
            self._offline(s)
        if state.alert is None:
            hits += self._side(s, ctx)
            self._notice(s, ctx)
            if state.idle_left is not None:
                self._countdown(s, ctx, state.idle_left)
        if self.unprinted is not None:
            if self.clock.now() >= self.unprinted_until:
                self.unprinted = None
            else:
                hits = self._unprinted(s, ctx, self.unprinted)
        if self.staff.overlay is not None:
            actions = StaffActions(
                self._staff_key, lambda: self._open(None), self._menu()
            )
            hits = draw_staff(s, self.staff, ctx, actions)
        self._hits = hits
        self.frames_drawn += 1
        return s

    def _side(self, s: pygame.Surface, ctx: Ctx) -> list[Hit]:
        m = self.metrics
        area = pygame.Rect(
            m.width - m.side_w - m.margin,
            m.top_h + m.margin,
            m.side_w,
            m.height - m.top_h - 2 * m.margin,
        )
        preview = self.live.preview() if self.live is not None else None
        view = pygame.Rect(area.x, area.y, area.width, area.width * 3 // 4)
        pygame.draw.rect(s, (40, 44, 50), view, border_radius=m.unit // 3)
        _draw_preview(s, view, preview, m)
        label = ui(self.camera_status(), self.lang)
        draw_text(
            s,
            label,
            (area.x, view.bottom + m.unit // 3),
            m.small,
            theme.CAPTION,
            width=area.width,
        )
        staff = pygame.Rect(
            area.right - 6 * m.unit,
            area.bottom - int(m.button_h * 0.7),
            6 * m.unit,
            int(m.button_h * 0.7),
        )
        return [
            button(
                s,
                staff,
                ui("staff", self.lang),
                lambda: self._open(Overlay.PIN),
                m.body,
                theme.MUTED,
            )
        ]

    def _lists(self) -> Any:
        """The waiting screen's lists (for the class session under way, if any)."""
        if self.options.showcase is None:
            return None
        return self.options.showcase(self.session.state.class_name)

    def _suggestion(self) -> Any:
        """After a check-out, one favourite of the same class on the shelf."""
        state = self.session.state
        return suggestion(self._lists(), state.results, state.loans)

    def _class_favourites(self) -> tuple[Any, ...]:
        """This week's most borrowed by the class in session (read aside)."""
        found = self._lists()
        if found is None or found.class_name != self.session.state.class_name:
            return ()
        return found.popular_in_class

    def _carousel_page(self) -> Page:
        """The waiting screen's page now (lists read in the background)."""
        pages = showcase_pages(self._lists(), tuple(self.options.notices))
        return shown(pages, self.clock.now(), self.options.carousel_seconds)

    def _unprinted(self, s: pygame.Surface, ctx: Ctx, slip: PrintSlip) -> list[Hit]:
        """The slip that did not print, on screen: every due date to note down."""
        m = self.metrics
        box = pygame.Rect(
            m.margin,
            m.top_h + m.margin,
            m.width - 2 * m.margin,
            m.height - m.top_h - 2 * m.margin,
        )
        pygame.draw.rect(s, theme.PANEL, box, border_radius=m.unit // 2)
        x, width = box.x + m.margin, box.width - 2 * m.margin
        y = draw_text(
            s,
            ui("slip_failed", self.lang),
            (x, box.y + m.margin),
            m.large,
            theme.BAD,
            width=width,
        )
        if slip.patron is not None:
            y = draw_text(s, slip.patron.name, (x, y), m.body, theme.INK)
        for result in slip.results:
            if result.due is None or not result.ok:
                continue
            title = result.title.title if result.title else result.scan
            line = f"{title}  —  {ui('due', self.lang, due=result.due.isoformat())}"
            y = draw_text(s, line, (x, y), m.large, theme.INK, width=width, max_lines=2)
        ok = pygame.Rect(
            box.right - m.margin - 8 * m.unit,
            box.bottom - m.margin - m.button_h,
            8 * m.unit,
            m.button_h,
        )
        return [
            button(
                s, ok, ui("ok", self.lang), self._dismiss_unprinted, m.large, theme.INK
            )
        ]

    def _dismiss_unprinted(self) -> None:
        self.unprinted = None

    def camera_status(self) -> str:
        """The catalogue key of the camera line under the preview."""
        return _camera_key(self.live.preview() if self.live is not None else None)

    def _notice(self, s: pygame.Surface, ctx: Ctx) -> None:
        if self.notice:
            area = content_rect(ctx)
            draw_text(
                s,
                self.notice,
                (area.x, self.metrics.top_h + 2),
                self.metrics.small,
                theme.CAPTION_BAD if self.slip_ok is False else theme.CAPTION_GOOD,
            )

    def _offline(self, s: pygame.Surface) -> None:
        """The strip along the bottom saying the kiosk works from its journal."""
        m = self.metrics
        assert self.options.link is not None
        strip = pygame.Rect(0, m.height - m.margin, m.width, m.margin)
        pygame.draw.rect(s, theme.WARN, strip)
        text = ui("offline_banner", self.lang, pending=self.options.link.pending())
        draw_centered(s, text, strip.center, m.small, theme.ON_ACCENT)

    def _countdown(self, s: pygame.Surface, ctx: Ctx, left: float) -> None:
        m = self.metrics
        bar = pygame.Rect(0, m.height - 2 * m.unit, m.width, 2 * m.unit)
        pygame.draw.rect(s, theme.INK, bar)
        text = ui("idle_countdown", self.lang, seconds=max(1, int(left + 0.999)))
        draw_centered(s, text, bar.center, m.body, theme.ON_ACCENT)


def _event_pos(event: pygame.event.Event, m: Metrics) -> tuple[int, int]:
    if event.type == pygame.FINGERDOWN:
        return int(event.x * m.width), int(event.y * m.height)
    return event.pos


def _camera_key(preview: Preview | None) -> str:
    if preview is None:
        return "camera_none"
    gone = (SourceState.UNAVAILABLE, SourceState.ENDED, SourceState.CLOSED)
    return "camera_unavailable" if preview.state in gone else "camera_live"


def _draw_preview(
    s: pygame.Surface, view: pygame.Rect, preview: Preview | None, m: Metrics
) -> None:
    if preview is None or preview.frame is None:
        return
    image = preview.frame.image
    if getattr(image, "ndim", 0) == 2:
        rgb = image.repeat(3).reshape(*image.shape, 3)
    else:
        rgb = image[..., ::-1]
    h, w = rgb.shape[:2]
    frame = pygame.image.frombuffer(rgb.tobytes(), (w, h), "RGB")
    scale = min(view.width / w, view.height / h)
    size = (int(w * scale), int(h * scale))
    frame = pygame.transform.smoothscale(frame, size)
    top_left = (
        view.x + (view.width - size[0]) // 2,
        view.y + (view.height - size[1]) // 2,
    )
    s.blit(frame, top_left)
    for decoded in preview.found:
        if len(decoded.polygon) >= 2:
            points = [
                (top_left[0] + x * scale, top_left[1] + y * scale)
                for x, y in decoded.polygon
            ]
            pygame.draw.lines(s, theme.GOOD, True, points, max(2, m.unit // 6))
