"""Flatten a code printed on a bent label or cloth, using the label's outline.

A QR code on a T-shirt or a wrinkled sticker bends with its carrier, and
zxing-cpp's single perspective transform then misses the modules near the
middle. The light label the code sits on is usually the largest bright shape
in the frame and its four edges bend like the code does, so a Coons patch
spanned by those four edge curves maps the label (and the code) back onto a
flat square that the decoder reads as usual.
"""

from __future__ import annotations

import cv2
import numpy as np

# The label must cover this share of the frame to be worth flattening; a bright
# shape filling nearly all of it is the background, not a label.
_MIN_AREA, _MAX_AREA = 0.05, 0.9
# Coons patch evaluated on this coarse grid, then interpolated (it is smooth).
_COARSE = 33


def flatten(
    gray: np.ndarray, size: int = 240, margin: int = 20
) -> tuple[np.ndarray, np.ndarray] | None:
    """The largest bright four-sided shape flattened to a square, and its corners."""
    _, bright = cv2.threshold(
        cv2.GaussianBlur(gray, (5, 5), 0), 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU
    )
    contours, _ = cv2.findContours(bright, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    if not contours:
        return None
    outline = max(contours, key=cv2.contourArea)
    if not _MIN_AREA * gray.size <= cv2.contourArea(outline) <= _MAX_AREA * gray.size:
        return None
    corners = _corners(outline)
    if corners is None:
        return None
    top, right, bottom, left = _sides(outline.reshape(-1, 2), corners)
    mx, my = _coons(top, right, bottom[::-1], left[::-1])
    mx = cv2.resize(mx, (size, size), interpolation=cv2.INTER_LINEAR)
    my = cv2.resize(my, (size, size), interpolation=cv2.INTER_LINEAR)
    flat = cv2.remap(gray, mx, my, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    # A light margin stands in for the quiet zone the label's edge cut short.
    flat = cv2.copyMakeBorder(
        flat, margin, margin, margin, margin, cv2.BORDER_CONSTANT, value=255
    )
    return flat, corners


def _corners(outline: np.ndarray) -> np.ndarray | None:
    """Four corners of the outline's hull (rounded corners need a coarser fit)."""
    hull = cv2.convexHull(outline)
    perimeter = cv2.arcLength(hull, True)
    for eps in (0.02, 0.04, 0.06, 0.08, 0.1):
        approx = cv2.approxPolyDP(hull, eps * perimeter, True)
        if len(approx) == 4:
            return approx.reshape(4, 2)
    return None


def _sides(points: np.ndarray, corners: np.ndarray) -> list[np.ndarray]:
    """Split the closed outline at its corners into four edge curves, resampled."""
    pts = points.astype(np.float32)
    if cv2.contourArea(pts, oriented=True) < 0:  # counter-clockwise on screen
        pts = pts[::-1].copy()
    index = sorted(int(np.argmin(((pts - c) ** 2).sum(axis=1))) for c in corners)
    sides = []
    for a, b in zip(index, index[1:] + index[:1], strict=True):
        sides.append(pts[a : b + 1] if b > a else np.vstack([pts[a:], pts[: b + 1]]))
    # The outline runs clockwise on screen from the corner nearest the origin.
    start = int(np.argmin([s[0, 0] + s[0, 1] for s in sides]))
    sides = sides[start:] + sides[:start]
    return [_resample(s, _COARSE) for s in sides]


def _resample(curve: np.ndarray, count: int) -> np.ndarray:
    steps = np.hypot(*np.diff(curve, axis=0).T)
    along = np.concatenate([[0.0], np.cumsum(steps)])
    at = np.linspace(0.0, along[-1], count)
    return np.stack(
        [np.interp(at, along, curve[:, 0]), np.interp(at, along, curve[:, 1])], axis=1
    )


def _coons(
    top: np.ndarray, right: np.ndarray, bottom: np.ndarray, left: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Bilinearly blended patch: where each point of the flat square came from.

    ``top`` and ``bottom`` run left to right, ``left`` and ``right`` top to bottom.
    """
    n = len(top)
    u = np.linspace(0.0, 1.0, n)[None, :, None]
    v = np.linspace(0.0, 1.0, n)[:, None, None]
    p00, p10, p11, p01 = top[0], top[-1], bottom[-1], bottom[0]
    grid = (
        (1 - v) * top[None]
        + v * bottom[None]
        + (1 - u) * left[:, None]
        + u * right[:, None]
        - (
            (1 - u) * (1 - v) * p00
            + u * (1 - v) * p10
            + u * v * p11
            + (1 - u) * v * p01
        )
    ).astype(np.float32)
    return grid[..., 0].copy(), grid[..., 1].copy()
