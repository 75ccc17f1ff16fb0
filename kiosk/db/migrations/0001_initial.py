"""Schema 1: patrons, titles, copies, loans, holds, calendar, loan rules, events.

Frozen copies of the models as they were when this schema was made; never edit
them: add a new numbered migration instead.
"""

import datetime

from peewee import (
    CharField,
    DateField,
    DateTimeField,
    DecimalField,
    ForeignKeyField,
    IntegerField,
    Model,
)


def up(migrator, db):
    class Patron(Model):
        card = CharField(unique=True)
        name = CharField()
        class_name = CharField(default="")
        grade = IntegerField(null=True)
        type = CharField(default="student")
        status = CharField(default="active")
        card_expiry = DateField(null=True)
        created_at = DateTimeField(default=datetime.datetime.now)

        class Meta:
            database = db
            table_name = "patron"

    class Title(Model):
        isbn = CharField(max_length=13, unique=True, null=True)
        issn = CharField(max_length=9, index=True, null=True)
        title = CharField()
        author = CharField(default="")
        publisher = CharField(default="")
        year = IntegerField(null=True)
        call_number = CharField(default="")
        price = DecimalField(max_digits=10, decimal_places=2, null=True)
        created_at = DateTimeField(default=datetime.datetime.now)

        class Meta:
            database = db
            table_name = "title"

    class Item(Model):
        barcode = CharField(unique=True, null=True)
        title = ForeignKeyField(Title)
        status = CharField(default="available")
        location = CharField(default="")
        created_at = DateTimeField(default=datetime.datetime.now)

        class Meta:
            database = db
            table_name = "item"

    class Loan(Model):
        item = ForeignKeyField(Item)
        patron = ForeignKeyField(Patron)
        out_at = DateTimeField()
        due = DateField()
        returned_at = DateTimeField(null=True)
        renewals = IntegerField(default=0)
        kiosk = CharField(default="")

        class Meta:
            database = db
            table_name = "loan"
            indexes = (
                (("patron", "returned_at"), False),
                (("item", "returned_at"), False),
            )

    class Hold(Model):
        patron = ForeignKeyField(Patron)
        title = ForeignKeyField(Title)
        placed_at = DateTimeField()
        status = CharField(default="waiting")
        item = ForeignKeyField(Item, null=True)
        updated_at = DateTimeField(null=True)

        class Meta:
            database = db
            table_name = "hold"
            indexes = ((("title", "status"), False),)

    class ClosedPeriod(Model):
        start = DateField()
        end = DateField()
        reason = CharField(default="")

        class Meta:
            database = db
            table_name = "closedperiod"

    class LoanRule(Model):
        patron_type = CharField(unique=True)
        loan_days = IntegerField()
        max_items = IntegerField()
        max_renewals = IntegerField()

        class Meta:
            database = db
            table_name = "loanrule"

    class Event(Model):
        at = DateTimeField(index=True)
        kiosk = CharField()
        action = CharField()
        outcome = CharField()
        patron_id = IntegerField(null=True, index=True)
        item_id = IntegerField(null=True)
        scan = CharField(default="")

        class Meta:
            database = db
            table_name = "event"

    db.create_tables([Patron, Title, Item, Loan, Hold, ClosedPeriod, LoanRule, Event])
    # Sensible starting rules; the librarian changes them later.
    LoanRule.insert_many(
        [
            ("student", 14, 3, 1),
            ("teacher", 30, 10, 2),
            ("staff", 30, 10, 2),
        ],
        fields=[
            LoanRule.patron_type,
            LoanRule.loan_days,
            LoanRule.max_items,
            LoanRule.max_renewals,
        ],
    ).execute()
