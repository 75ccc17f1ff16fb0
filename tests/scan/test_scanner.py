"""Consensus across frames and once-per-presentation, frame by frame."""

from __future__ import annotations

from dataclasses import replace

import pytest

from kiosk.config import SYMBOLOGIES
from kiosk.scan import synth, synth_clips
from kiosk.scan.decode import BarcodeDecoder
from kiosk.scan.events import Decoded, Frame
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
    # The first sighting has no motion to measure: the second frame confirms.
    assert play(scanner, [[BOOK]] * (5 * FPS)) == [(1, BOOK.text)]


def test_wobbling_out_of_focus_and_back_is_still_one_scan(scanner: Scanner) -> None:
    frames = [[BOOK]] * 10 + [[]] * 20 + [[BOOK]] * 10  # 1.3 s unreadable
    assert play(scanner, frames) == [(1, BOOK.text)]


def test_presented_again_after_leaving_view_is_a_second_scan(scanner: Scanner) -> None:
    frames = [[BOOK]] * 10 + [[]] * (2 * FPS) + [[BOOK]] * 10
    assert play(scanner, frames) == [(1, BOOK.text), (11 + 2 * FPS, BOOK.text)]


def test_by_default_even_a_check_digit_needs_a_second_frame() -> None:
    careful = Scanner(BarcodeDecoder(SYMBOLOGIES))
    misread = Decoded("EAN13", "0711175321110", None, BOOK.polygon, "zxing", True)
    # A blurred frame's wrong EAN, then the real one: only the real one is read,
    # once two frames agree on it.
    assert play(careful, [[misread], [BOOK], [BOOK], [BOOK]]) == [(2, BOOK.text)]


def test_rescan_time_is_configurable() -> None:
    quick = Scanner(
        BarcodeDecoder(SYMBOLOGIES), rescan_seconds=0.5, single_frame_checked=True
    )
    frames = [[BOOK]] * 5 + [[]] * 8 + [[BOOK]] * 5
    assert [f for f, _ in play(quick, frames)] == [1, 14]


def test_unchecked_code_needs_two_steady_frames(scanner: Scanner) -> None:
    assert play(scanner, [[CARD], [CARD]]) == []
    assert play(scanner, [[CARD]], start=2) == [(2, CARD.text)]


def test_a_single_frame_of_an_unchecked_code_is_never_emitted(scanner: Scanner) -> None:
    assert play(scanner, [[CARD]] + [[]] * 40 + [[CARD]]) == []


def test_confirm_frames_is_configurable() -> None:
    strict = Scanner(BarcodeDecoder(SYMBOLOGIES), confirm_frames=3)
    assert play(strict, [[CARD]] * 4) == [(3, CARD.text)]


def test_frames_that_disagree_are_dropped(scanner: Scanner) -> None:
    rival = Decoded("Code39", "S2602018", None, CARD.polygon, "pyzbar", False)
    assert play(scanner, [[CARD], [rival], [CARD], [rival]]) == []
    # Once the frames agree again, the code is read.
    assert play(scanner, [[rival], [rival]], start=4) == [(4, rival.text)]


def test_two_texts_in_one_place_in_one_frame_confirm_neither(scanner: Scanner) -> None:
    # Two scan-line bands of one blurred code read two different numbers.
    band = Decoded(
        "EAN13",
        "9787020001101",
        None,
        ((100, 190), (300, 190), (300, 192), (100, 192)),
        "zxing",
        True,
    )
    assert play(scanner, [[BOOK, band]] * 6) == []


def test_two_codes_in_view_are_emitted_left_to_right(scanner: Scanner) -> None:
    sure_card = Decoded("Code128", "S2602016", None, CARD.polygon, "zxing", True)
    assert play(scanner, [[BOOK, sure_card]] * 2) == [(1, BOOK.text), (1, "S2602016")]


