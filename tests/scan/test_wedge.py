"""Telling a USB hand scanner from a person at the keyboard by key timing."""

from __future__ import annotations

import pytest

from kiosk.scan.events import ScanEvent
from kiosk.scan.wedge import WedgeDetector

SCANNER_MS = 8
PERSON_MS = 180


def type_keys(
    wedge: WedgeDetector, text: str, gap_ms: float, start: float = 10.0
) -> float:
    """Type ``text`` with ``gap_ms`` between keys; return the time of the last key."""
    at = start
    for i, char in enumerate(text):
        at = start + i * gap_ms / 1000
        wedge.key(char, at)
    return at


@pytest.mark.parametrize("gap_ms", [5, 8, 15, 40])
@pytest.mark.parametrize("text", ["10000001", "9787020002207", "S0000001", "ABCD"])
def test_scanner_speed_keys_and_enter_are_a_scan(text: str, gap_ms: int) -> None:
    wedge = WedgeDetector()
    last = type_keys(wedge, text, gap_ms)

    event = wedge.enter(last + gap_ms / 1000)

    assert event == ScanEvent(
        text, symbology="wedge", origin="wedge", at=last + gap_ms / 1000
    )
    assert wedge.take_typed() == ""


@pytest.mark.parametrize("gap_ms", [120, 180, 300])
def test_person_speed_typing_is_typed_text(gap_ms: int) -> None:
    wedge = WedgeDetector()
    last = type_keys(wedge, "10000001", gap_ms)

    assert wedge.enter(last + 0.005) is None
    assert wedge.take_typed() == "10000001"
    assert wedge.take_typed() == ""


@pytest.mark.parametrize("text", ["1", "12", "123"])
def test_fast_burst_shorter_than_a_code_is_typed_text(text: str) -> None:
    wedge = WedgeDetector(min_length=4)
    last = type_keys(wedge, text, SCANNER_MS)

    assert wedge.enter(last + 0.008) is None
    assert wedge.take_typed() == text


@pytest.mark.parametrize(
    ("enter_after_ms", "is_scan"),
    [(10, True), (60, True), (95, True), (150, False), (500, False)],
)
def test_enter_may_lag_up_to_twice_the_key_gap(
    enter_after_ms: int, is_scan: bool
) -> None:
    wedge = WedgeDetector(max_gap_ms=50)
    last = type_keys(wedge, "10000001", SCANNER_MS)

    event = wedge.enter(last + enter_after_ms / 1000)

    assert (event is not None) is is_scan
    assert wedge.take_typed() == ("" if is_scan else "10000001")


def test_person_types_then_scanner_fires() -> None:
    wedge = WedgeDetector()
    typed_until = type_keys(wedge, "12", PERSON_MS)
    last = type_keys(wedge, "10000003", SCANNER_MS, start=typed_until + 0.4)

    event = wedge.enter(last + 0.01)

    assert event is not None
    assert event.text == "10000003"
    assert wedge.take_typed() == "12"


def test_person_interrupting_a_burst_makes_it_all_typed_text() -> None:
    wedge = WedgeDetector()
    last = type_keys(wedge, "1000", SCANNER_MS)
    wedge.key("x", last + 0.25)

    assert wedge.enter(last + 0.26) is None
    assert wedge.take_typed() == "1000x"


def test_fast_suffix_after_a_pause_is_still_a_scan() -> None:
    wedge = WedgeDetector()
    last = type_keys(wedge, "999", SCANNER_MS)
    last = type_keys(wedge, "10000001", SCANNER_MS, start=last + 0.2)

    event = wedge.enter(last + 0.01)

    assert event is not None
    assert event.text == "10000001"
    assert wedge.take_typed() == "999"


def test_two_scans_in_a_row() -> None:
    wedge = WedgeDetector()
    first = wedge.enter(type_keys(wedge, "S0000001", SCANNER_MS) + 0.01)
    second = wedge.enter(type_keys(wedge, "10000001", SCANNER_MS, start=11.0) + 0.01)

    assert first is not None
    assert second is not None
    assert (first.text, second.text) == ("S0000001", "10000001")


def test_backspace_removes_the_last_typed_character() -> None:
    wedge = WedgeDetector()
    last = type_keys(wedge, "1234", PERSON_MS)
    wedge.backspace(last + 0.2)
    wedge.key("5", last + 0.4)

    assert wedge.enter(last + 0.6) is None
    assert wedge.take_typed() == "1235"


def test_backspace_ends_a_burst() -> None:
    wedge = WedgeDetector()
    last = type_keys(wedge, "12345", SCANNER_MS)
    wedge.backspace(last + 0.005)

    assert wedge.enter(last + 0.01) is None
    assert wedge.take_typed() == "1234"


def test_backspace_on_nothing_does_nothing() -> None:
    wedge = WedgeDetector()
    wedge.backspace(1.0)

    assert wedge.take_typed() == ""


def test_typed_keys_are_released_once_no_enter_can_follow() -> None:
    wedge = WedgeDetector(max_gap_ms=50)
    last = type_keys(wedge, "12", PERSON_MS)

    assert wedge.take_typed(now=last + 0.05) == "1"  # "2" could still start a scan
    assert wedge.take_typed(now=last + 0.2) == "2"


def test_empty_key_is_ignored_and_input_method_text_is_typed() -> None:
    wedge = WedgeDetector()
    wedge.key("", 1.0)
    wedge.key("李明", 1.001)
    last = type_keys(wedge, "1234", SCANNER_MS, start=1.002)

    event = wedge.enter(last + 0.005)

    assert event is not None
    assert event.text == "1234"
    assert wedge.take_typed() == "李明"
