"""Signing in, roles, CSRF, idle sessions and the lock after wrong passwords."""

from __future__ import annotations

import pytest

from kiosk.db import accounts
from kiosk.db.accounts import AccountError, AccountProblem
from tests.desk.conftest import PASSWORDS


def test_every_page_needs_a_sign_in(desk) -> None:
    browser = desk.client()
    for rule in desk.app.url_map.iter_rules():
        if rule.endpoint in ("static", "cjk_font") or rule.endpoint.startswith("auth."):
            continue
        if "GET" not in rule.methods:
            continue
        url = rule.rule.replace("<int:", "<").replace("<path:", "<")
        url = url.replace("<name>", "x").replace("<id>", "1")
        url = url.replace("<patron_id>", "1").replace("<title_id>", "1")
        response = browser.get(url)
        assert response.status_code == 302, rule.rule
        assert "/login" in response.headers["Location"], rule.rule


def test_sign_in_opens_the_dashboard(desk) -> None:
    browser = desk.client()
    response = browser.sign_in("librarian", PASSWORDS["librarian"])
    assert response.status_code == 302
    page = browser.get("/").get_data(as_text=True)
    assert "librarian" in page
    assert "概览" in page


def test_wrong_password_is_refused_and_counted(desk) -> None:
    browser = desk.client()
    response = browser.sign_in("librarian", "wrong-password")
    assert response.status_code == 401
    assert "还可以再试 4 次" in response.get_data(as_text=True)
    assert browser.get("/").status_code == 302


def test_five_wrong_passwords_lock_the_account_across_a_restart(desk) -> None:
    database, clock = desk.context.database, desk.small.clock
    for _ in range(5):
        accounts.sign_in(database, "helper", "wrong-password", clock.now())
    # A fresh app on the same database (a restart) still refuses the right one.
    browser = desk.client()
    response = browser.sign_in("helper", PASSWORDS["helper"])
    assert response.status_code == 401
    assert "已锁定" in response.get_data(as_text=True)
    clock.advance(5 * 60 + 1)
    assert browser.sign_in("helper", PASSWORDS["helper"]).status_code == 302


def test_unknown_and_disabled_accounts_answer_like_a_wrong_password(desk) -> None:
    database, now = desk.context.database, desk.small.clock.now()
    accounts.set_active(database, "viewer", False, at=now)
    for name, password in (("nobody", "whatever1"), ("viewer", PASSWORDS["viewer"])):
        response = desk.client().sign_in(name, password)
        assert response.status_code == 401


def test_a_disabled_account_is_signed_out_at_its_next_click(desk) -> None:
    browser = desk.client("helper")
    assert browser.get("/").status_code == 200
    accounts.set_active(
        desk.context.database, "helper", False, at=desk.small.clock.now()
    )
    assert browser.get("/").status_code == 302


