"""The Chinese web font: the bundled Noto Sans CJK SC face, served by the desk.

A school PC usually has a Chinese font of its own (the style sheet asks for it
first); a browser without one (a bare Linux PC) gets this face, cut once out
of the bundled collection file and kept beside the desk's other files.
"""

from __future__ import annotations

import os
import tempfile
import threading
from pathlib import Path

from kiosk.fonts import CJK_FACE_INDEX, cjk_font_path

_lock = threading.Lock()


def web_font(folder: Path) -> Path:
    """Return the face as a single OpenType file, extracting it the first time."""
    target = folder / "NotoSansCJKsc-Regular.otf"
    with _lock:
        if target.exists():
            return target
        from fontTools.ttLib import TTCollection

        folder.mkdir(parents=True, exist_ok=True)
        collection = TTCollection(str(cjk_font_path()), lazy=True)
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".otf")
        try:
            with os.fdopen(fd, "wb") as f:
                collection.fonts[CJK_FACE_INDEX].save(f)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    return target
