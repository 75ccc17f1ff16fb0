"""Schema 12: what the privacy settings need.

``patron.left_at`` is set by the rollover that marks a pupil as left. Pupils
who left before this release take the time of the last rollover, when there
was one (otherwise their last loan counts: see ``kiosk.db.retention``).

The event log stays append-only with one exception: an update that only
anonymises (the event moves to an anonymous ``ANON-`` reader, or its scanned
card is blanked; nothing else changes), as the retention run does.
"""

from peewee import DateTimeField, PostgresqlDatabase

_SAME = (
    "NEW.id = OLD.id AND NEW.at = OLD.at AND NEW.kiosk = OLD.kiosk"
    " AND NEW.action = OLD.action AND NEW.outcome = OLD.outcome"
    " AND NEW.item_id {is_} OLD.item_id AND NEW.staff = OLD.staff"
    " AND NEW.note = OLD.note AND (NEW.scan = OLD.scan OR NEW.scan = '')"
    " AND (NEW.patron_id IS NULL OR EXISTS (SELECT 1 FROM patron p"
    " WHERE p.id = NEW.patron_id AND p.card LIKE 'ANON-%'))"
)
_SQLITE = (
    "CREATE TRIGGER event_append_only_UPDATE BEFORE UPDATE ON event"
    f" WHEN NOT ({_SAME.format(is_='IS')})"
    " BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END"
)
_PG_FUNC = (
    "CREATE OR REPLACE FUNCTION event_only_anonymised() RETURNS trigger AS $$"
    f" BEGIN IF {_SAME.format(is_='IS NOT DISTINCT FROM')} THEN RETURN NEW; END IF;"
    " RAISE EXCEPTION 'the event log is append-only'; END $$ LANGUAGE plpgsql"
).replace("%", "%%")  # psycopg2 reads a lone % as a parameter


def up(migrator, db):
    migrator.migrate(
        migrator.add_column("patron", "left_at", DateTimeField(null=True)),
    )
    db.execute_sql(
        'UPDATE "patron" SET left_at = (SELECT MAX(at) FROM "event"'
        " WHERE action = 'rollover') WHERE status = 'left'"
    )
    if isinstance(db, PostgresqlDatabase):
        db.execute_sql("DROP TRIGGER event_append_only ON event")
        db.execute_sql(
            "CREATE TRIGGER event_append_only BEFORE DELETE ON event "
            "FOR EACH STATEMENT EXECUTE FUNCTION event_append_only()"
        )
        db.execute_sql(_PG_FUNC)
        db.execute_sql(
            "CREATE TRIGGER event_only_anonymised BEFORE UPDATE ON event "
            "FOR EACH ROW EXECUTE FUNCTION event_only_anonymised()"
        )
    else:
        db.execute_sql("DROP TRIGGER event_append_only_UPDATE")
        db.execute_sql(_SQLITE)
