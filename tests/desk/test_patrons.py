"""Patrons at the desk: search, class lists, a patron's page, edit, block, card PDF."""

from __future__ import annotations

import datetime as dt
import logging
import re
from decimal import Decimal

import pytest

from kiosk.db import bulk, registers

YE = {
    "id": 10,
    "card": "S0000010",
    "name": "叶浩",
    "class_name": "初二(3)班",
    "grade": 8,
    "type": "student",
    "status": "active",
    "card_expiry": dt.date(2028, 7, 31),
}


def _hit_names(page: str) -> list[str]:
    table = page.split('id="patron-hits"')[1].split("</table>")[0]
    return re.findall(r'<a href="/patrons/\d+">([^<]+)</a>', table)


def _add_ye(desk) -> int:
    bulk.insert_tables(desk.context.database, {"patron": [YE]})
    (initials,) = desk.context.database.execute_sql(
        "SELECT initials FROM patron WHERE id = 10"
    ).fetchone()
    assert initials == "yh"  # filled for the search by pinyin initials
    return YE["id"]


@pytest.mark.parametrize(
    "query",
    ["yh", "YH", "浩", "叶", "叶浩", "S0000010", "s0000010", "0000010"],
)
def test_search_finds_a_pupil_by_initials_name_parts_and_card(desk, query) -> None:
    _add_ye(desk)
    page = desk.client("helper").get(f"/patrons/?q={query}").get_data(as_text=True)
    assert "叶浩" in _hit_names(page)


def test_search_by_class_lists_its_pupils_with_loans(desk) -> None:
    _add_ye(desk)
    desk.context.circulation.check_out(desk.small.patron_id("S0000001"), "10000003")
    desk.small.clock.advance(days=40)
    page = desk.client("helper").get("/patrons/?q=初二(3)").get_data(as_text=True)
    assert {"李明", "王芳", "叶浩", "张伟"} <= set(_hit_names(page))
    li = page.split('data-patron="1"')[1].split("</tr>")[0]
    assert '<td class="num">1</td>' in li  # one book out now
    assert '<td class="num overdue">1</td>' in li  # and it is overdue
    zhang = page.split('data-patron="3"')[1].split("</tr>")[0]
    assert "已停用" in zhang  # the status badge


def test_search_says_when_nothing_is_found(desk) -> None:
    page = desk.client("helper").get("/patrons/?q=zzzz").get_data(as_text=True)
    assert 'id="no-hits"' in page
    assert "没有找到“zzzz”" in page


def test_htmx_gets_the_results_only_and_a_history_restore_the_page(desk) -> None:
    browser = desk.client("helper")
    fragment = browser.get("/patrons/?q=李", headers={"HX-Request": "true"})
    text = fragment.get_data(as_text=True)
    assert "<html" not in text
    assert "李明" in text
    assert "HX-Request" in fragment.headers["Vary"]
    restore = browser.get(
        "/patrons/?q=李",
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )
    assert "<html" in restore.get_data(as_text=True)
    page = browser.get("/patrons/").get_data(as_text=True)
    assert 'hx-trigger="input changed delay:200ms, search"' in page
    assert 'hx-target="#results"' in page


def test_empty_search_shows_the_class_lists(desk) -> None:
    page = desk.client("helper").get("/patrons/").get_data(as_text=True)
    assert 'href="/patrons/classes"' in page
    assert "班级名单" in page
    assert 'href="/patrons/class/%E5%88%9D%E4%BA%8C(3)%E7%8F%AD"' in page


