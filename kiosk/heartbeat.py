"""The kiosk's heartbeat: a row in the library saying "this kiosk is alive".

Written when a kiosk starts and every minute (on a thread of its own, so a
kiosk waiting for a scan still beats), it tells the desk's dashboard which
kiosks are online, which work offline from their journal and how much waits
to be synchronised. A heartbeat never stops or slows a kiosk: offline it is
skipped, and a failed write is logged once per outage.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable

from kiosk.ports import Clock, Link

log = logging.getLogger(__name__)

INTERVAL_SECONDS = 60

Write = Callable[..., None]
"""``write(kiosk, *, now, started_at, online, backlog, mode, printer, camera)``."""


class Devices:
    """How the printer and camera are, for the heartbeat to report.

    The parts that know fill it in once they exist (the slip desk, the live
    scanner); until then, and on a kiosk without them, both say "none".
    """

    def __init__(self) -> None:
        self.printer: Callable[[], str] = lambda: "none"
        self.camera: Callable[[], str] = lambda: "none"
        self.changed: Callable[[], None] = lambda: None

    def set(
        self,
        *,
        printer: Callable[[], str] | None = None,
        camera: Callable[[], str] | None = None,
    ) -> None:
        """Say where the states come from now; the heartbeat reports them soon."""
        if printer is not None:
            self.printer = printer
        if camera is not None:
            self.camera = camera
        self.changed()

    def report(self) -> dict[str, str]:
        """The two states; a part that fails to say is "error", never a crash."""
        said = {}
        for name in ("printer", "camera"):
            try:
                said[name] = str(getattr(self, name)())
            except Exception:  # a device must never stop the heartbeat
                said[name] = "error"
        return said


class Heartbeat:
    """Beats when due (``tick``), or every interval on a daemon thread (``start``).

    Args:
        write: Writes the kiosk's row (``kiosk.db.dashboard.beat`` on a database).
        clock: The time written as ``last_seen`` and used by ``tick``.
        kiosk_id: The kiosk's id from the config.
        link: The store-and-forward link, if any: offline, nothing is written;
            online, its ``pending()`` is the backlog shown on the dashboard.
        mode_of: The kiosk's current mode (checkout, returns, ...).
        devices: The printer's and camera's states, as they are at each beat.
        interval: Seconds between beats.
        errors: What a failed write raises (``kiosk.db.health.UNREACHABLE``):
            logged once per outage at WARNING and otherwise ignored.
    """

    def __init__(
        self,
        write: Write,
        clock: Clock,
        kiosk_id: str,
        *,
        link: Link | None = None,
        mode_of: Callable[[], str] = lambda: "",
        devices: Devices | None = None,
        interval: float = INTERVAL_SECONDS,
        errors: tuple[type[Exception], ...] = (Exception,),
    ) -> None:
        self._write = write
        self._clock = clock
        self._kiosk = kiosk_id
        self._link = link
        self._mode_of = mode_of
        self._devices = devices or Devices()
        self._devices.changed = self.nudge
        self._interval = dt.timedelta(seconds=interval)
        self._errors = errors
        self._started = clock.now()
        self._last: dt.datetime | None = None
        self._failing = False
        self._stopped = False
        self._pending = False
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None

    def tick(self) -> bool:
        """Beat if ``interval`` has passed since the last attempt; return if it wrote.

        A failed write counts as an attempt (the next try waits its turn), a
        beat skipped offline does not (back online, the next tick writes).
        """
        now = self._clock.now()
        if self._last is not None and now - self._last < self._interval:
            return False
        return self.beat()

    def beat(self) -> bool:
        """Write the heartbeat now, unless offline; return whether it wrote."""
        if self._link is not None and self._link.offline:
            return False  # the library cannot be reached: nothing to write to
        now = self._clock.now()
        self._last = now
        try:
            self._write(
                self._kiosk,
                now=now,
                started_at=self._started,
                online=True,
                backlog=self._link.pending() if self._link is not None else 0,
                mode=self._mode_of(),
                **self._devices.report(),
            )
        except self._errors as e:
            if not self._failing:
                log.warning("heartbeat not written (%s); the kiosk goes on", e)
            self._failing = True
            return False
        if self._failing:
            log.info("heartbeat written again")
        self._failing = False
        return True

    def start(self) -> Heartbeat:
        """Beat now and then every interval, on a daemon thread."""
        self._thread = threading.Thread(target=self._run, name="heartbeat", daemon=True)
        self._thread.start()
        return self

    def nudge(self) -> None:
        """Beat on the thread now rather than at the minute (a device changed)."""
        self._pending = True
        self._wake.set()

    def stop(self) -> None:
        """Stop the thread (the dashboard shows the kiosk silent after a while)."""
        self._stopped = True
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _run(self) -> None:
        # The thread's own wait times the beats, not the injected clock: a
        # wall clock set back (or slewed) by NTP must not skip one.
        while True:
            self._pending = False
            try:
                self.beat()
            except Exception as e:
                # Not an outage but a fault: still never the kiosk's problem.
                if not self._failing:
                    log.error("heartbeat failed: %s", e)
                    log.debug("heartbeat failure", exc_info=True)
                self._failing = True
            # A device set before the stop is still said: the stop is read
            # first, and the change (made before it) is then seen pending.
            stopped = self._stopped
            if self._pending:
                continue
            if stopped:
                return
            self._wake.wait(self._interval.total_seconds())
            self._wake.clear()
            stopped = self._stopped
            if stopped and not self._pending:
                return
