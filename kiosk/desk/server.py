"""The desk served by waitress on a thread of this process (tests, benchmark)."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from waitress.server import create_server


@dataclass
class RunningDesk:
    """A desk listening on 127.0.0.1, and how to stop it."""

    url: str
    server: Any
    thread: threading.Thread

    def stop(self) -> None:
        """Finish the requests in hand, stop listening, wait for the thread."""
        self.server.task_dispatcher.shutdown(cancel_pending=False, timeout=5)
        self.server.close()
        self.thread.join(timeout=10)


def serve_in_thread(
    app: Any, *, host: str = "127.0.0.1", threads: int = 8
) -> RunningDesk:
    """Serve ``app`` on a free port of ``host`` until ``stop()``."""
    server = create_server(app, host=host, port=0, threads=threads)
    port = server.effective_port  # type: ignore[union-attr]
    thread = threading.Thread(target=server.run, name="desk-server", daemon=True)
    thread.start()
    return RunningDesk(f"http://{host}:{port}", server, thread)