def test_classes_page_and_a_class_roster_by_card(desk) -> None:
    service = desk.context.circulation
    service.check_out(desk.small.patron_id("S0000002"), "10000001")
    service.check_out(desk.small.patron_id("S0000002"), "10000003")
    desk.small.clock.advance(days=40)
    browser = desk.client("helper")
    classes = browser.get("/patrons/classes").get_data(as_text=True)
    row = classes.split("初二(3)班</a>")[1].split("</tr>")[0]
    # Active pupils only: 李明, 王芳, 陈静 (张伟 is blocked, 刘洋 has left).
    assert re.findall(r'class="num[^"]*">(\d*)<', row) == ["3", "2", "2"]
    roster = browser.get("/patrons/class/初二(3)班").get_data(as_text=True)
    cards = re.findall(r"<td>(S\d+)</td>", roster)
    assert cards == sorted(cards) == ["S0000001", "S0000002", "S0000005"]
    wang = roster.split('data-patron="2"')[1].split("</tr>")[0]
    assert "红楼梦" in wang
    assert "草房子" in wang
    assert '<td class="num overdue">2</td>' in wang
    assert "张伟" not in roster  # blocked: not on the class roster
    missing = browser.get("/patrons/class/没有这个班")
    assert missing.status_code == 404
    assert "没有这个班" in missing.get_data(as_text=True)


def test_patron_page_shows_loans_overdue_and_a_link_to_the_desk(desk) -> None:
    service, clock = desk.context.circulation, desk.small.clock
    patron = desk.small.patron_id("S0000001")
    service.check_out(patron, "10000003")
    clock.advance(days=30)
    page = desk.client("helper").get(f"/patrons/{patron}").get_data(as_text=True)
    loans = page.split('id="loans"')[1].split("</table>")[0]
    assert "草房子" in loans
    assert "10000003" in loans
    assert 'class="overdue"' in loans
    assert f'href="/circulation/?patron={patron}"' in page
    assert "S0000001" in page
    assert "初二(3)班" in page
    assert "正常" in page


def test_expired_card_is_shown_in_red(desk) -> None:
    page = (
        desk.client("helper")
        .get(f"/patrons/{desk.small.patron_id('S0000005')}")
        .get_data(as_text=True)
    )
    expiry = page.split('id="card-expiry"')[0].rsplit("<span", 1)[1]
    assert 'class="overdue"' in expiry
    assert "已过期" in page


def test_history_is_paged_newest_first(desk) -> None:
    service, clock = desk.context.circulation, desk.small.clock
    patron = desk.small.patron_id("S0000002")
    service.check_out(patron, "10000003")
    service.check_in("10000003")  # the oldest loan: on the last page
    for _ in range(54):
        clock.advance(days=1)
        service.check_out(patron, "10000002")
        service.check_in("10000002")
    browser = desk.client("helper")
    first = browser.get(f"/patrons/{patron}").get_data(as_text=True)
    assert "借阅历史（共 55 次）" in first
    assert "第 1 / 2 页" in first
    assert first.count("<tr><td>红楼梦") == 50
    assert f'href="/patrons/{patron}?page=2#history"' in first
    returned = re.findall(r"<td>(\d{4}-\d\d-\d\d)</td><td", first)
    assert returned == sorted(returned, reverse=True)
    second = browser.get(f"/patrons/{patron}?page=2").get_data(as_text=True)
    assert second.count("<tr><td>红楼梦") == 4
    assert "<tr><td>草房子" in second
    assert "第 2 / 2 页" in second
    assert browser.get(f"/patrons/{patron}?page=x").status_code == 200


def test_compensation_owed_and_a_lost_book_in_the_history(desk) -> None:
    database, now = desk.context.database, desk.small.clock.now()
    patron = desk.small.patron_id("S0000001")
    desk.context.circulation.check_out(patron, "10000001")
    rule = registers.CompensationRule(Decimal(2), Decimal(10))
    lost = registers.mark_lost(
        database, "10000001", rule=rule, now=now, kiosk="desk", asked=Decimal(30)
    )
    assert lost.ok
    (loss_id,) = database.execute_sql("SELECT id FROM loss").fetchone()
    registers.record_payment(database, loss_id, Decimal(10), now=now, kiosk="desk")
    page = desk.client("helper").get(f"/patrons/{patron}").get_data(as_text=True)
    owed = page.split('id="owed"')[1].split("</table>")[0]
    assert "红楼梦" in owed
    assert "10000001" in owed
    assert "丢失" in owed
    assert re.findall(r">(\d+\.\d\d)<", owed) == ["30.00", "10.00", "20.00"]
    history = page.split('id="history"')[1].split("</table>")[0]
    assert " · 丢失" in history


