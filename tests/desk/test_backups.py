"""The backups page: list, back up now, download; restore stays on the command line."""

from __future__ import annotations

import sqlite3


def test_back_up_now_then_download_it(desk) -> None:
    librarian = desk.client("librarian")
    page = librarian.get("/backups/").get_data(as_text=True)
    assert "还没有任何备份" in page
    librarian.get("/backups/")
    response = librarian.post("/backups/now", follow_redirects=True)
    page = response.get_data(as_text=True)
    day = desk.small.clock.now().date().isoformat()
    assert f"已备份：library-{day}.sqlite3" in page or "已备份：" in page
    assert day in page
    name = next(desk.small.settings.backup.folder.glob("*.sqlite3")).name
    got = librarian.get(f"/backups/file/{name}")
    assert got.status_code == 200
    copy = desk.small.settings.backup.folder / "downloaded.sqlite3"
    copy.write_bytes(got.data)
    con = sqlite3.connect(copy)
    assert con.execute("SELECT COUNT(*) FROM patron").fetchone()[0] > 0
    con.close()


def test_only_names_from_the_list_are_served(desk) -> None:
    librarian = desk.client("librarian")
    librarian.get("/backups/")
    librarian.post("/backups/now")
    for name in ("..%2Fconfig.toml", "library.sqlite3", "x-2026-01-01.sqlite3"):
        assert librarian.get(f"/backups/file/{name}").status_code == 404


def test_a_helper_sees_the_list_but_cannot_back_up_or_download(desk) -> None:
    librarian = desk.client("librarian")
    librarian.get("/backups/")
    librarian.post("/backups/now")
    name = next(desk.small.settings.backup.folder.glob("*.sqlite3")).name
    helper = desk.client("helper")
    page = helper.get("/backups/").get_data(as_text=True)
    assert name[-18:-8] in page  # the day is listed
    assert "立即备份" not in page
    assert helper.post("/backups/now").status_code == 403
    assert helper.get(f"/backups/file/{name}").status_code == 403
    assert desk.client("viewer").get("/backups/").status_code == 403


def test_a_failed_backup_is_one_line(desk) -> None:
    folder = desk.small.settings.backup.folder
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.write_text("not a folder")  # the backup folder cannot be made
    librarian = desk.client("librarian")
    librarian.get("/backups/")
    page = librarian.post("/backups/now", follow_redirects=True).get_data(as_text=True)
    assert "备份失败" in page
    assert "Traceback" not in page


def test_the_page_says_how_to_restore(desk) -> None:
    page = desk.client("librarian").get("/backups/").get_data(as_text=True)
    assert "admin restore" in page
