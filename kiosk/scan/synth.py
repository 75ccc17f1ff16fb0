"""Synthetic webcam videos of a pupil presenting a library card and books.

The demo mode and the scanning pipeline's tests need camera footage with
barcodes in it, and real recordings would ship pupils' hands and large files.
So a short script says what is in front of the camera and how it moves, and
:mod:`kiosk.scan.synth_scene` draws each frame. Everything is seeded: the same
script and seed always give the same frames.

``python -m kiosk.scan.synth OUT.avi`` writes the demo video.
"""

from __future__ import annotations

import argparse
import math
import sys
import zlib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import cv2
import numpy as np

from kiosk.scan.synth_scene import (
    FORMATS,
    HEIGHT,
    WIDTH,
    Optics,
    Pose,
    background,
    render_item,
    scene,
)

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

MOTIONS = ("absent", "enter", "hold", "wobble", "leave")
EXPOSURE = 0.5  # fraction of a frame period the shutter is open: blur length
MAX_BLUR = 60.0  # pixels; a longer streak is just as unreadable and far slower


class Segment(NamedTuple):
    """One stretch of a presentation script; a plain 4-tuple works too.

    Attributes:
        code_text: what the barcode encodes (ignored while ``absent``).
        symbology: "EAN13", "Code128" or "QR" (ignored while ``absent``).
        seconds: how long the stretch lasts.
        motion: "absent" (nothing in view), "enter" (slides in), "hold" (held
            still, with a hand's tremor), "wobble" (pulled too close: out of
            focus, then sharp again) or "leave" (slides out).
    """

    code_text: str
    symbology: str
    seconds: float
    motion: str


@dataclass(frozen=True)
class _Hand:
    """A segment's random but fixed habits: which side it moves to, its tremor."""

    side: int
    phases: tuple[float, ...]
    hertz: tuple[float, ...]

    @classmethod
    def draw(cls, rng: np.random.Generator) -> _Hand:
        """Pick a side and three tremors (x, y, turn) of 1.5-3.5 Hz."""
        side = int(rng.choice((-1, 1)))
        phases = tuple(float(p) for p in rng.uniform(0, 2 * math.pi, 3))
        return cls(side, phases, tuple(float(f) for f in rng.uniform(1.5, 3.5, 3)))

    def tremor(self, rest: Pose, seconds: float) -> Pose:
        """Shake within ±2 px and ±0.8°: nobody holds a book perfectly still."""
        x, y, a = (
            math.sin(2 * math.pi * f * seconds + p)
            for f, p in zip(self.hertz, self.phases, strict=True)
        )
        return replace(
            rest, x=rest.x + 2 * x, y=rest.y + 2 * y, angle=rest.angle + 0.8 * a
        )


def _rest_pose(text: str, seed: int) -> Pose:
    """Where a pupil holds this item: fixed per item so segments join up."""
    rng = np.random.default_rng([seed, zlib.crc32(text.encode()), 2])
    x, y = rng.uniform(290, 350), rng.uniform(235, 260)
    return Pose(
        x, y, rng.uniform(0.95, 1.05), rng.uniform(-6, 6), rng.uniform(-0.04, 0.04)
    )


def _offscreen(rest: Pose, side: int) -> Pose:
    """Just out of view at the side, a little lower and turned: where a hand goes."""
    x = WIDTH / 2 + side * WIDTH
    return replace(rest, x=x, y=rest.y + 90, angle=rest.angle + side * 18)


def _between(a: Pose, b: Pose, p: float) -> Pose:
    def mix(u: float, v: float) -> float:
        return u + (v - u) * p

    return Pose(
        mix(a.x, b.x),
        mix(a.y, b.y),
        mix(a.scale, b.scale),
        mix(a.angle, b.angle),
        mix(a.tilt, b.tilt),
    )


def _pose_at(
    motion: str, rest: Pose, hand: _Hand, t: float, seconds: float
) -> Pose | None:
    """The item's pose ``t`` of the way (0-1) through a segment of ``seconds``."""
    if motion == "absent":
        return None
    if motion == "enter":
        return _between(_offscreen(rest, hand.side), rest, 1 - (1 - t) ** 3)
    if motion == "leave":
        return _between(rest, _offscreen(rest, hand.side), t**2)
    pose = hand.tremor(rest, t * seconds)
    if motion == "wobble":  # pulled too close to the lens and back
        return replace(pose, scale=pose.scale * (1 + 0.2 * math.sin(math.pi * t)))
    return pose


def count_frames(script: Iterable[tuple[str, str, float, str]], fps: int = 15) -> int:
    """How many frames :func:`frames` yields for ``script`` at ``fps``."""
    return sum(round(Segment(*s).seconds * fps) for s in script)


def _segments(script: Iterable[tuple[str, str, float, str]]) -> list[Segment]:
    """Check the whole script first: fail before a video file is half written."""
    segments = [Segment(*s) for s in script]
    for s in segments:
        if s.motion not in MOTIONS:
            raise ValueError(f"motion {s.motion!r}: use one of {', '.join(MOTIONS)}")
        if s.motion != "absent" and s.symbology not in FORMATS:
            raise ValueError(
                f"symbology {s.symbology!r}: use one of {', '.join(FORMATS)}"
            )
        if s.seconds < 0:
            raise ValueError(f"segment {s}: seconds cannot be negative")
    return segments


