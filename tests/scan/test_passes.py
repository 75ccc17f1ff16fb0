"""The scan-line pass: levelled lines read through glare; two bands confirm a read."""

from __future__ import annotations

import time
from pathlib import Path

import cv2
import numpy as np
import zxingcpp

from kiosk.config import SYMBOLOGIES
from kiosk.scan import enhance, passes
from kiosk.scan.decode import BarcodeDecoder

PHOTOS = Path(__file__).resolve().parents[3] / "shared" / "data" / "barcodes"
LINEAR = BarcodeDecoder(SYMBOLOGIES)._linear_formats


def test_level_evens_out_glare_along_a_scan_line() -> None:
    x = np.arange(600, dtype=np.float32)
    bars = (np.sin(x / 4.0) > 0).astype(np.float32)  # 1 = paper, 0 = ink
    glare = 200.0 * np.exp(-(((x - 200) / 60) ** 2))  # a bright patch
    line = 40 + 120 * bars + glare
    flat = enhance.level(line, 51)[30:-30]
    ink, paper = flat[bars[30:-30] == 0], flat[bars[30:-30] == 1]
    assert line[bars == 0].max() > line[bars == 1].min()  # glare: ink brighter
    assert ink.max() < 0.35 < 0.65 < paper.min()


def test_a_code_under_glare_is_read_and_confirmed_by_two_bands() -> None:
    image = cv2.imread(str(PHOTOS / "zxing" / "ean13-4" / "21.png"))
    assert image is not None, f"the shared photographs are missing: {PHOTOS}"
    gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    assert zxingcpp.read_barcodes(gray) == []
    reads = passes.scanlines(
        gray, enhance.linear_regions(gray), LINEAR, time.perf_counter() + 5
    )
    assert [(r.decoded.text, r.strong, r.confirmed) for r in reads] == [
        ("9780441014989", True, True)
    ]


def test_scan_lines_of_an_empty_region_read_nothing() -> None:
    noise = np.random.default_rng(3).integers(0, 255, (120, 300), dtype=np.uint8)
    region = enhance.Region(150, 60, 200, 80, 0.0, 0.9)
    assert passes.scanlines(noise, [region], LINEAR, time.perf_counter() + 5) == []


def test_scan_lines_stop_at_the_deadline() -> None:
    image = cv2.imread(str(PHOTOS / "zxing" / "ean13-4" / "21.png"), 0)
    assert image is not None
    regions = enhance.linear_regions(image)
    assert passes.scanlines(image, regions, LINEAR, time.perf_counter() - 1) == []
