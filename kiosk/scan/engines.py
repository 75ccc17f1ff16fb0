"""The two barcode libraries behind one call shape: an image in, checked reads out.

zxing-cpp is the primary decoder; pyzbar (when libzbar is installed) is the
second opinion. Both report symbologies under the kiosk's names, polygons in
the caller's frame, and only reads that passed :func:`reads.checked`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

import numpy as np
import zxingcpp

from kiosk.scan import enhance
from kiosk.scan.enhance import IDENTITY, Affine
from kiosk.scan.reads import LINEAR, MIN_THICKNESS, Read, checked, thickness, weak

log = logging.getLogger(__name__)

ZXING_NAMES = {
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
FROM_ZXING = {v: k for k, v in ZXING_NAMES.items()}
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
_MIN_PYZBAR_QUALITY = 8

Engine = Callable[[np.ndarray], list[Read]]


def zxing_formats(symbologies: Iterable[str]) -> tuple[zxingcpp.BarcodeFormat, ...]:
    """zxing-cpp's formats for the kiosk's symbology names."""
    return tuple(getattr(zxingcpp.BarcodeFormat, ZXING_NAMES[s]) for s in symbologies)


def zxing(
    image: np.ndarray,
    formats: tuple[zxingcpp.BarcodeFormat, ...],
    back: Affine = IDENTITY,
    binarizer: zxingcpp.Binarizer = zxingcpp.Binarizer.LocalAverage,
) -> list[Read]:
    """zxing-cpp on a (prepared) image; ``back`` maps its points to the frame.

    A 1-D read only a scan line or two thick is weak: such slivers are where
    zxing-cpp's rare wrong reads come from. An image only a line or two tall
    is a scan line itself: its reads are as thick as it is.
    """
    reads = []
    least = min(MIN_THICKNESS, image.shape[0] - 1)
    for b in zxingcpp.read_barcodes(
        image,
        formats=formats,
        binarizer=binarizer,
        ean_add_on_symbol=zxingcpp.EanAddOnSymbol.Read,
    ):
        symbology = FROM_ZXING.get(b.format.name, b.format.name)
        p = b.position
        corners = [
            (c.x, c.y) for c in (p.top_left, p.top_right, p.bottom_right, p.bottom_left)
        ]
        read = checked(symbology, b.text, enhance.map_points(corners, back), "zxing")
        if read is not None:
            thin = symbology in LINEAR and thickness(corners) < least
            reads.append(Read(read, not thin))
    return reads


def load_pyzbar(symbologies: tuple[str, ...]) -> Engine | None:
    """Pyzbar limited to ``symbologies``; None (and a warning) without libzbar."""
    try:
        from pyzbar import pyzbar
    except ImportError:
        log.warning("libzbar is not installed: pyzbar is off, zxing-cpp decodes alone")
        return None
    symbols = [getattr(pyzbar.ZBarSymbol, _PYZBAR_NAMES[s]) for s in symbologies]

    def decode(gray: np.ndarray) -> list[Read]:
        reads = []
        for found in pyzbar.decode(gray, symbols=symbols):
            symbology = _FROM_PYZBAR.get(found.type, found.type)
            text = found.data.decode("utf-8", "replace")
            polygon = tuple((int(p.x), int(p.y)) for p in found.polygon)
            read = checked(symbology, text, polygon, "pyzbar")
            if read is not None:
                strong = symbology == "QR" or found.quality >= _MIN_PYZBAR_QUALITY
                reads.append(Read(read, True) if strong else weak(read))
        return reads

    return decode
