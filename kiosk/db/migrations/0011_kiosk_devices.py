"""Schema 11: a kiosk's heartbeat says how its printer and camera are.

``printer`` is ``none`` (no printer configured), ``ready`` or the problem the
last slip or check met (``paper_out``, ``offline``...); ``camera`` is ``none``
or the camera's state (``live``, ``unavailable``...). Empty: a kiosk of an
older release that does not say.
"""

from peewee import CharField


def up(migrator, db):
    migrator.migrate(
        migrator.add_column("kioskheartbeat", "printer", CharField(default="")),
        migrator.add_column("kioskheartbeat", "camera", CharField(default="")),
    )
