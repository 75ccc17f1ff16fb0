"""Schema 4: cataloguing: CLC class, patron gender, accession series, purchases.

``accessionseries`` holds one counter row per barcode series, so two librarians
cataloguing at once never hand out one accession number twice (the counter is
moved with one ``UPDATE`` that locks the row until the import commits).
``purchase`` is the purchases register (购书登记). Titles catalogued before
keep their class in ``call_number`` (``I247.57/L563``): its class part is copied
into ``clc`` so reports by CLC class cover them too.
"""

import datetime
import re

from peewee import (
    BigIntegerField,
    CharField,
    DateField,
    DateTimeField,
    DecimalField,
    ForeignKeyField,
    IntegerField,
    Model,
)

_CLC = re.compile(r"[A-Z]{1,2}([0-9][0-9A-Z.\-:=()+<>\"]*)?")  # I247.57, TP311, K


def _clc_of(call_number):
    """The CLC class at the front of a call number, or "" if it is not one."""
    head = call_number.split("/", 1)[0].strip().upper()
    return head if _CLC.fullmatch(head) else ""


def _copy_classes(db):
    rows = db.execute_sql("SELECT id, call_number FROM title").fetchall()
    sql = f"UPDATE title SET clc = {db.param} WHERE id = {db.param}"
    for title_id, call_number in rows:
        clc = _clc_of(call_number or "")
        if clc:
            db.execute_sql(sql, (clc, title_id))


def up(migrator, db):
    class Title(Model):
        class Meta:
            database = db
            table_name = "title"

    class AccessionSeries(Model):
        name = CharField(unique=True)
        next_number = BigIntegerField()

        class Meta:
            database = db
            table_name = "accessionseries"

    class Purchase(Model):
        date = DateField(index=True)
        supplier = CharField()
        invoice = CharField(default="")
        title = ForeignKeyField(Title, null=True)
        isbn = CharField(max_length=13, default="")
        title_text = CharField()
        copies = IntegerField()
        unit_price = DecimalField(max_digits=10, decimal_places=2, null=True)
        total = DecimalField(max_digits=12, decimal_places=2, null=True)
        note = CharField(default="")
        created_at = DateTimeField(default=datetime.datetime.now)

        class Meta:
            database = db
            table_name = "purchase"

    migrator.migrate(
        migrator.add_column("title", "clc", CharField(default="")),
        migrator.add_column("patron", "gender", CharField(default="")),
    )
    db.create_tables([AccessionSeries, Purchase])
    _copy_classes(db)
