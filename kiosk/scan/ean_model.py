"""EAN-13 and UPC-A read by fitting the code's own model to a scan line.

At about one pixel per module a cheap camera still resolves every bar, but a
decoder that measures bar widths (zxing-cpp, pyzbar) cannot tell a one-module
bar from a two-module one when each edge falls somewhere inside a pixel. This
reader knows the code's layout instead: 95 modules between the two outer guard
bars, a digit every seven. It places that grid on the scan line (the first
and last dark bars give its ends; a small search refines them), renders what
each digit would look like through the camera's blur, pixel by pixel, and
keeps the digit that fits best, given its neighbours.

It answers only for a fit that explains the scan line well, where every digit
beats its runner-up clearly and the check digit agrees; the caller asks two
bands of rows for the same answer (see ``passes.modelled``). Ambiguous lines,
heavy defocus among them, give nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from stdnum import ean

from kiosk.scan import enhance

_L = (
    "0001101",
    "0011001",
    "0010011",
    "0111101",
    "0100011",
    "0110001",
    "0101111",
    "0111011",
    "0110111",
    "0001011",
)
_R = tuple(code.translate(str.maketrans("01", "10")) for code in _L)
_G = tuple(code[::-1] for code in _R)
# The parity (L or G) of the six left digits encodes the leading digit.
_PARITY = (
    "LLLLLL",
    "LLGLGG",
    "LLGGLG",
    "LLGGGL",
    "LGLLGG",
    "LGGLLG",
    "LGGGLL",
    "LGLGLG",
    "LGLGGL",
    "LGGLGL",
)


def _bits(codes: tuple[str, ...]) -> np.ndarray:
    return np.array([[float(c) for c in code] for code in codes])


_LEFT = _bits(_L + _G)  # 20 x 7: a left digit is L (0-9) or G (10-19)
_RIGHT = _bits(_R)
MODULES = 95
"""An EAN-13 or UPC-A from the first guard bar to the last."""
_FIXED = {0: "101", 45: "01010", 92: "101"}  # the guards, by first module

MIN_FIT = 0.6
"""Share of the scan line's variance inside the code the fitted model must explain."""
MIN_MARGIN = 0.2
"""How much worse (relative) every digit's runner-up must fit than the digit."""
TRIED = 3
"""The grids fitted in full, of the best by the cheap score."""
MIN_MODULE_PX = 0.8
"""Narrower modules than this are beyond what a scan line can resolve."""


@dataclass(frozen=True)
class Fit:
    """13 digits, the share of variance the fit explains, its weakest digit's margin."""

    text: str
    explained: float
    margin: float


def _columns(digit: int) -> slice:
    start = 3 + 7 * digit if digit < 6 else 50 + 7 * (digit - 6)
    return slice(start, start + 7)


def _normal_cdf(x: np.ndarray) -> np.ndarray:
    """Abramowitz and Stegun 7.1.26 (error below 2e-7): numpy has no erf."""
    z = np.abs(x) / np.sqrt(2.0)
    t = 1.0 / (1.0 + 0.3275911 * z)
    poly = t * (
        0.254829592
        + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))
    )
    return 0.5 * (1.0 + np.sign(x) * (1.0 - poly * np.exp(-z * z)))


def _weights(n: int, edges: np.ndarray, blur: float) -> np.ndarray:
    """How much of each module each pixel sees (n x 95), through a Gaussian blur."""
    cdf = _normal_cdf((edges[None, :] - np.arange(n)[:, None]) / blur)
    return cdf[:, 1:] - cdf[:, :-1]


def _bars(dark: np.ndarray, prominence: float = 0.2) -> np.ndarray:
    """Sub-pixel centres of the dark bars: local peaks standing out from both sides."""
    if dark.size < 5:
        return np.empty(0)
    mid = dark[1:-1]
    peak = (mid >= dark[:-2]) & (mid > dark[2:])
    index = np.flatnonzero(peak) + 1
    pad = np.pad(dark, 3, mode="edge")
    left = np.min([pad[index + 3 - k] for k in (1, 2, 3)], axis=0)
    right = np.min([pad[index + 3 + k] for k in (1, 2, 3)], axis=0)
    index = index[dark[index] - np.minimum(left, right) > prominence]
    a, b, c = dark[index - 1], dark[index], dark[index + 1]
    den = a - 2 * b + c
    offset = np.where(den != 0, 0.5 * (a - c) / np.where(den != 0, den, 1), 0.0)
    return index + offset


