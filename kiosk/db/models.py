"""Peewee models: how the service's value objects are stored.

The schema itself is made by the numbered files in ``migrations/`` (the one
way a database is created or upgraded); these classes only map rows.
"""

from __future__ import annotations

import datetime as dt

from peewee import (
    BigIntegerField,
    BooleanField,
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
    gender = CharField(default="")  # "M", "F" or "" (not given)
    blocked_reason = CharField(default="")  # why the card was suspended
    initials = CharField(default="")  # pinyin initials of the name: 叶浩 -> yh
    left_at = DateTimeField(null=True)  # when the rollover marked the pupil left
    pin_hash = CharField(null=True)  # a PIN for SIP2 machines (scrypt), mostly none


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
    clc = CharField(default="")  # 中图法 class, e.g. I247.5


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
    closed_as = CharField(null=True)  # "lost"/"damaged" (registers); null: returned


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
    """Loan days, item limit and renewals for a patron type, or one of its grades.

    One row per (type, grade); the row with grade null is the type's default
    (migration 0009's indexes allow one such row per type).
    """

    patron_type = CharField()
    loan_days = IntegerField()
    max_items = IntegerField()
    max_renewals = IntegerField()
    grade = IntegerField(null=True)  # null: every grade without a rule of its own
    renewal_days = IntegerField(null=True)  # null: the same as loan_days


class Event(BaseModel):
    """Append-only log of every action and refusal (ids only, never names)."""

    at = DateTimeField(index=True)
    kiosk = CharField()
    action = CharField()
    outcome = CharField()
    patron_id = IntegerField(null=True)  # not indexed (schema 13)
    item_id = IntegerField(null=True)
    scan = CharField(default="")
    staff = CharField(default="")  # the desk account that acted, if any
    note = CharField(default="")  # an override's or a block's reason


class AccessionSeries(BaseModel):
    """The next accession number of one barcode series (prefix and digits)."""

    name = CharField(unique=True)
    next_number = BigIntegerField()


class Purchase(BaseModel):
    """One line of the purchases register (购书登记): a title bought."""

    date = DateField(index=True)
    supplier = CharField()
    invoice = CharField(default="")
    title = ForeignKeyField(Title, null=True, backref="purchases")
    isbn = CharField(max_length=13, default="")
    title_text = CharField()
    copies = IntegerField()
    unit_price = DecimalField(max_digits=10, decimal_places=2, null=True)
    total = DecimalField(max_digits=12, decimal_places=2, null=True)
    note = CharField(default="")
    created_at = DateTimeField(default=dt.datetime.now)


class Repair(BaseModel):
    """修补: a copy sent to repair; open while ``back_at`` is null."""

    item = ForeignKeyField(Item, backref="repairs")
    sent_at = DateTimeField(index=True)
    note = CharField(default="")
    back_at = DateTimeField(null=True)
    kiosk = CharField(default="")


class Withdrawal(BaseModel):
    """注销/剔除: a copy taken out of the collection for good, with the reason."""

    item = ForeignKeyField(Item, unique=True)
    at = DateTimeField(index=True)
    reason = CharField()
    was = CharField()  # the copy's status before
    kiosk = CharField(default="")


class Loss(BaseModel):
    """赔偿: a copy lost or damaged, who is asked to pay, how much, what was paid."""

    item = ForeignKeyField(Item, backref="losses")
    kind = CharField()  # "lost" or "damaged"
    at = DateTimeField(index=True)
    patron = ForeignKeyField(Patron, null=True)
    loan = ForeignKeyField(Loan, null=True)
    asked = DecimalField(max_digits=10, decimal_places=2, default=0)
    paid = DecimalField(max_digits=10, decimal_places=2, default=0)
    paid_at = DateTimeField(null=True)
    note = CharField(default="")
    kiosk = CharField(default="")


class Stocktake(BaseModel):
    """清点: one stocktake of the whole library or one location; one open at a time."""

    location = CharField(default="")
    state = CharField(default="open")  # "open" or "finished"
    started_at = DateTimeField()
    finished_at = DateTimeField(null=True)
    marked_lost_at = DateTimeField(null=True)
    kiosk = CharField(default="")


class StocktakeScan(BaseModel):
    """A barcode seen during a stocktake (once per stocktake; item null if unknown)."""

    stocktake = ForeignKeyField(Stocktake, backref="scans")
    barcode = CharField()
    item = ForeignKeyField(Item, null=True)
    location = CharField(default="")
    status = CharField(default="")  # the copy's status when it was scanned
    at = DateTimeField()


class StocktakeMissing(BaseModel):
    """A copy expected on the shelf but not scanned, fixed when a stocktake ends."""

    stocktake = ForeignKeyField(Stocktake, backref="missing")
    item = ForeignKeyField(Item)


class StaffAccount(BaseModel):
    """An account of the librarian's desk (scrypt hash; lock survives restarts)."""

    name = CharField(unique=True)
    role = CharField()  # "librarian", "helper" or "viewer"
    password_hash = CharField()
    active = BooleanField(default=True)
    failed = IntegerField(default=0)
    locked_until = DateTimeField(null=True)
    created_at = DateTimeField()
    last_login = DateTimeField(null=True)


class KioskHeartbeat(BaseModel):
    """One row per kiosk, rewritten at start and every minute (the dashboard)."""

    kiosk = CharField(unique=True)
    started_at = DateTimeField()
    last_seen = DateTimeField()
    online = BooleanField(default=True)
    backlog = IntegerField(default=0)
    mode = CharField(default="")
    printer = CharField(default="")  # none, ready or the problem (schema 11)
    camera = CharField(default="")  # none or the camera's state (schema 11)


class JournalOp(BaseModel):
    """One offline journal entry replayed into this database (never twice)."""

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


MODELS = (
    Patron,
    Title,
    Item,
    Loan,
    Hold,
    ClosedPeriod,
    LoanRule,
    Event,
    AccessionSeries,
    Purchase,
    Repair,
    Withdrawal,
    Loss,
    Stocktake,
    StocktakeScan,
    StocktakeMissing,
    JournalOp,
    StaffAccount,
    KioskHeartbeat,
)
