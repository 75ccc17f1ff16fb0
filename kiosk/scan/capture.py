"""Frame sources (webcam, video file, image folder) and the thread that reads them.

A pupil waves a book past the camera and expects a beep now, not after a backlog
of old frames has been decoded. So :class:`Capture` reads a
:class:`~kiosk.ports.FrameSource` in a worker thread and keeps only the newest
frame. An unplugged camera is an everyday event at a kiosk, not a bug: sources
report it as ``False``/``None`` instead of raising, and the worker reports
``UNAVAILABLE`` (the screen points to the hand scanner) while it quietly retries.
"""

from __future__ import annotations

import logging
import re
import sys
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import cv2
import numpy as np

from kiosk.scan.events import Frame, SourceState

if TYPE_CHECKING:
    from collections.abc import Callable
    from types import TracebackType

    from kiosk.ports import FrameSource

log = logging.getLogger(__name__)

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".webp", ".bmp"})
_SEQUENCE = re.compile(r"(.*?)%0?([0-9]*)d(.*)")
_T = TypeVar("_T")


def _video_capture(target: int | str, backend: int = cv2.CAP_ANY) -> Any | None:
    """Open a cv2 capture, or return None: OpenCV reports most failures by logging."""
    try:
        cap = cv2.VideoCapture(target, backend)
        if cap.isOpened():
            return cap
        cap.release()
    except cv2.error as exc:
        log.warning("OpenCV could not open %r: %s", target, exc)
    return None


def _grab(cap: Any) -> Any | None:
    """Read one image from a cv2 capture; None when none came."""
    try:
        ok, image = cap.read()
    except cv2.error as exc:
        log.warning("OpenCV read failed: %s", exc)
        return None
    return image if ok else None


def _release(cap: Any | None) -> None:
    if cap is None:
        return
    try:
        cap.release()
    except cv2.error as exc:
        log.debug("OpenCV release failed: %s", exc)


def _decode_image(path: Path) -> Any | None:
    """Decode an image file; None if it is missing, empty or corrupt.

    ``imdecode`` on the bytes (rather than ``imread``) also copes with non-ASCII
    paths on every platform and keeps OpenCV from printing its own warnings.
    """
    try:
        data = np.fromfile(path, dtype=np.uint8)
        return cv2.imdecode(data, cv2.IMREAD_COLOR) if data.size else None
    except (OSError, cv2.error):
        return None


def natural_key(name: str) -> list[Any]:
    """Sort key that orders the numbers inside names by value (2.png < 10.png)."""
    parts = re.split(r"([0-9]+)", name)
    return [int(part) if i % 2 else part.casefold() for i, part in enumerate(parts)]


class CameraSource:
    """A webcam opened by index, through V4L2 on Linux.

    Attributes:
        realtime: the device sets the pace, so :class:`Capture` never slows it
            down (holding frames back would let the driver's queue go stale).
    """

    realtime = True

    def __init__(
        self, index: int, width: int = 640, height: int = 480, fps: int = 30
    ) -> None:
        self.index = index
        self.width = width
        self.height = height
        self.fps = fps
        self._cap: Any | None = None

    def __repr__(self) -> str:
        return f"CameraSource({self.index})"

    def open(self) -> bool:
        """(Re)open the camera; False if it is absent or busy."""
        self.close()
        linux = sys.platform.startswith("linux")
        cap = _video_capture(self.index, cv2.CAP_V4L2 if linux else cv2.CAP_ANY)
        if cap is None:
            return False
        try:
            cap.set(cv2.CAP_PROP_FRAME_WIDTH, self.width)
            cap.set(cv2.CAP_PROP_FRAME_HEIGHT, self.height)
            cap.set(cv2.CAP_PROP_FPS, self.fps)
        except cv2.error as exc:
            log.warning("Camera %s refused its settings: %s", self.index, exc)
        self._cap = cap
        return True

    def read(self) -> Any | None:
        """Return the next camera image, or None if the grab failed."""
        return None if self._cap is None else _grab(self._cap)

    def close(self) -> None:
        """Release the camera so another process (or a reopen) can use it."""
        _release(self._cap)
        self._cap = None


