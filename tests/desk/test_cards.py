"""Card sheets from the desk: a class, a list, new since; the first sheet; the PDF."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image


def test_a_class_gives_its_cards_a_sheet_and_the_pdf(desk) -> None:
    helper = desk.client("helper")
    page = helper.get("/cards/?class=初二(3)班").get_data(as_text=True)
    count = page.split('id="cards-count">')[1].split("<")[0]
    assert "共 4 张借书证，1 页 A4" in count, count
    sheet = helper.get("/cards/sheet.png?class=初二(3)班")
    assert sheet.status_code == 200
    image = Image.open(io.BytesIO(sheet.data))
    assert image.width == 620
    # Four cards drawn in the first four cells (two columns), the rest blank.
    gray = np.asarray(image.convert("L"))
    h = gray.shape[0]
    rows = [
        gray[int(h * (0.1 + 0.16 * r)) : int(h * (0.2 + 0.16 * r))] for r in range(5)
    ]
    assert [bool((band < 100).any()) for band in rows] == [
        True,
        True,
        False,
        False,
        False,
    ]
    pdf = helper.get("/cards/cards.pdf?class=初二(3)班")
    assert pdf.data.startswith(b"%PDF")
    assert "attachment" in pdf.headers["Content-Disposition"]


def test_a_list_of_cards_and_a_bad_date(desk) -> None:
    helper = desk.client("helper")
    page = helper.get("/cards/?cards=s0000001,+S0000002").get_data(as_text=True)
    assert "共 2 张借书证" in page
    bad = helper.get("/cards/?since=2026-02-30")
    assert bad.status_code == 400
    assert "2026-02-30" in bad.get_data(as_text=True)
    none = helper.get("/cards/?cards=S9999999").get_data(as_text=True)
    assert "没有符合条件的读者" in none
    assert helper.get("/cards/cards.pdf?cards=S9999999").status_code == 404


def test_a_viewer_prints_no_cards(desk) -> None:
    assert desk.client("viewer").get("/cards/").status_code == 403
