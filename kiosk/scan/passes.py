"""The slow fallback passes, run only after the cheap ones found nothing.

A rectified scan line of each bar-like region, QR codes on bent labels, and
OpenCV's curved-QR reader. Each charges the frame's work budget for what it
reads and stops when the budget is spent (see ``budget``).
"""

from __future__ import annotations

import cv2
import numpy as np
import zxingcpp

from kiosk.scan import enhance, qr_outline
from kiosk.scan.budget import Budget
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
