"""The stocktake page: start, scans from the box, a kiosk and a file, finish, report.

The scans go through ``kiosk.db.stocktake.record_scans`` as the kiosk's and
the command's do; the checks are on the live count, the report and the copies.
"""

from __future__ import annotations

import io

import openpyxl

from kiosk.circulation.codes import Classifier
from kiosk.db import stocktake as takes


def status_of(desk, barcode: str) -> str:
    sql = "SELECT status FROM item WHERE barcode = ?"
    return desk.small.library.database.execute_sql(sql, (barcode,)).fetchone()[0]


def started(desk):
    librarian = desk.client("librarian")
    librarian.get("/stocktake/")
    page = librarian.post("/stocktake/start", {"location": ""}, follow_redirects=True)
    assert "已开始清点 1（全馆）" in page.get_data(as_text=True)
    return librarian


def test_scan_box_live_count_and_last_scans(desk) -> None:
    librarian = started(desk)
    found = librarian.post("/stocktake/scan", {"code": "10000001"}, htmx=True)
    text = found.get_data(as_text=True)
    assert "10000001《红楼梦》：在架" in text
    assert 'id="scanned-count">1<' in text
    again = librarian.post("/stocktake/scan", {"code": " 10000001 "}, htmx=True)
    assert "10000001：已经扫描过" in again.get_data(as_text=True)
    assert 'class="outcome refused"' in again.get_data(as_text=True)
    unknown = librarian.post("/stocktake/scan", {"code": "77777777"}, htmx=True)
    text = unknown.get_data(as_text=True)
    assert "77777777：没有这个条码的书" in text
    assert 'id="scanned-count">2<' in text
    assert 'id="unknown-count">1<' in text
    card = librarian.post("/stocktake/scan", {"code": "S0000001"}, htmx=True)
    assert "这是借书证" in card.get_data(as_text=True)
    empty = librarian.post("/stocktake/scan", {"code": "  "}, htmx=True)
    assert "请扫描或输入一个条码" in empty.get_data(as_text=True)
    # A kiosk in stocktake mode records its scans in the same stocktake.
    circ = desk.small.settings.circulation
    takes.record_scan(
        desk.context.database,
        1,
        "10000002",
        "",
        desk.small.clock.now(),
        classifier=Classifier(circ.patron_pattern, circ.item_pattern),
        kiosk="kiosk-1",
    )
    live = librarian.get("/stocktake/live").get_data(as_text=True)
    assert 'id="scanned-count">3<' in live
    recent = live.split('id="recent-scans"')[1]
    assert (
        recent.index("10000002") < recent.index("77777777") < recent.index("10000001")
    )


def test_finish_report_xlsx_and_mark_missing_lost_once(desk) -> None:
    librarian = started(desk)
    for code in ("10000001", "10000002", "10000006"):
        librarian.post("/stocktake/scan", {"code": code}, htmx=True)
    report = librarian.post("/stocktake/finish", follow_redirects=True)
    page = report.get_data(as_text=True)
    assert "清点 1（全馆）已结束" in page
    missing = page.split('id="section-missing"')[1].split("</section>")[0]
    assert "10000003" in missing
    assert "10000001" not in missing
    not_available = page.split('id="section-not_available"')[1].split("</section>")[0]
    assert "10000006" in not_available
    book = openpyxl.load_workbook(
        io.BytesIO(librarian.get("/stocktake/report.xlsx").data)
    )
    codes = [r[0] for r in book.worksheets[0].iter_rows(min_row=2, values_only=True)]
    assert "10000003" in codes
    assert 'id="mark-lost-button"' in page
    marked = librarian.post("/stocktake/mark-lost", {"id": "1"}, follow_redirects=True)
    assert "登记为丢失" in marked.get_data(as_text=True)
    assert status_of(desk, "10000003") == "lost"
    assert 'id="mark-lost-button"' not in marked.get_data(as_text=True)
    twice = librarian.post("/stocktake/mark-lost", {"id": "1"}, follow_redirects=True)
    assert "已在" in twice.get_data(as_text=True)
    # The stocktake is closed: the page offers a new one and the last report.
    index = librarian.get("/stocktake/").get_data(as_text=True)
    assert 'id="start-button"' in index
    assert 'id="last-report"' in index
    closed = librarian.post("/stocktake/scan", {"code": "10000001"}, htmx=True)
    assert closed.status_code == 409
    assert "现在没有进行中的清点" in closed.get_data(as_text=True)


def test_scanner_file_and_bad_files(desk) -> None:
    librarian = started(desk)
    sent = librarian.post(
        "/stocktake/file",
        {
            "file": (
                io.BytesIO(b"10000001,08:01\n\n10000002;x\n88888888\n"),
                "s.txt",
            ),
            "location": "",
        },
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    text = sent.get_data(as_text=True)
    assert "读入 3 个条码：找到 2 本" in text
    assert "88888888：没有这个条码的书" in text
    binary = librarian.post(
        "/stocktake/file",
        {"file": (io.BytesIO(b"\x89PNG\0\0"), "photo.png")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert "photo.png 不是文本文件" in binary.get_data(as_text=True)
    none = librarian.post(
        "/stocktake/file", {}, content_type="multipart/form-data", follow_redirects=True
    )
    assert "请先选择扫描枪导出的文件" in none.get_data(as_text=True)
    live = librarian.get("/stocktake/live").get_data(as_text=True)
    assert 'id="scanned-count">3<' in live


def test_second_start_is_refused_and_roles(desk) -> None:
    librarian = started(desk)
    again = librarian.post("/stocktake/start", {}, follow_redirects=True)
    assert "还没有结束" in again.get_data(as_text=True)
    helper = desk.client("helper")
    page = helper.get("/stocktake/").get_data(as_text=True)
    assert 'id="scan-box"' in page
    assert 'id="finish-button"' not in page
    assert (
        helper.post("/stocktake/scan", {"code": "10000001"}, htmx=True).status_code
        == 200
    )
    assert helper.post("/stocktake/finish").status_code == 403
    assert desk.client("viewer").get("/stocktake/").status_code == 403
    assert librarian.get("/stocktake/report").status_code == 404  # none finished
    assert librarian.get("/stocktake/report?id=x").status_code == 404


def test_a_barcode_that_looks_like_a_formula_is_text_in_the_workbook(
    desk, tmp_path
) -> None:
    from tests.admin.test_spreadsheet_injection import assert_safe

    librarian = started(desk)
    evil = "=HYPERLINK(1)"
    assert "没有这个条码的书" in librarian.post(
        "/stocktake/scan", {"code": evil}, htmx=True
    ).get_data(as_text=True)
    librarian.post("/stocktake/finish")
    path = tmp_path / "report.xlsx"
    path.write_bytes(librarian.get("/stocktake/report.xlsx").data)
    assert_safe(path, [evil])
