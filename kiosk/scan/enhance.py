"""Image preparations that help a decoder read what a cheap webcam saw.

Each one answers a failure seen in real photographs: uneven light and glare
(local contrast equalisation), bars narrower than two pixels (horizontal
stretch), soft focus (sharpening, and for 1-D codes a row-averaged profile that
is deconvolved), and codes cut off at the image edge (a quiet-zone margin).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
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


def linear_regions(
    gray: np.ndarray, limit: int = 2, follow: bool = False
) -> list[Region]:
    """Find patches of strong, parallel edges: what a 1-D barcode looks like.

    The structure tensor's coherence is high where edges all point one way
    (bars) and low for text and texture; its orientation gives the angle.
    The edge energy varies with the bars' density, so a code's sparse parts
    can fall out of its patch; with ``follow`` each patch of bars is followed
    along its length for as long as the edges keep its direction (see
    ``_along``), at the risk of taking in an add-on or a neighbouring code.
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
    theta = 0.5 * np.degrees(np.arctan2(2 * jxy, jxx - jyy))
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
        length, width = max(w, h), min(w, h)
        if follow and coh >= 0.6:
            cx, cy, length = _along(coherence, theta, (cx, cy), (length, width), angle)
        regions.append(
            Region(cx / scale, cy / scale, length / scale, width / scale, angle, coh)
        )
    return regions


def _along(
    coherence: np.ndarray,
    theta: np.ndarray,
    centre: tuple[float, float],
    size: tuple[float, float],
    angle: float,
) -> tuple[float, float, float]:
    """A bar patch's centre and length, followed along the normal of its bars.

    A step along the patch's axis counts as bars where most of a short
    cross-section is coherent and points within 12 degrees of the patch; a
    gap of more than four steps (a quiet zone) ends the code.
    """
    h, w = coherence.shape
    length, width = size
    a = np.radians(angle)
    u = np.array([np.cos(a), np.sin(a)])
    reach = int(max(h, w))
    t = np.arange(-reach, reach + 1, dtype=np.float64)[:, None]
    across = np.linspace(-1, 1, 7)[None, :] * max(2.0, 0.35 * width)
    xs = np.rint(centre[0] + t * u[0] - across * u[1]).astype(int)
    ys = np.rint(centre[1] + t * u[1] + across * u[0]).astype(int)
    inside = (xs >= 0) & (xs < w) & (ys >= 0) & (ys < h)
    xs, ys = np.clip(xs, 0, w - 1), np.clip(ys, 0, h - 1)
    turn = np.abs((theta[ys, xs] - angle + 90) % 180 - 90)
    bars = ((coherence[ys, xs] > 0.6) & (turn < 12) & inside).sum(axis=1) >= 4
    ends = []
    for step in (1, -1):
        last = 0
        for k in range(1, reach + 1):
            if bars[reach + step * k]:
                last = k
            elif k - last > 4:
                break
        ends.append(step * last)
    far, near = ends
    if far - near <= length:
        return centre[0], centre[1], length
    mid = (far + near) / 2
    return (
        float(centre[0] + mid * u[0]),
        float(centre[1] + mid * u[1]),
        float(far - near),
    )


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
    paper = paper_white(gray)
    crops = [rectify(gray, region, sign, paper) for sign in (1, -1)]
    return max(crops, key=_bars_upright)


def sharpest(gray: np.ndarray, region: Region) -> np.ndarray:
    """The region cut out upright at the angle that makes its bars sharpest.

    At a pixel per module, a degree's tilt smears the rows' mean by a module
    across the band, and the patch's angle (found at a coarse scale) and its
    sign can be that far out. Both signs are searched, by whole degrees and
    then by quarters, for the steepest mean profile of the middle rows.
    """
    paper = paper_white(gray)
    cuts: dict[float, np.ndarray] = {}

    def cut(angle: float) -> np.ndarray:
        if angle not in cuts:  # the fine search revisits the coarse best
            cuts[angle] = rectify(gray, replace(region, angle=angle), 1, paper)
        return cuts[angle]

    def steepness(angle: float) -> float:
        crop = cut(angle).astype(np.float32)
        height = crop.shape[0]
        mean = crop[int(height * 0.2) : int(height * 0.8)].mean(axis=0)
        return float((np.diff(mean) ** 2).sum())

    coarse = [sign * region.angle + step for sign in (1, -1) for step in range(-4, 5)]
    best = max(coarse, key=steepness)
    best = max((best + step / 4 for step in range(-3, 4)), key=steepness)
    return cut(best)


def paper_white(gray: np.ndarray) -> int:
    """The light level of blank paper: a high percentile of a sample of pixels."""
    step = max(1, int(np.sqrt(gray.size / 20_000)))
    sample = gray[::step, ::step].ravel()
    at = int(0.95 * (sample.size - 1))
    return int(np.partition(sample, at)[at])


def _bars_upright(crop: np.ndarray) -> float:
    gx = np.abs(cv2.Sobel(crop, cv2.CV_32F, 1, 0, ksize=3)).sum()
    gy = np.abs(cv2.Sobel(crop, cv2.CV_32F, 0, 1, ksize=3)).sum()
    return float(gx / (gy + 1.0))


def rectify(gray: np.ndarray, region: Region, sign: int, paper: int) -> np.ndarray:
    """Cut the region out, turned by +/- its angle, with a paper-white margin."""
    angle = sign * region.angle
    rot = cv2.getRotationMatrix2D((region.cx, region.cy), angle, 1.0)
    length, height = int(region.length * 1.6) + 20, int(max(region.width * 0.8, 12))
    rot[0, 2] += length / 2 - region.cx
    rot[1, 2] += height / 2 - region.cy
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


