"""Benchmark entry point: ``python -m kiosk.bench circulation [--json]``."""

from __future__ import annotations

import argparse
import sys

from kiosk.bench import (
    catalogue,
    circulation,
    decode,
    desk,
    offline,
    privacy,
    report,
    roster,
    sip2,
    stocktake,
    sweep,
    ui,
    video,
)


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
    sweep.add_arguments(
        sub.add_parser("sweep", help="thousands of hard synthetic presentations")
    )
    ui.add_arguments(sub.add_parser("ui", help="start-up, fps and scan latency"))
    roster.add_arguments(
        sub.add_parser("roster", help="importing a 3,000-student class roster")
    )
    report.add_arguments(
        sub.add_parser("report", help="a full-year leaders' report, then a roster")
    )
    offline.add_arguments(
        sub.add_parser("offline", help="snapshot, offline scans and journal replay")
    )
    catalogue.add_arguments(
        sub.add_parser("catalogue", help="a supplier's list imported, label sheets")
    )
    stocktake.add_arguments(
        sub.add_parser("stocktake", help="shelf scans, finish and mark-lost")
    )
    privacy.add_arguments(
        sub.add_parser("privacy", help="the daily retention run on a decade of loans")
    )
    desk.add_arguments(
        sub.add_parser("desk", help="the librarian's desk: pages, search, lending")
    )
    sip2.add_arguments(
        sub.add_parser("sip2", help="20 SIP2 machines lending and taking back")
    )
    args = parser.parse_args(argv)
    runs = {
        "circulation": circulation.run,
        "decode": decode.run,
        "video": video.run,
        "sweep": sweep.run,
        "ui": ui.run,
        "roster": roster.run,
        "report": report.run,
        "offline": offline.run,
        "catalogue": catalogue.run,
        "stocktake": stocktake.run,
        "desk": desk.run,
        "privacy": privacy.run,
        "sip2": sip2.run,
    }
    return runs[args.name](args)


if __name__ == "__main__":
    sys.exit(main())
