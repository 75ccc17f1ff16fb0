"""SIP2 2.00 frames: read a request, write a response (pure, table-driven).

A message is a two-digit command, fixed-width fields in the order the spec
lists them, then variable fields ``<two-letter id><value>|`` in any order, and
optionally ``AY<sequence digit>AZ<four hex digits>`` (error detection), ending
in a carriage return. The checksum is the two's complement of the sum of every
byte up to and including ``AZ``, kept to 16 bits. Text fields are in the
configured character set (UTF-8, or GB18030 for older Chinese clients).

Field widths come from the spec's message layouts (3M SIP2 2.00, 2006): the
tables below are the only place they are written.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

MAX_FRAME = 4096
"""Bytes a request may have; a longer one is refused without reading it whole."""
MAX_FIELD = 255
"""Characters a variable field may carry (the spec's limit)."""

# Fixed fields of the requests this server reads, in order, with their widths.
REQUESTS: dict[str, tuple[tuple[str, int], ...]] = {
    "93": (("uid_algorithm", 1), ("pwd_algorithm", 1)),
    "99": (("status_code", 1), ("max_print_width", 3), ("protocol_version", 4)),
    "97": (),
    "23": (("language", 3), ("date", 18)),
    "63": (("language", 3), ("date", 18), ("summary", 10)),
    "17": (("date", 18),),
    "11": (("renewal_policy", 1), ("no_block", 1), ("date", 18), ("nb_due", 18)),
    "09": (("no_block", 1), ("date", 18), ("return_date", 18)),
    "29": (("third_party", 1), ("no_block", 1), ("date", 18), ("nb_due", 18)),
    "65": (("date", 18),),
    "15": (("hold_mode", 1), ("date", 18)),
    "35": (("date", 18),),
    "01": (("card_retained", 1), ("date", 18)),
}

# Fixed fields of the responses, in order, with their widths.
RESPONSES: dict[str, tuple[tuple[str, int], ...]] = {
    "94": (("ok", 1),),
    "98": (
        ("online", 1),
        ("checkin_ok", 1),
        ("checkout_ok", 1),
        ("renewal_policy", 1),
        ("status_update_ok", 1),
        ("offline_ok", 1),
        ("timeout", 3),
        ("retries", 3),
        ("date", 18),
        ("protocol_version", 4),
    ),
    "96": (),
    "24": (("patron_status", 14), ("language", 3), ("date", 18)),
    "64": (
        ("patron_status", 14),
        ("language", 3),
        ("date", 18),
        ("hold_count", 4),
        ("overdue_count", 4),
        ("charged_count", 4),
        ("fine_count", 4),
        ("recall_count", 4),
        ("unavailable_count", 4),
    ),
    "18": (
        ("circulation_status", 2),
        ("security_marker", 2),
        ("fee_type", 2),
        ("date", 18),
    ),
    "12": (
        ("ok", 1),
        ("renewal_ok", 1),
        ("magnetic_media", 1),
        ("desensitize", 1),
        ("date", 18),
    ),
    "10": (
        ("ok", 1),
        ("resensitize", 1),
        ("magnetic_media", 1),
        ("alert", 1),
        ("date", 18),
    ),
    "30": (
        ("ok", 1),
        ("renewal_ok", 1),
        ("magnetic_media", 1),
        ("desensitize", 1),
        ("date", 18),
    ),
    "66": (("ok", 1), ("renewed_count", 4), ("unrenewed_count", 4), ("date", 18)),
    "16": (("ok", 1), ("available", 1), ("date", 18)),
    "36": (("end_session", 1), ("date", 18)),
}

SUPPORTED = (
    "23",  # patron status
    "11",  # checkout
    "09",  # checkin
    "01",  # block patron
    "99",  # SC status
    "97",  # resend
    "93",  # login
    "63",  # patron information
    "35",  # end patron session
    "37",  # fee paid
    "17",  # item information
    "19",  # item status update
    "25",  # patron enable
    "15",  # hold
    "29",  # renew
    "65",  # renew all
)
"""The order of the Y/N flags of the 98 message's supported-messages field (BX)."""

_FIELD_ID = re.compile(r"[A-Z]{2}")


class FrameError(ValueError):
    """A request that cannot be read: answered with 96 (please resend)."""


@dataclass(frozen=True)
class Request:
    """One request: its command, fixed fields, variable fields, error detection."""

    command: str
    fixed: dict[str, str]
    fields: dict[str, list[str]] = field(default_factory=dict)
    sequence: str | None = None  # the AY digit, when the client sent one
    checked: bool = False  # the client sent AZ: answer with a checksum too

    def get(self, field_id: str, default: str = "") -> str:
        """The first value of a variable field, or ``default``."""
        values = self.fields.get(field_id)
        return values[0] if values else default


def checksum(data: bytes) -> str:
    """Four hex digits: the two's complement of the byte sum, 16 bits."""
    return f"{(-sum(data)) & 0xFFFF:04X}"


def decode(frame: bytes, encoding: str) -> Request:
    """Read one request (without its carriage return).

    Raises:
        FrameError: a bad checksum, undecodable text, an unknown command, a
            truncated fixed part or an overlong field.
    """
    body = frame.rstrip(b"\r\n")
    if len(body) > MAX_FRAME:
        raise FrameError("frame too long")
    checked, sequence = False, None
    at = body.rfind(b"AZ")
    if at != -1 and re.fullmatch(rb"[0-9A-Fa-f]{4}", body[at + 2 :]):
        if (sum(body[: at + 2]) + int(body[at + 2 :], 16)) & 0xFFFF:
            raise FrameError("bad checksum")
        checked, body = True, body[:at]
    match = re.search(rb"\|?AY([0-9])$", body)
    if match:
        sequence, body = match.group(1).decode(), body[: match.start()]
        if match.group(0).startswith(b"|"):
            body += b"|"
    try:
        text = body.decode(encoding)
    except (UnicodeDecodeError, LookupError) as e:
        raise FrameError(f"not {encoding}") from e
    if "\0" in text:
        raise FrameError("NUL in frame")
    command = text[:2]
    if command not in REQUESTS:
        raise FrameError(f"unknown command {command!r}")
    fixed, cursor = {}, 2
    for name, width in REQUESTS[command]:
        value = text[cursor : cursor + width]
        if len(value) != width:
            raise FrameError("fixed fields cut short")
        fixed[name], cursor = value, cursor + width
    return Request(command, fixed, _fields(text[cursor:]), sequence, checked)


def _fields(text: str) -> dict[str, list[str]]:
    """Variable fields; the last may lack its ``|`` (many clients omit it)."""
    found: dict[str, list[str]] = {}
    for part in text.split("|"):
        if not part:
            continue
        if len(part) < 2 or not _FIELD_ID.fullmatch(part[:2]):
            raise FrameError("a field without a two-letter id")
        if len(part) - 2 > MAX_FIELD:
            raise FrameError(f"field {part[:2]} longer than {MAX_FIELD}")
        found.setdefault(part[:2], []).append(part[2:])
    return found


@dataclass
class Response:
    """A response being written: fixed values in table order, then fields."""

    command: str
    fixed: dict[str, str]
    fields: list[tuple[str, str]] = field(default_factory=list)

    def add(self, field_id: str, value: object | None) -> Response:
        """Add a variable field (skipped when None)."""
        if value is not None:
            self.fields.append((field_id, str(value)))
        return self

    def add_all(self, field_id: str, values: Iterable[object]) -> Response:
        """Add a repeatable field once per value."""
        for value in values:
            self.add(field_id, value)
        return self


def encode(
    response: Response,
    encoding: str,
    *,
    sequence: str | None = None,
    checked: bool = False,
) -> bytes:
    """Write a response; with error detection when the request had it."""
    parts = [response.command]
    for name, width in RESPONSES[response.command]:
        value = response.fixed[name]
        if len(value) != width:
            raise ValueError(f"{response.command} {name}: {value!r} not {width} wide")
        parts.append(value)
    for field_id, value in response.fields:
        parts.append(f"{field_id}{_clean(value)}|")
    data = "".join(parts).encode(encoding, errors="replace")
    if sequence is not None:
        data += f"AY{sequence}".encode()
    if checked or sequence is not None:
        data += b"AZ"
        data += checksum(data).encode()
    return data + b"\r"


def _clean(value: str) -> str:
    """What a field may carry: no delimiter, no control characters, 255 at most."""
    text = "".join(ch if ch.isprintable() and ch != "|" else " " for ch in value)
    return text[:MAX_FIELD]


def sip_date(moment: dt.datetime) -> str:
    """18 characters: YYYYMMDD, four spaces (local time), HHMMSS."""
    return moment.strftime("%Y%m%d    %H%M%S")


def flags(values: Sequence[bool]) -> str:
    """Y/N flags, in the order given."""
    return "".join("Y" if v else "N" for v in values)


def count(n: int) -> str:
    """A four-digit count (9999 at most)."""
    return f"{min(n, 9999):04d}"
