"""Harder synthetic presentations, drawn by the thousand to hunt wrong reads.

:mod:`kiosk.scan.synth` draws the demo: one item at a time, held nicely. Real
pupils move a cover in and out fast (motion blur over the bars), turn it up to
35 degrees away from the camera, keep a finger on the code, hold two books at
once or a card with a book, and a ceiling light's reflection sweeps across a
glossy cover. Each clip here is one of those, chosen and shaped by its seed
alone, with the truth of what was in view, so a sweep over thousands of seeds
can count every missed, repeated and wrong read (``python -m kiosk.bench
sweep``).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, replace

import numpy as np
from stdnum import ean

from kiosk.scan.synth import EXPOSURE, MAX_BLUR
from kiosk.scan.synth_scene import (
    HEIGHT,
    WIDTH,
    Optics,
    Pose,
    background,
    render_item,
    scene_of,
)

FPS = 15
KINDS = ("single", "two-books", "card-and-book", "price-code", "comes-back")
# How often each kind is drawn: single items most, as at the counter.
_WEIGHTS = (0.45, 0.15, 0.15, 0.15, 0.10)
MAX_TURN = 35.0  # degrees in depth (yaw and pitch together)


@dataclass(frozen=True)
class Item:
    """One card or book in a clip and how it moves."""

    text: str
    symbology: str
    rest: Pose
    side: int  # where it comes from and goes to: -1 left, 1 right
    second: str | None = None  # a price code printed beside an ISBN
    finger: bool = False


@dataclass(frozen=True)
class Clip:
    """A seeded presentation: what is shown, when, and what must be read.

    Timing is in frames: items slide in over ``enter`` frames, are held for
    ``hold`` frames (the code is steady from the first held frame), and slide
    out over ``leave``. A ``comes-back`` clip pulls the item half out of view
    for ``away`` frames in the middle of the hold, shorter than the kiosk's
    rescan time: still one presentation.
    """

    seed: int
    kind: str
    items: tuple[Item, ...]
    enter: int
    hold: int
    leave: int
    away: int = 0
    glare: bool = False
    fps: int = FPS

    @property
    def expected(self) -> tuple[str, ...]:
        """The codes a kiosk must read once each (a price code may be read or not)."""
        return tuple(i.text for i in self.items)

    @property
    def in_view(self) -> tuple[str, ...]:
        """Every code printed on something in view: any other read is wrong."""
        return self.expected + tuple(i.second for i in self.items if i.second)

    @property
    def steady(self) -> int:
        """The first frame on which the items are held still."""
        return self.enter

    @property
    def length(self) -> int:
        """Frames in the clip, with a few empty ones at each end."""
        return 2 + self.enter + self.hold + self.away + self.leave + 2


def _isbn(rng: np.random.Generator) -> str:
    stem = str(int(rng.choice((978, 979)))) + "".join(
        str(d) for d in rng.integers(0, 10, 9)
    )
    return stem + ean.calc_check_digit(stem)


def _price_code(rng: np.random.Generator) -> str:
    """A Japanese book's price code (192...) or a Japanese product code (491...)."""
    stem = str(int(rng.choice((192, 491)))) + "".join(
        str(d) for d in rng.integers(0, 10, 9)
    )
    return stem + ean.calc_check_digit(stem)


def _card(rng: np.random.Generator) -> tuple[str, str]:
    number = "S" + "".join(str(d) for d in rng.integers(0, 10, 7))
    return number, str(rng.choice(("Code128", "Code128", "QR")))


def _copy_label(rng: np.random.Generator) -> tuple[str, str]:
    return "1" + "".join(str(d) for d in rng.integers(0, 10, 7)), "Code128"


def _pose(
    rng: np.random.Generator, x: float, y: float, scale: float, most: float = MAX_TURN
) -> Pose:
    """A held pose: turned in depth up to ``most`` degrees in all."""
    turn = float(rng.uniform(0, most))
    direction = float(rng.uniform(0, 2 * math.pi))
    return Pose(
        x,
        y,
        scale * float(rng.uniform(0.9, 1.1)),
        float(rng.uniform(-25, 25)),
        0.0,
        turn * math.cos(direction),
        turn * math.sin(direction),
    )


