"""Settings: loan rules and the school calendar from the desk, and their effect."""

from __future__ import annotations

import datetime as dt

from kiosk.db import accounts
from tests.desk.conftest import PASSWORDS


def rules_of(desk) -> list[tuple]:
    return desk.context.database.execute_sql(
        "SELECT patron_type, grade, max_items, loan_days, max_renewals FROM loanrule"
        " ORDER BY patron_type, grade"
    ).fetchall()


def test_a_grade_rule_changes_the_next_loan_but_not_the_old_ones(desk) -> None:
    service = desk.context.circulation
    first = service.check_out(desk.small.patron_id("S0000001"), "10000001")
    browser = desk.client("librarian")
    browser.get("/settings/rules")
    response = browser.post(
        "/settings/rules",
        {
            "patron_type": "student",
            "grade": "8",
            "max_items": "5",
            "loan_days": "21",
            "max_renewals": "2",
            "renewal_days": "",
        },
    )
    assert response.status_code == 302
    assert ("student", 8, 5, 21, 2) in rules_of(desk)
    page = browser.get("/settings/rules").get_data(as_text=True)
    assert "初二" in page
    second = service.check_out(desk.small.patron_id("S0000002"), "10000003")
    assert second.due == dt.date(2026, 12, 16)  # 21 days from Wed 25 Nov
    assert first.due == dt.date(2026, 12, 9)  # 14 days, as lent
    assert service.status(desk.small.patron_id("S0000001")).loans[0].due == first.due
    event = desk.context.database.execute_sql(
        "SELECT staff FROM event WHERE action = 'rule_saved'"
    ).fetchone()
    assert event == ("librarian",)


def test_bad_rule_values_are_shown_beside_the_field_and_nothing_changes(desk) -> None:
    before = rules_of(desk)
    browser = desk.client("librarian")
    browser.get("/settings/rules")
    response = browser.post(
        "/settings/rules",
        {
            "patron_type": "student",
            "grade": "",
            "max_items": "lots",
            "loan_days": "900",
            "max_renewals": "1",
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'data-field-error="max_items"' in page
    assert "请填一个整数" in page
    assert rules_of(desk) == before
    response = browser.post(
        "/settings/rules",
        {
            "patron_type": "student",
            "max_items": "3",
            "loan_days": "900",
            "max_renewals": "1",
        },
    )
    assert 'data-field-error="loan_days"' in response.get_data(as_text=True)
    assert rules_of(desk) == before


def test_a_holiday_moves_the_next_due_date(desk) -> None:
    service = desk.context.circulation
    browser = desk.client("librarian")
    page = browser.get("/settings/calendar").get_data(as_text=True)
    assert "2026-12-09" in page  # a pupil borrowing today: due Wed 9 Dec
    response = browser.post(
        "/settings/calendar",
        {"start": "2026-12-08", "end": "2026-12-10", "reason": "运动会"},
    )
    assert response.status_code == 302
    page = browser.get("/settings/calendar").get_data(as_text=True)
    assert "运动会" in page
    assert "2026-12-11" in page
    result = service.check_out(desk.small.patron_id("S0000001"), "10000001")
    assert result.due == dt.date(2026, 12, 11)


def test_a_kiosk_opened_afterwards_follows_the_calendar(desk) -> None:
    from kiosk.runtime import open_library

    browser = desk.client("librarian")
    browser.get("/settings/calendar")
    browser.post(
        "/settings/calendar",
        {"start": "2026-12-07", "end": "2026-12-11", "reason": "考试周"},
    )
    kiosk = open_library(desk.small.settings, desk.small.clock)
    try:
        result = kiosk.service.check_out(desk.small.patron_id("S0000002"), "10000003")
    finally:
        kiosk.close()
    assert result.due == dt.date(2026, 12, 14)


def test_bad_dates_are_refused(desk) -> None:
    browser = desk.client("librarian")
    browser.get("/settings/calendar")
    response = browser.post(
        "/settings/calendar",
        {"start": "2026-12-10", "end": "2026-12-01", "reason": "x"},
    )
    assert response.status_code == 400
    assert 'data-field-error="end"' in response.get_data(as_text=True)
    response = browser.post(
        "/settings/calendar", {"start": "12/10/2026", "end": "", "reason": ""}
    )
    page = response.get_data(as_text=True)
    assert 'data-field-error="start"' in page
    assert 'data-field-error="reason"' in page
    count = desk.context.database.execute_sql(
        "SELECT COUNT(*) FROM closedperiod"
    ).fetchone()
    assert count == (0,)


def test_a_closed_period_can_be_deleted(desk) -> None:
    browser = desk.client("librarian")
    browser.get("/settings/calendar")
    browser.post(
        "/settings/calendar",
        {"start": "2026-12-08", "end": "2026-12-10", "reason": "停电"},
    )
    (period_id,) = desk.context.database.execute_sql(
        "SELECT id FROM closedperiod"
    ).fetchone()
    browser.get("/settings/calendar")
    assert browser.post(f"/settings/calendar/{period_id}/delete").status_code == 302
    assert desk.context.database.execute_sql(
        "SELECT COUNT(*) FROM closedperiod"
    ).fetchone() == (0,)


def test_helper_cannot_change_rules(desk) -> None:
    browser = desk.client("helper")
    browser.get("/")
    response = browser.post(
        "/settings/rules",
        {
            "patron_type": "student",
            "max_items": "99",
            "loan_days": "99",
            "max_renewals": "9",
        },
    )
    assert response.status_code == 403
    assert ("student", None, 3, 14, 1) in rules_of(desk)


def test_accounts_page_adds_an_account_and_refuses_a_short_password(desk) -> None:
    browser = desk.client("librarian")
    browser.get("/settings/accounts")
    response = browser.post(
        "/settings/accounts",
        {
            "action": "add",
            "name": "mei",
            "role": "helper",
            "password": "short",
            "password2": "short",
        },
    )
    assert response.status_code == 400
    assert 'data-field-error="password"' in response.get_data(as_text=True)
    response = browser.post(
        "/settings/accounts",
        {
            "action": "add",
            "name": "mei",
            "role": "helper",
            "password": "long-enough-1",
            "password2": "long-enough-1",
        },
    )
    assert response.status_code == 302
    assert accounts.account(desk.context.database, "mei").role == "helper"
    signed = desk.client()
    assert signed.sign_in("mei", "long-enough-1").status_code == 302


def test_pin_reset_from_the_desk(desk) -> None:
    from kiosk.staff import check_pin
    from kiosk.state import load_state, state_path

    browser = desk.client("librarian")
    browser.get("/settings/accounts")
    response = browser.post("/settings/pin", {"pin": "12", "pin2": "12"})
    assert response.status_code == 400
    response = browser.post("/settings/pin", {"pin": "246810", "pin2": "246810"})
    assert response.status_code == 302
    state = load_state(state_path(desk.small.settings.database.path))
    assert check_pin("246810", state.pin_hash)
    assert PASSWORDS  # the accounts still sign in
