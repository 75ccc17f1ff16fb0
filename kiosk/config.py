"""Settings: the only reader of config.toml.

One declarative table of frozen dataclasses (datasette's SETTINGS idea): every
section is a dataclass, every key a field with a default and a ``doc``. Unknown
keys, wrong types and impossible values stop start-up with one ``ConfigError``
that names the file, the key and the fix.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import logging
import os
import re
import tomllib
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.errors import ConfigError

log = logging.getLogger(__name__)

PROJECT_DIR = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG = PROJECT_DIR / "config.toml"
LANGUAGES = ("zh-CN", "en")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
PRINTER_TYPES = ("none", "usb", "network", "serial", "cups", "file")
PAPER_WIDTHS_MM = (58, 80)
PRINT_MODES = ("raster", "gb18030")
FOOTER_MAX = 100


def _doc(text: str, default: object) -> typing.Any:
    return field(default=default, metadata={"doc": text})


@dataclass(frozen=True)
class LibrarySettings:
    """Who this kiosk is."""

    name: str = _doc("Library name shown on screen and slips.", "示范中学图书馆")
    kiosk_id: str = _doc("This kiosk's id, recorded with every loan.", "kiosk-1")
    language: str = _doc("Language of screens and messages: zh-CN or en.", "zh-CN")


@dataclass(frozen=True)
class DatabaseSettings:
    """Where loans are kept."""

    path: Path = _doc("SQLite database file.", Path("var/library.sqlite3"))
    url: str = _doc(
        "postgresql://user:password@host:5432/library to share one database"
        " between kiosks; empty for the SQLite file.",
        "",
    )
    busy_timeout_ms: int = _doc("How long to wait for a locked database.", 5000)


@dataclass(frozen=True)
class CirculationSettings:
    """Library-wide lending policy (per patron type rules live in the database)."""

    closed_weekdays: tuple[int, ...] = _doc(
        "ISO weekdays the library is closed (1 = Monday ... 7 = Sunday).", (6, 7)
    )
    term_end: dt.date | None = _doc("No due date falls after this date.", None)
    overdue_blocks_checkout: bool = _doc(
        "A patron with an overdue book cannot borrow.", True
    )
    patron_pattern: str = _doc(
        "Regular expression a library card barcode matches.", r"^[ST][0-9]{7}$"
    )
    item_pattern: str = _doc(
        "Regular expression a copy's accession barcode matches.", r"^[0-9]{8}$"
    )


SYMBOLOGIES = (
    "EAN13",
    "UPCA",
    "EAN8",
    "UPCE",
    "Code128",
    "Code39",
    "ITF",
    "Codabar",
    "QR",
)


@dataclass(frozen=True)
class ScanSettings:
    """Camera, decoder and USB hand-scanner settings."""

    camera: str = _doc(
        'Webcam index ("0"), a video file or an image folder; "none" for no camera.',
        "0",
    )
    width: int = _doc("Camera frame width in pixels.", 640)
    height: int = _doc("Camera frame height in pixels.", 480)
    fps: int = _doc(
        "Camera frames per second (also the pace of video and folders).", 30
    )
    reopen_seconds: float = _doc(
        "Seconds between attempts to reopen a lost camera.", 3.0
    )
    symbologies: tuple[str, ...] = _doc(
        "Barcode types to read: EAN13 UPCA EAN8 UPCE Code128 Code39 ITF Codabar QR.",
        ("EAN13", "UPCA", "EAN8", "Code128", "Code39", "ITF", "Codabar", "QR"),
    )
    confirm_frames: int = _doc(
        "Frames that must agree before a camera read is accepted.", 2
    )
    single_frame_checked: bool = _doc(
        "Accept a code with a check digit (EAN, Code 128, QR) from one frame.", False
    )
    rescan_seconds: float = _doc(
        "A code is read again only after it has been out of view this long.", 2.0
    )
    wedge_max_gap_ms: int = _doc(
        "USB scanner: keys closer together than this are a scanner typing.", 50
    )
    wedge_min_length: int = _doc("USB scanner: shortest code it may type.", 4)


@dataclass(frozen=True)
class PrinterSettings:
    """The thermal slip printer (ESC/POS) and how to reach it."""

    type: str = _doc(
        "none, usb, network, serial, cups or file; none: slips are only archived.",
        "none",
    )
    paper_width_mm: int = _doc("Paper width: 58 (384 dots) or 80 (576 dots).", 58)
    mode: str = _doc(
        "raster (a picture: Chinese on any printer) or gb18030 (the printer's own "
        "Chinese font, for printers too slow for pictures).",
        "raster",
    )
    timeout_seconds: float = _doc(
        "Seconds to wait for the printer to open, answer or take data.", 5.0
    )
    check_status: bool = _doc(
        "Ask the printer for paper-out and offline before and after each slip.", True
    )
    usb_vendor_id: int = _doc("usb: the printer's vendor id (lsusb: 0416:5011).", 0)
    usb_product_id: int = _doc("usb: the printer's product id.", 0)
    host: str = _doc("network: the printer's IP address or host name.", "")
    port: int = _doc("network: the printer's TCP port.", 9100)
    serial_port: str = _doc("serial: the port, e.g. /dev/ttyUSB0.", "")
    baudrate: int = _doc("serial: speed in baud.", 9600)
    cups_printer: str = _doc(
        "cups: the CUPS queue (raw); empty for the default printer.", ""
    )
    device_file: Path = _doc("file: the printer's device file.", Path("/dev/usb/lp0"))


@dataclass(frozen=True)
class ReceiptSettings:
    """What slips say and where copies of them are kept."""

    archive: Path = _doc(
        "Folder where every slip is kept as PNG and text, one folder per day.",
        Path("receipts/archive"),
    )
    footer: str = _doc(
        "Short line at the foot of every slip; empty for the standard reminder.", ""
    )
    school: str = _doc(
        "School name printed above the library name; empty to leave it out.", ""
    )


@dataclass(frozen=True)
class ScreenSettings:
    """The kiosk's screens."""

    idle_seconds: int = _doc(
        "Seconds without a touch or scan before a pupil's session ends.", 45
    )
    countdown_seconds: int = _doc(
        "The last seconds of that wait are counted down on screen.", 10
    )
    carousel_seconds: int = _doc(
        "Seconds each page of the waiting screen stays (instructions, new books,"
        " this week's favourites, notices).",
        8,
    )
    new_days: int = _doc("A title catalogued this many days ago is still new.", 30)
    show_reading_stars: bool = _doc(
        "Show this month's keenest readers (given name and class only).", False
    )
    notices: tuple[str, ...] = _doc(
        "Short notices the waiting screen shows in turn (opening hours, a reading"
        " activity).",
        (),
    )
    covers: Path | None = _doc(
        "A folder of cover pictures named by ISBN (9787530216781.jpg); empty: every"
        " cover is drawn.",
        None,
    )
    high_contrast: bool = _doc(
        "High-contrast colours (black around white cards, darker banners); the"
        " staff menu switches it too.",
        False,
    )


