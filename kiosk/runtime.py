"""Build the real adapters from settings (used by kiosk.py, the bench and tests)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import peewee

from kiosk.circulation.codes import Classifier
from kiosk.circulation.model import Event
from kiosk.circulation.service import CirculationService, Policy
from kiosk.config import Settings
from kiosk.db.store import PeeweeLoanStore, open_database, open_postgres
from kiosk.errors import PrinterError
from kiosk.ports import Clock

if TYPE_CHECKING:
    from receipts.desk import SlipDesk


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
    if settings.database.url and not demo:
        database: peewee.Database = open_postgres(settings.database.url)
    else:
        path = settings.demo.database if demo else settings.database.path
        database = open_database(path, settings.database.busy_timeout_ms)
    if demo:
        from kiosk import demo as demo_library

        demo_library.ensure(database, clock)
    store = PeeweeLoanStore(database)
    return Library(database, store, build_service(settings, store, clock))


def build_slip_desk(
    settings: Settings, library: Library, clock: Clock, lang: str
) -> SlipDesk:
    """Wire the slip desk: printer, archive and the library's words.

    The printer is not opened here (``SlipDesk.check`` does that, and a
    printer absent at start-up is a state to show, not a reason to stop).
    """
    # python-escpos is imported only when slips are wanted.
    from receipts.archive import SlipArchive
    from receipts.desk import SlipDesk
    from receipts.escpos_printer import FailedSlipPrinter, make_printer
    from receipts.render import PAPERS
    from receipts.slip import LibraryInfo

    try:
        printer = make_printer(settings.printer)
    except PrinterError as e:
        printer = FailedSlipPrinter(e)
    info = LibraryInfo(
        name=settings.library.name,
        kiosk_id=settings.library.kiosk_id,
        closed_weekdays=frozenset(settings.circulation.closed_weekdays),
        school=settings.receipts.school,
        footer=settings.receipts.footer,
        language=lang,
    )
    service = library.service
    return SlipDesk(
        printer,
        SlipArchive(settings.receipts.archive),
        PAPERS[settings.printer.paper_width_mm],
        info,
        clock,
        record=event_recorder(library.store),
        loans_of=lambda patron_id: service.status(patron_id).loans,
    )


def event_recorder(store: PeeweeLoanStore) -> Callable[[Event], None]:
    """Append events to the event log, each in its own transaction."""

    def record(event: Event) -> None:
        with store.transaction():
            store.log_event(event)

    return record
