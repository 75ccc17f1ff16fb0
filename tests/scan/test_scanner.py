"""Consensus across frames and once-per-presentation, frame by frame."""

from __future__ import annotations

import pytest

from kiosk.config import SYMBOLOGIES
from kiosk.scan.decode import BarcodeDecoder
from kiosk.scan.events import Decoded
from kiosk.scan.scanner import Scanner

FPS = 15
BOOK = Decoded(
    "EAN13",
    "9787020002207",
    None,
    ((100, 100), (300, 100), (300, 200), (100, 200)),
    "zxing",
    True,
)
CARD = Decoded(
    "Code39",
    "S2602016",
    None,
    ((400, 50), (600, 50), (600, 120), (400, 120)),
    "zxing",
    False,
)


@pytest.fixture
def scanner() -> Scanner:
    return Scanner(
        BarcodeDecoder(SYMBOLOGIES),
        confirm_frames=2,
        rescan_seconds=2.0,
        single_frame_checked=True,
    )


def play(
    scanner: Scanner, frames: list[list[Decoded]], start: int = 0
) -> list[tuple[int, str]]:
    events = []
    for i, found in enumerate(frames, start):
        events += [(e.frame, e.text) for e in scanner.observe(found, i, i / FPS)]
    return events


def test_held_still_for_five_seconds_is_one_scan(scanner: Scanner) -> None:
    assert play(scanner, [[BOOK]] * (5 * FPS)) == [(0, BOOK.text)]


def test_wobbling_out_of_focus_and_back_is_still_one_scan(scanner: Scanner) -> None:
    frames = [[BOOK]] * 10 + [[]] * 20 + [[BOOK]] * 10  # 1.3 s unreadable
    assert play(scanner, frames) == [(0, BOOK.text)]


def test_presented_again_after_leaving_view_is_a_second_scan(scanner: Scanner) -> None:
    frames = [[BOOK]] * 10 + [[]] * (2 * FPS) + [[BOOK]] * 10
    assert play(scanner, frames) == [(0, BOOK.text), (10 + 2 * FPS, BOOK.text)]


def test_by_default_even_a_check_digit_needs_a_second_frame() -> None:
    careful = Scanner(BarcodeDecoder(SYMBOLOGIES))
    misread = Decoded("EAN13", "0711175321110", None, BOOK.polygon, "zxing", True)
    # A blurred frame's wrong EAN, then the real one: only the real one is read.
    assert play(careful, [[misread], [BOOK], [BOOK], [BOOK]]) == [(2, BOOK.text)]


def test_rescan_time_is_configurable() -> None:
    quick = Scanner(
        BarcodeDecoder(SYMBOLOGIES), rescan_seconds=0.5, single_frame_checked=True
    )
    frames = [[BOOK]] * 5 + [[]] * 8 + [[BOOK]] * 5
    assert [f for f, _ in play(quick, frames)] == [0, 13]


def test_unchecked_code_needs_a_second_frame(scanner: Scanner) -> None:
    assert play(scanner, [[CARD]]) == []
    assert play(scanner, [[CARD]], start=1) == [(1, CARD.text)]


def test_a_single_frame_of_an_unchecked_code_is_never_emitted(scanner: Scanner) -> None:
    assert play(scanner, [[CARD]] + [[]] * 40 + [[CARD]]) == []


def test_confirm_frames_is_configurable() -> None:
    strict = Scanner(BarcodeDecoder(SYMBOLOGIES), confirm_frames=3)
    assert play(strict, [[CARD]] * 3) == [(2, CARD.text)]


def test_frames_that_disagree_are_dropped(scanner: Scanner) -> None:
    rival = Decoded("Code39", "S2602018", None, CARD.polygon, "pyzbar", False)
    assert play(scanner, [[CARD], [rival], [CARD], [rival]]) == []
    # Once the frames agree again, the code is read.
    assert play(scanner, [[rival], [rival]], start=4) == [(4, rival.text)]


def test_two_codes_in_view_are_emitted_left_to_right(scanner: Scanner) -> None:
    sure_card = Decoded("Code128", "S2602016", None, CARD.polygon, "zxing", True)
    assert play(scanner, [[BOOK, sure_card]]) == [(0, BOOK.text), (0, "S2602016")]


def test_read_by_both_decoders_is_one_scan(scanner: Scanner) -> None:
    twin = Decoded("EAN13", BOOK.text, None, BOOK.polygon, "pyzbar", True)
    assert play(scanner, [[BOOK], [twin], [BOOK, twin]]) == [(0, BOOK.text)]
