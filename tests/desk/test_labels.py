"""Spine labels from the desk: by barcode, since a day, by title; sheet and PDF."""

from __future__ import annotations

import io

from PIL import Image


def test_barcodes_give_labels_a_sheet_and_the_pdf(desk) -> None:
    helper = desk.client("helper")
    page = helper.get("/labels/?barcodes=10000001,10000003").get_data(as_text=True)
    count = page.split('id="labels-count">')[1].split("<")[0]
    assert "共 2 张书标，1 页 A4" in count
    sheet = helper.get("/labels/sheet.png?barcodes=10000001,10000003")
    assert Image.open(io.BytesIO(sheet.data)).width == 620
    pdf = helper.get("/labels/labels.pdf?barcodes=10000001,10000003")
    assert pdf.data.startswith(b"%PDF")


def test_every_copy_of_a_title_and_bad_input(desk) -> None:
    from tests.conftest import ISBN_TWO

    helper = desk.client("helper")
    page = helper.get(f"/labels/?isbns={ISBN_TWO}").get_data(as_text=True)
    count = page.split('id="labels-count">')[1].split("<")[0]
    copies = desk.context.database.execute_sql(
        "SELECT COUNT(*) FROM item JOIN title ON title.id = item.title_id"
        " WHERE title.isbn = ? AND item.barcode IS NOT NULL",
        (ISBN_TWO,),
    ).fetchone()[0]
    assert count.startswith(f"共 {copies} 张书标"), count
    bad = helper.get("/labels/?isbns=978-7-5321-3001-0")
    assert bad.status_code == 400
    assert helper.get("/labels/?since=2026-13-01").status_code == 400
    none = helper.get("/labels/?barcodes=99999999").get_data(as_text=True)
    assert "没有符合条件的图书" in none
    assert helper.get("/labels/labels.pdf?barcodes=99999999").status_code == 404
