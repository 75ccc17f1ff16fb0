"""Drive a headless KioskApp with synthetic events (no display, no sound)."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame
from PIL import Image

from kiosk.screens.app import AppOptions, KioskApp
from kiosk.session import Session
from kiosk.staff import PinLock, hash_pin

PIN = "2468"
SIZE = (1280, 800)


class Keyboard:
    """Fake key timing: a USB scanner types fast, a person slowly."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def make_app(
    small, *, lang: str = "zh-CN", size=SIZE, kiosk_mode=True, counter=None, **kw
) -> KioskApp:
    pygame.display.init()
    session = Session(small.service, small.clock)
    keyboard = Keyboard()
    app = KioskApp(
        session,
        small.clock,
        size,
        AppOptions("示范中学图书馆", lang, kiosk_mode=kiosk_mode, counter=counter),
        pin_lock=PinLock(hash_pin(PIN), small.clock),
        monotonic=keyboard,
        **kw,
    )
    app.keyboard = keyboard  # type: ignore[attr-defined]
    app.draw()
    return app


def type_keys(app: KioskApp, text: str, gap_s: float, enter: bool = True) -> None:
    """Type ``text`` one key per ``gap_s`` seconds, then Enter."""
    for ch in text:
        app.keyboard.now += gap_s  # type: ignore[attr-defined]
        app.step(
            [pygame.event.Event(pygame.KEYDOWN, key=ord(ch.lower()), unicode=ch, mod=0)]
        )
    if enter:
        app.keyboard.now += gap_s  # type: ignore[attr-defined]
        app.step(
            [
                pygame.event.Event(
                    pygame.KEYDOWN, key=pygame.K_RETURN, unicode="\r", mod=0
                )
            ]
        )
    app.draw()


def scan(app: KioskApp, code: str) -> None:
    """What a USB hand scanner does: 5 ms per key, then Enter."""
    type_keys(app, code, 0.005)


def press(app: KioskApp, label: str) -> None:
    """Touch the button labelled ``label`` on the last drawn frame."""
    app.draw()
    hits = [h for h in app._hits if h.name == label]
    assert hits, f"no button {label!r}; buttons: {[h.name for h in app._hits]}"
    app.step(
        [pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=hits[-1].rect.center, button=1)]
    )
    app.draw()


def labels(app: KioskApp) -> list[str]:
    app.draw()
    return [h.name for h in app._hits]


def open_staff_menu(app: KioskApp) -> None:
    """Touch 管理 and type the staff PIN, as a librarian does."""
    press(app, "管理")
    for digit in PIN:
        press(app, digit)
    press(app, "确定")


def picture(app: KioskApp) -> Image.Image:
    """The frame the app draws now, as a picture to compare with a golden."""
    surface = app.draw()
    raw = pygame.image.tobytes(surface, "RGB")
    return Image.frombytes("RGB", surface.get_size(), raw)