class VideoFileSource:
    """A video file played as if it were a camera (demos, debounce tests).

    Args:
        path: the video file.
        loop: start again after the last frame, so a demo runs all day.

    Attributes:
        ended: the file played to its end; a file that vanished or cannot be
            decoded is a failure instead, so :class:`Capture` keeps retrying.
    """

    realtime = False

    def __init__(self, path: str | Path, *, loop: bool = False) -> None:
        self.path = Path(path)
        self.loop = loop
        self.ended = False
        self._cap: Any | None = None

    def __repr__(self) -> str:
        return f"VideoFileSource({str(self.path)!r})"

    def open(self) -> bool:
        """Open the file from its first frame; False if it is missing or unreadable."""
        self.close()
        self.ended = False
        if self.path.is_file():
            self._cap = _video_capture(str(self.path))
        return self._cap is not None

    def read(self) -> Any | None:
        """Return the next frame; None at the end (``ended``) or on failure."""
        if self._cap is None:
            return None
        image = _grab(self._cap)
        if image is not None or not self.path.is_file():
            return image
        if not self.loop:
            self.ended = True
            return None
        # Reopening is more reliable than seeking to frame 0 with every codec.
        return _grab(self._cap) if self.open() else None

    def close(self) -> None:
        """Release the file."""
        _release(self._cap)
        self._cap = None


class ImageFolderSource:
    """A folder of images, or a numbered sequence such as ``frames/%04d.png``.

    Folders are played in natural name order (``2.png`` before ``10.png``). A
    corrupt or empty file is skipped with a warning, because one bad frame
    should not stop a demo; a folder that disappears (a USB stick pulled out)
    is a failure, and ``open()`` fails until it is back.

    Args:
        path: the folder, or the numbered file pattern inside a folder.
        loop: start again after the last image, so a demo runs all day.

    Attributes:
        ended: every image has been played (never set when ``loop`` is on).
    """

    realtime = False

    def __init__(self, path: str | Path, *, loop: bool = False) -> None:
        self.path = Path(path)
        self.loop = loop
        self.ended = False
        self._sequence = self._sequence_pattern(self.path.name)
        self._folder = self.path.parent if self._sequence else self.path
        self._files: list[Path] | None = None
        self._next = 0

    def __repr__(self) -> str:
        return f"ImageFolderSource({str(self.path)!r})"

    @staticmethod
    def _sequence_pattern(name: str) -> re.Pattern[str] | None:
        """Turn a printf-style name (``%04d.png``) into a regex capturing the number."""
        if "%" not in name:
            return None
        match = _SEQUENCE.fullmatch(name)
        if match is None:
            raise ValueError(f"{name!r}: a numbered sequence needs one %d or %0Nd")
        head, width, tail = match.groups()
        digits = f"[0-9]{{{width},}}" if width else "[0-9]+"
        return re.compile(f"{re.escape(head)}({digits}){re.escape(tail)}")

    def _list(self) -> list[Path]:
        files = [p for p in self._folder.iterdir() if p.is_file()]
        if self._sequence is None:
            images = [p for p in files if p.suffix.lower() in IMAGE_SUFFIXES]
            return sorted(images, key=lambda p: natural_key(p.name))
        pattern = self._sequence
        numbered = {p: m for p in files if (m := pattern.fullmatch(p.name))}
        return sorted(numbered, key=lambda p: int(numbered[p].group(1)))

    def open(self) -> bool:
        """List the images afresh; False if the folder is missing or has none."""
        self.close()
        self.ended = False
        try:
            files = self._list()
        except OSError as exc:
            log.debug("Cannot list %s: %s", self._folder, exc)
            return False
        if not files:
            log.debug("No images in %s", self.path)
            return False
        self._files = files
        return True

    def read(self) -> Any | None:
        """Return the next image; None at the end (``ended``) or on failure."""
        files = self._files
        if files is None:
            return None
        while files:
            if self._next >= len(files):
                if not self.loop:
                    break
                self._next = 0
            image = _decode_image(files[self._next])
            if image is not None:
                self._next += 1
                return image
            if not self._folder.is_dir():
                return None
            log.warning("Skipping unreadable image %s", files[self._next])
            del files[self._next]  # so a looping folder warns about it only once
        self.ended = not self.loop
        return None

    def close(self) -> None:
        """Forget the listing; the next ``open()`` starts from the first image."""
        self._files = None
        self._next = 0


