"""The whole camera path on a generated video: source, decoder, consensus, once.

The video is written to a real file and played by the product's own video
source, as the demo mode does.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.config import SYMBOLOGIES
from kiosk.scan.decode import BarcodeDecoder
from kiosk.scan.events import Frame
from kiosk.scan.scanner import Scanner
from kiosk.scan.sources import VideoFileSource
from kiosk.scan.synth import Segment, write_presentation_video

FPS = 15
ISBN = "9787115327710"


def scans(video: Path) -> list[tuple[int, str]]:
    scanner = Scanner(BarcodeDecoder(SYMBOLOGIES), confirm_frames=2, rescan_seconds=2.0)
    source = VideoFileSource(video)
    assert source.open()
    events, index = [], 0
    while (image := source.read()) is not None:
        events += [
            (e.frame, e.text) for e in scanner.feed(Frame(image, index, index / FPS))
        ]
        index += 1
    source.close()
    return events


@pytest.mark.slow
def test_presented_pulled_away_presented_again_and_held_still(tmp_path: Path) -> None:
    book = (ISBN, "EAN13")
    script = [
        Segment("", "", 0.4, "absent"),
        Segment(*book, 0.6, "enter"),
        Segment(*book, 1.0, "hold"),
        Segment(*book, 0.5, "leave"),
        Segment(
            "", "", 2.4, "absent"
        ),  # longer than rescan_seconds: a new presentation
        Segment(*book, 0.6, "enter"),
        Segment(*book, 5.0, "hold"),  # held still for 5 s: still one scan
        Segment(*book, 0.5, "leave"),
    ]
    video = tmp_path / "book.avi"
    frames = write_presentation_video(video, script, fps=FPS, seed=3)
    assert frames > 150
    events = scans(video)
    assert [text for _, text in events] == [ISBN, ISBN]
    first, second = (frame for frame, _ in events)
    assert first < (0.4 + 0.6 + 1.0) * FPS
    assert (0.4 + 0.6 + 1.0 + 0.5 + 2.4) * FPS <= second < (5.5 + 0.6 + 1.0) * FPS


@pytest.mark.slow
def test_card_then_book_in_order(tmp_path: Path) -> None:
    script = [
        Segment("S2602016", "Code128", 0.5, "enter"),
        Segment("S2602016", "Code128", 0.8, "hold"),
        Segment("S2602016", "Code128", 0.4, "leave"),
        Segment("10000041", "Code128", 0.5, "enter"),
        Segment("10000041", "Code128", 0.8, "hold"),
    ]
    video = tmp_path / "card-book.avi"
    write_presentation_video(video, script, fps=FPS, seed=1)
    assert [text for _, text in scans(video)] == ["S2602016", "10000041"]
