"""Never a wrong EAN: the second look, the short-code fragment rule, and a sweep.

A blurred EAN-13 with modules about two pixels wide, held at a slant, is where
zxing-cpp reads a wrong number that passes the check digit (a 1 read as a 7,
a 2 as an 8). The sweep renders such book covers and asserts the kiosk's
decoder returns no wrong number while raw zxing-cpp, on the same frames, does.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np
import pytest
import zxingcpp
from stdnum import ean

from kiosk.config import SYMBOLOGIES
from kiosk.scan import confirm, enhance, passes
from kiosk.scan.budget import Budget
from kiosk.scan.decode import BarcodeDecoder
from kiosk.scan.events import Decoded
from kiosk.scan.synth_scene import Optics, Pose, background, render_item, scene

PHOTOS = Path(__file__).resolve().parents[1] / "data" / "photos"
DECODER = BarcodeDecoder(SYMBOLOGIES)
EAN_FORMATS = (zxingcpp.BarcodeFormat.EAN13, zxingcpp.BarcodeFormat.UPCA)
# Plenty of time: what is trusted must not depend on how fast this machine is.
BUDGET_MS = 2000


def slanted_books(count: int, seed: int = 2026) -> Iterator[tuple[str, np.ndarray]]:
    """Random EAN-13s on book covers, turned 10-30 degrees, a little blurred."""
    back = background(0)
    for i, text, pose, optics in slanted_poses(count, seed):
        layer = render_item(text, "EAN13", seed=i)
        yield text, scene(back, layer, pose, optics, np.random.default_rng(i))


def slanted_book(index: int, seed: int) -> tuple[str, np.ndarray]:
    """Frame ``index`` of a sweep, without rendering the ones before it."""
    *_, (i, text, pose, optics) = slanted_poses(index + 1, seed)
    layer = render_item(text, "EAN13", seed=i)
    return text, scene(background(0), layer, pose, optics, np.random.default_rng(i))


def slanted_poses(count: int, seed: int) -> Iterator[tuple[int, str, Pose, Optics]]:
    rng = np.random.default_rng(seed)
    for i in range(count):
        first12 = "".join(str(d) for d in rng.integers(0, 10, 12))
        text = first12 + ean.calc_check_digit(first12)
        side = float(rng.choice((-1, 1)))
        pose = Pose(
            320 + rng.uniform(-40, 40),
            240 + rng.uniform(-20, 20),
            rng.uniform(0.85, 1.15),
            side * rng.uniform(10, 30),
            rng.uniform(-0.12, 0.12),
        )
        optics = Optics(
            rng.uniform(0, 6),
            rng.uniform(0, 180),
            rng.uniform(0.3, 1.5),
            rng.uniform(0.85, 1.15),
        )
        yield i, text, pose, optics


def raw_texts(frame: np.ndarray) -> list[str]:
    gray = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
    return [b.text.zfill(13) for b in zxingcpp.read_barcodes(gray, formats=EAN_FORMATS)]


@pytest.mark.slow
def test_no_wrong_ean_on_blurred_slanted_books() -> None:
    right = raw_wrong = 0
    wrong = []
    for text, frame in slanted_books(105):
        found = [d.text for d in DECODER.decode(frame, budget_ms=BUDGET_MS)]
        right += text in found
        wrong += [(text, t) for t in found if t != text]
        raw_wrong += any(t != text for t in raw_texts(frame))
    assert wrong == []
    assert right >= 60  # of 105: safe, but not by reading nothing
    assert raw_wrong >= 3  # the sweep does reach the frames that fool zxing-cpp


def test_a_slanted_misread_is_not_trusted() -> None:
    """Frame 10 of the sweep: zxing-cpp reads 0121237161255 for 1127241167855."""
    *_, (text, frame) = slanted_books(11)
    assert text == "1127241167855"
    assert raw_texts(frame) == ["0121237161255"]
    # The misread fails its second look; a later pass reads the code right.
    assert [d.text for d in DECODER.decode(frame, budget_ms=BUDGET_MS)] == [text]
    assert all(d.text == text for d in DECODER.decode_live(frame))


def test_a_slanted_code_read_right_is_confirmed() -> None:
    code = zxingcpp.write_barcode_to_image(
        zxingcpp.create_barcode("9787020002207", zxingcpp.BarcodeFormat.EAN13),
        scale=3,
    )
    frame = np.full((480, 640), 230, np.uint8)
    code = np.asarray(code)
    frame[150 : 150 + code.shape[0], 150 : 150 + code.shape[1]] = code
    turned = cv2.warpAffine(
        frame,
        cv2.getRotationMatrix2D((320, 240), 20, 1.0),
        (640, 480),
        borderValue=230,
    )
    [read] = [
        r.decoded for r in DECODER._zxing(turned) if r.decoded.symbology == "EAN13"
    ]
    assert confirm.oblique(turned, read)
    assert confirm.second_look(turned, read, None, "zxing")
    assert [d.text for d in DECODER.decode(turned)] == ["9787020002207"]


def test_the_second_look_does_not_repeat_the_first_pass() -> None:
    """The same decoder and preparation as the first read do not count."""
    blank = np.full((200, 300), 255, np.uint8)
    code = np.asarray(
        zxingcpp.write_barcode_to_image(
            zxingcpp.create_barcode("9787020002207", zxingcpp.BarcodeFormat.EAN13),
            scale=2,
        )
    )
    blank[40 : 40 + code.shape[0], 40 : 40 + code.shape[1]] = code
    read = Decoded("EAN13", "9787020002207", None, ((40, 70), (230, 70)), "zxing", True)
    assert confirm.second_look(blank, read, None, "stretched")
    wrong = Decoded(
        "EAN13", "9787020002214", None, ((40, 70), (230, 70)), "zxing", True
    )
    assert not confirm.second_look(blank, wrong, None, "stretched")


def test_a_short_code_inside_a_long_one_is_dropped() -> None:
    """zxing-cpp also reads a UPC-E out of the lower bars of this ISBN."""
    image = cv2.imread(str(PHOTOS / "zxing" / "ean13-4" / "06.png"))
    assert image is not None, f"the test photographs are missing: {PHOTOS}"
    raw = {(b.format.name, b.text) for b in zxingcpp.read_barcodes(image)}
    assert ("UPCE", "01781004") in raw or any(f == "UPCE" for f, _ in raw)
    assert [(d.symbology, d.text) for d in DECODER.decode(image)] == [
        ("EAN13", "9780441014989")
    ]


def test_a_upce_read_slantwise_out_of_an_ean13_is_not_trusted() -> None:
    """zxing-cpp reads a UPC-E along a slanted line through this tilted book's bars.

    The misread repeats in the sharpened image, so two passes agreeing on it
    prove nothing for a slanted read; it must pass the second look, and fails.
    """
    layer = render_item("5804811681558", "EAN13", seed=67)
    pose = Pose(336.76, 231.72, 0.95, -31.89, 0.098)
    frame = scene(
        background(0),
        layer,
        pose,
        Optics(5.39, 60.91, 0.736, 1.108),
        np.random.default_rng(67),
    )
    gray = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
    assert [(b.format.name, b.text) for b in zxingcpp.read_barcodes(gray)] == [
        ("UPCE", "0180100004815")
    ]
    found = DECODER.decode(frame, budget_ms=BUDGET_MS)
    assert all(d.text == "5804811681558" for d in found)
    assert all(d.symbology != "UPCE" for d in DECODER.decode_live(frame))


def test_bars_where_a_short_code_needs_blank_paper_make_it_a_fragment() -> None:
    bars = np.tile(np.repeat(np.array([40.0, 200.0]), 3), 60)  # bars end to end
    blank = np.full(60, 200.0)
    alone = np.concatenate([blank, bars[:150], blank])
    assert confirm.bars_beside(bars, 60, 210, 15)
    assert not confirm.bars_beside(alone, 60, 210, 15)


def test_a_second_look_that_reads_two_numbers_confirms_neither() -> None:
    """Frame 158 of sweep 17: zxing-cpp reads 0817140349124 for 6871740349124.

    It does so on the frame and again on the upright cut-out, plain; stretched,
    sharpened or enlarged the cut-out reads the true number. Two numbers from
    one code confirm neither.
    """
    text, frame = slanted_book(158, seed=17)
    assert text == "6871740349124"
    assert raw_texts(frame) == ["0817140349124"]
    gray = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
    [wrong] = [r.decoded for r in DECODER._zxing(gray)]
    assert wrong.text == "0817140349124"
    assert not confirm.second_look(gray, wrong, DECODER._pyzbar_ean, "equalized")
    assert [d.text for d in DECODER.decode(frame, budget_ms=BUDGET_MS)] == [text]


@pytest.mark.parametrize(
    ("seed", "index", "text", "wrong"),
    [
        # Two deconvolved bands read the same wrong number.
        (7, 548, "4369595085905", "6362187025905"),
        # Four levelled and sharpened bands read the same wrong number.
        (11, 126, "8688217388344", "8688211322344"),
    ],
)
def test_scan_lines_that_disagree_give_nothing(
    seed: int, index: int, text: str, wrong: str
) -> None:
    """Bands agreeing on a number prove nothing when other lines read another.

    Sharpening or deconvolution can put the same wrong edges into several
    bands; the other preparations of the same lines read the true code.
    """
    assert slanted_book(index, seed)[0] == text
    frame = slanted_book(index, seed)[1]
    gray = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
    crop, _, _ = enhance.around(gray, enhance.linear_regions(gray, limit=1)[0])
    bars = enhance.linear_regions(crop)[1]  # the first is the cover's edge
    texts = line_texts(crop, bars)
    assert texts.count(wrong) >= 2
    assert text in texts
    formats = DECODER._linear_formats
    assert passes.scanlines(crop, [bars], formats, Budget.of(5000)) == []
    decoder = BarcodeDecoder(SYMBOLOGIES, budget_ms=BUDGET_MS)
    assert all(d.text == text for d in decoder.decode_live(frame))


def line_texts(gray: np.ndarray, region: enhance.Region) -> list[str]:
    """What zxing-cpp reads on each prepared scan line of a region."""
    return [
        b.text.zfill(13)
        for _, make in enhance.profile_images(enhance.upright(gray, region))
        for b in zxingcpp.read_barcodes(make(), formats=EAN_FORMATS, try_rotate=False)
    ]
