"""Kiosk entry point: parse arguments, load config, build adapters, run.

``main`` turns every error family into one readable line (beets' main/_raw_main
split); the traceback goes to the log at DEBUG, never onto the kiosk screen.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import logging.handlers
import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk import __version__
from kiosk.clock import SystemClock
from kiosk.config import Settings, config_path, load_config
from kiosk.console import MODES, ConsoleKiosk
from kiosk.db.backup import daily_backup, kiosk_lock
from kiosk.doctor import Doctor
from kiosk.errors import KioskError, NoDisplayError
from kiosk.heartbeat import Devices, Heartbeat
from kiosk.i18n.messages import text
from kiosk.interrupted import finish_interrupted_session
from kiosk.privacy.secrets import HideSecrets, password_of
from kiosk.runtime import (
    Library,
    build_slip_desk,
    counter_tools,
    library_gone,
    open_kiosk_library,
    open_library,
    showcase_reader,
)
from kiosk.staff import PinLock, hash_pin
from kiosk.state import DEMO_PIN, load_state, state_path, update_state

if TYPE_CHECKING:
    from kiosk.scan.live import LiveScanner

log = logging.getLogger("kiosk")


def parse_args(argv: list[str]) -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(
        prog="kiosk.py", description="School library self-service kiosk."
    )
    parser.add_argument("--config", help="config file (default: config.toml)")
    parser.add_argument(
        "--demo", action="store_true", help="use the embedded demo library"
    )
    parser.add_argument(
        "--console",
        action="store_true",
        help="read scans from standard input, one per line",
    )
    parser.add_argument("--mode", choices=MODES, default="checkout")
    parser.add_argument(
        "--json", action="store_true", help="one JSON object per outcome"
    )
    parser.add_argument("--lang", choices=("zh-CN", "en"), help="override language")
    parser.add_argument(
        "--fullscreen",
        action="store_true",
        help="kiosk mode: full screen, PIN to leave",
    )
    parser.add_argument("--camera", help="webcam index, video file, folder or none")
    parser.add_argument(
        "--set-pin", action="store_true", help="set the staff PIN and exit"
    )
    parser.add_argument(
        "--reset-demo",
        action="store_true",
        help="start the demo library afresh (its loans so far are forgotten)",
    )
    parser.add_argument("--frames", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--version", action="version", version=__version__)
    return parser.parse_args(argv)


def setup_logging(settings: Settings) -> None:
    """Log to the configured file (standard error when none)."""
    target = settings.logging.file
    if target is not None:
        target.parent.mkdir(parents=True, exist_ok=True)
        # Watched: the daily retention sets old days aside by renaming the file.
        handler: logging.Handler = logging.handlers.WatchedFileHandler(
            target, encoding="utf-8"
        )
    else:
        handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    )
    handler.addFilter(HideSecrets(password_of(settings.database.url)))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(settings.logging.level)


def run(argv: list[str]) -> int:
    """Start the kiosk; raises KioskError for anything a librarian must fix."""
    from kiosk.privacy import modes

    modes.owner_only()  # the library, slips, logs, backups: owner-only
    if argv[:1] == ["admin"]:
        from kiosk.admin import cli as admin

        return admin.run(argv[1:])
    if argv[:1] == ["doctor"]:
        from kiosk import doctor

        return doctor.run(argv[1:])
    if argv[:1] == ["desk"]:
        from kiosk.desk import cli as desk

        return desk.run(argv[1:], setup=setup_logging)
    if argv[:1] == ["sip2"]:
        from kiosk.sip2 import server as sip2

        return sip2.run(argv[1:], setup=setup_logging)
    args = parse_args(argv)
    path = config_path(args.config)
    settings = load_config(path)
    setup_logging(settings)
    log.info("kiosk %s starting with config %s", __version__, path)
    clock = SystemClock()
    database = settings.demo.database if args.demo else settings.database.path
    modes.check(settings, database)
    if args.set_pin:
        return _set_pin(state_path(database))
    if args.reset_demo and args.demo:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{database}{suffix}").unlink(missing_ok=True)
    sqlite = args.demo or not settings.database.url
    # The lock lives beside the library file: not there while its share is gone.
    locked = sqlite and (args.demo or not library_gone(settings))
    with kiosk_lock(database) if locked else contextlib.nullcontext():
        library = (
            open_library(settings, clock, demo=True)
            if args.demo
            else open_kiosk_library(settings, clock)
        )
        if sqlite and not args.demo and settings.backup.daily:
            _start_daily_backup(settings, database, clock)
        if not args.demo:
            from kiosk.db.health import UNREACHABLE
            from kiosk.privacy import retention

            retention.start_daily(settings, library.database, clock, UNREACHABLE)
        return _run_library(settings, library, clock, args, database)


def _run_library(
    settings: Settings,
    library: Library,
    clock: SystemClock,
    args: argparse.Namespace,
    database: Path,
) -> int:
    console = args.console

    def mode() -> str:
        # `console` is read at each beat: the demo may fall back to the console.
        return args.mode if console else _screens_mode(database)

    devices = Devices()
    beat = _heartbeat(settings, library, mode, devices)
    try:
        lang = args.lang or settings.library.language
        if args.demo:
            _print_demo_hints(lang)
        if console:
            return _run_console(settings, library, clock, args, lang, devices)
        try:
            return _run_screens(settings, library, clock, args, database, devices)
        except NoDisplayError as e:
            if not args.demo:
                raise
            # The demo still runs: scans typed or hand-scanned on the console.
            sys.stderr.write(f"kiosk: {e}; the demo continues in console mode\n")
            console = True
            return _run_console(settings, library, clock, args, lang, devices)
    finally:
        beat.stop()
        library.close()


def _heartbeat(
    settings: Settings, library: Library, mode: Callable[[], str], devices: Devices
) -> Heartbeat:
    """This kiosk's heartbeat for the desk's dashboard, beating on its own thread."""
    from kiosk.db.dashboard import beat
    from kiosk.db.health import UNREACHABLE, reset_connection

    def write(kiosk: str, **row: Any) -> None:
        try:
            beat(library.database, kiosk, **row)
        finally:
            # The heartbeat thread's own connection, opened afresh each minute:
            # one that broke in an outage (a server restart, a share unplugged)
            # is never reused.
            reset_connection(library.database)

    return Heartbeat(
        write,
        SystemClock(),
        settings.library.kiosk_id,
        link=library.failover,
        mode_of=mode,
        devices=devices,
        errors=UNREACHABLE,
    ).start()


def _printer_state(slips: Any) -> Callable[[], str]:
    """The slip printer as the heartbeat reports it: none, ready or its problem."""

    def state() -> str:
        printer = slips.state
        if not printer.present:
            return "none"
        return "ready" if printer.ready else str(printer.problem or "error")

    return state


def _screens_mode(database: Path) -> str:
    """The screens' mode: the remembered one, or self-checkout (as they start)."""
    from kiosk.session import Mode

    try:
        return Mode(load_state(state_path(database)).mode).value
    except ValueError:
        return Mode.CHECKOUT.value


