"""The SIP2 benchmark runs end to end on a tiny library (figures not judged)."""

from __future__ import annotations

import argparse
import json
import sqlite3
from pathlib import Path

import pytest

from kiosk.bench import sip2


def test_clients_lend_and_take_back_through_a_real_server(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = argparse.Namespace(
        clients=3,
        seconds=2.0,
        json=True,
        patrons=150,
        items=300,
        loans=500,
        dir=tmp_path,
    )
    assert sip2.run(args) == 0
    figures = json.loads(capsys.readouterr().out.splitlines()[-1])
    assert set(figures) == {
        "clients",
        "transactions",
        "tps",
        "checkout_p50_ms",
        "checkout_p99_ms",
        "errors",
    }
    assert figures["clients"] == 3
    assert figures["errors"] == 0
    assert figures["transactions"] >= 3 * 3  # at least a cycle each
    assert 0 < figures["checkout_p50_ms"] <= figures["checkout_p99_ms"]
    with sqlite3.connect(tmp_path / "sip2-run.sqlite3") as con:
        lent = con.execute(
            "SELECT COUNT(*) FROM loan WHERE kiosk = 'sip2-bench'"
        ).fetchone()[0]
        still_out = con.execute(
            "SELECT COUNT(*) FROM loan WHERE kiosk = 'sip2-bench'"
            " AND returned_at IS NULL"
        ).fetchone()[0]
    assert lent == figures["transactions"] // 3
    assert still_out == 0  # every copy lent was taken back
