"""Bad input never crashes the server or holds up another machine.

Error detection when the client asks for it, 96 for what cannot be read, a
connection dropped mid-message, random bytes and mutated messages: the server
answers with a well-formed frame or closes that one connection, and keeps
serving the others.
"""

from __future__ import annotations

import dataclasses
import random
import socket
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.sip2.codec import checksum
from tests.sip2.helpers import DATE, LOGIN, Client, Running

PUPIL = "S2602016"
VALID = [
    LOGIN,
    "9900302.00",
    f"23000{DATE}AO|AA{PUPIL}|",
    f"63000{DATE}  Y       AO|AA{PUPIL}|BP1|BQ5|",
    f"17{DATE}AO|AB10000041|",
    f"11NN{DATE}{' ' * 18}AO|AA{PUPIL}|AB10000041|",
    f"29NN{DATE}{' ' * 18}AO|AA{PUPIL}|AB10000041|",
    f"09N{DATE}{DATE}AP|AO|AB10000041|",
    f"65{DATE}AO|AA{PUPIL}|",
    f"15+{DATE}AO|AA{PUPIL}|AB9787780370417|",
    f"35{DATE}AO|AA{PUPIL}|",
    "97",
]


def well_formed(reply: bytes) -> bool:
    return len(reply) >= 3 and reply[:2].isdigit() and reply.endswith(b"\r")


def still_serving(sip2: Running) -> None:
    client = sip2.client()
    try:
        assert client.ask(f"23000{DATE}AO|AA{PUPIL}|").get("BL") == "Y"
    finally:
        client.close()


def test_error_detection_only_when_the_client_uses_it(sip2: Running) -> None:
    client = sip2.client()
    plain = client.send(f"23000{DATE}AO|AA{PUPIL}|\r".encode())
    assert b"AY" not in plain
    assert b"AZ" not in plain
    client.sequence = 7
    checked = client.ask(f"23000{DATE}AO|AA{PUPIL}|", checked=True)
    assert checked.raw.endswith(b"\r")
    assert checked.raw[-10:-6] == b"AY7A"  # the client's sequence number, echoed
    body = checked.raw[:-5]
    assert checksum(body) == checked.raw[-5:-1].decode()
    assert (sum(checked.raw[:-1][:-4]) + int(checked.raw[-5:-1], 16)) & 0xFFFF == 0


def test_a_bad_checksum_is_answered_96_and_nothing_is_done(sip2: Running) -> None:
    client = sip2.client()
    message = f"11NN{DATE}{' ' * 18}AO|AA{PUPIL}|AB10000041|AY1AZ".encode()
    good = checksum(message)
    bad = f"{(int(good, 16) + 1) & 0xFFFF:04X}"
    assert client.send(message + bad.encode() + b"\r").startswith(b"96")
    item = client.ask(f"17{DATE}AO|AB10000041|")
    assert item.fixed["circulation_status"] == "03"  # not lent
    assert client.send(message + good.encode() + b"\r").startswith(b"121")


def test_unreadable_frames_are_answered_96(sip2: Running) -> None:
    client = sip2.client()
    for frame in (
        b"XX\r",  # no such command
        b"23000\r",  # fixed fields cut short
        f"23000{DATE}AO|AA{'9' * 300}|\r".encode(),  # a field over 255
        f"23000{DATE}AO|AA\xff\xfe|\r".encode("latin-1"),  # not UTF-8
        f"23000{DATE}AO|A\r".encode(),  # a field without its id
        b"37\r",  # fee paid: not supported (BX says N)
    ):
        assert client.send(frame) == b"96\r", frame
    still_serving(sip2)


def test_gb18030_for_older_chinese_machines(settings, clock) -> None:
    sip2 = Running(
        dataclasses.replace(
            settings, sip2=dataclasses.replace(settings.sip2, encoding="gb18030")
        ),
        clock,
    )
    try:
        client = sip2.client()
        reply = client.ask(f"23000{DATE}AO|AA{PUPIL}|", encoding="gb18030")
        name = next(p["name"] for p in sip2.demo.tables["patron"] if p["card"] == PUPIL)
        assert reply.get("AE") == name
        assert reply.raw.decode("gb18030").count(name) >= 1
        assert name.encode("utf-8") not in reply.raw
    finally:
        sip2.stop()


