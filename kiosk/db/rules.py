"""Loan rules and closed periods for the librarian's desk: list, save, delete.

Every change is checked first (``RuleError`` names the field and a message
key of the desk catalogue, and nothing is written), then made together with
one line of the event log naming the desk account, in one transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import TypeVar

import peewee

from kiosk.circulation import model as m
from kiosk.db import models as db
from kiosk.db.desk_log import desk_event
from kiosk.errors import StoreError

GRADES = (1, 12)
MAX_ITEMS = (0, 100)
LOAN_DAYS = (1, 365)
MAX_RENEWALS = (0, 20)
RENEWAL_DAYS = (1, 365)
PERIOD_MAX_DAYS = 366
REASON_MAX = 100
T = TypeVar("T")


class RuleProblem(StrEnum):
    """Why a rule or a closed period was refused (message keys of the desk)."""

    NOT_A_NUMBER = "rule_not_a_number"
    OUT_OF_RANGE = "rule_out_of_range"  # params: low, high
    PATRON_TYPE_BAD = "rule_patron_type_bad"
    DEFAULT_KEPT = "rule_default_kept"  # a type's rule for every grade stays
    NO_SUCH_RULE = "rule_unknown"
    PERIOD_END_BEFORE_START = "period_end_before_start"
    PERIOD_TOO_LONG = "period_too_long"  # params: max_days
    PERIOD_REASON_MISSING = "period_reason_missing"
    PERIOD_REASON_TOO_LONG = "period_reason_too_long"  # params: max
    NO_SUCH_PERIOD = "period_unknown"


class RuleError(ValueError):
    """A rule or closed-period change that cannot be made (nothing was written).

    Attributes:
        field: the form field at fault.
        code: the message key (a ``RuleProblem``).
        params: values the message needs (a range's ends, a maximum).
    """

    def __init__(self, field: str, code: RuleProblem, **params: object) -> None:
        super().__init__(f"{field}: {code.value} {params or ''}".rstrip())
        self.field = field
        self.code = code
        self.params = params


@dataclass(frozen=True)
class ClosedPeriodRecord:
    """A closed period as the desk lists it (with its id, to delete it)."""

    id: int
    start: dt.date
    end: dt.date
    reason: str

    @property
    def period(self) -> m.ClosedPeriod:
        """The calendar's value object."""
        return m.ClosedPeriod(self.start, self.end, self.reason)


@dataclass(frozen=True)
class _Check:
    name: str
    low: int
    high: int
    optional: bool = False


_RULE_CHECKS = (
    _Check("grade", *GRADES, optional=True),
    _Check("max_items", *MAX_ITEMS),
    _Check("loan_days", *LOAN_DAYS),
    _Check("max_renewals", *MAX_RENEWALS),
    _Check("renewal_days", *RENEWAL_DAYS, optional=True),
)


def check_rule(rule: m.LoanRule) -> None:
    """Raise RuleError for an unknown patron type or the first value out of range."""
    _patron_type(rule.patron_type)
    for check in _RULE_CHECKS:
        value = getattr(rule, check.name)
        if value is None and check.optional:
            continue
        if not isinstance(value, int) or isinstance(value, bool):
            raise RuleError(check.name, RuleProblem.NOT_A_NUMBER)
        if not check.low <= value <= check.high:
            raise RuleError(
                check.name, RuleProblem.OUT_OF_RANGE, low=check.low, high=check.high
            )


def _patron_type(value: str) -> m.PatronType:
    try:
        return m.PatronType(value)
    except ValueError:
        raise RuleError("patron_type", RuleProblem.PATRON_TYPE_BAD) from None


def check_period(start: dt.date, end: dt.date, reason: str) -> None:
    """Raise RuleError when a closed period's dates or reason will not do."""
    if end < start:
        raise RuleError("end", RuleProblem.PERIOD_END_BEFORE_START)
    if (end - start).days + 1 > PERIOD_MAX_DAYS:
        raise RuleError("end", RuleProblem.PERIOD_TOO_LONG, max_days=PERIOD_MAX_DAYS)
    if not reason.strip():
        raise RuleError("reason", RuleProblem.PERIOD_REASON_MISSING)
    if len(reason.strip()) > REASON_MAX:
        raise RuleError("reason", RuleProblem.PERIOD_REASON_TOO_LONG, max=REASON_MAX)


# -- loan rules -------------------------------------------------------------------


def _rule(row: db.LoanRule) -> m.LoanRule:
    return m.LoanRule(
        m.PatronType(row.patron_type),
        row.loan_days,
        row.max_items,
        row.max_renewals,
        row.grade,
        row.renewal_days,
    )


def _of(patron_type: str, grade: int | None) -> peewee.Expression:
    grade_is = (
        db.LoanRule.grade.is_null() if grade is None else (db.LoanRule.grade == grade)
    )
    return (db.LoanRule.patron_type == patron_type) & grade_is


def _describe(rule: m.LoanRule) -> str:
    grade = "all" if rule.grade is None else rule.grade
    return (
        f"{rule.patron_type.value} grade={grade} loan_days={rule.loan_days}"
        f" max_items={rule.max_items} max_renewals={rule.max_renewals}"
        f" renewal_days={rule.renewal_days or '-'}"
    )


def list_rules(database: peewee.Database) -> list[m.LoanRule]:
    """Every loan rule, by patron type; a type's rule for every grade first."""
    rules = _read(database, lambda: [_rule(r) for r in db.LoanRule.select()])
    return sorted(rules, key=lambda r: (r.patron_type.value, r.grade or 0))


def save_rule(
    database: peewee.Database, rule: m.LoanRule, *, at: dt.datetime, staff: str
) -> m.LoanRule:
    """Add the rule of a (type, grade), or change it if there is one."""
    check_rule(rule)
    rule = replace(rule, patron_type=_patron_type(rule.patron_type))
    values = {
        "loan_days": rule.loan_days,
        "max_items": rule.max_items,
        "max_renewals": rule.max_renewals,
        "renewal_days": rule.renewal_days,
    }

    def change() -> m.LoanRule:
        where = _of(rule.patron_type.value, rule.grade)
        if not db.LoanRule.update(values).where(where).execute():
            db.LoanRule.create(
                patron_type=rule.patron_type.value, grade=rule.grade, **values
            )
        desk_event(at, "rule_saved", staff, _describe(rule))
        return rule

    return _write(database, change, "the loan rule was not saved")


def delete_rule(
    database: peewee.Database,
    patron_type: m.PatronType,
    grade: int | None,
    *,
    at: dt.datetime,
    staff: str,
) -> None:
    """Delete the rule of one grade; that grade then follows its type's rule."""
    if grade is None:
        raise RuleError("grade", RuleProblem.DEFAULT_KEPT)
    kind = _patron_type(patron_type)

    def change() -> None:
        if not db.LoanRule.delete().where(_of(kind.value, grade)).execute():
            raise RuleError("grade", RuleProblem.NO_SUCH_RULE)
        desk_event(at, "rule_deleted", staff, f"{kind.value} grade={grade}")

    _write(database, change, "the loan rule was not deleted")


# -- closed periods ---------------------------------------------------------------


def list_closed_periods(database: peewee.Database) -> list[ClosedPeriodRecord]:
    """Every closed period, the earliest first."""

    def read() -> list[ClosedPeriodRecord]:
        query = db.ClosedPeriod.select().order_by(
            db.ClosedPeriod.start, db.ClosedPeriod.id
        )
        return [_period(row) for row in query]

    return _read(database, read)


def add_closed_period(
    database: peewee.Database,
    start: dt.date,
    end: dt.date,
    reason: str,
    *,
    at: dt.datetime,
    staff: str,
) -> ClosedPeriodRecord:
    """Record a holiday or vacation (both ends included)."""
    check_period(start, end, reason)
    reason = reason.strip()

    def change() -> ClosedPeriodRecord:
        row = db.ClosedPeriod.create(start=start, end=end, reason=reason)
        desk_event(at, "closed_period_added", staff, f"{start}..{end} {reason}")
        return ClosedPeriodRecord(row.id, start, end, reason)

    return _write(database, change, "the closed period was not saved")


def delete_closed_period(
    database: peewee.Database, period_id: int, *, at: dt.datetime, staff: str
) -> None:
    """Delete a closed period: the library opens on those days again."""

    def change() -> None:
        row = db.ClosedPeriod.get_or_none(db.ClosedPeriod.id == period_id)
        if row is None:
            raise RuleError("period", RuleProblem.NO_SUCH_PERIOD)
        row.delete_instance()
        note = f"{row.start}..{row.end} {row.reason}"
        desk_event(at, "closed_period_deleted", staff, note)

    _write(database, change, "the closed period was not deleted")


def _period(row: db.ClosedPeriod) -> ClosedPeriodRecord:
    return ClosedPeriodRecord(row.id, row.start, row.end, row.reason)


# -- helpers ----------------------------------------------------------------------


def _read(database: peewee.Database, read: Callable[[], T]) -> T:
    """Read in one transaction; StoreError on failure."""
    try:
        with database.bind_ctx(db.MODELS), database.atomic():
            return read()
    except peewee.PeeweeException as e:
        raise StoreError(f"cannot read the loan rules: {e}") from e


def _write(database: peewee.Database, change: Callable[[], T], what: str) -> T:
    """Make one change and its event in one transaction; StoreError on failure."""
    try:
        with database.bind_ctx(db.MODELS), database.atomic():
            return change()
    except peewee.PeeweeException as e:
        raise StoreError(f"{what}: {e}") from e
