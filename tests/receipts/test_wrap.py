"""Line breaking: by measured width, never inside a character, CJK rules."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from receipts.wrap import NO_LINE_END, NO_LINE_START, text_columns, wrap

TITLE = "《钢铁是怎样炼成的》：保尔·柯察金的故事，一本好书。"


@pytest.mark.parametrize("width", range(6, 40))
def test_brackets_and_punctuation_never_at_the_wrong_end(width: int) -> None:
    lines = wrap(TITLE, width, text_columns)
    assert "".join(lines) == TITLE
    for line in lines:
        assert text_columns(line) <= width
        assert line[0] not in NO_LINE_START, lines
        assert line[-1] not in NO_LINE_END, lines


def test_a_title_keeps_its_brackets_with_its_words() -> None:
    assert wrap("《红楼梦》，《西游记》", 12, text_columns) == [
        "《红楼梦》，",
        "《西游记》",
    ]
    # 《红楼梦》， is too long for a line: it breaks with 《 and 》 attached to
    # words; 《西游记》 fits, so it is kept whole on the next line.
    assert wrap("《红楼梦》，《西游记》", 10, text_columns) == [
        "《红楼",
        "梦》，",
        "《西游记》",
    ]


def test_latin_words_and_codes_are_not_split() -> None:
    lines = wrap("Twenty Thousand Leagues Under the Sea", 16, text_columns)
    assert lines == ["Twenty Thousand", "Leagues Under", "the Sea"]
    assert wrap("ISBN 9787020002207", 14, text_columns) == ["ISBN", "9787020002207"]


def test_a_word_wider_than_the_line_is_cut_between_characters() -> None:
    assert wrap("9787020002207", 5, text_columns) == ["97870", "20002", "207"]


def test_a_combining_mark_stays_with_its_letter() -> None:
    lines = wrap("Bronte\u0308 Bronte\u0308", 6, text_columns)
    assert lines == ["Bronte\u0308", "Bronte\u0308"]
    assert wrap("e\u0301" * 4, 2, text_columns) == ["e\u0301e\u0301", "e\u0301e\u0301"]


def test_empty_text_is_one_empty_line() -> None:
    assert wrap("", 10, text_columns) == [""]


@pytest.mark.parametrize(
    ("text", "columns"),
    [("abc", 3), ("红楼梦", 6), ("《》：，", 8), ("e\u0301", 1), ("", 0)],
)
def test_printer_columns(text: str, columns: int) -> None:
    assert text_columns(text) == columns


@given(
    st.text(
        alphabet="红楼梦草房子书abcXYZ0189 《》：，。（）-", min_size=0, max_size=80
    ),
    st.integers(min_value=8, max_value=40),
)
def test_wrapping_loses_and_reorders_nothing(text: str, width: int) -> None:
    lines = wrap(text, width, text_columns)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    for line in lines:
        assert text_columns(line) <= width or len(line) == 1
