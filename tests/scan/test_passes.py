"""The scan-line pass: levelled and deconvolved lines; two bands confirm a read."""

from __future__ import annotations

import time
from pathlib import Path

import cv2
import numpy as np
import pytest
import zxingcpp

from kiosk.config import SYMBOLOGIES
from kiosk.scan import enhance, passes
from kiosk.scan.budget import Budget
from kiosk.scan.decode import BarcodeDecoder

PHOTOS = Path(__file__).resolve().parents[1] / "data" / "photos"
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
    assert image is not None, f"the test photographs are missing: {PHOTOS}"
    gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    assert zxingcpp.read_barcodes(gray) == []
    reads = passes.scanlines(
        gray, enhance.linear_regions(gray), LINEAR, Budget.of(5000)
    )
    assert [(r.decoded.text, r.strong, r.confirmed) for r in reads] == [
        ("9780441014989", True, True)
    ]


def test_scan_lines_of_an_empty_region_read_nothing() -> None:
    noise = np.random.default_rng(3).integers(0, 255, (120, 300), dtype=np.uint8)
    region = enhance.Region(150, 60, 200, 80, 0.0, 0.9)
    assert passes.scanlines(noise, [region], LINEAR, Budget.of(5000)) == []


def test_scan_lines_stop_when_the_work_budget_is_spent() -> None:
    image = cv2.imread(str(PHOTOS / "zxing" / "ean13-4" / "21.png"), 0)
    assert image is not None
    regions = enhance.linear_regions(image)
    assert passes.scanlines(image, regions, LINEAR, Budget(0.0, 1e12, 1.0)) == []


def test_the_budget_counts_work_not_time() -> None:
    """The same allowance after a long pause: a busy machine gets the same work."""
    budget = Budget(1000.0, time.perf_counter() + 3600)
    budget.charge(999)
    assert not budget.over()
    budget.charge(2)
    assert budget.over()
    assert Budget(1e12, time.perf_counter() - 1).over()  # the safety net


def test_deconvolution_reads_a_line_blurred_past_reading() -> None:
    code = zxingcpp.create_barcode("KIOSK-2026-0042", zxingcpp.BarcodeFormat.Code128)
    image = np.asarray(zxingcpp.write_barcode_to_image(code, scale=3))
    sharp = image[image.shape[0] // 2].astype(np.float32)
    blurred = cv2.GaussianBlur(sharp[None, :], (0, 0), 1.7)[0] * 0.6 + 60
    assert read_line(blurred) == []
    assert read_line(enhance.deconvolve(blurred, 1.5)[0]) == ["KIOSK-2026-0042"]


def test_deconvolution_treats_every_band_alike() -> None:
    rng = np.random.default_rng(5)
    rows = rng.uniform(20, 230, (3, 200)).astype(np.float32)
    together = enhance.deconvolve(rows, 1.5)
    for band in range(3):
        alone = enhance.deconvolve(rows[band], 1.5)[0]
        assert np.allclose(together[band], alone, atol=1e-5)


def test_a_blurred_upside_down_code128_is_read_from_its_scan_lines() -> None:
    gray = cv2.imread(str(PHOTOS / "zxing" / "code128-2" / "30.png"), 0)
    assert gray is not None, f"the test photographs are missing: {PHOTOS}"
    assert zxingcpp.read_barcodes(gray) == []
    reads = passes.scanlines(
        gray, enhance.linear_regions(gray), LINEAR, Budget.of(5000)
    )
    assert [(r.decoded.symbology, r.decoded.text, r.strong) for r in reads] == [
        ("Code128", "42094043", True)
    ]


@pytest.mark.parametrize(
    ("photo", "passes_in_order"),
    [
        # Bars: their scan lines first, then whole-frame 1-D passes, then the rest.
        (
            "code128-2/30.png",
            ["scanline", "stretched", "sharpened", "enlarged", "pyzbar"],
        ),
        # No bars (a QR code): the 1-D passes are not tried at all.
        ("qrcode-3/01.png", ["pyzbar", "flattened-qr", "enlarged", "curved-qr"]),
    ],
)
def test_the_passes_after_the_first_two_follow_what_the_frame_shows(
    photo: str, passes_in_order: list[str]
) -> None:
    decoder = BarcodeDecoder(SYMBOLOGIES)
    gray = cv2.imread(str(PHOTOS / "zxing" / photo), 0)
    assert gray is not None, f"the test photographs are missing: {PHOTOS}"
    names = [name for name, _ in decoder._order(gray)]
    assert names[:2] == ["zxing", "equalized"]
    assert [n for n in names if n in passes_in_order] == passes_in_order
    if "scanline" not in passes_in_order:
        assert not {"scanline", "stretched", "sharpened"} & set(names)


def read_line(line: np.ndarray) -> list[str]:
    """zxing-cpp on one scan line, enlarged three times and made eight rows tall."""
    wide = cv2.resize(line[None, :], (line.size * 3, 1), interpolation=cv2.INTER_CUBIC)
    strip = cv2.normalize(wide, None, 0, 255, cv2.NORM_MINMAX).astype(np.uint8)
    return [
        b.text
        for b in zxingcpp.read_barcodes(np.repeat(strip, 8, axis=0), try_rotate=False)
    ]
