"""The staff PIN: stored only as a scrypt hash; five wrong tries lock it a while.

Pupils stand at the kiosk all day; the PIN is all that keeps them out of the
staff menu and the desktop, so a guessing pupil must be slowed down and the
PIN must not be readable from the kiosk's files.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from kiosk.ports import Clock

MAX_TRIES = 5
LOCK_MINUTES = 5
_N, _R, _P = 2**14, 8, 1  # scrypt cost: ~50 ms per try, fine for a PIN pad


def hash_pin(pin: str, salt: bytes | None = None) -> str:
    """Return ``scrypt$<salt hex>$<hash hex>`` for storing."""
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    return f"scrypt${salt.hex()}${digest.hex()}"


def check_pin(pin: str, stored: str) -> bool:
    """Compare a typed PIN with a stored hash in constant time."""
    try:
        scheme, salt_hex, digest_hex = stored.split("$")
        salt = bytes.fromhex(salt_hex)
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    candidate = hash_pin(pin, salt).split("$")[2]
    return hmac.compare_digest(candidate, digest_hex)


@dataclass(frozen=True)
class PinResult:
    """What a PIN attempt did."""

    ok: bool
    locked_until: dt.datetime | None = None
    tries_left: int = MAX_TRIES


class PinLock:
    """Checks PIN attempts and locks after too many wrong ones."""

    def __init__(self, stored_hash: str, clock: Clock) -> None:
        self._stored = stored_hash
        self._clock = clock
        self._wrong = 0
        self._locked_until: dt.datetime | None = None

    def locked_until(self) -> dt.datetime | None:
        """Return when the lock ends, or None when PINs may be tried."""
        if self._locked_until and self._clock.now() >= self._locked_until:
            self._locked_until = None
            self._wrong = 0
        return self._locked_until

    def attempt(self, pin: str) -> PinResult:
        """Try a PIN; a locked pad refuses even the right one."""
        until = self.locked_until()
        if until is not None:
            return PinResult(False, until, 0)
        if check_pin(pin, self._stored):
            self._wrong = 0
            return PinResult(True)
        self._wrong += 1
        if self._wrong >= MAX_TRIES:
            self._locked_until = self._clock.now() + dt.timedelta(minutes=LOCK_MINUTES)
            return PinResult(False, self._locked_until, 0)
        return PinResult(False, None, MAX_TRIES - self._wrong)
