"""The desk and a console-mode kiosk lending on one library, SQLite and PostgreSQL.

Both go through the same service and store: neither can lend a copy the other
has lent, and each sees the other's loans at once.
"""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys

import pytest

from kiosk.db import accounts, bulk
from kiosk.db import models as db
from kiosk.db.dashboard import kiosks
from kiosk.desk.app import create_app
from kiosk.desk.context import DeskContext
from kiosk.runtime import open_library
from tests.conftest import PROJECT, small_tables
from tests.desk.conftest import PASSWORDS, Browser
from tests.desk.test_circulation import outcome, patron_of


class ConsoleKiosk:
    """A real kiosk process in console mode, one scan in, one JSON line out."""

    def __init__(self, config) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-u", "kiosk.py", "--console", "--json"],
            cwd=PROJECT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={"KIOSK_CONFIG": str(config), "PATH": "/usr/bin:/bin"},
        )

    def scan(self, code: str) -> dict:
        assert self.proc.stdin
        assert self.proc.stdout
        self.proc.stdin.write(code + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        assert line, self.proc.stderr.read() if self.proc.stderr else ""
        return json.loads(line)

    def close(self) -> None:
        assert self.proc.stdin
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


def library_settings(backend, settings, tmp_path, request):
    if backend == "postgresql":
        url = request.getfixturevalue("postgres").new_database()
        settings = dataclasses.replace(
            settings, database=dataclasses.replace(settings.database, url=url)
        )
    config = tmp_path / "kiosk.toml"
    lines = [
        '[library]\nkiosk_id = "counter-1"\n',
        f'[database]\npath = "{settings.database.path}"\n',
        f'url = "{settings.database.url}"\n' if settings.database.url else "",
        f'[logging]\nfile = "{tmp_path / "kiosk.log"}"\n',
        '[offline]\njournal = ""\n',
        "[backup]\ndaily = false\n",
        # A network printer nobody listens for: the heartbeat reports it.
        '[printer]\ntype = "network"\nhost = "127.0.0.1"\nport = 9\n',
        "timeout_seconds = 0.5\n",
    ]
    config.write_text("".join(lines), encoding="utf-8")
    return settings, config


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_desk_and_kiosk_lend_on_one_library(
    backend, settings, clock, tmp_path, request
):
    settings, config = library_settings(backend, settings, tmp_path, request)
    library = open_library(settings, clock)
    bulk.insert_tables(library.database, small_tables(clock.today()))
    accounts.add_account(
        library.database,
        "librarian",
        "librarian",
        PASSWORDS["librarian"],
        at=clock.now(),
    )
    app = create_app(DeskContext(settings, library, clock), testing=True)
    browser = Browser(app.test_client())
    browser.sign_in("librarian", PASSWORDS["librarian"])
    browser.get("/circulation/")
    kiosk = ConsoleKiosk(config)
    try:
        # The desk lends a copy; the kiosk cannot lend it to someone else.
        desk_patron = patron_of(
            browser.post("/circulation/scan", {"code": "S0000001"}, htmx=True).get_data(
                as_text=True
            )
        )
        page = browser.post(
            "/circulation/scan", {"code": "10000001", "patron": desk_patron}, htmx=True
        ).get_data(as_text=True)
        assert outcome(page) == "CHECKED_OUT"
        assert kiosk.scan("S0000002")["outcome"] == "PATRON_OK"
        assert kiosk.scan("10000001")["outcome"] == "ON_LOAN_TO_OTHER"
        # The kiosk lends another; the desk sees it and cannot lend it again.
        assert kiosk.scan("10000003")["outcome"] == "CHECKED_OUT"
        assert kiosk.scan("DONE")["outcome"] == "SESSION_ENDED"
        page = browser.post(
            "/circulation/scan", {"code": "S0000002"}, htmx=True
        ).get_data(as_text=True)
        assert 'data-barcode="10000003"' in page
        other = patron_of(page)
        page = browser.post(
            "/circulation/scan", {"code": "S0000001"}, htmx=True
        ).get_data(as_text=True)
        page = browser.post(
            "/circulation/scan", {"code": "10000003", "patron": desk_patron}, htmx=True
        ).get_data(as_text=True)
        assert outcome(page) == "ON_LOAN_TO_OTHER"
        assert other != desk_patron
    finally:
        kiosk.close()
    with library.database.bind_ctx(db.MODELS):
        open_loans = [
            (loan.item_id, loan.patron_id, loan.kiosk)
            for loan in db.Loan.select().where(db.Loan.returned_at.is_null())
        ]
    beats = {k.kiosk: k for k in kiosks(library.database)}
    library.close()
    assert "counter-1" in beats  # the console kiosk wrote its heartbeat
    # ... saying its printer cannot be reached and it reads no camera.
    assert beats["counter-1"].printer == "not_found"
    assert beats["counter-1"].camera == "none"
    assert sorted(open_loans) == [(1, 1, "desk"), (3, 2, "counter-1")]
