"""Open the window (or full screen) and run the kiosk's screens until told to stop."""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pygame

from kiosk.errors import NoDisplayError
from kiosk.ports import Clock
from kiosk.scan.live import LiveScanner
from kiosk.screens.app import AppOptions, KioskApp, SlipSink
from kiosk.screens.sound import Sounds
from kiosk.session import Mode, Session
from kiosk.staff import PinLock
from kiosk.watchdog import Watchdog

log = logging.getLogger(__name__)
WINDOW = (1280, 800)
FPS = 30


def open_screen(fullscreen: bool) -> pygame.Surface:
    """Open the display, or explain in one line how to get one."""
    os.environ.setdefault("SDL_VIDEO_MINIMIZE_ON_FOCUS_LOSS", "0")
    # SDL would turn SIGTERM and SIGINT into a window close, which in kiosk
    # mode waits for the staff PIN: the kiosk handles the signals itself.
    os.environ["SDL_NO_SIGNAL_HANDLERS"] = "1"
    if "XDG_RUNTIME_DIR" not in os.environ:
        # Without it SDL prints its own complaint before ours; a private
        # folder is what the variable should name anyway.
        os.environ["XDG_RUNTIME_DIR"] = tempfile.mkdtemp(prefix="kiosk-xdg-")
    try:
        pygame.display.init()
        driver = pygame.display.get_driver()
        if driver in ("offscreen", "dummy") and not os.environ.get("SDL_VIDEODRIVER"):
            # SDL falls back to drawing nowhere when there is no display.
            raise pygame.error(f"only SDL's {driver} driver is available")
        if fullscreen:
            size = pygame.display.get_desktop_sizes()[0]
            screen = pygame.display.set_mode(size, pygame.FULLSCREEN)
        else:
            screen = pygame.display.set_mode(WINDOW)
    except pygame.error as e:
        raise NoDisplayError(
            f"no display to show the kiosk on ({e}); run it on a desktop, or "
            "headless as `xvfb-run -a ./run demo`, or use --console"
        ) from None
    pygame.display.set_caption("Library kiosk")
    pygame.mouse.set_visible(True)
    return screen


def run_screens(
    screen: pygame.Surface,
    session: Session,
    clock: Clock,
    options: AppOptions,
    *,
    pin_lock: PinLock,
    live: LiveScanner | None,
    slips: SlipSink | None,
    until: Callable[[KioskApp], bool] | None = None,
) -> KioskApp:
    """Draw and handle events at 30 frames a second until the app stops."""
    pygame.key.set_repeat(0)
    app = KioskApp(
        session,
        clock,
        screen.get_size(),
        options,
        pin_lock=pin_lock,
        live=live,
        sounds=Sounds(),
        slips=slips,
    )
    ticker = pygame.time.Clock()
    watchdog = Watchdog()
    with stop_signals() as stopping:
        while app.running and not (until and until(app)):
            if stopping.is_set():
                log.info("stopping on a signal; an open session is ended first")
                app.shutdown()
                break
            app.step(pygame.event.get())
            screen.blit(app.draw(), (0, 0))
            pygame.display.flip()
            if app.frames_drawn == 1:
                log.info("screens running (%dx%d)", *screen.get_size())
                watchdog.ready()
            watchdog.alive()
            ticker.tick(FPS)
    watchdog.stopping()
    return app


@contextlib.contextmanager
def stop_signals() -> Iterator[threading.Event]:
    """SIGTERM and SIGINT set an event the screen loop checks every frame.

    ``systemctl stop``, a shutdown or an upgrade then ends the kiosk within a
    frame or two, never waiting for the staff PIN; the handlers the process
    had before come back afterwards.
    """
    stopping = threading.Event()
    wanted = (signal.SIGTERM, signal.SIGINT)
    if threading.current_thread() is not threading.main_thread():
        yield stopping  # only the main thread may set handlers (tests)
        return
    before = {sig: signal.getsignal(sig) for sig in wanted}
    for sig in wanted:
        signal.signal(sig, lambda *_: stopping.set())
    try:
        yield stopping
    finally:
        for sig, handler in before.items():
            signal.signal(sig, handler)


def initial_mode(name: str) -> Mode:
    """The remembered mode, or self-checkout."""
    try:
        return Mode(name)
    except ValueError:
        return Mode.CHECKOUT


def demo_video(folder: Path) -> Path:
    """The demo camera video, written once (about 10 s) and then reused."""
    path = folder / "demo-camera.avi"
    if not path.exists():
        from kiosk.scan.synth import demo_script, write_presentation_video

        folder.mkdir(parents=True, exist_ok=True)
        started = time.monotonic()
        tmp = path.with_suffix(".part.avi")
        write_presentation_video(tmp, demo_script(), fps=15, seed=3)
        tmp.rename(path)
        log.info("demo video written in %.1f s: %s", time.monotonic() - started, path)
    return path
