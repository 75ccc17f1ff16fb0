"""Schema 2: the database itself refuses a second open loan of a copy.

Before this, two kiosks could both lend the last copy if their reads raced;
a partial unique index makes the second insert fail instead. The event log
also becomes append-only.
"""

from peewee import SQL, PostgresqlDatabase

_APPEND_ONLY_SQLITE = (
    "CREATE TRIGGER event_append_only_{op} BEFORE {op} ON event "
    "BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END"
)
_APPEND_ONLY_PG_FUNC = (
    "CREATE OR REPLACE FUNCTION event_append_only() RETURNS trigger AS $$ "
    "BEGIN RAISE EXCEPTION 'the event log is append-only'; END $$ LANGUAGE plpgsql"
)
_APPEND_ONLY_PG = (
    "CREATE TRIGGER event_append_only BEFORE UPDATE OR DELETE ON event "
    "FOR EACH STATEMENT EXECUTE FUNCTION event_append_only()"
)


def up(migrator, db):
    migrator.migrate(
        migrator.add_index(
            "loan",
            ("item_id",),
            unique=True,
            where=SQL("returned_at IS NULL"),
            name="loan_one_open_per_item",
        )
    )
    if isinstance(db, PostgresqlDatabase):
        db.execute_sql(_APPEND_ONLY_PG_FUNC)
        db.execute_sql(_APPEND_ONLY_PG)
    else:
        for op in ("UPDATE", "DELETE"):
            db.execute_sql(_APPEND_ONLY_SQLITE.format(op=op))
