"""Retention: old loans lose their borrower, leavers their name; reports still add up.

On ``tests.privacy.library``: a dry run lists and changes nothing; a run
anonymises, leaves every past school year's report figures as they were, keeps
a pupil with a book out or a debt, and a second run changes nothing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import time
from collections import Counter
from pathlib import Path

import openpyxl
import pytest

from kiosk.clock import FixedClock
from kiosk.db import reports
from kiosk.runtime import open_library
from tests.admin.helpers import admin
from tests.admin.test_spreadsheet_injection import assert_safe
from tests.privacy import library as data

CUTOFF = dt.datetime(2023, 8, 1)  # 2026-27 minus the 3 school years kept


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(data.NOW)


@pytest.fixture
def opened(settings, clock):
    library = open_library(settings, clock)
    data.fill(library.database)
    yield library
    library.close()


def rows(library, sql: str, *params) -> list[tuple]:
    return library.database.execute_sql(sql, params).fetchall()


def dump(library) -> dict[str, list[tuple]]:
    return {
        table: rows(library, f'SELECT * FROM "{table}" ORDER BY 1')
        for table in ("patron", "loan", "event", "hold", "loss", "journalop")
    }


def year_figures(library) -> dict[int, dict]:
    """Every school year's report, as the leaders see its totals."""
    found = {}
    for year in range(2021, 2027):
        fig = reports.gather(
            library.database, dt.date(year, 8, 1), dt.date(year + 1, 7, 31)
        )
        totals = dataclasses.asdict(fig)
        totals.pop("classes")  # today's pupils by class: changes as they leave
        readers = totals.pop("top_readers")
        totals["readers"] = sorted(Counter(n for *_, n in readers).items())
        found[year] = totals
    return found


def test_a_dry_run_lists_and_changes_nothing(settings, clock, opened) -> None:
    before = dump(opened)
    old = rows(
        opened,
        "SELECT COUNT(*) FROM loan WHERE returned_at IS NOT NULL AND out_at < ?",
        CUTOFF,
    )[0][0]
    status, out, _ = admin(settings, clock, "privacy", "run", "--dry-run")
    assert status == 0
    assert f"began before 2023-08-01 ({old} loans" in out
    assert "1 pupil(s) who left over 12 months ago" in out
    assert "S0000003 张伟 初三(2)班 (left 2024-07-20)" in out
    assert "S0000005" not in out  # a book still out
    assert "S0000006" not in out  # still owes money
    assert "S0000004" not in out  # left five months ago
    assert "Dry run" in out
    assert dump(opened) == before


def test_a_run_anonymises_and_every_past_report_adds_up(settings, clock, opened):
    before = year_figures(opened)
    old_loans = rows(
        opened,
        "SELECT COUNT(*) FROM loan WHERE returned_at IS NOT NULL AND out_at < ?",
        CUTOFF,
    )[0][0]
    status, out, _ = admin(settings, clock, "privacy", "run")
    assert status == 0, out
    assert f"Anonymised {old_loans} loans" in out
    assert year_figures(opened) == before
    # No old loan is a named pupil's any more; each went to an anonymous reader.
    named = rows(
        opened,
        "SELECT COUNT(*) FROM loan l JOIN patron p ON p.id = l.patron_id"
        " WHERE l.out_at < ? AND l.returned_at IS NOT NULL AND p.name <> ''",
        CUTOFF,
    )
    assert named == [(0,)]
    readers = rows(
        opened,
        "SELECT card, name, class_name, grade, type, status, gender FROM patron"
        " WHERE card LIKE 'ANON-%' AND id IN (SELECT patron_id FROM loan"
        " WHERE out_at < ?)",
        CUTOFF,
    )
    assert readers
    assert {r[1] for r in readers} == {""}
    assert {r[5] for r in readers} == {"left"}
    assert ("高一(1)班", 10, "student") in {(r[2], r[3], r[4]) for r in readers}
    # 张伟 is forgotten; his recent loans stay, counted, on his nameless row.
    assert rows(opened, "SELECT COUNT(*) FROM patron WHERE name = '张伟'") == [(0,)]
    assert rows(opened, "SELECT COUNT(*) FROM patron WHERE card = 'S0000003'") == [(0,)]
    [(card, name, gender, status)] = rows(
        opened, "SELECT card, name, gender, status FROM patron WHERE id = 3"
    )
    assert (card[:5], name, gender, status) == ("ANON-", "", "", "left")
    assert rows(opened, "SELECT COUNT(*) FROM event WHERE scan = 'S0000003'") == [(0,)]
    assert rows(opened, "SELECT card FROM journalop") == [("",)]
    # Settled compensation went with its loan; 赵强's debt stays his.
    assert rows(
        opened,
        "SELECT s.id, p.card LIKE 'ANON-%', p.name FROM loss s"
        " JOIN patron p ON p.id = s.patron_id ORDER BY s.id",
    ) == [(1, 0, "赵强"), (2, 1, "")]
    # Old events name no pupil: they moved with their loans.
    assert rows(
        opened,
        "SELECT COUNT(*) FROM event e JOIN patron p ON p.id = e.patron_id"
        " WHERE e.at < ? AND p.name <> ''",
        CUTOFF,
    ) == [(0,)]
    # 陈静 (a book out), 赵强 (owes 30 yuan), 刘洋 (left in July) keep their names.
    kept = {r[0] for r in rows(opened, "SELECT name FROM patron WHERE name <> ''")}
    assert {"陈静", "赵强", "刘洋", "李明"} <= kept
    # A second run finds nothing to do.
    after = dump(opened)
    status, out, _ = admin(settings, clock, "privacy", "run")
    assert (status, out) == (0, "Nothing to clear.\n")
    assert dump(opened) == after


