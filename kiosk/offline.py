"""Store-and-forward: the kiosk's service when the library database may go away.

``FailoverService`` answers the same calls as ``CirculationService``. Online it
passes them on and refreshes the local snapshot every few minutes; when the
library database stops answering it says so (``offline``) and serves the same
calls from the local journal file under the offline rules
(``kiosk.circulation.offline``); every ``retry_seconds`` it tries the database
again and, once it answers, replays the journal in order before going online.
Time comes from the injected clock, so tests never wait.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from kiosk.circulation.codes import ScanCode
from kiosk.circulation.model import Event, Hold, Patron, Title
from kiosk.circulation.offline import (
    accepted_return,
    event_entry,
    journal_entry,
    offline_refusal,
)
from kiosk.circulation.outcomes import Result
from kiosk.circulation.service import CirculationService, ItemInfo, RosterLine
from kiosk.db.journal import LocalJournal
from kiosk.db.replay import CentralLink, ReplayReport
from kiosk.errors import StoreError
from kiosk.ports import Clock, LoanStore

log = logging.getLogger(__name__)
Spawn = Callable[[Callable[[], None]], None]


def run_inline(work: Callable[[], None]) -> None:
    """Do the work now (tests, admin tools)."""
    work()


def in_background(work: Callable[[], None]) -> None:
    """Do the work on a daemon thread: a snapshot or a probe can take seconds."""
    threading.Thread(target=work, name="offline-link", daemon=True).start()


@dataclass(frozen=True)
class OfflineOptions:
    """The ``[offline]`` settings the service needs."""

    kiosk_id: str
    allow_checkout: bool = True
    retry_seconds: int = 30
    snapshot_minutes: int = 10


class _Calls:
    """The service's calls, each passed to ``_call`` (online or from the journal)."""

    def _call(self, action: str, *args: Any) -> Any:
        raise NotImplementedError

    def identify(self, scan: str) -> Result:
        """Identify a patron (offline: from the snapshot)."""
        return self._call("identify", scan)

    def look_up(self, scan: str) -> Result:
        """A card's patron, loans and blocks (offline: from the snapshot)."""
        return self._call("look_up", scan)

    def patron_by_card(self, card: str) -> Patron | None:
        """The patron a card number names."""
        return self._call("patron_by_card", card)

    def owed_by(self, patron_id: int) -> list[tuple[str, Decimal]]:
        """Compensation still owed (offline: none known)."""
        return self._call("owed_by", patron_id)

    def pin_hash_of(self, patron_id: int) -> str | None:
        """The stored hash of a patron's PIN."""
        return self._call("pin_hash_of", patron_id)

    def item_info(self, scan: str) -> ItemInfo | Result:
        """A copy's loan and its title's holds."""
        return self._call("item_info", scan)

    def holds_of(self, patron_id: int) -> list[tuple[Hold, Title]]:
        """A patron's waiting and ready holds."""
        return self._call("holds_of", patron_id)

    def block_patron(self, card: str, why: str = "") -> Result:
        """Suspend a card (online only)."""
        return self._call("block_patron", card, why)

    def check_out(self, patron_id: int | None, scan: str) -> Result:
        """Lend a copy (offline: only if allowed, against the snapshot)."""
        return self._call("check_out", patron_id, scan)

    def check_in(self, scan: str, patron_id: int | None = None) -> Result:
        """Return a copy (offline: always taken)."""
        return self._call("check_in", scan, patron_id)

    def renew(self, patron_id: int | None, scan: str) -> Result:
        """Renew a loan (offline: only if lending is allowed)."""
        return self._call("renew", patron_id, scan)

    def place_hold(self, patron_id: int | None, scan: str) -> Result:
        """Reserve a title (online only)."""
        return self._call("place_hold", patron_id, scan)

    def cancel_hold(self, patron_id: int | None, scan: str) -> Result:
        """Cancel a hold (online only)."""
        return self._call("cancel_hold", patron_id, scan)

    def end_session(self, patron_id: int | None) -> Result:
        """Record the end of a patron's session."""
        return self._call("end_session", patron_id)

    def status(self, patron_id: int) -> Result:
        """A patron's loans and blocks now."""
        return self._call("status", patron_id)


