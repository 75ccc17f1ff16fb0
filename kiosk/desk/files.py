"""Files the desk writes with the command line's writers, then hands to the browser.

The writers (PDF sheets, reports, workbooks) write to a path; the desk gives
them one in a scratch folder and sends the bytes, so nothing is left behind.
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from flask import send_file

MIMETYPES = {
    ".pdf": "application/pdf",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def sheet_picture(
    things: Sequence[Any], draw_one: Callable[[Any], Any], grid: Any
) -> Any:
    """The first A4 sheet of cards or labels as a PNG (the page's preview)."""
    from kiosk.admin.sheets import first_sheet_png

    png = first_sheet_png(things, draw_one, grid)
    return send_file(io.BytesIO(png), mimetype="image/png")


def written(
    name: str, write: Callable[[Path], object], *, attachment: bool = True
) -> Any:
    """Run ``write(path)`` in a scratch folder and send the file as ``name``."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        write(path)
        data = path.read_bytes()
    return send_file(
        io.BytesIO(data),
        mimetype=MIMETYPES[Path(name).suffix],
        download_name=name,
        as_attachment=attachment,
    )
