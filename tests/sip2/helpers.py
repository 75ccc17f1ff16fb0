"""A SIP2 server on the demo library, in the test's process, and a raw client."""

from __future__ import annotations

import socket
from dataclasses import dataclass, field

from kiosk.clock import FixedClock
from kiosk.config import Settings
from kiosk.demo import generate
from kiosk.runtime import Library, open_library, service_for_kiosk
from kiosk.sip2.acs import Conversation
from kiosk.sip2.batches import Batches
from kiosk.sip2.codec import RESPONSES, checksum
from kiosk.sip2.server import DEMO_ACCOUNT, Sip2Server, options_for

LOGIN = f"9300CN{DEMO_ACCOUNT.user}|CO{DEMO_ACCOUNT.password}|CPdesk|"
DATE = "20261125    100000"


@dataclass
class Demo:
    """The demo library's rows, to pick cards and copies from."""

    tables: dict

    def card(self, **match) -> str:
        return next(
            p["card"]
            for p in self.tables["patron"]
            if all(p.get(k) == v for k, v in match.items())
        )

    def shelf(self, n: int = 1) -> list[str]:
        """Copies on the shelf whose title nobody holds."""
        held = {h["title_id"] for h in self.tables["hold"]}
        loans = self.tables["loan"]
        lent = {ln["item_id"] for ln in loans if not ln.get("returned_at")}
        return [
            i["barcode"]
            for i in self.tables["item"]
            if i["status"] == "available"
            and i["id"] not in lent
            and i["title_id"] not in held
            and i.get("barcode")
        ][:n]


class Running:
    """A started server on the demo library."""

    def __init__(self, settings: Settings, clock: FixedClock) -> None:
        self.clock = clock
        self.settings = settings
        self.library: Library = open_library(settings, clock, demo=True)
        self.demo = Demo(generate(clock.today()).tables)
        options = options_for(settings, demo=True)
        library = self.library
        self.batches = Batches(library.database.atomic, done=library.database.close)

        def conversation() -> Conversation:
            return Conversation(
                options,
                lambda kiosk: service_for_kiosk(settings, library, clock, kiosk),
                clock,
                run=self.batches.run,
            )

        self.server = Sip2Server(
            ("127.0.0.1", 0),
            conversation,
            settings.sip2.timeout_seconds,
        )
        self.server.start()

    def client(self, *, login: bool = True) -> Client:
        client = Client(socket.create_connection(("127.0.0.1", self.server.port), 10))
        if login:
            assert client.ask(LOGIN).fixed["ok"] == "1"
        return client

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.batches.close()
        self.library.close()


@dataclass
class Reply:
    """A response, split into its command, fixed fields and variable fields."""

    raw: bytes
    command: str
    fixed: dict[str, str]
    fields: dict[str, list[str]] = field(default_factory=dict)

    def get(self, field_id: str) -> str | None:
        values = self.fields.get(field_id)
        return values[0] if values else None


def parse(raw: bytes, encoding: str = "utf-8") -> Reply:
    """Read a response by the spec's widths (the test's own reading of them)."""
    text = raw.decode(encoding).rstrip("\r")
    if "AZ" in text and text.rfind("AZ") == len(text) - 6:
        assert checksum(raw[: raw.rfind(b"AZ") + 2]) == text[-4:], raw
        text = text[: text.rfind("AZ")]
        if text[-3:-1] == "AY":
            text = text[:-3]
    command, cursor, fixed = text[:2], 2, {}
    for name, width in RESPONSES[command]:
        fixed[name] = text[cursor : cursor + width]
        cursor += width
    fields: dict[str, list[str]] = {}
    for part in text[cursor:].split("|"):
        if part:
            fields.setdefault(part[:2], []).append(part[2:])
    return Reply(raw, command, fixed, fields)


class Client:
    """A raw SIP2 client: one frame out, one frame back."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.sequence = 0

    def send(self, data: bytes) -> bytes:
        self.sock.sendall(data)
        return self.receive()

    def receive(self) -> bytes:
        data = b""
        while not data.endswith(b"\r"):
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError(f"closed after {data!r}")
            data += chunk
        return data

    def ask(
        self, message: str, *, checked: bool = False, encoding: str = "utf-8"
    ) -> Reply:
        """Send one request (with AY/AZ when ``checked``) and read the answer."""
        data = message.encode(encoding)
        if checked:
            data += f"AY{self.sequence}AZ".encode()
            data += checksum(data).encode()
            self.sequence = (self.sequence + 1) % 10
        return parse(self.send(data + b"\r"), encoding)

    def close(self) -> None:
        self.sock.close()