@dataclass(frozen=True)
class SoundSettings:
    """Spoken prompts (Debian's espeak-ng, Mandarin voice cmn)."""

    voice: bool = _doc(
        "Speak every outcome in the screen's language (the staff menu switches it).",
        False,
    )
    volume: float = _doc("Loudness of the voice, 0.0 to 1.0.", 0.8)
    speed: int = _doc("Words a minute (espeak-ng's -s).", 160)


@dataclass(frozen=True)
class CardSettings:
    """Library cards made by the admin tools."""

    valid_years: int = _doc(
        "School years a new card is valid: it expires on 31 July of the last one.",
        3,
    )


@dataclass(frozen=True)
class CatalogueSettings:
    """New copies catalogued by the admin tools: their accession barcodes."""

    accession_prefix: str = _doc(
        "Text before the number of every new accession barcode (often empty).", ""
    )
    accession_digits: int = _doc(
        "Digits of the number, zero-padded (prefix + digits must match"
        " circulation.item_pattern).",
        8,
    )
    accession_start: int = _doc(
        "First number of a new series (later: one past the highest barcode in use).",
        1,
    )
    default_location: str = _doc(
        "Shelf location of new copies when the list names none.", ""
    )


@dataclass(frozen=True)
class RegisterSettings:
    """The registers kept by the admin tools: compensation for lost, damaged books."""

    compensation_factor: float = _doc(
        "Compensation asked for a lost or damaged book: the title's price times this.",
        2.0,
    )
    compensation_minimum: float = _doc(
        "Least compensation asked (yuan), also for a book with no price.", 20.0
    )


