"""Barcode decoding: zxing-cpp first, then preparations and pyzbar, never a guess.

The first pass is zxing-cpp on the frame as it is: most codes are read there,
at the speed of the raw library. Only when it finds nothing does the decoder
try, in order of what they recovered per millisecond on real photographs,
local contrast equalisation, pyzbar as a second opinion, a horizontal stretch,
sharpening, a QR code's bent label flattened, an enlargement, OpenCV's curved
QR reader, and a rectified and deconvolved scan line of each bar-like region,
until one of them reads a trustworthy code or the time budget is spent.

A read is trusted when it checks itself (EAN/UPC check digit verified here
again; Code 128 and QR carry their own checks) and is not a thin sliver (a
1-D read supported by one or two scan lines, or a weak pyzbar read): those need
a second, independent pass reading the same text.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace

import cv2
import numpy as np
import zxingcpp
from stdnum import ean

from kiosk.scan import enhance, qr_outline
from kiosk.scan.enhance import IDENTITY, Affine
from kiosk.scan.events import Decoded

log = logging.getLogger(__name__)

LINEAR = ("EAN13", "UPCA", "EAN8", "UPCE", "Code128", "Code39", "ITF", "Codabar")
_ZXING_NAMES = {
    "EAN13": "EAN13",
    "UPCA": "UPCA",
    "EAN8": "EAN8",
    "UPCE": "UPCE",
    "Code128": "Code128",
    "Code39": "Code39",
    "ITF": "ITF",
    "Codabar": "Codabar",
    "QR": "QRCode",
}
_FROM_ZXING = {v: k for k, v in _ZXING_NAMES.items()}
_PYZBAR_NAMES = {
    "EAN13": "EAN13",
    "UPCA": "UPCA",
    "EAN8": "EAN8",
    "UPCE": "UPCE",
    "Code128": "CODE128",
    "Code39": "CODE39",
    "ITF": "I25",
    "Codabar": "CODABAR",
    "QR": "QRCODE",
}
_FROM_PYZBAR = {v: k for k, v in _PYZBAR_NAMES.items()}
# A 1-D read this few pixels tall came from one or two scan lines.
_MIN_THICKNESS = 3.0
_MIN_PYZBAR_QUALITY = 8
_GENERAL = {"zxing", "equalized", "pyzbar"}
_BARS_ONLY = {"stretched", "sharpened", "scanline"}
# Structure-tensor coherence of a patch of bars; QR codes and text score lower.
_BARLIKE = 0.6


@dataclass(frozen=True)
class _Read:
    decoded: Decoded
    strong: bool


Stage = Callable[[np.ndarray], list[_Read]]


class BarcodeDecoder:
    """Finds trustworthy barcodes in one image (never raises on bad input)."""

    def __init__(
        self,
        symbologies: Iterable[str],
        *,
        use_pyzbar: bool = True,
        budget_ms: float = 25.0,
    ) -> None:
        self.symbologies = tuple(symbologies)
        self.budget_ms = budget_ms
        self._formats = tuple(
            getattr(zxingcpp.BarcodeFormat, _ZXING_NAMES[s]) for s in self.symbologies
        )
        self._linear = any(s in LINEAR for s in self.symbologies)
        self._pyzbar = _load_pyzbar(self.symbologies) if use_pyzbar else None
        self.stages = self._plan()
        self._deadline = 0.0
        self._qr_detector = cv2.QRCodeDetector()
        self._regions: list[enhance.Region] | None = None

    def _plan(self) -> list[tuple[str, Stage]]:
        stages: list[tuple[str, Stage]] = [
            ("zxing", lambda g: self._zxing(g)),
            (
                "equalized",
                lambda g: self._zxing(
                    enhance.equalize(g, 4.0),
                    binarizer=zxingcpp.Binarizer.GlobalHistogram,
                ),
            ),
        ]
        if self._pyzbar is not None:
            stages.append(("pyzbar", self._pyzbar))
        if self._linear:
            stages += [
                (
                    "stretched",
                    lambda g: self._zxing(*enhance.stretch_x(enhance.equalize(g, 2.0))),
                ),
                (
                    "sharpened",
                    lambda g: self._zxing(enhance.sharpen(enhance.equalize(g, 6.0))),
                ),
            ]
        if "QR" in self.symbologies:
            stages.append(("flattened-qr", self._flattened_qr))
        stages.append(("enlarged", lambda g: self._zxing(*enhance.upscale(g))))
        if "QR" in self.symbologies:
            stages.append(("curved-qr", self._curved_qr))
        if self._linear:
            # The slowest pass, and cloth or print can look bar-like: last, so
            # it cannot spend the budget before the cheaper passes have run.
            stages.append(("scanline", self._scanlines))
        return stages

    def decode(self, image: object, budget_ms: float | None = None) -> list[Decoded]:
        """Return the trusted barcodes in ``image``, in a stable order."""
        gray = enhance.to_gray(image)
        if gray is None:
            return []
        budget = (self.budget_ms if budget_ms is None else budget_ms) / 1000
        self._deadline = time.perf_counter() + budget
        seen: dict[str, int] = {}
        self._regions = None
        for index, (name, stage) in enumerate(self._order(gray)):
            if index and time.perf_counter() > self._deadline:
                break
            reads = self._run((name, stage), gray)
            trusted = []
            for read in reads:
                key = read.decoded.text
                if read.strong or (key in seen and seen[key] != index):
                    trusted.append(read.decoded)
                seen.setdefault(key, index)
            if trusted:
                return _ordered(trusted)
        return []

    def _order(self, gray: np.ndarray) -> Iterator[tuple[str, Stage]]:
        """The stages for this image: bar-only passes only where bars are seen.

        The cheap general passes come first. Then, if the image has a patch of
        parallel edges, the 1-D passes; if it has none, they are skipped and the
        2-D passes come sooner.
        """
        rest = []
        for name, stage in self.stages:
            if name in _GENERAL:
                yield name, stage
            else:
                rest.append((name, stage))
        regions = self._bar_regions(gray)
        barlike = any(r.coherence >= _BARLIKE for r in regions)
        for name, stage in rest:
            if name not in _BARS_ONLY or barlike:
                yield name, stage

    def _bar_regions(self, gray: np.ndarray) -> list[enhance.Region]:
        if self._regions is None:
            self._regions = enhance.linear_regions(gray)
        return self._regions

    def decode_live(self, image: object, turn: int) -> list[Decoded]:
        """Decode one camera frame cheaply; weak reads come back unchecked.

        The first pass runs on every frame. A frame where it finds nothing gets
        one of the other passes (``turn`` picks which), on the bar-like region
        only: a code held up to the camera stays for many frames, so the passes
        take turns instead of all running on each frame.
        """
        gray = enhance.to_gray(image)
        if gray is None:
            return []
        self._deadline = time.perf_counter() + self.budget_ms / 1000
        self._regions = None
        reads = self._run(self.stages[0], gray)
        if reads or len(self.stages) == 1:
            return _ordered([r.decoded for r in reads])
        regions = enhance.linear_regions(gray, limit=1)
        if not regions:
            return []
        crop, x0, y0 = enhance.around(gray, regions[0])
        stage = self.stages[1 + turn % (len(self.stages) - 1)]
        shifted = [
            replace(
                r.decoded, polygon=tuple((x + x0, y + y0) for x, y in r.decoded.polygon)
            )
            for r in self._run(stage, crop)
        ]
        return _ordered(shifted)

    def _run(self, stage: tuple[str, Stage], gray: np.ndarray) -> list[_Read]:
        name, fn = stage
        try:
            return fn(gray)
        except (cv2.error, ValueError, RuntimeError) as e:
            log.debug("decode stage %s failed: %s", name, e)
            return []

    # -- engines ----------------------------------------------------------------

    def _zxing(
        self,
        image: np.ndarray,
        back: Affine = IDENTITY,
        binarizer: zxingcpp.Binarizer = zxingcpp.Binarizer.LocalAverage,
    ) -> list[_Read]:
        reads = []
        for b in zxingcpp.read_barcodes(
            image,
            formats=self._formats,
            binarizer=binarizer,
            ean_add_on_symbol=zxingcpp.EanAddOnSymbol.Read,
        ):
            symbology = _FROM_ZXING.get(b.format.name, b.format.name)
            p = b.position
            corners = [
                (c.x, c.y)
                for c in (p.top_left, p.top_right, p.bottom_right, p.bottom_left)
            ]
            read = _checked(
                symbology, b.text, enhance.map_points(corners, back), "zxing"
            )
            if read is not None:
                thin = symbology in LINEAR and _thickness(corners) < _MIN_THICKNESS
                reads.append(_Read(read, not thin))
        return reads

    def _scanlines(self, gray: np.ndarray) -> list[_Read]:
        linear = tuple(
            f
            for f, s in zip(self._formats, self.symbologies, strict=True)
            if s in LINEAR
        )
        for region in self._bar_regions(gray):
            box = cv2.boxPoints(
                ((region.cx, region.cy), (region.length, region.width), -region.angle)
            )
            polygon = tuple((int(x), int(y)) for x, y in box)
            for line in enhance.profile_images(enhance.upright(gray, region)):
                if time.perf_counter() > self._deadline:
                    return []
                for b in zxingcpp.read_barcodes(
                    line, formats=linear, try_rotate=False, try_downscale=False
                ):
                    symbology = _FROM_ZXING.get(b.format.name, b.format.name)
                    read = _checked(symbology, b.text, polygon, "zxing")
                    if read is not None:
                        # One synthetic scan line: strong only with a check digit.
                        return [_Read(read, True) if read.checked else _weak(read)]
        return []

    def _flattened_qr(self, gray: np.ndarray) -> list[_Read]:
        """Read a QR code on a bent label or cloth after flattening the label.

        The label's outline bends with the code, so it tells how to undo the
        bend (see ``qr_outline``); QR error correction guards the result.
        """
        found = qr_outline.flatten(gray)
        if found is None:
            return []
        flat, corners = found
        polygon = tuple((int(x), int(y)) for x, y in corners)
        # Then enlarged and smoothed, so the weave of the cloth binarises away.
        smooth = cv2.GaussianBlur(enhance.upscale(flat)[0], (0, 0), 2.0)
        for image, binarizer in (
            (flat, zxingcpp.Binarizer.LocalAverage),
            (smooth, zxingcpp.Binarizer.GlobalHistogram),
        ):
            reads = []
            for b in zxingcpp.read_barcodes(
                image, formats=zxingcpp.BarcodeFormat.QRCode, binarizer=binarizer
            ):
                read = _checked("QR", b.text, polygon, "zxing")
                if read is not None:
                    reads.append(_Read(read, True))
            if reads or time.perf_counter() > self._deadline:
                return reads
        return []

    def _curved_qr(self, gray: np.ndarray) -> list[_Read]:
        """Read QR codes on curved surfaces with OpenCV's reader.

        A label on a bottle or a code printed on cloth bends the grid, which
        zxing-cpp's perspective model misses.
        """
        text, points, _ = self._qr_detector.detectAndDecodeCurved(gray)
        if not text or points is None:
            return []
        polygon = tuple((int(x), int(y)) for x, y in points.reshape(-1, 2))
        return [_Read(Decoded("QR", text, None, polygon, "opencv", True), True)]


def _load_pyzbar(symbologies: tuple[str, ...]) -> Stage | None:
    try:
        from pyzbar import pyzbar
    except ImportError:
        log.warning("libzbar is not installed: pyzbar is off, zxing-cpp decodes alone")
        return None
    symbols = [getattr(pyzbar.ZBarSymbol, _PYZBAR_NAMES[s]) for s in symbologies]

    def decode(gray: np.ndarray) -> list[_Read]:
        reads = []
        for found in pyzbar.decode(gray, symbols=symbols):
            symbology = _FROM_PYZBAR.get(found.type, found.type)
            text = found.data.decode("utf-8", "replace")
            polygon = tuple((int(p.x), int(p.y)) for p in found.polygon)
            read = _checked(symbology, text, polygon, "pyzbar")
            if read is not None:
                strong = symbology == "QR" or found.quality >= _MIN_PYZBAR_QUALITY
                reads.append(_Read(read, True) if strong else _weak(read))
        return reads

    return decode


def _checked(
    symbology: str, text: str, polygon: tuple[tuple[int, int], ...], decoder: str
) -> Decoded | None:
    """Validate a raw read; separate an EAN add-on; None if it fails its check."""
    text = text.strip()
    if not text:
        return None
    addon = None
    if symbology in ("EAN13", "UPCA", "EAN8", "UPCE"):
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
    checked = symbology in ("EAN13", "UPCA", "EAN8", "UPCE", "Code128", "QR") or (
        symbology == "ITF" and len(text) == 14 and ean.is_valid(text)
    )
    return Decoded(symbology, text, addon, polygon, decoder, checked)


def _weak(read: Decoded) -> _Read:
    """A read that needs a second pass or frame to agree before it is trusted."""
    return _Read(replace(read, checked=False), False)


def _thickness(corners: list[tuple[float, float]]) -> float:
    (x0, y0), _, _, (x3, y3) = corners
    return float(np.hypot(x3 - x0, y3 - y0))


def _ordered(found: list[Decoded]) -> list[Decoded]:
    """One result per text, left to right then top to bottom (stable for screens)."""
    unique: dict[tuple[str, str], Decoded] = {}
    for d in found:
        unique.setdefault((d.symbology, d.text), d)
    return sorted(unique.values(), key=lambda d: (_left(d), d.text))


def _left(d: Decoded) -> tuple[int, int]:
    if not d.polygon:
        return (0, 0)
    return (min(x for x, _ in d.polygon), min(y for _, y in d.polygon))
