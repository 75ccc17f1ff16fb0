"""Sweep benchmark: thousands of hard synthetic presentations through the live path.

``python -m kiosk.bench sweep --seeds N [--first S] [--json]`` draws the clips of
seeds S..S+N-1 (see :mod:`kiosk.scan.synth_clips`: motion blur, turns up to
35 degrees, fingers, glare, two books, a card with a book, a price code beside
an ISBN, a book pulled away and brought back) and plays every frame through
the kiosk's camera path (decoder and consensus, a fresh one per clip, on
video time). Each code that must be read is a presentation; it is read once,
missed, or read more than once (a duplicate). Any emitted text not printed on
something in view is wrong. Clips run in parallel, one per process; the
figures do not depend on how many.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import statistics
import sys
from collections import Counter
from dataclasses import dataclass

from kiosk.config import DEFAULT_CONFIG, load_config
from kiosk.scan import synth_clips
from kiosk.scan.decode import BarcodeDecoder
from kiosk.scan.events import Frame
from kiosk.scan.scanner import Scanner


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare this benchmark's options."""
    parser.add_argument("--seeds", type=int, default=300, help="clips to draw")
    parser.add_argument("--first", type=int, default=0, help="first seed")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--json", action="store_true", help="print only the JSON")
    parser.add_argument(
        "--show", action="store_true", help="list every clip with a miss or wrong read"
    )


@dataclass(frozen=True)
class Outcome:
    """What the live path made of one clip."""

    seed: int
    kind: str
    expected: tuple[str, ...]
    emitted: tuple[tuple[str, int], ...]  # (text, frame)
    wrong: tuple[str, ...]
    steady: int


_scanner_config = None


def play(seed: int) -> Outcome:
    """Play one clip through a fresh decoder and scanner."""
    global _scanner_config
    if _scanner_config is None:
        _scanner_config = load_config(DEFAULT_CONFIG).scan
    scan = _scanner_config
    clip = synth_clips.clip(seed)
    scanner = Scanner(
        BarcodeDecoder(scan.symbologies),
        confirm_frames=scan.confirm_frames,
        rescan_seconds=scan.rescan_seconds,
        single_frame_checked=scan.single_frame_checked,
    )
    emitted = []
    for index, image in enumerate(synth_clips.frames(clip)):
        for event in scanner.feed(Frame(image, index, index / clip.fps)):
            emitted.append((event.text, index))
    wrong = tuple(t for t, _ in emitted if t not in clip.in_view)
    return Outcome(seed, clip.kind, clip.expected, tuple(emitted), wrong, clip.steady)


def figures(outcomes: list[Outcome]) -> dict[str, object]:
    """The sweep's totals: presentations, read once, missed, wrong, duplicates."""
    presentations = read_once = missed = duplicates = 0
    first: list[int] = []
    for o in outcomes:
        counts = Counter(t for t, _ in o.emitted)
        for text in o.expected:
            presentations += 1
            n = counts[text]
            if n == 0:
                missed += 1
                continue
            read_once += n == 1
            duplicates += n - 1
            at = min(f for t, f in o.emitted if t == text)
            first.append(max(at - o.steady, 0))
    wrong = sum(len(o.wrong) for o in outcomes)
    return {
        "clips": len(outcomes),
        "presentations": presentations,
        "read_once": read_once,
        "missed": missed,
        "missed_percent": round(100 * missed / presentations, 2)
        if presentations
        else 0,
        "wrong": wrong,
        "duplicates": duplicates,
        "first_read_frames_p50": _quantile(first, 0.5),
        "first_read_frames_p90": _quantile(first, 0.9),
    }


def _quantile(values: list[int], q: float) -> float:
    if not values:
        return 0.0
    if len(values) == 1:
        return float(values[0])
    return round(
        statistics.quantiles(values, n=100, method="inclusive")[int(q * 100) - 1], 1
    )


def sweep(first: int, seeds: int, jobs: int) -> list[Outcome]:
    """Every clip's outcome, in seed order."""
    order = range(first, first + seeds)
    if jobs <= 1:
        return [play(s) for s in order]
    with multiprocessing.get_context("spawn").Pool(jobs) as pool:
        return pool.map(play, order, chunksize=4)


def run(args: argparse.Namespace) -> int:
    """Sweep the seeds and print the figures (and, with --show, the failures)."""
    outcomes = sweep(args.first, args.seeds, args.jobs)
    result = figures(outcomes)
    if not args.json:
        lines = []
        for o in outcomes:
            missed = [t for t in o.expected if t not in {e for e, _ in o.emitted}]
            if args.show and (missed or o.wrong):
                lines.append(
                    f"seed {o.seed:>6} {o.kind:<13} expected {' '.join(o.expected)}"
                    f"  emitted {' '.join(f'{t}@{f}' for t, f in o.emitted) or '-'}"
                )
        lines.append(
            f"{result['presentations']} presentations in {result['clips']} clips:"
            f" read once {result['read_once']}, missed {result['missed']}"
            f" ({result['missed_percent']} %), wrong {result['wrong']},"
            f" duplicates {result['duplicates']}; first read after"
            f" {result['first_read_frames_p50']} frames (median),"
            f" {result['first_read_frames_p90']} (p90)"
        )
        sys.stdout.write("\n".join(lines) + "\n")
    sys.stdout.write(json.dumps(result) + "\n")
    return 0
