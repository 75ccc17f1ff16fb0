"""The registers page: lists with filters, one form per entry, XLSX like the command.

Entries go through ``kiosk.admin.registers.perform`` (the command line's), so
the page is checked on what the library then holds and what the kiosk does.
"""

from __future__ import annotations

import io

import openpyxl

from kiosk.circulation.outcomes import Outcome
from tests.conftest import ISBN_TWO


def status_of(desk, barcode: str) -> str:
    sql = "SELECT status FROM item WHERE barcode = ?"
    return desk.small.library.database.execute_sql(sql, (barcode,)).fetchone()[0]


def flashed(page) -> str:
    return page.get_data(as_text=True).split("<main>")[1].split("</p>")[0]


def test_repair_send_and_back_from_the_page(desk) -> None:
    librarian = desk.client("librarian")
    librarian.get("/registers/?tab=repairs")
    sent = librarian.post(
        "/registers/repairs/repair",
        {"barcode": "10000001", "note": "书脊开裂"},
        follow_redirects=True,
    )
    assert "已送修：10000001《红楼梦》（修补登记 1）。" in flashed(sent)
    assert status_of(desk, "10000001") == "in_repair"
    refused = desk.context.circulation.check_out(
        desk.small.patron_id("S0000001"), "10000001"
    )
    assert refused.outcome is Outcome.NOT_FOR_LOAN
    page = sent.get_data(as_text=True)
    lines = page.split('id="register-lines"')[1].split("</section>")[0]
    assert all(word in lines for word in ("10000001", "书脊开裂", "修补中"))

    back = librarian.post(
        "/registers/repairs/back", {"barcode": "10000001"}, follow_redirects=True
    )
    assert "已修好归架：10000001《红楼梦》。" in flashed(back)
    assert status_of(desk, "10000001") == "available"
    still_away = librarian.get("/registers/?tab=repairs&open=1")
    assert (
        "10000001"
        not in still_away.get_data(as_text=True)
        .split('id="register-lines"')[1]
        .split("</section>")[0]
    )


def test_refusals_are_one_line_and_write_nothing(desk) -> None:
    librarian = desk.client("librarian")
    librarian.get("/registers/?tab=withdrawals")
    unknown = librarian.post(
        "/registers/withdrawals/withdraw",
        {"barcode": "99999999", "reason": "旧"},
        follow_redirects=True,
    )
    assert "没有条码为 99999999 的书。未写入任何内容。" in flashed(unknown)
    no_reason = librarian.post(
        "/registers/withdrawals/withdraw",
        {"barcode": "10000002", "reason": "  "},
        follow_redirects=True,
    )
    assert "请写明注销原因。未写入任何内容。" in flashed(no_reason)
    assert status_of(desk, "10000002") == "available"
    bad_amount = librarian.post(
        "/registers/losses/paid", {"id": "1", "amount": "十元"}, follow_redirects=True
    )
    assert "“十元”不是金额" in flashed(bad_amount)
    bad_id = librarian.post(
        "/registers/losses/paid", {"id": "一", "amount": "3"}, follow_redirects=True
    )
    assert "“一”不是登记编号" in flashed(bad_id)
    # An action that does not belong to the register is not a page.
    assert librarian.post("/registers/repairs/withdraw", {}).status_code == 404


def test_loss_on_loan_payments_and_the_class_filter(desk) -> None:
    service = desk.context.circulation
    assert service.check_out(desk.small.patron_id("S0000001"), "10000001").ok
    librarian = desk.client("librarian")
    librarian.get("/registers/?tab=losses")
    lost = librarian.post(
        "/registers/losses/lost",
        {"barcode": "10000001", "asked": "30", "card": "", "note": ""},
        follow_redirects=True,
    )
    assert "已登记丢失：10000001《红楼梦》，赔偿登记 1" in flashed(lost)
    assert status_of(desk, "10000001") == "lost"
    paid = librarian.post(
        "/registers/losses/paid", {"id": "1", "amount": "12.50"}, follow_redirects=True
    )
    assert "收到 12.50 元" in flashed(paid)
    page = librarian.get("/registers/?tab=losses&class=初二(3)班").get_data(
        as_text=True
    )
    totals = page.split('id="register-totals"')[1].split("</p>")[0]
    assert all(figure in totals for figure in ("30.00", "12.50", "17.50"))
    other = librarian.get("/registers/?tab=losses&class=初一(1)班").get_data(
        as_text=True
    )
    assert "10000001" not in other.split('id="register-lines"')[1]
    overpaid = librarian.post(
        "/registers/losses/paid", {"id": "1", "amount": "20"}, follow_redirects=True
    )
    assert "未写入任何内容" in flashed(overpaid)


