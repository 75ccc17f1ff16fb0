"""The desk in a real browser: headless Chromium (Debian's) driven by Playwright.

The desk runs on the demo library, served by waitress on 127.0.0.1 on a free
port. The script is what a librarian does on a Monday morning; a screenshot
of each page is kept (``DESK_SCREENSHOTS=docs`` writes them to docs/desk-*.png
for the README, after a person has looked at them).
"""

from __future__ import annotations

import dataclasses
import os
import shutil
from pathlib import Path

import pytest

from kiosk.clock import FixedClock
from kiosk.config import load_config
from kiosk.db import accounts
from kiosk.desk.app import create_app
from kiosk.desk.context import DeskContext
from kiosk.desk.server import serve_in_thread
from kiosk.runtime import open_library
from tests.conftest import PROJECT, SCHOOL_DAY

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
HELPER = ("helper", "helper-password")

pytestmark = pytest.mark.slow


@dataclasses.dataclass
class Served:
    url: str
    library: object
    clock: FixedClock
    shots: Path


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    folder = tmp_path_factory.mktemp("desk")
    config = folder / "config.toml"
    config.write_text((PROJECT / "config.toml").read_text(encoding="utf-8"))
    settings = load_config(config)
    clock = FixedClock(SCHOOL_DAY)
    library = open_library(settings, clock, demo=True)
    accounts.ensure_demo_account(library.database, clock.now())
    accounts.add_account(
        library.database, *HELPER[:1], "helper", HELPER[1], at=clock.now()
    )
    app = create_app(DeskContext(settings, library, clock, demo=True))
    running = serve_in_thread(app)
    shots = Path(os.environ.get("DESK_SCREENSHOTS") or folder / "shots")
    if not shots.is_absolute():
        shots = PROJECT / shots
    shots.mkdir(parents=True, exist_ok=True)
    yield Served(running.url, library, clock, shots)
    running.stop()
    library.close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: apt-get install chromium (./run test does)")
    with sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, served):
    context = browser.new_context(
        viewport={"width": 1280, "height": 860}, locale="zh-CN"
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def shot(page, served, name: str) -> None:
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(served.shots / f"desk-{name}.png"), full_page=True)


def sign_in(page, served, name: str, password: str) -> None:
    page.goto(served.url + "/")
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", password)
    page.click("#login button[type=submit]")
    page.wait_for_url(served.url + "/")


def free_student(served):
    """A pupil with nothing on loan, and three books on the shelf with no holds."""
    database = served.library.database
    card, patron_id = database.execute_sql(
        "SELECT card, id FROM patron WHERE type = 'student' AND status = 'active'"
        " AND id NOT IN (SELECT patron_id FROM loan WHERE returned_at IS NULL)"
        " ORDER BY id LIMIT 1"
    ).fetchone()
    books = [
        row[0]
        for row in database.execute_sql(
            "SELECT MIN(i.barcode) FROM item i WHERE i.status = 'available'"
            " AND i.title_id NOT IN (SELECT title_id FROM hold WHERE status IN"
            " ('waiting', 'ready')) GROUP BY i.title_id ORDER BY i.title_id LIMIT 3"
        ).fetchall()
    ]
    return card, patron_id, books


def scan(page, code: str) -> None:
    """Type a code into the scan box and press Enter, as a hand scanner does."""
    box = page.locator("#scan-box")
    box.type(code, delay=5)
    with page.expect_response(
        lambda r: "/circulation/" in r.url and r.request.method == "POST"
    ):
        box.press("Enter")
    page.wait_for_timeout(100)  # htmx settles the swap


