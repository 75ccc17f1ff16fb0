"""Every slip kept as PNG and text in a folder per day; the last one found again."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from PIL import Image

from receipts.archive import SlipArchive
from receipts.render import PAPERS, render
from tests.receipts.samples import class_slip, session_slip


def test_slip_saved_as_png_and_text_in_a_dated_folder(tmp_path: Path) -> None:
    rendered = render(session_slip(), PAPERS[58])
    saved = SlipArchive(tmp_path / "archive").save(rendered)
    folder = tmp_path / "archive" / "2026-11-25"
    assert saved.png == folder / "100530-kiosk-1-20261125-100530-16.png"
    assert saved.txt.read_text(encoding="utf-8") == rendered.text
    with Image.open(saved.png) as png:
        assert png.mode == "1"
        assert png.tobytes() == rendered.image.tobytes()
    assert sorted(p.name for p in folder.iterdir()) == [
        saved.png.name,
        saved.txt.name,
    ]  # no temporary files left behind


def test_an_archived_slip_loads_back_as_printed(tmp_path: Path) -> None:
    rendered = render(session_slip(), PAPERS[80])
    loaded = SlipArchive(tmp_path).save(rendered).load()
    assert loaded.transaction == rendered.transaction
    assert loaded.at == rendered.at
    assert loaded.paper == PAPERS[80]
    assert loaded.text == rendered.text
    assert loaded.code_at == rendered.code_at
    assert loaded.image.tobytes() == rendered.image.tobytes()


def test_the_same_slip_twice_is_kept_twice(tmp_path: Path) -> None:
    archive = SlipArchive(tmp_path)
    rendered = render(session_slip(), PAPERS[58])
    first, second = archive.save(rendered), archive.save(rendered)
    assert first.png != second.png
    assert second.png.name.endswith("-2.png")
    assert archive.last() == second


def test_last_is_the_newest_across_days(tmp_path: Path) -> None:
    archive = SlipArchive(tmp_path)
    assert archive.last() is None
    assert SlipArchive(tmp_path / "missing").last() is None
    today = render(session_slip(), PAPERS[58])
    tomorrow = dataclasses.replace(
        render(class_slip(), PAPERS[58]), at=today.at + dt.timedelta(days=1)
    )
    archive.save(tomorrow)
    archive.save(today)  # written later, but belongs to an earlier day
    last = archive.last()
    assert last is not None
    assert last.png.parent.name == "2026-11-26"
    assert last.load().transaction.endswith("-C")
