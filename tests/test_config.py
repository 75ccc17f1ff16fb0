"""Configuration: defaults, overrides and one clear error per mistake."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from kiosk.config import DEFAULT_CONFIG, Settings, config_path, load_config
from kiosk.errors import ConfigError


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "kiosk.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_config_loads() -> None:
    settings = load_config(DEFAULT_CONFIG)
    assert settings.library.language == "zh-CN"
    assert settings.circulation.closed_weekdays == (6, 7)
    assert settings.database.path == DEFAULT_CONFIG.parent / "var/library.sqlite3"


def test_settings_are_frozen() -> None:
    settings = load_config(DEFAULT_CONFIG)
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.library.name = "x"  # type: ignore[misc]


def test_an_empty_file_gives_the_defaults(tmp_path: Path) -> None:
    settings = load_config(write(tmp_path, ""))
    assert settings.library.kiosk_id == "kiosk-1"
    assert settings.circulation.term_end is None
    assert settings.database.path == tmp_path / "var/library.sqlite3"


def test_values_are_read(tmp_path: Path) -> None:
    settings = load_config(
        write(
            tmp_path,
            "[circulation]\nterm_end = 2027-01-22\nclosed_weekdays = [7]\n"
            '[library]\nlanguage = "en"\n[logging]\nfile = ""\n'
            '[database]\npath = "/srv/lib.sqlite3"\n',
        )
    )
    assert settings.circulation.term_end == dt.date(2027, 1, 22)
    assert settings.circulation.closed_weekdays == (7,)
    assert settings.library.language == "en"
    assert settings.logging.file is None
    assert settings.database.path == Path("/srv/lib.sqlite3")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[libary]\n", "unknown section 'libary'. Fix: remove it or did you mean"),
        ("[library]\nnmae = 'x'\n", "unknown key 'library.nmae'"),
        ("[library]\nlanguage = 'fr'\n", "[library] language: must be one of zh-CN"),
        ("[library]\nkiosk_id = ' '\n", "[library] kiosk_id: must not be empty"),
        ("[database]\nbusy_timeout_ms = '5s'\n", "expected a whole number, got '5s'"),
        ("[database]\nbusy_timeout_ms = true\n", "expected a whole number"),
        ("[database]\nbusy_timeout_ms = -1\n", "must be 0 or more"),
        ("[database]\npath = 3\n", "[database] path: expected a file path"),
        ("[circulation]\nterm_end = '2027-01-22'\n", "expected a date like"),
        ("[circulation]\nclosed_weekdays = 6\n", "expected a list like [6, 7]"),
        ("[circulation]\nclosed_weekdays = [0]\n", "use 1 (Monday) to 7 (Sunday)"),
        ("[circulation]\nclosed_weekdays = [1,2,3,4,5,6,7]\n", "must open on some"),
        ("[circulation]\noverdue_blocks_checkout = 1\n", "expected true or false"),
        ("[circulation]\npatron_pattern = '^[S'\n", "not a valid regular expression"),
        ("[logging]\nlevel = 'LOUD'\n", "[logging] level: must be one of DEBUG"),
        ("library = 3\n", "[library] must be a table"),
        ("[library\n", "not valid TOML"),
    ],
)
def test_mistakes_stop_with_one_clear_line(
    tmp_path: Path, text: str, expected: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as err:
        load_config(path)
    message = str(err.value)
    assert expected in message
    assert str(path) in message
    assert "Fix" in message or ":" in message
    assert "\n" not in message


def test_missing_file_says_how_to_fix(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"file not found\. Fix"):
        load_config(tmp_path / "nope.toml")


def test_path_choice_order(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("KIOSK_CONFIG", raising=False)
    assert config_path(None) == DEFAULT_CONFIG
    monkeypatch.setenv("KIOSK_CONFIG", str(tmp_path / "env.toml"))
    assert config_path(None) == tmp_path / "env.toml"
    assert config_path(str(tmp_path / "cli.toml")) == tmp_path / "cli.toml"


def test_settings_type_names_every_section() -> None:
    names = {f.name for f in dataclasses.fields(Settings)}
    assert names == {
        "source",
        "library",
        "database",
        "circulation",
        "scan",
        "printer",
        "receipts",
        "screens",
        "sound",
        "cards",
        "catalogue",
        "registers",
        "backup",
        "privacy",
        "offline",
        "desk",
        "sip2",
        "demo",
        "logging",
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[scan]\nsymbologies = ['EAN13', 'PDF417']\n", "unknown 'PDF417'"),
        ("[scan]\nsymbologies = []\n", "list at least one"),
        ("[scan]\nfps = 0\n", "[scan] fps: must be 1 or more"),
        ("[offline]\nretry_seconds = 0\n", "[offline] retry_seconds: must be 1"),
        ("[offline]\nsnapshot_minutes = 0\n", "snapshot_minutes: must be 1 minute"),
        ("[catalogue]\naccession_digits = 0\n", "accession_digits: must be 1 to 18"),
        ("[catalogue]\naccession_start = -1\n", "accession_start: must be 0 or more"),
        ("[scan]\nrescan_seconds = 0\n", "[scan] rescan_seconds: must be more than 0"),
        ("[scan]\nreopen_seconds = 'soon'\n", "expected a number, got 'soon'"),
        ("[scan]\ncamera = 0\n", "[scan] camera: expected text in quotes"),
    ],
)
def test_scan_mistakes(tmp_path: Path, text: str, expected: str) -> None:
    with pytest.raises(ConfigError, match=None) as err:
        load_config(write(tmp_path, text))
    assert expected in str(err.value)


def test_scan_numbers_accept_ints_for_seconds(tmp_path: Path) -> None:
    settings = load_config(write(tmp_path, "[scan]\nrescan_seconds = 3\n"))
    assert settings.scan.rescan_seconds == 3.0
    assert isinstance(settings.scan.rescan_seconds, float)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[screens]\nidle_seconds = 2\n", "[screens] idle_seconds: must be at least 5"),
        ("[screens]\ncountdown_seconds = 60\n", "below idle_seconds"),
        ("[cards]\nvalid_years = 0\n", "[cards] valid_years: must be 1 to 10"),
        ("[registers]\ncompensation_factor = -1\n", "must be 0 or more"),
    ],
)
def test_screen_mistakes(tmp_path: Path, text: str, expected: str) -> None:
    with pytest.raises(ConfigError) as err:
        load_config(write(tmp_path, text))
    assert expected in str(err.value)
