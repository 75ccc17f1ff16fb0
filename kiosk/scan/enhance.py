"""Image preparations that help a decoder read what a cheap webcam saw.

Each one answers a failure seen in real photographs: uneven light and glare
(local contrast equalisation), bars narrower than two pixels (horizontal
stretch), soft focus (sharpening, and for 1-D codes a row-averaged profile that
is deconvolved), and codes cut off at the image edge (a quiet-zone margin).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache, partial

import cv2
import numpy as np

# Affine 2x3 matrix mapping points of a prepared image back to the frame.
Affine = np.ndarray
IDENTITY: Affine = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])


def to_gray(image: object) -> np.ndarray | None:
    """A uint8 grayscale view of a frame, or None for an empty or odd one."""
    if not isinstance(image, np.ndarray) or image.size == 0 or image.ndim not in (2, 3):
        return None
    if image.dtype != np.uint8:
        return None
    if image.ndim == 2:
        return image
    if image.ndim == 3 and image.shape[2] == 3:
        return cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    if image.ndim == 3 and image.shape[2] == 4:
        return cv2.cvtColor(image, cv2.COLOR_BGRA2GRAY)
    return None


@cache
def _clahe(clip: float) -> cv2.CLAHE:
    return cv2.createCLAHE(clipLimit=clip, tileGridSize=(8, 8))


def equalize(gray: np.ndarray, clip: float) -> np.ndarray:
    """Local contrast equalisation: evens out glare and shadow across a cover."""
    return _clahe(clip).apply(gray)


def stretch_x(gray: np.ndarray, factor: float = 2.0) -> tuple[np.ndarray, Affine]:
    """Widen the image so one-pixel bars become two."""
    out = cv2.resize(gray, None, fx=factor, fy=1.0, interpolation=cv2.INTER_CUBIC)
    return out, np.array([[1 / factor, 0.0, 0.0], [0.0, 1.0, 0.0]])


def upscale(gray: np.ndarray, factor: float = 2.0) -> tuple[np.ndarray, Affine]:
    """Enlarge a small code so its modules span several pixels."""
    out = cv2.resize(gray, None, fx=factor, fy=factor, interpolation=cv2.INTER_CUBIC)
    return out, np.array([[1 / factor, 0.0, 0.0], [0.0, 1 / factor, 0.0]])


def sharpen(gray: np.ndarray, amount: float = 0.8, sigma: float = 1.0) -> np.ndarray:
    """Unsharp mask: steepens the soft edges of a slightly defocused code."""
    blurred = cv2.GaussianBlur(gray, (0, 0), sigma)
    return cv2.addWeighted(gray, 1 + amount, blurred, -amount, 0)


@dataclass(frozen=True)
class Region:
    """Where a 1-D code probably is: centre, length along the bars' normal, angle."""

    cx: float
    cy: float
    length: float
    width: float
    angle: float  # degrees of the gradient across the bars
    coherence: float = 0.0  # 1.0: every edge parallel (bars); QR and text score low


def linear_regions(gray: np.ndarray, limit: int = 2) -> list[Region]:
    """Find patches of strong, parallel edges: what a 1-D barcode looks like.

    The structure tensor's coherence is high where edges all point one way
    (bars) and low for text and texture; its orientation gives the angle.
    """
    scale = min(1.0, 240 / max(gray.shape))
    small = (
        gray
        if scale == 1.0
        else cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    )
    gx = cv2.Sobel(small, cv2.CV_32F, 1, 0, ksize=3)
    gy = cv2.Sobel(small, cv2.CV_32F, 0, 1, ksize=3)
    jxx, jyy, jxy = (cv2.blur(m, (9, 9)) for m in (gx * gx, gy * gy, gx * gy))
    trace = jxx + jyy + 1e-3
    coherence = np.sqrt((jxx - jyy) ** 2 + 4 * jxy**2) / trace
    score = cv2.blur(coherence * np.sqrt(trace), (5, 5))
    peak = float(score.max())
    if peak <= 0:
        return []
    mask = (score > 0.35 * peak).astype(np.uint8)
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, np.ones((5, 5), np.uint8))
    mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((3, 3), np.uint8))
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    regions = []
    for contour in sorted(contours, key=cv2.contourArea, reverse=True)[:limit]:
        if cv2.contourArea(contour) < 80:
            break
        inside = np.zeros_like(mask)
        cv2.drawContours(inside, [contour], -1, 1, -1)
        sel = inside > 0
        angle = 0.5 * np.degrees(
            np.arctan2(2 * jxy[sel].sum(), (jxx[sel] - jyy[sel]).sum())
        )
        (cx, cy), (w, h), _ = cv2.minAreaRect(contour)
        jx, jy, jxy_ = jxx[sel].sum(), jyy[sel].sum(), jxy[sel].sum()
        coh = float(np.sqrt((jx - jy) ** 2 + 4 * jxy_**2) / (jx + jy + 1e-3))
        regions.append(
            Region(
                cx / scale, cy / scale, max(w, h) / scale, min(w, h) / scale, angle, coh
            )
        )
    return regions