def test_the_kiosk_still_lends_to_a_pupil_whose_old_loans_went(
    settings, clock, opened
) -> None:
    admin(settings, clock, "privacy", "run")
    from kiosk.runtime import build_service

    service = build_service(settings, opened.store, clock)
    result = service.check_out(1, "10000002")
    assert result.outcome.value == "CHECKED_OUT"


def test_slips_and_logs_older_than_their_days_are_deleted(settings, clock, opened):
    archive = settings.receipts.archive
    for day in ("2026-09-01", "2026-10-04", "2026-10-06", "2026-12-03", "notes"):
        (archive / day).mkdir(parents=True)
        (archive / day / "slip.txt").write_text("李明 红楼梦", encoding="utf-8")
    log = settings.logging.file
    log.parent.mkdir(parents=True, exist_ok=True)
    log.write_text("2026-12-01 08:00:00,000 INFO kiosk: started\n", encoding="utf-8")
    old = log.with_name(log.name + ".2026-08-01")
    old.write_text("2026-08-01 08:00:00,000 INFO kiosk: old\n", encoding="utf-8")
    stamp = dt.datetime(2026, 8, 2).timestamp()
    os.utime(old, (stamp, stamp))
    _, out, _ = admin(settings, clock, "privacy", "run", "--dry-run")
    assert "Slips archived over 60 days ago: 2 day folder(s)." in out
    assert "Log files over 90 days old: 1." in out
    admin(settings, clock, "privacy", "run")
    left = sorted(p.name for p in archive.iterdir())
    assert left == ["2026-10-06", "2026-12-03", "notes"]
    assert not old.exists()
    # Today's log holds an earlier day: it was set aside under that day's name.
    assert log.with_name(log.name + ".2026-12-01").exists()


def test_a_pupils_data_exported_then_erased(settings, clock, opened, tmp_path):
    out = tmp_path / "李明.xlsx"
    status, said, _ = admin(settings, clock, "privacy", "export", "s0000001", str(out))
    assert status == 0
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Patron", "Loans", "Holds", "Compensation", "Events"]
    loans = list(book["Loans"].iter_rows(min_row=2, values_only=True))
    expected = rows(opened, "SELECT COUNT(*) FROM loan WHERE patron_id = 1")[0][0]
    assert len(loans) == expected
    assert f"({expected} loans" in said
    evil = tmp_path / "evil.xlsx"
    admin(settings, clock, "privacy", "export", "S0000008", str(evil))
    assert_safe(evil, [data.EVIL, "@SUM(1)", "+cmd|' /C calc'!A0"])

    status, _, err = admin(settings, clock, "privacy", "erase", "S0000005")
    assert status != 0
    assert "still has 1 book(s) out" in err
    status, _, err = admin(settings, clock, "privacy", "erase", "S0000006")
    assert "owes 30.00 yuan" in err
    status, said, _ = admin(settings, clock, "privacy", "erase", "S0000001")
    assert status == 0
    assert "S0000001 李明 is forgotten" in said
    assert rows(opened, "SELECT COUNT(*) FROM patron WHERE name = '李明'") == [(0,)]
    assert rows(opened, "SELECT COUNT(*) FROM loan WHERE patron_id = 1")[0][0] == (
        expected
    )
    status, _, err = admin(settings, clock, "privacy", "erase", "S0000001")
    assert "No card S0000001" in err


def test_unknown_card_export_is_one_line(settings, clock, opened, tmp_path) -> None:
    status, _, err = admin(
        settings, clock, "privacy", "export", "S9999999", str(tmp_path / "x.xlsx")
    )
    assert status != 0
    assert err.strip().endswith("No card S9999999.")
    assert not Path(tmp_path / "x.xlsx").exists()


@pytest.mark.slow
def test_the_same_on_postgresql(settings, clock, postgres) -> None:
    """The run's SQL and the event log's trigger on a real PostgreSQL server."""
    url = postgres.new_database()
    config = settings.source
    text = config.read_text(encoding="utf-8").replace('url = ""', f'url = "{url}"', 1)
    config.write_text(text, encoding="utf-8")
    from kiosk.config import load_config

    settings = load_config(config)
    library = open_library(settings, clock)
    try:
        data.fill(library.database)
        before = year_figures(library)
        [(old,)] = rows(
            library,
            "SELECT COUNT(*) FROM loan WHERE returned_at IS NOT NULL AND out_at < %s",
            CUTOFF,
        )
        status, out, _ = admin(settings, clock, "privacy", "run")
        assert status == 0, out
        assert f"Anonymised {old} loans" in out
        assert "forgot 1 leaver" in out
        assert year_figures(library) == before
        with pytest.raises(Exception, match="append-only"):
            library.database.execute_sql("UPDATE event SET outcome = 'X'")
        library.database.rollback()
        status, out, _ = admin(settings, clock, "privacy", "run")
        assert out == "Nothing to clear.\n"
    finally:
        library.close()


def test_the_kiosk_runs_it_in_the_background_at_start(settings, clock, opened):
    from kiosk.db.health import UNREACHABLE
    from kiosk.privacy import retention

    thread = retention.start_daily(settings, opened.database, clock, UNREACHABLE)
    assert thread is not None
    assert thread.daemon
    deadline = time.monotonic() + 20
    while rows(opened, "SELECT COUNT(*) FROM patron WHERE name = '张伟'") != [(0,)]:
        assert time.monotonic() < deadline, "the daily run did not happen"
        time.sleep(0.05)
    off = dataclasses.replace(
        settings, privacy=dataclasses.replace(settings.privacy, daily=False)
    )
    assert retention.start_daily(off, opened.database, clock, UNREACHABLE) is None