@dataclass(frozen=True)
class BackupSettings:
    """Copies of the SQLite library (PostgreSQL: use pg_dump)."""

    folder: Path = _doc("Folder for the daily backups.", Path("var/backups"))
    keep: int = _doc("How many daily backups to keep.", 14)
    daily: bool = _doc("Back the library up once a day when the kiosk starts.", True)


@dataclass(frozen=True)
class PrivacySettings:
    """How long pupils' data is kept (run daily by the kiosk, or admin privacy run)."""

    loan_history_years: int = _doc(
        "Whole school years of loans kept with the borrower's name; older closed"
        " loans keep only an anonymous reader of the same class, grade and type"
        " (one per pupil and school year), so reports of past years add up.",
        3,
    )
    leaver_months: int = _doc(
        "Months after leaving (the rollover) when a pupil with nothing on loan and"
        " nothing owed loses name, card and gender for good.",
        12,
    )
    slip_archive_days: int = _doc(
        "Days an archived slip (a picture and a text, names and titles) is kept.",
        60,
    )
    log_days: int = _doc("Days of log files kept.", 90)
    daily: bool = _doc("Run the retention once a day on the kiosk.", True)


@dataclass(frozen=True)
class OfflineSettings:
    """Store-and-forward: working from a local journal when the database is gone."""

    journal: Path | None = _doc(
        "Local SQLite journal and snapshot used while the library database cannot"
        " be reached; empty to stop the kiosk instead.",
        Path("var/journal.sqlite3"),
    )
    allow_checkout: bool = _doc(
        "Lend books while offline (checked against the snapshot); returns are"
        " always taken.",
        True,
    )
    snapshot_minutes: int = _doc(
        "Minutes between refreshes of the local snapshot of patrons, loans and"
        " holds while online.",
        10,
    )
    retry_seconds: int = _doc(
        "Seconds between attempts to reach the library database while offline.", 30
    )


@dataclass(frozen=True)
class DeskSettings:
    """The librarian's desk: the web back office on the school's network."""

    host: str = _doc(
        "Address the desk listens on: 127.0.0.1 for this PC only, 0.0.0.0 for"
        " the school's network.",
        "127.0.0.1",
    )
    port: int = _doc("TCP port of the desk (open http://HOST:PORT/).", 8080)
    session_minutes: int = _doc(
        "Minutes without a click after which a desk user must sign in again.", 30
    )
    secret_key_file: Path = _doc(
        "File holding the key that signs the desk's session cookies (made once,"
        " readable by the kiosk's user only).",
        Path("var/desk-secret.key"),
    )
    threads: int = _doc("Requests the desk serves at once.", 8)
    max_upload_mb: int = _doc(
        "Largest file (roster, supplier's list, scanner file) the desk accepts, MB.",
        20,
    )


