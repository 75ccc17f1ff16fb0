"""Holds at the desk: place by card and book, the queue, the hold shelf, cancel."""

from __future__ import annotations

import re

import pytest

from tests.conftest import ISBN_ONE, ISBN_TWO, ISBN_UNKNOWN


def _table(page: str, table_id: str) -> str:
    if f'id="{table_id}"' not in page:
        return ""
    return page.split(f'id="{table_id}"')[1].split("</table>")[0]


def _hold_ids(page: str, table_id: str) -> list[str]:
    return re.findall(r'data-hold="(\d+)"', _table(page, table_id))


def test_place_see_and_cancel_a_hold(desk) -> None:
    desk.context.circulation.check_out(desk.small.patron_id("S0000001"), "10000003")
    browser = desk.client("helper")
    browser.get("/holds/")
    response = browser.post("/holds/place", {"card": "S0000002", "book": ISBN_TWO})
    assert response.status_code == 302
    page = browser.get("/holds/").get_data(as_text=True)
    assert "已预约《草房子》" in page  # the service's own words
    waiting = _table(page, "holds-waiting")
    assert "草房子" in waiting
    assert "王芳" in waiting
    assert '<td class="num">1</td>' in waiting  # first in the queue
    assert not _hold_ids(page, "holds-ready")
    (hold_id,) = _hold_ids(page, "holds-waiting")
    assert browser.post(f"/holds/{hold_id}/cancel").status_code == 302
    page = browser.get("/holds/").get_data(as_text=True)
    assert "已取消《草房子》的预约" in page
    assert 'data-hold="' not in page
    rows = desk.context.database.execute_sql(
        "SELECT action, staff FROM event WHERE action LIKE '%_hold' ORDER BY id"
    ).fetchall()
    assert rows == [("place_hold", "helper"), ("cancel_hold", "helper")]


def test_a_second_hold_on_the_same_title_is_refused(desk) -> None:
    browser = desk.client("librarian")
    browser.get("/holds/")
    browser.post("/holds/place", {"card": "S0000002", "book": ISBN_ONE})
    again = browser.post("/holds/place", {"card": "S0000002", "book": "10000002"})
    assert again.status_code == 400
    assert "已经预约" in again.get_data(as_text=True)
    assert 'value="S0000002"' in again.get_data(as_text=True)  # kept as typed


def test_queue_positions_and_a_hold_for_a_teacher_by_barcode(desk) -> None:
    service = desk.context.circulation
    service.check_out(desk.small.patron_id("S0000001"), "10000003")
    browser = desk.client("helper")
    browser.get("/holds/")
    for card in ("S0000002", "T0000001"):
        response = browser.post("/holds/place", {"card": card, "book": "10000003"})
        assert response.status_code == 302, card
    waiting = _table(browser.get("/holds/").get_data(as_text=True), "holds-waiting")
    assert waiting.index("王芳") < waiting.index("赵老师")
    assert re.findall(r'<td class="num">(\d+)</td>', waiting) == ["1", "2"]


@pytest.mark.parametrize(
    ("card", "book", "words"),
    [
        ("S9999999", ISBN_TWO, "找不到这张借书证"),
        ("S0000003", ISBN_TWO, "借书证已停用"),
        ("S0000002", ISBN_UNKNOWN, "没有这本书的记录"),
    ],
)
def test_unknown_or_blocked_card_or_unknown_book_is_a_message(
    desk, card, book, words
) -> None:
    browser = desk.client("helper")
    browser.get("/holds/")
    response = browser.post("/holds/place", {"card": card, "book": book})
    assert response.status_code == 400
    message = response.get_data(as_text=True).split('id="hold-message"')[1]
    assert words in message.split("</p>")[0]
    assert not desk.context.database.execute_sql("SELECT 1 FROM hold").fetchall()


def test_empty_fields_are_errors_beside_them(desk) -> None:
    browser = desk.client("helper")
    browser.get("/holds/")
    response = browser.post("/holds/place", {"card": "", "book": ""})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'data-field-error="card"' in page
    assert 'data-field-error="book"' in page


