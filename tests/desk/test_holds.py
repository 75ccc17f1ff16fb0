"""Holds at the desk: place by card and ISBN, the queue, the hold shelf, cancel."""

from __future__ import annotations

import re

from tests.conftest import ISBN_TWO


def test_place_see_and_cancel_a_hold(desk) -> None:
    browser = desk.client("helper")
    browser.get("/holds/")
    response = browser.post("/holds/place", {"card": "S0000002", "book": ISBN_TWO})
    assert response.status_code == 302
    page = browser.get("/holds/").get_data(as_text=True)
    assert "草房子" in page
    assert "王芳" in page
    again = browser.post("/holds/place", {"card": "S0000002", "book": ISBN_TWO})
    assert again.status_code == 400
    assert "已经预约" in again.get_data(as_text=True)
    (hold_id,) = re.findall(r'data-hold="(\d+)"', page)
    assert browser.post(f"/holds/{hold_id}/cancel").status_code == 302
    assert 'data-hold="' not in browser.get("/holds/").get_data(as_text=True)
    staff = desk.context.database.execute_sql(
        "SELECT staff FROM event WHERE action = 'cancel_hold'"
    ).fetchone()
    assert staff == ("helper",)


def test_unknown_card_or_book_is_a_message(desk) -> None:
    browser = desk.client("helper")
    browser.get("/holds/")
    response = browser.post("/holds/place", {"card": "S9999999", "book": ISBN_TWO})
    assert response.status_code == 400
    assert "找不到这张借书证" in response.get_data(as_text=True)
    response = browser.post("/holds/place", {"card": "S0000002", "book": ""})
    assert 'data-field-error="book"' in response.get_data(as_text=True)


def test_returned_copy_goes_to_the_hold_shelf(desk) -> None:
    service = desk.context.circulation
    service.check_out(desk.small.patron_id("S0000001"), "10000003")
    service.place_hold(desk.small.patron_id("S0000002"), ISBN_TWO)
    service.check_in("10000003")
    page = desk.client("helper").get("/holds/").get_data(as_text=True)
    ready = page.split("预约架上")[1].split("等待中")[0]
    assert "王芳" in ready
    assert "10000003" in ready
    dashboard = desk.client("helper").get("/").get_data(as_text=True)
    assert "王芳" in dashboard.split('id="holds-ready"')[1]
