"""The catalogue pages: search, a title's copies, add copies, edit a title."""

from __future__ import annotations

import re

from tests.conftest import ISBN_ONE, ISBN_TWO


def test_search_by_title_part_and_isbn_forms(desk) -> None:
    browser = desk.client("helper")
    page = browser.get("/catalogue/?q=红").get_data(as_text=True)
    assert "红楼梦" in page
    hyphenated = (
        f"{ISBN_ONE[:3]}-{ISBN_ONE[3]}-{ISBN_ONE[4:7]}-{ISBN_ONE[7:12]}-{ISBN_ONE[12]}"
    )
    response = browser.get(f"/catalogue/?q={hyphenated}")
    assert response.status_code == 302  # one title: its page opens
    assert response.headers["Location"].endswith("/catalogue/1")
    assert (
        browser.get("/catalogue/?q=10000002")
        .headers["Location"]
        .endswith("/catalogue/1")
    )
    fragment = browser.http.get("/catalogue/?q=草房", headers={"HX-Request": "true"})
    text = fragment.get_data(as_text=True)
    assert "草房子" in text
    assert "<html" not in text
    assert "没有找到" in browser.get("/catalogue/?q=不存在的书名").get_data(
        as_text=True
    )


def test_title_page_shows_who_has_each_copy(desk) -> None:
    desk.context.circulation.check_out(desk.small.patron_id("S0000001"), "10000001")
    page = desk.client("helper").get("/catalogue/1").get_data(as_text=True)
    assert "李明" in page
    assert "2026-12-09" in page
    assert "978-7-02-000220-7" in page
    page = desk.client("helper").get("/catalogue/2").get_data(as_text=True)
    for word in ("丢失", "修补中", "已注销", "在架"):
        assert word in page
    assert "add-copies" not in page  # a helper sees no forms


def test_add_copies_the_kiosk_can_lend(desk) -> None:
    browser = desk.client("librarian")
    browser.get("/catalogue/2")
    response = browser.post("/catalogue/2/copies", {"count": "2", "location": "新书架"})
    assert response.status_code == 302
    page = browser.get("/catalogue/2").get_data(as_text=True)
    codes = re.findall(r'data-copy="(\d+)"', page)
    new = [
        c for c in codes if c not in {"10000003", "10000006", "10000007", "10000008"}
    ]
    assert len(new) == 2
    result = desk.context.circulation.check_out(
        desk.small.patron_id("S0000001"), new[0]
    )
    assert result.outcome.value == "CHECKED_OUT"
    event = desk.context.database.execute_sql(
        "SELECT staff, note FROM event WHERE action = 'copies_added'"
    ).fetchone()
    assert event[0] == "librarian"
    assert new[0] in event[1]


def test_bad_copy_count_is_refused(desk) -> None:
    browser = desk.client("librarian")
    browser.get("/catalogue/2")
    response = browser.post("/catalogue/2/copies", {"count": "500"})
    assert response.status_code == 400
    assert 'data-field-error="count"' in response.get_data(as_text=True)


def test_edit_checks_every_field(desk) -> None:
    browser = desk.client("librarian")
    browser.get("/catalogue/1")
    response = browser.post(
        "/catalogue/1/edit",
        {"title": "红楼梦（上）", "year": "3000", "isbn": ISBN_TWO, "price": "-1"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'data-field-error="year"' in page
    assert 'data-field-error="price"' in page
    response = browser.post(
        "/catalogue/1/edit", {"title": "红楼梦（上）", "isbn": ISBN_TWO}
    )
    assert 'data-field-error="isbn"' in response.get_data(as_text=True)
    assert (
        "红楼梦（上）"
        not in desk.client("helper")
        .get("/catalogue/1")
        .get_data(as_text=True)
        .split("<h1")[1][:60]
    )
    response = browser.post(
        "/catalogue/1/edit",
        {
            "title": "红楼梦（上）",
            "isbn": "7-02-000220-X",
            "year": "2005",
            "price": "32.5",
            "clc": "i242.4",
        },
    )
    assert response.status_code == 302
    page = browser.get("/catalogue/1").get_data(as_text=True)
    assert "红楼梦（上）" in page
    assert "¥32.50" in page
    staff = desk.context.database.execute_sql(
        "SELECT staff FROM event WHERE action = 'title_edited'"
    ).fetchone()
    assert staff == ("librarian",)


def test_script_in_a_title_is_text(desk) -> None:
    desk.context.database.execute_sql(
        "UPDATE title SET title = '<script>x()</script>' WHERE id = 2"
    )
    page = desk.client("helper").get("/catalogue/2").get_data(as_text=True)
    assert "<script>x()" not in page
    assert "&lt;script&gt;" in page


def test_unknown_title_and_roles(desk) -> None:
    response = desk.client("helper").get("/catalogue/999")
    assert response.status_code == 404
    assert "999" in response.get_data(as_text=True)
    helper = desk.client("helper")
    helper.get("/catalogue/1")
    assert helper.post("/catalogue/1/copies", {"count": "1"}).status_code == 403
    assert desk.client("viewer").get("/catalogue/1").status_code == 403
