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
"""``write(kiosk, *, now, started_at, online, backlog, mode)``: one row per kiosk."""


class Heartbeat:
    """Beats when due (``tick``), or every minute on a thread (``start``)."""

    def __init__(
        self,
        write: Write,
        clock: Clock,
        kiosk_id: str,
        *,
        link: Link | None = None,
        mode_of: Callable[[], str] = lambda: "",
        interval: float = INTERVAL_SECONDS,
        errors: tuple[type[Exception], ...] = (Exception,),
    ) -> None:
        self._write = write
        self._clock = clock
        self._kiosk = kiosk_id
        self._link = link
        self._mode_of = mode_of
        self._interval = dt.timedelta(seconds=interval)
        self._errors = errors
        self._started = clock.now()
        self._last: dt.datetime | None = None
        self._failing = False
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def tick(self) -> bool:
        """Write the heartbeat if a minute has passed; return whether it wrote."""
        now = self._clock.now()
        if self._last is not None and now - self._last < self._interval:
            return False
        if self._link is not None and self._link.offline:
            return False  # the library cannot be reached: nothing to write to
        try:
            self._write(
                self._kiosk,
                now=now,
                started_at=self._started,
                online=True,
                backlog=self._link.pending() if self._link is not None else 0,
                mode=self._mode_of(),
            )
        except self._errors as e:
            if not self._failing:
                log.warning("heartbeat not written (%s); the kiosk goes on", e)
            self._failing = True
            return False
        self._failing = False
        self._last = now
        return True

    def start(self) -> Heartbeat:
        """Beat now and then every interval, on a daemon thread."""

        def run() -> None:
            while True:
                self.tick()
                if self._stop.wait(self._interval.total_seconds()):
                    return

        self._thread = threading.Thread(target=run, name="heartbeat", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop the thread (the dashboard shows the kiosk silent after a while)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
