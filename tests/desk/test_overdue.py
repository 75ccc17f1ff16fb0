"""The overdue page: by class, days late, notices and the recall list."""

from __future__ import annotations

import io

import openpyxl


def lend_then_wait(desk, days: int = 40) -> None:
    service = desk.context.circulation
    li = desk.small.patron_id("S0000001")
    assert service.check_out(li, "10000001").ok
    assert service.check_out(li, "10000003").ok
    desk.small.clock.advance(days=days)


def test_overdue_books_by_class_with_days_late(desk) -> None:
    helper = desk.client("helper")
    assert "没有超期未还的书" in helper.get("/overdue/").get_data(as_text=True)
    lend_then_wait(desk)
    helper = desk.client("helper")  # signed in again: 40 days ended the session
    page = helper.get("/overdue/").get_data(as_text=True)
    section = page.split('class="card overdue-class"')[1].split("</section>")[0]
    assert "初二(3)班" in section
    assert section.count("S0000001") == 2
    assert 'class="num overdue">' in section


def test_the_documents_are_the_commands(desk) -> None:
    lend_then_wait(desk)
    helper = desk.client("helper")
    notices = helper.get("/overdue/notices.pdf")
    assert notices.data.startswith(b"%PDF")
    recall = helper.get("/overdue/recall.pdf?class=初二(3)班")
    assert recall.data.startswith(b"%PDF")
    book = openpyxl.load_workbook(io.BytesIO(helper.get("/overdue/recall.xlsx").data))
    rows = list(book.worksheets[0].values)
    assert sum(1 for r in rows if "S0000001" in r) == 2


def test_an_unknown_class_is_one_line_and_nothing_is_due_yet(desk) -> None:
    helper = desk.client("helper")
    bad = helper.get("/overdue/?class=初九(1)班")
    assert bad.status_code == 400
    assert "初九(1)班" in bad.get_data(as_text=True)
    assert helper.get("/overdue/notices.pdf").status_code == 404  # nothing overdue
    assert helper.get("/overdue/notes.pdf").status_code == 404
    assert desk.client("viewer").get("/overdue/").status_code == 403