def _start_daily_backup(settings: Settings, database: Path, clock: SystemClock) -> None:
    """Today's backup, in the background: the kiosk starts at once."""

    def work() -> None:
        try:
            daily_backup(
                database, settings.backup.folder, clock.today(), settings.backup.keep
            )
        except KioskError as e:
            log.error("daily backup failed: %s", e)

    threading.Thread(target=work, name="backup", daemon=True).start()


def _run_console(
    settings: Settings,
    library: Library,
    clock: SystemClock,
    args: argparse.Namespace,
    lang: str,
    devices: Devices,
) -> int:
    link = library.failover
    if link is not None and link.offline:
        # Started offline: once the library answers (a second or two), a
        # journal left by an earlier run is replayed before the first scan.
        link.wait_for_probe()
        link.poll()
    ready = "returns_ready" if args.mode == "returns" else "console_ready"
    if sys.stdin.isatty():
        sys.stderr.write(text(ready, lang) + "\n")
    # A returns desk serves no patron session, so it prints no slips.
    slips = None
    if args.mode == "checkout":
        slips = build_slip_desk(settings, library, clock, lang)
        state = slips.check()
        devices.set(printer=_printer_state(slips))
        if state.present and not state.ready:
            sys.stderr.write(f"kiosk: {state.words(lang)}: {state.detail}\n")
        finish_interrupted_session(library.service, slips, lang)
    console = ConsoleKiosk(
        library.kiosk_service,  # type: ignore[arg-type]
        sys.stdout,
        clock,
        lang=lang,
        mode=args.mode,
        as_json=args.json,
        slips=slips,
        link=link,
    )
    return console.run(sys.stdin)


def _contrast(settings: Settings) -> str:
    """The configured colours, until the staff menu chooses others."""
    return "high" if settings.screens.high_contrast else "normal"


def _voice(settings: Settings, database: Path, lang: str) -> Any:
    """Spoken prompts: off unless [sound] voice; rendered in the background."""
    from kiosk.voice import Voice

    sound = settings.sound
    folder = database.parent / "voice"
    voice = Voice(folder, speed=sound.speed, volume=sound.volume, on=sound.voice)
    if voice.on:
        voice.prepare(lang)
    return voice


