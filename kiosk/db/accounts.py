"""Staff accounts of the librarian's desk: add, change, disable, sign in.

Passwords are kept only as salted scrypt hashes (the staff PIN's scheme).
Wrong passwords are counted in the account's row, so the lock after five of
them survives a restart of the desk: a pupil who found the desk's address
cannot guess on by restarting it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

import peewee

from kiosk.db import models as db
from kiosk.db.desk_log import desk_event
from kiosk.errors import StoreError
from kiosk.staff import check_pin, hash_pin

MAX_TRIES = 5
LOCK_MINUTES = 5
MIN_PASSWORD = 8
NAME_MAX = 32
DEMO_ACCOUNT = ("librarian", "demo-librarian")
"""The demo library's account (``kiosk.py desk --demo``), printed at start."""


class Role(StrEnum):
    """What an account may do at the desk."""

    LIBRARIAN = "librarian"  # everything
    HELPER = "helper"  # the circulation desk and look-ups
    VIEWER = "viewer"  # school leaders: the dashboard and reports


class AccountProblem(StrEnum):
    """Why an account change was refused (message keys of the desk catalogue)."""

    NAME_TAKEN = "account_name_taken"
    NAME_BAD = "account_name_bad"
    ROLE_BAD = "account_role_bad"
    PASSWORD_SHORT = "account_password_short"
    NO_SUCH_ACCOUNT = "account_unknown"
    LAST_LIBRARIAN = "account_last_librarian"


class AccountError(ValueError):
    """An account change that cannot be made (nothing was written)."""

    def __init__(self, problem: AccountProblem, field: str) -> None:
        super().__init__(problem.value)
        self.problem = problem
        self.field = field


@dataclass(frozen=True)
class Account:
    """A desk account as the desk sees it (never the hash)."""

    id: int
    name: str
    role: Role
    active: bool
    locked_until: dt.datetime | None
    last_login: dt.datetime | None


@dataclass(frozen=True)
class SignIn:
    """What a sign-in attempt did."""

    account: Account | None
    locked_until: dt.datetime | None = None
    tries_left: int = MAX_TRIES


def _account(row: db.StaffAccount) -> Account:
    return Account(
        row.id,
        row.name,
        Role(row.role),
        row.active,
        row.locked_until,
        row.last_login,
    )


def _check(name: str, role: str, password: str | None) -> None:
    if not name or len(name) > NAME_MAX or not name.isprintable() or " " in name:
        raise AccountError(AccountProblem.NAME_BAD, "name")
    if role not in Role.__members__.values():
        raise AccountError(AccountProblem.ROLE_BAD, "role")
    if password is not None and len(password) < MIN_PASSWORD:
        raise AccountError(AccountProblem.PASSWORD_SHORT, "password")


def add_account(
    database: peewee.Database,
    name: str,
    role: str,
    password: str,
    *,
    at: dt.datetime,
    staff: str = "",
) -> Account:
    """Create an account; AccountError when the name, role or password won't do."""
    name = name.strip()
    _check(name, role, password)
    try:
        with database.bind_ctx(db.MODELS), database.atomic():
            if db.StaffAccount.get_or_none(db.StaffAccount.name == name):
                raise AccountError(AccountProblem.NAME_TAKEN, "name")
            row = db.StaffAccount.create(
                name=name,
                role=role,
                password_hash=hash_pin(password),
                created_at=at,
            )
            desk_event(at, "account_added", staff or name, f"{name} {role}")
            return _account(row)
    except peewee.IntegrityError as e:  # added by someone else a moment ago
        raise AccountError(AccountProblem.NAME_TAKEN, "name") from e
    except peewee.PeeweeException as e:
        raise StoreError(f"the account was not saved: {e}") from e


def _change(
    database: peewee.Database,
    name: str,
    changes: dict[str, object],
    *,
    at: dt.datetime,
    staff: str,
    action: str,
) -> Account:
    try:
        with database.bind_ctx(db.MODELS), database.atomic():
            row = db.StaffAccount.get_or_none(db.StaffAccount.name == name)
            if row is None:
                raise AccountError(AccountProblem.NO_SUCH_ACCOUNT, "name")
            if _removes_last_librarian(row, changes):
                raise AccountError(AccountProblem.LAST_LIBRARIAN, "role")
            db.StaffAccount.update(changes).where(
                db.StaffAccount.id == row.id
            ).execute()
            desk_event(at, action, staff or name, name)
            return _account(db.StaffAccount.get_by_id(row.id))
    except peewee.PeeweeException as e:
        raise StoreError(f"the account was not changed: {e}") from e


