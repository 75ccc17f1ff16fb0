"""``python kiosk.py desk``: serve the librarian's desk, or manage its accounts.

kiosk.py desk [--demo] [--host H] [--port P] [--config PATH]
kiosk.py desk user add NAME --role librarian|helper|viewer
kiosk.py desk user passwd NAME | user disable NAME | user enable NAME
kiosk.py desk user list
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import logging
import sys
from collections.abc import Callable
from typing import TextIO

from kiosk.config import Settings, config_path, load_config
from kiosk.db import accounts
from kiosk.db.accounts import AccountError, Role
from kiosk.errors import KioskError
from kiosk.ports import Clock

log = logging.getLogger(__name__)

ROLES = tuple(r.value for r in Role)

PROBLEMS = {
    "account_name_taken": "an account with this name exists already",
    "account_name_bad": "a name is 1 to 32 characters with no spaces",
    "account_role_bad": f"the role is one of {', '.join(ROLES)}",
    "account_password_short": f"a password has at least {accounts.MIN_PASSWORD}"
    " characters",
    "account_unknown": "there is no such account",
    "account_last_librarian": "the desk must keep at least one active librarian",
}


def build_parser() -> argparse.ArgumentParser:
    """The desk's command line."""
    parser = argparse.ArgumentParser(
        prog="kiosk.py desk",
        description="The librarian's desk: a web back office for the library.",
    )
    parser.add_argument("--config", help="config file (default: config.toml)")
    parser.add_argument(
        "--demo", action="store_true", help="serve the embedded demo library"
    )
    parser.add_argument("--host", help="address to listen on (default: desk.host)")
    parser.add_argument("--port", type=int, help="TCP port (default: desk.port)")
    sub = parser.add_subparsers(dest="topic")
    user = sub.add_parser("user", help="desk accounts").add_subparsers(
        dest="command", required=True
    )
    add = user.add_parser("add", help="add an account (asks the password twice)")
    add.add_argument("name")
    add.add_argument("--role", choices=ROLES, required=True)
    for name, text in (
        ("passwd", "change an account's password (and lift a lock)"),
        ("disable", "stop an account signing in"),
        ("enable", "let a disabled account sign in again"),
    ):
        user.add_parser(name, help=text).add_argument("name")
    user.add_parser("list", help="list the accounts")
    return parser


def run(
    argv: list[str],
    *,
    clock: Clock | None = None,
    out: TextIO | None = None,
    ask: Callable[[str], str] = getpass.getpass,
    setup: Callable[[Settings], None] | None = None,
) -> int:
    """Run the desk or one account command; return the exit status."""
    from kiosk.clock import SystemClock

    args = build_parser().parse_args(argv)
    settings = load_config(config_path(args.config))
    if setup is not None:
        setup(settings)  # the kiosk's log file and level
    clock = clock or SystemClock()
    out = out or sys.stdout
    if args.topic == "user":
        return _user(settings, clock, args, out, ask)
    return serve(settings, clock, args, out)


def _user(
    settings: Settings,
    clock: Clock,
    args: argparse.Namespace,
    out: TextIO,
    ask: Callable[[str], str],
) -> int:
    from kiosk.runtime import open_library

    library = open_library(settings, clock, demo=False)
    database, now = library.database, clock.now()
    try:
        if args.command == "list":
            for a in accounts.list_accounts(database):
                state = "active" if a.active else "disabled"
                seen = a.last_login.isoformat(" ") if a.last_login else "never"
                out.write(f"{a.name:<20} {a.role:<10} {state:<9} last: {seen}\n")
            return 0
        if args.command in ("add", "passwd"):
            password = _ask_twice(ask)
            if args.command == "add":
                accounts.add_account(database, args.name, args.role, password, at=now)
            else:
                accounts.set_password(database, args.name, password, at=now)
        else:
            accounts.set_active(database, args.name, args.command == "enable", at=now)
        out.write(f"{args.command}: {args.name}: done\n")
        return 0
    except AccountError as e:
        raise KioskError(
            f"{args.name}: {PROBLEMS[e.problem.value]}; nothing was changed"
        ) from None
    finally:
        library.close()


def _ask_twice(ask: Callable[[str], str]) -> str:
    first = ask("Password: ")
    if len(first) < accounts.MIN_PASSWORD:
        raise KioskError(
            f"a password has at least {accounts.MIN_PASSWORD} characters;"
            " nothing was changed"
        )
    if ask("Again: ") != first:
        raise KioskError("the two passwords differ; nothing was changed") from None
    return first


def serve(
    settings: Settings, clock: Clock, args: argparse.Namespace, out: TextIO
) -> int:
    """Open the library and serve the desk until stopped (Ctrl-C)."""
    import waitress

    from kiosk.db.backup import kiosk_lock
    from kiosk.desk.app import create_app
    from kiosk.desk.context import DeskContext
    from kiosk.runtime import open_library

    host = args.host or settings.desk.host
    port = args.port or settings.desk.port
    if not 1 <= port <= 65535:
        raise KioskError(f"--port {port}: use a TCP port from 1 to 65535")
    database = settings.demo.database if args.demo else settings.database.path
    sqlite = args.demo or not settings.database.url
    with kiosk_lock(database) if sqlite else contextlib.nullcontext():
        library = open_library(settings, clock, demo=args.demo)
        try:
            if args.demo:
                accounts.ensure_demo_account(library.database, clock.now())
            elif not accounts.list_accounts(library.database):
                out.write(
                    "No desk account yet: add one with\n"
                    "  python kiosk.py desk user add NAME --role librarian\n"
                )
            app = create_app(DeskContext(settings, library, clock, demo=args.demo))
            shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
            out.write(f"The librarian's desk: http://{shown}:{port}/\n")
            if args.demo:
                name, password = accounts.DEMO_ACCOUNT
                out.write(f"Demo account: {name}  password: {password}\n")
            out.write("Stop it with Ctrl-C.\n")
            out.flush()
            log.info("desk serving on %s:%s", host, port)
            try:
                waitress.serve(
                    app,
                    host=host,
                    port=port,
                    threads=settings.desk.threads,
                    ident="desk",
                    _quiet=True,
                )
            except OSError as e:
                raise KioskError(
                    f"cannot listen on {host}:{port} ({e.strerror}); is another desk"
                    " running? Choose another port with --port"
                ) from None
        finally:
            library.close()
    return 0
