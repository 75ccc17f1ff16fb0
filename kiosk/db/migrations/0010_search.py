"""Schema 10: searching patrons and titles as a librarian types.

``patron.initials`` holds the pinyin initials of a name (叶浩 → yh), filled
here for existing patrons and kept by the code that writes names. Substring
search uses trigram indexes: SQLite's FTS5 ``trigram`` tables over patrons and
titles, kept current by triggers; on PostgreSQL, ``pg_trgm`` GIN indexes (a
server that refuses the extension keeps working, only slower).
"""

import logging

from peewee import PeeweeException, PostgresqlDatabase

from kiosk.db.search import fill_initials

log = logging.getLogger(__name__)

_FTS = {
    "patron": ("name", "card", "class_name"),
    "title": ("title", "author", "publisher", "isbn", "clc", "call_number"),
}


def _sqlite_fts(db, table, columns):
    cols = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    fts = f"{table}_fts"
    db.execute_sql(
        f"CREATE VIRTUAL TABLE {fts} USING fts5({cols}, content='{table}',"
        " content_rowid='id', tokenize='trigram')"
    )
    delete = (
        f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old});"
    )
    insert = f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new});"
    db.execute_sql(
        f'CREATE TRIGGER {table}_fts_ai AFTER INSERT ON "{table}" BEGIN {insert} END'
    )
    db.execute_sql(
        f'CREATE TRIGGER {table}_fts_ad AFTER DELETE ON "{table}" BEGIN {delete} END'
    )
    db.execute_sql(
        f'CREATE TRIGGER {table}_fts_au AFTER UPDATE OF {cols} ON "{table}"'
        f" BEGIN {delete} {insert} END"
    )
    db.execute_sql(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")


def _postgres_trigrams(db):
    try:
        with db.atomic():
            db.execute_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except PeeweeException as e:  # no rights: search still works, only slower
        log.warning("pg_trgm not available (%s): name and title search scans", e)
        return
    for table, column in (("patron", "name"), ("title", "title"), ("title", "author")):
        db.execute_sql(
            f'CREATE INDEX {table}_{column}_trgm ON "{table}"'
            f" USING gin (lower({column}) gin_trgm_ops)"
        )


def up(migrator, db):
    db.execute_sql(
        "ALTER TABLE \"patron\" ADD COLUMN initials VARCHAR(64) NOT NULL DEFAULT ''"
    )
    db.execute_sql('CREATE INDEX patron_initials ON "patron" (initials)')
    fill_initials(db)
    if isinstance(db, PostgresqlDatabase):
        _postgres_trigrams(db)
    else:
        for table, columns in _FTS.items():
            _sqlite_fts(db, table, columns)