@dataclass(frozen=True)
class Sip2Settings:
    """The SIP2 server for other vendors' self-service machines (``kiosk.py sip2``)."""

    host: str = _doc(
        "Address the SIP2 server listens on: 127.0.0.1 for this PC only, 0.0.0.0"
        " for the school's network.",
        "127.0.0.1",
    )
    port: int = _doc("TCP port of the SIP2 server.", 6001)
    institution_id: str = _doc("This library's institution id (the AO field).", "")
    encoding: str = _doc(
        "Character set of text fields: utf-8, or gb18030 for older Chinese machines.",
        "utf-8",
    )
    timeout_seconds: int = _doc(
        "A connection that sends nothing for this long is closed.", 300
    )
    accounts: tuple[str, ...] = _doc(
        'The machines that may log in, each "user:password:kiosk": its login'
        " user id and password, and the kiosk id its loans are logged under.",
        (),
    )
    journal: Path | None = _doc(
        "Local SQLite journal and snapshot the SIP2 server works from while the"
        " library database cannot be reached (its own: not the kiosk's); empty to"
        " answer that the library cannot be reached instead.",
        Path("var/sip2-journal.sqlite3"),
    )


@dataclass(frozen=True)
class DemoSettings:
    """The embedded demo library used by ``--demo``."""

    database: Path = _doc("SQLite file of the demo library.", Path("var/demo.sqlite3"))


@dataclass(frozen=True)
class LoggingSettings:
    """Where the kiosk writes its log."""

    level: str = _doc("DEBUG, INFO, WARNING or ERROR.", "INFO")
    file: Path | None = _doc(
        "Log file; empty for standard error.", Path("var/kiosk.log")
    )


@dataclass(frozen=True)
class Settings:
    """Everything config.toml says, loaded once at start-up."""

    source: Path
    library: LibrarySettings = field(default_factory=LibrarySettings)
    database: DatabaseSettings = field(default_factory=DatabaseSettings)
    circulation: CirculationSettings = field(default_factory=CirculationSettings)
    scan: ScanSettings = field(default_factory=ScanSettings)
    printer: PrinterSettings = field(default_factory=PrinterSettings)
    receipts: ReceiptSettings = field(default_factory=ReceiptSettings)
    screens: ScreenSettings = field(default_factory=ScreenSettings)
    sound: SoundSettings = field(default_factory=SoundSettings)
    backup: BackupSettings = field(default_factory=BackupSettings)
    cards: CardSettings = field(default_factory=CardSettings)
    catalogue: CatalogueSettings = field(default_factory=CatalogueSettings)
    registers: RegisterSettings = field(default_factory=RegisterSettings)
    privacy: PrivacySettings = field(default_factory=PrivacySettings)
    offline: OfflineSettings = field(default_factory=OfflineSettings)
    desk: DeskSettings = field(default_factory=DeskSettings)
    sip2: Sip2Settings = field(default_factory=Sip2Settings)
    demo: DemoSettings = field(default_factory=DemoSettings)
    logging: LoggingSettings = field(default_factory=LoggingSettings)


SECTIONS: dict[str, type] = {
    f.name: f.default_factory  # type: ignore[misc]
    for f in dataclasses.fields(Settings)
    if f.name != "source"
}


def all_keys() -> list[tuple[str, str, str]]:
    """Return (section, key, doc) for every setting, for docs and tests."""
    return [
        (section, f.name, f.metadata["doc"])
        for section, cls in SECTIONS.items()
        for f in dataclasses.fields(cls)
    ]


def config_path(cli_path: str | None) -> Path:
    """Choose the file: ``--config``, then ``KIOSK_CONFIG``, then config.toml."""
    chosen = cli_path or os.environ.get("KIOSK_CONFIG") or DEFAULT_CONFIG
    return Path(chosen).expanduser().resolve()


