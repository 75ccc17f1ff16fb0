"""What one pass of a decoder found, and the checks a read must pass first.

Every decoder and every pass reports through :func:`checked`, so the rules
that keep a wrong code from the kiosk live in one place: an EAN/UPC check digit
verified again here (a decoder's own check is not trusted blindly), an EAN
add-on separated from the main number, and a note of which symbologies carry
their own check (EAN/UPC, Code 128, QR; ITF only as a 14-digit GTIN).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from stdnum import ean

from kiosk.scan.events import Decoded, Point

MIN_UNCHECKED_LENGTH = 4
"""Shortest Code 39, Codabar or ITF text taken: a blurred EAN's bars can read as
one Code 39 letter, and no card or copy label is that short."""
LINEAR = ("EAN13", "UPCA", "EAN8", "UPCE", "Code128", "Code39", "ITF", "Codabar")
EAN_UPC = ("EAN13", "UPCA", "EAN8", "UPCE")
# A 1-D read this few pixels tall came from one or two scan lines.
MIN_THICKNESS = 3.0


@dataclass(frozen=True)
class Read:
    """One decoded code and whether this pass alone may vouch for it."""

    decoded: Decoded
    strong: bool
    # Already read the same way twice, independently (two bands of scan lines).
    confirmed: bool = False


def checked(
    symbology: str, text: str, polygon: tuple[Point, ...], decoder: str
) -> Decoded | None:
    """Validate a raw read; separate an EAN add-on; None if it fails its check."""
    text = text.strip()
    if not text:
        return None
    addon = None
    if symbology in EAN_UPC:
        # zxing-cpp spells UPC-A and UPC-E out as 13 digits, pyzbar UPC-A as 12;
        # an add-on follows the main number directly.
        digits = len(text) - len(text.lstrip("0123456789"))
        main = 8 if symbology == "EAN8" else 13 if digits >= 13 else 12
        text, addon = text[:main], (text[main:].strip() or None)
        if not text.isdigit() or len(text) != main:
            return None
        text = text.zfill(13) if main == 12 else text
        if not ean.is_valid(text):
            return None
        if addon is not None and not (addon.isdigit() and len(addon) in (2, 5)):
            return None
    if symbology in ("Code39", "Codabar", "ITF") and len(text) < MIN_UNCHECKED_LENGTH:
        return None
    self_checking = symbology in (*EAN_UPC, "Code128", "QR") or (
        symbology == "ITF" and len(text) == 14 and ean.is_valid(text)
    )
    return Decoded(symbology, text, addon, polygon, decoder, self_checking)


def weak(read: Decoded) -> Read:
    """A read that needs a second pass or frame to agree before it is trusted."""
    return Read(replace(read, checked=False), False)


def thickness(corners: list[tuple[float, float]]) -> float:
    """How many pixels across the scan lines that agreed on a 1-D read are."""
    (x0, y0), _, _, (x3, y3) = corners
    return float(np.hypot(x3 - x0, y3 - y0))


def ordered(found: list[Decoded]) -> list[Decoded]:
    """One result per text, left to right then top to bottom (stable for screens).

    A UPC-E or EAN-8 read inside the bars of an EAN-13/UPC-A read is a piece
    of that longer code misread as a short one, and is dropped.
    """
    unique: dict[tuple[str, str], Decoded] = {}
    for d in found:
        unique.setdefault((d.symbology, d.text), d)
    longs = [d for d in unique.values() if d.symbology in ("EAN13", "UPCA")]
    kept = [
        d
        for d in unique.values()
        if d.symbology not in _SHORT or not any(_inside(d, long) for long in longs)
    ]
    return sorted(kept, key=lambda d: (_left(d), d.text))


_SHORT = ("UPCE", "EAN8")


def _inside(short: Decoded, long: Decoded) -> bool:
    """Whether ``short``'s centre lies on ``long``'s bars (as tall as 0.8 x wide)."""
    if len(long.polygon) < 2 or not short.polygon:
        return False
    a, b = np.array(long.polygon[0], float), np.array(long.polygon[1], float)
    centre = np.array(long.polygon, float).mean(axis=0)
    length = float(np.hypot(*(b - a)))
    if length < 1:
        return False
    axis = (b - a) / length
    offset = np.array(short.polygon, float).mean(axis=0) - centre
    along = abs(float(offset @ axis))
    across = abs(float(offset[0] * axis[1] - offset[1] * axis[0]))
    return along <= length / 2 and across <= 0.8 * length


def _left(d: Decoded) -> tuple[int, int]:
    if not d.polygon:
        return (0, 0)
    return (min(x for x, _ in d.polygon), min(y for _, y in d.polygon))