def around(gray: np.ndarray, region: Region) -> tuple[np.ndarray, int, int]:
    """The upright box around a region, with a margin; and its top-left corner."""
    box = cv2.boxPoints(
        (
            (region.cx, region.cy),
            (region.length * 1.3, region.width * 1.3),
            -region.angle,
        )
    )
    h, w = gray.shape
    x0, y0 = (max(0, int(v)) for v in box.min(axis=0))
    x1, y1 = int(min(w, box[:, 0].max())), int(min(h, box[:, 1].max()))
    if x1 - x0 < 8 or y1 - y0 < 8:
        return gray, 0, 0
    return gray[y0:y1, x0:x1], x0, y0


def upright(gray: np.ndarray, region: Region) -> np.ndarray:
    """Cut the region out with its bars standing upright (whichever turn does it)."""
    crops = [rectify(gray, region, sign) for sign in (1, -1)]
    return max(crops, key=_bars_upright)


def _bars_upright(crop: np.ndarray) -> float:
    gx = np.abs(cv2.Sobel(crop, cv2.CV_32F, 1, 0, ksize=3)).sum()
    gy = np.abs(cv2.Sobel(crop, cv2.CV_32F, 0, 1, ksize=3)).sum()
    return float(gx / (gy + 1.0))


def rectify(gray: np.ndarray, region: Region, sign: int) -> np.ndarray:
    """Cut the region out, turned by +/- its angle, with a paper-white margin."""
    angle = sign * region.angle
    rot = cv2.getRotationMatrix2D((region.cx, region.cy), angle, 1.0)
    length, height = int(region.length * 1.6) + 20, int(max(region.width * 0.8, 12))
    rot[0, 2] += length / 2 - region.cx
    rot[1, 2] += height / 2 - region.cy
    paper = int(np.percentile(gray, 95))
    return cv2.warpAffine(
        gray,
        rot,
        (length, height),
        flags=cv2.INTER_CUBIC,
        borderMode=cv2.BORDER_CONSTANT,
        borderValue=paper,
    )


# Rows (fractions of the crop's height) averaged into one scan line: wide
# bands first (less noise), then thirds and sixths (past a patch of glare).
_BANDS = (
    (0.3, 0.7),
    (0.1, 0.4),
    (0.6, 0.9),
    (0.0, 1 / 3),
    (1 / 3, 2 / 3),
    (2 / 3, 1.0),
    *((i / 6, (i + 1) / 6) for i in range(6)),
)
_NARROW = 9  # the bands after the first three


def profile_images(
    crop: np.ndarray, upsample: int = 3
) -> Iterator[tuple[int, int, Callable[[], np.ndarray]]]:
    """Average the bars' rows into clean scan lines, then sharpen them.

    Averaging many rows removes sensor noise; levelling between the local
    envelopes undoes glare; sharpening and a Richardson-Lucy deconvolution
    undo some of the defocus that merges narrow bars. Each variant is a short
    image a 1-D decoder reads directly; it comes as (band of rows, variant,
    a call that makes it), made only when asked for. Different bands are
    independent readings.
    """
    height = crop.shape[0]
    lines = []
    for top, bottom in _BANDS:
        rows = crop[
            int(height * top) : max(int(height * bottom), int(height * top) + 1)
        ]
        profile = rows.astype(np.float32).mean(axis=0)
        lines.append(
            cv2.resize(
                profile[None, :],
                (len(profile) * upsample, 1),
                interpolation=cv2.INTER_CUBIC,
            )[0]
        )
    # The wide bands with every variant, then the cheap variants of the narrow
    # ones, then their (slower) deconvolutions. Variants in order of what they
    # read on real photographs.
    wide = len(_BANDS) - _NARROW
    for band, q in enumerate(lines):
        yield band, 0, partial(_levelled, q, 17 * upsample, upsample, 3.0)
        yield band, 1, partial(_sharpened, q, upsample, 1.0)
        yield band, 2, partial(_sharpened, q, upsample, 3.0)
        yield band, 3, partial(_strip, q)
        yield band, 4, partial(_levelled, q, 17 * upsample, upsample, 0.0)
        if band < wide:
            yield from _deconvolutions(band, q, upsample)
    for band, q in enumerate(lines[wide:], start=wide):
        yield from _deconvolutions(band, q, upsample)


