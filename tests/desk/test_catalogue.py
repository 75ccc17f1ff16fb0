"""The catalogue pages: search, a title's copies, add copies, edit a title."""

from __future__ import annotations

import dataclasses
import re

import pytest
from stdnum import isbn as stdnum_isbn

from tests.conftest import ISBN_ONE, ISBN_TWO

ISBN_ONE_10 = stdnum_isbn.to_isbn10(ISBN_ONE)  # 702000220X


def _count(desk, sql: str) -> int:
    return desk.context.database.execute_sql(sql).fetchone()[0]


@pytest.mark.parametrize(
    "scanned",
    [
        ISBN_ONE,
        stdnum_isbn.format(ISBN_ONE),  # 978-7-02-000220-7
        ISBN_ONE_10,
        stdnum_isbn.format(ISBN_ONE_10),  # 7-02-000220-X
        ISBN_ONE + "52000",  # a scanner that also read the price add-on
        "10000002",  # a copy's accession barcode
    ],
)
def test_a_scan_opens_the_title(desk, scanned) -> None:
    response = desk.client("helper").get(f"/catalogue/?q={scanned}")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/catalogue/1")


@pytest.mark.parametrize("scanned", [ISBN_ONE_10, "10000002"])
def test_live_results_never_navigate(desk, scanned) -> None:
    fragment = desk.client("helper").http.get(
        f"/catalogue/?q={scanned}", headers={"HX-Request": "true"}
    )
    text = fragment.get_data(as_text=True)
    assert fragment.status_code == 200
    assert "红楼梦" in text
    assert "978-7-02-000220-7" in text  # the ISBN printed with its hyphens
    assert "<html" not in text


@pytest.mark.parametrize(("typed", "found"), [("红", "红楼梦"), ("草房", "草房子")])
def test_search_by_part_of_a_title(desk, typed, found) -> None:
    browser = desk.client("helper")
    page = browser.get(f"/catalogue/?q={typed}").get_data(as_text=True)
    assert found in page
    assert 'id="catalogue-q"' in page  # the whole page, search box and all
    fragment = browser.http.get(f"/catalogue/?q={typed}", headers={"HX-Request": "1"})
    assert found in fragment.get_data(as_text=True)


def test_search_by_author(desk) -> None:
    librarian = desk.client("librarian")
    librarian.get("/catalogue/1")
    saved = librarian.post(
        "/catalogue/1/edit", {"title": "红楼梦", "author": "曹雪芹", "isbn": ISBN_ONE}
    )
    assert saved.status_code == 302
    for typed in ("曹雪芹", "雪芹"):
        page = desk.client("helper").get(f"/catalogue/?q={typed}")
        assert "红楼梦" in page.get_data(as_text=True)


def test_search_finding_nothing_says_so(desk) -> None:
    page = desk.client("helper").get("/catalogue/?q=不存在的书名")
    assert "没有找到" in page.get_data(as_text=True)


def test_title_page_shows_who_has_each_copy(desk) -> None:
    desk.context.circulation.check_out(desk.small.patron_id("S0000001"), "10000001")
    page = desk.client("helper").get("/catalogue/1").get_data(as_text=True)
    assert "李明" in page
    assert "初二(3)班" in page
    assert f'href="/patrons/{desk.small.patron_id("S0000001")}"' in page
    assert "2026-12-09" in page
    assert "978-7-02-000220-7" in page
    assert 'class="overdue"' not in page
    page = desk.client("helper").get("/catalogue/2").get_data(as_text=True)
    for word in ("丢失", "修补中", "已注销", "在架"):
        assert word in page
    assert "add-copies" not in page  # a helper sees no forms
    assert "edit-title" not in page


def test_an_overdue_copy_is_red(desk) -> None:
    desk.context.circulation.check_out(desk.small.patron_id("S0000001"), "10000001")
    desk.small.clock.advance(days=40)
    page = desk.client("helper").get("/catalogue/1").get_data(as_text=True)
    row = re.search(r'<tr data-copy="10000001"[^>]*>', page)
    assert row is not None
    assert 'class="overdue"' in row.group(0)
    assert "超期" in page


