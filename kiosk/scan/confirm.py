"""A second look at an EAN/UPC read before the kiosk trusts it.

An EAN/UPC check digit is one digit: a blurred code read wrongly passes it one
time in ten. On synthetic blurred, tilted book covers the wrong reads were of
two kinds: a scan line slanted across the bars (with modules about two pixels
wide, an edge misplaced by one pixel turns a 1 into a 7 or a 2 into an 8), and
a read that only a fallback pass (contrast, stretch, sharpening) made out.

Such a read is confirmed by an independent second look: the code's area cut
out and turned so its bars stand upright, then read straight across by
zxing-cpp and pyzbar, plain, stretched, sharpened and enlarged, but never with
the decoder and preparation of the first read. On the sweeps the second look
found the true code where the first read was wrong, and agreed with almost
every read that was right. A read it does not confirm is left to a later pass
(or a second band of scan lines, or a later frame) to agree with.

A UPC-E or EAN-8 read can also be a piece of a longer code: :func:`fragment`
drops it when bars stand where its quiet zone should be.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import cv2
import numpy as np
import zxingcpp

from kiosk.scan import enhance
from kiosk.scan.engines import Engine
from kiosk.scan.events import Decoded
from kiosk.scan.reads import EAN_UPC

# A scan line more than this far off the bars' normal reads them obliquely.
OBLIQUE_DEGREES = 5.0
# An image fewer rows tall than this has no room for slanted bars.
_SCAN_LINE_ROWS = 4
_EAN_FORMATS = (
    zxingcpp.BarcodeFormat.EAN13,
    zxingcpp.BarcodeFormat.UPCA,
    zxingcpp.BarcodeFormat.EAN8,
    zxingcpp.BarcodeFormat.UPCE,
)


def bars_normal(gray: np.ndarray, centre: np.ndarray, size: float) -> float | None:
    """Angle in degrees of the gradient across the bars in a square around ``centre``.

    The structure tensor summed over the square points across the dominant
    edges; None where the square holds no edges at all.
    """
    half = max(size / 2, 8.0)
    h, w = gray.shape
    x0, y0 = max(int(centre[0] - half), 0), max(int(centre[1] - half), 0)
    x1, y1 = min(int(centre[0] + half), w), min(int(centre[1] + half), h)
    if x1 - x0 < 8 or y1 - y0 < 8:
        return None
    crop = gray[y0:y1, x0:x1]
    gx = cv2.Sobel(crop, cv2.CV_32F, 1, 0, ksize=3)
    gy = cv2.Sobel(crop, cv2.CV_32F, 0, 1, ksize=3)
    jxx, jyy, jxy = (
        float((gx * gx).sum()),
        float((gy * gy).sum()),
        float((gx * gy).sum()),
    )
    if jxx + jyy <= 0:
        return None
    return 0.5 * math.degrees(math.atan2(2 * jxy, jxx - jyy))


def _geometry(polygon: tuple[tuple[int, int], ...]) -> tuple[np.ndarray, float]:
    points = np.array(polygon, np.float32)
    (cx, cy), (w, h), _ = cv2.minAreaRect(points)
    return np.array([cx, cy]), float(max(w, h))


def oblique(gray: np.ndarray, decoded: Decoded) -> bool:
    """Whether a zxing-cpp 1-D read's scan line crossed the bars at a slant.

    zxing-cpp reports the corners of the scan lines it read along, top-left
    and top-right first: their direction is the read's. An image a few rows
    tall is a scan line itself, read straight along.
    """
    if gray.shape[0] < _SCAN_LINE_ROWS:
        return False
    if len(decoded.polygon) < 2:
        return True
    (ax, ay), (bx, by) = decoded.polygon[:2]
    centre, size = _geometry(decoded.polygon)
    normal = bars_normal(gray, centre, size)
    if normal is None:
        return True
    along = math.degrees(math.atan2(by - ay, bx - ax))
    return abs((along - normal + 90) % 180 - 90) > OBLIQUE_DEGREES


def upright_crop(gray: np.ndarray, decoded: Decoded) -> np.ndarray | None:
    """The code's surroundings turned so the bars stand upright."""
    if not decoded.polygon:
        return None
    centre, size = _geometry(decoded.polygon)
    normal = bars_normal(gray, centre, size)
    if normal is None or size < 8:
        return None
    turn = cv2.getRotationMatrix2D((float(centre[0]), float(centre[1])), normal, 1.0)
    # A band across the middle of the bars is all a 1-D reader needs.
    width, height = int(size * 1.4) + 20, int(size * 0.3) + 10
    turn[0, 2] += width / 2 - centre[0]
    turn[1, 2] += height / 2 - centre[1]
    return cv2.warpAffine(
        gray,
        turn,
        (width, height),
        flags=cv2.INTER_CUBIC,
        borderMode=cv2.BORDER_REPLICATE,
    )


