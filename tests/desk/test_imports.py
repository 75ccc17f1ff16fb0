"""Roster upload: progress, a preview with bad rows by number, confirm once."""

from __future__ import annotations

import dataclasses
import io
import re
import time
from pathlib import Path

from kiosk.desk.app import create_app
from kiosk.desk.context import DeskContext
from tests.admin.helpers import stored, write_csv, write_xlsx
from tests.desk.conftest import Desk

ROWS = [
    ["学号", "姓名", "班级"],
    ["S2601101", "欧阳明月", "初一(5)班"],
    ["S2601102", "司马光", "初一(5)班"],
    ["X123", "坏卡号", "初一(5)班"],  # row 4: not a card number
    ["S2601104", "", "初一(5)班"],  # row 5: no name
    ["S0000001", "李明", "初二(3)班"],  # already there, unchanged
]


def upload(client, path: Path, url: str = "/imports/roster"):
    client.get("/imports/")
    with path.open("rb") as f:
        data = {"file": (io.BytesIO(f.read()), path.name)}
    return client.post(url, data, content_type="multipart/form-data")


def finished(client, response, kind: str = "roster") -> str:
    """Follow the progress bar until the job is done; the preview page."""
    assert response.status_code == 302
    page_url = response.headers["Location"]
    job = page_url.rstrip("/").rsplit("/", 1)[1]
    for _ in range(200):
        polled = client.get(
            f"/imports/{kind}/{job}/progress", headers={"HX-Request": "1"}
        )
        if polled.headers.get("HX-Refresh") == "true":
            return page_url
        assert "<progress" in polled.get_data(as_text=True)
        time.sleep(0.05)
    raise AssertionError("the check never finished")


def test_upload_preview_confirm_then_find_the_pupil(desk: Desk, tmp_path) -> None:
    librarian = desk.client("librarian")
    before = stored(desk.small.settings, desk.small.clock)
    url = finished(
        librarian, upload(librarian, write_xlsx(tmp_path / "初一5班.xlsx", ROWS))
    )
    page = librarian.get(url).get_data(as_text=True)
    assert "初一5班.xlsx" in page
    summary = page.split('id="import-summary"')[1].split("</section>")[0]
    assert re.findall(r"<b[^>]*>(\d+)</b>", summary) == ["2", "0", "1", "2"]
    errors = page.split('id="import-errors"')[1].split("</section>")[0]
    assert re.findall(r'<td class="num">(\d+)</td>', errors) == ["4", "5"]
    assert "X123" in errors
    assert stored(desk.small.settings, desk.small.clock) == before  # nothing yet
    librarian.get(url)
    done = librarian.post(url + "/confirm", follow_redirects=True)
    assert "已保存：新增 2 人" in done.get_data(as_text=True)
    after = stored(desk.small.settings, desk.small.clock)
    assert after["S2601101"].name == "欧阳明月"
    logged = desk.small.library.database.execute_sql(
        "SELECT kiosk, staff, scan FROM event WHERE action = 'roster_import'"
    ).fetchall()
    assert logged == [("desk", "librarian", "new 2 updated 0")]
    assert len(after) == len(before) + 2
    again = librarian.post(url + "/confirm", follow_redirects=True)
    assert "没有再次保存" in again.get_data(as_text=True)
    assert stored(desk.small.settings, desk.small.clock) == after
    found = librarian.get("/patrons/?q=欧阳").get_data(as_text=True)
    assert "S2601101" in found


def test_a_csv_with_missing_columns_is_one_line(desk: Desk, tmp_path) -> None:
    librarian = desk.client("librarian")
    path = write_csv(tmp_path / "list.csv", [["姓名", "电话"], ["王", "123"]])
    url = finished(librarian, upload(librarian, path))
    page = librarian.get(url).get_data(as_text=True)
    refused = page.split('id="upload-refused"')[1].split("</p>")[0]
    assert "list.csv" in refused
    assert "Traceback" not in page
    assert 'id="import-confirm"' not in page


