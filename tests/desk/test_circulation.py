"""The circulation desk: card, lend, refusals, override, renew, returns."""

from __future__ import annotations

import re

from kiosk.db import models as db
from tests.conftest import ISBN_ONE


def scan(browser, code: str, patron: str = "") -> str:
    response = browser.post(
        "/circulation/scan", {"code": code, "patron": patron}, htmx=True
    )
    assert response.status_code == 200
    return response.get_data(as_text=True)


def patron_of(page: str) -> str:
    found = re.search(r'id="patron-id" value="(\d*)"', page)
    assert found
    return found.group(1)


def outcome(page: str) -> str:
    found = re.search(r'data-outcome="([A-Z_]+)"', page)
    assert found, page
    return found.group(1)


def events(desk, action: str) -> list[tuple]:
    return desk.context.database.execute_sql(
        "SELECT outcome, staff, note, kiosk FROM event WHERE action = ? ORDER BY id",
        (action,),
    ).fetchall()


def test_card_opens_the_patron_panel(desk) -> None:
    browser = desk.client("helper")
    browser.get("/circulation/")
    page = scan(browser, "S0000001")
    assert outcome(page) == "PATRON_OK"
    assert "李明" in page
    assert patron_of(page) == str(desk.small.patron_id("S0000001"))


def test_books_after_a_card_are_lent_and_logged_with_the_account(desk) -> None:
    browser = desk.client("helper")
    browser.get("/circulation/")
    patron = patron_of(scan(browser, "S0000001"))
    page = scan(browser, "10000001", patron)
    assert outcome(page) == "CHECKED_OUT"
    assert "红楼梦" in page
    assert 'data-barcode="10000001"' in page  # in the loans table now
    assert events(desk, "check_out")[-1][:2] == ("CHECKED_OUT", "helper")
    assert events(desk, "check_out")[-1][3] == "desk"


def test_second_click_on_lend_does_not_lend_twice(desk) -> None:
    browser = desk.client("helper")
    browser.get("/circulation/")
    patron = patron_of(scan(browser, "S0000001"))
    scan(browser, "10000001", patron)
    page = scan(browser, "10000001", patron)
    assert outcome(page) == "ALREADY_ON_LOAN_TO_YOU"
    with desk.context.database.bind_ctx(db.MODELS):
        assert db.Loan.select().where(db.Loan.returned_at.is_null()).count() == 1


def test_book_without_a_card_asks_for_the_card(desk) -> None:
    browser = desk.client("helper")
    browser.get("/circulation/")
    assert outcome(scan(browser, "10000001")) == "NO_PATRON"


def test_unknown_and_damaged_codes_are_messages(desk) -> None:
    browser = desk.client("helper")
    browser.get("/circulation/")
    assert outcome(scan(browser, "S9999999")) == "UNKNOWN_CARD"
    assert outcome(scan(browser, "9787020002208")) == "BAD_CHECK_DIGIT"
    page = browser.post("/circulation/scan", {"code": ""}, htmx=True)
    assert "没有读到条码" in page.get_data(as_text=True)


def lend_to_limit(desk, browser) -> str:
    """Lend the student's three books (the limit in the small library)."""
    database = desk.context.database
    database.execute_sql(
        "UPDATE loanrule SET max_items = 2 WHERE patron_type = 'student'"
    )
    patron = patron_of(scan(browser, "S0000001"))
    assert outcome(scan(browser, "10000001", patron)) == "CHECKED_OUT"
    assert outcome(scan(browser, "10000003", patron)) == "CHECKED_OUT"
    return patron


def test_helper_sees_the_refusal_and_cannot_override(desk) -> None:
    browser = desk.client("helper")
    browser.get("/circulation/")
    patron = lend_to_limit(desk, browser)
    page = scan(browser, "10000002", patron)
    assert outcome(page) == "LIMIT_REACHED"
    assert "override-form" not in page
    response = browser.post(
        "/circulation/override",
        {"code": "10000002", "patron": patron, "reason": "teacher asked"},
        htmx=True,
    )
    assert response.status_code == 403
    assert events(desk, "check_out")[-1][0] == "LIMIT_REACHED"


