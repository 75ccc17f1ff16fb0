"""The bundled CJK font, found inside its wheel (never through the CWD or the OS).

Noto Sans CJK comes as one collection file holding five regional faces; the
simplified Chinese one is face 2 (face 0 is Japanese, whose glyph shapes differ
for many hanzi a Chinese pupil would notice).
"""

from __future__ import annotations

import importlib.resources
from pathlib import Path

CJK_FACE_INDEX = 2  # "Noto Sans CJK SC" in NotoSansCJK-Regular.ttc


def cjk_font_path() -> Path:
    """Return the path of the Noto Sans CJK collection file."""
    resource = (
        importlib.resources.files("noto_cjk_sans_otc") / "NotoSansCJK-Regular.ttc"
    )
    return Path(str(resource))
