"""The thread that reads a frame source and keeps only the newest frame.

A pupil waves a book past the camera and expects a beep now, not after a backlog
of old frames has been decoded. So :class:`Capture` reads a
:class:`~kiosk.ports.FrameSource` (see :mod:`kiosk.scan.sources`) in a worker
thread and keeps only the newest frame. An unplugged camera is an everyday event
at a kiosk, not a bug: the worker reports ``UNAVAILABLE`` (the screen points to
the hand scanner) while it quietly retries.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import TYPE_CHECKING, Any, TypeVar

from kiosk.scan.events import Frame, SourceState

if TYPE_CHECKING:
    from collections.abc import Callable
    from types import TracebackType

    from kiosk.ports import FrameSource

log = logging.getLogger(__name__)

_T = TypeVar("_T")


class Capture:
    """Reads a frame source in a daemon thread and keeps only the newest frame.

    Decoding is slower than a camera, so a queue would fall further behind every
    second; a one-slot buffer means the decoder always works on what is in front
    of the camera now. Frames overwritten before anyone took them are counted
    in ``dropped``.

    Args:
        source: the camera, video or folder to read.
        fps: pace of sources that have none of their own (videos, folders).
        paced: False reads videos and folders as fast as possible (benchmarks).
        reopen_seconds: pause between attempts to reopen a failed source.
        max_failures: consecutive failed reads that make a source unavailable.
    """

    def __init__(
        self,
        source: FrameSource,
        *,
        fps: int = 30,
        paced: bool = True,
        reopen_seconds: float = 3.0,
        max_failures: int = 5,
    ) -> None:
        self.source = source
        self.dropped = 0
        self._period = 1.0 / fps
        self._paced = paced and not getattr(source, "realtime", False)
        self._reopen_seconds = reopen_seconds
        self._max_failures = max_failures
        self._changed = threading.Condition()
        self._state = SourceState.STARTING
        self._frame: Frame | None = None
        self._seen = -1
        self._captured = 0
        self._last_error = ""
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> Capture:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def state(self) -> SourceState:
        """What the screen should say about the camera."""
        with self._changed:
            return self._state

    @property
    def captured(self) -> int:
        """How many frames the source has delivered so far."""
        with self._changed:
            return self._captured

    def start(self) -> Capture:
        """Start the worker thread (once); return self for chaining."""
        if self._thread is None and not self._stop.is_set():
            self._thread = threading.Thread(
                target=self._run, name=f"capture {self.source!r}", daemon=True
            )
            self._thread.start()
        return self

    def latest(self, timeout: float | None = None) -> Frame | None:
        """Return the newest frame not yet returned, waiting up to ``timeout``.

        Returns:
            The frame, or None if none came in time or the source has ended or
            been closed (check ``state`` to tell which).
        """
        with self._changed:
            self._changed.wait_for(self._has_news_or_done, timeout)
            frame = self._frame
            if frame is None or frame.index <= self._seen:
                return None
            self._seen = frame.index
            return frame

    def wait_state(self, state: SourceState, timeout: float | None = None) -> bool:
        """Wait until the source reaches ``state``; False if it did not in time."""
        with self._changed:
            return self._changed.wait_for(lambda: self._state is state, timeout)

    def close(self, timeout: float = 2.0) -> None:
        """Stop the worker and release the source."""
        self._stop.set()
        thread = self._thread
        if thread is None:
            self._attempt(self.source.close, None)
        else:
            thread.join(timeout)
            if thread.is_alive():
                # A blocked camera read; the daemon releases it once it returns.
                log.warning(
                    "Frame source %r did not stop in %s s", self.source, timeout
                )
        with self._changed:
            self._state = SourceState.CLOSED
            self._changed.notify_all()

    def _has_news_or_done(self) -> bool:
        fresh = self._frame is not None and self._frame.index > self._seen
        return fresh or self._state in (SourceState.ENDED, SourceState.CLOSED)

    def _run(self) -> None:
        while not self._stop.is_set():
            if self._attempt(self.source.open, False) and self._pump():
                self._set_state(SourceState.ENDED)
                break
            self._attempt(self.source.close, None)
            if self._stop.is_set():
                break
            self._lost()
            self._stop.wait(self._reopen_seconds)
        self._attempt(self.source.close, None)

    def _pump(self) -> bool:
        """Read frames until the source ends (True), fails or is stopped (False)."""
        failures = 0
        due = time.monotonic()
        while not self._stop.is_set():
            image = self._attempt(self.source.read, None)
            if image is not None:
                failures = 0
                self._publish(image)
                due = self._pace(due)
            elif getattr(self.source, "ended", False):
                return True
            else:
                failures += 1
                if failures >= self._max_failures:
                    return False
        return False

    def _pace(self, due: float) -> float:
        """Hold a video or folder to ``fps`` so it plays like a camera."""
        if not self._paced:
            return due
        due += self._period
        delay = due - time.monotonic()
        if delay <= 0:
            return time.monotonic()  # fell behind: carry on, do not burst to catch up
        self._stop.wait(delay)
        return due

    def _publish(self, image: Any) -> None:
        with self._changed:
            if self._state is SourceState.CLOSED:
                return
            if self._frame is not None and self._frame.index > self._seen:
                self.dropped += 1
            self._frame = Frame(image, self._captured, time.monotonic())
            self._captured += 1
            back = self._state is not SourceState.LIVE
            self._state = SourceState.LIVE
            self._changed.notify_all()
        if back:
            self._last_error = ""
            log.info("Frame source %r is live", self.source)

    def _lost(self) -> None:
        """Mark the source unavailable, warning once per outage, not per retry."""
        with self._changed:
            if self._state in (SourceState.UNAVAILABLE, SourceState.CLOSED):
                return
            self._state = SourceState.UNAVAILABLE
            self._changed.notify_all()
        log.warning(
            "Frame source %r is unavailable; retrying every %s s",
            self.source,
            self._reopen_seconds,
        )

    def _set_state(self, state: SourceState) -> None:
        with self._changed:
            if self._state is not SourceState.CLOSED:
                self._state = state
                self._changed.notify_all()

    def _attempt(self, call: Callable[[], _T], default: _T) -> _T:
        """Call into the source; any exception counts as a failure, never a crash."""
        try:
            return call()
        except Exception as exc:  # the worker must outlive any fault in a source
            text = f"{type(exc).__name__}: {exc}"
            level = logging.DEBUG if text == self._last_error else logging.WARNING
            self._last_error = text
            log.log(level, "Frame source %r failed: %s", self.source, text)
            log.debug("Traceback of the frame source failure", exc_info=exc)
            return default
