"""What the scanning layer hands to the rest of the kiosk (no cv2 needed here)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

Point = tuple[int, int]


@dataclass(frozen=True)
class Frame:
    """One camera image: BGR or grayscale numpy array, numbered and timestamped.

    ``at`` is ``time.monotonic()`` seconds when the frame was captured.
    """

    image: Any
    index: int
    at: float


class SourceState(StrEnum):
    """What a frame source can tell a screen."""

    STARTING = "starting"
    LIVE = "live"
    UNAVAILABLE = "unavailable"  # camera unplugged or failing: use the hand scanner
    ENDED = "ended"  # a video or folder played to its end
    CLOSED = "closed"


@dataclass(frozen=True)
class Decoded:
    """One barcode found in one frame.

    Attributes:
        symbology: EAN13, UPCA, EAN8, UPCE, Code128, Code39, ITF, Codabar or QR.
        text: the main text (an EAN/UPC add-on is separated into ``addon``).
        addon: the 2- or 5-digit EAN add-on, if one was read.
        polygon: corners of the code in frame pixels, for the screen's outline.
        decoder: which library read it ("zxing" or "pyzbar").
        checked: the text carries its own check (EAN/UPC/ITF check digit, QR
            error correction), so one frame is enough to trust it.
    """

    symbology: str
    text: str
    addon: str | None
    polygon: tuple[Point, ...]
    decoder: str
    checked: bool


@dataclass(frozen=True)
class ScanEvent:
    """A barcode to act on: emitted once per presentation, camera or hand scanner."""

    text: str
    symbology: str
    origin: str  # "camera" or "wedge"
    at: float
    frame: int | None = None
    polygon: tuple[Point, ...] = ()
