"""Barcode decoding: zxing-cpp first, pyzbar as a second opinion (v0)."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import zxingcpp

from kiosk.scan.events import Decoded


class BarcodeDecoder:
    """Finds barcodes in one image."""

    def __init__(self, symbologies: Iterable[str]) -> None:
        self._symbologies = tuple(symbologies)

    def decode(self, image: np.ndarray) -> list[Decoded]:
        """Return the barcodes in ``image``."""
        found = []
        for b in zxingcpp.read_barcodes(image):
            p = b.position
            corners = (p.top_left, p.top_right, p.bottom_right, p.bottom_left)
            found.append(
                Decoded(
                    b.format.name,
                    b.text,
                    None,
                    tuple((c.x, c.y) for c in corners),
                    "zxing",
                    True,
                )
            )
        return found
