"""From frames to scans: consensus across frames, once per presentation.

A student holds a book up: the camera sees its code in dozens of frames, some
sharp, some blurred, maybe read by both decoders. The kiosk must act once. A
code is *presented* from the first frame it is read until it has been out of
sight for ``rescan_seconds``; it is emitted once per presentation. A read that
does not check itself (Code 39, Codabar, a weak sliver of an EAN) is emitted
only when ``confirm_frames`` frames agree on it; a different text of the same
kind read in the same place before that drops the pending one (the frames
disagree, so neither is trusted).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kiosk.scan.decode import BarcodeDecoder
from kiosk.scan.events import Decoded, Frame, ScanEvent


@dataclass
class _Track:
    """One code's current presentation."""

    decoded: Decoded
    first_seen: float
    last_seen: float
    frames: set[int] = field(default_factory=set)
    emitted: bool = False


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
        self._turn = 0
        self.last_decoded: list[Decoded] = []

    def feed(self, frame: Frame) -> list[ScanEvent]:
        """Decode one frame; return the scans it completes, left to right."""
        found = self._decoder.decode_live(frame.image, self._turn)
        self._turn += 1
        self.last_decoded = found
        return self.observe(found, frame.index, frame.at)

    def observe(self, found: list[Decoded], index: int, at: float) -> list[ScanEvent]:
        """Apply one frame's reads to the presentations (separate for testing)."""
        self._forget(at)
        events = []
        for d in found:
            key = (d.symbology, d.text)
            track = self._tracks.get(key)
            if track is None:
                track = self._tracks[key] = _Track(d, at, at)
                self._drop_rivals(d, key)
            track.last_seen = at
            track.decoded = d
            track.frames.add(index)
            trusted = d.checked and self._single_checked
            if not track.emitted and (trusted or len(track.frames) >= self._confirm):
                track.emitted = True
                events.append(
                    ScanEvent(d.text, d.symbology, "camera", at, index, d.polygon)
                )
        return events

    def _forget(self, now: float) -> None:
        """End the presentations of codes out of sight for ``rescan_seconds``."""
        gone = [k for k, t in self._tracks.items() if now - t.last_seen >= self._rescan]
        for key in gone:
            del self._tracks[key]

    def _drop_rivals(self, new: Decoded, key: tuple[str, str]) -> None:
        """Frames disagree about the code in one place: trust neither yet."""
        for other_key, track in list(self._tracks.items()):
            other = track.decoded
            if (
                other_key != key
                and not track.emitted
                and other.symbology == new.symbology
                and _overlap(other.polygon, new.polygon)
            ):
                del self._tracks[other_key]
                self._tracks[key].frames.clear()


def _overlap(a: tuple[tuple[int, int], ...], b: tuple[tuple[int, int], ...]) -> bool:
    if not a or not b:
        return True
    ax0, ax1 = min(x for x, _ in a), max(x for x, _ in a)
    ay0, ay1 = min(y for _, y in a), max(y for _, y in a)
    bx0, bx1 = min(x for x, _ in b), max(x for x, _ in b)
    by0, by1 = min(y for _, y in b), max(y for _, y in b)
    return ax0 <= bx1 and bx0 <= ax1 and ay0 <= by1 and by0 <= ay1
