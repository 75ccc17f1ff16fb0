"""One thread does the database work; requests waiting together share a commit.

SQLite takes one writer at a time, and each commit waits for the disk. With
twenty machines each waiting for its answer, the requests that arrive while
one batch is being written are run together next: each in its own savepoint
(the service's transaction, nested), then one commit for all of them, and only
then are their answers sent. A loan is still durable before its machine hears
of it; a request that fails rolls back alone; a commit that fails answers every
request of its batch with the refusal that says the library cannot be reached.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Generic, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")
MAX_BATCH = 64


@dataclass
class _Job(Generic[T]):
    work: Callable[[], T]
    failed: Callable[[], T]
    result: T | None = None
    ready: threading.Event = field(default_factory=threading.Event)


class Batches:
    """The database thread and its queue."""

    def __init__(
        self,
        transaction: Callable[[], AbstractContextManager[object]],
        done: Callable[[], None] = lambda: None,
        shared: Callable[[], bool] = lambda: True,
    ) -> None:
        self._transaction = transaction
        # False: each request runs alone (a server working from its journal).
        self._shared = shared
        self._done = done  # closes the thread's own database connection
        self._queue: queue.Queue[_Job | None] = queue.Queue()
        self._thread = threading.Thread(target=self._loop, name="sip2-db", daemon=True)
        self._thread.start()

    def run(self, work: Callable[[], T], failed: Callable[[], T]) -> T:
        """Do ``work`` in the next batch; ``failed()`` if its commit fails."""
        job: _Job[T] = _Job(work, failed)
        self._queue.put(job)
        job.ready.wait()
        return job.result  # type: ignore[return-value]

    def close(self) -> None:
        """Finish the work queued, then stop the thread."""
        self._queue.put(None)
        self._thread.join(30)

    def _loop(self) -> None:
        try:
            while (first := self._queue.get()) is not None:
                jobs = [first]
                stop = False
                while len(jobs) < MAX_BATCH:
                    try:
                        job = self._queue.get_nowait()
                    except queue.Empty:
                        break
                    if job is None:
                        stop = True
                        break
                    jobs.append(job)
                self._batch(jobs)
                if stop:
                    return
        finally:
            self._done()

    def _batch(self, jobs: list[_Job]) -> None:
        if not self._shared():
            for job in jobs:
                self._alone(job)
            return
        try:
            with self._transaction():
                for job in jobs:
                    try:
                        job.result = job.work()
                    except Exception:  # its own savepoint undid its writes
                        log.exception("sip2: a request failed in its batch")
                        job.result = job.failed()
        except Exception as e:  # the shared commit failed: nothing was recorded
            log.error(
                "sip2: a batch of %d requests was not committed: %s", len(jobs), e
            )
            for job in jobs:
                try:
                    job.result = job.failed()
                except Exception:
                    log.exception("sip2: no refusal could be made")
        for job in jobs:
            job.ready.set()

    def _alone(self, job: _Job) -> None:
        try:
            job.result = job.work()
        except Exception:
            log.exception("sip2: a request failed")
            job.result = job.failed()
        job.ready.set()
