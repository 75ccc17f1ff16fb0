"""Barcode decoding: zxing-cpp first, then preparations and pyzbar, never a guess.

The first pass is zxing-cpp on the frame as it is: most codes are read there,
at the speed of the raw library. Only when it finds nothing does the decoder
try local contrast equalisation and then, where the frame has a patch of
bars, levelled, sharpened and deconvolved scan lines of each bar-like region
(see ``passes``), a horizontal stretch, sharpening and an enlargement; then
pyzbar as a second opinion and the QR-only passes (a bent label flattened,
OpenCV's curved reader). It stops at the first trustworthy code or when the
work budget is spent (see ``budget``: counted in pixels, so a busy
machine gets the same answer as a quiet one).

A read is trusted when it checks itself (see ``reads.checked``) and is not a
thin sliver (a 1-D read supported by one or two scan lines, or a weak pyzbar
read): those need a second, independent pass reading the same text. An
EAN/UPC read from a fallback pass, or read obliquely across the bars, must
also pass a second look (see ``confirm``) or be read by a second pass or a
second band of scan lines.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace

import cv2
import numpy as np
import zxingcpp

from kiosk.scan import confirm, engines, enhance, passes
from kiosk.scan.budget import COST, Budget
from kiosk.scan.enhance import IDENTITY, Affine
from kiosk.scan.events import Decoded
from kiosk.scan.reads import EAN_UPC, LINEAR, Read, ordered

log = logging.getLogger(__name__)

_FIRST = {"zxing", "equalized"}
# Where bars are seen, the scan lines across them come next: they read most
# of what the whole-frame preparations read, and more, for less time on a
# large frame. Pyzbar (slow on a large frame, and on 1-D codes never ahead
# of zxing-cpp's preparations) and then the QR-only passes go last.
_LATE = {"scanline": -1, "pyzbar": 1, "flattened-qr": 2, "curved-qr": 2, "modelled": 3}
_BARS_ONLY = {"stretched", "sharpened", "scanline", "modelled"}
_QR_ONLY = {"flattened-qr", "curved-qr"}
# Passes whose 1-D polygons run along zxing-cpp's scan lines.
_ZXING_LINES = {"zxing", "equalized", "stretched", "sharpened", "enlarged"}
# Structure-tensor coherence of a patch of bars; QR codes and text score lower.
_BARLIKE = 0.6

Stage = Callable[[np.ndarray], list[Read]]


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
        self._formats = engines.zxing_formats(self.symbologies)
        self._linear_formats = engines.zxing_formats(
            s for s in self.symbologies if s in LINEAR
        )
        self._pyzbar = engines.load_pyzbar(self.symbologies) if use_pyzbar else None
        eans = tuple(s for s in self.symbologies if s in EAN_UPC)
        self._pyzbar_ean = engines.load_pyzbar(eans) if use_pyzbar and eans else None
        self.stages = self._plan()
        self._budget = Budget(0.0)
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
        if self._linear_formats:
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
            stages.append(
                ("flattened-qr", lambda g: passes.flattened_qr(g, self._budget))
            )
        stages.append(("enlarged", lambda g: self._zxing(*enhance.upscale(g))))
        if "QR" in self.symbologies:
            stages.append(
                ("curved-qr", lambda g: passes.curved_qr(self._qr_detector, g))
            )
        if self._linear_formats:
            # The slowest pass, and cloth or print can look bar-like: after the
            # cheaper passes (``_order`` moves the QR-only ones behind it).
            stages.append(
                (
                    "scanline",
                    lambda g: passes.scanlines(
                        g, self._bar_regions(g), self._linear_formats, self._budget
                    ),
                )
            )
        if any(s in ("EAN13", "UPCA") for s in self.symbologies):
            # EAN-13 and UPC-A of about a pixel per module, which every other
            # pass reads as bars of the wrong widths: the costliest pass, last.
            stages.append(
                (
                    "modelled",
                    lambda g: passes.modelled(
                        g,
                        enhance.linear_regions(g, follow=True),
                        self.symbologies,
                        self._budget,
                    ),
                )
            )
        return stages

    def decode(self, image: object, budget_ms: float | None = None) -> list[Decoded]:
        """Return the trusted barcodes in ``image``, in a stable order."""
        gray = enhance.to_gray(image)
        if gray is None:
            return []
        self._budget = Budget.of(self.budget_ms if budget_ms is None else budget_ms)
        return self._cascade(gray)

    def _cascade(self, gray: np.ndarray, bars: bool = False) -> list[Decoded]:
        """Every pass in turn until one yields a trusted code or the budget is spent.

        With ``bars`` the image is a patch of bars: the QR-only passes are skipped.
        """
        seen: dict[str, tuple[int, str]] = {}
        self._regions = None
        for index, (name, stage) in enumerate(self._order(gray)):
            if index and self._budget.over():
                break
            if name in _QR_ONLY and (
                bars or any(s in LINEAR for _, s in seen.values())
            ):
                continue  # a 1-D code awaits a second reading: spend the time on it
            reads = self._run((name, stage), gray)
            trusted = []
            for read in reads:
                if confirm.fragment(gray, read.decoded):
                    continue
                key = read.decoded.text
                # A slanted scan line misreads the same way in every preparation
                # of the image, so passes agreeing on it prove nothing.
                agreed = (
                    key in seen
                    and seen[key][0] != index
                    and not self._slanted(read, name, gray)
                )
                if agreed or (read.strong and self._vouched(read, name, gray)):
                    trusted.append(read.decoded)
                seen.setdefault(key, (index, read.decoded.symbology))
            if trusted:
                return ordered(trusted)
        return []

    def _slanted(self, read: Read, stage: str, gray: np.ndarray) -> bool:
        """An EAN/UPC read by zxing-cpp along a line slanted across the bars."""
        return (
            stage in _ZXING_LINES
            and read.decoded.symbology in EAN_UPC
            and confirm.oblique(gray, read.decoded)
        )

    def _vouched(self, read: Read, stage: str, gray: np.ndarray) -> bool:
        """A strong read, unless an EAN/UPC read needs a second look and fails it."""
        decoded = read.decoded
        if confirm.fragment(gray, decoded):
            return False
        if read.confirmed or not confirm.needs_second_look(
            decoded, stage == "zxing", gray
        ):
            return True
        return confirm.second_look(gray, decoded, self._pyzbar_ean, stage)

    def _order(self, gray: np.ndarray) -> Iterator[tuple[str, Stage]]:
        """The stages for this image: bar-only passes only where bars are seen.

        The cheap general passes come first. Then, if the image has a patch of
        parallel edges, the scan lines across them, the other 1-D passes,
        pyzbar and the QR-only ones; if it has none, the 1-D passes are
        skipped and the 2-D passes come sooner.
        """
        rest = []
        for name, stage in self.stages:
            if name in _FIRST:
                yield name, stage
            else:
                rest.append((name, stage))
        regions = self._bar_regions(gray)
        if any(r.coherence >= _BARLIKE for r in regions):
            rest.sort(key=lambda named: _LATE.get(named[0], 0))
        else:
            rest = [(n, s) for n, s in rest if n not in _BARS_ONLY]
        yield from rest

    def _bar_regions(self, gray: np.ndarray) -> list[enhance.Region]:
        if self._regions is None:
            self._regions = enhance.linear_regions(gray)
        return self._regions

    def decode_live(self, image: object) -> list[Decoded]:
        """Decode one camera frame: every code in view, within one frame's budget.

        The first pass reads the whole frame. Then each patch of bars it did
        not read (up to two: a book beside a card, an ISBN beside its price
        code) is cut out and given the other passes, smallest first, until
        the budget is spent. Cut-outs are small, so most frames stay near the
        cost of the first pass. The scanner (see ``scanner``) decides across
        frames what to trust.
        """
        gray = enhance.to_gray(image)
        if gray is None:
            return []
        self._budget = Budget.of(self.budget_ms)
        self._regions = None
        name = self.stages[0][0]
        found = [
            r.decoded
            for r in self._run(self.stages[0], gray)
            if self._vouched(r, name, gray)
        ]
        if len(self.stages) == 1:
            return ordered(found)
        for region in enhance.linear_regions(gray, limit=2):
            if self._budget.over():
                break
            if any(_covers(d, region) for d in found):
                continue
            turned = [
                r.decoded
                for r in self._turned(gray, region)
                if self._vouched(r, "turned", gray)
            ]
            if turned or region.coherence < _BARLIKE:
                found += turned
                continue
            crop, x0, y0 = enhance.around(gray, region)
            found += [
                replace(d, polygon=tuple((x + x0, y + y0) for x, y in d.polygon))
                for d in self._cascade(crop, bars=True)
            ]
        return ordered(found)

    def _turned(self, gray: np.ndarray, region: enhance.Region) -> list[Read]:
        """zxing-cpp on a patch of bars turned so they stand upright.

        zxing-cpp reads along rows and columns; a code turned 20-30 degrees,
        or leaning back as well, is often missed that way and read at once
        when turned upright. The patch often takes in the print around the
        code, too little like bars for the other passes: this one costs a
        rotation and one read.
        """
        size = int(max(region.length, region.width) * 1.2) + 16
        turn = cv2.getRotationMatrix2D((region.cx, region.cy), float(region.angle), 1.0)
        turn[0, 2] += size / 2 - region.cx
        turn[1, 2] += size / 2 - region.cy
        image = cv2.warpAffine(
            gray, turn, (size, size), borderMode=cv2.BORDER_REPLICATE
        )
        self._budget.charge(size * size)
        return self._zxing(image, cv2.invertAffineTransform(turn))

    def independent_look(self, gray: np.ndarray, decoded: Decoded) -> bool:
        """Whether the code's upright cut-out, read afresh, says the same.

        For EAN/UPC the second look of ``confirm``; for other 1-D codes the
        cut-out read by zxing-cpp and pyzbar, one of which must read the same
        text and neither another. A QR code's error correction is its own look.
        """
        if decoded.symbology == "QR":
            return True
        if decoded.symbology in EAN_UPC:
            return confirm.second_look(gray, decoded, self._pyzbar_ean, decoded.decoder)
        crop = confirm.upright_crop(gray, decoded)
        if crop is None:
            return False
        texts = [
            r.decoded.text
            for engine in (self._zxing, self._pyzbar)
            if engine is not None
            for r in engine(crop)
            if r.decoded.symbology == decoded.symbology
        ]
        return decoded.text in texts and all(t == decoded.text for t in texts)

    def _run(self, stage: tuple[str, Stage], gray: np.ndarray) -> list[Read]:
        name, fn = stage
        self._budget.charge(gray.size * COST.get(name, 1.0))
        try:
            return fn(gray)
        except (cv2.error, ValueError, RuntimeError) as e:
            log.debug("decode stage %s failed: %s", name, e)
            return []

    def _zxing(
        self,
        image: np.ndarray,
        back: Affine = IDENTITY,
        binarizer: zxingcpp.Binarizer = zxingcpp.Binarizer.LocalAverage,
    ) -> list[Read]:
        return engines.zxing(image, self._formats, back, binarizer)


def _covers(read: Decoded, region: enhance.Region) -> bool:
    """Whether a read's outline already takes in a bar patch's centre."""
    if not read.polygon:
        return False
    xs = [x for x, _ in read.polygon]
    ys = [y for _, y in read.polygon]
    margin = 0.25 * region.width
    return (
        min(xs) - margin <= region.cx <= max(xs) + margin
        and min(ys) - margin <= region.cy <= max(ys) + margin
    )