def test_nothing_owed_no_compensation_table(desk) -> None:
    page = desk.client("helper").get("/patrons/1").get_data(as_text=True)
    assert 'id="owed"' not in page


def test_helper_sees_no_forms_and_may_not_edit_or_block(desk) -> None:
    patron = desk.small.patron_id("S0000001")
    helper = desk.client("helper")
    page = helper.get(f"/patrons/{patron}").get_data(as_text=True)
    for form in ("edit-patron", "block-patron", "unblock-patron"):
        assert form not in page
    assert f"/patrons/{patron}/card.pdf" in page  # a helper may print the card
    edit = {"name": "x", "class_name": "", "grade": "", "type": "student"}
    assert helper.post(f"/patrons/{patron}/edit", edit).status_code == 403
    assert helper.post(f"/patrons/{patron}/block", {"reason": "x"}).status_code == 403
    assert helper.post(f"/patrons/{patron}/unblock").status_code == 403
    assert desk.small.store.patron(patron).name == "李明"


GOOD = {"name": "李明明", "class_name": "初二(4)班", "grade": "8", "type": "student"}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("grade", "40"),
        ("grade", "0"),
        ("grade", "八"),
        ("name", " "),
        ("name", "李" * 51),
        ("class_name", "班" * 31),
        ("type", "robot"),
    ],
)
def test_edit_with_a_bad_field_shows_the_error_and_changes_nothing(
    desk, field, value
) -> None:
    patron = desk.small.patron_id("S0000001")
    browser = desk.client("librarian")
    browser.get(f"/patrons/{patron}")
    response = browser.post(f"/patrons/{patron}/edit", {**GOOD, field: value})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    form = page.split('id="edit-patron"')[1].split("</form>")[0]
    assert f'data-field-error="{field}"' in form
    assert form.count("data-field-error") == 1
    assert 'value="初二(4)班"' in form or field == "class_name"  # as typed
    saved = desk.small.store.patron(patron)
    assert (saved.name, saved.class_name, saved.grade) == ("李明", "初二(3)班", 8)
    assert not desk.context.database.execute_sql(
        "SELECT 1 FROM event WHERE action = 'patron_edited'"
    ).fetchall()


def test_edit_saves_logs_the_change_and_keeps_names_out_of_the_log_file(
    desk, caplog
) -> None:
    patron = desk.small.patron_id("S0000001")
    browser = desk.client("librarian")
    browser.get(f"/patrons/{patron}")
    with caplog.at_level(logging.INFO):
        response = browser.post(
            f"/patrons/{patron}/edit", {**GOOD, "grade": "9", "type": "teacher"}
        )
    assert response.status_code == 302
    saved = desk.small.store.patron(patron)
    assert (saved.name, saved.class_name, saved.grade, saved.type.value) == (
        "李明明",
        "初二(4)班",
        9,
        "teacher",
    )
    assert "李明明" in _hit_names(browser.get("/patrons/?q=lmm").get_data(as_text=True))
    rows = desk.context.database.execute_sql(
        "SELECT staff, kiosk, patron_id, note FROM event WHERE action = 'patron_edited'"
    ).fetchall()
    assert len(rows) == 1
    staff, kiosk, logged_patron, note = rows[0]
    assert (staff, kiosk, logged_patron) == ("librarian", "desk", patron)
    assert "class_name: 初二(3)班 → 初二(4)班" in note
    assert "grade: 8 → 9" in note
    assert "type: student → teacher" in note
    assert "李明" not in caplog.text
    assert f"patron {patron}" in caplog.text


def test_edit_that_changes_nothing_writes_nothing(desk) -> None:
    patron = desk.small.patron_id("S0000001")
    browser = desk.client("librarian")
    browser.get(f"/patrons/{patron}")
    same = {"name": "李明", "class_name": "初二(3)班", "grade": "8", "type": "student"}
    response = browser.post(f"/patrons/{patron}/edit", same)
    assert response.status_code == 302
    assert "没有改动" in browser.get(f"/patrons/{patron}").get_data(as_text=True)
    assert not desk.context.database.execute_sql(
        "SELECT 1 FROM event WHERE action = 'patron_edited'"
    ).fetchall()


