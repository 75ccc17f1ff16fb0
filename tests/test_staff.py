"""The staff PIN: hashed with scrypt, five wrong tries lock it for minutes."""

from __future__ import annotations

import datetime as dt

from kiosk.clock import FixedClock
from kiosk.staff import LOCK_MINUTES, PinLock, check_pin, hash_pin
from tests.conftest import SCHOOL_DAY


def test_hash_is_scrypt_and_salted() -> None:
    first, second = hash_pin("2468"), hash_pin("2468")
    assert first.startswith("scrypt$")
    assert first != second
    assert "2468" not in first
    assert check_pin("2468", first)
    assert check_pin("2468", second)
    assert not check_pin("2469", first)


def test_garbage_stored_hash_never_matches() -> None:
    assert not check_pin("", "")
    assert not check_pin("1234", "md5$00$11")
    assert not check_pin("1234", "scrypt$zz$11")


def test_five_wrong_tries_lock_the_pad() -> None:
    clock = FixedClock(SCHOOL_DAY)
    lock = PinLock(hash_pin("2468"), clock)
    for left in (4, 3, 2, 1):
        assert lock.attempt("0000").tries_left == left
    locked = lock.attempt("0000")
    assert not locked.ok
    assert locked.locked_until == SCHOOL_DAY + dt.timedelta(minutes=LOCK_MINUTES)
    assert not lock.attempt("2468").ok  # even the right PIN, while locked
    clock.advance(LOCK_MINUTES * 60)
    assert lock.attempt("2468").ok


def test_a_right_pin_resets_the_count() -> None:
    lock = PinLock(hash_pin("2468"), FixedClock(SCHOOL_DAY))
    for _ in range(4):
        lock.attempt("1111")
    assert lock.attempt("2468").ok
    assert lock.attempt("1111").tries_left == 4