class FailoverService(_Calls):
    """The circulation service, online when it can be and from the journal when not."""

    def __init__(
        self,
        online: CirculationService,
        local: CirculationService,
        journal: LocalJournal,
        link: CentralLink,
        replay: Callable[[], ReplayReport],
        clock: Clock,
        options: OfflineOptions,
        spawn: Spawn = run_inline,
    ) -> None:
        self._online = online
        self._local = local
        self._journal = journal
        self._link = link
        self._replay = replay
        self._clock = clock
        self._options = options
        self._spawn = spawn
        self._owner = threading.get_ident()
        self._refreshing = threading.Lock()
        self._probing = threading.Lock()
        self._answered = threading.Event()
        self._together = False  # inside ``together``: no journal, errors raise
        self.offline = False
        self.last_report: ReplayReport | None = None
        self._next_retry = clock.now()
        self._next_snapshot = clock.now()

    # -- the link -----------------------------------------------------------------

    def start(self) -> None:
        """Replay what an earlier run left in the journal, then take a snapshot.

        A kiosk that starts with the library unreachable starts offline.
        """
        if self._journal.count_pending():
            why = "a journal left by an earlier run waits for its replay"
        elif not self._link.reachable():
            why = "the library database cannot be reached at start"
        else:
            why = ""
        if why:
            self._go_offline(why)
            self._next_retry = self._clock.now()
        self.poll()

    def close(self) -> None:
        """Close the local journal file (after the background work in hand)."""
        self.wait_for_probe()
        self.wait_for_snapshot()
        self._journal.close()

    def pending(self) -> int:
        """How many offline actions wait for the library database."""
        return self._journal.count_pending()

    def poll(self) -> None:
        """Retry the database when offline; refresh the snapshot when online.

        The retry and the replay run through ``spawn`` (a thread in a kiosk: a
        connection attempt to a vanished host takes seconds, a long journal
        longer), so the screen never waits for them. Scans made offline while
        the replay ran are replayed by the next round, at once; only with the
        journal empty does the kiosk go back online, here, between two scans.
        """
        now = self._clock.now()
        if not self.offline:
            if now >= self._next_snapshot:
                self._refresh(now)
            return
        if self._answered.is_set() and self._back_online(now):
            return
        if now >= self._next_retry and self._probing.acquire(blocking=False):
            self._next_retry = now + dt.timedelta(seconds=self._options.retry_seconds)
            self._spawn(self._probe)
            if self._answered.is_set():  # it ran inline (tests, admin tools)
                self._back_online(now)

    def _back_online(self, now: dt.datetime) -> bool:
        """After a replay: online if the journal is empty, else replay again soon."""
        self._answered.clear()
        if self._journal.count_pending():  # journaled while the replay ran
            self._next_retry = now
            return False
        self.offline = False
        log.warning("library database reachable again: back online")
        return True

    def _probe(self) -> None:
        """Reach the library and replay the journal into it (off the screen)."""
        try:
            if self._link.reachable() and self._drain():
                self._answered.set()
        finally:
            if threading.get_ident() != self._owner:
                self.release_thread()
            self._probing.release()

    def _drain(self) -> bool:
        """Replay the journal; False if the database went away again meanwhile."""
        try:
            self.last_report = self._replay()
        except StoreError as e:
            log.error("journal replay stopped: %s", e)
            return False
        self._refresh(self._clock.now())
        return True

    def _refresh(self, now: dt.datetime) -> None:
        minutes = dt.timedelta(minutes=self._options.snapshot_minutes)
        self._next_snapshot = now + minutes
        if not self._refreshing.acquire(blocking=False):
            return  # the last one is still being taken
        self._spawn(lambda: self._take_snapshot(now))

    def release_thread(self) -> None:
        """Close this thread's own connections (peewee keeps one per thread)."""
        self._link.database.close()
        self._journal.database.close()

    @property
    def local_store(self) -> LoanStore:
        """The snapshot's store, which offline answers come from."""
        return self._journal.store

    def wait_for_snapshot(self) -> None:
        """Block until a snapshot being taken in the background is done."""
        with self._refreshing:
            pass

    def wait_for_probe(self) -> None:
        """Block until a background attempt to reach the library is done."""
        with self._probing:
            pass

    def _take_snapshot(self, now: dt.datetime) -> None:
        try:
            self._journal.refresh(self._link.database, now)
        except StoreError as e:
            log.warning("offline snapshot not refreshed: %s", e)
        finally:
            if threading.get_ident() != self._owner:
                self.release_thread()
            self._refreshing.release()

    def _go_offline(self, why: object) -> None:
        if not self.offline:
            log.error("library database unreachable, working offline: %s", why)
        self.offline = True
        self._next_retry = self._clock.now() + dt.timedelta(
            seconds=self._options.retry_seconds
        )

    # -- the service's calls ------------------------------------------------------

    def record(self, event: Event) -> None:
        """Log an event (a slip printed); offline, journal it for the replay."""
        self._either("record", (event,), lambda: self._journal_event(event))

    def class_event(self, action: str, class_name: str) -> Event:
        """The event marking a class session's start or end (no database)."""
        return self._online.class_event(action, class_name)

    def _journal_event(self, event: Event) -> None:
        patron = (
            self._journal.store.patron(event.patron_id) if event.patron_id else None
        )
        entry = event_entry(
            event, patron.card if patron else "", op_id=str(uuid.uuid4())
        )
        with self._journal.transaction():
            self._journal.append(entry)

    def classify(self, scan: str) -> ScanCode:
        """Tell what a scan is (no database)."""
        return self._online.classify(scan)

    def today_counts(self) -> dict[str, int]:
        """Today's loans and returns (offline: this kiosk's journal only)."""
        return self._call("today_counts")

    def classes(self) -> list[str]:
        """The classes for a class session."""
        return self._call("classes")

    def roster(self, class_name: str) -> list[RosterLine]:
        """A class's students and loans."""
        return self._call("roster", class_name)

    def acting_as(
        self, online: CirculationService, local: CirculationService
    ) -> KioskFace:
        """The same store-and-forward under another kiosk id (a SIP2 account's).

        The link, the journal and being offline are shared; the services, and
        so the kiosk id that loans are logged and journaled under, are its own.
        """
        return KioskFace(self, online, local)

    @contextmanager
    def together(self) -> Iterator[None]:
        """One library transaction for several calls (a SIP2 server's batch).

        Inside it a failing database raises rather than being journaled: the
        batch's commit fails, nothing of it is recorded, and the caller runs
        each call again alone, which then goes to the journal.
        """
        self.poll()
        self._together = True
        try:
            with self._link.transaction():
                yield
        finally:
            self._together = False

    @property
    def lends_offline(self) -> bool:
        """Whether loans and renewals are taken while offline."""
        return self._options.allow_checkout

    def _call(
        self,
        action: str,
        *args: Any,
        online: CirculationService | None = None,
        local: CirculationService | None = None,
    ) -> Any:
        online = online or self._online
        local = local or self._local
        return self._either(
            action, args, lambda: self._offline_call(local, action, *args), online
        )

    def _either(
        self,
        action: str,
        args: tuple[Any, ...],
        offline: Callable[[], Any],
        online: CirculationService | None = None,
    ) -> Any:
        """The online service's ``action`` while it answers, else ``offline()``."""
        service = online or self._online
        if self._together:
            return getattr(service, action)(*args)
        self.poll()
        if not self.offline:
            try:
                return getattr(service, action)(*args)
            except StoreError as e:
                if self._link.reachable():  # a dropped connection, reopened
                    return getattr(service, action)(*args)
                self._go_offline(e)
        return offline()

    def _offline_call(self, local: CirculationService, action: str, *args: Any) -> Any:
        scan = _scan_of(action, args)
        refused = offline_refusal(action, self._options.allow_checkout)
        if refused is not None:
            return Result(refused, scan or "")
        with self._journal.transaction():
            result = getattr(local, action)(*args)
            if action == "check_in":
                result = accepted_return(result, local.classify(scan or ""))
            if isinstance(result, Result):
                entry = journal_entry(
                    action,
                    result,
                    op_id=str(uuid.uuid4()),
                    kiosk=local.kiosk_id,
                    at=self._clock.now(),
                )
                if entry is not None:
                    self._journal.append(entry)
        return result


class KioskFace(_Calls):
    """A SIP2 account's service: its own kiosk id, the server's store-and-forward.

    Reads come from the snapshot while offline; returns, loans and renewals are
    journaled as a kiosk's are; holds and blocking a card wait for the database.
    """

    def __init__(
        self,
        hub: FailoverService,
        online: CirculationService,
        local: CirculationService,
    ) -> None:
        self._hub = hub
        self._online = online
        self._local = local

    @property
    def offline(self) -> bool:
        """Whether the library database is away (answers come from the journal)."""
        return self._hub.offline

    @property
    def lends_offline(self) -> bool:
        """Whether loans and renewals are taken while offline."""
        return self._hub.lends_offline

    def _call(self, action: str, *args: Any) -> Any:
        return self._hub._call(action, *args, online=self._online, local=self._local)


def _scan_of(action: str, args: tuple[Any, ...]) -> str | None:
    """The scanned text among a call's arguments."""
    if action in ("identify", "check_in", "look_up", "item_info", "block_patron"):
        return args[0]
    if action in ("check_out", "renew", "place_hold", "cancel_hold"):
        return args[1]
    return None
