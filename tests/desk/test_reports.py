"""The reports page: periods, a kiosk or all, the command's figures, downloads."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest

from kiosk.admin import reports as report
from kiosk.db import reports as store
from kiosk.desk.reports import period_dates


@pytest.mark.parametrize(
    ("period", "today", "first"),
    [
        ("week", dt.date(2026, 12, 4), dt.date(2026, 11, 30)),  # a Friday
        ("month", dt.date(2026, 12, 4), dt.date(2026, 12, 1)),
        ("term", dt.date(2026, 12, 4), dt.date(2026, 9, 1)),
        ("term", dt.date(2027, 1, 10), dt.date(2026, 9, 1)),
        ("term", dt.date(2027, 3, 10), dt.date(2027, 2, 1)),
        ("year", dt.date(2027, 3, 10), dt.date(2026, 9, 1)),
        ("year", dt.date(2026, 8, 20), dt.date(2026, 8, 20)),  # before 1 September
    ],
)
def test_periods_end_today(period: str, today: dt.date, first: dt.date) -> None:
    assert period_dates(period, today) == (first, today)


def lend_two(desk) -> None:
    service = desk.context.circulation
    patron = desk.small.patron_id("S0000001")
    assert service.check_out(patron, "10000001").ok
    assert service.check_out(patron, "10000003").ok
    assert service.check_in("10000001").ok


def test_the_page_shows_the_commands_figures(desk) -> None:
    lend_two(desk)
    page = desk.client("viewer").get("/reports/?period=month").get_data(as_text=True)
    today = desk.small.clock.now().date()
    fig = store.gather(desk.context.database, today.replace(day=1), today)
    assert fig.loans == 2
    summary = page.split('id="rep-summary"')[1].split("</section>")[0]
    for label, value in report.sections(fig, "zh-CN")[0].rows:
        assert f"<td>{label}</td>" in summary
        assert f">{value}</td>" in summary
    assert "<svg" in page  # the monthly trend, drawn in the page
    assert "下载 PDF" in page


def test_a_kiosk_of_its_own_counts_only_its_loans(desk) -> None:
    lend_two(desk)
    page = desk.client("viewer").get("/reports/?period=month&kiosk=nowhere")
    text = page.get_data(as_text=True)
    summary = text.split('id="rep-summary"')[1].split("</section>")[0]
    assert "nowhere" in summary
    assert "没有借阅记录" in text


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("period=dates&from=2026-13-01&to=2026-12-01", "请选择起止日期"),
        ("period=dates&from=2026-12-04&to=2026-12-01", "开始日期不能晚于结束日期"),
    ],
)
def test_bad_dates_are_one_line(desk, query: str, message: str) -> None:
    response = desk.client("viewer").get(f"/reports/?{query}")
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    download = desk.client("viewer").get(f"/reports/report.xlsx?{query}")
    assert download.status_code == 400


def test_the_xlsx_download_is_the_commands_workbook(desk) -> None:
    lend_two(desk)
    response = desk.client("viewer").get("/reports/report.xlsx?period=month")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    assert book.sheetnames[0] == "概况"
    rows = list(book.worksheets[0].values)
    assert ("借出", 2) in rows or any(r[1] == 2 for r in rows[1:])


@pytest.mark.slow
def test_the_pdf_download_is_a_pdf(desk) -> None:
    lend_two(desk)
    response = desk.client("librarian").get("/reports/report.pdf?period=year")
    assert response.status_code == 200
    assert response.data.startswith(b"%PDF")
    assert "attachment" in response.headers["Content-Disposition"]


def test_a_viewer_sees_reports_and_the_dashboard_only(desk) -> None:
    viewer = desk.client("viewer")
    page = viewer.get("/").get_data(as_text=True)
    assert "/reports/" in page
    assert "/patrons/" not in page
    assert viewer.get("/reports/").status_code == 200
    for url in ("/patrons/", "/circulation/", "/catalogue/", "/holds/", "/settings/"):
        assert viewer.get(url).status_code == 403, url
