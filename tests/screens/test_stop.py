"""Stopping the kiosk: a signal ends it at once, with no PIN, and no slip is lost.

``systemctl stop``, a shutdown or an upgrade sends SIGTERM; in kiosk mode a
window close needs the staff PIN, a signal must not.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from kiosk.config import PrinterSettings
from kiosk.session import View
from tests.conftest import PROJECT, Small
from tests.receipts.test_desk import desk_for
from tests.screens.helpers import make_app, scan


def test_shutdown_ends_the_open_session_and_prints_its_slip_once(
    small: Small, tmp_path
) -> None:
    app = make_app(small, slips=desk_for(small, PrinterSettings(type="none"), tmp_path))
    scan(app, "S0000001")
    scan(app, "10000003")
    app.shutdown()
    assert not app.running
    assert app.session.state.patron is None
    assert app.session.state.view is View.ATTRACT
    slips = sorted((tmp_path / "archive").rglob("*.txt"))
    assert len(slips) == 1
    assert "10000003" in slips[0].read_text(encoding="utf-8")
    app.shutdown()  # a second signal: nothing more to end, nothing printed again
    assert len(sorted((tmp_path / "archive").rglob("*.txt"))) == 1
    loans = small.service.status(small.patron_id("S0000001")).loans
    assert [loan.item.label for loan in loans] == ["10000003"]


def launched(settings, **env: str) -> subprocess.Popen:
    """The demo kiosk in kiosk mode (full screen: a close needs the PIN)."""
    env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy", **env}
    return subprocess.Popen(
        [
            sys.executable,
            "kiosk.py",
            "--demo",
            "--camera",
            "none",
            "--fullscreen",
            "--config",
            str(settings.source),
        ],
        cwd=PROJECT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def started(settings) -> subprocess.Popen:
    """``launched``, once its screens are up (its log says so)."""
    proc = launched(settings)
    log = settings.logging.file
    deadline = time.monotonic() + 60
    while not (log.exists() and "screens running" in log.read_text(encoding="utf-8")):
        assert proc.poll() is None, proc.communicate()[1]
        assert time.monotonic() < deadline, "the screens did not start"
        time.sleep(0.1)
    return proc


def test_sigterm_and_sigint_end_a_real_kiosk_without_a_pin(settings) -> None:
    for sig in (signal.SIGTERM, signal.SIGINT):
        proc = started(settings)
        proc.send_signal(sig)
        try:
            # Before: SDL made the signal a window close, which waited for the
            # PIN until SIGKILL. (How fast: ./run bench ui's stop_ms.)
            _, err = proc.communicate(timeout=30)
        finally:
            proc.kill()
        assert proc.returncode == 0, err
        log = settings.logging.file.read_text(encoding="utf-8")
        assert "stopping on a signal" in log
        settings.logging.file.unlink()
