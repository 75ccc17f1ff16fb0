"""The remembered kiosk state survives restarts and damage."""

from __future__ import annotations

from pathlib import Path

from kiosk.state import KioskState, load_state, save_state, state_path, update_state


def test_round_trip(tmp_path: Path) -> None:
    path = state_path(tmp_path / "library.sqlite3")
    assert path.name == "library.state.json"
    assert load_state(path) == KioskState()
    update_state(path, mode="returns", language="en")
    assert load_state(path) == KioskState(mode="returns", language="en")


def test_damaged_file_gives_defaults(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text("{not json")
    assert load_state(path) == KioskState()
    path.write_text('["a list"]')
    assert load_state(path) == KioskState()


def test_unknown_keys_are_ignored_and_no_temp_files_remain(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text('{"mode": "class", "colour": "red"}')
    assert load_state(path).mode == "class"
    save_state(path, KioskState(mode="checkout"))
    assert [p.name for p in tmp_path.iterdir()] == ["s.json"]
