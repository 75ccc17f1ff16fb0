"""The screen loop's watchdog pings, as systemd's ``WatchdogSec`` expects them.

A real kiosk process is given a ``NOTIFY_SOCKET`` of this test's own (the
supervisor's side of sd_notify): it must say READY once the screens show,
ping while they draw, fall silent when the loop hangs (SIGSTOP stands in for a
stuck driver: systemd would restart it), and say STOPPING on SIGTERM.
"""

from __future__ import annotations

import signal
import socket
import time

from kiosk.watchdog import Watchdog
from tests.screens.test_stop import launched


def test_pings_at_most_every_interval_and_ready_first() -> None:
    sent: list[str] = []
    now = [100.0]
    dog = Watchdog(
        every=5.0, send=lambda m: sent.append(m) or True, clock=lambda: now[0]
    )
    dog.ready()
    for _ in range(10):
        now[0] += 1.0
        dog.alive()
    dog.stopping()
    assert sent == ["READY=1", "WATCHDOG=1", "WATCHDOG=1", "WATCHDOG=1", "STOPPING=1"]


def messages(sock: socket.socket, seconds: float) -> list[tuple[float, str]]:
    got, end = [], time.monotonic() + seconds
    while (left := end - time.monotonic()) > 0:
        sock.settimeout(left)
        try:
            got.append((time.monotonic(), sock.recv(256).decode()))
        except TimeoutError:
            break
    return got


def test_a_real_kiosk_pings_and_a_hung_loop_falls_silent(settings, tmp_path) -> None:
    path = tmp_path / "notify.sock"
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
        sock.bind(str(path))
        # WatchdogSec=1: a ping every 0.5 s.
        proc = launched(settings, NOTIFY_SOCKET=str(path), WATCHDOG_USEC="1000000")
        try:
            got = []
            deadline = time.monotonic() + 60
            while not any(m == "READY=1" for _, m in got):
                assert time.monotonic() < deadline, "no READY=1"
                got += messages(sock, 1)
            got += messages(sock, 2)
            pings = [t for t, m in got if m == "WATCHDOG=1"]
            assert len(pings) >= 3
            proc.send_signal(signal.SIGSTOP)  # the loop hangs
            messages(sock, 0.2)  # a ping already in flight
            silent = messages(sock, 2)
            assert silent == []  # systemd (WatchdogSec=1) would restart it now
            proc.send_signal(signal.SIGCONT)
            assert any(m == "WATCHDOG=1" for _, m in messages(sock, 2))
            proc.send_signal(signal.SIGTERM)
            assert proc.wait(timeout=30) == 0
            assert any(m == "STOPPING=1" for _, m in messages(sock, 1))
        finally:
            proc.kill()
