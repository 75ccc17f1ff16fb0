"""Bulk loading of whole tables (demo library, benchmark data, imports)."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from typing import Any

import peewee

from kiosk.db import models as db

TABLES: dict[str, type[db.BaseModel]] = {
    "patron": db.Patron,
    "title": db.Title,
    "item": db.Item,
    "loan": db.Loan,
    "hold": db.Hold,
    "closedperiod": db.ClosedPeriod,
    "event": db.Event,
    "loss": db.Loss,
    "journalop": db.JournalOp,
}
_BATCH = 500


def is_empty(database: peewee.Database) -> bool:
    """Whether the library has no patrons and no titles yet."""
    with database.bind_ctx(db.MODELS):
        return not (db.Patron.select().exists() or db.Title.select().exists())


def insert_tables(
    database: peewee.Database, tables: Mapping[str, Iterable[dict[str, Any]]]
) -> dict[str, int]:
    """Insert rows table by table in one transaction; return rows per table.

    Rows are dicts keyed by column name (foreign keys as ``item_id`` etc.).
    Tables are inserted in the order given, so parents must come first.
    """
    counts = {}
    with database.atomic():
        for name, rows in tables.items():
            model = TABLES[name]
            counts[name] = 0
            iterator = iter(rows)
            while batch := list(itertools.islice(iterator, _BATCH)):
                _same_columns(name, batch)
                model.insert_many(batch).execute()
                counts[name] += len(batch)
            if isinstance(database, peewee.PostgresqlDatabase) and counts[name]:
                # Rows came with their ids: move the id sequence past them.
                table = model._meta.table_name
                database.execute_sql(
                    f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'),"
                    f' (SELECT MAX(id) FROM "{table}"))'
                )
        if counts.get("patron"):
            from kiosk.db.search import fill_initials

            fill_initials(database)
    return counts


def _same_columns(table: str, batch: list[dict[str, Any]]) -> None:
    """Refuse ragged rows: peewee takes the columns from the first row only."""
    columns = batch[0].keys()
    for row in batch:
        if row.keys() != columns:
            raise ValueError(f"{table}: rows differ in columns: {sorted(row)}")