def test_librarian_morning(page, served) -> None:
    database = served.library.database
    database.execute_sql(
        "UPDATE loanrule SET max_items = 2 WHERE patron_type = 'student'"
    )
    card, _, books = free_student(served)
    sign_in(page, served, "librarian", "demo-librarian")
    assert "概览" in page.content()
    shot(page, served, "dashboard")

    # Find the pupil by the pinyin initials of their name.
    name, letters = database.execute_sql(
        "SELECT name, initials FROM patron WHERE card = ?", (card,)
    ).fetchone()
    page.click("header nav >> text=读者")
    page.locator("#patron-q").type(letters, delay=20)
    page.wait_for_selector(f"#patron-hits >> text={name}")
    shot(page, served, "patrons")
    page.click(f"#patron-hits >> text={name}")
    page.wait_for_selector("#patron-name")
    shot(page, served, "patron")

    # Lend two books by typing their barcodes with Enter, as a hand scanner does.
    page.click("header nav >> text=借还")
    scan(page, card)
    assert page.locator("#patron-panel").is_visible()
    scan(page, books[0])
    assert page.locator("#outcome").get_attribute("data-outcome") == "CHECKED_OUT"
    scan(page, books[1])
    assert page.locator("#outcome").get_attribute("data-outcome") == "CHECKED_OUT"
    # The third is over the limit: refused, then overridden with a reason.
    scan(page, books[2])
    assert page.locator("#outcome").get_attribute("data-outcome") == "LIMIT_REACHED"
    page.fill("#override-reason", "班级读书活动")
    page.click("#override-button")
    page.wait_for_selector("#outcome[data-outcome=CHECKED_OUT]")
    assert page.locator("#loans tr[data-barcode]").count() == 3
    # The scan box keeps the focus after a click elsewhere.
    page.click("h1")
    page.wait_for_function("document.activeElement.id === 'scan-box'", timeout=2000)
    shot(page, served, "circulation")

    # Return one in the returns tab.
    page.click("#tab-returns")
    scan(page, books[0])
    assert (
        page.locator("#returns .outcome").first.get_attribute("data-outcome")
        == "RETURNED"
    )
    shot(page, served, "returns")
    note = database.execute_sql(
        "SELECT note, staff FROM event WHERE action = 'check_out' AND note != ''"
    ).fetchone()
    assert note[1] == "librarian"
    assert "班级读书活动" in note[0]

    # Add a holiday and see the next due date move.
    page.goto(served.url + "/settings/calendar")
    due = served.library.service.preview_due("student", None)
    assert due.isoformat() in page.locator("#due-previews").inner_text()
    page.fill("#period-start", due.isoformat())
    page.fill("#period-end", due.isoformat())
    page.fill("#period-reason", "校运动会")
    page.click("#period-save")
    page.wait_for_selector("text=校运动会")
    moved = served.library.service.preview_due("student", None)
    assert moved > due
    assert moved.isoformat() in page.locator("#due-previews").inner_text()
    shot(page, served, "calendar")
    page.goto(served.url + "/settings/rules")
    shot(page, served, "rules")

    # The catalogue: a title by part of its name, its copies and who has them.
    page.click("header nav >> text=书目")
    page.locator("#catalogue-q").type("西游", delay=20)
    page.wait_for_selector("#title-hits >> text=西游记")
    shot(page, served, "catalogue")
    page.click("#title-hits >> text=西游记")
    page.wait_for_selector("#copies")
    shot(page, served, "title")
    page.click("header nav >> text=预约")
    shot(page, served, "holds")

    page.click("#sign-out")
    page.wait_for_url("**/login")


def test_helper_cannot_open_settings(page, served) -> None:
    sign_in(page, served, *HELPER)
    assert page.locator("header nav >> text=设置").count() == 0
    response = page.goto(served.url + "/settings/")
    assert response.status == 403
    assert "不能使用这个页面" in page.content()


def test_chinese_renders_with_a_real_font(page, served) -> None:
    sign_in(page, served, "librarian", "demo-librarian")
    page.goto(served.url + "/")
    # The page asks for the desk's own Chinese face; it must load (no boxes on a
    # PC without a Chinese font).
    loaded = page.evaluate(
        "document.fonts.load('16px \"Desk CJK\"', '借还').then(f => f.length)"
    )
    assert loaded >= 1