def test_idle_session_ends(desk) -> None:
    browser = desk.client("librarian")
    assert browser.get("/").status_code == 200
    desk.small.clock.advance(29 * 60)
    assert browser.get("/").status_code == 200
    desk.small.clock.advance(31 * 60)
    response = browser.get("/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_post_without_csrf_token_is_refused(desk) -> None:
    browser = desk.client("librarian")
    response = browser.http.post("/logout")
    assert response.status_code == 400
    assert "表单已过期" in response.get_data(as_text=True)
    assert browser.get("/").status_code == 200  # still signed in: nothing changed


def test_login_without_csrf_token_is_refused(desk) -> None:
    response = desk.client().http.post(
        "/login", data={"name": "librarian", "password": PASSWORDS["librarian"]}
    )
    assert response.status_code == 400


def test_session_cookie_is_httponly_and_strict(desk) -> None:
    browser = desk.client()
    response = browser.sign_in("librarian", PASSWORDS["librarian"])
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Strict" in cookie


def test_sign_in_does_not_redirect_to_another_site(desk) -> None:
    browser = desk.client()
    browser.get("/login")
    response = browser.post(
        "/login?next=//evil.example/x",
        {"name": "librarian", "password": PASSWORDS["librarian"]},
    )
    assert response.headers["Location"] == "/"


def test_viewer_sees_the_dashboard_only(desk) -> None:
    browser = desk.client("viewer")
    assert browser.get("/").status_code == 200
    for url in ("/circulation/", "/patrons/", "/catalogue/", "/settings/"):
        response = browser.get(url)
        assert response.status_code == 403, url
        assert "查看者" in response.get_data(as_text=True)


def test_helper_cannot_open_settings(desk) -> None:
    browser = desk.client("helper")
    assert browser.get("/settings/").status_code == 403
    assert browser.get("/circulation/").status_code == 200


def test_unknown_url_is_a_page_not_a_traceback(desk) -> None:
    response = desk.client("librarian").get("/no/such/page")
    assert response.status_code == 404
    assert "找不到这个页面" in response.get_data(as_text=True)


def test_language_switch(desk) -> None:
    browser = desk.client("librarian")
    browser.get("/")
    browser.post("/lang/en", {"next": "/"})
    assert "Dashboard" in browser.get("/").get_data(as_text=True)


def test_account_rules() -> None:
    with pytest.raises(AccountError) as short:
        accounts._check("ok", "helper", "short")
    assert short.value.problem is AccountProblem.PASSWORD_SHORT
    with pytest.raises(AccountError) as role:
        accounts._check("ok", "boss", "long-enough")
    assert role.value.problem is AccountProblem.ROLE_BAD


def test_last_librarian_cannot_be_disabled(desk) -> None:
    with pytest.raises(AccountError) as refused:
        accounts.set_active(
            desk.context.database, "librarian", False, at=desk.small.clock.now()
        )
    assert refused.value.problem is AccountProblem.LAST_LIBRARIAN


def test_account_changes_are_events_with_the_account_name(desk) -> None:
    rows = desk.context.database.execute_sql(
        "SELECT action, staff FROM event WHERE action = 'account_added'"
    ).fetchall()
    assert ("account_added", "librarian") in rows


def test_secret_key_file_is_owner_only_and_kept(desk) -> None:
    from kiosk.desk.app import secret_key

    path = desk.small.settings.desk.secret_key_file
    assert path.stat().st_mode & 0o777 == 0o600
    assert secret_key(path) == desk.app.config["SECRET_KEY"]


LIBRARIAN_ONLY = {
    "/catalogue/new",
    "/imports/",
    "/privacy/",
    "/privacy/export",
    "/rollover/",
    "/settings/",
    "/settings/accounts",
    "/settings/calendar",
    "/settings/rules",
}
EVERYONE = {"/", "/reports/"}


def test_every_page_by_role(desk) -> None:
    """Each GET page without arguments, for each role: shown, or refused with 403."""
    pages = sorted(
        rule.rule
        for rule in desk.app.url_map.iter_rules()
        if "GET" in rule.methods
        and not rule.arguments
        and rule.endpoint not in ("static", "cjk_font", "auth.login")
    )
    assert len(pages) >= 25  # every area of the desk is in the list
    # Pages that need a query (a PDF, a finished stocktake) answer 400/404, not 403.
    asked = {"/cards/cards.pdf", "/cards/sheet.png", "/labels/labels.pdf"}
    asked |= {"/labels/sheet.png", "/stocktake/report", "/stocktake/report.xlsx"}
    for role in ("librarian", "helper", "viewer"):
        browser = desk.client(role)
        for page in pages:
            status = browser.get(page).status_code
            refused = (role == "viewer" and page not in EVERYONE) or (
                role == "helper" and page in LIBRARIAN_ONLY
            )
            if refused:
                expected = {403}
            elif page in asked:
                expected = {200, 400, 404}
            elif page in ("/settings/", "/privacy/export"):
                expected = {302}  # to the loan rules; no card: back to the page
            else:
                expected = {200}
            assert status in expected, (role, page, status)
