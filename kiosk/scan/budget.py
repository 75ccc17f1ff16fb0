"""How much fallback work one frame may take: counted in pixels, not seconds.

A wall-clock budget makes the decoder's answer depend on how busy the machine
is (the same photo read on a quiet PC and missed on a busy one). The decoder
instead charges every pass the pixels it works on, weighted by how costly the
pass is, against a fixed allowance; the same image therefore gets the same
passes and the same answer anywhere. A wall-clock ceiling, ten times the
nominal time, remains as a safety net that a normal frame never reaches.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

PIXELS_PER_MS = 60_000
"""Weighted pixels a pass works through per millisecond on the 2-core kiosk PC
(zxing-cpp reads a 640x480 frame in about 5 ms); turns a nominal time into work."""

CEILING = 10.0
"""The safety net: this many times the nominal time, whatever work remains."""

COST = {
    "zxing": 1.0,
    "equalized": 1.5,
    "pyzbar": 1.5,
    "stretched": 3.0,
    "sharpened": 1.5,
    "enlarged": 4.0,
    "flattened-qr": 1.0,
    "curved-qr": 2.0,
    "scanline": 0.0,  # charged band by band, by the pass itself
    "modelled": 0.0,  # likewise
}


@dataclass
class Budget:
    """The work one frame may still take."""

    allowance: float
    ceiling: float = field(default=0.0)
    spent: float = 0.0

    @classmethod
    def of(cls, nominal_ms: float) -> Budget:
        """The allowance of ``nominal_ms`` of work on the reference PC."""
        return cls(
            nominal_ms * PIXELS_PER_MS,
            time.perf_counter() + CEILING * nominal_ms / 1000,
        )

    def charge(self, pixels: float) -> None:
        """Count work done."""
        self.spent += pixels

    def over(self) -> bool:
        """Whether the allowance (or, in an emergency, the ceiling) is used up."""
        return self.spent > self.allowance or time.perf_counter() > self.ceiling