def _optics(
    motion: str,
    pose: Pose | None,
    before: Pose | None,
    t: float,
    clock: float,
    drift: float,
) -> Optics:
    """Blur from the item's speed, defocus while wobbling, auto-exposure hunting."""
    blur = angle = 0.0
    if pose is not None and before is not None:
        dx, dy = pose.x - before.x, pose.y - before.y
        blur = min(math.hypot(dx, dy) * EXPOSURE, MAX_BLUR)
        angle = math.degrees(math.atan2(-dy, dx))
    defocus = 5.0 * math.sin(math.pi * t) if motion == "wobble" else 0.0
    gain = 1 + 0.08 * math.sin(2 * math.pi * clock / 7 + drift)
    return Optics(blur, angle, defocus, gain)


def frames(
    script: Iterable[tuple[str, str, float, str]], fps: int = 15, seed: int = 0
) -> Iterator[np.ndarray]:
    """Yield the 640 × 480 BGR frames of ``script``, so tests need no video file.

    Raises:
        ValueError: a segment has an unknown motion or symbology, or negative
            seconds (raised by this call, before any frame is drawn).
    """
    return _frames(_segments(script), fps, seed)


def _frames(segments: list[Segment], fps: int, seed: int) -> Iterator[np.ndarray]:
    back = background(seed)
    noise = np.random.default_rng([seed, 3])
    drift = float(np.random.default_rng([seed, 4]).uniform(0, 2 * math.pi))
    layers: dict[tuple[str, str], np.ndarray] = {}
    shown = 0
    for index, seg in enumerate(segments):
        count = round(seg.seconds * fps)
        hand = _Hand.draw(np.random.default_rng([seed, index, 5]))
        rest = _rest_pose(seg.code_text, seed)
        key = (seg.code_text, seg.symbology)
        layer = None
        if seg.motion != "absent":
            if key not in layers:  # one drawing per item, so each frame shows it alike
                layers[key] = render_item(*key, seed=seed)
            layer = layers[key]
        for i in range(count):
            pose = _pose_at(seg.motion, rest, hand, (i + 1) / count, seg.seconds)
            before = _pose_at(seg.motion, rest, hand, i / count, seg.seconds)
            clock = (shown + i) / fps
            optics = _optics(seg.motion, pose, before, (i + 1) / count, clock, drift)
            yield scene(back, layer, pose, optics, noise)
        shown += count


def write_presentation_video(
    path: str | Path,
    script: Iterable[tuple[str, str, float, str]],
    fps: int = 15,
    seed: int = 0,
) -> int:
    """Write ``script`` as a video file, to play as a camera (``scan.camera``).

    Args:
        path: ``.mp4`` is written with mp4v, anything else (``.avi``) with MJPG.
        script: the segments, each ``(code_text, symbology, seconds, motion)``.
        fps: frames per second.
        seed: the same seed gives the same video.

    Returns:
        The number of frames written.

    Raises:
        OSError: OpenCV cannot write that file.
        ValueError: a segment has an unknown motion or symbology, or negative
            seconds (raised before the file is created).
    """
    segments = _segments(script)
    path = Path(path)
    if not path.parent.is_dir():  # say so plainly; OpenCV only logs a warning
        raise OSError(f"cannot write {path}: {path.parent} is not a folder")
    fourcc = "mp4v" if path.suffix.lower() == ".mp4" else "MJPG"
    code = cv2.VideoWriter_fourcc(*fourcc)
    writer = cv2.VideoWriter(str(path), code, fps, (WIDTH, HEIGHT))
    if not writer.isOpened():
        raise OSError(f"OpenCV cannot write a {fourcc} video to {path}")
    count = 0
    try:
        for frame in _frames(segments, fps, seed):
            writer.write(frame)
            count += 1
    finally:
        writer.release()
    return count


def demo_script() -> list[Segment]:
    """About 20 s of a pupil borrowing two books, for the demo and pipeline tests.

    The patron card (Code 128); then a book by its ISBN (EAN-13), which goes out
    of focus for a moment, is pulled away for nearly 3 s (longer than the
    default ``scan.rescan_seconds`` of 2 s, so it counts as a new presentation),
    is presented again and held still for 5 s; then a second book by its copy
    label (Code 128).
    """
    card = ("S2602016", "Code128")
    isbn = ("9787115327710", "EAN13")
    copy = ("10000041", "Code128")
    return [
        Segment("", "", 0.6, "absent"),
        Segment(*card, 0.8, "enter"),
        Segment(*card, 1.5, "hold"),
        Segment(*card, 0.6, "leave"),
        Segment("", "", 0.6, "absent"),
        Segment(*isbn, 0.8, "enter"),
        Segment(*isbn, 1.0, "hold"),
        Segment(*isbn, 1.2, "wobble"),
        Segment(*isbn, 0.6, "leave"),
        Segment("", "", 1.6, "absent"),
        Segment(*isbn, 0.8, "enter"),
        Segment(*isbn, 5.0, "hold"),
        Segment(*isbn, 0.6, "leave"),
        Segment("", "", 0.6, "absent"),
        Segment(*copy, 0.8, "enter"),
        Segment(*copy, 1.5, "hold"),
        Segment(*copy, 0.6, "leave"),
        Segment("", "", 0.6, "absent"),
    ]


def main(argv: list[str] | None = None) -> int:
    """Write the demo video and say where, in one line."""
    parser = argparse.ArgumentParser(
        prog="python -m kiosk.scan.synth",
        description="Write a synthetic webcam video of a pupil borrowing two books.",
    )
    parser.add_argument("out", type=Path, help="video file: .avi (MJPG) or .mp4")
    parser.add_argument("--fps", type=int, default=15, help="frames per second")
    parser.add_argument("--seed", type=int, default=0, help="varies the scene")
    args = parser.parse_args(argv)
    try:
        count = write_presentation_video(args.out, demo_script(), args.fps, args.seed)
    except OSError as exc:
        parser.exit(1, f"{parser.prog}: {exc}\n")
    sys.stdout.write(f"Wrote {count} frames to {args.out}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