def test_title_page_counts_loans_and_holds(desk) -> None:
    patron = desk.small.patron_id("S0000001")
    desk.context.circulation.check_out(patron, "10000001")
    desk.context.circulation.check_out(patron, "10000002")
    helper = desk.client("helper")
    helper.get("/holds/")
    for card in ("S0000002", "T0000001"):
        placed = helper.post("/holds/place", {"card": card, "book": ISBN_ONE})
        assert placed.status_code == 302
    desk.context.circulation.check_in("10000001")  # goes to the first hold's shelf
    page = helper.get("/catalogue/1").get_data(as_text=True)
    assert "累计借出 2 次；预约等待 1 人，预约架上 1 本" in page


def test_add_copies_the_kiosk_can_lend(desk) -> None:
    browser = desk.client("librarian")
    browser.get("/catalogue/2")
    response = browser.post("/catalogue/2/copies", {"count": "2", "location": "新书架"})
    assert response.status_code == 302
    page = browser.get(response.headers["Location"]).get_data(as_text=True)
    codes = re.findall(r'data-copy="(\d+)"', page)
    new = [
        c for c in codes if c not in {"10000003", "10000006", "10000007", "10000008"}
    ]
    assert len(new) == 2
    assert "新书架" in page
    link = page.split('id="labels-link" href="')[1].split('"')[0]
    assert link == f"/labels/?barcodes={new[0]},{new[1]}"  # their labels, at once
    result = desk.context.circulation.check_out(
        desk.small.patron_id("S0000001"), new[0]
    )
    assert result.outcome.value == "CHECKED_OUT"
    event = desk.context.database.execute_sql(
        "SELECT staff, note FROM event WHERE action = 'copies_added'"
    ).fetchone()
    assert event[0] == "librarian"
    assert new[0] in event[1]


def _default_location(desk, location: str) -> None:
    settings = desk.context.settings
    catalogue = dataclasses.replace(settings.catalogue, default_location=location)
    desk.context.settings = dataclasses.replace(settings, catalogue=catalogue)


def test_new_copies_go_to_the_default_location(desk) -> None:
    _default_location(desk, "新书架")
    browser = desk.client("librarian")
    page = browser.get("/catalogue/2").get_data(as_text=True)
    assert 'name="location" maxlength="50" value="新书架"' in page
    browser.post("/catalogue/2/copies", {"count": "1", "location": ""})
    assert _count(desk, "SELECT COUNT(*) FROM item WHERE title_id = 2") == 5
    location = desk.context.database.execute_sql(
        "SELECT location FROM item WHERE title_id = 2 ORDER BY id DESC"
    ).fetchone()[0]
    assert location == "新书架"


def test_new_copies_beside_the_others_when_no_default_location(desk) -> None:
    _default_location(desk, "")
    page = desk.client("librarian").get("/catalogue/2").get_data(as_text=True)
    assert 'name="location" maxlength="50" value="I区"' in page


@pytest.mark.parametrize("count", ["0", "51", "500", "two", ""])
def test_bad_copy_count_is_refused(desk, count) -> None:
    browser = desk.client("librarian")
    browser.get("/catalogue/2")
    response = browser.post("/catalogue/2/copies", {"count": count})
    assert response.status_code == 400
    assert 'data-field-error="count"' in response.get_data(as_text=True)
    assert _count(desk, "SELECT COUNT(*) FROM item WHERE title_id = 2") == 4


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
    assert 'value="3000"' in page  # shown again as typed
    response = browser.post(
        "/catalogue/1/edit", {"title": "红楼梦（上）", "isbn": ISBN_TWO}
    )
    assert 'data-field-error="isbn"' in response.get_data(as_text=True)
    row = desk.context.database.execute_sql(
        "SELECT title, isbn, year FROM title WHERE id = 1"
    ).fetchone()
    assert row == ("红楼梦", ISBN_ONE, 2020)  # nothing written
    assert _count(desk, "SELECT COUNT(*) FROM event WHERE action = 'title_edited'") == 0
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
    assert "I242.4" in page
    staff = desk.context.database.execute_sql(
        "SELECT staff FROM event WHERE action = 'title_edited'"
    ).fetchone()
    assert staff == ("librarian",)


@pytest.mark.parametrize(
    ("isbn", "message"),
    [("9787020002208", "校验位不对"), ("12345", "这不是 ISBN")],
)
def test_a_bad_isbn_says_what_is_wrong(desk, isbn, message) -> None:
    browser = desk.client("librarian")
    browser.get("/catalogue/1")
    response = browser.post("/catalogue/1/edit", {"title": "红楼梦", "isbn": isbn})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    error = re.search(r'data-field-error="isbn">([^<]*)<', page)
    assert error is not None
    assert message in error.group(1)