def _deconvolutions(
    band: int, line: np.ndarray, upsample: int
) -> Iterator[tuple[int, int, Callable[[], np.ndarray]]]:
    for variant, sigma in ((5, 1.5), (6, 2.0)):
        yield band, variant, partial(_deconvolved, line, sigma * upsample)


def _sharpened(line: np.ndarray, sigma: float, amount: float) -> np.ndarray:
    blurred = cv2.GaussianBlur(line[None, :], (0, 0), sigmaX=sigma)[0]
    return _strip(line + amount * (line - blurred))


def _levelled(line: np.ndarray, window: int, sigma: float, amount: float) -> np.ndarray:
    flat = level(line, window)
    if amount:
        soft = cv2.GaussianBlur(flat[None, :], (0, 0), sigmaX=sigma)[0]
        flat = flat + amount * (flat - soft)
    return _strip(flat)


def _deconvolved(line: np.ndarray, sigma: float) -> np.ndarray:
    return _strip(deconvolve(line, sigma))


def level(line: np.ndarray, window: int) -> np.ndarray:
    """Stretch a scan line between its local dark and light envelopes.

    Glare or a shadow across part of a code lifts or sinks its bars there; the
    envelopes (running min and max over a few modules) follow that, so the
    line divided out between them has even bars from end to end.
    """
    return level_rows(line[None, :], window)[0]


def level_rows(image: np.ndarray, window: int) -> np.ndarray:
    """:func:`level` applied to every row of an image (float32 out)."""
    rows = image.astype(np.float32)
    kernel = np.ones((1, window), np.uint8)
    light = cv2.blur(cv2.dilate(rows, kernel), (window, 1))
    dark = cv2.blur(cv2.erode(rows, kernel), (window, 1))
    return (rows - dark) / (light - dark + 1e-3)


def _strip(line: np.ndarray) -> np.ndarray:
    return np.repeat(_to_uint8(line)[None, :], 8, axis=0)


def deconvolve(line: np.ndarray, sigma: float, iterations: int = 25) -> np.ndarray:
    """Richardson-Lucy deconvolution of a scan line blurred by a Gaussian.

    OpenCV's Gaussian filter does the two convolutions of each iteration: a
    scan line then costs well under a millisecond, not several.
    """
    lo, hi = _levels(line, 1, 99)
    observed = (np.clip((line - lo) / (hi - lo + 1e-6), 0, 1) * 0.9 + 0.05).astype(
        np.float32
    )[None, :]
    estimate = observed.copy()
    for _ in range(iterations):
        blurred = cv2.GaussianBlur(
            estimate, (0, 0), sigma, borderType=cv2.BORDER_CONSTANT
        )
        estimate *= cv2.GaussianBlur(
            observed / (blurred + 1e-6), (0, 0), sigma, borderType=cv2.BORDER_CONSTANT
        )
    return estimate[0]


def _levels(line: np.ndarray, low: float, high: float) -> tuple[float, float]:
    """Two percentiles of a scan line in one partial sort (np.percentile is slow)."""
    last = len(line) - 1
    at = [round(last * low / 100), round(last * high / 100)]
    parted = np.partition(line, at)
    return float(parted[at[0]]), float(parted[at[1]])


def _to_uint8(line: np.ndarray) -> np.ndarray:
    lo, hi = _levels(line, 2, 98)
    return np.clip((line - lo) / (hi - lo + 1e-6) * 255, 0, 255).astype(np.uint8)


def map_points(
    points: list[tuple[float, float]], affine: Affine
) -> tuple[tuple[int, int], ...]:
    """Map points of a prepared image back into frame pixels."""
    if not points:
        return ()
    src = np.array(points, dtype=np.float64)
    out = src @ affine[:, :2].T + affine[:, 2]
    return tuple((round(x), round(y)) for x, y in out)
