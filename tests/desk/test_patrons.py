"""Patrons: search, class lists, a patron's page, edit, block, the card PDF."""

from __future__ import annotations

import datetime as dt

from kiosk.db import bulk

YE = {
    "id": 10,
    "card": "S0000010",
    "name": "叶浩",
    "class_name": "初二(3)班",
    "grade": 8,
}


def test_search_by_initials_name_parts_card_and_class(desk) -> None:
    bulk.insert_tables(desk.context.database, {"patron": [YE]})
    browser = desk.client("helper")
    for query in ("yh", "浩", "叶浩", "S0000010", "s0000010"):
        page = browser.get(f"/patrons/?q={query}").get_data(as_text=True)
        assert "叶浩" in page, query
    page = browser.get("/patrons/?q=初二(3)").get_data(as_text=True)
    assert "李明" in page
    assert "叶浩" in page
    fragment = browser.http.get("/patrons/?q=yh", headers={"HX-Request": "true"})
    assert "<html" not in fragment.get_data(as_text=True)
    assert "没有找到" in browser.get("/patrons/?q=zzzz").get_data(as_text=True)


def test_empty_search_lists_the_classes_and_a_class_page(desk) -> None:
    browser = desk.client("helper")
    page = browser.get("/patrons/").get_data(as_text=True)
    assert "初二(3)班" in page
    page = browser.get("/patrons/class/初二(3)班").get_data(as_text=True)
    assert "李明" in page
    assert "张伟" not in page  # suspended: not on the class roster
    assert browser.get("/patrons/class/没有这个班").status_code == 404


def test_patron_page_loans_history_and_overdue(desk) -> None:
    service, clock = desk.context.circulation, desk.small.clock
    patron = desk.small.patron_id("S0000001")
    service.check_out(patron, "10000001")
    service.check_in("10000001")
    service.check_out(patron, "10000003")
    clock.advance(days=30)
    page = desk.client("helper").get(f"/patrons/{patron}").get_data(as_text=True)
    assert "草房子" in page  # on loan, overdue
    assert 'class="overdue"' in page
    assert "借阅历史（共 1 次）" in page
    assert "edit-patron" not in page  # a helper sees no forms


def test_history_is_paged(desk) -> None:
    service, patron = desk.context.circulation, desk.small.patron_id("S0000002")
    for _ in range(55):
        service.check_out(patron, "10000002")
        service.check_in("10000002")
    browser = desk.client("helper")
    page = browser.get(f"/patrons/{patron}").get_data(as_text=True)
    assert "第 1 / 2 页" in page
    page = browser.get(f"/patrons/{patron}?page=2").get_data(as_text=True)
    assert page.count("<tr><td>红楼梦") == 5


def test_edit_checks_fields_and_logs(desk) -> None:
    patron = desk.small.patron_id("S0000001")
    browser = desk.client("librarian")
    browser.get(f"/patrons/{patron}")
    response = browser.post(
        f"/patrons/{patron}/edit",
        {"name": "李明明", "class_name": "初二(4)班", "grade": "40", "type": "student"},
    )
    assert response.status_code == 400
    assert 'data-field-error="grade"' in response.get_data(as_text=True)
    assert desk.small.store.patron(patron).name == "李明"
    response = browser.post(
        f"/patrons/{patron}/edit",
        {"name": "李明明", "class_name": "初二(4)班", "grade": "8", "type": "student"},
    )
    assert response.status_code == 302
    assert desk.small.store.patron(patron).class_name == "初二(4)班"
    assert "李明明" in browser.get("/patrons/?q=lmm").get_data(as_text=True)
    staff = desk.context.database.execute_sql(
        "SELECT staff FROM event WHERE action = 'patron_edited'"
    ).fetchone()
    assert staff == ("librarian",)


def test_block_needs_a_reason_and_the_kiosk_refuses_the_card(desk) -> None:
    patron = desk.small.patron_id("S0000001")
    browser = desk.client("librarian")
    browser.get(f"/patrons/{patron}")
    response = browser.post(f"/patrons/{patron}/block", {"reason": " "})
    assert response.status_code == 400
    assert desk.context.circulation.identify("S0000001").outcome.value == "PATRON_OK"
    assert (
        browser.post(f"/patrons/{patron}/block", {"reason": "损坏图书未赔"}).status_code
        == 302
    )
    assert (
        desk.context.circulation.identify("S0000001").outcome.value == "CARD_SUSPENDED"
    )
    assert "损坏图书未赔" in browser.get(f"/patrons/{patron}").get_data(as_text=True)
    assert browser.post(f"/patrons/{patron}/unblock").status_code == 302
    assert desk.context.circulation.identify("S0000001").outcome.value == "PATRON_OK"
    left = desk.small.patron_id("S0000004")
    browser.get(f"/patrons/{left}")
    response = browser.post(f"/patrons/{left}/block", {"reason": "x"})
    assert "已离校" in response.get_data(as_text=True)


def test_helper_cannot_edit_or_block(desk) -> None:
    patron = desk.small.patron_id("S0000001")
    helper = desk.client("helper")
    helper.get(f"/patrons/{patron}")
    assert helper.post(f"/patrons/{patron}/block", {"reason": "x"}).status_code == 403
    assert (
        helper.post(
            f"/patrons/{patron}/edit", {"name": "x", "type": "student"}
        ).status_code
        == 403
    )


def test_unknown_patron_and_script_in_a_name(desk) -> None:
    response = desk.client("helper").get("/patrons/999")
    assert response.status_code == 404
    assert "999" in response.get_data(as_text=True)
    desk.context.database.execute_sql(
        "UPDATE patron SET name = '<script>x()</script>' WHERE card = 'S0000002'"
    )
    browser = desk.client("helper")
    for url in ("/patrons/?q=S0000002", f"/patrons/{desk.small.patron_id('S0000002')}"):
        page = browser.get(url).get_data(as_text=True)
        assert "<script>x()" not in page
        assert "&lt;script&gt;" in page


def test_card_pdf(desk) -> None:
    for role in ("librarian", "helper"):
        response = desk.client(role).get(
            f"/patrons/{desk.small.patron_id('S0000001')}/card.pdf"
        )
        assert response.status_code == 200
        assert response.data.startswith(b"%PDF")
    assert desk.client("viewer").get("/patrons/1/card.pdf").status_code == 403


def test_viewer_sees_no_patron_pages(desk) -> None:
    viewer = desk.client("viewer")
    for url in ("/patrons/", "/patrons/1", "/patrons/classes", "/holds/"):
        assert viewer.get(url).status_code == 403, url
    assert dt  # dates only move through the clock
