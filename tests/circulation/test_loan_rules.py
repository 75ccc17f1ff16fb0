"""Loan rules per patron type and grade, renewal days and the desk's preview."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.circulation.model import LoanRule, PatronType
from kiosk.circulation.outcomes import Outcome, Result
from kiosk.db.rules import add_closed_period, save_rule
from tests.conftest import Small

LI, ZHAO = "S0000001", "T0000001"  # grade 8 student, teacher (no grade)
STUDENT, TEACHER = PatronType.STUDENT, PatronType.TEACHER


def out(small: Small, card: str, scan: str) -> Result:
    return small.service.check_out(small.patron_id(card), scan)


def rule(small: Small, new: LoanRule) -> None:
    save_rule(small.library.database, new, at=small.clock.now(), staff="librarian")


def test_grade_rule_overrides_the_type_rule(small: Small) -> None:
    rule(small, LoanRule(STUDENT, 21, 1, 0, grade=8))
    r = out(small, LI, "10000003")
    assert r.due == dt.date(2026, 12, 16)  # 21 days, not the students' 14
    assert out(small, LI, "10000001").outcome is Outcome.LIMIT_REACHED
    assert small.service.identify(LI).blocks[0].limit == 1


def test_other_grades_fall_back_to_the_type_rule(small: Small) -> None:
    rule(small, LoanRule(STUDENT, 21, 1, 0, grade=7))
    rule(small, LoanRule(TEACHER, 60, 1, 0, grade=8))
    assert out(small, LI, "10000003").due == dt.date(2026, 12, 9)  # 14 days
    assert out(small, ZHAO, "10000001").due == dt.date(2026, 12, 25)  # 30 days


@pytest.mark.parametrize(
    ("grade", "loan_days"), [(None, 14), (7, 21), (8, 14), (12, 14)]
)
def test_store_picks_the_grade_rule_else_the_default(
    small: Small, grade: int | None, loan_days: int
) -> None:
    rule(small, LoanRule(STUDENT, 21, 5, 2, grade=7, renewal_days=10))
    with small.store.transaction():
        found = small.store.loan_rule(STUDENT, grade)
    assert found.loan_days == loan_days
    assert found.grade == (7 if loan_days == 21 else None)


def test_renewal_runs_for_the_renewal_days(small: Small) -> None:
    rule(small, LoanRule(STUDENT, 14, 3, 1, renewal_days=7))
    out(small, LI, "10000003")  # due Wednesday 2026-12-09
    small.clock.advance(days=10)  # Saturday 2026-12-05
    r = small.service.renew(small.patron_id(LI), "10000003")
    assert r.outcome is Outcome.RENEWED
    assert r.due == dt.date(2026, 12, 14)  # 7 days on is a Saturday -> Monday


def test_renewal_never_shortens_a_loan(small: Small) -> None:
    rule(small, LoanRule(STUDENT, 14, 3, 1, renewal_days=1))
    out(small, LI, "10000003")
    r = small.service.renew(small.patron_id(LI), "10000003")
    assert r.due == dt.date(2026, 12, 9)


def test_renewal_days_default_to_loan_days() -> None:
    assert LoanRule(STUDENT, 14, 3, 1).days_for_renewal == 14
    assert LoanRule(STUDENT, 14, 3, 1, renewal_days=7).days_for_renewal == 7


def test_closed_period_moves_the_next_due_date(small: Small) -> None:
    assert small.service.preview_due(STUDENT, 8) == dt.date(2026, 12, 9)
    add_closed_period(
        small.library.database,
        dt.date(2026, 12, 7),
        dt.date(2026, 12, 11),
        "sports week",
        at=small.clock.now(),
        staff="librarian",
    )
    assert out(small, LI, "10000003").due == dt.date(2026, 12, 14)


def test_preview_due_uses_the_grade_rule_and_writes_nothing(small: Small) -> None:
    rule(small, LoanRule(STUDENT, 7, 3, 1, grade=7))
    events = small.library.database.execute_sql("SELECT COUNT(*) FROM event")
    before = events.fetchone()[0]
    assert small.service.preview_due(STUDENT, 7) == dt.date(2026, 12, 2)
    assert small.service.preview_due(STUDENT, None) == dt.date(2026, 12, 9)
    assert small.service.preview_due(TEACHER) == dt.date(2026, 12, 25)
    after = small.library.database.execute_sql("SELECT COUNT(*) FROM event")
    assert after.fetchone()[0] == before
