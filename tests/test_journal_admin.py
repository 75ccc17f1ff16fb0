"""``admin journal replay|report`` on a real SQLite library and journal file."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.config import Settings, load_config
from kiosk.runtime import open_failover
from tests.admin.helpers import admin
from tests.conftest import Small
from tests.db.test_offline import Share


def with_journal(small: Small, tmp_path: Path, journal: str) -> Settings:
    text = small.settings.source.read_text(encoding="utf-8").replace(
        'journal = "var/journal.sqlite3"', f"journal = {journal!r}"
    )
    path = tmp_path / "admin.toml"
    path.write_text(text, encoding="utf-8")
    return load_config(path)


def work_offline(small: Small, settings: Settings) -> None:
    """A kiosk lends two books offline; one was lent at another kiosk meanwhile."""
    kiosk = open_failover(settings, small.library, small.clock)
    assert kiosk is not None
    share = Share(small)
    share.fail()
    kiosk.check_out(1, "10000001")
    kiosk.check_out(1, "10000003")
    kiosk.close()  # the kiosk is switched off before the library comes back
    share.restore()
    small.service.check_out(2, "10000003")


def test_replay_by_hand_then_report(small: Small, tmp_path: Path) -> None:
    settings = with_journal(small, tmp_path, "local/journal.sqlite3")
    work_offline(small, settings)
    status, out, _ = admin(settings, small.clock, "journal", "replay")
    assert status == 0
    assert "10000003: lent at another kiosk meanwhile" in out
    assert "Replayed 1, 0 replayed before, 1 conflict(s)." in out
    status, out, _ = admin(settings, small.clock, "journal", "replay")
    assert (status, out) == (0, "The offline journal holds nothing to replay.\n")
    status, out, _ = admin(settings, small.clock, "journal", "report")
    assert status == 1
    assert out.splitlines() == [
        "2026-11-25 10:00 kiosk-1 check-out card S0000001 book 10000003: lent at"
        " another kiosk meanwhile; this loan was not recorded",
        "1 conflict(s); please check each one.",
    ]
    status, out, _ = admin(settings, small.clock, "journal", "report", "--all")
    assert "book 10000001: CHECKED_OUT" in out
    assert "2 offline action(s) replayed." in out
    status, out, _ = admin(settings, small.clock, "journal", "report", lang="zh-CN")
    assert "离线期间这本书已在别的自助机借给别人" in out


def test_report_with_no_conflicts(small: Small, tmp_path: Path) -> None:
    settings = with_journal(small, tmp_path, "local/journal.sqlite3")
    status, out, _ = admin(settings, small.clock, "journal", "report")
    assert (status, out) == (0, "No conflicts.\n")


@pytest.mark.parametrize(
    ("journal", "message"),
    [
        ("", "No offline journal is configured"),
        ("local/none.sqlite3", "does not exist; nothing to replay"),
    ],
)
def test_replay_without_a_journal_is_one_clear_error(
    small: Small, tmp_path: Path, journal: str, message: str
) -> None:
    settings = with_journal(small, tmp_path, journal)
    status, _, err = admin(settings, small.clock, "journal", "replay")
    assert status == 2
    assert message in err
    assert not (tmp_path / "local" / "none.sqlite3").exists()