def profile_images(
    crop: np.ndarray, upsample: int = 3
) -> Iterator[tuple[int, Callable[[], np.ndarray]]]:
    """Average the bars' rows into clean scan lines, then sharpen them.

    Averaging many rows removes sensor noise; levelling between the local
    envelopes undoes glare; sharpening and a Richardson-Lucy deconvolution
    undo some of the defocus that merges narrow bars. Each variant is a short
    image a 1-D decoder reads directly; it comes as (band of rows, a call
    that makes it), made only when asked for.
    """
    height = crop.shape[0]
    profiles = []
    for top, bottom in _BANDS:
        rows = crop[
            int(height * top) : max(int(height * bottom), int(height * top) + 1)
        ]
        profiles.append(rows.astype(np.float32).mean(axis=0))
    native = np.stack(profiles)

    def upsampled(rows: np.ndarray) -> np.ndarray:
        size = (rows.shape[1] * upsample, rows.shape[0])
        return cv2.resize(rows, size, interpolation=cv2.INTER_CUBIC)

    lines = upsampled(native)
    # Variant by variant across all bands, in order of what read codes the
    # whole-image passes missed on real photographs: levelled and sharpened,
    # then the deconvolutions (at the camera's own resolution, nine times
    # cheaper than upsampled; fully and, softer, stopped early), then the
    # plain sharpenings. A variant is made for every band at once (one
    # OpenCV call filters them all), when first asked for.
    window = 17 * upsample
    for make in (
        partial(_levelled, window=window, sigma=upsample, amount=3.0),
        lambda _: upsampled(deconvolve(native, 1.5)),
        lambda _: upsampled(deconvolve(native, 1.5, iterations=10)),
        partial(_sharpened, sigma=upsample, amount=1.0),
        partial(_sharpened, sigma=upsample, amount=3.0),
        np.asarray,
        partial(_levelled, window=window, sigma=upsample, amount=0.0),
    ):
        made = _Made(make, lines)
        for band in range(len(lines)):
            yield band, partial(made.strip, band)


class _Made:
    """One variant of every band's scan line, made on first use.

    A scan line is a one-row image: zxing-cpp reads it as well as a taller
    strip of copies of it, and three times faster.
    """

    def __init__(self, make: Callable[[np.ndarray], np.ndarray], lines: np.ndarray):
        self._make = make
        self._lines = lines
        self._rows: np.ndarray | None = None

    def strip(self, band: int) -> np.ndarray:
        if self._rows is None:
            self._rows = _to_uint8(self._make(self._lines))
        return self._rows[band : band + 1]


def _blur_rows(rows: np.ndarray, sigma: float, border: int) -> np.ndarray:
    """A Gaussian blur along each row only (kernel size as OpenCV picks it)."""
    size = round(sigma * 8 + 1) | 1
    return cv2.GaussianBlur(rows, (size, 1), sigma, borderType=border)


def _sharpened(rows: np.ndarray, sigma: float, amount: float) -> np.ndarray:
    return rows + amount * (rows - _blur_rows(rows, sigma, cv2.BORDER_REFLECT_101))


def _levelled(rows: np.ndarray, window: int, sigma: float, amount: float) -> np.ndarray:
    flat = level_rows(rows, window)
    return _sharpened(flat, sigma, amount) if amount else flat


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


def deconvolve(rows: np.ndarray, sigma: float, iterations: int = 25) -> np.ndarray:
    """Richardson-Lucy deconvolution of scan lines blurred by a Gaussian.

    OpenCV's Gaussian filter does the two convolutions of each iteration, for
    all the rows at once: a set of scan lines costs about a millisecond.
    """
    rows = np.atleast_2d(rows).astype(np.float32)
    lo, hi = _levels(rows, 1, 99)
    observed = np.clip((rows - lo) / (hi - lo + 1e-6), 0, 1) * 0.9 + 0.05
    estimate = observed.copy()
    for _ in range(iterations):
        blurred = _blur_rows(estimate, sigma, cv2.BORDER_CONSTANT)
        estimate *= _blur_rows(observed / (blurred + 1e-6), sigma, cv2.BORDER_CONSTANT)
    return estimate


def _levels(rows: np.ndarray, low: float, high: float) -> tuple[np.ndarray, np.ndarray]:
    """Two percentiles of each row in one partial sort (np.percentile is slow)."""
    last = rows.shape[-1] - 1
    at = [round(last * low / 100), round(last * high / 100)]
    parted = np.partition(rows, at, axis=-1)
    return parted[..., at[0] : at[0] + 1], parted[..., at[1] : at[1] + 1]


def _to_uint8(rows: np.ndarray) -> np.ndarray:
    """Each row stretched from its 2nd to its 98th percentile onto 0-255."""
    lo, hi = _levels(rows, 2, 98)
    return np.clip((rows - lo) / (hi - lo + 1e-6) * 255, 0, 255).astype(np.uint8)


def map_points(
    points: list[tuple[float, float]], affine: Affine
) -> tuple[tuple[int, int], ...]:
    """Map points of a prepared image back into frame pixels."""
    if not points:
        return ()
    src = np.array(points, dtype=np.float64)
    out = src @ affine[:, :2].T + affine[:, 2]
    return tuple((round(x), round(y)) for x, y in out)