def load_config(path: Path) -> Settings:
    """Read, check and freeze the configuration file."""
    try:
        with path.open("rb") as f:
            raw = tomllib.load(f)
    except FileNotFoundError:
        raise ConfigError(
            f"{path}: file not found. Fix: copy config.toml from the kiosk's folder "
            "or pass --config PATH."
        ) from None
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(
            f"{path}: not valid TOML ({e}). Fix the line named."
        ) from None
    sections = {}
    for name, value in raw.items():
        if name not in SECTIONS:
            _unknown(path, name, list(SECTIONS), "section")
        if not isinstance(value, dict):
            raise ConfigError(f"{path}: [{name}] must be a table. Fix: write [{name}].")
        sections[name] = _load_section(path, name, SECTIONS[name], value)
    return _resolve_paths(Settings(source=path, **sections))


def _unknown(path: Path, key: str, known: list[str], what: str) -> typing.NoReturn:
    close = difflib.get_close_matches(key, known, n=1)
    hint = f"did you mean {close[0]!r}?" if close else f"known: {', '.join(known)}."
    raise ConfigError(f"{path}: unknown {what} {key!r}. Fix: remove it or {hint}")


def _load_section(path: Path, section: str, cls: type, raw: dict) -> object:
    hints = typing.get_type_hints(cls)
    names = [f.name for f in dataclasses.fields(cls)]
    values = {}
    for key, value in raw.items():
        if key not in names:
            _unknown(path, f"{section}.{key}", [f"{section}.{n}" for n in names], "key")
        where = f"{path}: [{section}] {key}"
        values[key] = _coerce(where, hints[key], value)
    obj = cls(**values)
    _validate(path, section, obj)
    return obj


_TYPE_WORDS = {
    str: "text in quotes",
    int: "a whole number",
    float: "a number",
    bool: "true or false",
    dt.date: "a date like 2027-01-22",
    Path: "a file path in quotes",
}


def _coerce(where: str, hint: object, value: object) -> object:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        inner = next(a for a in typing.get_args(hint) if a is not type(None))
        if inner is Path and value == "":
            return None
        return _coerce(where, inner, value)
    if origin is tuple:
        (item_type, _) = typing.get_args(hint)
        if not isinstance(value, list):
            raise ConfigError(f"{where}: expected a list like [6, 7]. Fix the value.")
        return tuple(_coerce(where, item_type, v) for v in value)
    ok = {
        int: isinstance(value, int) and not isinstance(value, bool),
        float: isinstance(value, int | float) and not isinstance(value, bool),
        dt.date: isinstance(value, dt.date) and not isinstance(value, dt.datetime),
        Path: isinstance(value, str) and value != "",
    }.get(hint, isinstance(value, hint))  # type: ignore[arg-type]
    if not ok:
        raise ConfigError(
            f"{where}: expected {_TYPE_WORDS[hint]}, got {value!r}. "  # type: ignore[index]
            "Fix the value."
        )
    if hint is float:
        return float(value)  # type: ignore[arg-type]
    return Path(str(value)).expanduser() if hint is Path else value


def _validate(path: Path, section: str, obj: object) -> None:
    """Refuse values that type-check but cannot work."""
    problems = _problems(obj)
    if problems:
        key, fix = problems[0]
        raise ConfigError(f"{path}: [{section}] {key}: {fix}")


def split_account(text: str) -> tuple[str, str, str]:
    """``user:password:kiosk`` as its three parts (a password may hold colons)."""
    user, _, rest = text.partition(":")
    password, _, kiosk = rest.rpartition(":")
    return user, password, kiosk


def _sip2_problems(obj: Sip2Settings) -> list[tuple[str, str]]:
    found = []
    if not 1 <= obj.port <= 65535:
        found.append(("port", "use a TCP port from 1 to 65535."))
    try:
        "".encode(obj.encoding)
    except LookupError:
        found.append(("encoding", "use utf-8 or gb18030."))
    if obj.timeout_seconds < 1:
        found.append(("timeout_seconds", "must be at least 1 second."))
    for account in obj.accounts:
        if not all(split_account(account)):
            found.append(
                ("accounts", f'{account!r}: write "user:password:kiosk", none empty.')
            )
    return found