def _removes_last_librarian(row: db.StaffAccount, changes: dict[str, object]) -> bool:
    """Whether a change would leave the desk with no active librarian."""
    if row.role != Role.LIBRARIAN or not row.active:
        return False
    demoted = changes.get("role", row.role) != Role.LIBRARIAN
    if not (demoted or changes.get("active") is False):
        return False
    others = db.StaffAccount.select().where(
        db.StaffAccount.role == Role.LIBRARIAN.value,
        db.StaffAccount.active == True,  # noqa: E712 - peewee expression
        db.StaffAccount.id != row.id,
    )
    return not others.exists()


def set_password(
    database: peewee.Database,
    name: str,
    password: str,
    *,
    at: dt.datetime,
    staff: str = "",
) -> Account:
    """Change a password (and lift a lock: the librarian vouched for the user)."""
    if len(password) < MIN_PASSWORD:
        raise AccountError(AccountProblem.PASSWORD_SHORT, "password")
    changes = {"password_hash": hash_pin(password), "failed": 0, "locked_until": None}
    return _change(
        database, name, changes, at=at, staff=staff, action="account_password"
    )


def set_active(
    database: peewee.Database,
    name: str,
    active: bool,
    *,
    at: dt.datetime,
    staff: str = "",
) -> Account:
    """Disable or re-enable an account (never the last active librarian)."""
    action = "account_enabled" if active else "account_disabled"
    return _change(
        database, name, {"active": active}, at=at, staff=staff, action=action
    )


def set_role(
    database: peewee.Database,
    name: str,
    role: str,
    *,
    at: dt.datetime,
    staff: str = "",
) -> Account:
    """Change what an account may do (never demoting the last librarian)."""
    if role not in Role.__members__.values():
        raise AccountError(AccountProblem.ROLE_BAD, "role")
    return _change(database, name, {"role": role}, at=at, staff=staff, action="role")


def list_accounts(database: peewee.Database) -> list[Account]:
    """Every account, by name."""
    with database.bind_ctx(db.MODELS):
        query = db.StaffAccount.select().order_by(db.StaffAccount.name)
        return [_account(row) for row in query]


def account(database: peewee.Database, name: str) -> Account | None:
    """One account by name (to check each request's account is still active)."""
    with database.bind_ctx(db.MODELS):
        row = db.StaffAccount.get_or_none(db.StaffAccount.name == name)
        return _account(row) if row else None


def sign_in(
    database: peewee.Database, name: str, password: str, now: dt.datetime
) -> SignIn:
    """Check a password; the fifth wrong one locks the account for five minutes.

    An unknown or disabled account answers like a wrong password, so a guesser
    learns nothing about which names exist.
    """
    with database.bind_ctx(db.MODELS), database.atomic():
        row = db.StaffAccount.get_or_none(db.StaffAccount.name == name.strip())
        if row is None or not row.active:
            check_pin(password, hash_pin("x"))  # the same time as a real check
            return SignIn(None)
        if row.locked_until is not None and now < row.locked_until:
            return SignIn(None, row.locked_until, 0)
        if check_pin(password, row.password_hash):
            row.failed, row.locked_until, row.last_login = 0, None, now
            row.save()
            return SignIn(_account(row))
        failed = (0 if row.locked_until is not None else row.failed) + 1
        locked = now + dt.timedelta(minutes=LOCK_MINUTES)
        until = locked if failed >= MAX_TRIES else None
        row.failed, row.locked_until = (0 if until else failed), until
        row.save()
        desk_event(now, "sign_in_failed", row.name, "locked" if until else "")
        return SignIn(None, until, 0 if until else MAX_TRIES - failed)


def ensure_demo_account(database: peewee.Database, at: dt.datetime) -> None:
    """The demo library's librarian account (made once)."""
    name, password = DEMO_ACCOUNT
    if account(database, name) is None:
        add_account(database, name, Role.LIBRARIAN.value, password, at=at)
