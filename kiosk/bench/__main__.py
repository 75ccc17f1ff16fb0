"""Benchmark entry point: ``python -m kiosk.bench circulation [--json]``."""

from __future__ import annotations

import argparse
import sys

from kiosk.bench import circulation, decode, ui, video


def main(argv: list[str] | None = None) -> int:
    """Run the named benchmark."""
    parser = argparse.ArgumentParser(prog="python -m kiosk.bench")
    sub = parser.add_subparsers(dest="name", required=True)
    circulation.add_arguments(
        sub.add_parser(
            "circulation",
            help="check-out, check-in and renew on a decade-sized library",
        )
    )
    decode.add_arguments(
        sub.add_parser("decode", help="decoder success and speed on photographs")
    )
    video.add_arguments(
        sub.add_parser("video", help="a video through the whole scanning pipeline")
    )
    ui.add_arguments(sub.add_parser("ui", help="start-up, fps and scan latency"))
    args = parser.parse_args(argv)
    runs = {
        "circulation": circulation.run,
        "decode": decode.run,
        "video": video.run,
        "ui": ui.run,
    }
    return runs[args.name](args)


if __name__ == "__main__":
    sys.exit(main())
