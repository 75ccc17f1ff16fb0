"""Build the real adapters from settings (used by kiosk.py, the bench and tests)."""

from __future__ import annotations

from dataclasses import dataclass

import peewee

from kiosk.circulation.codes import Classifier
from kiosk.circulation.service import CirculationService, Policy
from kiosk.config import Settings
from kiosk.db.store import PeeweeLoanStore, open_database
from kiosk.ports import Clock


@dataclass
class Library:
    """An open library: its database, store and circulation service."""

    database: peewee.Database
    store: PeeweeLoanStore
    service: CirculationService

    def close(self) -> None:
        """Close the database connection."""
        self.database.close()


def build_service(
    settings: Settings, store: PeeweeLoanStore, clock: Clock
) -> CirculationService:
    """Wire the circulation service from the configured policy."""
    circ = settings.circulation
    return CirculationService(
        store=store,
        clock=clock,
        classifier=Classifier(circ.patron_pattern, circ.item_pattern),
        policy=Policy(
            closed_weekdays=frozenset(circ.closed_weekdays),
            term_end=circ.term_end,
            overdue_blocks_checkout=circ.overdue_blocks_checkout,
        ),
        kiosk_id=settings.library.kiosk_id,
    )


def open_library(settings: Settings, clock: Clock, *, demo: bool = False) -> Library:
    """Open the configured library, or the demo library (seeding it once)."""
    path = settings.demo.database if demo else settings.database.path
    database = open_database(path, settings.database.busy_timeout_ms)
    if demo:
        from kiosk import demo as demo_library

        demo_library.ensure(database, clock)
    store = PeeweeLoanStore(database)
    return Library(database, store, build_service(settings, store, clock))
