"""Peewee models: how the service's value objects are stored.

The schema itself is made by the numbered files in ``migrations/`` (the one
way a database is created or upgraded); these classes only map rows.
"""

from __future__ import annotations

import datetime as dt

from peewee import (
    CharField,
    DateField,
    DateTimeField,
    DecimalField,
    ForeignKeyField,
    IntegerField,
    Model,
)


class BaseModel(Model):
    """Unbound: ``open_database`` binds every model to the configured database."""


class Patron(BaseModel):
    """A student, teacher or member of staff."""

    card = CharField(unique=True)
    name = CharField()
    class_name = CharField(default="")
    grade = IntegerField(null=True)
    type = CharField(default="student")
    status = CharField(default="active")
    card_expiry = DateField(null=True)
    created_at = DateTimeField(default=dt.datetime.now)


class Title(BaseModel):
    """A book or periodical as published."""

    isbn = CharField(max_length=13, unique=True, null=True)
    issn = CharField(max_length=9, index=True, null=True)
    title = CharField()
    author = CharField(default="")
    publisher = CharField(default="")
    year = IntegerField(null=True)
    call_number = CharField(default="")
    price = DecimalField(max_digits=10, decimal_places=2, null=True)
    created_at = DateTimeField(default=dt.datetime.now)


class Item(BaseModel):
    """One copy of a title."""

    barcode = CharField(unique=True, null=True)
    title = ForeignKeyField(Title, backref="items")
    status = CharField(default="available")
    location = CharField(default="")
    created_at = DateTimeField(default=dt.datetime.now)


class Loan(BaseModel):
    """A copy lent to a patron; open while ``returned_at`` is null."""

    item = ForeignKeyField(Item, backref="loans")
    patron = ForeignKeyField(Patron, backref="loans")
    out_at = DateTimeField()
    due = DateField()
    returned_at = DateTimeField(null=True)
    renewals = IntegerField(default=0)
    kiosk = CharField(default="")


class Hold(BaseModel):
    """A patron waiting for a title (预约)."""

    patron = ForeignKeyField(Patron, backref="holds")
    title = ForeignKeyField(Title, backref="holds")
    placed_at = DateTimeField()
    status = CharField(default="waiting")
    item = ForeignKeyField(Item, null=True)
    updated_at = DateTimeField(null=True)


class ClosedPeriod(BaseModel):
    """A holiday or vacation, both ends included."""

    start = DateField()
    end = DateField()
    reason = CharField(default="")


class LoanRule(BaseModel):
    """Loan days, item limit and renewals for one patron type."""

    patron_type = CharField(unique=True)
    loan_days = IntegerField()
    max_items = IntegerField()
    max_renewals = IntegerField()


class Event(BaseModel):
    """Append-only log of every action and refusal (ids only, never names)."""

    at = DateTimeField(index=True)
    kiosk = CharField()
    action = CharField()
    outcome = CharField()
    patron_id = IntegerField(null=True, index=True)
    item_id = IntegerField(null=True)
    scan = CharField(default="")


MODELS = (Patron, Title, Item, Loan, Hold, ClosedPeriod, LoanRule, Event)
