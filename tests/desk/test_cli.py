"""``kiosk.py desk user ...``: accounts from the command line."""

from __future__ import annotations

import io

import pytest

from kiosk.db import accounts
from kiosk.desk import cli
from kiosk.errors import KioskError
from kiosk.runtime import open_library


def answers(*typed: str):
    it = iter(typed)
    return lambda prompt: next(it)


def test_user_add_list_passwd_disable(settings, clock) -> None:
    config = ["--config", str(settings.source)]
    out = io.StringIO()
    ask = answers("first-password", "first-password")
    assert (
        cli.run(
            [*config, "user", "add", "mei", "--role", "helper"],
            clock=clock,
            out=out,
            ask=ask,
        )
        == 0
    )
    ask = answers("second-password", "second-password")
    assert (
        cli.run([*config, "user", "passwd", "mei"], clock=clock, out=out, ask=ask) == 0
    )
    assert cli.run([*config, "user", "disable", "mei"], clock=clock, out=out) == 0
    out = io.StringIO()
    assert cli.run([*config, "user", "list"], clock=clock, out=out) == 0
    assert "mei" in out.getvalue()
    assert "disabled" in out.getvalue()
    library = open_library(settings, clock)
    try:
        assert (
            accounts.sign_in(
                library.database, "mei", "second-password", clock.now()
            ).account
            is None
        )
        accounts.set_active(library.database, "mei", True, at=clock.now())
        assert accounts.sign_in(
            library.database, "mei", "second-password", clock.now()
        ).account
    finally:
        library.close()


def test_passwords_that_differ_change_nothing(settings, clock) -> None:
    config = ["--config", str(settings.source)]
    with pytest.raises(KioskError, match="differ"):
        cli.run(
            [*config, "user", "add", "mei", "--role", "helper"],
            clock=clock,
            out=io.StringIO(),
            ask=answers("first-password", "other-password"),
        )
    library = open_library(settings, clock)
    try:
        assert accounts.account(library.database, "mei") is None
    finally:
        library.close()


def test_unknown_account_is_one_line(settings, clock) -> None:
    config = ["--config", str(settings.source)]
    with pytest.raises(KioskError, match="no such account"):
        cli.run([*config, "user", "disable", "ghost"], clock=clock, out=io.StringIO())
