"""A4 card sheets: render each page, read every card back with the kiosk decoder."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kiosk.admin.cards import DPI, PER_PAGE, cell_box_mm
from tests.admin.helpers import admin, read_sheet_cells, write_csv

CLASS = "初二(3)班"


def _roster(settings, clock, tmp_path: Path, count: int) -> list[str]:
    cards = [f"S2602{n:03d}" for n in range(1, count + 1)]
    rows = [[card, f"学生{n}号", CLASS] for n, card in enumerate(cards, 1)]
    rows.append(["S2609999", "别班同学", "初一(1)班"])
    path = write_csv(tmp_path / "roster.csv", [["学号", "姓名", "班级"], *rows])
    assert admin(settings, clock, "patrons", "import", str(path))[0] == 0
    return cards


def _read_cards(pdf_path: Path) -> list[list[str]]:
    """Each page rendered at 300 dpi; each card cell decoded on its own."""
    return read_sheet_cells(pdf_path, cell_box_mm, PER_PAGE, DPI)


def test_class_cards_are_read_back_from_the_rendered_pages(
    settings, clock, tmp_path: Path
) -> None:
    cards = _roster(settings, clock, tmp_path, 12)
    out = tmp_path / "cards.pdf"
    status, text, _ = admin(settings, clock, "cards", "pdf", str(out), "--class", CLASS)
    assert status == 0
    assert "12 card(s) on 2 page(s)" in text
    assert out.read_bytes().startswith(b"%PDF")
    pages = _read_cards(out)
    assert len(pages) == 2
    assert pages[0] == cards[:10]
    assert pages[1] == cards[10:]


def test_cards_by_list_and_by_date(settings, clock, tmp_path: Path) -> None:
    _roster(settings, clock, tmp_path, 3)
    out = tmp_path / "some.pdf"
    admin(settings, clock, "cards", "pdf", str(out), "--cards", "S2602003,s2602001")
    assert _read_cards(out) == [["S2602001", "S2602003"]]
    tomorrow = (clock.today() + dt.timedelta(days=1)).isoformat()
    status, text, _ = admin(
        settings, clock, "cards", "pdf", str(out), "--new-since", tomorrow
    )
    assert status == 1
    assert "No patron matches" in text
    today = clock.today().isoformat()
    admin(settings, clock, "cards", "pdf", str(out), "--new-since", today)
    assert len(_read_cards(out)[0]) == 4


def test_a_bad_date_is_one_message(settings, clock, tmp_path: Path) -> None:
    status, _, err = admin(
        settings, clock, "cards", "pdf", str(tmp_path / "x.pdf"), "--new-since", "9/1"
    )
    assert status == 2
    assert "not a date" in err
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_help_on_every_command(lang: str, capsys, settings, clock) -> None:
    for command in (
        [],
        ["patrons"],
        ["patrons", "import"],
        ["patrons", "rollover"],
        ["cards"],
        ["cards", "pdf"],
    ):
        with pytest.raises(SystemExit) as stop:
            admin(settings, clock, *command, "--help", lang=lang)
        assert stop.value.code == 0
        assert "usage: kiosk.py admin" in capsys.readouterr().out