def test_read_by_both_decoders_is_one_scan(scanner: Scanner) -> None:
    twin = Decoded("EAN13", BOOK.text, None, BOOK.polygon, "pyzbar", True)
    assert play(scanner, [[BOOK], [twin], [BOOK, twin]]) == [(1, BOOK.text)]


def moved(d: Decoded, dx: int) -> Decoded:
    return replace(d, polygon=tuple((x + dx, y) for x, y in d.polygon))


def test_a_code_moving_fast_along_its_bars_confirms_nothing(scanner: Scanner) -> None:
    # 12 pixels a frame: the bars smear by about six pixels in each exposure.
    sliding = [[moved(BOOK, 12 * i)] for i in range(6)]
    assert play(scanner, sliding) == []
    # Slowing to a pupil's tremor, the first steady frame reads it.
    settled = [[moved(BOOK, 72 + i % 2)] for i in range(3)]
    assert play(scanner, settled, start=6) == [(7, BOOK.text)]


def test_another_number_where_a_code_was_read_is_a_suspect(scanner: Scanner) -> None:
    # Read, then a misread of the same moving cover: without an independent
    # look (no image here) it is never emitted, however many frames agree.
    wrong = Decoded("EAN13", "1787020002203", None, BOOK.polygon, "zxing", True)
    events = play(scanner, [[BOOK]] * 3 + [[wrong]] * 20)
    assert events == [(1, BOOK.text)]


def test_a_card_beside_a_read_book_is_not_a_suspect(scanner: Scanner) -> None:
    card = Decoded("Code128", "S2602016", None, BOOK.polygon, "zxing", True)
    assert play(scanner, [[BOOK]] * 3 + [[card]] * 2) == [
        (1, BOOK.text),
        (3, card.text),
    ]


PRICE = Decoded(
    "EAN13",
    "1920093014007",
    None,
    ((100, 20), (300, 20), (300, 80), (100, 80)),
    "zxing",
    True,
)


def test_a_price_code_beside_an_isbn_is_never_reported(scanner: Scanner) -> None:
    # The price code is read first, the ISBN below it a few frames later.
    frames = [[PRICE]] * 3 + [[PRICE, BOOK]] * 5
    assert play(scanner, frames) == [(4, BOOK.text)]


def test_a_price_code_alone_is_reported_only_after_a_careful_look() -> None:
    # A non-book EAN is a suspect: five steady frames and an independent look
    # at the real image (without one, never).
    careful = Scanner(BarcodeDecoder(SYMBOLOGIES), single_frame_checked=True)
    assert play(careful, [[PRICE]] * 12) == []
    held = [("1920093014007", "EAN13", 1.0, "hold")]
    scanner = Scanner(BarcodeDecoder(SYMBOLOGIES))
    events = [
        (e.frame, e.text)
        for i, image in enumerate(synth.frames(held, FPS))
        for e in scanner.feed(Frame(image, i, i / FPS))
    ]
    assert [text for _, text in events] == [PRICE.text]
    assert events[0][0] >= 5


# Clips of the sweep in which the decoder, frame by frame, reads a number that
# is not in view: a UPC-A out of a moving ISBN (121), a short code out of a card (135).
@pytest.mark.parametrize("seed", [121, 135])
def test_a_real_clip_with_misread_frames_gives_only_true_codes(seed: int) -> None:
    clip = synth_clips.clip(seed)
    scanner = Scanner(BarcodeDecoder(SYMBOLOGIES))
    decoder = BarcodeDecoder(SYMBOLOGIES)
    emitted, seen = [], set()
    for index, image in enumerate(synth_clips.frames(clip)):
        seen |= {d.text for d in decoder.decode_live(image)}
        emitted += [e.text for e in scanner.feed(Frame(image, index, index / FPS))]
    assert seen - set(clip.in_view), "the clip no longer has a misread to catch"
    assert sorted(emitted) == sorted(clip.expected)
