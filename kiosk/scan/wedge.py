"""Tell a USB hand scanner from a person at the keyboard.

A "keyboard wedge" scanner pretends to be a keyboard: it types the code and then
Enter, a few milliseconds per key. People type ten times slower. The kiosk needs
both: a scan starts a loan, while slow typing belongs in a text box (the PIN pad,
manual barcode entry). The detector only looks at key times, so it is pure logic:
the screens turn pygame key events into calls to :class:`WedgeDetector`.
"""

from __future__ import annotations

from kiosk.scan.events import ScanEvent


class WedgeDetector:
    """Splits keystrokes into scanner bursts and human typing.

    A *burst* is a run of keys each at most ``max_gap_ms`` after the one before.
    A key that comes later than that breaks the burst: what was buffered becomes
    typed text and the late key starts a new burst. So when a person types and
    then a scanner fires, only the scanner's fast suffix is the scan; when a
    person interrupts a burst, nothing is lost, it all becomes typed text.

    Args:
        max_gap_ms: the slowest gap between two scanner keys.
        min_length: the shortest code a scanner types; shorter fast bursts are a
            person who happened to press a few keys together.
    """

    def __init__(self, max_gap_ms: int = 50, min_length: int = 4) -> None:
        self.max_gap = max_gap_ms / 1000
        # Some scanners pause before the Enter suffix (it is sent as a separate
        # USB report, or after an internal "good read" beep), so the last gap is
        # allowed to be twice as long. People still miss it by a wide margin.
        self.enter_gap = 2 * self.max_gap
        self.min_length = min_length
        self._burst: list[str] = []
        self._typed: list[str] = []
        self._last_at: float | None = None

    def key(self, char: str, at: float) -> None:
        """Record a printable key typed at monotonic time ``at`` (seconds).

        An empty string (a key without text) is ignored. Several characters at
        once (an input method committing a word) are typed by a person, since a
        scanner sends one key at a time.
        """
        if not char:
            return
        if len(char) > 1:
            self._settle()
            self._typed.append(char)
            self._last_at = None
            return
        if not self._continues_burst(at):
            self._settle()
        self._burst.append(char)
        self._last_at = at

    def enter(self, at: float) -> ScanEvent | None:
        """Handle Enter: return the scan it completes, or None for human input.

        After None, the person's text (including any broken burst) is waiting in
        :meth:`take_typed`.
        """
        last_at, burst = self._last_at, "".join(self._burst)
        self._burst, self._last_at = [], None
        fast_enough = last_at is not None and at - last_at <= self.enter_gap
        if fast_enough and len(burst) >= self.min_length:
            return ScanEvent(burst, symbology="wedge", origin="wedge", at=at)
        self._typed.append(burst)
        return None

    def backspace(self, at: float) -> None:
        """Remove the last typed character.

        Scanners never type Backspace, so it always ends a burst, whatever ``at``.
        """
        self._settle()
        self._last_at = None
        typed = "".join(self._typed)[:-1]
        self._typed = [typed] if typed else []

    def take_typed(self, now: float | None = None) -> str:
        """Return and clear the text a person has typed.

        A key is held back until the detector knows it is not the start of a
        scan. Pass ``now`` to release keys that can no longer become one (no
        Enter came in time), so a text box can echo typing as it happens.
        """
        if (
            now is not None
            and self._last_at is not None
            and now - self._last_at > self.enter_gap
        ):
            self._settle()
        typed = "".join(self._typed)
        self._typed = []
        return typed

    def _continues_burst(self, at: float) -> bool:
        return self._last_at is not None and at - self._last_at <= self.max_gap

    def _settle(self) -> None:
        """Move the current burst into the typed text: it was not a scan."""
        self._typed.extend(self._burst)
        self._burst = []
