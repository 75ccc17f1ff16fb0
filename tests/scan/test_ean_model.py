"""The model-fitting EAN reader: codes of about a pixel per module, and no guesses."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest
import zxingcpp
from stdnum import ean

from kiosk.config import SYMBOLOGIES
from kiosk.scan import ean_model, enhance, passes
from kiosk.scan.budget import Budget
from kiosk.scan.decode import BarcodeDecoder

PHOTOS = Path(__file__).resolve().parents[1] / "data" / "photos"
EAN13 = zxingcpp.BarcodeFormat.EAN13
# A book's ISBN; drawn by zxing-cpp at 8 pixels per module, 11 modules of quiet zone.
ISBN = "9787020002207"


def scan_line(
    text: str,
    module_px: float,
    *,
    blur: float = 0.4,
    noise: float = 2.0,
    glare: float = 0.0,
    seed: int = 0,
) -> np.ndarray:
    """What a camera's row average across the code would be: blurred, resampled, noisy.

    ``blur`` is the Gaussian's sigma in modules; ``glare`` lifts a patch of the
    line by that share of its light level.
    """
    fmt = zxingcpp.BarcodeFormat.UPCA if len(text) == 12 else EAN13
    code = zxingcpp.create_barcode(text, fmt)
    row = np.asarray(zxingcpp.write_barcode_to_image(code, scale=8), np.float32)
    row = row[row.shape[0] // 2][None, :]
    row = cv2.GaussianBlur(row, (0, 0), sigmaX=blur * 8, sigmaY=0.1)
    width = round(row.shape[1] * module_px / 8)
    line = cv2.resize(row, (width, 1), interpolation=cv2.INTER_AREA)[0]
    rng = np.random.default_rng(seed)
    x = np.arange(width)
    line = 30 + 0.7 * line
    line *= 1 + glare * np.exp(-(((x - 0.3 * width) / (0.15 * width)) ** 2))
    return line + rng.normal(0, noise, width)


def as_strip(line: np.ndarray, rows: int = 12) -> np.ndarray:
    return np.repeat(np.clip(line, 0, 255).astype(np.uint8)[None, :], rows, axis=0)


@pytest.mark.parametrize("module_px", [0.95, 1.1, 1.3, 1.7, 2.5])
def test_a_sharp_code_is_read_down_to_about_a_pixel_per_module(
    module_px: float,
) -> None:
    line = scan_line(ISBN, module_px, seed=int(module_px * 10))
    if module_px <= 1.1:  # where bar-width decoders give up
        assert zxingcpp.read_barcodes(as_strip(line), formats=EAN13) == []
    fit = ean_model.read_line(line)
    assert fit is not None
    assert fit.text == ISBN
    assert fit.explained >= ean_model.MIN_FIT
    assert fit.margin >= ean_model.MIN_MARGIN


def test_a_code_upside_down_and_under_glare_is_read() -> None:
    line = scan_line(ISBN, 1.2, glare=0.6, seed=5)[::-1]
    fit = ean_model.read_line(line)
    assert fit is not None
    assert fit.text == ISBN


def test_a_upc_a_is_read_with_its_leading_zero() -> None:
    fit = ean_model.read_line(scan_line("036000291452", 1.1, seed=2))
    assert fit is not None
    assert fit.text == "0036000291452"


def test_no_wrong_number_from_blurred_noisy_lines() -> None:
    """Random codes, from sharp to past reading: right or nothing, never another.

    Defocus of a module and more leaves several numbers fitting about as well;
    the reader must then refuse. Sharp enough lines must still be read.
    """
    rng = np.random.default_rng(2026)
    right = wrong = 0
    for seed in range(120):
        body = "".join(str(d) for d in rng.integers(0, 10, 12))
        text = body + ean.calc_check_digit(body)
        line = scan_line(
            text,
            float(rng.uniform(0.9, 2.0)),
            blur=float(rng.uniform(0.3, 1.5)),
            noise=float(rng.uniform(1, 6)),
            glare=float(rng.uniform(0, 0.5)),
            seed=seed,
        )
        fit = ean_model.read_line(line if seed % 2 else line[::-1])
        right += fit is not None and fit.text == text
        wrong += fit is not None and fit.text != text
    assert wrong == 0
    assert right >= 30


@pytest.mark.parametrize(
    "line",
    [
        np.random.default_rng(1).normal(128, 40, 300),  # sensor noise
        128 + 80 * np.sign(np.sin(np.arange(300) / 1.7)),  # a regular grating
        np.full(300, 200.0),  # blank paper
        np.zeros(40),  # too short for 95 modules
    ],
)
def test_lines_without_an_ean_give_nothing(line: np.ndarray) -> None:
    assert ean_model.read_line(line) is None


def test_a_code128_line_gives_nothing() -> None:
    code = zxingcpp.create_barcode("STU-2026-0042", zxingcpp.BarcodeFormat.Code128)
    row = np.asarray(zxingcpp.write_barcode_to_image(code, scale=2), np.float32)
    assert ean_model.read_line(row[row.shape[0] // 2]) is None


def photo(folder: str, name: str) -> tuple[np.ndarray, str]:
    path = PHOTOS / folder / name
    image = cv2.imread(str(path), cv2.IMREAD_GRAYSCALE)
    assert image is not None, f"the test photograph is missing: {path}"
    expected = path.with_suffix(".txt").read_text().strip()
    return image, expected.zfill(13)


def test_a_patch_split_by_its_wide_spaces_is_followed_to_the_code_s_ends() -> None:
    gray, _ = photo("zxing/upca-2", "05.png")  # the code runs from x=68 to x=160
    plain = enhance.linear_regions(gray)[0]
    followed = enhance.linear_regions(gray, follow=True)[0]

    def ends(region: enhance.Region) -> tuple[float, float]:
        return region.cx - region.length / 2, region.cx + region.length / 2

    assert not ends(plain)[0] <= 68
    assert ends(followed)[0] <= 68
    assert ends(followed)[1] >= 160
    assert abs(followed.cy - plain.cy) < 2
    assert followed.angle == plain.angle


@pytest.mark.parametrize(
    ("folder", "name"),
    [
        ("zxing/upca-2", "05.png"),
        ("zxing/upca-2", "08.png"),
        ("zxing-cpp/upca-2", "34.webp"),
    ],
)
def test_photos_of_a_pixel_per_module_are_read_by_the_model(
    folder: str, name: str
) -> None:
    gray, expected = photo(folder, name)
    assert not [b for b in zxingcpp.read_barcodes(gray) if b.text.zfill(13) == expected]
    decoded = BarcodeDecoder(SYMBOLOGIES).decode(gray)
    assert [(d.text, d.decoder) for d in decoded] == [(expected, "model")]


def test_two_different_codes_in_one_patch_give_nothing() -> None:
    """Bands of rows that read two numbers confirm neither."""
    top = as_strip(scan_line(ISBN, 1.2, seed=1), 30)
    bottom = as_strip(scan_line("9780141036144", 1.2, seed=2)[: top.shape[1]], 30)
    image = np.full((100, top.shape[1] + 40), 230, np.uint8)
    image[20:50, 20:-20], image[50:80, 20:-20] = top, bottom
    regions = enhance.linear_regions(image, follow=True)
    assert regions
    assert regions[0].coherence >= 0.6
    assert passes.modelled(image, regions, SYMBOLOGIES, Budget.of(5000)) == []
    # Each code alone is read and confirmed.
    for strip, text in ((top, ISBN), (bottom, "9780141036144")):
        alone = np.full((70, strip.shape[1] + 40), 230, np.uint8)
        alone[20:50, 20:-20] = strip
        reads = passes.modelled(
            alone,
            enhance.linear_regions(alone, follow=True),
            SYMBOLOGIES,
            Budget.of(5000),
        )
        assert [(r.decoded.text, r.confirmed) for r in reads] == [(text, True)]


def test_the_model_pass_does_nothing_once_the_budget_is_spent() -> None:
    gray, _ = photo("zxing/upca-2", "08.png")
    regions = enhance.linear_regions(gray, follow=True)
    spent = Budget(0.0)
    spent.charge(1.0)
    assert passes.modelled(gray, regions, SYMBOLOGIES, spent) == []
    assert passes.modelled(gray, regions, SYMBOLOGIES, Budget.of(5000))
