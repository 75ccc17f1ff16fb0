"""Requests that wait together share one commit; a failure stays with its request."""

from __future__ import annotations

import contextlib
import threading

from kiosk.sip2.batches import Batches


def test_requests_waiting_together_share_one_commit() -> None:
    commits: list[list[str]] = []
    open_batch: list[str] = []

    @contextlib.contextmanager
    def transaction():
        open_batch.clear()
        yield
        commits.append(list(open_batch))

    batches = Batches(transaction)
    first_running, go = threading.Event(), threading.Event()

    def slow() -> str:
        first_running.set()
        assert go.wait(10)
        open_batch.append("first")
        return "first"

    answers: dict[str, str] = {}
    threads = [
        threading.Thread(target=lambda: answers.update(a=batches.run(slow, str)))
    ]
    threads[0].start()
    assert first_running.wait(10)
    for n in range(9):  # these arrive while the first batch is being written
        name = f"r{n}"

        def work(name: str = name) -> str:
            open_batch.append(name)
            return name

        thread = threading.Thread(
            target=lambda w=work, k=name: answers.update({k: batches.run(w, str)})
        )
        thread.start()
        threads.append(thread)
    while batches._queue.qsize() < 9:
        threading.Event().wait(0.01)
    go.set()
    for thread in threads:
        thread.join(10)
    batches.close()
    assert commits[0] == ["first"]
    assert sorted(commits[1]) == sorted(f"r{n}" for n in range(9))  # one commit
    assert len(commits) == 2
    assert answers["a"] == "first"
    assert answers["r3"] == "r3"


def test_a_failed_commit_answers_every_request_of_its_batch_with_the_refusal() -> None:
    @contextlib.contextmanager
    def transaction():
        yield
        raise OSError("disk full")

    batches = Batches(transaction)
    try:
        assert batches.run(lambda: "lent", lambda: "not recorded") == "not recorded"
    finally:
        batches.close()


def test_a_request_that_raises_fails_alone() -> None:
    batches = Batches(contextlib.nullcontext)

    def broken() -> str:
        raise RuntimeError("a bug")

    try:
        assert batches.run(broken, lambda: "refused") == "refused"
        assert batches.run(lambda: "fine", lambda: "refused") == "fine"
    finally:
        batches.close()


def test_a_server_working_from_its_journal_runs_each_request_alone() -> None:
    opened: list[str] = []
    online = threading.Event()

    @contextlib.contextmanager
    def transaction():
        opened.append("batch")
        yield

    batches = Batches(transaction, shared=online.is_set)
    try:
        assert batches.run(lambda: "journaled", lambda: "no") == "journaled"
        assert opened == []  # no library transaction while offline
        online.set()
        assert batches.run(lambda: "lent", lambda: "no") == "lent"
        assert opened == ["batch"]
    finally:
        batches.close()
