"""Four kiosks race for the same copies: never two open loans of one copy.

Each process is a real kiosk process on the same SQLite file or the same
PostgreSQL database, lending and returning at random; the database's own
constraint (one open loan per copy) decides every race.
"""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys

import pytest
from peewee import fn

from kiosk.clock import SystemClock
from kiosk.db import bulk
from kiosk.db import models as db
from kiosk.runtime import open_library
from tests.conftest import PROJECT

PROCESSES = 4
ATTEMPTS = 500
COPIES = 100


def seed(settings) -> None:
    library = open_library(settings, SystemClock())
    bulk.insert_tables(
        library.database,
        {
            "patron": [
                {"id": n, "card": f"T{n:07d}", "name": f"老师{n}", "type": "teacher"}
                for n in range(1, PROCESSES + 1)
            ],
            "title": [{"id": 1, "isbn": None, "title": "抢手书"}],
            "item": [
                {"id": n, "barcode": f"{30000000 + n}", "title_id": 1}
                for n in range(1, COPIES + 1)
            ],
        },
    )
    db.LoanRule.update(max_items=COPIES).execute()
    library.close()


def write_config(settings, tmp_path):
    path = tmp_path / "race.toml"
    lines = [f'[database]\npath = "{settings.database.path}"\n']
    if settings.database.url:
        lines.append(f'url = "{settings.database.url}"\n')
    lines.append(f'[logging]\nfile = "{tmp_path / "race.log"}"\n')
    path.write_text("".join(lines), encoding="utf-8")
    return path


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_racing_kiosks_never_lend_one_copy_twice(backend, settings, tmp_path, request):
    if backend == "postgresql":
        url = request.getfixturevalue("postgres").new_database()
        settings = dataclasses.replace(
            settings, database=dataclasses.replace(settings.database, url=url)
        )
    seed(settings)
    config = write_config(settings, tmp_path)
    children = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.db.race_child",
                str(config),
                str(n),
                str(ATTEMPTS),
                str(COPIES),
            ],
            cwd=PROJECT,
            stdout=subprocess.PIPE,
            text=True,
        )
        for n in range(1, PROCESSES + 1)
    ]
    tallies = []
    for child in children:
        out, _ = child.communicate(timeout=300)
        assert child.returncode == 0
        tallies.append(json.loads(out))
    library = open_library(settings, SystemClock())
    try:
        open_per_item = (
            db.Loan.select(db.Loan.item, fn.COUNT(db.Loan.id).alias("n"))
            .where(db.Loan.returned_at.is_null())
            .group_by(db.Loan.item)
        )
        assert all(row.n == 1 for row in open_per_item)  # never two open loans
        lent = sum(t["CHECKED_OUT"] for t in tallies)
        returned = sum(t["RETURNED"] for t in tallies)
        assert lent == db.Loan.select().count()  # every success is a loan...
        assert (
            returned
            == db.Loan.select().where(db.Loan.returned_at.is_null(False)).count()
        )
        assert lent - returned == open_per_item.count()  # ...and nothing else
        on_loan = db.Item.select().where(db.Item.status == "on_loan").count()
        assert on_loan == open_per_item.count()
        assert sum(sum(t.values()) for t in tallies) == PROCESSES * ATTEMPTS
    finally:
        library.close()