def _problems(obj: object) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    if isinstance(obj, LibrarySettings):
        if obj.language not in LANGUAGES:
            found.append(("language", f"must be one of {', '.join(LANGUAGES)}."))
        if not obj.kiosk_id.strip():
            found.append(("kiosk_id", "must not be empty; name this kiosk."))
    elif isinstance(obj, DatabaseSettings):
        if obj.busy_timeout_ms < 0:
            found.append(("busy_timeout_ms", "must be 0 or more milliseconds."))
        if obj.url and not obj.url.startswith(("postgresql://", "postgres://")):
            found.append(
                ("url", "use postgresql://user:password@host:port/name or ''.")
            )
    elif isinstance(obj, CirculationSettings):
        days = set(obj.closed_weekdays)
        if not days <= set(range(1, 8)):
            found.append(("closed_weekdays", "use 1 (Monday) to 7 (Sunday)."))
        elif len(days) == 7:
            found.append(("closed_weekdays", "the library must open on some day."))
        for key in ("patron_pattern", "item_pattern"):
            try:
                re.compile(getattr(obj, key))
            except re.error as e:
                found.append((key, f"not a valid regular expression ({e})."))
    elif isinstance(obj, PrivacySettings):
        for key in ("loan_history_years", "leaver_months", "slip_archive_days"):
            if getattr(obj, key) < 1:
                found.append((key, "must be 1 or more."))
        if obj.log_days < 1:
            found.append(("log_days", "must be 1 day or more."))
    elif isinstance(obj, OfflineSettings):
        if obj.snapshot_minutes < 1:
            found.append(("snapshot_minutes", "must be 1 minute or more."))
        if obj.retry_seconds < 1:
            found.append(("retry_seconds", "must be 1 second or more."))
    elif isinstance(obj, DeskSettings):
        found += _desk_problems(obj)
    elif isinstance(obj, Sip2Settings):
        found += _sip2_problems(obj)
    elif isinstance(obj, SoundSettings):
        if not 0.0 <= obj.volume <= 1.0:
            found.append(("volume", "must be from 0.0 to 1.0."))
        if not 80 <= obj.speed <= 450:
            found.append(("speed", "must be from 80 to 450 words a minute."))
    elif isinstance(obj, BackupSettings):
        if obj.keep < 1:
            found.append(("keep", "keep at least 1 backup."))
    elif isinstance(obj, ScreenSettings):
        if obj.idle_seconds < 5:
            found.append(("idle_seconds", "must be at least 5 seconds."))
        if not 0 <= obj.countdown_seconds < obj.idle_seconds:
            found.append(
                ("countdown_seconds", "must be 0 or more and below idle_seconds.")
            )
        if obj.carousel_seconds < 2:
            found.append(("carousel_seconds", "must be at least 2 seconds."))
        if obj.new_days < 1:
            found.append(("new_days", "must be at least 1 day."))
    elif isinstance(obj, ScanSettings):
        found += _scan_problems(obj)
    elif isinstance(obj, CatalogueSettings):
        if not 1 <= obj.accession_digits <= 18:
            found.append(("accession_digits", "must be 1 to 18 digits."))
        if obj.accession_start < 0:
            found.append(("accession_start", "must be 0 or more."))
    elif isinstance(obj, RegisterSettings):
        for key in ("compensation_factor", "compensation_minimum"):
            if getattr(obj, key) < 0:
                found.append((key, "must be 0 or more."))
    elif isinstance(obj, CardSettings) and not 1 <= obj.valid_years <= 10:
        found.append(("valid_years", "must be 1 to 10 school years."))
    elif isinstance(obj, PrinterSettings):
        found += _printer_problems(obj)
    elif isinstance(obj, ReceiptSettings) and len(obj.footer) > FOOTER_MAX:
        found.append(("footer", f"keep it to {FOOTER_MAX} characters or fewer."))
    elif isinstance(obj, LoggingSettings) and obj.level not in LOG_LEVELS:
        found.append(("level", f"must be one of {', '.join(LOG_LEVELS)}."))
    return found


