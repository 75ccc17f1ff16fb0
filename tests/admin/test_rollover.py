"""School-year rollover: classes move up; 初三 leaves, open loans listed first."""

from __future__ import annotations

from pathlib import Path

from kiosk.circulation.outcomes import Outcome
from tests.admin.helpers import admin, stored, write_xlsx


def _roster(small, tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "roster.xlsx",
        [
            ["学号", "姓名", "班级"],
            ["S2501001", "周一", "初一(1)班"],
            ["S2401001", "吴二", "初三(1)班"],
            ["S2401002", "郑三", "九年级2班"],
        ],
    )
    status, _, _ = admin(small.settings, small.clock, "patrons", "import", str(path))
    assert status == 0
    wu = small.patron_id("S2401001")
    assert small.service.check_out(wu, "10000001").outcome is Outcome.CHECKED_OUT


def test_dry_run_lists_moves_and_leavers_loans_without_writing(
    small, tmp_path: Path
) -> None:
    _roster(small, tmp_path)
    before = stored(small.settings, small.clock)
    status, out, _ = admin(
        small.settings, small.clock, "patrons", "rollover", "--dry-run"
    )
    assert status == 0
    assert "初二(3)班 → 初三(3)班: 3 student(s)" in out  # active students of small
    assert "初一(1)班 → 初二(1)班: 1 student(s)" in out
    assert "leaving (初三): 2 student(s)" in out
    assert "These leavers still have books out (1)" in out
    assert "初三(1)班 S2401001 吴二: “红楼梦” 10000001 due 2026-12-09" in out
    assert out.index("books out") < out.index("dry run")
    assert stored(small.settings, small.clock) == before


def test_rollover_promotes_and_marks_leavers(small, tmp_path: Path) -> None:
    _roster(small, tmp_path)
    status, out, _ = admin(
        small.settings, small.clock, "patrons", "rollover", lang="zh-CN"
    )
    assert status == 0
    assert "以下离校学生还有未还的书（1 本）" in out
    assert "升级 4 人，离校 2 人，离校学生未还书 1 本。" in out
    after = stored(small.settings, small.clock)
    assert (after["S2501001"].class_name, after["S2501001"].grade) == ("初二(1)班", 8)
    assert (after["S0000001"].class_name, after["S0000001"].grade) == ("初三(3)班", 9)
    assert after["S2401001"].status == "left"
    assert after["S2401002"].status == "left"
    # Suspended, already-left and staff patrons are not touched.
    assert after["S0000003"].class_name == "初二(3)班"
    assert after["S0000004"].class_name == "初二(3)班"
    assert after["T0000001"].class_name == "教师"
    # The leaver's loan is still open: the book is recalled, not forgotten.
    assert small.service.status(small.patron_id("S2401001")).loans


def test_second_rollover_in_a_school_year_is_refused(small, tmp_path: Path) -> None:
    _roster(small, tmp_path)
    assert admin(small.settings, small.clock, "patrons", "rollover")[0] == 0
    once = stored(small.settings, small.clock)
    status, _, err = admin(small.settings, small.clock, "patrons", "rollover")
    assert status == 2
    assert "already rolled over on 2026-" in err
    assert "Nothing was written" in err
    assert stored(small.settings, small.clock) == once
    # The next school year (from August) may roll over again.
    small.clock.advance(days=300)
    status, _, _ = admin(small.settings, small.clock, "patrons", "rollover")
    assert status == 0
    assert stored(small.settings, small.clock)["S2501001"].class_name == "初三(1)班"


def test_again_overrides_the_guard(small, tmp_path: Path) -> None:
    _roster(small, tmp_path)
    assert admin(small.settings, small.clock, "patrons", "rollover")[0] == 0
    status, _, _ = admin(small.settings, small.clock, "patrons", "rollover", "--again")
    assert status == 0
    assert stored(small.settings, small.clock)["S2501001"].class_name == "初三(1)班"