def test_not_a_roster_file_is_refused_at_once(desk: Desk, tmp_path) -> None:
    librarian = desk.client("librarian")
    path = tmp_path / "photo.jpg"
    path.write_bytes(b"\xff\xd8\xff")
    response = upload(librarian, path)
    assert response.status_code == 400
    assert "不是 .xlsx 或 .csv 文件" in response.get_data(as_text=True)
    fake = tmp_path / "fake.xlsx"
    fake.write_text("not a workbook")
    page = librarian.get(finished(librarian, upload(librarian, fake)))
    assert 'id="upload-refused"' in page.get_data(as_text=True)


def test_a_file_over_the_limit_is_one_line(desk: Desk, tmp_path) -> None:
    settings = desk.small.settings
    small_limit = dataclasses.replace(
        settings, desk=dataclasses.replace(settings.desk, max_upload_mb=1)
    )
    context = DeskContext(small_limit, desk.small.library, desk.small.clock)
    tight = Desk(create_app(context, testing=True), context, desk.small)
    librarian = tight.client("librarian")
    big = tmp_path / "big.csv"
    big.write_bytes(b"x" * (1024 * 1024 + 10))
    response = upload(librarian, big)
    assert response.status_code == 413
    assert "最多接受 1 MB" in response.get_data(as_text=True)


def test_jobs_belong_to_their_librarian_and_role(desk: Desk, tmp_path) -> None:
    librarian = desk.client("librarian")
    url = finished(librarian, upload(librarian, write_xlsx(tmp_path / "r.xlsx", ROWS)))
    assert desk.client("helper").get(url).status_code == 403
    assert desk.client("helper").get("/imports/").status_code == 403
    viewer = desk.client("viewer")
    viewer.get("/")
    assert viewer.post("/imports/roster").status_code == 403


def test_a_supplier_list_previewed_confirmed_numbered_and_registered(
    desk: Desk, tmp_path
) -> None:
    from tests.admin.test_catalogue import NEW_A, NEW_B, wrong_check

    librarian = desk.client("librarian")
    rows = [
        ["ISBN", "书名", "册数", "单价"],
        [NEW_A, "夏洛的网", "3", "25.00"],
        [wrong_check(NEW_B), "坏书号", "1", "10"],  # row 3
    ]
    path = write_csv(tmp_path / "书商清单.csv", rows)
    librarian.get("/imports/")
    with path.open("rb") as f:
        data = {"file": (io.BytesIO(f.read()), path.name), "supplier": "新华书店"}
    response = librarian.post(
        "/imports/catalogue", data, content_type="multipart/form-data"
    )
    url = finished(librarian, response, "catalogue")
    page = librarian.get(url).get_data(as_text=True)
    errors = page.split('id="import-errors"')[1].split("</section>")[0]
    assert re.findall(r'<td class="num">(\d+)</td>', errors) == ["3"]
    assert "夏洛的网" in page.split('id="import-new"')[1]
    assert "新华书店" in page
    count = "SELECT COUNT(*) FROM item"
    database = desk.small.library.database
    items = database.execute_sql(count).fetchone()[0]
    done = librarian.post(url + "/confirm", follow_redirects=True)
    text = done.get_data(as_text=True)
    assert "已保存 3 册" in text
    assert "已记入购书登记（新华书店）" in text
    assert database.execute_sql(count).fetchone()[0] == items + 3
    again = librarian.post(url + "/confirm", follow_redirects=True)
    assert "没有再次保存" in again.get_data(as_text=True)
    assert database.execute_sql(count).fetchone()[0] == items + 3
    bought = database.execute_sql("SELECT supplier FROM purchase").fetchall()
    assert bought == [("新华书店",)]
    logged = database.execute_sql(
        "SELECT kiosk, staff, scan FROM event WHERE action = 'catalogue_added'"
    ).fetchall()
    assert logged == [("desk", "librarian", "titles 1 copies 3")]
