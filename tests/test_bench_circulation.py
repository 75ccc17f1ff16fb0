"""The circulation benchmark runs end to end on a tiny library (figures not judged)."""

from __future__ import annotations

import argparse
import json
import sqlite3
from pathlib import Path

import pytest

from kiosk.bench import circulation


def test_every_operation_and_its_bare_write_are_timed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = argparse.Namespace(
        operations=20, loans=500, items=300, patrons=150, dir=tmp_path
    )
    assert circulation.run(args) == 0
    figures = json.loads(capsys.readouterr().out.splitlines()[-1])
    for op in ("checkout", "checkin", "renew", "bare_write"):
        assert 0 < figures[f"{op}_p50_ms"] <= figures[f"{op}_p99_ms"]
    # One bare write after each timed operation: 20 each of three kinds.
    with sqlite3.connect(tmp_path / "run.sqlite3") as con:
        assert con.execute("SELECT count(*) FROM bare").fetchone() == (60,)
        loans = con.execute("SELECT count(*) FROM loan WHERE kiosk = 'bench'")
        assert loans.fetchone() == (40,)
        # In term: a book out for each of the 50 pupils, marked on loan.
        out = con.execute(
            "SELECT count(*) FROM loan l JOIN item i ON i.id = l.item_id"
            " WHERE l.kiosk = 'term' AND l.returned_at IS NULL"
            " AND i.status = 'on_loan'"
        )
        assert out.fetchone() == (50,)


def test_the_same_operations_run_on_postgresql(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], postgres
) -> None:
    url = postgres.new_database()
    args = argparse.Namespace(
        operations=20,
        loans=500,
        items=300,
        patrons=150,
        dir=tmp_path,
        database_url=url,
    )
    for _ in range(2):  # the second run replaces the first run's library
        assert circulation.run(args) == 0
        figures = json.loads(capsys.readouterr().out.splitlines()[-1])
        for op in ("checkout", "checkin", "renew", "bare_write"):
            assert 0 < figures[f"{op}_p50_ms"] <= figures[f"{op}_p99_ms"]
    import psycopg2

    with psycopg2.connect(url) as con, con.cursor() as cur:
        cur.execute("SELECT count(*) FROM bare")
        assert cur.fetchone() == (60,)
        cur.execute("SELECT count(*) FROM loan WHERE kiosk = 'bench'")
        assert cur.fetchone() == (40,)
        cur.execute("SELECT count(*) FROM loan WHERE kiosk = 'history'")
        assert cur.fetchone() == (500,)
        cur.execute(
            "SELECT count(*) FROM loan l JOIN item i ON i.id = l.item_id"
            " WHERE l.kiosk = 'term' AND l.returned_at IS NULL"
            " AND i.status = 'on_loan'"
        )
        assert cur.fetchone() == (50,)


def test_a_school_library_on_the_server_is_never_replaced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], postgres, settings
) -> None:
    import dataclasses

    from kiosk.clock import FixedClock
    from kiosk.runtime import open_library

    url = postgres.new_database()
    library = open_library(
        dataclasses.replace(
            settings, database=dataclasses.replace(settings.database, url=url)
        ),
        FixedClock(circulation.NOW),
    )
    library.close()
    args = argparse.Namespace(
        operations=5, loans=50, items=30, patrons=20, dir=tmp_path, database_url=url
    )
    assert circulation.run(args) == 2
    assert "not a benchmark library" in capsys.readouterr().err
    import psycopg2

    with psycopg2.connect(url) as con, con.cursor() as cur:
        cur.execute("SELECT count(*) FROM loanrule")
        assert cur.fetchone()[0] > 0  # the library is still there
