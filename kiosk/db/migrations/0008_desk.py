"""Schema 8: the librarian's desk: staff accounts, kiosk heartbeats, who did what.

``staffaccount`` holds the desk's accounts (scrypt hashes, never passwords) and
their wrong-password count and lock, so a lock survives a restart.
``kioskheartbeat`` is one row per kiosk, rewritten when it starts and every
minute, for the dashboard. Events gain ``staff`` (the desk account that acted)
and ``note`` (an override's reason, a block's reason); a patron gains the
reason their card was blocked.
"""

from peewee import (
    BooleanField,
    CharField,
    DateTimeField,
    IntegerField,
    Model,
)

# Plain ALTER TABLE with a database default: both engines add the column
# without rewriting or updating rows (the event log refuses UPDATEs), and
# the kiosk's hand-written INSERTs may leave these columns out.
_ADD_TEXT = (
    'ALTER TABLE "{table}" ADD COLUMN "{column}" VARCHAR(255) NOT NULL DEFAULT \'\''
)


def up(migrator, db):
    class StaffAccount(Model):
        name = CharField(unique=True)
        role = CharField()
        password_hash = CharField()
        active = BooleanField(default=True)
        failed = IntegerField(default=0)
        locked_until = DateTimeField(null=True)
        created_at = DateTimeField()
        last_login = DateTimeField(null=True)

        class Meta:
            database = db
            table_name = "staffaccount"

    class KioskHeartbeat(Model):
        kiosk = CharField(unique=True)
        started_at = DateTimeField()
        last_seen = DateTimeField()
        online = BooleanField(default=True)
        backlog = IntegerField(default=0)
        mode = CharField(default="")

        class Meta:
            database = db
            table_name = "kioskheartbeat"

    db.create_tables([StaffAccount, KioskHeartbeat])
    for table, column in (
        ("event", "staff"),
        ("event", "note"),
        ("patron", "blocked_reason"),
    ):
        db.execute_sql(_ADD_TEXT.format(table=table, column=column))
