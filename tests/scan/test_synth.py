"""Synthetic webcam footage: held codes decode, empty views do not, and it repeats."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest
import zxingcpp

from kiosk.scan import synth
from kiosk.scan.synth import (
    count_frames,
    demo_script,
    frames,
    write_presentation_video,
)

FPS = 10
ISBN = ("9787020002207", "EAN13")
SHORT = [  # 10 frames: every motion, kept short because each frame costs ~20 ms
    ("", "", 0.1, "absent"),
    (*ISBN, 0.3, "enter"),
    (*ISBN, 0.1, "hold"),
    (*ISBN, 0.3, "wobble"),
    (*ISBN, 0.2, "leave"),
]


def last_frame(script: list[tuple[str, str, float, str]], seed: int = 0) -> np.ndarray:
    *_, frame = frames(script, FPS, seed)
    return frame


@pytest.mark.parametrize(
    ("text", "symbology", "zxing_format"),
    [
        ("9787020002207", "EAN13", zxingcpp.BarcodeFormat.EAN13),
        ("S2602016", "Code128", zxingcpp.BarcodeFormat.Code128),
        ("10000041", "Code128", zxingcpp.BarcodeFormat.Code128),
        ("S2602016", "QR", zxingcpp.BarcodeFormat.QRCode),
    ],
)
@pytest.mark.parametrize("seed", [0, 7])
def test_held_code_decodes_to_its_text(
    text: str, symbology: str, zxing_format: zxingcpp.BarcodeFormat, seed: int
) -> None:
    frame = last_frame([(text, symbology, 0.1, "hold")], seed)

    found = zxingcpp.read_barcodes(frame)

    assert [(b.format, b.text) for b in found] == [(zxing_format, text)]


def test_frames_are_webcam_sized_bgr() -> None:
    frame = last_frame([("S2602016", "Code128", 0.1, "hold")])

    assert frame.shape == (480, 640, 3)
    assert frame.dtype == np.uint8


def test_empty_view_decodes_nothing() -> None:
    assert zxingcpp.read_barcodes(last_frame([("", "", 0.1, "absent")])) == []


def test_wobble_blurs_the_code_mid_segment_and_ends_sharp() -> None:
    wobble = list(frames([(*ISBN, 0.6, "wobble")], FPS))

    assert zxingcpp.read_barcodes(wobble[len(wobble) // 2 - 1]) == []
    assert [b.text for b in zxingcpp.read_barcodes(wobble[-1])] == ["9787020002207"]


def test_same_seed_gives_identical_frames_and_another_seed_does_not() -> None:
    first = list(frames(SHORT, FPS, seed=3))
    again = list(frames(SHORT, FPS, seed=3))
    other = next(frames(SHORT, FPS, seed=4))  # another shelf, other noise

    assert len(first) == count_frames(SHORT, FPS) == 10
    assert all(np.array_equal(a, b) for a, b in zip(first, again, strict=True))
    assert not np.array_equal(first[0], other)


@pytest.mark.parametrize("suffix", [".avi", ".mp4"])
def test_video_holds_every_frame(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"clip{suffix}"

    written = write_presentation_video(path, SHORT, fps=FPS)

    video = cv2.VideoCapture(str(path))
    shapes = []
    while True:
        ok, image = video.read()
        if not ok:
            break
        shapes.append(image.shape)
    video.release()
    assert written == len(shapes) == count_frames(SHORT, FPS)
    assert set(shapes) == {(480, 640, 3)}


@pytest.mark.parametrize(
    "segment",
    [
        ("x", "EAN13", 1.0, "dance"),
        ("x", "PDF417", 1.0, "hold"),
        ("", "", -1, "absent"),
    ],
)
def test_bad_script_is_refused_before_any_file_is_written(
    tmp_path: Path, segment: tuple[str, str, float, str]
) -> None:
    path = tmp_path / "clip.avi"

    with pytest.raises(ValueError, match=r"motion|symbology|seconds"):
        write_presentation_video(path, [segment])

    assert not path.exists()


def test_demo_script_shows_card_then_two_books_in_about_twenty_seconds() -> None:
    script = demo_script()
    shown = [s.code_text for s in script if s.motion == "enter"]

    assert shown == ["S2602016", "9787115327710", "9787115327710", "10000041"]
    assert 18 <= sum(s.seconds for s in script) <= 22
    assert max(s.seconds for s in script if s.motion == "hold") == 5


def test_command_line_writes_the_demo_and_says_so_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(synth, "demo_script", lambda: SHORT)  # the real one is 20 s
    path = tmp_path / "demo.avi"

    assert synth.main([str(path), "--fps", str(FPS)]) == 0

    out = capsys.readouterr().out
    assert out == f"Wrote {count_frames(SHORT, FPS)} frames to {path}\n"
    assert path.stat().st_size > 0
