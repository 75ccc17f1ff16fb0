"""The production decoder on real photographs, clean codes and bad frames."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import cv2
import numpy as np
import pytest
import zxingcpp

from kiosk.bench.decode import matches, samples
from kiosk.config import SYMBOLOGIES
from kiosk.scan import qr_outline
from kiosk.scan.decode import BarcodeDecoder

PHOTOS = Path(__file__).resolve().parents[1] / "data" / "photos"
ALL = BarcodeDecoder(SYMBOLOGIES)
# (zxing-cpp format to render, text, the symbology and text the kiosk reports)
CLEAN = [
    ("EAN13", "9787020002207", "EAN13", "9787020002207"),
    ("UPCA", "036000291452", "EAN13", "0036000291452"),
    ("EAN8", "96385074", "EAN8", "96385074"),
    ("UPCE", "01234565", "UPCE", "0012345000065"),
    ("Code128", "S2602016", "Code128", "S2602016"),
    ("Code39", "LIB-1234", "Code39", "LIB-1234"),
    ("ITF", "00123456", "ITF", "00123456"),
    ("Codabar", "A123456A", "Codabar", "A123456A"),
    (
        "QRCode",
        "https://library.example/书目/42",
        "QR",
        "https://library.example/书目/42",
    ),
]


def render(fmt: str, text: str, scale: int = 3) -> np.ndarray:
    barcode = zxingcpp.create_barcode(text, getattr(zxingcpp.BarcodeFormat, fmt))
    return np.array(zxingcpp.write_barcode_to_image(barcode, scale=scale))


def on_frame(code: np.ndarray, x: int = 100, y: int = 120) -> np.ndarray:
    frame = np.full((480, 640, 3), 90, np.uint8)
    frame[y : y + code.shape[0], x : x + code.shape[1]] = code[..., None]
    return frame


@pytest.mark.parametrize(("fmt", "text", "symbology", "expected"), CLEAN)
def test_clean_code_of_every_symbology(
    fmt: str, text: str, symbology: str, expected: str
) -> None:
    [found] = ALL.decode(on_frame(render(fmt, text)))
    assert (found.symbology, found.text) == (symbology, expected)
    xs = [x for x, _ in found.polygon]
    assert min(xs) >= 95
    assert max(xs) <= 100 + render(fmt, text).shape[1] + 5


@pytest.mark.parametrize(("fmt", "text", "symbology", "expected"), CLEAN)
def test_clean_code_in_the_live_path(
    fmt: str, text: str, symbology: str, expected: str
) -> None:
    found = ALL.decode_live(on_frame(render(fmt, text)))
    assert [d.text for d in found] == [expected]


def test_self_checking_codes_are_marked_checked() -> None:
    checked = {
        d.symbology: d.checked
        for fmt, text, _, _ in CLEAN
        for d in ALL.decode(on_frame(render(fmt, text)))
    }
    assert checked["EAN13"]
    assert checked["Code128"]
    assert checked["QR"]
    assert not checked["Code39"]
    assert not checked["Codabar"]
    assert not checked["ITF"]


def test_symbologies_are_limited_by_config() -> None:
    qr_only = BarcodeDecoder(("QR",))
    assert qr_only.decode(on_frame(render("EAN13", "9787020002207"))) == []
    assert [d.text for d in qr_only.decode(on_frame(render("QRCode", "hi")))] == ["hi"]


def test_two_codes_come_left_to_right() -> None:
    frame = on_frame(render("Code128", "S2602016", 2), x=340, y=60)
    book = render("EAN13", "9787020002207", 2)
    frame[300 : 300 + book.shape[0], 20 : 20 + book.shape[1]] = book[..., None]
    assert [d.text for d in ALL.decode(frame)] == ["9787020002207", "S2602016"]


@pytest.mark.parametrize(
    "frame",
    [
        np.zeros((480, 640, 3), np.uint8),
        np.full((480, 640), 255, np.uint8),
        np.random.default_rng(1).integers(0, 255, (480, 640, 3), dtype=np.uint8),
        np.zeros((0, 0, 3), np.uint8),
        np.zeros((0,), np.uint8),
        np.zeros((1, 1), np.uint8),
        np.zeros((480, 640, 2), np.uint8),
        np.zeros((480, 640, 3), np.float32),
        None,
        b"\x89PNG broken",
    ],
    ids=[
        "black",
        "white",
        "noise",
        "zero-size",
        "1-d",
        "one-pixel",
        "two-channel",
        "float",
        "none",
        "bytes",
    ],
)
def test_empty_or_broken_frames_give_nothing(frame: object) -> None:
    assert ALL.decode(frame) == []
    assert ALL.decode_live(frame) == []


def test_a_corrupt_image_file_gives_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.png"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40)
    assert ALL.decode(cv2.imread(str(bad))) == []


def bowed_label(text: str, bow: float) -> np.ndarray:
    """A QR code on a white label whose edges bulge by ``bow`` pixels, on dark cloth."""
    label = cv2.copyMakeBorder(
        render("QRCode", text, 6), 6, 6, 6, 6, cv2.BORDER_CONSTANT, value=255
    )
    frame = np.full((480, 640), 30, np.uint8)
    h, w = label.shape
    y0, x0 = (480 - h) // 2, (640 - w) // 2
    frame[y0 : y0 + h, x0 : x0 + w] = label
    yy, xx = np.mgrid[0:480, 0:640].astype(np.float32)
    mx = xx + bow * np.sin(np.clip((yy - y0) / h, 0, 1) * np.pi)
    my = yy + bow * np.sin(np.clip((xx - x0) / w, 0, 1) * np.pi)
    return cv2.remap(frame, mx, my, cv2.INTER_LINEAR, borderValue=30)


def test_qr_code_on_a_bowed_label_is_flattened_and_read() -> None:
    text = "https://library.example/loan/42?copy=7"
    frame = bowed_label(text, 15)
    assert zxingcpp.read_barcodes(frame) == []  # the bend defeats the plain read
    found = qr_outline.flatten(frame)
    assert found is not None
    flat, corners = found
    assert [b.text for b in zxingcpp.read_barcodes(flat)] == [text]
    assert corners.shape == (4, 2)
    assert [d.text for d in ALL.decode(frame, budget_ms=500)] == [text]


def test_flattening_needs_a_label() -> None:
    assert qr_outline.flatten(np.zeros((480, 640), np.uint8)) is None
    assert qr_outline.flatten(np.full((480, 640), 255, np.uint8)) is None


def test_ean_add_on_is_separated_from_the_main_number() -> None:
    folder = PHOTOS / "zxing-cpp" / "upca-extension-1"
    found = {}
    for image in sorted(folder.glob("*.webp")):
        expected = image.with_suffix(".txt").read_text().strip()
        for d in ALL.decode(cv2.imread(str(image))):
            found[image.name] = (d.text, d.addon, expected)
    assert found, "no add-on photo decoded"
    for text, addon, expected in found.values():
        assert text == expected[:13]
        assert addon in (None, expected[13:])
    assert any(addon for _, addon, _ in found.values())


def test_without_pyzbar_zxing_reads_alone() -> None:
    alone = BarcodeDecoder(SYMBOLOGIES, use_pyzbar=False)
    assert all(name != "pyzbar" for name, _ in alone.stages)
    assert [
        d.text for d in alone.decode(on_frame(render("EAN13", "9787020002207")))
    ] == ["9787020002207"]


def test_an_image_one_scan_line_tall_is_read() -> None:
    """A line-scan strip has no room for slanted bars: its read is trusted."""
    strip = cv2.imread(str(PHOTOS / "zxing-cpp" / "ean8-1" / "single-line.png"))
    assert strip is not None
    assert strip.shape[0] == 1
    assert [(d.symbology, d.text) for d in ALL.decode(strip)] == [("EAN8", "12345670")]
    code = zxingcpp.create_barcode("9787020002207", zxingcpp.BarcodeFormat.EAN13)
    row = np.asarray(zxingcpp.write_barcode_to_image(code, scale=2))[40:41]
    assert [d.text for d in ALL.decode(row)] == ["9787020002207"]
    assert ALL.decode(np.full((1, 200), 255, np.uint8)) == []


@pytest.mark.slow
def test_real_photographs() -> None:
    """Success and misreads on the test photographs, per symbology family.

    The photographs are the ZXing-C++ sample set and six ZXing photos kept in
    tests/data/photos (the full 592-image set is the decode benchmark's).
    Floors sit at or just under what the decoder measures on them today
    (EAN/UPC 78 of 78, the last three at a pixel per module; QR 71 of 74), so
    a change that loses reads fails here; misreads of EAN/UPC, Code 128 and
    Code 39 must be 0. Speed is measured by ``python -m kiosk.bench decode``.
    """
    assert PHOTOS.is_dir(), f"the test photographs are missing: {PHOTOS}"
    ok: dict[str, list[bool]] = defaultdict(list)
    misread: dict[str, int] = defaultdict(int)
    for sample in samples(PHOTOS):
        image = cv2.imread(str(sample.path))
        texts = [d.text for d in ALL.decode(image, budget_ms=200)]
        hit = any(matches(sample, t) for t in texts)
        ok[sample.family].append(hit)
        misread[sample.family] += bool(texts) and not hit
    rate = {family: sum(v) / len(v) for family, v in ok.items()}
    assert rate["EAN/UPC"] == 1.0
    assert rate["QR"] >= 0.94
    assert rate["Code128"] == rate["Code39"] == rate["ITF"] == rate["Codabar"] == 1.0
    assert misread["EAN/UPC"] == misread["Code128"] == misread["Code39"] == 0