def test_librarian_year_work(page, served, tmp_path) -> None:
    """Roster upload with two bad rows, confirm, find a pupil; the term report."""
    import openpyxl

    rows = [["学号", "姓名", "班级"]]
    rows += [[f"S27{n:05d}", f"新生{n}号", f"初一({n % 4 + 1})班"] for n in range(40)]
    rows[7][0] = "X7"  # row 8: not a card number
    rows[12][1] = ""  # row 13: no name
    rows.append(["S2799999", "欧阳晓月", "初一(1)班"])
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    roster = tmp_path / "新生名单.xlsx"
    book.save(roster)

    sign_in(page, served, "librarian", "demo-librarian")
    page.click("header nav >> text=导入")
    shot(page, served, "imports")
    page.set_input_files("#roster-upload input[name=file]", str(roster))
    page.click("#roster-upload button[type=submit]")
    page.wait_for_selector("#import-errors, #upload-refused", timeout=20_000)
    page.wait_for_load_state("networkidle")
    assert page.locator("#upload-refused").count() == 0, page.inner_text("main")
    errors = page.locator("#import-errors td.num").all_inner_texts()
    assert errors == ["8", "13"]
    shot(page, served, "import-preview")
    page.click("#import-confirm button")
    page.wait_for_selector("#import-saved")
    assert "新增 39 人" in page.inner_text("#import-saved")

    page.click("header nav >> text=读者")
    page.fill("#patron-q", "欧阳")
    page.wait_for_selector("text=S2799999")

    page.click("header nav >> text=统计报表")
    page.check("input[name=period][value=term]")
    page.click(".report-form button[type=submit]")
    page.wait_for_selector("#rep-summary")
    assert page.locator("#rep-months svg rect").count() > 0
    shot(page, served, "reports")
    with page.expect_download() as download:
        page.click("text=下载 PDF")
    pdf = download.value.path()
    assert Path(pdf).read_bytes().startswith(b"%PDF")


def test_new_books_to_labels_then_a_stocktake(page, served, tmp_path) -> None:
    """A supplier list, confirmed, its spine labels read back; a shelf counted."""
    from kiosk.admin.labels import GRID, PER_PAGE
    from kiosk.admin.sheets import DPI
    from tests.admin.helpers import read_sheet_cells, write_csv
    from tests.admin.test_catalogue import NEW_A, NEW_B

    supplier = write_csv(
        tmp_path / "书商清单.csv",
        [
            ["ISBN", "书名", "册数", "单价"],
            [NEW_A, "夏洛的网", 2, "25.00"],
            [NEW_B, "小王子", 1, "18.00"],
        ],
    )
    sign_in(page, served, "librarian", "demo-librarian")
    page.click("header nav >> text=导入")
    page.set_input_files("#catalogue-upload input[name=file]", str(supplier))
    page.fill("#catalogue-upload input[name=supplier]", "新华书店")
    page.click("#catalogue-upload button[type=submit]")
    page.wait_for_selector("#import-confirm button", timeout=20_000)
    page.click("#import-confirm button")
    page.wait_for_selector("#import-saved")
    assert "新华书店" in page.inner_text("#import-saved")
    page.click("#labels-link")
    page.wait_for_selector("#labels-count")
    shot(page, served, "labels")
    with page.expect_download() as download:
        page.click("#labels-count a.button")
    pdf = Path(download.value.path())
    assert pdf.read_bytes().startswith(b"%PDF")
    read = [
        code
        for sheet in read_sheet_cells(pdf, GRID.box_mm, PER_PAGE, DPI)
        for code in sheet
    ]
    new_copies = {
        b
        for (b,) in served.library.database.execute_sql(
            "SELECT i.barcode FROM item i JOIN title t ON t.id = i.title_id"
            " WHERE t.isbn IN (?, ?)",
            (NEW_A, NEW_B),
        ).fetchall()
    }
    assert len(new_copies) == 3
    assert sorted(read) == sorted(new_copies)  # the decoder reads every new label

    page.click("header nav >> text=登记簿")
    page.click("#tab-purchases")
    page.wait_for_selector("#register-lines")
    assert "新华书店" in page.inner_text("#register-lines")
    shot(page, served, "registers")
    page.click("#tab-losses")
    page.wait_for_selector("#form-lost")
    shot(page, served, "registers-losses")

    shelf = served.library.database.execute_sql(
        "SELECT barcode FROM item WHERE location = 'H区' AND status = 'available'"
        " ORDER BY barcode"
    ).fetchall()
    page.click("header nav >> text=清点")
    page.fill("#stocktake-start input[name=location]", "H区")
    page.click("#start-button")
    page.wait_for_selector("#scan-box")
    typed = [b for (b,) in shelf[:10]]
    for code in typed:
        box = page.locator("#scan-box")
        box.type(code, delay=5)
        with page.expect_response(lambda r: r.url.endswith("/stocktake/scan")) as sent:
            box.press("Enter")
        page.wait_for_timeout(100)
    from playwright.sync_api import expect

    expect(page.locator("#scanned-count")).to_have_text("10")
    assert typed[-1] in page.inner_text("#recent-scans")
    # The scan's own answer (the 2 s refresh then shows the counts without it).
    assert "在架" in sent.value.text()
    shot(page, served, "stocktake")
    page.click("#finish-button")
    page.wait_for_selector("#section-missing")
    missing = page.inner_text("#section-missing")
    assert str(len(shelf) - 10) in page.inner_text("#section-missing h2")
    assert shelf[10][0] in missing
    assert typed[0] not in missing
    shot(page, served, "stocktake-report")
    with page.expect_download() as download:
        page.click("text=导出报告（Excel）")
    assert Path(download.value.path()).read_bytes().startswith(b"PK")


