"""Accession series: two librarians at once never get the same number.

Each test runs on a SQLite file and on a real PostgreSQL server, with separate
connections (and threads) as two admin commands would have.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import peewee
import pytest

from kiosk.db.catalogue import allocate, peek
from kiosk.db.store import open_database, open_postgres

Opener = Callable[[], peewee.Database]


@pytest.fixture(params=["sqlite", "postgresql"])
def connect(request: pytest.FixtureRequest, tmp_path) -> Iterator[Opener]:
    """Open a new, separate connection to one library each time it is called."""
    if request.param == "postgresql":
        url = request.getfixturevalue("postgres").new_database()

        def opener() -> peewee.Database:
            return open_postgres(url)
    else:
        path = tmp_path / "library.sqlite3"

        def opener() -> peewee.Database:
            return open_database(path)

    opened: list[peewee.Database] = []

    def tracked() -> peewee.Database:
        opened.append(opener())
        return opened[-1]

    yield tracked
    for database in opened:
        database.close()


def take(database: peewee.Database, count: int) -> list[int]:
    first = allocate(database, "", 8, 1, count)
    return list(range(first, first + count))


def in_thread(database: peewee.Database, count: int) -> list[int]:
    """Take numbers on this thread's own connection, then close it."""
    try:
        return take(database, count)
    finally:
        database.close()


def test_two_connections_take_turns_without_overlap(connect: Opener) -> None:
    a, b = connect(), connect()
    assert take(a, 3) == [1, 2, 3]
    assert take(b, 2) == [4, 5]
    assert take(a, 1) == [6]
    assert peek(b, "", 8, 1) == 7


def test_a_second_librarian_waits_for_the_first_to_commit(connect: Opener) -> None:
    a, b = connect(), connect()
    taken_by_b: list[int] = []
    with a.atomic():
        first_batch = take(a, 5)
        other = threading.Thread(target=lambda: taken_by_b.extend(in_thread(b, 4)))
        other.start()
        # B is held at the lock: A can still take more before it commits.
        second_batch = take(a, 2)
    other.join()
    assert first_batch + second_batch == list(range(1, 8))
    assert taken_by_b == [8, 9, 10, 11]


class ImportFailedError(Exception):
    pass


def test_a_rolled_back_import_gives_its_numbers_back(connect: Opener) -> None:
    a, b = connect(), connect()
    taken: list[int] = []

    def import_that_fails() -> None:
        with a.atomic():
            taken.extend(take(a, 3))
            raise ImportFailedError

    with pytest.raises(ImportFailedError):
        import_that_fails()
    assert taken == [1, 2, 3]
    assert take(b, 1) == [1]


def test_four_threads_hand_out_every_number_once(connect: Opener) -> None:
    connections = [connect() for _ in range(4)]
    taken: list[list[int]] = [[] for _ in connections]

    def work(index: int) -> None:
        for n in range(20):
            taken[index] += take(connections[index], 1 + (n + index) % 3)
        connections[index].close()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    numbers = sorted(n for mine in taken for n in mine)
    assert numbers == list(range(1, len(numbers) + 1))
    assert len(numbers) == sum(1 + k % 3 for i in range(4) for k in range(i, i + 20))


def test_a_new_series_starts_past_the_barcodes_in_use(connect: Opener) -> None:
    database = connect()
    database.execute_sql(
        "INSERT INTO title (title, author, publisher, call_number,"
        " created_at, clc) VALUES ('x', '', '', '', '2026-09-01', '')"
    )
    for code in ("00000041", "00000007", "A0000099", "0000012X", "123456789"):
        database.execute_sql(
            f"INSERT INTO item (barcode, title_id, status, location, created_at)"
            f" VALUES ('{code}', 1, 'available', '', '2026-09-01')"
        )
    assert peek(database, "", 8, 1) == 42
    assert take(database, 2) == [42, 43]
    assert allocate(database, "A", 7, 1, 1) == 100
    assert allocate(database, "", 8, 500, 1) == 44  # the series exists now
