"""SIP2 benchmark: 20 machines over loopback on the benchmark library.

The server runs as ``kiosk.py sip2`` in a process of its own, on a fresh copy of
the circulation benchmark's library (3,000 patrons, 100,000 copies, 1,000,000
past loans). Each client logs in, then repeats patron status, check-out and
check-in of its own copies for the given time. A check-out is timed from the
request sent to the answer read; an error is an answer that is not the right
frame or says the loan or return was refused.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.bench import circulation
from kiosk.config import DEFAULT_CONFIG, PROJECT_DIR

ACCOUNT = ("bench", "bench-password", "sip2-bench")
DATE = "20261125    100000"
COPIES_EACH = 50  # each client lends and takes back its own copies, in turn
_SERVER = (sys.executable, str(PROJECT_DIR / "kiosk.py"), "sip2")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare this benchmark's options."""
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--json", action="store_true", help="one JSON line only")
    parser.add_argument("--patrons", type=int, default=circulation.Size.patrons)
    parser.add_argument("--items", type=int, default=circulation.Size.items)
    parser.add_argument("--loans", type=int, default=circulation.Size.loans)
    parser.add_argument(
        "--dir", type=Path, default=PROJECT_DIR / "var" / "bench", help="cache folder"
    )


@dataclass
class _Tally:
    """One client's figures."""

    transactions: int = 0
    errors: int = 0
    checkout_ms: list[float] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def run(args: argparse.Namespace) -> int:
    """Start the server on a copy of the library, drive the clients, print figures."""
    size = circulation.Size(args.patrons, args.items, args.loans)
    args.dir.mkdir(parents=True, exist_ok=True)
    library = _library(args.dir, size)
    config = _config(args.dir, library)
    port = _free_port()
    server = subprocess.Popen(
        [*_SERVER, "--config", str(config), "--port", str(port)],
        cwd=PROJECT_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert server.stdout is not None
        first = server.stdout.readline()
        if "SIP2 server on" not in first:
            sys.stderr.write(f"the SIP2 server did not start: {first}")
            sys.stderr.write(server.communicate(timeout=30)[1])
            return 2
        tallies = _drive(port, args.clients, args.seconds, size)
    finally:
        server.terminate()
        server.wait(timeout=30)
    figures = _figures(tallies, args.clients, args.seconds)
    if not args.json:
        problems = [p for t in tallies for p in t.problems][:5]
        for problem in problems:
            sys.stdout.write(f"error: {problem}\n")
        sys.stdout.write(
            f"{args.clients} clients for {args.seconds:.0f} s: "
            f"{figures['transactions']} transactions, {figures['tps']} per second, "
            f"check-out p50 {figures['checkout_p50_ms']} ms, "
            f"p99 {figures['checkout_p99_ms']} ms, {figures['errors']} errors "
            "(targets: 0 errors, check-out p99 <= 20 ms)\n"
        )
    sys.stdout.write(json.dumps(figures) + "\n")
    return 0


def _library(folder: Path, size: circulation.Size) -> Path:
    """A fresh copy of the circulation benchmark's library (built once)."""
    schema = max(p.stem[:4] for p in circulation.MIGRATIONS_DIR.glob("[0-9]*.py"))
    cached = folder / (
        f"circulation-s{schema}-{size.patrons}-{size.items}-{size.loans}.sqlite3"
    )
    if not cached.exists():
        sys.stderr.write(f"building the benchmark library in {cached} (once) ...\n")
        circulation.build(cached, size)
    work = folder / "sip2-run.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{work}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(cached, work)
    return work


def _config(folder: Path, library: Path) -> Path:
    """The shipped config, pointed at the copy, with the benchmark's account."""
    text = DEFAULT_CONFIG.read_text(encoding="utf-8")
    text = text.replace('path = "var/library.sqlite3"', f'path = "{library}"', 1)
    text = text.replace("accounts = []", f'accounts = ["{":".join(ACCOUNT)}"]', 1)
    text = text.replace('file = "var/kiosk.log"', f'file = "{folder / "sip2.log"}"')
    path = folder / "sip2-config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _drive(
    port: int, clients: int, seconds: float, size: circulation.Size
) -> list[_Tally]:
    tallies = [_Tally() for _ in range(clients)]
    stop_at: list[float] = []
    start = threading.Barrier(
        clients + 1, action=lambda: stop_at.append(time.monotonic() + seconds)
    )
    students = size.patrons - circulation.TEACHERS
    threads = [
        threading.Thread(
            target=_client,
            args=(port, n, 1 + n % students, tallies[n], start, stop_at, size.items),
            daemon=True,
        )
        for n in range(clients)
    ]
    for thread in threads:
        thread.start()
    start.wait()
    for thread in threads:
        thread.join(seconds + 60)
    return tallies


def _client(
    port: int,
    n: int,
    patron: int,
    tally: _Tally,
    start: threading.Barrier,
    stop_at: list[float],
    items: int,
) -> None:
    card = f"S{patron:07d}"
    first = 1 + (n * COPIES_EACH) % max(items - COPIES_EACH, 1)
    copies = [f"{10_000_000 + first + k:08d}" for k in range(COPIES_EACH)]
    try:
        sock = socket.create_connection(("127.0.0.1", port), 30)
        reader = sock.makefile("rb")
        user, password, _ = ACCOUNT
        login = _ask(sock, reader, f"9300CN{user}|CO{password}|")
    except OSError as e:
        tally.errors += 1
        tally.problems.append(f"client {n}: {e}")
        start.wait()
        return
    if login != b"941\r":
        tally.errors += 1
        tally.problems.append(f"client {n}: login answered {login!r}")
    start.wait()
    k = 0
    while time.monotonic() < stop_at[0]:
        book = copies[k % COPIES_EACH]
        k += 1
        try:
            status = _ask(sock, reader, f"23000{DATE}AO|AA{card}|")
            t0 = time.perf_counter()
            out = _ask(sock, reader, f"11NN{DATE}{' ' * 18}AO|AA{card}|AB{book}|")
            tally.checkout_ms.append((time.perf_counter() - t0) * 1000)
            back = _ask(sock, reader, f"09N{DATE}{DATE}AP|AO|AB{book}|")
        except OSError as e:
            tally.errors += 1
            tally.problems.append(f"client {n}: {e}")
            return
        tally.transactions += 3
        for reply, wanted in ((status, b"24"), (out, b"121"), (back, b"101")):
            if not reply.startswith(wanted):
                tally.errors += 1
                if len(tally.problems) < 3:
                    tally.problems.append(f"client {n}: {reply[:120]!r}")
    sock.close()


def _ask(sock: socket.socket, reader, message: str) -> bytes:
    sock.sendall(message.encode() + b"\r")
    data = b""
    while not data.endswith(b"\r"):
        chunk = reader.read1(65536)
        if not chunk:
            raise ConnectionError("the server closed the connection")
        data += chunk
    return data


def _figures(tallies: list[_Tally], clients: int, seconds: float) -> dict:
    timings = [ms for t in tallies for ms in t.checkout_ms]
    transactions = sum(t.transactions for t in tallies)
    p99 = (
        statistics.quantiles(timings, n=100, method="inclusive")[98]
        if len(timings) >= 2
        else (timings[0] if timings else 0.0)
    )
    return {
        "clients": clients,
        "transactions": transactions,
        "tps": round(transactions / seconds, 1),
        "checkout_p50_ms": round(statistics.median(timings), 2) if timings else 0.0,
        "checkout_p99_ms": round(p99, 2),
        "errors": sum(t.errors for t in tallies),
    }