_MIN_BARS = 20  # of an EAN-13's 30: fewer resolved is too blurred to fit


def _runs(bars: np.ndarray) -> list[np.ndarray]:
    """Groups of bars with no quiet zone inside: each one a candidate code.

    Bar centres inside a code lie at most eight modules apart, about three
    times their median spacing; a quiet zone or an add-on's gap is wider.
    """
    if bars.size < _MIN_BARS:
        return []
    gaps = np.diff(bars)
    cuts = np.flatnonzero(gaps > 3.2 * np.median(gaps)) + 1
    return [run for run in np.split(bars, cuts) if run.size >= _MIN_BARS]


def _affine_residual(obs: np.ndarray, pred: np.ndarray) -> np.ndarray:
    """Residual of ``obs`` after the best a + c * pred (c > 0) for each column."""
    pc = pred - pred.mean(axis=0)
    oc = obs - obs.mean()
    gain = (pc * oc[:, None]).sum(axis=0) / ((pc * pc).sum(axis=0) + 1e-9)
    gain = np.maximum(gain, 0)
    return ((oc[:, None] - gain * pc) ** 2).sum(axis=0)


def _fit(dark: np.ndarray, weights: np.ndarray) -> tuple[list[int], float, float]:
    """The best digits for one grid: each digit in turn, given its neighbours.

    Returns the digits (left ones 0-19, L then G), the share of the variance
    inside the code they explain and the weakest digit's relative margin.
    """
    modules = np.zeros(MODULES)
    for first, pattern in _FIXED.items():
        modules[first : first + len(pattern)] = [float(c) for c in pattern]
    centres = np.clip(np.argmax(weights, axis=0), 0, dark.size - 1)
    sampled = dark[centres]
    guess = (sampled > np.median(sampled)).astype(float)
    for digit in range(12):
        cols = _columns(digit)
        modules[cols] = guess[cols]
    choice = [0] * 12
    margins = [0.0] * 12
    for _sweep in range(3):
        for digit in range(12):
            cols = _columns(digit)
            candidates = _LEFT if digit < 6 else _RIGHT
            near = weights[:, max(0, cols.start - 2) : min(MODULES, cols.stop + 2)]
            pixels = np.flatnonzero(near.sum(axis=1) > 0.05)
            if pixels.size < 4:
                return choice, 0.0, 0.0
            others = modules.copy()
            others[cols] = 0
            base = weights[pixels] @ others
            pred = base[:, None] + weights[pixels, cols] @ candidates.T
            residual = _affine_residual(dark[pixels], pred)
            order = np.argsort(residual)
            choice[digit] = int(order[0])
            margins[digit] = (residual[order[1]] - residual[order[0]]) / max(
                residual[order[0]], 1e-6
            )
            modules[cols] = candidates[order[0]]
    inside = weights.sum(axis=1) > 0.5
    obs = dark[inside]
    total = ((obs - obs.mean()) ** 2).sum()
    residual = _affine_residual(obs, (weights[inside] @ modules)[:, None])[0]
    return choice, 1.0 - residual / max(total, 1e-9), min(margins)


def _text(choice: list[int]) -> str | None:
    """The 13 digits the choices spell, if their parity and check digit agree."""
    parity = "".join("G" if c >= 10 else "L" for c in choice[:6])
    if parity not in _PARITY:
        return None
    text = "".join(map(str, [_PARITY.index(parity)] + [c % 10 for c in choice]))
    return text if ean.is_valid(text) else None


_U = np.arange(MODULES + 1) / MODULES
# A code on a curved or tilted surface: module widths that change along it,
# steadily (a tilt) or towards both ends (a cylinder), its ends kept in place.
_WARPS = np.array(
    [
        _U + bend * _U * (1 - _U) + sway * 4 * _U * (1 - _U) * (_U - 0.5)
        for bend in np.linspace(-0.12, 0.12, 7)
        for sway in np.linspace(-0.3, 0.3, 7)
    ]
)


def _linear(first: float, last: float) -> np.ndarray:
    """Evenly spaced grids (module edges, one per row) around the outer bars'."""
    module0 = (last - first) / (MODULES - 1)
    rows = [
        first - (0.5 - shift) * module + module * np.arange(MODULES + 1)
        for module in module0 * (1 + np.linspace(-0.015, 0.015, 5))
        for shift in np.linspace(-0.3, 0.3, 7)
    ]
    return np.array(rows)


