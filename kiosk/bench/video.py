"""Video benchmark: a video file through the whole scanning pipeline.

``python -m kiosk.bench video FILE [--json]`` plays FILE frame by frame (every
frame, on video time, so results do not depend on this machine's speed) through
the production path: source -> decoder -> consensus -> once per presentation,
and prints each emitted code with its frame number, then the time per frame.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import cv2

from kiosk.config import DEFAULT_CONFIG, load_config
from kiosk.scan.decode import BarcodeDecoder
from kiosk.scan.events import Frame
from kiosk.scan.scanner import Scanner
from kiosk.scan.sources import VideoFileSource


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare this benchmark's options."""
    parser.add_argument("file", type=Path, help="a video file")
    parser.add_argument("--json", action="store_true", help="print only the JSON")


def play(path: Path) -> dict[str, object]:
    """Run every frame of the video through the scanner; figures and emissions."""
    scan = load_config(DEFAULT_CONFIG).scan
    capture = cv2.VideoCapture(str(path))
    fps = capture.get(cv2.CAP_PROP_FPS) or scan.fps
    capture.release()
    scanner = Scanner(
        BarcodeDecoder(scan.symbologies),
        confirm_frames=scan.confirm_frames,
        rescan_seconds=scan.rescan_seconds,
        single_frame_checked=scan.single_frame_checked,
    )
    source = VideoFileSource(path)
    if not source.open():
        raise SystemExit(f"cannot open the video {path}")
    emitted, times, empty_times = [], [], []
    index = 0
    while (image := source.read()) is not None:
        t0 = time.perf_counter()
        events = scanner.feed(Frame(image, index, index / fps))
        ms = (time.perf_counter() - t0) * 1000
        times.append(ms)
        if not scanner.last_decoded:
            empty_times.append(ms)
        emitted += [{"text": e.text, "frame": index} for e in events]
        index += 1
    source.close()
    return {
        "emitted": emitted,
        "frame_ms_median": _median(times),
        "frame_ms_p90": _p90(times),
        "frames": index,
        "no_code_frame_ms_median": _median(empty_times),
        "shape": list(image.shape) if index and image is not None else None,
    }


def _median(values: list[float]) -> float:
    return round(statistics.median(values), 2) if values else 0.0


def _p90(values: list[float]) -> float:
    if len(values) < 2:
        return _median(values)
    return round(statistics.quantiles(values, n=10, method="inclusive")[-1], 2)


def run(args: argparse.Namespace) -> int:
    """Play the video and print the emitted codes and the JSON line."""
    result = play(args.file)
    if not args.json:
        emitted: list[dict[str, object]] = result["emitted"]  # type: ignore[assignment]
        lines = [f"frame {e['frame']:>6}  {e['text']}" for e in emitted]
        lines.append(
            f"{result['frames']} frames; per frame median"
            f" {result['frame_ms_median']} ms, p90 {result['frame_ms_p90']} ms;"
            f" frames with no code: median {result['no_code_frame_ms_median']} ms"
        )
        sys.stdout.write("\n".join(lines) + "\n")
    result.pop("shape")
    sys.stdout.write(json.dumps(result) + "\n")
    return 0
