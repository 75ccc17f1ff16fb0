"""The camera path for the screens: capture, decode and consensus off the UI thread.

The screen must draw at 30 frames a second while a frame takes 5-20 ms to
decode, so decoding runs in its own thread. The screen takes finished scans
from a queue and, for the preview, the newest frame with the codes found in it.
"""

from __future__ import annotations

import logging
import queue
import threading
from dataclasses import dataclass

from kiosk.scan.capture import Capture
from kiosk.scan.events import Decoded, Frame, ScanEvent, SourceState
from kiosk.scan.scanner import Scanner

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Preview:
    """The newest frame and what the decoder saw in it."""

    frame: Frame | None
    found: tuple[Decoded, ...]
    state: SourceState


class LiveScanner:
    """Runs a ``Scanner`` on a ``Capture`` in a worker thread."""

    def __init__(self, capture: Capture, scanner: Scanner) -> None:
        self._capture = capture
        self._scanner = scanner
        self._events: queue.SimpleQueue[ScanEvent] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._preview = Preview(None, (), SourceState.STARTING)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="scan", daemon=True)
        self.decoded_frames = 0

    def start(self) -> LiveScanner:
        """Start capturing and decoding."""
        self._capture.start()
        self._thread.start()
        return self

    def close(self) -> None:
        """Stop the worker and the camera."""
        self._stop.set()
        self._thread.join(timeout=2)
        self._capture.close()

    def events(self) -> list[ScanEvent]:
        """Take the scans finished since the last call."""
        taken = []
        while True:
            try:
                taken.append(self._events.get_nowait())
            except queue.Empty:
                return taken

    def preview(self) -> Preview:
        """The newest frame, its codes, and the camera's state."""
        with self._lock:
            return Preview(
                self._preview.frame, self._preview.found, self._capture.state
            )

    def _run(self) -> None:
        while not self._stop.is_set():
            frame = self._capture.latest(timeout=0.2)
            if frame is None:
                continue
            try:
                events = self._scanner.feed(frame)
            except Exception:  # the camera path must never take the kiosk down
                log.exception("decoding a frame failed")
                continue
            self.decoded_frames += 1
            with self._lock:
                self._preview = Preview(
                    frame, tuple(self._scanner.last_decoded), self._capture.state
                )
            for event in events:
                self._events.put(event)