def clip(seed: int) -> Clip:
    """The clip of ``seed``: its kind, items, poses and timing, all drawn from it."""
    rng = np.random.default_rng([seed, 13])
    kind = str(rng.choice(KINDS, p=_WEIGHTS))
    finger = bool(rng.random() < 0.25)
    side = int(rng.choice((-1, 1)))
    centre = (
        WIDTH / 2 + float(rng.uniform(-30, 30)),
        HEIGHT / 2 + float(rng.uniform(-15, 15)),
    )
    if kind in ("two-books", "card-and-book"):
        first = (_isbn(rng), "EAN13")
        other = (_isbn(rng), "EAN13") if kind == "two-books" else _card(rng)
        # Two items fill the view at 0.8 of one's size: turned 20 degrees at
        # most, a module stays 1.5 pixels wide, what a webcam can still resolve.
        scale, most = 0.8, 20.0
        left = _pose(rng, centre[0] - 150, centre[1], scale, most)
        right = _pose(rng, centre[0] + 150, centre[1], scale, most)
        items = (
            Item(*first, left, -1, None, finger),
            Item(*other, right, 1),
        )
    else:
        pick = rng.random()
        if kind == "price-code" or pick < 0.45:
            text, symbology = _isbn(rng), "EAN13"
        elif pick < 0.75:
            text, symbology = _copy_label(rng)
        else:
            text, symbology = _card(rng)
        second = _price_code(rng) if kind == "price-code" else None
        finger = finger and symbology != "QR"  # a thumb on a QR code hides it all
        scale = 0.85 if second else 1.0
        items = (
            Item(text, symbology, _pose(rng, *centre, scale), side, second, finger),
        )
    return Clip(
        seed,
        kind,
        items,
        enter=int(rng.integers(6, 13)),
        hold=int(rng.integers(12, 25)),
        leave=int(rng.integers(5, 11)),
        away=int(rng.integers(6, 15)) if kind == "comes-back" else 0,
        glare=bool(rng.random() < 0.3),
    )


def _outside(item: Item) -> Pose:
    """Out of view at the item's side, lower and turned, where a hand goes."""
    rest = item.rest
    return replace(
        rest,
        x=WIDTH / 2 + item.side * WIDTH * 0.85,
        y=rest.y + 90,
        angle=rest.angle + item.side * 18,
    )


def _mix(a: Pose, b: Pose, p: float) -> Pose:
    return Pose(*(u + (v - u) * p for u, v in zip(_fields(a), _fields(b), strict=True)))


def _fields(pose: Pose) -> tuple[float, ...]:
    return (pose.x, pose.y, pose.scale, pose.angle, pose.tilt, pose.yaw, pose.pitch)


def pose_at(c: Clip, item: Item, frame: float) -> Pose | None:
    """Where ``item`` is at (fractional) ``frame`` of clip ``c``; None out of view."""
    t = frame - 2
    if t < 0:
        return None
    if t < c.enter:
        return _mix(_outside(item), item.rest, 1 - (1 - t / c.enter) ** 3)
    t -= c.enter
    half = c.hold // 2
    if c.away and half <= t < half + c.away:  # pulled half away, then back
        p = math.sin(math.pi * (t - half) / c.away)
        return _mix(item.rest, _outside(item), 0.55 * p)
    if c.away and t >= half + c.away:
        t -= c.away
    if t < c.hold:
        wobble = math.sin(2 * math.pi * 2.5 * t / c.fps + item.side)
        return replace(item.rest, x=item.rest.x + 1.5 * wobble, y=item.rest.y - wobble)
    t -= c.hold
    if t < c.leave:
        return _mix(item.rest, _outside(item), (t / c.leave) ** 2)
    return None


def frames(c: Clip) -> Iterator[np.ndarray]:
    """The clip's BGR frames, 640 x 480."""
    back = background(c.seed)
    noise = np.random.default_rng([c.seed, 3])
    layers = [
        render_item(
            i.text,
            i.symbology,
            book=i.symbology == "EAN13" or i.text.isdigit(),
            seed=c.seed,
            second=i.second,
            finger=i.finger,
        )
        for i in c.items
    ]
    sweep = np.random.default_rng([c.seed, 17]).uniform(-1, 1, 2)
    for n in range(c.length):
        held = []
        # The right-hand item first: the left one's code (at its right) stays on top.
        for item, layer in reversed(list(zip(c.items, layers, strict=True))):
            pose, before = pose_at(c, item, n), pose_at(c, item, n - 1)
            if pose is None:
                continue
            held.append((layer, pose, _blur(pose, before)))
        glare = None
        if c.glare and held:
            # The reflection sweeps across while the cover turns in the hand.
            p = n / c.length
            x = held[-1][1].x + (p - 0.5) * 260 * sweep[0]
            glare = (x, held[-1][1].y + 60 * sweep[1], 45.0, 150.0)
        yield scene_of(back, held, Optics(), noise, glare)


def _blur(pose: Pose, before: Pose | None) -> Optics:
    if before is None:
        return Optics()
    dx, dy = pose.x - before.x, pose.y - before.y
    return Optics(
        min(math.hypot(dx, dy) * EXPOSURE, MAX_BLUR), math.degrees(math.atan2(-dy, dx))
    )
