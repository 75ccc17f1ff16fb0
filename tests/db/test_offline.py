"""Store-and-forward on SQLite: the library file's folder (a network share) goes.

The library database really becomes unreachable (its folder is moved away,
as when a network share drops), the kiosk works from its local journal, and
the journal is replayed when the folder comes back.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import threading
import uuid
from pathlib import Path

import pytest

from kiosk.admin.journal import line
from kiosk.circulation.model import Event
from kiosk.circulation.outcomes import Outcome
from kiosk.circulation.replay import Conflict, Replayer
from kiosk.console import ConsoleKiosk
from kiosk.db import models as db
from kiosk.db.replay import replay_journal, replayed_ops
from kiosk.errors import StoreError
from kiosk.offline import FailoverService
from kiosk.runtime import build_service, open_failover
from tests.conftest import ISBN_TWO, Small

RETRY = 30
P1, P2 = 1, 2  # the ids of cards S0000001 and S0000002


class Share:
    """The folder holding the library file, unplugged and plugged back."""

    def __init__(self, small: Small) -> None:
        self.small = small
        self.folder = small.settings.database.path.parent
        self.away = self.folder.with_name(self.folder.name + "-unplugged")

    def fail(self) -> None:
        self.small.library.database.close()
        self.folder.rename(self.away)

    def restore(self) -> None:
        self.small.library.database.close()
        self.away.rename(self.folder)


@pytest.fixture
def share(small: Small) -> Share:
    return Share(small)


def failover(
    small: Small, tmp_path: Path, *, background: bool = False, **offline
) -> FailoverService:
    settings = small.settings
    options = dataclasses.replace(
        settings.offline,
        journal=tmp_path / "local" / "journal.sqlite3",
        retry_seconds=RETRY,
        **offline,
    )
    service = open_failover(
        dataclasses.replace(settings, offline=options),
        small.library,
        small.clock,
        background=background,
    )
    assert service is not None
    return service


@pytest.fixture
def kiosk(small: Small, tmp_path: Path):
    service = failover(small, tmp_path)
    yield service
    service.close()


def journal(service: FailoverService):
    return service._journal


def test_online_calls_go_to_the_library_and_a_snapshot_is_taken(
    small: Small, kiosk: FailoverService
) -> None:
    assert kiosk.check_out(P1, "10000003").outcome is Outcome.CHECKED_OUT
    assert not kiosk.offline
    assert kiosk.pending() == 0
    assert small.store.open_loan_of_item(3) is not None
    assert journal(kiosk).snapshot_taken() == small.clock.now()
    assert journal(kiosk).store.patron_by_card("S0000001").name == "李明"


def test_return_offline_is_taken_and_journaled(
    small: Small, kiosk: FailoverService, share: Share
) -> None:
    kiosk.check_out(P1, "10000001")
    journal(kiosk).refresh(small.library.database, small.clock.now())
    share.fail()
    small.clock.advance(60)
    back = kiosk.check_in("10000001")
    assert kiosk.offline
    assert back.outcome is Outcome.RETURNED
    assert back.patron.card == "S0000001"
    [(_, entry)] = journal(kiosk).pending()
    assert uuid.UUID(entry.op_id)
    assert (entry.kiosk, entry.action, entry.card, entry.scan, entry.barcode) == (
        "kiosk-1",
        "check_in",
        "S0000001",
        "10000001",
        "10000001",
    )
    assert entry.at == small.clock.now()
    assert entry.shown == "RETURNED"


def test_return_the_snapshot_does_not_know_is_still_taken(
    small: Small, kiosk: FailoverService, share: Share
) -> None:
    # Lent at another kiosk after this kiosk's snapshot was taken.
    small.service.check_out(P2, "10000002")
    share.fail()
    back = kiosk.check_in("10000002")
    assert back.outcome is Outcome.RETURNED
    assert kiosk.pending() == 1


def test_checkout_offline_follows_the_snapshot(
    small: Small, kiosk: FailoverService, share: Share
) -> None:
    share.fail()
    who = kiosk.identify("S0000001")
    assert kiosk.offline
    assert who.outcome is Outcome.PATRON_OK
    lent = kiosk.check_out(who.patron.id, "10000003")
    assert lent.outcome is Outcome.CHECKED_OUT
    assert lent.due == dt.date(2026, 12, 9)  # 14 days, as online
    # The local copy knows it is out now: nobody else gets it offline.
    other = kiosk.check_out(P2, "10000003")
    assert other.outcome is Outcome.ON_LOAN_TO_OTHER
    [(_, entry)] = journal(kiosk).pending()
    assert (entry.action, entry.card, entry.barcode, entry.due) == (
        "check_out",
        "S0000001",
        "10000003",
        dt.date(2026, 12, 9),
    )


def test_checkout_offline_refused_when_the_library_says_so(
    small: Small, tmp_path: Path, share: Share
) -> None:
    kiosk = failover(small, tmp_path, allow_checkout=False)
    small.service.check_out(P1, "10000001")
    journal(kiosk).refresh(small.library.database, small.clock.now())
    share.fail()
    refused = kiosk.check_out(P1, "10000003")
    assert refused.outcome is Outcome.OFFLINE_NOT_ALLOWED
    assert kiosk.renew(P1, "10000001").outcome is Outcome.OFFLINE_NOT_ALLOWED
    assert kiosk.check_in("10000001").outcome is Outcome.RETURNED
    assert [e.action for _, e in journal(kiosk).pending()] == ["check_in"]
    kiosk.close()


def test_a_reserved_copy_is_not_lent_offline(
    small: Small, kiosk: FailoverService, share: Share
) -> None:
    held = small.service.place_hold(P2, ISBN_TWO)  # the one copy is put aside
    assert held.outcome is Outcome.HOLD_PLACED
    journal(kiosk).refresh(small.library.database, small.clock.now())
    share.fail()
    refused = kiosk.check_out(P1, "10000003")
    assert refused.outcome is Outcome.RESERVED_FOR_OTHER
    assert refused.hold_for.card == "S0000002"
    assert kiosk.check_out(P1, ISBN_TWO).outcome is Outcome.RESERVED_FOR_OTHER
    assert kiosk.check_out(P2, "10000003").outcome is Outcome.CHECKED_OUT
    assert [e.card for _, e in journal(kiosk).pending()] == ["S0000002"]


def test_cards_and_books_are_not_confused_offline(
    small: Small, kiosk: FailoverService, share: Share
) -> None:
    share.fail()
    assert kiosk.check_out(P1, "S0000002").outcome is Outcome.NOT_A_BOOK
    assert kiosk.identify("10000003").outcome is Outcome.NOT_A_CARD
    assert kiosk.check_in("S0000002").outcome is Outcome.NOT_A_BOOK
    assert kiosk.check_in("12345").outcome is Outcome.UNKNOWN_BARCODE
    assert kiosk.offline
    assert kiosk.pending() == 0


@pytest.mark.parametrize(
    ("card", "outcome"),
    [
        ("S0000003", Outcome.CARD_SUSPENDED),
        ("S0000004", Outcome.CARD_LEFT),
        ("S0000005", Outcome.CARD_EXPIRED),
        ("S9999999", Outcome.UNKNOWN_CARD),
    ],
)
def test_blocked_cards_are_refused_offline(
    small: Small, kiosk: FailoverService, share: Share, card: str, outcome: Outcome
) -> None:
    share.fail()
    assert kiosk.identify(card).outcome is outcome


def test_loan_limit_counts_loans_from_the_snapshot(
    small: Small, kiosk: FailoverService, share: Share
) -> None:
    for barcode in ("10000001", "10000003", "10000005"):
        assert small.service.check_out(P1, barcode).ok
    journal(kiosk).refresh(small.library.database, small.clock.now())
    share.fail()
    refused = kiosk.check_out(P1, "10000002")
    assert refused.outcome is Outcome.LIMIT_REACHED
    assert (refused.count, refused.limit) == (3, 3)


def test_holds_wait_for_the_library(
    small: Small, kiosk: FailoverService, share: Share
) -> None:
    share.fail()
    assert kiosk.place_hold(P1, ISBN_TWO).outcome is Outcome.OFFLINE_NOT_ALLOWED


def test_retried_after_the_interval_then_replayed_in_order(
    small: Small, kiosk: FailoverService, share: Share
) -> None:
    small.service.check_out(P1, "10000001")
    journal(kiosk).refresh(small.library.database, small.clock.now())
    share.fail()
    kiosk.check_in("10000001")
    out_at = small.clock.now() + dt.timedelta(seconds=5)
    small.clock.advance(5)
    kiosk.check_out(P1, "10000001")  # the same copy again: order matters
    share.restore()
    small.clock.advance(RETRY - 10)
    kiosk.poll()
    assert kiosk.offline  # not tried again yet
    small.clock.advance(10)
    kiosk.poll()
    assert not kiosk.offline
    assert kiosk.pending() == 0
    loans = db.Loan.select().where(db.Loan.item == 1).order_by(db.Loan.id)
    assert [(ln.out_at, ln.returned_at is None) for ln in loans] == [
        (dt.datetime(2026, 11, 25, 10, 0), False),
        (out_at, True),
    ]
    assert loans[1].kiosk == "kiosk-1"
    assert loans[1].due == dt.date(2026, 12, 9)
    events = db.Event.select().where(db.Event.at >= dt.datetime(2026, 11, 25, 10))
    replayed = [(e.action, e.outcome) for e in events.order_by(db.Event.id)][-2:]
    assert replayed == [("check_in", "RETURNED"), ("check_out", "CHECKED_OUT")]
    assert kiosk.last_report.applied == 2


def test_replaying_twice_changes_nothing(
    small: Small, kiosk: FailoverService, share: Share
) -> None:
    share.fail()
    kiosk.check_out(P1, "10000003")
    kiosk.check_out(P1, ISBN_TWO)  # already on loan to them: not journaled
    share.restore()
    small.clock.advance(RETRY)
    kiosk.poll()
    assert not kiosk.offline
    before = (db.Loan.select().count(), db.Event.select().count())
    # As if the kiosk died before marking its journal: every entry comes again.
    journal(kiosk).database.execute_sql("UPDATE journal SET replayed_at = NULL")
    report = kiosk._replay()
    assert (report.applied, report.skipped) == (0, 1)
    assert (db.Loan.select().count(), db.Event.select().count()) == before
    assert db.JournalOp.select().count() == 1


def test_conflicts_are_applied_as_well_as_possible_and_reported(
    small: Small, kiosk: FailoverService, share: Share
) -> None:
    small.service.check_out(P2, "10000005")
    journal(kiosk).refresh(small.library.database, small.clock.now())
    share.fail()
    kiosk.check_out(P1, "10000003")  # lent at another kiosk meanwhile
    kiosk.check_out(P1, "10000001")  # the patron is suspended meanwhile
    kiosk.check_in("10000005")  # already returned at another kiosk
    share.restore()
    other = build_service(
        dataclasses.replace(
            small.settings,
            library=dataclasses.replace(small.settings.library, kiosk_id="kiosk-2"),
        ),
        small.store,
        small.clock,
    )
    assert other.check_out(P2, "10000003").outcome is Outcome.CHECKED_OUT
    assert other.check_in("10000005").outcome is Outcome.RETURNED
    db.Patron.update(status="suspended").where(db.Patron.id == P1).execute()
    small.clock.advance(RETRY)
    kiosk.poll()
    assert not kiosk.offline
    report = [
        (op.entry.action, op.entry.barcode, op.result, op.conflict)
        for op in replayed_ops(small.library.database, conflicts_only=True)
    ]
    assert report == [
        ("check_out", "10000003", "ON_LOAN_TO_OTHER", Conflict.LENT_ELSEWHERE),
        ("check_out", "10000001", "CHECKED_OUT", Conflict.PATRON_BLOCKED),
        ("check_in", "10000005", "NOT_ON_LOAN", Conflict.ALREADY_RETURNED),
    ]
    assert small.store.open_loan_of_item(3).patron_id == P2  # the first loan stands
    assert small.store.open_loan_of_item(1).patron_id == P1  # the book is out


def test_an_isbn_with_no_free_copy_left_is_a_conflict(
    small: Small, kiosk: FailoverService, share: Share
) -> None:
    share.fail()
    assert kiosk.check_out(P1, ISBN_TWO).outcome is Outcome.CHECKED_OUT
    share.restore()
    small.service.check_out(P2, "10000003")
    small.clock.advance(RETRY)
    kiosk.poll()
    [op] = replayed_ops(small.library.database, conflicts_only=True)
    assert (op.entry.scan, op.conflict) == (ISBN_TWO, Conflict.NO_COPY)


def test_a_journal_left_by_an_earlier_run_is_replayed_at_start(
    small: Small, tmp_path: Path, share: Share
) -> None:
    kiosk = failover(small, tmp_path)
    share.fail()
    kiosk.check_out(P1, "10000003")
    kiosk.close()
    share.restore()
    again = failover(small, tmp_path)  # the kiosk restarted
    assert not again.offline
    assert again.pending() == 0
    assert small.store.open_loan_of_item(3) is not None
    again.close()


def test_snapshot_and_retry_run_on_a_thread_of_their_own(
    small: Small, tmp_path: Path, share: Share
) -> None:
    kiosk = failover(small, tmp_path, background=True)
    assert kiosk.check_out(P1, "10000003").outcome is Outcome.CHECKED_OUT
    kiosk.wait_for_snapshot()
    assert journal(kiosk).snapshot_taken() == small.clock.now()
    small.clock.advance(small.settings.offline.snapshot_minutes * 60)
    kiosk.poll()  # the next one, with the loan just made
    kiosk.wait_for_snapshot()
    share.fail()
    assert kiosk.check_out(P2, "10000003").outcome is Outcome.ON_LOAN_TO_OTHER
    assert kiosk.offline
    share.restore()
    small.clock.advance(RETRY)
    kiosk.poll()  # the attempt to reach the library runs on a thread too
    kiosk.wait_for_probe()
    kiosk.poll()  # it found the library: back online, between two scans
    assert not kiosk.offline
    kiosk.close()


def test_a_snapshot_never_overwrites_offline_work(
    small: Small, kiosk: FailoverService, share: Share
) -> None:
    share.fail()
    kiosk.check_out(P1, "10000003")
    share.restore()
    with pytest.raises(StoreError, match="replayed first"):
        journal(kiosk).refresh(small.library.database, small.clock.now())
    assert journal(kiosk).store.open_loan_of_item(3).patron_id == P1


def test_a_long_journal_replays_in_batches(
    small: Small, kiosk: FailoverService, share: Share
) -> None:
    share.fail()
    for barcode in ("10000001", "10000003", "10000005"):
        kiosk.check_out(P1, barcode)
    kiosk.check_in("10000003")
    kiosk.check_out(P2, "10000003")
    share.restore()
    replayer = Replayer(small.store, small.service._classifier)
    report = replay_journal(
        journal(kiosk),
        small.library.database,
        small.store,
        replayer,
        small.clock.now(),
        batch=2,
    )
    assert (report.applied, len(report.conflicts)) == (5, 0)
    assert kiosk.pending() == 0
    assert small.store.open_loan_of_item(3).patron_id == P2
    assert len(small.store.open_loans_of_patron(P1)) == 2


def test_renewal_offline_is_replayed_with_its_due_date(
    small: Small, kiosk: FailoverService, share: Share
) -> None:
    kiosk.check_out(P1, "10000003")
    journal(kiosk).refresh(small.library.database, small.clock.now())
    small.clock.advance(days=7)
    share.fail()
    renewed = kiosk.renew(P1, "10000003")
    assert renewed.outcome is Outcome.RENEWED
    assert renewed.due == dt.date(2026, 12, 16)
    share.restore()
    small.clock.advance(RETRY)
    kiosk.poll()
    loan = small.store.open_loan_of_item(3)
    assert (loan.due, loan.renewals) == (dt.date(2026, 12, 16), 1)


def test_reserved_or_lost_meanwhile_is_reported(
    small: Small, kiosk: FailoverService, share: Share
) -> None:
    share.fail()
    kiosk.check_out(P1, "10000003")  # reserved by P2 meanwhile: lent, reported
    kiosk.check_out(P1, "10000001")  # marked lost meanwhile: not lent, reported
    share.restore()
    assert small.service.place_hold(P2, ISBN_TWO).outcome is Outcome.HOLD_PLACED
    db.Item.update(status="lost").where(db.Item.id == 1).execute()
    small.clock.advance(RETRY)
    kiosk.poll()
    report = [
        (op.entry.barcode, op.result, op.conflict)
        for op in replayed_ops(small.library.database, conflicts_only=True)
    ]
    assert report == [
        ("10000003", "CHECKED_OUT", Conflict.RESERVED),
        ("10000001", "NOT_FOR_LOAN", Conflict.NOT_LENDABLE),
    ]
    assert small.store.open_loan_of_item(3).patron_id == P1
    assert small.store.open_loan_of_item(1) is None
    # P2's hold waits again for the next copy back, instead of for one on loan.
    [hold] = small.store.active_holds_of_title(2)
    assert (hold.patron_id, hold.status.value, hold.item_id) == (P2, "waiting", None)


def test_replayed_entries_are_dropped_from_the_file_after_a_month(
    small: Small, kiosk: FailoverService, share: Share
) -> None:
    share.fail()
    kiosk.check_out(P1, "10000003")
    share.restore()
    small.clock.advance(RETRY)
    kiosk.poll()
    rows = "SELECT COUNT(*) FROM journal"
    assert journal(kiosk).database.execute_sql(rows).fetchone()[0] == 1
    small.clock.advance(days=31)
    kiosk.poll()  # the next snapshot
    assert journal(kiosk).database.execute_sql(rows).fetchone()[0] == 0
    assert db.JournalOp.select().count() == 1  # the library keeps it


@pytest.mark.parametrize("as_json", [False, True])
def test_the_console_says_when_it_works_offline_and_when_it_is_back(
    small: Small, kiosk: FailoverService, share: Share, as_json: bool
) -> None:
    """A console kiosk has no screen loop: it retries the library between scans."""
    small.service.check_out(P1, "10000001")
    journal(kiosk).refresh(small.library.database, small.clock.now())
    out = io.StringIO()

    def scans():
        share.fail()
        yield "10000001"  # returned offline, into the journal
        share.restore()
        small.clock.advance(RETRY)
        yield "10000001"  # the journal replays first: already returned

    console = ConsoleKiosk(
        kiosk, out, small.clock, lang="en", mode="returns", as_json=as_json, link=kiosk
    )
    assert console.run(scans()) == 0
    lines = out.getvalue().splitlines()
    if as_json:
        records = [json.loads(line) for line in lines]
        tags = [(r["outcome"], r.get("pending")) for r in records]
        assert tags == [
            ("OFFLINE", 1),
            ("RETURNED", None),
            ("ONLINE", 0),
            ("NOT_ON_LOAN", None),
        ]
    else:
        assert [line.split("]")[0] + "]" for line in lines] == [
            "[OFFLINE]",
            "[RETURNED]",
            "[ONLINE]",
            "[NOT_ON_LOAN]",
        ]
        assert "(1 waiting)" in lines[0]
    assert not kiosk.offline
    assert small.store.open_loan_of_item(1) is None


def test_a_slip_printed_offline_reaches_the_event_log_after_the_replay(
    small: Small, kiosk: FailoverService, share: Share
) -> None:
    journal(kiosk).refresh(small.library.database, small.clock.now())
    share.fail()
    small.clock.advance(60)
    printed_at = small.clock.now()
    slip = Event(printed_at, "kiosk-1", "print_slip", "SLIP_PRINTED", P1, None, "T-42")
    kiosk.record(slip)
    assert kiosk.offline
    [(_, entry)] = journal(kiosk).pending()
    assert (entry.action, entry.card, entry.scan, entry.shown, entry.at) == (
        "print_slip",
        "S0000001",
        "T-42",
        "SLIP_PRINTED",
        printed_at,
    )
    share.restore()
    small.clock.advance(RETRY)
    kiosk.poll()
    assert not kiosk.offline
    assert kiosk.pending() == 0
    assert (kiosk.last_report.applied, kiosk.last_report.conflicts) == (1, [])
    slips = db.Event.select().where(db.Event.action == "print_slip")
    assert [(e.at, e.kiosk, e.outcome, e.patron_id, e.scan) for e in slips] == [
        (printed_at, "kiosk-1", "SLIP_PRINTED", P1, "T-42")
    ]
    [op] = replayed_ops(small.library.database, conflicts_only=False)
    assert line(op.entry, op.result, op.conflict, "en").startswith(
        f"{printed_at:%Y-%m-%d %H:%M} kiosk-1 slip"
    )
    # Online again, a slip goes straight to the library's log.
    kiosk.record(dataclasses.replace(slip, scan="T-43"))
    assert kiosk.pending() == 0
    assert slips.count() == 2


def test_an_empty_mount_point_is_not_taken_for_the_library(
    small: Small, kiosk: FailoverService, share: Share
) -> None:
    """The share goes; its folder is there again but empty (not mounted).

    Retrying must not make a new library file there: the kiosk stays offline
    until the real file is back.
    """
    small.service.check_out(P1, "10000001")
    journal(kiosk).refresh(small.library.database, small.clock.now())
    share.fail()
    kiosk.check_in("10000001")
    assert kiosk.offline
    share.folder.mkdir()  # the mount point, with nothing mounted on it
    small.clock.advance(RETRY)
    kiosk.poll()
    assert kiosk.offline
    assert list(share.folder.iterdir()) == []
    share.folder.rmdir()
    share.restore()
    small.clock.advance(RETRY)
    kiosk.poll()
    assert not kiosk.offline
    assert kiosk.pending() == 0
    assert small.store.open_loan_of_item(1) is None


def test_the_replay_runs_off_the_screen_and_scans_made_meanwhile_follow(
    small: Small, tmp_path: Path, share: Share
) -> None:
    kiosk = failover(small, tmp_path, background=True)
    small.service.check_out(P1, "10000001")
    kiosk.poll()
    kiosk.wait_for_snapshot()
    share.fail()
    assert kiosk.check_in("10000001").outcome is Outcome.RETURNED
    assert kiosk.offline
    share.restore()
    started, release = threading.Event(), threading.Event()
    replay = kiosk._replay

    def slow_replay():  # a long journal: the replay takes its time
        report = replay()
        started.set()
        assert release.wait(30)
        return report

    kiosk._replay = slow_replay
    small.clock.advance(RETRY)
    kiosk.poll()  # starts the attempt and the replay on their own thread
    assert started.wait(30)
    # The screen is not held: a scan now is served offline and journaled.
    assert kiosk.check_out(P2, "10000001").outcome is Outcome.CHECKED_OUT
    assert kiosk.offline
    assert kiosk.pending() == 1  # the return is replayed; this waits
    release.set()
    kiosk.wait_for_probe()
    kiosk.poll()  # the first round is done, but a scan came meanwhile
    assert kiosk.offline
    kiosk.wait_for_probe()
    kiosk.poll()
    assert not kiosk.offline
    assert kiosk.pending() == 0
    loan = small.store.open_loan_of_item(1)
    assert loan is not None
    assert loan.patron_id == P2
    kiosk.close()


def test_calls_made_together_raise_when_the_library_goes_and_journal_alone(
    small: Small, kiosk: FailoverService, share: Share
) -> None:
    """A SIP2 batch shares one library transaction: nothing of it is journaled.

    When the library goes during the batch its commit fails, and each call,
    run again alone, goes to the journal.
    """
    with kiosk.together():
        assert kiosk.check_out(P1, "10000001").outcome is Outcome.CHECKED_OUT
    journal(kiosk).refresh(small.library.database, small.clock.now())
    share.fail()
    with pytest.raises(StoreError), kiosk.together():
        kiosk.check_in("10000001")
    assert not kiosk.offline  # not decided inside a batch
    assert kiosk.pending() == 0
    assert kiosk.check_in("10000001").outcome is Outcome.RETURNED  # alone
    assert kiosk.offline
    assert kiosk.pending() == 1