def second_look(
    gray: np.ndarray, decoded: Decoded, pyzbar: Engine | None, first: str
) -> bool:
    """Whether the upright cut-out of the code reads as the same number.

    It is read plain, stretched, sharpened and enlarged, by zxing-cpp and
    pyzbar. One of those reads, but never by the decoder and preparation of
    the ``first`` pass, must be the same number: the first pass's own
    preparation would repeat its mistake (a narrow bar's edge misplaced by a
    pixel turns a 1 into a 7 or a 2 into an 8 the same way each time). And
    none of the reads made may be another number: a decoder can misread a
    blurred code the same way from two angles while the other preparations
    read it right.
    """
    crop = upright_crop(gray, decoded)
    if crop is None:
        return False
    images = {p: _prepared(crop, p) for p in _PREPARATIONS}
    # zxing-cpp first, on every preparation: it is several times faster than
    # pyzbar, which is asked only when zxing-cpp neither confirms nor objects.
    engines = [("zxing", p, _zxing_ean) for p in _PREPARATIONS]
    if pyzbar is not None:
        engines += [("pyzbar", p, _pyzbar_texts(pyzbar)) for p in _PREPARATIONS[:3]]
    confirmed = False
    for engine, preparation, read in engines:
        if engine == "pyzbar" and confirmed:
            break
        for text in read(images[preparation]):
            if not _same(text, decoded.text):
                return False
            confirmed = confirmed or _FIRST.get(first) != (engine, preparation)
    return confirmed


def _zxing_ean(image: np.ndarray) -> list[str]:
    return [
        b.text
        for b in zxingcpp.read_barcodes(
            image, formats=_EAN_FORMATS, try_rotate=False, try_downscale=False
        )
    ]


def _pyzbar_texts(pyzbar: Engine) -> Callable[[np.ndarray], list[str]]:
    """The texts a pyzbar engine reads in an image."""
    return lambda image: [r.decoded.text for r in pyzbar(image)]


_PREPARATIONS = ("plain", "stretched", "sharpened", "enlarged")
# The decoder and preparation each pass reads with, as the second look names them.
_FIRST = {
    "zxing": ("zxing", "plain"),
    "pyzbar": ("pyzbar", "plain"),
    "stretched": ("zxing", "stretched"),
    "sharpened": ("zxing", "sharpened"),
    "enlarged": ("zxing", "enlarged"),
}


def _prepared(crop: np.ndarray, preparation: str) -> np.ndarray:
    if preparation == "stretched":
        return enhance.stretch_x(enhance.equalize(crop, 2.0))[0]
    if preparation == "sharpened":
        return enhance.sharpen(enhance.equalize(crop, 6.0))
    if preparation == "enlarged":
        return enhance.upscale(crop)[0]
    return crop


def _same(raw: str, text: str) -> bool:
    main = raw.strip()[: len(text) if len(text) == 8 else 13]
    return main.zfill(13) == text or main == text


def needs_second_look(decoded: Decoded, primary: bool, gray: np.ndarray) -> bool:
    """EAN/UPC read by a fallback pass, or by the first pass at a slant."""
    if decoded.symbology not in EAN_UPC:
        return False
    return not primary or oblique(gray, decoded)


# Modules from guard to guard, and the quiet zone each short code must have.
_MODULES = {"UPCE": 51, "EAN8": 67}
_QUIET_MODULES = 5


def fragment(gray: np.ndarray, decoded: Decoded) -> bool:
    """Whether a UPC-E or EAN-8 read is a piece of a longer code's bars.

    Read out of the middle of an EAN-13 (or any longer code) a short code has
    bars where its quiet zone should be; a real one has blank paper there.
    """
    if decoded.symbology not in _MODULES or len(decoded.polygon) < 2:
        return False
    points = np.array(decoded.polygon, np.float32)
    (ax, ay), (bx, by) = points[0], points[1]
    length = float(np.hypot(bx - ax, by - ay))
    if length < 8:
        return True
    quiet = length * _QUIET_MODULES / _MODULES[decoded.symbology]
    centre = points.mean(axis=0)
    angle = np.degrees(np.arctan2(by - ay, bx - ax))
    turn = cv2.getRotationMatrix2D((float(centre[0]), float(centre[1])), angle, 1.0)
    width = int(length + 2 * quiet) + 2
    turn[0, 2] += width / 2 - centre[0]
    turn[1, 2] += 2.5 - centre[1]
    strip = cv2.warpAffine(
        gray, turn, (width, 5), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE
    )
    profile = strip.astype(np.float32).mean(axis=0)
    start = (width - length) / 2
    return bars_beside(profile, start, start + length, quiet)


def bars_beside(profile: np.ndarray, start: float, end: float, quiet: float) -> bool:
    """Whether the scan line has bars within ``quiet`` pixels outside start-end."""
    margin = max(1, round(quiet / _QUIET_MODULES))  # a module: the guard's edge
    inside = profile[int(start) : int(end) + 1]
    if inside.size < 4:
        return True
    contrast = float(inside.max() - inside.min())
    for lo, hi in ((start - quiet, start - margin), (end + margin, end + quiet)):
        side = profile[max(int(lo), 0) : max(int(hi), 0)]
        if side.size and float(side.max() - side.min()) > 0.5 * contrast:
            return True
    return False