def test_errors_in_english_for_an_english_desk(desk) -> None:
    browser = desk.client("librarian")
    browser.get("/catalogue/1")
    browser.post("/lang/en", {"next": "/"})
    browser.get("/catalogue/1")
    response = browser.post("/catalogue/1/edit", {"title": "", "year": "999"})
    page = response.get_data(as_text=True)
    assert "Enter a year from 1000 to 2100." in page
    assert 'data-field-error="title"' in page


def test_script_in_a_title_is_text(desk) -> None:
    desk.context.database.execute_sql(
        "UPDATE title SET title = '<script>x()</script>' WHERE id = 2"
    )
    page = desk.client("helper").get("/catalogue/2").get_data(as_text=True)
    assert "<script>x()" not in page
    assert "&lt;script&gt;" in page
    results = desk.client("helper").get("/catalogue/?q=script").get_data(as_text=True)
    assert "<script>x()" not in results


def test_unknown_title_is_not_found(desk) -> None:
    response = desk.client("helper").get("/catalogue/999")
    assert response.status_code == 404
    assert "找不到编号为 999 的书目" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("url", "data"),
    [("/catalogue/1/copies", {"count": "1"}), ("/catalogue/1/edit", {"title": "x"})],
)
def test_a_helper_cannot_change_the_catalogue(desk, url, data) -> None:
    helper = desk.client("helper")
    helper.get("/catalogue/1")
    assert helper.post(url, data).status_code == 403
    assert _count(desk, "SELECT COUNT(*) FROM item") == 8
    assert _count(desk, "SELECT COUNT(*) FROM title WHERE title = 'x'") == 0


@pytest.mark.parametrize("url", ["/catalogue/", "/catalogue/?q=红", "/catalogue/1"])
def test_a_viewer_sees_no_catalogue(desk, url) -> None:
    assert desk.client("viewer").get(url).status_code == 403


@pytest.mark.parametrize("url", ["/catalogue/1/edit", "/catalogue/1/copies"])
def test_a_form_address_opened_again_shows_the_title(desk, url) -> None:
    # After a refused edit the address bar holds the form's address; switching
    # the language or reopening it must not end on "method not allowed".
    response = desk.client("helper").get(url)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/catalogue/1")


def test_a_new_title_by_isbn_and_more_copies_of_a_known_one(desk) -> None:
    from tests.admin.test_catalogue import NEW_A
    from tests.conftest import ISBN_TWO

    browser = desk.client("librarian")
    browser.get("/catalogue/new")
    needs_title = browser.post("/catalogue/new", {"isbn": NEW_A, "copies": "2"})
    assert needs_title.status_code == 400
    assert "书名" in needs_title.get_data(as_text=True).split('id="new-refused"')[1]
    bad = browser.post("/catalogue/new", {"isbn": "978-7-5434-1234-0", "title": "x"})
    assert bad.status_code == 400
    assert 'id="new-refused"' in bad.get_data(as_text=True)
    added = browser.post(
        "/catalogue/new",
        {"isbn": NEW_A, "title": "夏洛的网", "author": "怀特", "copies": "2"},
        follow_redirects=True,
    )
    page = added.get_data(as_text=True)
    assert "夏洛的网" in page.split('id="title-name">')[1]
    assert 'id="labels-link"' in page
    codes = re.findall(r'data-copy="(\d+)"', page)
    assert len(codes) == 2
    lent = desk.context.circulation.check_out(
        desk.small.patron_id("S0000001"), codes[0]
    )
    assert lent.outcome.value == "CHECKED_OUT"
    more = browser.post(
        "/catalogue/new", {"isbn": ISBN_TWO, "copies": "1"}, follow_redirects=True
    )
    assert "草房子" in more.get_data(as_text=True).split('id="title-name">')[1]
    logged = desk.context.database.execute_sql(
        "SELECT kiosk, staff FROM event WHERE action = 'catalogue_added'"
    ).fetchall()
    assert logged == [("desk", "librarian"), ("desk", "librarian")]
    helper = desk.client("helper")
    assert helper.get("/catalogue/new").status_code == 403
