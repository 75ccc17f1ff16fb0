"""The desk's loan rules and closed periods: checks, saves, events, on both engines."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from kiosk.circulation.model import ClosedPeriod, LoanRule, PatronType
from kiosk.db import bulk
from kiosk.db import models as db
from kiosk.db.journal import LocalJournal
from kiosk.db.rules import (
    RuleError,
    RuleProblem,
    add_closed_period,
    delete_closed_period,
    delete_rule,
    list_closed_periods,
    list_rules,
    save_rule,
)
from kiosk.errors import StoreError
from kiosk.runtime import open_library
from tests.conftest import Small, small_tables

STUDENT, TEACHER, STAFF = PatronType.STUDENT, PatronType.TEACHER, PatronType.STAFF
DEFAULTS = [
    LoanRule(STAFF, 30, 10, 2),
    LoanRule(STUDENT, 14, 3, 1),
    LoanRule(TEACHER, 30, 10, 2),
]
WINTER = (dt.date(2027, 1, 23), dt.date(2027, 2, 21))


@pytest.fixture(params=["sqlite", "postgresql"])
def small(request: pytest.FixtureRequest, settings, clock):
    if request.param == "postgresql":
        url = request.getfixturevalue("postgres").new_database()
        settings = dataclasses.replace(
            settings, database=dataclasses.replace(settings.database, url=url)
        )
    library = open_library(settings, clock)
    bulk.insert_tables(library.database, small_tables(clock.today()))
    yield Small(library, clock, settings)
    library.close()


def save(small: Small, rule: LoanRule, staff: str = "ann") -> LoanRule:
    return save_rule(small.library.database, rule, at=small.clock.now(), staff=staff)


def events() -> list[tuple[str, str, str, str, str]]:
    query = db.Event.select().where(db.Event.kiosk == "desk").order_by(db.Event.id)
    return [(e.action, e.outcome, e.kiosk, e.staff, e.note) for e in query]


# -- loan rules -------------------------------------------------------------------


def test_the_schools_rules_are_listed(small: Small) -> None:
    assert list_rules(small.library.database) == DEFAULTS


def test_a_grade_rule_is_added_then_changed(small: Small) -> None:
    save(small, LoanRule(STUDENT, 21, 4, 2, grade=7, renewal_days=7))
    save(small, LoanRule(STUDENT, 28, 5, 3, grade=7))
    rules = list_rules(small.library.database)
    assert rules[1:3] == [
        LoanRule(STUDENT, 14, 3, 1),
        LoanRule(STUDENT, 28, 5, 3, grade=7),
    ]
    assert len(rules) == 4


def test_the_type_rule_is_changed_in_place(small: Small) -> None:
    saved = save(small, LoanRule("student", 10, 2, 0))  # type: ignore[arg-type]
    assert saved.patron_type is STUDENT
    assert list_rules(small.library.database)[1] == LoanRule(STUDENT, 10, 2, 0)
    assert len(list_rules(small.library.database)) == 3


def test_each_change_writes_one_event_with_the_staff_account(small: Small) -> None:
    save(small, LoanRule(STUDENT, 21, 4, 2, grade=7, renewal_days=7))
    delete_rule(small.library.database, STUDENT, 7, at=small.clock.now(), staff="bob")
    assert events() == [
        (
            "rule_saved",
            "DONE",
            "desk",
            "ann",
            "student grade=7 loan_days=21 max_items=4 max_renewals=2 renewal_days=7",
        ),
        ("rule_deleted", "DONE", "desk", "bob", "student grade=7"),
    ]
    assert list_rules(small.library.database) == DEFAULTS
    assert db.Event.get(db.Event.action == "rule_saved").at == small.clock.now()


@pytest.mark.parametrize(
    ("change", "field", "code", "params"),
    [
        ({"max_items": -1}, "max_items", RuleProblem.OUT_OF_RANGE, (0, 100)),
        ({"max_items": 101}, "max_items", RuleProblem.OUT_OF_RANGE, (0, 100)),
        ({"loan_days": 0}, "loan_days", RuleProblem.OUT_OF_RANGE, (1, 365)),
        ({"loan_days": 366}, "loan_days", RuleProblem.OUT_OF_RANGE, (1, 365)),
        ({"max_renewals": 21}, "max_renewals", RuleProblem.OUT_OF_RANGE, (0, 20)),
        ({"renewal_days": 0}, "renewal_days", RuleProblem.OUT_OF_RANGE, (1, 365)),
        ({"grade": 0}, "grade", RuleProblem.OUT_OF_RANGE, (1, 12)),
        ({"grade": 13}, "grade", RuleProblem.OUT_OF_RANGE, (1, 12)),
        ({"loan_days": "14"}, "loan_days", RuleProblem.NOT_A_NUMBER, None),
        ({"max_items": True}, "max_items", RuleProblem.NOT_A_NUMBER, None),
        ({"patron_type": "pupil"}, "patron_type", RuleProblem.PATRON_TYPE_BAD, None),
    ],
)
def test_a_rule_out_of_range_is_refused_and_nothing_written(
    small: Small, change, field: str, code: RuleProblem, params
) -> None:
    bad = dataclasses.replace(LoanRule(STUDENT, 14, 3, 1, grade=7), **change)
    with pytest.raises(RuleError) as refused:
        save(small, bad)
    assert (refused.value.field, refused.value.code) == (field, code)
    if params:
        assert refused.value.params == {"low": params[0], "high": params[1]}
    assert isinstance(refused.value, ValueError)
    assert list_rules(small.library.database) == DEFAULTS
    assert events() == []


@pytest.mark.parametrize(
    "rule",
    [
        LoanRule(STUDENT, 1, 0, 0, grade=1, renewal_days=1),
        LoanRule(STUDENT, 365, 100, 20, grade=12, renewal_days=365),
    ],
)
def test_the_ends_of_each_range_are_allowed(small: Small, rule: LoanRule) -> None:
    assert save(small, rule) == rule
    assert rule in list_rules(small.library.database)


def test_the_type_rule_for_every_grade_cannot_be_deleted(small: Small) -> None:
    with pytest.raises(RuleError) as refused:
        delete_rule(
            small.library.database, STUDENT, None, at=small.clock.now(), staff="ann"
        )
    assert (refused.value.field, refused.value.code) == (
        "grade",
        RuleProblem.DEFAULT_KEPT,
    )
    assert list_rules(small.library.database) == DEFAULTS


def test_deleting_a_rule_that_is_not_there_is_refused(small: Small) -> None:
    with pytest.raises(RuleError) as refused:
        delete_rule(
            small.library.database, STUDENT, 5, at=small.clock.now(), staff="ann"
        )
    assert refused.value.code is RuleProblem.NO_SUCH_RULE
    assert events() == []


# -- closed periods ---------------------------------------------------------------


def add(small: Small, start: dt.date, end: dt.date, reason: str):
    return add_closed_period(
        small.library.database, start, end, reason, at=small.clock.now(), staff="ann"
    )


def test_closed_periods_are_added_listed_and_deleted(small: Small) -> None:
    winter = add(small, *WINTER, " 寒假 ")
    day = add(small, dt.date(2026, 12, 31), dt.date(2026, 12, 31), "元旦")
    assert list_closed_periods(small.library.database) == [day, winter]
    assert winter.reason == "寒假"
    assert winter.period == ClosedPeriod(*WINTER, "寒假")
    with small.store.transaction():
        assert list(small.store.closed_periods()) == [day.period, winter.period]

    delete_closed_period(
        small.library.database, winter.id, at=small.clock.now(), staff="bob"
    )
    assert list_closed_periods(small.library.database) == [day]
    assert events() == [
        ("closed_period_added", "DONE", "desk", "ann", "2027-01-23..2027-02-21 寒假"),
        ("closed_period_added", "DONE", "desk", "ann", "2026-12-31..2026-12-31 元旦"),
        ("closed_period_deleted", "DONE", "desk", "bob", "2027-01-23..2027-02-21 寒假"),
    ]


@pytest.mark.parametrize(
    ("start", "end", "reason", "field", "code"),
    [
        (WINTER[1], WINTER[0], "寒假", "end", RuleProblem.PERIOD_END_BEFORE_START),
        (
            dt.date(2027, 1, 1),
            dt.date(2028, 1, 2),
            "x",
            "end",
            RuleProblem.PERIOD_TOO_LONG,
        ),
        (*WINTER, "  ", "reason", RuleProblem.PERIOD_REASON_MISSING),
        (*WINTER, "x" * 101, "reason", RuleProblem.PERIOD_REASON_TOO_LONG),
    ],
)
def test_a_bad_closed_period_is_refused(
    small: Small, start, end, reason, field, code
) -> None:
    with pytest.raises(RuleError) as refused:
        add(small, start, end, reason)
    assert (refused.value.field, refused.value.code) == (field, code)
    assert list_closed_periods(small.library.database) == []
    assert events() == []


def test_a_closed_period_of_366_days_is_allowed(small: Small) -> None:
    add(small, dt.date(2027, 1, 1), dt.date(2028, 1, 1), "leap year long")


def test_deleting_an_unknown_closed_period_is_refused(small: Small) -> None:
    with pytest.raises(RuleError) as refused:
        delete_closed_period(
            small.library.database, 999, at=small.clock.now(), staff="ann"
        )
    assert refused.value.code is RuleProblem.NO_SUCH_PERIOD


def test_a_database_failure_is_a_store_error(small: Small) -> None:
    small.library.database.execute_sql('DROP TABLE "closedperiod"')
    with pytest.raises(StoreError):
        list_closed_periods(small.library.database)
    with pytest.raises(StoreError):
        add(small, *WINTER, "寒假")
    assert events() == []


# -- the offline snapshot -----------------------------------------------------------


def test_grade_rules_reach_the_offline_snapshot(small: Small, tmp_path: Path) -> None:
    save(small, LoanRule(STUDENT, 21, 4, 2, grade=8, renewal_days=7))
    local = LocalJournal(tmp_path / "journal.sqlite3")
    try:
        local.refresh(small.library.database, small.clock.now())
        assert local.store.loan_rule(STUDENT, 8) == LoanRule(
            STUDENT, 21, 4, 2, grade=8, renewal_days=7
        )
        assert local.store.loan_rule(STUDENT, 7) == LoanRule(STUDENT, 14, 3, 1)
    finally:
        local.close()


# -- the kiosk's rules in memory ----------------------------------------------------


def test_a_change_from_another_connection_reaches_the_next_loan(small: Small) -> None:
    """The kiosk keeps the rules in memory; the desk's change still counts at once."""
    lent = small.service.check_out(1, "10000001")
    assert lent.due == dt.date(2026, 12, 9)  # 14 days, the shipped student rule
    other = _other_connection(small)
    try:
        other.execute_sql(
            "UPDATE loanrule SET loan_days = 21 WHERE patron_type = 'student'"
        )
        assert small.service.check_out(1, "10000003").due == dt.date(2026, 12, 16)
        other.execute_sql(
            'INSERT INTO closedperiod (start, "end", reason) VALUES (%s, %s, %s)'
            if small.settings.database.url
            else 'INSERT INTO closedperiod (start, "end", reason) VALUES (?, ?, ?)',
            (dt.date(2026, 12, 16), dt.date(2026, 12, 20), "运动会"),
        )
        assert small.service.check_out(2, "10000002").due == dt.date(2026, 12, 21)
        other.execute_sql("DELETE FROM loanrule WHERE patron_type = 'student'")
        with pytest.raises(StoreError, match="no loan rule"):
            small.service.check_out(2, "10000005")
    finally:
        other.close()


def _other_connection(small: Small):
    """A second connection, as the desk or another kiosk would hold."""
    import peewee
    from playhouse.db_url import connect

    if small.settings.database.url:
        return connect(small.settings.database.url)
    return peewee.SqliteDatabase(str(small.settings.database.path))