def _run_screens(
    settings: Settings,
    library: Library,
    clock: SystemClock,
    args: argparse.Namespace,
    database: Path,
    devices: Devices,
) -> int:
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    from kiosk.screens import run as screens
    from kiosk.screens.app import AppOptions
    from kiosk.session import Session, SetMode

    screen = screens.open_screen(args.fullscreen)
    path = state_path(database)
    state = load_state(path)
    if not state.pin_hash:
        if not args.demo:
            raise KioskError(
                "no staff PIN is set: run `python kiosk.py --set-pin` once, "
                "then start again"
            )
        state = update_state(path, pin_hash=hash_pin(DEMO_PIN))
    lang = args.lang or state.language or settings.library.language
    camera = args.camera or (
        str(screens.demo_video(database.parent)) if args.demo else settings.scan.camera
    )
    live = _live_scanner(settings, camera, loop=args.demo and not args.camera)
    slips = build_slip_desk(settings, library, clock, lang)
    finish_interrupted_session(library.service, slips, lang)
    devices.set(
        printer=_printer_state(slips),
        camera=(lambda: live.preview().state.value) if live is not None else None,
    )
    session = Session(
        library.kiosk_service,  # type: ignore[arg-type]
        clock,
        idle_seconds=settings.screens.idle_seconds,
        countdown_seconds=settings.screens.countdown_seconds,
    )
    session.apply(SetMode(screens.initial_mode(state.mode)))
    options = AppOptions(
        settings.library.name,
        lang,
        kiosk_mode=args.fullscreen,
        wedge_gap_ms=settings.scan.wedge_max_gap_ms,
        wedge_min_length=settings.scan.wedge_min_length,
        on_mode=lambda mode: update_state(path, mode=mode.value),
        on_language=lambda chosen: update_state(path, language=chosen),
        link=library.failover,
        counter=counter_tools(settings, library, clock),
        showcase=showcase_reader(settings, library, clock).current,
        voice=_voice(settings, database, lang),
        notices=list(settings.screens.notices),
        carousel_seconds=settings.screens.carousel_seconds,
        covers=settings.screens.covers,
        high_contrast=(state.contrast or _contrast(settings)) == "high",
        on_contrast=lambda high: update_state(
            path, contrast="high" if high else "normal"
        ),
        checks=lambda chosen: Doctor(
            settings,
            chosen,
            clock.now(),
            demo=args.demo,
            camera_state=(lambda: live.preview().state.value) if live else None,
        ).run(),
    )
    frames = args.frames
    try:
        screens.run_screens(
            screen,
            session,
            clock,
            options,
            pin_lock=PinLock(state.pin_hash, clock),
            live=live,
            slips=slips,
            until=(lambda app: app.frames_drawn >= frames) if frames else None,
        )
    finally:
        if live is not None:
            live.close()
    return 0


def _live_scanner(settings: Settings, camera: str, *, loop: bool) -> LiveScanner | None:
    from kiosk.scan.capture import Capture
    from kiosk.scan.decode import BarcodeDecoder
    from kiosk.scan.live import LiveScanner
    from kiosk.scan.scanner import Scanner
    from kiosk.scan.sources import VideoFileSource, source_from_setting

    scan = settings.scan
    if camera.strip().lower() == "none":
        return None
    source = (
        VideoFileSource(camera, loop=True)
        if loop
        else source_from_setting(camera, scan.width, scan.height, scan.fps)
    )
    if source is None:
        return None
    scanner = Scanner(
        BarcodeDecoder(scan.symbologies),
        confirm_frames=scan.confirm_frames,
        rescan_seconds=scan.rescan_seconds,
        single_frame_checked=scan.single_frame_checked,
    )
    capture = Capture(source, fps=scan.fps, reopen_seconds=scan.reopen_seconds)
    return LiveScanner(capture, scanner).start()


def _set_pin(path: Path) -> int:
    import getpass

    first = getpass.getpass("New staff PIN (4-12 digits): ")
    if not (first.isdigit() and 4 <= len(first) <= 12):
        raise KioskError("the PIN must be 4 to 12 digits; nothing was changed")
    if getpass.getpass("Again: ") != first:
        raise KioskError("the two PINs differ; nothing was changed")
    update_state(path, pin_hash=hash_pin(first))
    sys.stderr.write(f"staff PIN saved (hashed) in {path}\n")
    return 0


def _print_demo_hints(lang: str) -> None:
    from kiosk import demo

    data = demo.generate(SystemClock().today())
    lines = [text("demo_try", lang)]
    lines += [f"  {code:<15} {label}" for label, code in data.hints]
    sys.stderr.write("\n".join(lines) + "\n")


def main(argv: list[str] | None = None) -> int:
    """Run, turning every failure into one line and an exit status."""
    try:
        return run(sys.argv[1:] if argv is None else argv)
    except KioskError as e:
        sys.stderr.write(f"kiosk: {e}\n")
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # Output piped into `head` or a pager that quit: not an error of ours.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as e:
        log.debug("unexpected error", exc_info=True)
        log.error("unexpected error: %s", e)
        sys.stderr.write(
            f"kiosk: unexpected error ({type(e).__name__}: {e}). "
            "Please ask a librarian; details are in the log.\n"
        )
        return 3


if __name__ == "__main__":
    sys.exit(main())
