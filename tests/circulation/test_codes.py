"""Classifying scans: cards, ISBNs, ISSNs, copies, damaged and unknown codes."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.circulation.codes import Classifier, CodeKind
from tests.conftest import ISBN_ONE, ISSN, ISSN_EAN

CLASSIFIER = Classifier(r"^[ST][0-9]{7}$", r"^[0-9]{8}$")


@pytest.mark.parametrize(
    ("raw", "kind", "value", "addon"),
    [
        ("S0000001", CodeKind.PATRON, "S0000001", None),
        ("  T1234567\r\n", CodeKind.PATRON, "T1234567", None),
        ("10000001", CodeKind.ITEM, "10000001", None),
        ("9787020002207", CodeKind.ISBN, "9787020002207", None),
        ("978-7-02-000220-7", CodeKind.ISBN, "9787020002207", None),
        ("978702000220712345", CodeKind.ISBN, "9787020002207", "12345"),
        ("9787020002207 12345", CodeKind.ISBN, "9787020002207", "12345"),
        ("9787020002207 12", CodeKind.ISBN, "9787020002207", "12"),
        ("702000220X", CodeKind.ISBN, "9787020002207", None),
        ("7-02-000220-x", CodeKind.ISBN, "9787020002207", None),
        ("080442957X", CodeKind.ISBN, "9780804429573", None),
        ("080442957x", CodeKind.ISBN, "9780804429573", None),
        ("9791032305690", CodeKind.ISBN, "9791032305690", None),
        (ISSN_EAN, CodeKind.ISSN, ISSN, None),
        ("9787020002208", CodeKind.INVALID, "9787020002208", None),
        ("978702000220812345", CodeKind.INVALID, "9787020002208", None),
        ("7020002208", CodeKind.INVALID, "7020002208", None),
        ("4006381333931", CodeKind.UNKNOWN, "", None),  # a pencil, not a book
        ("", CodeKind.UNKNOWN, "", None),
        ("   ", CodeKind.UNKNOWN, "", None),
        ("S00000011", CodeKind.UNKNOWN, "", None),
        ("hello\x00world", CodeKind.UNKNOWN, "", None),
        ("9" * 200, CodeKind.UNKNOWN, "", None),
        ("红楼梦", CodeKind.UNKNOWN, "", None),
    ],
)
def test_classify(raw: str, kind: CodeKind, value: str, addon: str | None) -> None:
    code = CLASSIFIER.classify(raw)
    assert (code.kind, code.value, code.addon) == (kind, value, addon)
    assert code.raw == raw


def test_isbn_fixture_is_valid() -> None:
    assert CLASSIFIER.classify(ISBN_ONE).kind is CodeKind.ISBN


def test_patterns_are_configurable() -> None:
    numeric_cards = Classifier(r"^2[0-9]{9}$", r"^A[0-9]{6}$")
    assert numeric_cards.classify("2024030115").kind is CodeKind.PATRON
    assert numeric_cards.classify("A123456").kind is CodeKind.ITEM
    assert numeric_cards.classify("10000001").kind is CodeKind.UNKNOWN


def test_bookland_wins_over_a_greedy_item_pattern() -> None:
    greedy = Classifier(r"^S[0-9]+$", r"^[0-9]+$")
    assert greedy.classify("9787020002207").kind is CodeKind.ISBN
    assert greedy.classify("9787020002208").kind is CodeKind.INVALID


def test_an_item_pattern_that_matches_ten_digits_wins_over_a_bad_isbn10() -> None:
    ten_digit_items = Classifier(r"^S[0-9]+$", r"^[0-9]{10}$")
    assert ten_digit_items.classify("1234567890").kind is CodeKind.ITEM


@settings(max_examples=500)
@given(st.text(max_size=80))
def test_classify_never_raises(raw: str) -> None:
    code = CLASSIFIER.classify(raw)
    assert code.kind in set(CodeKind)
    if code.kind in (CodeKind.ISBN,):
        assert len(code.value) == 13
