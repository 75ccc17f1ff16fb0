"""The slow fallback passes, run only after the cheap ones found nothing.

A rectified scan line of each bar-like region, QR codes on bent labels, and
OpenCV's curved-QR reader. Each charges the frame's work budget for what it
reads and stops when the budget is spent (see ``budget``).
"""

from __future__ import annotations

import cv2
import numpy as np
import zxingcpp

from kiosk.scan import ean_model, enhance, qr_outline
from kiosk.scan.budget import PIXELS_PER_MS, Budget
from kiosk.scan.engines import FROM_ZXING
from kiosk.scan.events import Decoded
from kiosk.scan.reads import EAN_UPC, Read, checked, weak


def scanlines(
    gray: np.ndarray,
    regions: list[enhance.Region],
    formats: tuple[zxingcpp.BarcodeFormat, ...],
    budget: Budget,
) -> list[Read]:
    """Read each bar-like region from clean, sharpened scan lines across it.

    After a first EAN/UPC read every other line is read too. Two bands
    reading the same text confirm it (see ``confirm``), but only when every
    line was read and none read another number: sharpening or deconvolution
    can put the same wrong edges into several bands, while another
    preparation reads the true code. A region whose lines disagree gives
    nothing; one whose lines were not all read within the budget gives an
    unconfirmed read.
    """
    for region in regions:
        box = cv2.boxPoints(
            ((region.cx, region.cy), (region.length, region.width), -region.angle)
        )
        polygon = tuple((int(x), int(y)) for x, y in box)
        first: Decoded | None = None
        bands: set[int] = set()
        complete, conflict = True, False
        for band, make in enhance.profile_images(enhance.upright(gray, region)):
            if conflict or budget.over():
                complete = False
                break
            line = make()
            budget.charge(line.size)
            for b in zxingcpp.read_barcodes(
                line, formats=formats, try_rotate=False, try_downscale=False
            ):
                symbology = FROM_ZXING.get(b.format.name, b.format.name)
                read = checked(symbology, b.text, polygon, "zxing")
                if read is None:
                    continue
                first = first or read
                conflict = conflict or read.text != first.text
                bands.add(band)
            if first is not None and first.symbology not in EAN_UPC:
                break  # only an EAN/UPC read needs the other lines' word
        if first is None or conflict:
            continue
        # Synthetic scan lines: strong only with a check digit.
        if not first.checked:
            return [weak(first)]
        return [Read(first, True, confirmed=complete and len(bands) >= 2)]
    return []


# Bands of rows (fractions of the upright cut-out's height) read in turn.
_MODEL_BANDS = ((0.3, 0.7), (0.1, 0.5), (0.5, 0.9))
# Work charged for one scan line fitted (see ``budget``): 20 ms of the kiosk PC's.
_MODEL_LINE_COST = 20 * PIXELS_PER_MS
# ``enhance.sharpest`` cuts the patch out 24 times to find its angle.
_SHARPEST_CUTS = 24


def modelled(
    gray: np.ndarray,
    regions: list[enhance.Region],
    symbologies: tuple[str, ...],
    budget: Budget,
) -> list[Read]:
    """Read an EAN-13 or UPC-A of about one pixel per module by fitting its model.

    Each bar patch is cut out at its sharpest angle and its middle band of
    rows fitted (see ``ean_model``); a patch whose middle band gives nothing is
    left at once. The read counts only when a second band, above or below,
    gives the same digits and no band gives others.
    """
    shortest = ean_model.MODULES * ean_model.MIN_MODULE_PX
    for region in regions:
        if region.coherence < 0.6 or region.length < shortest or budget.over():
            continue  # not bars, or too short to hold an EAN-13, or no time
        crop = enhance.sharpest(gray, region).astype(np.float32)
        budget.charge(crop.size * _SHARPEST_CUTS)
        height = crop.shape[0]
        texts: list[str] = []
        for top, bottom in _MODEL_BANDS:
            rows = crop[
                int(height * top) : max(int(height * bottom), int(height * top) + 1)
            ]
            budget.charge(_MODEL_LINE_COST)
            fit = ean_model.read_line(rows.mean(axis=0))
            if fit is None and not texts:
                break
            if fit is not None:
                texts.append(fit.text)
            if len(texts) == 2:
                break
        if len(texts) < 2 or texts[0] != texts[1]:
            continue
        box = cv2.boxPoints(
            ((region.cx, region.cy), (region.length, region.width), -region.angle)
        )
        polygon = tuple((int(x), int(y)) for x, y in box)
        upca = texts[0].startswith("0") and "UPCA" in symbologies
        symbology = "UPCA" if upca else "EAN13"
        if symbology not in symbologies:
            continue
        read = checked(symbology, texts[0], polygon, "model")
        if read is not None:
            return [Read(read, True, confirmed=True)]
    return []


def flattened_qr(gray: np.ndarray, budget: Budget) -> list[Read]:
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
        budget.charge(image.size)
        for b in zxingcpp.read_barcodes(
            image, formats=zxingcpp.BarcodeFormat.QRCode, binarizer=binarizer
        ):
            read = checked("QR", b.text, polygon, "zxing")
            if read is not None:
                reads.append(Read(read, True))
        if reads or budget.over():
            return reads
    return []


def curved_qr(detector: cv2.QRCodeDetector, gray: np.ndarray) -> list[Read]:
    """Read QR codes on curved surfaces with OpenCV's reader.

    A label on a bottle or a code printed on cloth bends the grid, which
    zxing-cpp's perspective model misses.
    """
    text, points, _ = detector.detectAndDecodeCurved(gray)
    if not text or points is None:
        return []
    polygon = tuple((int(x), int(y)) for x, y in points.reshape(-1, 2))
    return [Read(Decoded("QR", text, None, polygon, "opencv", True), True)]