def _warped(edges: np.ndarray) -> np.ndarray:
    """The grid bent and swayed every way ``_WARPS`` knows, ends kept."""
    return edges[0] + (edges[-1] - edges[0]) * _WARPS


def _scores(dark: np.ndarray, grids: np.ndarray) -> np.ndarray:
    """A cheap score for each grid: how well its digits match some pattern.

    Each grid's modules are averaged from the scan line (a cumulative sum
    read at the module edges) and each digit's seven averages are matched to
    every pattern by correlation; a grid scores its digits' best matches.
    """
    cum = np.concatenate([[0.0], np.cumsum(dark)])
    sums = np.interp(grids + 0.5, np.arange(cum.size), cum)
    means = np.diff(sums, axis=1) / np.maximum(np.diff(grids, axis=1), 1e-6)
    score = np.zeros(len(grids))
    for digit in range(12):
        seen = _unit(means[:, _columns(digit)])
        score += (seen @ (_LEFT_UNIT if digit < 6 else _RIGHT_UNIT).T).max(axis=1)
    return score


def _unit(rows: np.ndarray) -> np.ndarray:
    """Each row centred and scaled to length 1, for a correlation by dot product."""
    centred = rows - rows.mean(axis=1, keepdims=True)
    return centred / (np.linalg.norm(centred, axis=1, keepdims=True) + 1e-9)


_LEFT_UNIT, _RIGHT_UNIT = _unit(_LEFT), _unit(_RIGHT)


def read_line(profile: np.ndarray) -> Fit | None:
    """The EAN-13 (or UPC-A, with its leading 0) a scan line shows, or None.

    ``profile`` is the mean of a band of rows across upright bars, at the
    camera's resolution; the code may run either way. Evenly spaced grids
    between the outer bars are scored cheaply; the best are bent and swayed
    (see ``_WARPS``) and scored again, and the best of all fitted in full.
    """
    profile = np.asarray(profile, dtype=np.float64)
    if profile.ndim != 1 or profile.size < MODULES:
        return None
    found: list[tuple[float, np.ndarray, np.ndarray]] = []
    for line in (profile, profile[::-1]):
        # Levelled between its local envelopes (glare undone), dark bars high.
        dark = 1.0 - enhance.level(line, 25).astype(np.float64)
        ends = [
            (first, last)
            for run in _runs(_bars(dark))
            for first in run[:3]
            for last in run[-3:]
            if (last - first) / (MODULES - 1) >= MIN_MODULE_PX
        ]
        if not ends:
            continue
        # Every pair of ends' grids scored at once, then the best two of each
        # pair bent every way, scored at once again.
        linear = np.concatenate([_linear(first, last) for first, last in ends])
        score = _scores(dark, linear).reshape(len(ends), -1)
        per_pair = linear.reshape(len(ends), -1, MODULES + 1)
        tops = np.argsort(-score, axis=1)[:, :2]
        bent = np.concatenate(
            [
                _warped(per_pair[pair, top])
                for pair in range(len(ends))
                for top in tops[pair]
            ]
        )
        bent_score = _scores(dark, bent)
        for index in np.argsort(-bent_score)[: TRIED * 4]:
            found.append((float(bent_score[index]), bent[index], dark))
    found.sort(key=lambda item: -item[0])
    best: Fit | None = None
    tried: list[np.ndarray] = []
    for _, edges, dark in found:
        module = (edges[-1] - edges[0]) / MODULES
        if len(tried) == TRIED:
            break
        if any(np.abs(edges - other).max() < 0.05 * module for other in tried):
            continue  # the same grid from another pair of ends
        tried.append(edges)
        # Only the code and a few modules either side take part in the fit.
        lo = max(0, int(edges[0] - 4 * module))
        hi = min(dark.size, int(edges[-1] + 4 * module) + 1)
        for blur in (0.5, 0.8):
            choice, explained, margin = _fit(
                dark[lo:hi], _weights(hi - lo, edges - lo, blur * module)
            )
            text = _text(choice)
            if text is None:
                continue
            if best is None or explained > best.explained:
                best = Fit(text, explained, margin)
    if best is None or best.explained < MIN_FIT or best.margin < MIN_MARGIN:
        return None
    return best
