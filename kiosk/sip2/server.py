"""``python kiosk.py sip2``: the SIP2 server, one thread per connected machine.

A machine's slow or broken connection only holds its own thread; a frame is
read up to its carriage return (a line feed after it is skipped), a frame
longer than ``MAX_FRAME`` without one ends the connection, and so does
silence longer than ``sip2.timeout_seconds``.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import socket
import socketserver
import sys
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO

from kiosk.circulation.service import CirculationService
from kiosk.config import Settings, config_path, load_config
from kiosk.errors import KioskError
from kiosk.ports import Clock

if TYPE_CHECKING:
    from kiosk.offline import KioskFace
from kiosk.sip2.acs import Account, AcsOptions, Conversation
from kiosk.sip2.batches import Batches
from kiosk.sip2.codec import MAX_FRAME

log = logging.getLogger(__name__)

DEMO_ACCOUNT = Account("sc1", "sc1-password", "sip2-demo")
"""The account ``--demo`` adds, as the README's example session uses it."""


class Sip2Server(socketserver.ThreadingTCPServer):
    """The listening socket; each connection gets a ``Conversation`` of its own."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(
        self,
        address: tuple[str, int],
        conversation: Callable[[], Conversation],
        timeout_seconds: float,
    ) -> None:
        self.conversation = conversation
        self.timeout_seconds = timeout_seconds
        super().__init__(address, _Connection)

    @property
    def port(self) -> int:
        """The port listened on (useful when 0 asked for a free one)."""
        return self.server_address[1]

    def start(self) -> threading.Thread:
        """Serve on a thread of its own (tests, the benchmark)."""
        thread = threading.Thread(target=self.serve_forever, name="sip2", daemon=True)
        thread.start()
        return thread


class _Connection(socketserver.BaseRequestHandler):
    server: Sip2Server

    def handle(self) -> None:
        sock: socket.socket = self.request
        sock.settimeout(self.server.timeout_seconds)
        peer = "{}:{}".format(*self.client_address[:2])
        log.info("sip2: %s connected", peer)
        talk = self.server.conversation()
        pending = b""
        try:
            while True:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                pending += chunk
                while b"\r" in pending:
                    frame, _, pending = pending.partition(b"\r")
                    frame = frame.lstrip(b"\n")
                    if frame:
                        sock.sendall(talk.reply(frame + b"\r"))
                if len(pending) > MAX_FRAME:
                    log.warning("sip2: %s sent %d bytes without a CR", peer, MAX_FRAME)
                    sock.sendall(b"96\r")
                    break
        except TimeoutError:
            seconds = self.server.timeout_seconds
            log.info("sip2: %s silent for %ss: closed", peer, seconds)
        except OSError as e:
            log.info("sip2: %s gone: %s", peer, e)
        finally:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            log.info("sip2: %s disconnected", peer)


def build_parser() -> argparse.ArgumentParser:
    """The SIP2 server's command line."""
    parser = argparse.ArgumentParser(
        prog="kiosk.py sip2",
        description="SIP2 server: other vendors' self-check machines use the library.",
    )
    parser.add_argument("--config", help="config file (default: config.toml)")
    parser.add_argument(
        "--demo",
        action="store_true",
        help=f"the demo library, with the account {DEMO_ACCOUNT.user} /"
        f" {DEMO_ACCOUNT.password}",
    )
    parser.add_argument("--host", help="address to listen on (default: sip2.host)")
    parser.add_argument("--port", type=int, help="TCP port (default: sip2.port)")
    return parser


def options_for(settings: Settings, *, demo: bool = False) -> AcsOptions:
    """What every connection is told, from config (and the demo's account)."""
    sip2 = settings.sip2
    accounts = tuple(Account.parse(a) for a in sip2.accounts)
    if demo:
        accounts += (DEMO_ACCOUNT,)
    return AcsOptions(
        lends_offline=settings.offline.allow_checkout,
        institution=sip2.institution_id or settings.library.kiosk_id,
        library_name=settings.library.name,
        lang=settings.library.language,
        encoding=sip2.encoding,
        timeout_seconds=sip2.timeout_seconds,
        accounts=accounts,
    )


def run(
    argv: list[str],
    *,
    clock: Clock | None = None,
    out: TextIO | None = None,
    setup: Callable[[Settings], None] | None = None,
    ready: Callable[[Sip2Server], None] | None = None,
) -> int:
    """Open the library and serve SIP2 until stopped (Ctrl-C or SIGTERM)."""
    from kiosk.clock import SystemClock
    from kiosk.db.backup import kiosk_lock
    from kiosk.runtime import (
        open_kiosk_library,
        open_library,
        service_for_kiosk,
        sip2_settings,
    )

    args = build_parser().parse_args(argv)
    settings = load_config(config_path(args.config))
    if setup is not None:
        setup(settings)
    clock = clock or SystemClock()
    out = out or sys.stdout
    host = args.host or settings.sip2.host
    port = settings.sip2.port if args.port is None else args.port
    if not 0 <= port <= 65535:
        raise KioskError(f"--port {port}: use a TCP port from 1 to 65535")
    if not args.demo:  # store-and-forward from the SIP2 server's own journal
        settings = sip2_settings(settings)
    options = options_for(settings, demo=args.demo)
    if not options.accounts:
        raise KioskError(
            "no SIP2 account: add one to [sip2] accounts in config.toml"
            ' ("user:password:kiosk"), then start again'
        )
    database = settings.demo.database if args.demo else settings.database.path
    sqlite = args.demo or not settings.database.url
    with kiosk_lock(database) if sqlite else contextlib.nullcontext():
        if args.demo:
            library = open_library(settings, clock, demo=True)
        else:
            library = open_kiosk_library(settings, clock)
        failover = library.failover
        if failover is None:
            batches = Batches(library.database.atomic, done=library.database.close)
        else:  # batches while online; each request alone, journaled, offline
            # Serve once the snapshot is taken: a big library's takes seconds.
            failover.wait_for_snapshot()
            batches = Batches(
                failover.together,
                done=failover.release_thread,
                shared=lambda: not failover.offline,
            )

        def conversation() -> Conversation:
            def service(kiosk: str) -> CirculationService | KioskFace:
                return service_for_kiosk(settings, library, clock, kiosk)

            return Conversation(options, service, clock, run=batches.run, link=failover)

        try:
            server = Sip2Server(
                (host, port),
                conversation,
                settings.sip2.timeout_seconds,
            )
        except OSError as e:
            batches.close()
            library.close()
            raise KioskError(
                f"cannot listen on {host}:{port} ({e.strerror}); is another SIP2"
                " server running? Choose another port with --port"
            ) from None
        try:
            name = settings.library.name
            out.write(f"SIP2 server on {host}:{server.port} for {name}\n")
            if args.demo:
                out.write(
                    f"Demo account: {DEMO_ACCOUNT.user}  password:"
                    f" {DEMO_ACCOUNT.password}\n"
                )
            out.write("Stop it with Ctrl-C.\n")
            out.flush()
            log.info("sip2 serving on %s:%s", host, server.port)
            if ready is not None:
                ready(server)
            with _stopped_by_signals(server):
                server.serve_forever()
        finally:
            server.server_close()
            batches.close()
            library.close()
    return 0


@contextlib.contextmanager
def _stopped_by_signals(server: Sip2Server):
    """SIGTERM (systemctl stop) and Ctrl-C end the server cleanly."""
    import signal

    def stop(signum: int, frame: object) -> None:
        threading.Thread(target=server.shutdown, daemon=True).start()

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    old = {s: signal.signal(s, stop) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for s, handler in old.items():
            signal.signal(s, handler)
