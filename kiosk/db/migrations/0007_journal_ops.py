"""Schema 7: the journal operations a kiosk replayed after working offline.

A kiosk that lost the database keeps a local journal; when it comes back it
replays each entry once. ``op_id`` (the entry's uuid) is unique, so replaying
the same journal twice changes nothing, and ``conflict`` lists what the
librarian must look at (a copy lent elsewhere meanwhile, a blocked patron).
"""

from peewee import CharField, DateField, DateTimeField, Model


def up(migrator, db):
    class JournalOp(Model):
        op_id = CharField(max_length=36, unique=True)
        kiosk = CharField()
        at = DateTimeField(index=True)
        action = CharField()
        card = CharField(default="")
        scan = CharField(default="")
        barcode = CharField(default="")
        due = DateField(null=True)
        shown = CharField()
        result = CharField()
        conflict = CharField(default="", index=True)
        replayed_at = DateTimeField()

        class Meta:
            database = db
            table_name = "journalop"

    db.create_tables([JournalOp])
