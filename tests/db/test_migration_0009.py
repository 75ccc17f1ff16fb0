"""Schema 9: a library's loan rules survive the upgrade to rules per grade."""

from __future__ import annotations

from pathlib import Path

import peewee
import pytest
from playhouse.db_url import connect
from playhouse.migrations import Runner

from kiosk.circulation.model import LoanRule, PatronType
from kiosk.db.rules import list_rules
from kiosk.db.store import (
    MIGRATIONS_DIR,
    PeeweeLoanStore,
    migrate,
    open_database,
    schema_version,
)

MIGRATIONS = sorted(p.stem for p in MIGRATIONS_DIR.glob("[0-9]*.py"))
STUDENT, TEACHER, STAFF = PatronType.STUDENT, PatronType.TEACHER, PatronType.STAFF
INSERT = (
    "INSERT INTO loanrule (patron_type, grade, loan_days, max_items, max_renewals)"
    " VALUES ('{type}', {grade}, 7, 1, 0)"
)


def at_schema_8(database: peewee.Database) -> None:
    """A library as schema 8 left it, with its own rules changed by a librarian."""
    Runner(database, directory=str(MIGRATIONS_DIR)).up(target="0008_desk")
    database.execute_sql(
        "UPDATE loanrule SET loan_days = 21, max_items = 5"
        " WHERE patron_type = 'student'"
    )


def check_upgraded(database: peewee.Database) -> None:
    assert schema_version(database) == MIGRATIONS
    assert list_rules(database) == [
        LoanRule(STAFF, 30, 10, 2),
        LoanRule(STUDENT, 21, 5, 1),
        LoanRule(TEACHER, 30, 10, 2),
    ]
    with database.atomic():
        rule = PeeweeLoanStore(database).loan_rule(STUDENT, 8)
    assert rule == LoanRule(STUDENT, 21, 5, 1)
    # A grade's rule may be added once; a second rule for every grade may not.
    database.execute_sql(INSERT.format(type="student", grade=8))
    for grade in (8, "NULL"):
        with pytest.raises(peewee.IntegrityError), database.atomic():
            database.execute_sql(INSERT.format(type="student", grade=grade))


def test_sqlite_schema_8_is_upgraded_and_keeps_its_rules(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    old = peewee.SqliteDatabase(str(path))
    at_schema_8(old)
    old.close()
    database = open_database(path)
    try:
        check_upgraded(database)
    finally:
        database.close()


def test_postgresql_schema_8_is_upgraded_and_keeps_its_rules(postgres) -> None:
    database = connect(postgres.new_database())
    try:
        at_schema_8(database)
        assert migrate(database)[0] == "0009_loan_rules_by_grade"
        check_upgraded(database)
    finally:
        database.close()
