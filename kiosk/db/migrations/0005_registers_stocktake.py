"""Schema 5: the registers (repairs, withdrawals, lost and damaged) and stocktakes.

A loan closed because its copy was lost or damaged says so (``closed_as``), so
reports do not count it as a return. Partial unique indexes let the database
itself refuse a second open repair of a copy and a second open stocktake.
"""

from peewee import (
    SQL,
    CharField,
    DateTimeField,
    DecimalField,
    ForeignKeyField,
    Model,
)


def up(migrator, db):
    class Patron(Model):
        class Meta:
            database = db
            table_name = "patron"

    class Item(Model):
        class Meta:
            database = db
            table_name = "item"

    class Loan(Model):
        class Meta:
            database = db
            table_name = "loan"

    class Repair(Model):
        item = ForeignKeyField(Item)
        sent_at = DateTimeField(index=True)
        note = CharField(default="")
        back_at = DateTimeField(null=True)
        kiosk = CharField(default="")

        class Meta:
            database = db
            table_name = "repair"

    class Withdrawal(Model):
        item = ForeignKeyField(Item, unique=True)
        at = DateTimeField(index=True)
        reason = CharField()
        was = CharField()
        kiosk = CharField(default="")

        class Meta:
            database = db
            table_name = "withdrawal"

    class Loss(Model):
        item = ForeignKeyField(Item)
        kind = CharField()
        at = DateTimeField(index=True)
        patron = ForeignKeyField(Patron, null=True)
        loan = ForeignKeyField(Loan, null=True)
        asked = DecimalField(max_digits=10, decimal_places=2, default=0)
        paid = DecimalField(max_digits=10, decimal_places=2, default=0)
        paid_at = DateTimeField(null=True)
        note = CharField(default="")
        kiosk = CharField(default="")

        class Meta:
            database = db
            table_name = "loss"

    class Stocktake(Model):
        location = CharField(default="")
        state = CharField(default="open")
        started_at = DateTimeField()
        finished_at = DateTimeField(null=True)
        marked_lost_at = DateTimeField(null=True)
        kiosk = CharField(default="")

        class Meta:
            database = db
            table_name = "stocktake"

    class StocktakeScan(Model):
        stocktake = ForeignKeyField(Stocktake)
        barcode = CharField()
        item = ForeignKeyField(Item, null=True)
        location = CharField(default="")
        status = CharField(default="")
        at = DateTimeField()

        class Meta:
            database = db
            table_name = "stocktakescan"
            indexes = ((("stocktake", "barcode"), True),)

    class StocktakeMissing(Model):
        stocktake = ForeignKeyField(Stocktake)
        item = ForeignKeyField(Item)

        class Meta:
            database = db
            table_name = "stocktakemissing"
            indexes = ((("stocktake", "item"), True),)

    db.create_tables(
        [Repair, Withdrawal, Loss, Stocktake, StocktakeScan, StocktakeMissing]
    )
    migrator.migrate(
        migrator.add_column("loan", "closed_as", CharField(null=True)),
        migrator.add_index(
            "repair",
            ("item_id",),
            unique=True,
            where=SQL("back_at IS NULL"),
            name="repair_one_open_per_item",
        ),
        migrator.add_index(
            "stocktake",
            ("state",),
            unique=True,
            where=SQL("state = 'open'"),
            name="stocktake_one_open",
        ),
    )
