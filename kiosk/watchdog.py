"""Telling systemd the screen loop is alive (sd_notify, no library needed).

The unit says ``WatchdogSec=20``: systemd restarts the kiosk when no
``WATCHDOG=1`` came for 20 s, so a screen loop that hangs (a driver stuck, a
deadlock) is a restart rather than a frozen counter. The loop calls ``alive``
every frame; a message goes out at most every half interval. Without
``NOTIFY_SOCKET`` (a terminal, the tests' own supervisor aside) nothing is sent.
"""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Callable

DEFAULT_SECONDS = 10.0
"""How often to ping when systemd does not say (``WATCHDOG_USEC`` unset)."""


def notify(message: str) -> bool:
    """Send one sd_notify datagram; False when there is nobody to tell."""
    target = os.environ.get("NOTIFY_SOCKET", "")
    if not target:
        return False
    address = "\0" + target[1:] if target.startswith("@") else target
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
            sock.sendto(message.encode(), address)
    except OSError:
        return False
    return True


def interval() -> float:
    """Seconds between pings: half of systemd's ``WatchdogSec``."""
    try:
        return int(os.environ["WATCHDOG_USEC"]) / 2_000_000
    except (KeyError, ValueError):
        return DEFAULT_SECONDS


class Watchdog:
    """READY once the screens show, WATCHDOG while they keep drawing, STOPPING."""

    def __init__(
        self,
        every: float | None = None,
        send: Callable[[str], bool] = notify,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._every = interval() if every is None else every
        self._send = send
        self._clock = clock
        self._last: float | None = None

    def ready(self) -> None:
        """The first frame is on the screen."""
        self._send("READY=1")
        self._ping()

    def alive(self) -> None:
        """Called every frame: ping when half the watchdog interval has passed."""
        if self._last is None or self._clock() - self._last >= self._every:
            self._ping()

    def stopping(self) -> None:
        """A clean stop: systemd must not count it as a hang."""
        self._send("STOPPING=1")

    def _ping(self) -> None:
        self._send("WATCHDOG=1")
        self._last = self._clock()
