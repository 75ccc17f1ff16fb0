"""Schema 3: drop the loan indexes that the two-column ones already cover.

``loan(item_id)`` and ``loan(patron_id)`` are prefixes of ``loan(item_id,
returned_at)`` and ``loan(patron_id, returned_at)``; every check-out paid to
keep them up to date for nothing.
"""


def up(migrator, db):
    migrator.migrate(
        migrator.drop_index("loan", "loan_item_id"),
        migrator.drop_index("loan", "loan_patron_id"),
    )