def source_from_setting(
    camera: str, width: int = 640, height: int = 480, fps: int = 30
) -> FrameSource | None:
    """Build the frame source that ``scan.camera`` names.

    Args:
        camera: ``"none"``, a webcam index (``"0"``), an image folder, a
            numbered sequence (``"frames/%04d.png"``) or a video file.
        width: camera frame width in pixels (webcams only).
        height: camera frame height in pixels (webcams only).
        fps: camera frames per second (webcams only; :class:`Capture` paces
            videos and folders).

    Returns:
        The source, or None when the kiosk is configured without a camera.

    Raises:
        ValueError: a numbered sequence without a ``%d``/``%0Nd`` placeholder,
            so a typo stops start-up instead of showing "camera unavailable".
    """
    text = camera.strip()
    if text.lower() == "none":
        return None
    if re.fullmatch(r"[0-9]+", text):
        return CameraSource(int(text), width, height, fps)
    if "%" in Path(text).name or Path(text).is_dir():
        return ImageFolderSource(text)
    return VideoFileSource(text)


class Capture:
    """Reads a frame source in a daemon thread and keeps only the newest frame.

    Decoding is slower than a camera, so a queue would fall further behind every
    second; a one-slot buffer means the decoder always works on what is in front
    of the camera now. Frames overwritten before anyone took them are counted
    in ``dropped``.

    Args:
        source: the camera, video or folder to read.
        fps: pace of sources that have none of their own (videos, folders).
        paced: False reads videos and folders as fast as possible (benchmarks).
        reopen_seconds: pause between attempts to reopen a failed source.
        max_failures: consecutive failed reads that make a source unavailable.
    """

    def __init__(
        self,
        source: FrameSource,
        *,
        fps: int = 30,
        paced: bool = True,
        reopen_seconds: float = 3.0,
        max_failures: int = 5,
    ) -> None:
        self.source = source
        self.dropped = 0
        self._period = 1.0 / fps
        self._paced = paced and not getattr(source, "realtime", False)
        self._reopen_seconds = reopen_seconds
        self._max_failures = max_failures
        self._changed = threading.Condition()
        self._state = SourceState.STARTING
        self._frame: Frame | None = None
        self._seen = -1
        self._captured = 0
        self._last_error = ""
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> Capture:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def state(self) -> SourceState:
        """What the screen should say about the camera."""
        with self._changed:
            return self._state

    @property
    def captured(self) -> int:
        """How many frames the source has delivered so far."""
        with self._changed:
            return self._captured

    def start(self) -> Capture:
        """Start the worker thread (once); return self for chaining."""
        if self._thread is None and not self._stop.is_set():
            self._thread = threading.Thread(
                target=self._run, name=f"capture {self.source!r}", daemon=True
            )
            self._thread.start()
        return self

    def latest(self, timeout: float | None = None) -> Frame | None:
        """Return the newest frame not yet returned, waiting up to ``timeout``.

        Returns:
            The frame, or None if none came in time or the source has ended or
            been closed (check ``state`` to tell which).
        """
        with self._changed:
            self._changed.wait_for(self._has_news_or_done, timeout)
            frame = self._frame
            if frame is None or frame.index <= self._seen:
                return None
            self._seen = frame.index
            return frame

    def wait_state(self, state: SourceState, timeout: float | None = None) -> bool:
        """Wait until the source reaches ``state``; False if it did not in time."""
        with self._changed:
            return self._changed.wait_for(lambda: self._state is state, timeout)

    def close(self, timeout: float = 2.0) -> None:
        """Stop the worker and release the source."""
        self._stop.set()
        thread = self._thread
        if thread is None:
            self._attempt(self.source.close, None)
        else:
            thread.join(timeout)
            if thread.is_alive():
                # A blocked camera read; the daemon releases it once it returns.
                log.warning(
                    "Frame source %r did not stop in %s s", self.source, timeout
                )
        with self._changed:
            self._state = SourceState.CLOSED
            self._changed.notify_all()

    def _has_news_or_done(self) -> bool:
        fresh = self._frame is not None and self._frame.index > self._seen
        return fresh or self._state in (SourceState.ENDED, SourceState.CLOSED)

    def _run(self) -> None:
        while not self._stop.is_set():
            if self._attempt(self.source.open, False) and self._pump():
                self._set_state(SourceState.ENDED)
                break
            self._attempt(self.source.close, None)
            if self._stop.is_set():
                break
            self._lost()
            self._stop.wait(self._reopen_seconds)
        self._attempt(self.source.close, None)

    def _pump(self) -> bool:
        """Read frames until the source ends (True), fails or is stopped (False)."""
        failures = 0
        due = time.monotonic()
        while not self._stop.is_set():
            image = self._attempt(self.source.read, None)
            if image is not None:
                failures = 0
                self._publish(image)
                due = self._pace(due)
            elif getattr(self.source, "ended", False):
                return True
            else:
                failures += 1
                if failures >= self._max_failures:
                    return False
        return False

    def _pace(self, due: float) -> float:
        """Hold a video or folder to ``fps`` so it plays like a camera."""
        if not self._paced:
            return due
        due += self._period
        delay = due - time.monotonic()
        if delay <= 0:
            return time.monotonic()  # fell behind: carry on, do not burst to catch up
        self._stop.wait(delay)
        return due

    def _publish(self, image: Any) -> None:
        with self._changed:
            if self._state is SourceState.CLOSED:
                return
            if self._frame is not None and self._frame.index > self._seen:
                self.dropped += 1
            self._frame = Frame(image, self._captured, time.monotonic())
            self._captured += 1
            back = self._state is not SourceState.LIVE
            self._state = SourceState.LIVE
            self._changed.notify_all()
        if back:
            self._last_error = ""
            log.info("Frame source %r is live", self.source)

    def _lost(self) -> None:
        """Mark the source unavailable, warning once per outage, not per retry."""
        with self._changed:
            if self._state in (SourceState.UNAVAILABLE, SourceState.CLOSED):
                return
            self._state = SourceState.UNAVAILABLE
            self._changed.notify_all()
        log.warning(
            "Frame source %r is unavailable; retrying every %s s",
            self.source,
            self._reopen_seconds,
        )

    def _set_state(self, state: SourceState) -> None:
        with self._changed:
            if self._state is not SourceState.CLOSED:
                self._state = state
                self._changed.notify_all()

    def _attempt(self, call: Callable[[], _T], default: _T) -> _T:
        """Call into the source; any exception counts as a failure, never a crash."""
        try:
            return call()
        except Exception as exc:  # the worker must outlive any fault in a source
            text = f"{type(exc).__name__}: {exc}"
            level = logging.DEBUG if text == self._last_error else logging.WARNING
            self._last_error = text
            log.log(level, "Frame source %r failed: %s", self.source, text)
            log.debug("Traceback of the frame source failure", exc_info=exc)
            return default
