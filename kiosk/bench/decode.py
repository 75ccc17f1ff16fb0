"""Decode benchmark: the kiosk's decoder against raw zxing-cpp and raw pyzbar.

``python -m kiosk.bench decode DIR [--json]`` reads every image under DIR that has
a sibling ``<stem>.txt`` holding the expected text (the layout of
``shared/data/barcodes``) and scores each decoder per symbology family with that
folder's conventions: whitespace is ignored, a 12-digit UPC-A equals the 13-digit
EAN-13 with a leading 0, Codabar start/stop characters are optional, and for
``*-extension-*`` sets the main number counts. A misread is a decode that
returned text of which none was the expected text.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import multiprocessing
import os
import re
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

FAMILIES = ("EAN/UPC", "Code128", "Code39", "ITF", "Codabar", "QR")
_PREFIX = {
    "ean13": "EAN/UPC",
    "ean8": "EAN/UPC",
    "upca": "EAN/UPC",
    "upce": "EAN/UPC",
    "code128": "Code128",
    "code39": "Code39",
    "itf": "ITF",
    "codabar": "Codabar",
    "qrcode": "QR",
}
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".webp", ".bmp", ".gif", ".tif", ".tiff"}


@dataclass(frozen=True)
class Sample:
    """One photograph and what it must decode to."""

    path: Path
    family: str
    expected: str
    main_number_only: bool


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare this benchmark's options."""
    parser.add_argument("dir", type=Path, help="folder of images with <stem>.txt")
    parser.add_argument("--json", action="store_true", help="print only the JSON")
    parser.add_argument(
        "--load",
        action="store_true",
        help="keep every core busy with another process meanwhile (a busy kiosk PC)",
    )


def samples(root: Path) -> list[Sample]:
    """Every image under ``root`` with an expected-text file beside it."""
    found = []
    for path in sorted(root.rglob("*")):
        expected_file = path.with_suffix(".txt")
        if path.suffix.lower() not in IMAGE_SUFFIXES or not expected_file.exists():
            continue
        family = _PREFIX.get(path.parent.name.split("-")[0])
        if family is None:
            continue
        found.append(
            Sample(
                path,
                family,
                expected_file.read_text(encoding="utf-8", errors="replace"),
                "-extension-" in path.parent.name,
            )
        )
    return found


def _norm(text: str, family: str) -> str:
    text = re.sub(r"\s", "", text)
    if family == "EAN/UPC" and len(text) == 12 and text.isdigit():
        return "0" + text
    if family == "Codabar":
        return text.strip("ABCDTNE*abcdtne")
    return text


def matches(sample: Sample, got: str) -> bool:
    """Whether a decoded text is the sample's expected text (folder conventions)."""
    expected = _norm(sample.expected, sample.family)
    text = _norm(got, sample.family)
    if sample.main_number_only:
        expected, text = expected[:13], text[:13]
    return text == expected


def raw_zxing() -> Callable[[np.ndarray], list[str]]:
    """zxing-cpp with its defaults, as a user of the library would call it."""
    import zxingcpp

    return lambda image: [b.text for b in zxingcpp.read_barcodes(image)]


def raw_pyzbar() -> Callable[[np.ndarray], list[str]] | None:
    """Pyzbar with its defaults, on the grayscale image; None without libzbar."""
    try:
        from pyzbar import pyzbar
    except ImportError:  # libzbar0 is not installed
        return None

    def decode(image: np.ndarray) -> list[str]:
        gray = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
        return [s.data.decode("utf-8", "replace") for s in pyzbar.decode(gray)]

    return decode


def kiosk_decoder() -> Callable[[np.ndarray], list[str]]:
    """The production decoder with every symbology enabled."""
    from kiosk.config import SYMBOLOGIES
    from kiosk.scan.decode import BarcodeDecoder

    decoder = BarcodeDecoder(SYMBOLOGIES)
    return lambda image: [d.text for d in decoder.decode(image)]


def score(
    decode: Callable[[np.ndarray], list[str]], images: list[tuple[Sample, np.ndarray]]
) -> dict[str, dict[str, float]]:
    """Run one decoder over every image; figures per family."""
    per: dict[str, list[tuple[bool, bool, float]]] = defaultdict(list)
    for sample, image in images:
        t0 = time.perf_counter()
        texts = decode(image)
        ms = (time.perf_counter() - t0) * 1000
        ok = any(matches(sample, t) for t in texts)
        per[sample.family].append((ok, bool(texts) and not ok, ms))
    return {family: _figures(per[family]) for family in FAMILIES if per[family]}


def _figures(rows: list[tuple[bool, bool, float]]) -> dict[str, float]:
    times = [ms for _, _, ms in rows]
    p90 = times[0]
    if len(times) > 1:
        p90 = statistics.quantiles(times, n=10, method="inclusive")[-1]
    return {
        "images": len(rows),
        "success_pct": round(100 * sum(ok for ok, _, _ in rows) / len(rows), 1),
        "misread_pct": round(100 * sum(bad for _, bad, _ in rows) / len(rows), 1),
        "median_ms": round(statistics.median(times), 2),
        "p90_ms": round(p90, 2),
    }


def run(args: argparse.Namespace) -> int:
    """Score the three decoders on DIR and print the table and the JSON line."""
    found = samples(args.dir)
    if not found:
        sys.stderr.write(f"no images with expected .txt files under {args.dir}\n")
        return 2
    images = [(s, img) for s in found if (img := cv2.imread(str(s.path))) is not None]
    decoders = {"kiosk": kiosk_decoder(), "zxing": raw_zxing(), "pyzbar": raw_pyzbar()}
    with busy_cores() if args.load else contextlib.nullcontext():
        results = {
            name: score(decode, images) if decode else {}
            for name, decode in decoders.items()
        }
    if not args.json:
        sys.stdout.write(_table(results, len(images)))
    sys.stdout.write(json.dumps(results) + "\n")
    return 0


def _burn() -> None:
    while True:
        pass


@contextlib.contextmanager
def busy_cores() -> Iterator[None]:
    """One CPU-burning process per core while the block runs."""
    workers = [
        multiprocessing.Process(target=_burn, daemon=True)
        for _ in range(os.cpu_count() or 1)
    ]
    for worker in workers:
        worker.start()
    try:
        yield
    finally:
        for worker in workers:
            worker.terminate()
            worker.join()


def _table(results: dict[str, dict[str, dict[str, float]]], total: int) -> str:
    lines = [
        f"{total} images; success % / misread % / median ms / p90 ms",
        f"{'family':<9}{'images':>7}" + "".join(f"{n:>30}" for n in results),
    ]
    for family in FAMILIES:
        cells = []
        count = 0
        for name in results:
            f = results[name].get(family)
            if f is None:
                cells.append(f"{'-':>30}")
                continue
            count = int(f["images"])
            cells.append(
                f"{f['success_pct']:>9.1f}{f['misread_pct']:>7.1f}"
                f"{f['median_ms']:>7.2f}{f['p90_ms']:>7.2f}"
            )
        lines.append(f"{family:<9}{count:>7}" + "".join(cells))
    return "\n".join(lines) + "\n"
