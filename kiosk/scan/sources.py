"""Frame sources: a webcam, a video file or a folder of images, all read alike.

Each source is a small :class:`~kiosk.ports.FrameSource` that
:class:`~kiosk.scan.capture.Capture` reads in its worker thread. An unplugged
camera is an everyday event at a kiosk, not a bug, so sources report it as
``False``/``None`` instead of raising, and the capture thread retries.
"""

from __future__ import annotations

import logging
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import cv2
import numpy as np

if TYPE_CHECKING:
    from kiosk.ports import FrameSource

log = logging.getLogger(__name__)

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".webp", ".bmp"})
_SEQUENCE = re.compile(r"(.*?)%0?([0-9]*)d(.*)")


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
        realtime: the device sets the pace, so
            :class:`~kiosk.scan.capture.Capture` never slows it down (holding
            frames back would let the driver's queue go stale).
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
            decoded is a failure instead, so
            :class:`~kiosk.scan.capture.Capture` keeps retrying.
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
        fps: camera frames per second (webcams only;
            :class:`~kiosk.scan.capture.Capture` paces videos and folders).

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
