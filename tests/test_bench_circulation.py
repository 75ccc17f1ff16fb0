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
