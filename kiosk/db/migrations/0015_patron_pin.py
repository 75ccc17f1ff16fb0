"""Schema 15: a patron may have a PIN, which SIP2 machines check (the AD field).

Most school cards have none (NULL). It is stored as the staff PIN is: a salted
scrypt hash, never the PIN itself.
"""

from peewee import CharField


def up(migrator, db):
    migrator.migrate(migrator.add_column("patron", "pin_hash", CharField(null=True)))
