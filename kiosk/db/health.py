"""The database errors that mean "cannot reach the library", for the desk.

Kept here so that only ``kiosk/db`` imports peewee: the desk's error page
catches these and drops the broken connection, and the next request opens a
fresh one, so the desk comes back by itself once the database is reachable.
"""

from __future__ import annotations

import contextlib

import peewee

from kiosk.errors import StoreError

UNREACHABLE: tuple[type[Exception], ...] = (
    StoreError,
    peewee.OperationalError,
    peewee.InterfaceError,
)


def reset_connection(database: peewee.Database) -> None:
    """Close this thread's connection (it reconnects on the next query)."""
    with contextlib.suppress(peewee.PeeweeException):
        database.close()
