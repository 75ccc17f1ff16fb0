"""From frames to scans: consensus across frames, once per presentation.

A student holds a book up: the camera sees its code in dozens of frames, some
sharp, some blurred, maybe read by both decoders. The kiosk must act once. A
code is *presented* from the first frame it is read until it has been out of
sight for ``rescan_seconds``; it is emitted once per presentation.

Each code's place is followed from frame to frame (a *region*: where its
outline is, and how far it moved since the frame before). Only a steady frame
counts towards trusting a read: one where the code's place was seen in the
previous frames and moved less than ``MAX_MOTION`` pixels a frame along the
code (a moving cover smears its bars; consecutive blurred frames can agree on
the same wrong digits). A code is emitted when ``confirm_frames`` steady
frames agree on it (or one, for a code that checks itself, when
``single_frame_checked`` is on).

Within one presentation, a different code of the same kind read where a code
was already emitted is a *suspect*: most often a misread of the same cover as
it moves or turns away. It needs ``SUSPECT_FRAMES`` steady frames and an
independent look (see ``BarcodeDecoder.independent_look``) before it is
emitted, so a pupil who swaps books without lowering the first still gets the
second read. Two codes in different places (a card and a book, two books, an
ISBN and its price code) are two presentations.

A non-book EAN-13 (a Japanese book's 192... price code, a shop's 491...
label) is never reported in place of an ISBN in view: it waits a few frames
for one and gives way to it. It is also a suspect: a moving ISBN misread in
its left half (978... read as 371...) passes its check digit one time in ten.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import cv2
import numpy as np

from kiosk.scan.decode import BarcodeDecoder
from kiosk.scan.enhance import to_gray
from kiosk.scan.events import Decoded, Frame, ScanEvent
from kiosk.scan.reads import EAN_UPC

MAX_MOTION = 4.0
"""Pixels a frame along the code: faster, and its bars are smeared by about
half that (a webcam's shutter is open for about half a frame), which is where
a module of a held code's 2-3 pixels starts to merge with its neighbour."""
SUSPECT_FRAMES = 5
"""Steady frames a suspect read needs (see the module's docstring)."""
RECENT_FRAMES = 3
"""A region seen within this many frames has a known motion."""
BESIDE_FRAMES = 3
"""Extra steady frames a non-book EAN waits for an ISBN beside it."""
BOOK_NEARBY_SECONDS = 1.0
"""An ISBN seen this recently is in view."""


@dataclass
class _Region:
    """Where one code is in view, followed from frame to frame."""

    centre: np.ndarray
    axis: np.ndarray  # unit vector along the code
    size: float
    index: int
    last_seen: float
    emitted: set[tuple[str, str]] = field(default_factory=set)

    def holds(self, centre: np.ndarray) -> bool:
        """Whether a read centred at ``centre`` lies on this region's code.

        Along the code a read of the same code is centred within a quarter of
        its length; across it, anywhere on the bars (a scan line near their
        top or bottom). A second code stacked above (an ISBN's price code) or
        beside (another book) lies further away.
        """
        offset = centre - self.centre
        along = abs(float(offset @ self.axis))
        across = abs(float(offset[0] * self.axis[1] - offset[1] * self.axis[0]))
        return along <= 0.25 * self.size and across <= 0.45 * self.size

    def motion(self, centre: np.ndarray, index: int) -> float:
        """Pixels per frame moved along the code since it was last seen here."""
        if index <= self.index or index - self.index > RECENT_FRAMES:
            return math.inf
        return abs(float((centre - self.centre) @ self.axis)) / (index - self.index)


@dataclass
class _Track:
    """One code's current presentation."""

    decoded: Decoded
    first_seen: float
    last_seen: float
    region: _Region
    frames: set[int] = field(default_factory=set)
    emitted: bool = False
    suspect: bool = False
    looked: bool = False  # an independent look agreed
    shadowed: bool = False  # a price code beside an ISBN: never reported


class Scanner:
    """Feeds frames through the decoder and emits each presented code once."""

    def __init__(
        self,
        decoder: BarcodeDecoder,
        *,
        confirm_frames: int = 2,
        rescan_seconds: float = 2.0,
        single_frame_checked: bool = False,
    ) -> None:
        self._decoder = decoder
        self._confirm = confirm_frames
        self._single_checked = single_frame_checked
        self._rescan = rescan_seconds
        self._tracks: dict[tuple[str, str], _Track] = {}
        self._regions: list[_Region] = []
        self.last_decoded: list[Decoded] = []

    def feed(self, frame: Frame) -> list[ScanEvent]:
        """Decode one frame; return the scans it completes, left to right."""
        found = self._decoder.decode_live(frame.image)
        self.last_decoded = found
        return self.observe(found, frame.index, frame.at, frame.image)

    def observe(
        self, found: list[Decoded], index: int, at: float, image: object = None
    ) -> list[ScanEvent]:
        """Apply one frame's reads to the presentations (separate for testing).

        Without the frame's ``image`` no independent look can be taken, so a
        suspect read is never emitted.
        """
        self._forget(at)
        placed = []
        for d in found:
            centre, axis, size = _place(d)
            region = self._region(centre)
            steady = region is not None and region.motion(centre, index) <= MAX_MOTION
            if region is None:
                region = _Region(centre, axis, size, index, at)
                self._regions.append(region)
            placed.append((d, region, steady, centre, axis, size))
        events = []
        for d, region, steady, *_ in placed:
            key = (d.symbology, d.text)
            # Two texts of one kind read in one place in this frame: a misread.
            torn = any(
                r is region
                and _same_kind(o.symbology, d.symbology)
                and o.text != d.text
                for o, r, *_ in placed
            )
            track = self._tracks.get(key)
            if track is not None and track.region is not region:
                track.region = region  # moved faster than it could be followed
            if track is None:
                # Another number where one was read, or a non-book EAN (at a
                # school library most often the misread of a moving ISBN).
                suspect = _foreign_ean(d) or any(
                    k != key and _same_kind(k[0], d.symbology) for k in region.emitted
                )
                track = self._tracks[key] = _Track(d, at, at, region, suspect=suspect)
                self._drop_rivals(track, key)
            track.last_seen = at
            track.decoded = d
            if steady and not torn:
                track.frames.add(index)
            if (
                not track.emitted
                and self._trusted(track, image)
                and (_bookland(d) or not self._waits_for_book(track, at))
            ):
                track.emitted = True
                region.emitted.add(key)
                if not track.shadowed:
                    events.append(
                        ScanEvent(d.text, d.symbology, "camera", at, index, d.polygon)
                    )
        for _d, region, _, centre, axis, size in placed:
            region.centre, region.axis, region.size = centre, axis, size
            region.index, region.last_seen = index, at
        return events

    def _trusted(self, track: _Track, image: object) -> bool:
        """Enough steady frames agree (and, for a suspect, an independent look)."""
        d = track.decoded
        if track.suspect:
            if len(track.frames) < SUSPECT_FRAMES:
                return False
            if not track.looked:
                gray = to_gray(image) if image is not None else None
                track.looked = gray is not None and self._decoder.independent_look(
                    gray, d
                )
            return track.looked
        return len(track.frames) >= self._needed(d)

    def _needed(self, d: Decoded) -> int:
        return 1 if d.checked and self._single_checked else self._confirm

    def _waits_for_book(self, track: _Track, at: float) -> bool:
        """Whether a non-book EAN/UPC waits, or gives way to an ISBN in view.

        Japanese books carry a price code (192...) beside the ISBN, and a
        shop's label (491...) can sit on a cover: the ISBN is the book. Such a
        code is held back ``BESIDE_FRAMES`` steady frames in case an ISBN
        shows up, and is never reported while one is in view.
        """
        if track.decoded.symbology not in EAN_UPC:
            return False
        # An ISBN in view, or any other EAN elsewhere on the cover (an ISBN
        # misread, or not read yet): the price code is not the book.
        if any(
            t is not track
            and t.decoded.symbology in EAN_UPC
            and (_bookland(t.decoded) or t.region is not track.region)
            and at - t.last_seen <= BOOK_NEARBY_SECONDS
            for t in self._tracks.values()
        ):
            track.shadowed = True
            return False
        return len(track.frames) < self._needed(track.decoded) + BESIDE_FRAMES

    def _region(self, centre: np.ndarray) -> _Region | None:
        near = [r for r in self._regions if r.holds(centre)]
        if not near:
            return None
        return min(near, key=lambda r: float(np.hypot(*(centre - r.centre))))

    def _forget(self, now: float) -> None:
        """End the presentations of codes out of sight for ``rescan_seconds``."""
        gone = [k for k, t in self._tracks.items() if now - t.last_seen >= self._rescan]
        for key in gone:
            del self._tracks[key]
        self._regions = [r for r in self._regions if now - r.last_seen < self._rescan]

    def _drop_rivals(self, new: _Track, key: tuple[str, str]) -> None:
        """Frames disagree about the code in one place: trust neither yet."""
        for other_key, track in list(self._tracks.items()):
            if (
                other_key != key
                and not track.emitted
                and track.region is new.region
                and _same_kind(other_key[0], key[0])
            ):
                del self._tracks[other_key]
                new.frames.clear()


def _bookland(d: Decoded) -> bool:
    """An ISBN (978, 979) or ISSN (977) EAN-13: a book or a magazine."""
    return d.symbology == "EAN13" and d.text.startswith(("977", "978", "979"))


def _foreign_ean(d: Decoded) -> bool:
    """An EAN-13 that is not an ISBN or ISSN (UPC-A, EAN-8 and UPC-E included)."""
    return d.symbology in EAN_UPC and not _bookland(d)


def _same_kind(a: str, b: str) -> bool:
    """EAN-13, UPC-A, EAN-8 and UPC-E misread as one another count as one kind."""
    return a == b or (a in EAN_UPC and b in EAN_UPC)


def _place(d: Decoded) -> tuple[np.ndarray, np.ndarray, float]:
    """A read's centre, the unit vector along its longer side, and that length."""
    if not d.polygon:
        return np.zeros(2), np.array([1.0, 0.0]), 1e9
    points = np.array(d.polygon, np.float32)
    (cx, cy), (w, h), angle = cv2.minAreaRect(points)
    turn = math.radians(angle if w >= h else angle + 90)
    return (
        np.array([cx, cy]),
        np.array([math.cos(turn), math.sin(turn)]),
        max(w, h, 1.0),
    )
