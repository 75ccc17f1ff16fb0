"""A network printer on 127.0.0.1: a TCP server that keeps every byte it gets.

Each connection follows the next ``Behaviour`` (the last one repeats): answer
status queries (DLE EOT) like an ESC/POS printer, reset the connection after
some bytes (a printer switched off mid-slip), or stop reading (a jammed one).
Nothing sleeps: the test waits on a condition for the jobs it expects.
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
from dataclasses import dataclass

DLE_EOT_ONLINE = b"\x10\x04\x01"
DLE_EOT_PAPER = b"\x10\x04\x04"
READY = 0x12  # a status byte with only its fixed bits: online, paper present


@dataclass(frozen=True)
class Behaviour:
    answer_status: bool = True
    online: int = READY
    paper: int = READY
    reset_after: int | None = None  # bytes, then a TCP reset
    stall_after: int | None = None  # bytes, then never read again (jammed)


class FakeNetworkPrinter:
    def __init__(self, *behaviours: Behaviour, rcvbuf: int | None = None) -> None:
        self.behaviours = list(behaviours) or [Behaviour()]
        self.jobs: list[bytes] = []
        self._done = threading.Condition()
        self._stop = threading.Event()
        self._server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if rcvbuf:  # a small window makes the sender block, as a busy printer does
            self._server.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        self._server.bind(("127.0.0.1", 0))
        self._server.listen(4)
        self.port = self._server.getsockname()[1]
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def wait_jobs(self, count: int, timeout: float = 10) -> list[bytes]:
        with self._done:
            assert self._done.wait_for(lambda: len(self.jobs) >= count, timeout)
            return list(self.jobs)

    def close(self) -> None:
        self._stop.set()
        with contextlib.suppress(OSError):
            self._server.shutdown(socket.SHUT_RDWR)
        self._server.close()
        self._thread.join(timeout=10)

    def _serve(self) -> None:
        number = 0
        while not self._stop.is_set():
            try:
                conn, _ = self._server.accept()
            except OSError:
                return
            behaviour = self.behaviours[min(number, len(self.behaviours) - 1)]
            number += 1
            with conn:
                data = self._job(conn, behaviour)
            with self._done:
                self.jobs.append(data)
                self._done.notify_all()

    def _job(self, conn: socket.socket, b: Behaviour) -> bytes:
        conn.settimeout(10)
        data = bytearray()
        while True:
            try:
                chunk = conn.recv(65536)
            except OSError:
                break
            if not chunk:
                break
            data += chunk
            if b.stall_after is not None and len(data) >= b.stall_after:
                self._stop.wait(timeout=10)
                break
            if b.reset_after is not None and len(data) >= b.reset_after:
                conn.setsockopt(
                    socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
                )
                break
            if b.answer_status and data.endswith(DLE_EOT_ONLINE):
                conn.sendall(bytes([b.online]))
            elif b.answer_status and data.endswith(DLE_EOT_PAPER):
                conn.sendall(bytes([b.paper]))
        return bytes(data)
