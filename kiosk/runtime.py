"""Build the real adapters from settings (used by kiosk.py, the bench and tests)."""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import peewee

from kiosk.circulation.codes import Classifier
from kiosk.circulation.service import CirculationService, Policy
from kiosk.config import Settings
from kiosk.db.store import PeeweeLoanStore, open_database, open_postgres
from kiosk.errors import PrinterError, StoreError
from kiosk.ports import Clock

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from kiosk.db.counter import CounterTools
    from kiosk.offline import FailoverService, KioskFace
    from receipts.desk import SlipDesk
    from receipts.slip import LibraryInfo


@dataclass
class Library:
    """An open library: its database, store and circulation service."""

    database: peewee.Database
    store: PeeweeLoanStore
    service: CirculationService
    failover: FailoverService | None = None  # a kiosk's store-and-forward

    @property
    def kiosk_service(self) -> CirculationService | FailoverService:
        """The service a kiosk's screens use: store-and-forward when configured."""
        return self.failover or self.service

    def close(self) -> None:
        """Close the database connection (and the offline journal)."""
        if self.failover is not None:
            self.failover.close()
        self.database.close()


def build_service(
    settings: Settings,
    store: PeeweeLoanStore,
    clock: Clock,
    kiosk_id: str | None = None,
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
        kiosk_id=kiosk_id or settings.library.kiosk_id,
    )


def service_for_kiosk(
    settings: Settings, library: Library, clock: Clock, kiosk_id: str
) -> CirculationService | KioskFace:
    """A service of its own for one connection (a SIP2 machine) acting as a kiosk.

    Its store is its own too: a store keeps per-transaction state. With
    store-and-forward, it works from the journal while the database is away,
    under its own kiosk id.
    """
    online = build_service(settings, PeeweeLoanStore(library.database), clock, kiosk_id)
    if library.failover is None:
        return online
    local = build_service(settings, library.failover.local_store, clock, kiosk_id)
    return library.failover.acting_as(online, local)


def sip2_settings(settings: Settings) -> Settings:
    """The settings a SIP2 server works offline with: its own journal file."""
    offline = dataclasses.replace(settings.offline, journal=settings.sip2.journal)
    return dataclasses.replace(settings, offline=offline)


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


def library_gone(settings: Settings) -> bool:
    """Whether the SQLite library this kiosk worked from is missing.

    A kiosk whose journal holds a snapshot has worked with the library file
    before: if the file is not there, its network share is not mounted, and
    a new, empty library must not be made in its place.
    """
    from kiosk.db.journal import has_snapshot
    from kiosk.db.replay import library_file_present

    journal = settings.offline.journal
    return (
        not settings.database.url
        and journal is not None
        and not library_file_present(settings.database.path)
        and has_snapshot(journal)
    )


def open_kiosk_library(settings: Settings, clock: Clock) -> Library:
    """Open the library for a kiosk, with store-and-forward when configured.

    A kiosk that starts while the library database cannot be reached (or
    while the SQLite library file it worked from is missing) starts offline if
    its journal holds a snapshot to work from.
    """
    from kiosk.db.journal import has_snapshot
    from kiosk.db.replay import unreached_library

    journal = settings.offline.journal
    try:
        if library_gone(settings):
            raise StoreError(f"the library file {settings.database.path} is missing")
        library = open_library(settings, clock)
    except StoreError as e:
        if journal is None or not has_snapshot(journal):
            raise
        log.error("library database unreachable at start (%s): starting offline", e)
        database = unreached_library(
            settings.database.url,
            settings.database.path,
            settings.database.busy_timeout_ms,
        )
        store = PeeweeLoanStore(database)
        library = Library(database, store, build_service(settings, store, clock))
    library.failover = open_failover(settings, library, clock, background=True)
    return library


def open_failover(
    settings: Settings,
    library: Library,
    clock: Clock,
    *,
    background: bool = False,
) -> FailoverService | None:
    """Wrap the library's service in store-and-forward, if a journal is configured.

    A journal left by an earlier run is replayed before this returns; the
    snapshot is refreshed now, or on a thread of its own with ``background``
    (a kiosk: a big library's snapshot takes seconds).
    """
    from kiosk.circulation.replay import Replayer
    from kiosk.db.journal import LocalJournal
    from kiosk.db.replay import CentralLink, replay_journal
    from kiosk.offline import (
        FailoverService,
        OfflineOptions,
        in_background,
        run_inline,
    )

    offline = settings.offline
    if offline.journal is None:
        return None
    journal = LocalJournal(offline.journal)
    circ = settings.circulation
    replayer = Replayer(
        library.store, Classifier(circ.patron_pattern, circ.item_pattern)
    )
    service = FailoverService(
        library.service,
        build_service(settings, journal.store, clock),
        journal,
        CentralLink(library.database),
        lambda: replay_journal(
            journal, library.database, library.store, replayer, clock.now()
        ),
        clock,
        OfflineOptions(
            kiosk_id=settings.library.kiosk_id,
            allow_checkout=offline.allow_checkout,
            retry_seconds=offline.retry_seconds,
            snapshot_minutes=offline.snapshot_minutes,
        ),
        spawn=in_background if background else run_inline,
    )
    service.start()
    return service


def showcase_reader(settings: Settings, library: Library, clock: Clock) -> Any:
    """The waiting screen's lists, read in the background once a minute."""
    from kiosk.db.showcase import ShowcaseReader, read_showcase

    screens = settings.screens
    return ShowcaseReader(
        read=lambda now, class_name: read_showcase(
            library.database,
            now,
            new_days=screens.new_days,
            stars=screens.show_reading_stars,
            class_name=class_name,
        ),
        now=clock.now,
        done=library.database.close,  # the reading thread's own connection
    )


def slip_library(settings: Settings, lang: str) -> LibraryInfo:
    """The library's words on every slip, in ``lang``."""
    from receipts.slip import LibraryInfo

    return LibraryInfo(
        name=settings.library.name,
        kiosk_id=settings.library.kiosk_id,
        closed_weekdays=frozenset(settings.circulation.closed_weekdays),
        school=settings.receipts.school,
        footer=settings.receipts.footer,
        language=lang,
    )


def build_slip_desk(
    settings: Settings,
    library: Library,
    clock: Clock,
    lang: str,
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

    try:
        printer = make_printer(settings.printer)
    except PrinterError as e:
        printer = FailedSlipPrinter(e)
    info = slip_library(settings, lang)
    service = library.kiosk_service  # offline: loans from the snapshot
    return SlipDesk(
        printer,
        SlipArchive(settings.receipts.archive),
        PAPERS[settings.printer.paper_width_mm],
        info,
        clock,
        record=service.record,  # offline: into the journal, replayed later
        loans_of=lambda patron_id: service.status(patron_id).loans,
    )


def counter_tools(settings: Settings, library: Library, clock: Clock) -> CounterTools:
    """The staff menu's lost/damaged, stocktake and overdue tools."""
    from kiosk.db.counter import CounterTools
    from kiosk.db.registers import CompensationRule

    circ, reg = settings.circulation, settings.registers
    return CounterTools(
        library.database,
        clock,
        classifier=Classifier(circ.patron_pattern, circ.item_pattern),
        rule=CompensationRule.of(reg.compensation_factor, reg.compensation_minimum),
        kiosk=settings.library.kiosk_id,
    )
