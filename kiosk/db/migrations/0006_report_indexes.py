"""Schema 6: indexes that let the leaders' report count a year without the table.

A year's report counts about a tenth of a decade's loans. Without these every
figure scanned all of them (about 10 s on the benchmark library). Loans by
the day they went out, carrying who, what and where, so counting by patron,
title and kiosk reads the index alone; loans by the day they came back; and
copies by title and status, for the copies held per CLC class. Measured with
``python -m kiosk.bench report``.
"""


def up(migrator, db):
    migrator.migrate(
        migrator.add_index("loan", ("out_at", "patron_id", "item_id", "kiosk"), False),
        migrator.add_index("loan", ("returned_at", "kiosk"), False),
        migrator.add_index("item", ("title_id", "status"), False),
    )