def _desk_problems(obj: DeskSettings) -> list[tuple[str, str]]:
    found = []
    if not obj.host.strip():
        found.append(("host", "use 127.0.0.1 (this PC) or 0.0.0.0 (the network)."))
    if not 1 <= obj.port <= 65535:
        found.append(("port", "must be a TCP port from 1 to 65535 (e.g. 8080)."))
    if not 1 <= obj.session_minutes <= 24 * 60:
        found.append(("session_minutes", "must be 1 to 1440 minutes."))
    if not 1 <= obj.threads <= 64:
        found.append(("threads", "must be 1 to 64."))
    if not 1 <= obj.max_upload_mb <= 1024:
        found.append(("max_upload_mb", "must be 1 to 1024."))
    return found


def _scan_problems(obj: ScanSettings) -> list[tuple[str, str]]:
    found = []
    unknown = [s for s in obj.symbologies if s not in SYMBOLOGIES]
    if unknown:
        found.append(
            ("symbologies", f"unknown {unknown[0]!r}; use {' '.join(SYMBOLOGIES)}.")
        )
    if not obj.symbologies:
        found.append(("symbologies", "list at least one barcode type."))
    for key in ("width", "height", "fps", "confirm_frames", "wedge_min_length"):
        if getattr(obj, key) < 1:
            found.append((key, "must be 1 or more."))
    for key in ("reopen_seconds", "rescan_seconds", "wedge_max_gap_ms"):
        if getattr(obj, key) <= 0:
            found.append((key, "must be more than 0."))
    return found


def _printer_problems(obj: PrinterSettings) -> list[tuple[str, str]]:
    found = []
    for key, allowed in (
        ("type", PRINTER_TYPES),
        ("paper_width_mm", PAPER_WIDTHS_MM),
        ("mode", PRINT_MODES),
    ):
        if getattr(obj, key) not in allowed:
            found.append((key, f"must be one of {', '.join(map(str, allowed))}."))
    if obj.timeout_seconds <= 0:
        found.append(("timeout_seconds", "must be more than 0."))
    if not 1 <= obj.port <= 65535:
        found.append(("port", "must be a TCP port from 1 to 65535 (usually 9100)."))
    if obj.baudrate < 1:
        found.append(("baudrate", "must be 1 or more (usually 9600 or 115200)."))
    for key in ("usb_vendor_id", "usb_product_id"):
        if not 0 <= getattr(obj, key) <= 0xFFFF:
            found.append((key, "must be a 4-digit hex id like 0x0416."))
    found += _transport_problems(obj)
    return found


def _transport_problems(obj: PrinterSettings) -> list[tuple[str, str]]:
    """The keys the chosen transport cannot do without."""
    if obj.type == "usb" and not (obj.usb_vendor_id and obj.usb_product_id):
        key = "usb_product_id" if obj.usb_vendor_id else "usb_vendor_id"
        return [(key, 'type = "usb" needs both ids; lsusb shows them as 0416:5011.')]
    if obj.type == "network" and not obj.host.strip():
        return [("host", 'type = "network" needs the printer\'s address.')]
    if obj.type == "serial" and not obj.serial_port.strip():
        return [("serial_port", 'type = "serial" needs a port like /dev/ttyUSB0.')]
    return []


def _resolve_paths(settings: Settings) -> Settings:
    """Make relative paths relative to the config file's folder, not the CWD."""
    base = settings.source.parent
    changes = {}
    for name in SECTIONS:
        section = getattr(settings, name)
        fixed = {
            f.name: base / value
            for f in dataclasses.fields(section)
            if isinstance(value := getattr(section, f.name), Path)
            and not value.is_absolute()
        }
        changes[name] = dataclasses.replace(section, **fixed)
    return dataclasses.replace(settings, **changes)