def test_a_connection_dropped_mid_message_holds_up_nobody(sip2: Running) -> None:
    other = sip2.client()
    dropped = socket.create_connection(("127.0.0.1", sip2.server.port), 10)
    dropped.sendall(LOGIN.encode()[:10])  # half a login, then gone
    dropped.close()
    silent = socket.create_connection(("127.0.0.1", sip2.server.port), 10)
    silent.sendall(b"23000")  # and one that just stops talking
    assert other.ask(f"23000{DATE}AO|AA{PUPIL}|").get("BL") == "Y"
    still_serving(sip2)
    silent.close()


def test_an_endless_frame_ends_its_connection_only(sip2: Running) -> None:
    flood = socket.create_connection(("127.0.0.1", sip2.server.port), 10)
    flood.sendall(b"2" * 10_000)
    assert flood.recv(100) == b"96\r"
    assert flood.recv(100) == b""  # closed
    still_serving(sip2)


def test_an_idle_connection_is_closed(settings, clock) -> None:
    sip2 = Running(
        dataclasses.replace(
            settings, sip2=dataclasses.replace(settings.sip2, timeout_seconds=1)
        ),
        clock,
    )
    try:
        idle = sip2.client()
        started = time.monotonic()
        assert idle.sock.recv(100) == b""  # the server hung up
        assert time.monotonic() - started < 10
        still_serving(sip2)
    finally:
        sip2.stop()


def test_200_random_byte_strings(sip2: Running) -> None:
    rng = random.Random(20261204)
    client = sip2.client()
    for _ in range(200):
        junk = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 300)))
        junk = junk.replace(b"\r", b"") + b"\r"
        if not junk.strip(b"\n\r"):
            continue  # an empty line: nothing to answer (a keep-alive)
        try:
            reply = client.send(junk)
            assert well_formed(reply), (junk, reply)
        except (ConnectionError, OSError):
            client = sip2.client()
    still_serving(sip2)


def test_10000_mutated_messages(settings, clock) -> None:
    sip2 = Running(settings, clock)
    clients = [sip2.client()]
    encoded = [m.encode() for m in VALID]
    sent, examples = [0], [0]

    @settings_for_fuzz
    @given(
        st.sampled_from(encoded),
        st.lists(
            st.tuples(
                st.sampled_from(["flip", "insert", "delete", "dup"]),
                st.integers(0, 400),
                st.integers(0, 255),
            ),
            min_size=1,
            max_size=4,
        ),
        st.booleans(),
    )
    def mutated(message: bytes, edits, checked: bool) -> None:
        examples[0] += 1
        data = bytearray(message)
        for kind, where, value in edits:
            at = where % (len(data) + 1)
            if kind == "flip" and data:
                data[at % len(data)] = value
            elif kind == "insert":
                data.insert(at, value)
            elif kind == "delete" and data:
                del data[at % len(data)]
            elif kind == "dup":
                data[at:at] = data[at : at + value % 20]
        frame = bytes(data).replace(b"\r", b"")
        if not frame.strip(b"\n"):
            return  # an empty line: nothing to answer (a keep-alive)
        if checked:
            frame += b"AY3AZ"
            frame += checksum(frame).encode()
        try:
            reply = clients[0].send(frame + b"\r")
            assert well_formed(reply), (frame, reply)
        except (ConnectionError, OSError):
            clients[0] = sip2.client()
        sent[0] += 1

    try:
        mutated()
        assert examples[0] >= 10_000
        assert sent[0] >= 9_800  # less the mutations that left an empty line
        still_serving(sip2)
    finally:
        sip2.stop()


settings_for_fuzz = settings(
    max_examples=10_000,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)


def test_client_helper_reads_what_it_sends(sip2: Running) -> None:
    client: Client = sip2.client()
    assert client.ask("9900302.00").command == "98"
