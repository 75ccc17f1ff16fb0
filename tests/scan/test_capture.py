"""The capture thread, reading real folders and an absent camera."""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path
from typing import Any

import pytest

from kiosk.scan.capture import Capture
from kiosk.scan.events import SourceState
from kiosk.scan.sources import CameraSource, ImageFolderSource
from tests.scan.helpers import ABSENT_CAMERA, brightness, write_folder


class Counting:
    """Mixin for the real sources: counts opens and frames so tests can wait."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.opens = 0
        self.reads = 0
        self._counted = threading.Condition()

    def open(self) -> bool:
        ok = super().open()  # type: ignore[misc]
        with self._counted:
            self.opens += 1
            self._counted.notify_all()
        return ok

    def read(self) -> Any | None:
        image = super().read()  # type: ignore[misc]
        if image is not None:
            with self._counted:
                self.reads += 1
                self._counted.notify_all()
        return image

    def wait_opens(self, count: int) -> bool:
        with self._counted:
            return self._counted.wait_for(lambda: self.opens >= count, 5)

    def wait_reads(self, count: int) -> bool:
        with self._counted:
            return self._counted.wait_for(lambda: self.reads >= count, 5)


class CountingFolder(Counting, ImageFolderSource):
    pass


class CountingCamera(Counting, CameraSource):
    pass


class FlakyFolder(ImageFolderSource):
    """A folder whose first reads raise, like a driver having a bad moment."""

    def __init__(self, path: Path, faults: int) -> None:
        super().__init__(path, loop=True)
        self.faults = faults

    def read(self) -> Any | None:
        if self.faults:
            self.faults -= 1
            raise RuntimeError("USB hiccup")
        return super().read()


def unavailable_warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        r.getMessage()
        for r in caplog.records
        if r.levelno == logging.WARNING and "unavailable" in r.getMessage()
    ]


# --- cameras -------------------------------------------------------------------------


def test_capture_reports_an_absent_camera_and_warns_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    camera = CountingCamera(ABSENT_CAMERA)

    with Capture(camera, reopen_seconds=0.01) as capture:
        assert capture.wait_state(SourceState.UNAVAILABLE, timeout=5)
        assert camera.wait_opens(3)  # it keeps trying
        assert capture.latest(timeout=0) is None

    assert capture.state is SourceState.CLOSED
    assert len(unavailable_warnings(caplog)) == 1


@pytest.mark.hardware
@pytest.mark.skipif(
    os.environ.get("KIOSK_HARDWARE") != "1", reason="needs a webcam; KIOSK_HARDWARE=1"
)
def test_real_camera_delivers_frames_of_the_configured_size() -> None:
    with Capture(CameraSource(0, 640, 480, 30)) as capture:
        frame = capture.latest(timeout=10)

    assert frame is not None
    assert frame.image.shape[:2] == (480, 640)


# --- the capture thread ------------------------------------------------------------


def test_capture_plays_a_folder_to_its_end(tmp_path: Path) -> None:
    source = ImageFolderSource(write_folder(tmp_path / "frames", 4))

    with Capture(source, paced=False) as capture:
        assert capture.wait_state(SourceState.ENDED, timeout=5)
        last = capture.latest(timeout=5)
        after = capture.latest(timeout=5)  # returns at once: nothing more will come

    assert capture.captured == 4
    assert last is not None
    assert (last.index, brightness(last.image)) == (3, 40)
    assert after is None
    assert capture.state is SourceState.CLOSED


def test_capture_keeps_only_the_newest_frame(tmp_path: Path) -> None:
    source = CountingFolder(write_folder(tmp_path / "frames", 3), loop=True)
    taken = []

    with Capture(source, paced=False) as capture:
        for _ in range(5):
            frame = capture.latest(timeout=5)
            assert frame is not None
            taken.append(frame.index)
            assert source.wait_reads(source.reads + 10)  # a slow decoder

    assert taken == sorted(set(taken))
    # Every frame between the ones taken was dropped, never queued.
    assert capture.dropped >= (taken[-1] - taken[0] + 1) - len(taken) > 0


def test_capture_plays_a_folder_at_its_frame_rate(tmp_path: Path) -> None:
    source = ImageFolderSource(write_folder(tmp_path / "frames", 6))

    with Capture(source, fps=50) as capture:
        first = capture.latest(timeout=5)
        assert capture.wait_state(SourceState.ENDED, timeout=5)
        last = capture.latest(timeout=5)

    assert first is not None
    assert last is not None
    assert last.index == 5
    assert last.at - first.at >= (last.index - first.index) / 50 * 0.9


def test_capture_sees_an_unplugged_folder_come_back(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = write_folder(tmp_path / "camera", 3)
    source = CountingFolder(folder, loop=True)

    with Capture(source, fps=200, reopen_seconds=0.05) as capture:
        assert capture.wait_state(SourceState.LIVE, timeout=5)
        folder.rename(tmp_path / "unplugged")
        assert capture.wait_state(SourceState.UNAVAILABLE, timeout=5)
        assert source.wait_opens(source.opens + 3)  # retried, still unplugged
        assert capture.state is SourceState.UNAVAILABLE
        gone_at = capture.captured

        (tmp_path / "unplugged").rename(folder)

        assert capture.wait_state(SourceState.LIVE, timeout=5)
        frame = capture.latest(timeout=5)
        assert frame is not None
        assert frame.index >= gone_at

    assert len(unavailable_warnings(caplog)) == 1


def test_capture_survives_a_source_that_raises(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="kiosk.scan.capture")
    source = FlakyFolder(write_folder(tmp_path / "frames", 2), faults=7)

    with Capture(source, paced=False, reopen_seconds=0.01) as capture:
        assert capture.wait_state(SourceState.LIVE, timeout=5)
        assert capture.latest(timeout=5) is not None

    assert len(unavailable_warnings(caplog)) == 1
    hiccups = [r for r in caplog.records if "USB hiccup" in r.getMessage()]
    assert len(hiccups) == 7
    assert [r.levelno for r in hiccups].count(logging.WARNING) == 1


def test_close_stops_the_worker_and_wakes_a_waiting_consumer(tmp_path: Path) -> None:
    capture = Capture(CountingCamera(ABSENT_CAMERA), reopen_seconds=60).start()
    assert capture.wait_state(SourceState.UNAVAILABLE, timeout=5)
    waiting = threading.Thread(target=capture.latest)
    waiting.start()

    capture.close()
    waiting.join(timeout=5)

    assert not waiting.is_alive()
    assert capture.state is SourceState.CLOSED
    assert capture.wait_state(SourceState.CLOSED, timeout=0)
