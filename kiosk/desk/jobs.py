"""Long desk work in a background thread, with a progress the page can poll.

Checking a 3,000-pupil roster or a supplier's list takes seconds; a browser
should show a progress bar meanwhile, not a frozen page. A job runs the same
function the command line runs, handing it a ``progress`` wrapper (the
command line's progress-bar hook) that counts the rows as they are checked.
Jobs live in the desk's memory: a restart forgets them, and nothing was
written by then (writing waits for Confirm).
"""

from __future__ import annotations

import logging
import secrets
import shutil
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

KEEP_SECONDS = 3600.0
"""An upload nobody confirmed is dropped (file and all) after this long."""


@dataclass
class Job:
    """One upload being checked, then shown, then confirmed (or dropped)."""

    id: str
    kind: str
    owner: str
    name: str  # the uploaded file's own name, for messages
    folder: Path  # owner-only scratch folder holding the upload
    started: float = field(default_factory=time.monotonic)
    total: int = 0
    done: int = 0
    result: Any = None
    error: str = ""
    finished: bool = False
    confirmed: bool = False
    form: dict[str, str] = field(default_factory=dict)  # what came with the upload
    saved: dict[str, Any] = field(default_factory=dict)  # what Confirm saved
    lock: threading.Lock = field(default_factory=threading.Lock)

    def progress(self, items: Iterable[Any]) -> Iterator[Any]:
        """Count the rows as the checking function walks them."""
        rows = list(items)
        self.total = len(rows)
        for n, row in enumerate(rows, start=1):
            yield row
            self.done = n

    @property
    def percent(self) -> int:
        """How far the checking is, 0-100."""
        if self.finished:
            return 100
        return int(100 * self.done / self.total) if self.total else 0

    def drop(self) -> None:
        """Delete the uploaded file: after Confirm, or when it is forgotten."""
        shutil.rmtree(self.folder, ignore_errors=True)


class Jobs:
    """The desk's running and finished jobs, by id, each visible to its owner only."""

    def __init__(self) -> None:
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()

    def start(
        self,
        kind: str,
        owner: str,
        name: str,
        folder: Path,
        work: Callable[[Job], Any],
        explain: Callable[[Exception], str | None],
    ) -> Job:
        """Run ``work(job)`` in a thread; its return value becomes ``job.result``.

        ``explain`` turns an expected failure into one line for the page (None
        for an unexpected one, which is logged and reported plainly).
        """
        self._forget_old()
        job = Job(secrets.token_urlsafe(12), kind, owner, name, folder)
        with self._lock:
            self._jobs[job.id] = job

        def run() -> None:
            try:
                job.result = work(job)
            except Exception as e:  # the page must say so, never hang polling
                message = explain(e)
                if message is None:
                    log.exception("desk job %s (%s) failed", job.id, kind)
                job.error = message or "unexpected"
                job.drop()
            finally:
                job.finished = True

        threading.Thread(target=run, name=f"desk {kind}", daemon=True).start()
        return job

    def get(self, job_id: str, owner: str, kind: str) -> Job | None:
        """The job, if it is this user's and of this kind."""
        with self._lock:
            job = self._jobs.get(job_id)
        if job is None or job.owner != owner or job.kind != kind:
            return None
        return job

    def _forget_old(self) -> None:
        now = time.monotonic()
        with self._lock:
            old = [j for j in self._jobs.values() if now - j.started > KEEP_SECONDS]
            for job in old:
                del self._jobs[job.id]
        for job in old:
            job.drop()
