"""Frame sources (folders, sequences, videos, webcams) with files made by cv2."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest

from kiosk.scan.sources import (
    CameraSource,
    ImageFolderSource,
    VideoFileSource,
    natural_key,
    source_from_setting,
)
from tests.scan.helpers import ABSENT_CAMERA, brightness, write_folder, write_images


def write_video(path: Path, fourcc: str, frames: int = 12) -> Path:
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*fourcc), 10, (64, 48))
    assert writer.isOpened(), f"{fourcc} cannot write {path.suffix}"
    for i in range(frames):
        writer.write(np.full((48, 64, 3), 20 * i, np.uint8))
    writer.release()
    return path


def play(source: Any) -> list[Any]:
    """Read until the source says None (``iter(read, None)`` would compare arrays)."""
    images = []
    while (image := source.read()) is not None:
        images.append(image)
    return images


# --- image folders and numbered sequences ----------------------------------------


def test_natural_key_orders_numbers_by_value() -> None:
    names = ["10.png", "2.png", "frame-1.png", "1.png", "Frame-10.png"]
    assert sorted(names, key=natural_key) == [
        "1.png",
        "2.png",
        "10.png",
        "frame-1.png",
        "Frame-10.png",
    ]


def test_folder_plays_images_in_natural_order_and_skips_broken_files(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = write_images(
        tmp_path / "frames",
        {"1.png": 10, "2.bmp": 20, "10.jpg": 100, "11.webp": 110, "12.jpeg": 120},
    )
    (folder / "3.png").write_bytes(b"")
    (folder / "4.png").write_bytes(b"\x89PNG\r\n\x1a\n this is not a picture")
    (folder / "notes.txt").write_text("not an image", encoding="utf-8")
    source = ImageFolderSource(folder)

    assert source.open()
    images = play(source)

    assert [brightness(image) for image in images] == [10, 20, 100, 110, 120]
    assert source.ended
    skipped = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(skipped) == 2
    assert any("3.png" in line for line in skipped)
    assert any("4.png" in line for line in skipped)


def test_folder_keeps_saying_none_after_its_end(tmp_path: Path) -> None:
    source = ImageFolderSource(write_folder(tmp_path / "frames", 2))

    assert source.open()
    assert len(play(source)) == 2
    assert source.read() is None
    assert source.ended


def test_reopened_folder_starts_again(tmp_path: Path) -> None:
    source = ImageFolderSource(write_folder(tmp_path / "frames", 2))
    source.open()
    play(source)

    assert source.open()
    assert not source.ended
    assert len(play(source)) == 2


def test_looping_folder_never_ends(tmp_path: Path) -> None:
    source = ImageFolderSource(write_folder(tmp_path / "frames", 3), loop=True)

    assert source.open()
    images = [source.read() for _ in range(7)]

    assert [brightness(image) for image in images] == [10, 20, 30, 10, 20, 30, 10]
    assert not source.ended


@pytest.mark.parametrize("folder", ["missing", "empty"])
def test_folder_without_images_does_not_open(tmp_path: Path, folder: str) -> None:
    (tmp_path / "empty").mkdir()
    source = ImageFolderSource(tmp_path / folder)

    assert source.open() is False
    assert source.read() is None
    assert not source.ended


def test_removed_folder_is_a_failure_not_an_end(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "frames", 3)
    source = ImageFolderSource(folder)
    source.open()
    assert source.read() is not None

    folder.rename(tmp_path / "elsewhere")

    assert source.read() is None
    assert not source.ended
    assert source.open() is False
    (tmp_path / "elsewhere").rename(folder)
    assert source.open()


def test_numbered_sequence_plays_matching_files_in_number_order(
    tmp_path: Path,
) -> None:
    write_images(
        tmp_path,
        {"002.png": 20, "010.png": 100, "001.png": 10, "x01.png": 1, "003.jpg": 30},
    )
    source = ImageFolderSource(tmp_path / "%03d.png")

    assert source.open()

    assert [brightness(image) for image in play(source)] == [10, 20, 100]
    assert source.ended


@pytest.mark.parametrize("name", ["%s.png", "%03x.png"])
def test_sequence_without_a_number_placeholder_is_refused(
    tmp_path: Path, name: str
) -> None:
    with pytest.raises(ValueError, match="%d"):
        ImageFolderSource(tmp_path / name)


# --- video files -------------------------------------------------------------------


@pytest.mark.parametrize(("fourcc", "suffix"), [("mp4v", ".mp4"), ("MJPG", ".avi")])
def test_video_plays_every_frame_then_ends(
    tmp_path: Path, fourcc: str, suffix: str
) -> None:
    source = VideoFileSource(write_video(tmp_path / f"clip{suffix}", fourcc))

    assert source.open()
    frames = play(source)

    assert len(frames) == 12
    assert frames[0].shape == (48, 64, 3)
    assert source.ended


def test_looping_video_starts_again(tmp_path: Path) -> None:
    source = VideoFileSource(write_video(tmp_path / "clip.avi", "MJPG"), loop=True)

    assert source.open()
    frames = [source.read() for _ in range(30)]

    assert all(frame is not None for frame in frames)
    assert not source.ended


@pytest.mark.parametrize("content", [None, b"", b"not a video at all"])
def test_missing_or_broken_video_does_not_open(
    tmp_path: Path, content: bytes | None
) -> None:
    path = tmp_path / "clip.mp4"
    if content is not None:
        path.write_bytes(content)
    source = VideoFileSource(path)

    assert source.open() is False
    assert source.read() is None
    assert not source.ended


def test_vanished_video_is_a_failure_not_an_end(tmp_path: Path) -> None:
    path = write_video(tmp_path / "clip.avi", "MJPG")
    source = VideoFileSource(path)
    source.open()
    assert source.read() is not None

    path.unlink()
    play(source)

    assert not source.ended
    assert source.open() is False


# --- choosing a source from scan.camera -------------------------------------------


@pytest.mark.parametrize(
    ("setting", "kind"),
    [
        ("none", type(None)),
        (" None ", type(None)),
        ("0", CameraSource),
        ("12", CameraSource),
        ("{tmp}", ImageFolderSource),
        ("{tmp}/frames/%04d.png", ImageFolderSource),
        ("{tmp}/clip.mp4", VideoFileSource),
        ("{tmp}/not-there", VideoFileSource),
    ],
)
def test_source_from_setting_picks_the_kind_of_source(
    tmp_path: Path, setting: str, kind: type
) -> None:
    source = source_from_setting(setting.format(tmp=tmp_path))

    assert type(source) is kind


def test_camera_setting_carries_index_size_and_rate() -> None:
    source = source_from_setting("2", width=1280, height=720, fps=15)

    assert isinstance(source, CameraSource)
    assert (source.index, source.width, source.height, source.fps) == (2, 1280, 720, 15)


# --- cameras -------------------------------------------------------------------------


def test_absent_camera_does_not_open() -> None:
    camera = CameraSource(ABSENT_CAMERA)

    assert camera.open() is False
    assert camera.read() is None
    camera.close()
