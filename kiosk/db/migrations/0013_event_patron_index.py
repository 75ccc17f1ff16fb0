"""Schema 13: the event log loses its index on ``patron_id``.

Nothing reads the log by patron: the index only cost every kiosk a page per
scan, and the privacy retention a random page per event it anonymises.
"""


def up(migrator, db):
    db.execute_sql("DROP INDEX IF EXISTS event_patron_id")
