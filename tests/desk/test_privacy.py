"""The privacy page: the dry run, a run, a pupil's data exported, a pupil forgotten."""

from __future__ import annotations

import io

import openpyxl
import pytest

from kiosk.clock import FixedClock
from kiosk.db import accounts
from kiosk.desk.app import create_app
from kiosk.desk.context import DeskContext
from kiosk.runtime import open_library
from tests.desk.conftest import PASSWORDS, Desk
from tests.privacy import library as data


@pytest.fixture
def librarian(settings):
    clock = FixedClock(data.NOW)
    library = open_library(settings, clock)
    data.fill(library.database)
    for role in ("librarian", "helper"):
        accounts.add_account(
            library.database, role, role, PASSWORDS[role], at=clock.now()
        )
    app = create_app(DeskContext(settings, library, clock), testing=True)
    desk = Desk(app, None, None)
    yield desk, library
    library.close()


def count(library, sql: str) -> int:
    return library.database.execute_sql(sql).fetchone()[0]


def test_the_dry_run_then_the_run(librarian) -> None:
    desk, library = librarian
    browser = desk.client("librarian")
    page = browser.get("/privacy/").get_data(as_text=True)
    review = page.split('id="privacy-review"')[1].split("</section>")[0]
    assert "2023-08-01" in review
    assert "S0000003 张伟 初三(2)班" in review
    assert count(library, "SELECT COUNT(*) FROM patron WHERE name = '张伟'") == 1
    done = browser.post("/privacy/run", follow_redirects=True).get_data(as_text=True)
    assert "已匿名化" in done
    assert 'id="privacy-nothing"' in done
    assert count(library, "SELECT COUNT(*) FROM patron WHERE name = '张伟'") == 0


def test_export_and_erase_a_pupil(librarian) -> None:
    desk, library = librarian
    browser = desk.client("librarian")
    browser.get("/privacy/")
    sheet = browser.get("/privacy/export?card=s0000002")
    book = openpyxl.load_workbook(io.BytesIO(sheet.data))
    assert book.sheetnames == ["读者", "借阅", "预约", "赔偿", "记录"]
    assert ("name", "王芳") in set(book["读者"].iter_rows(values_only=True))
    unknown = browser.get("/privacy/export?card=S9", follow_redirects=True)
    assert "找不到借书证 S9" in unknown.get_data(as_text=True)
    refused = browser.post(
        "/privacy/erase", {"card": "S0000005"}, follow_redirects=True
    )
    assert "还有 1 本书未还" in refused.get_data(as_text=True)
    erased = browser.post("/privacy/erase", {"card": "S0000002"}, follow_redirects=True)
    assert "已删除 S0000002 王芳 的身份信息" in erased.get_data(as_text=True)
    assert count(library, "SELECT COUNT(*) FROM patron WHERE name = '王芳'") == 0
    helper = desk.client("helper")
    assert helper.get("/privacy/").status_code == 403
    assert helper.post("/privacy/erase", {"card": "S0000001"}).status_code == 403
