"""At start-up: end the session a killed kiosk left open, and print its slip.

The loans of that session are committed (each scan commits before the screen
answers); what a SIGKILL, a power cut or a watchdog restart loses is the end of
the session and its slip. The restarted kiosk finds the session in the event
log, logs its end first and then prints the slip: a second restart finds the
session ended, so the slip is never printed twice. A class session is found
the same way (its start is logged) and gets its class slip, not a pupil's.
"""

from __future__ import annotations

import logging
from typing import Protocol

from kiosk.circulation.model import Event, Patron
from kiosk.circulation.outcomes import Result
from kiosk.circulation.service import CLASS_END, RosterLine
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

    def unfinished_class(self) -> tuple[str, tuple[Result, ...]] | None:
        """The class session this kiosk left open, with its results."""
        ...

    def class_event(self, action: str, class_name: str) -> Event:
        """The event that ends a class session."""
        ...

    def record(self, event: Event) -> None:
        """Log an event."""
        ...

    def roster(self, class_name: str) -> list[RosterLine]:
        """A class's students and their loans now."""
        ...


def finish_interrupted_session(
    service: Sessions, slips: SlipDesk | None, lang: str
) -> Patron | None:
    """End the session left open before a restart; return its patron, if any.

    Never stops the kiosk from starting: a database that cannot be read now
    leaves the session as it is (logged), for the next start.
    """
    _finish_interrupted_class(service, slips, lang)
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


def _finish_interrupted_class(
    service: Sessions, slips: SlipDesk | None, lang: str
) -> None:
    """End the class session left open and print its class slip, once."""
    try:
        found = service.unfinished_class()
        if found is None:
            return
        class_name, results = found
        service.record(service.class_event(CLASS_END, class_name))
        roster = service.roster(class_name)
    except KioskError as e:
        log.warning("could not look for a class session left open: %s", e)
        return
    log.warning(
        "the kiosk stopped during the class session of %s: ended now (%d steps)",
        class_name,
        len(results),
    )
    if slips is not None and results:
        slips.issue(slips.class_slip(class_name, roster, results, lang))
