"""Spine label sheets: each page rendered, every label read back by the decoder."""

from __future__ import annotations

from pathlib import Path

import pypdfium2

from kiosk.admin.labels import GRID, PER_PAGE
from kiosk.admin.sheets import DPI
from tests.admin.helpers import admin, read_sheet_cells
from tests.admin.test_catalogue import NEW_A, NEW_B


def read_labels(pdf_path: Path) -> list[list[str]]:
    """Each page rendered at 300 dpi; each label cell decoded on its own."""
    return read_sheet_cells(pdf_path, GRID.box_mm, PER_PAGE, DPI)


def page_text(pdf_path: Path) -> str:
    pdf = pypdfium2.PdfDocument(str(pdf_path))
    try:
        return pdf.get_metadata_dict()["Title"]
    finally:
        pdf.close()


def test_every_label_is_read_back_from_the_rendered_pages(
    settings, clock, tmp_path: Path
) -> None:
    admin(
        settings,
        clock,
        "catalogue",
        "add",
        NEW_A,
        "--title",
        "平凡的世界",
        "--copies",
        "26",
        "--clc",
        "I247.57",
    )
    out = tmp_path / "labels.pdf"
    status, text, err = admin(
        settings, clock, "catalogue", "labels", str(out), "--title-isbn", NEW_A
    )
    assert status == 0, err
    assert "26 label(s) on 2 page(s)" in text
    expected = [f"{n:08d}" for n in range(1, 27)]
    assert read_labels(out) == [expected[:24], expected[24:]]
    assert page_text(out).endswith("spine labels")


def test_labels_by_barcode_and_by_date(settings, clock, tmp_path: Path) -> None:
    admin(settings, clock, "catalogue", "add", NEW_A, "--title", "甲", "--copies", "3")
    clock.advance(86400)
    admin(settings, clock, "catalogue", "add", NEW_B, "--title", "乙", "--copies", "2")
    out = tmp_path / "some.pdf"
    admin(
        settings,
        clock,
        "catalogue",
        "labels",
        str(out),
        "--barcodes",
        "00000003, 00000001",
    )
    assert read_labels(out) == [["00000001", "00000003"]]
    admin(
        settings,
        clock,
        "catalogue",
        "labels",
        str(out),
        "--since",
        clock.today().isoformat(),
    )
    assert read_labels(out) == [["00000004", "00000005"]]


def test_no_matching_copy_writes_no_pdf(settings, clock, tmp_path: Path) -> None:
    out = tmp_path / "none.pdf"
    status, text, _ = admin(
        settings,
        clock,
        "catalogue",
        "labels",
        str(out),
        "--barcodes",
        "99999999",
        lang="zh-CN",
    )
    assert status == 1
    assert "没有符合条件的复本" in text
    assert not out.exists()


def test_labels_need_a_choice_and_a_good_isbn(settings, clock, tmp_path: Path) -> None:
    out = tmp_path / "x.pdf"
    status, _, err = admin(
        settings, clock, "catalogue", "labels", str(out), "--title-isbn", "123"
    )
    assert status == 2
    assert "is not an ISBN" in err
    status, _, err = admin(
        settings, clock, "catalogue", "labels", str(out), "--since", "昨天"
    )
    assert status == 2
    assert "is not a date" in err