def test_kiosks_page_shows_what_each_kiosk_said(page, served) -> None:
    from kiosk.db.dashboard import beat

    now = served.clock.now()
    database = served.library.database
    beat(
        database,
        "自助机-1",
        now=now,
        started_at=now,
        mode="checkout",
        printer="ready",
        camera="live",
    )
    beat(
        database,
        "还书机-1",
        now=now,
        started_at=now,
        mode="returns",
        printer="paper_out",
        camera="unavailable",
        backlog=3,
    )
    sign_in(page, served, "librarian", "demo-librarian")
    page.click("header nav >> text=自助机")
    page.wait_for_selector("#kiosk-list")
    text = page.inner_text("#kiosk-list")
    assert "打印机缺纸" in text
    assert "连不上，请检查摄像头" in text
    shot(page, served, "kiosks")
    page.click("header nav >> text=个人信息")
    page.wait_for_selector("#privacy-review")
    shot(page, served, "privacy")


def test_librarian_gives_a_pupil_a_self_check_pin(page, served) -> None:
    _, patron_id, _ = free_student(served)
    sign_in(page, served, "librarian", "demo-librarian")
    page.goto(f"{served.url}/patrons/{patron_id}")
    assert "没有密码" in page.locator("#pin-state").inner_text()
    page.fill("#patron-pin input[name=pin]", "12")
    page.click("#patron-pin button.primary")
    # The browser's own check stops a PIN that is too short before it is sent.
    assert page.url.endswith(f"/patrons/{patron_id}")
    assert served.library.store.patron_pin_hash(patron_id) is None
    page.fill("#patron-pin input[name=pin]", "2468")
    page.click("#patron-pin button.primary")
    page.wait_for_load_state("networkidle")
    assert "密码已设置" in page.content()
    assert "已设密码" in page.locator("#pin-state").inner_text()
    shot(page, served, "patron-pin")
    assert served.library.store.patron_pin_hash(patron_id) is not None
    page.click("#patron-pin button[name=remove]")
    page.wait_for_load_state("networkidle")
    assert "没有密码" in page.locator("#pin-state").inner_text()
    assert served.library.store.patron_pin_hash(patron_id) is None