def test_block_needs_a_reason(desk) -> None:
    patron = desk.small.patron_id("S0000001")
    browser = desk.client("librarian")
    browser.get(f"/patrons/{patron}")
    response = browser.post(f"/patrons/{patron}/block", {"reason": " "})
    assert response.status_code == 400
    form = response.get_data(as_text=True).split('id="block-patron"')[1]
    assert 'data-field-error="reason"' in form.split("</form>")[0]
    assert desk.context.circulation.identify("S0000001").outcome.value == "PATRON_OK"


def test_block_and_unblock_a_card_at_the_kiosk(desk) -> None:
    patron = desk.small.patron_id("S0000001")
    service = desk.context.circulation
    browser = desk.client("librarian")
    browser.get(f"/patrons/{patron}")
    response = browser.post(f"/patrons/{patron}/block", {"reason": "损坏图书未赔"})
    assert response.status_code == 302
    assert service.identify("S0000001").outcome.value == "CARD_SUSPENDED"
    page = browser.get(f"/patrons/{patron}").get_data(as_text=True)
    assert "停用原因：损坏图书未赔" in page
    assert "unblock-patron" in page
    assert "block-patron" not in page.replace("unblock-patron", "")
    response = browser.post(f"/patrons/{patron}/unblock", {"reason": "已赔偿"})
    assert response.status_code == 302
    assert service.identify("S0000001").outcome.value == "PATRON_OK"
    events = desk.context.database.execute_sql(
        "SELECT action, staff, note FROM event WHERE patron_id = ?"
        " AND action LIKE 'patron_%' ORDER BY id",
        (patron,),
    ).fetchall()
    assert events == [
        ("patron_blocked", "librarian", "损坏图书未赔"),
        ("patron_unblocked", "librarian", "已赔偿"),
    ]
    assert "停用原因：" not in browser.get(f"/patrons/{patron}").get_data(as_text=True)


def test_a_patron_who_left_cannot_be_blocked_or_unblocked_here(desk) -> None:
    left = desk.small.patron_id("S0000004")
    browser = desk.client("librarian")
    page = browser.get(f"/patrons/{left}").get_data(as_text=True)
    assert 'id="patron-left"' in page
    assert "已离校" in page
    response = browser.post(f"/patrons/{left}/block", {"reason": "x"})
    assert response.status_code == 400
    assert "借书证不能在这里停用或恢复" in response.get_data(as_text=True)
    response = browser.post(f"/patrons/{left}/unblock")
    assert response.status_code == 302
    assert "借书证不能在这里停用或恢复" in browser.get(f"/patrons/{left}").get_data(
        as_text=True
    )
    assert desk.small.store.patron(left).status.value == "left"


@pytest.mark.parametrize("pin", ["", "123", "123456789", "12a4", "１２３４", "12 34"])
def test_a_pin_that_is_not_4_to_8_digits_is_refused(desk, pin) -> None:
    patron = desk.small.patron_id("S0000001")
    browser = desk.client("librarian")
    browser.get(f"/patrons/{patron}")
    response = browser.post(f"/patrons/{patron}/pin", {"pin": pin})
    assert response.status_code == 400
    form = response.get_data(as_text=True).split('id="patron-pin"')[1]
    assert 'data-field-error="pin"' in form.split("</form>")[0]
    assert desk.small.store.patron_pin_hash(patron) is None