def test_returned_copy_goes_to_the_hold_shelf(desk) -> None:
    service = desk.context.circulation
    service.check_out(desk.small.patron_id("S0000001"), "10000003")
    service.place_hold(desk.small.patron_id("S0000002"), ISBN_TWO)
    service.check_in("10000003")
    browser = desk.client("helper")
    page = browser.get("/holds/").get_data(as_text=True)
    ready = _table(page, "holds-ready")
    assert "王芳" in ready
    assert "10000003" in ready
    assert desk.small.clock.today().isoformat() in ready  # on the shelf since
    assert not _hold_ids(page, "holds-waiting")
    dashboard = browser.get("/").get_data(as_text=True)
    assert "王芳" in dashboard.split('id="holds-ready"')[1]


def test_cancelling_a_ready_hold_passes_the_copy_to_the_next_in_the_queue(
    desk,
) -> None:
    service = desk.context.circulation
    service.check_out(desk.small.patron_id("S0000001"), "10000003")
    service.place_hold(desk.small.patron_id("S0000002"), ISBN_TWO)
    service.place_hold(desk.small.patron_id("T0000001"), ISBN_TWO)
    service.check_in("10000003")
    browser = desk.client("librarian")
    page = browser.get("/holds/").get_data(as_text=True)
    (ready,) = _hold_ids(page, "holds-ready")
    assert "王芳" in _table(page, "holds-ready")
    assert browser.post(f"/holds/{ready}/cancel").status_code == 302
    page = browser.get("/holds/").get_data(as_text=True)
    assert "赵老师" in _table(page, "holds-ready")
    assert "王芳" not in page.split("<main")[1]


def test_cancel_a_hold_on_a_title_without_an_isbn(desk) -> None:
    service = desk.context.circulation
    service.check_out(desk.small.patron_id("S0000001"), "10000005")  # a magazine
    placed = service.place_hold(desk.small.patron_id("S0000002"), "10000005")
    assert placed.outcome.value == "HOLD_PLACED"
    browser = desk.client("helper")
    (hold_id,) = _hold_ids(
        browser.get("/holds/").get_data(as_text=True), "holds-waiting"
    )
    assert browser.post(f"/holds/{hold_id}/cancel").status_code == 302
    assert "已取消《中学生》的预约" in browser.get("/holds/").get_data(as_text=True)


def test_cancelling_a_hold_that_is_gone_says_so(desk) -> None:
    browser = desk.client("helper")
    browser.get("/holds/")
    assert browser.post("/holds/999/cancel").status_code == 302
    assert "已经借走或取消" in browser.get("/holds/").get_data(as_text=True)


def test_patron_page_links_to_the_form_and_cancels_back_to_the_patron(desk) -> None:
    service = desk.context.circulation
    patron = desk.small.patron_id("S0000002")
    service.check_out(desk.small.patron_id("S0000001"), "10000003")
    service.place_hold(patron, ISBN_TWO)
    browser = desk.client("helper")
    page = browser.get(f"/patrons/{patron}").get_data(as_text=True)
    holds = _table(page, "patron-holds")
    assert "草房子" in holds
    assert "等待中" in holds
    assert f'href="/holds/?patron={patron}"' in page
    form = browser.get(f"/holds/?patron={patron}").get_data(as_text=True)
    assert 'name="card" maxlength="32" value="S0000002"' in form
    assert "为王芳预约" in form
    (hold_id,) = re.findall(r'data-hold="(\d+)"', holds)
    response = browser.post(f"/holds/{hold_id}/cancel", {"back": "patron"})
    assert response.headers["Location"].endswith(f"/patrons/{patron}")
    page = browser.get(f"/patrons/{patron}").get_data(as_text=True)
    assert 'id="patron-holds"' not in page
    assert "没有预约" in page


def test_hold_of_a_blocked_card_cannot_be_cancelled_and_says_why(desk) -> None:
    service = desk.context.circulation
    patron = desk.small.patron_id("S0000002")
    service.check_out(desk.small.patron_id("S0000001"), "10000003")
    service.place_hold(patron, ISBN_TWO)
    browser = desk.client("librarian")
    browser.get(f"/patrons/{patron}")
    browser.post(f"/patrons/{patron}/block", {"reason": "测试"})
    (hold_id,) = _hold_ids(
        browser.get("/holds/").get_data(as_text=True), "holds-waiting"
    )
    browser.post(f"/holds/{hold_id}/cancel")
    page = browser.get("/holds/").get_data(as_text=True)
    assert "不能为这张证取消预约" in page
    assert _hold_ids(page, "holds-waiting") == [hold_id]
