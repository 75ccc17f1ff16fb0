"""At start-up: end the pupil's session a killed kiosk left open, and print its slip.

The loans of that session are committed (each scan commits before the screen
answers); what a SIGKILL, a power cut or a watchdog restart loses is the end of
the session and its slip. The restarted kiosk finds the session in the event
log, logs its end first and then prints the slip: a second restart finds the
session ended, so the slip is never printed twice.
"""

from __future__ import annotations

import logging
from typing import Protocol

from kiosk.circulation.model import Patron
from kiosk.circulation.outcomes import Result
from kiosk.errors import KioskError
from receipts.desk import SlipDesk

log = logging.getLogger(__name__)


class Sessions(Protocol):
    """The part of the circulation service this needs."""

    def unfinished_session(self) -> tuple[Patron, tuple[Result, ...]] | None:
        """The session this kiosk left open, with its results."""
        ...

    def end_session(self, patron_id: int | None) -> Result:
        """Record that a session ended."""
        ...


def finish_interrupted_session(
    service: Sessions, slips: SlipDesk | None, lang: str
) -> Patron | None:
    """End the session left open before a restart; return its patron, if any.

    Never stops the kiosk from starting: a database that cannot be read now
    leaves the session as it is (logged), for the next start.
    """
    try:
        found = service.unfinished_session()
        if found is None:
            return None
        patron, results = found
        service.end_session(patron.id)
    except KioskError as e:
        log.warning("could not look for a session left open: %s", e)
        return None
    log.warning(
        "the kiosk stopped during patron %s's session: ended now (%d scans)",
        patron.id,
        len(results),
    )
    if slips is not None:
        slip = slips.session_slip(patron, results, lang)
        if slip.recorded:
            slips.issue(slip)
    return patron