def test_set_and_remove_a_pin_stores_only_its_hash(desk, caplog) -> None:
    from kiosk.staff import check_pin

    patron = desk.small.patron_id("S0000001")
    browser = desk.client("librarian")
    assert "没有密码" in browser.get(f"/patrons/{patron}").get_data(as_text=True)
    with caplog.at_level(logging.DEBUG):
        response = browser.post(f"/patrons/{patron}/pin", {"pin": "2468"})
    assert response.status_code == 302
    stored = desk.small.store.patron_pin_hash(patron)
    assert stored is not None
    assert "2468" not in stored
    assert check_pin("2468", stored)
    assert not check_pin("2469", stored)
    page = browser.get(f"/patrons/{patron}").get_data(as_text=True)
    assert "密码已设置" in page
    assert "已设密码" in page
    assert "取消密码" in page
    assert browser.post(f"/patrons/{patron}/pin", {"remove": "1"}).status_code == 302
    assert desk.small.store.patron_pin_hash(patron) is None
    assert "没有密码" in browser.get(f"/patrons/{patron}").get_data(as_text=True)
    events = desk.context.database.execute_sql(
        "SELECT action, staff, note FROM event WHERE patron_id = ?"
        " AND action LIKE 'patron_pin%' ORDER BY id",
        (patron,),
    ).fetchall()
    assert events == [
        ("patron_pin_set", "librarian", ""),
        ("patron_pin_removed", "librarian", ""),
    ]
    assert "2468" not in caplog.text


def test_a_helper_may_not_set_a_pin(desk) -> None:
    patron = desk.small.patron_id("S0000001")
    helper = desk.client("helper")
    assert 'id="patron-pin"' not in helper.get(f"/patrons/{patron}").get_data(
        as_text=True
    )
    assert helper.post(f"/patrons/{patron}/pin", {"pin": "1234"}).status_code == 403
    assert desk.small.store.patron_pin_hash(patron) is None


def test_unknown_patron_is_a_404_page(desk) -> None:
    browser = desk.client("librarian")
    response = browser.get("/patrons/999")
    assert response.status_code == 404
    assert "找不到编号为 999 的读者" in response.get_data(as_text=True)
    browser.get("/patrons/1")
    edit = {"name": "x", "class_name": "", "grade": "", "type": "student"}
    assert browser.post("/patrons/999/edit", edit).status_code == 404
    assert browser.post("/patrons/999/block", {"reason": "x"}).status_code == 404
    assert browser.post("/patrons/999/unblock").status_code == 404
    assert browser.get("/patrons/999/card.pdf").status_code == 404


def test_script_in_a_name_is_shown_escaped(desk) -> None:
    desk.context.database.execute_sql(
        "UPDATE patron SET name = '<script>x()</script>' WHERE card = 'S0000002'"
    )
    browser = desk.client("librarian")
    patron = desk.small.patron_id("S0000002")
    for url in ("/patrons/?q=S0000002", f"/patrons/{patron}"):
        page = browser.get(url).get_data(as_text=True)
        assert "<script>x()" not in page, url
        assert "&lt;script&gt;x()&lt;/script&gt;" in page, url


@pytest.mark.parametrize("role", ["librarian", "helper"])
def test_card_pdf(desk, role) -> None:
    response = desk.client(role).get(
        f"/patrons/{desk.small.patron_id('S0000001')}/card.pdf"
    )
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    assert "card-S0000001.pdf" in response.headers["Content-Disposition"]


@pytest.mark.parametrize(
    "url",
    [
        "/patrons/",
        "/patrons/?q=李",
        "/patrons/classes",
        "/patrons/class/初二(3)班",
        "/patrons/1",
        "/patrons/1/card.pdf",
        "/holds/",
    ],
)
def test_viewer_may_not_open_patron_pages(desk, url) -> None:
    assert desk.client("viewer").get(url).status_code == 403


@pytest.mark.parametrize(
    "url",
    [
        "/patrons/1/edit",
        "/patrons/1/block",
        "/patrons/1/unblock",
        "/patrons/1/pin",
        "/holds/place",
        "/holds/1/cancel",
    ],
)
def test_viewer_may_not_change_patrons_or_holds(desk, url) -> None:
    viewer = desk.client("viewer")
    viewer.get("/")
    data = {"name": "x", "type": "student", "reason": "x", "card": "S0000001"}
    data["pin"] = "1234"
    assert viewer.post(url, data).status_code == 403
    assert desk.small.store.patron(1).status.value == "active"
    assert desk.small.store.patron_pin_hash(1) is None


def test_signed_out_visitor_is_sent_to_sign_in(desk) -> None:
    response = desk.client().get("/patrons/1")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