def test_librarian_overrides_the_limit_with_a_logged_reason(desk) -> None:
    browser = desk.client("librarian")
    browser.get("/circulation/")
    patron = lend_to_limit(desk, browser)
    page = scan(browser, "10000002", patron)
    assert outcome(page) == "LIMIT_REACHED"
    assert "override-form" in page
    page = browser.post(
        "/circulation/override",
        {"code": "10000002", "patron": patron, "reason": "class project"},
        htmx=True,
    ).get_data(as_text=True)
    assert outcome(page) == "CHECKED_OUT"
    outcome_, staff, note, _ = events(desk, "check_out")[-1]
    assert (outcome_, staff) == ("CHECKED_OUT", "librarian")
    assert "LIMIT_REACHED" in note
    assert "class project" in note


def test_override_needs_a_reason(desk) -> None:
    browser = desk.client("librarian")
    browser.get("/circulation/")
    patron = lend_to_limit(desk, browser)
    page = browser.post(
        "/circulation/override",
        {"code": "10000002", "patron": patron, "reason": "  "},
        htmx=True,
    ).get_data(as_text=True)
    assert outcome(page) == "LIMIT_REACHED"
    assert "必须填写" in page


def test_renew_and_return_buttons(desk) -> None:
    browser = desk.client("helper")
    browser.get("/circulation/")
    patron = patron_of(scan(browser, "S0000001"))
    scan(browser, "10000001", patron)
    page = browser.post(
        "/circulation/renew", {"code": "10000001", "patron": patron}, htmx=True
    ).get_data(as_text=True)
    assert outcome(page) == "RENEWED"
    page = browser.post(
        "/circulation/return", {"code": "10000001", "patron": patron}, htmx=True
    ).get_data(as_text=True)
    assert outcome(page) == "RETURNED"
    assert 'data-barcode="10000001"' not in page


def test_returns_tab_takes_a_book_without_a_card_and_says_whose(desk) -> None:
    service = desk.context.circulation
    patron_id = desk.small.patron_id("S0000001")
    service.check_out(patron_id, "10000001")
    browser = desk.client("helper")
    browser.get("/circulation/?tab=returns")
    page = browser.post(
        "/circulation/return", {"code": "10000001", "tab": "returns"}, htmx=True
    ).get_data(as_text=True)
    assert outcome(page) == "RETURNED"
    assert "李明" in page
    page = browser.post(
        "/circulation/return", {"code": "10000001", "tab": "returns"}, htmx=True
    ).get_data(as_text=True)
    assert outcome(page) == "NOT_ON_LOAN"


def test_return_of_a_reserved_book_is_a_loud_alert(desk) -> None:
    service = desk.context.circulation
    service.check_out(desk.small.patron_id("S0000001"), "10000003")
    service.place_hold(desk.small.patron_id("S0000002"), "10000003")
    browser = desk.client("helper")
    browser.get("/circulation/?tab=returns")
    page = browser.post(
        "/circulation/return", {"code": "10000003", "tab": "returns"}, htmx=True
    ).get_data(as_text=True)
    assert "outcome alert" in page
    assert "王芳" in page
    assert "预约架" in page


def test_lend_by_isbn(desk) -> None:
    browser = desk.client("helper")
    browser.get("/circulation/")
    patron = patron_of(scan(browser, "S0000001"))
    assert outcome(scan(browser, ISBN_ONE, patron)) == "CHECKED_OUT"


def test_a_title_with_script_is_shown_as_text(desk) -> None:
    database = desk.context.database
    database.execute_sql(
        "UPDATE title SET title = '<script>alert(1)</script>' WHERE id = 1"
    )
    browser = desk.client("helper")
    browser.get("/circulation/")
    patron = patron_of(scan(browser, "S0000001"))
    page = scan(browser, "10000001", patron)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page


def test_without_javascript_the_form_still_works(desk) -> None:
    browser = desk.client("helper")
    browser.get("/circulation/")
    response = browser.post("/circulation/scan", {"code": "S0000001"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" in page
    assert "李明" in page