def test_reservation_for_a_teacher_and_not_for_a_pupil(desk) -> None:
    librarian = desk.client("librarian")
    librarian.get("/registers/?tab=reservations")
    placed = librarian.post(
        "/registers/reservations/reserve",
        {"card": "t0000001", "isbn": ISBN_TWO},
        follow_redirects=True,
    )
    assert "已为 T0000001 赵老师 预约《草房子》。" in flashed(placed)
    assert "赵老师" in placed.get_data(as_text=True).split('id="register-lines"')[1]
    pupil = librarian.post(
        "/registers/reservations/reserve",
        {"card": "S0000002", "isbn": ISBN_TWO},
        follow_redirects=True,
    )
    assert "不是教师或职工" in flashed(pupil)


def test_workbooks_one_and_all_and_bad_dates(desk) -> None:
    librarian = desk.client("librarian")
    librarian.get("/registers/?tab=repairs")
    librarian.post("/registers/repairs/repair", {"barcode": "10000002"})
    one = openpyxl.load_workbook(
        io.BytesIO(librarian.get("/registers/repairs.xlsx?tab=repairs").data)
    )
    assert one.sheetnames == ["修补登记"]
    assert [r[1] for r in one.worksheets[0].iter_rows(min_row=2, values_only=True)] == [
        "10000002"
    ]
    every = openpyxl.load_workbook(
        io.BytesIO(librarian.get("/registers/all.xlsx").data)
    )
    assert every.sheetnames == [
        "修补登记",
        "注销登记",
        "丢失损坏赔偿",
        "教师预约",
        "教职工借阅",
    ]
    purchases = openpyxl.load_workbook(
        io.BytesIO(librarian.get("/registers/purchases.xlsx").data)
    )
    assert purchases.worksheets[0].max_row == 2  # header and the totals row
    bad = librarian.get("/registers/?tab=repairs&from=2026-13-01")
    assert bad.status_code == 400
    assert "2026-13-01" in bad.get_data(as_text=True)
    backwards = librarian.get("/registers/all.xlsx?from=2026-12-01&to=2026-11-01")
    assert backwards.status_code == 400
    assert librarian.get("/registers/?tab=nothing").status_code == 404


def test_roles_helper_reads_viewer_does_not(desk) -> None:
    helper = desk.client("helper")
    page = helper.get("/registers/?tab=repairs")
    assert page.status_code == 200
    assert 'id="form-repair"' not in page.get_data(as_text=True)
    assert (
        helper.post("/registers/repairs/repair", {"barcode": "10000002"}).status_code
        == 403
    )
    assert status_of(desk, "10000002") == "available"
    assert desk.client("viewer").get("/registers/").status_code == 403
    assert desk.client("librarian").get("/registers/?tab=purchases").status_code == 200


def test_a_note_that_looks_like_a_formula_is_text_in_the_workbook(
    desk, tmp_path
) -> None:
    from tests.admin.test_spreadsheet_injection import EVIL, assert_safe

    librarian = desk.client("librarian")
    librarian.get("/registers/?tab=repairs")
    librarian.post("/registers/repairs/repair", {"barcode": "10000002", "note": EVIL})
    path = tmp_path / "all.xlsx"
    path.write_bytes(librarian.get("/registers/all.xlsx").data)
    assert_safe(path, [EVIL])
