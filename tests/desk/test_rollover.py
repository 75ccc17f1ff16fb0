"""The rollover page: the command's preview, nothing before Confirm, once a year."""

from __future__ import annotations

import re
from pathlib import Path

from tests.admin.helpers import stored
from tests.admin.test_rollover import _roster


def fingerprint(page: str) -> str:
    return re.search(r'name="fingerprint" value="([^"]+)"', page).group(1)


def test_preview_then_confirm_once(desk, tmp_path: Path) -> None:
    small = desk.small
    _roster(small, tmp_path)
    before = stored(small.settings, small.clock)
    librarian = desk.client("librarian")
    page = librarian.get("/rollover/").get_data(as_text=True)
    assert '初一(1)班</td><td>初二(1)班</td><td class="num">1<' in page
    assert "初三毕业离校：2 人" in page
    loans = page.split('id="rollover-loans"')[1].split("</section>")[0]
    assert "S2401001" in loans
    assert "10000001" in loans
    assert stored(small.settings, small.clock) == before  # the preview wrote nothing
    done = librarian.post("/rollover/", {"fingerprint": fingerprint(page)})
    assert done.status_code == 302
    after = stored(small.settings, small.clock)
    assert after["S2501001"].class_name == "初二(1)班"
    assert after["S2401001"].status == "left"
    event = small.library.database.execute_sql(
        "SELECT staff, kiosk FROM event WHERE action = 'rollover'"
    ).fetchall()
    assert event == [("librarian", "desk")]
    # A second Confirm (the same form sent again) changes nothing.
    again = librarian.post("/rollover/", {"fingerprint": fingerprint(page)})
    assert "本学年已经在" in again.get_data(as_text=True)
    assert stored(small.settings, small.clock) == after
    assert "本学年已经在" in librarian.get("/rollover/").get_data(as_text=True)


def test_a_roster_changed_after_the_preview_is_shown_again(desk, tmp_path) -> None:
    small = desk.small
    librarian = desk.client("librarian")
    page = librarian.get("/rollover/").get_data(as_text=True)
    _roster(small, tmp_path)  # three more pupils after the page was drawn
    before = stored(small.settings, small.clock)
    response = librarian.post("/rollover/", {"fingerprint": fingerprint(page)})
    assert response.status_code == 409
    assert "名单在预览后有变化" in response.get_data(as_text=True)
    assert stored(small.settings, small.clock) == before


def test_only_a_librarian_rolls_over(desk) -> None:
    for role in ("helper", "viewer"):
        client = desk.client(role)
        assert client.get("/rollover/").status_code == 403
        assert client.post("/rollover/", {"fingerprint": "x"}).status_code == 403
