"""Kiosk entry point: parse arguments, load config, build adapters, run.

``main`` turns every error family into one readable line (beets' main/_raw_main
split); the traceback goes to the log at DEBUG, never onto the kiosk screen.
"""

from __future__ import annotations

import argparse
import logging
import sys

from kiosk import __version__
from kiosk.clock import SystemClock
from kiosk.config import Settings, config_path, load_config
from kiosk.console import MODES, ConsoleKiosk
from kiosk.errors import KioskError
from kiosk.i18n.messages import text
from kiosk.runtime import open_library

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
    parser.add_argument("--version", action="version", version=__version__)
    return parser.parse_args(argv)


def setup_logging(settings: Settings) -> None:
    """Log to the configured file (standard error when none)."""
    target = settings.logging.file
    if target is not None:
        target.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.FileHandler(target, encoding="utf-8")
    else:
        handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(settings.logging.level)


def run(argv: list[str]) -> int:
    """Start the kiosk; raises KioskError for anything a librarian must fix."""
    args = parse_args(argv)
    path = config_path(args.config)
    settings = load_config(path)
    setup_logging(settings)
    log.info("kiosk %s starting with config %s", __version__, path)
    lang = args.lang or settings.library.language
    clock = SystemClock()
    library = open_library(settings, clock, demo=args.demo)
    try:
        # Until the screens land, the console is the kiosk's only face.
        if args.demo:
            _print_demo_hints(library, lang)
        ready = "returns_ready" if args.mode == "returns" else "console_ready"
        if sys.stdin.isatty():
            sys.stderr.write(text(ready, lang) + "\n")
        console = ConsoleKiosk(
            library.service,
            sys.stdout,
            clock,
            lang=lang,
            mode=args.mode,
            as_json=args.json,
        )
        return console.run(sys.stdin)
    finally:
        library.close()


def _print_demo_hints(library: object, lang: str) -> None:
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
