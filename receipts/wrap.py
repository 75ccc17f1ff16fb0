"""Line breaking for slips, by measured width (pure).

A line never breaks inside a character (a combining mark stays with its base),
inside a run of Latin letters and digits (an ISBN, a barcode, an English word)
unless that run alone is wider than the line, and follows the Chinese rules
(避头尾): closing marks such as 》，。： never start a line and opening marks
such as 《 never end one. A bracketed title that fits on a line is kept whole
(《红楼梦》 moves to the next line rather than break), and a longer one breaks
with its 《 and 》 attached to words.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

NO_LINE_START = frozenset("》」』）)］]】〕〉〗’”，。、：；！？,.:;!?…‥%‰·・ー～")
NO_LINE_END = frozenset("《「『（(［[【〔〈〖‘“")
PAIRS = {"《": "》", "「": "」", "『": "』", "（": "）", "(": ")", "【": "】", "“": "”"}

Measure = Callable[[str], float]


def text_columns(text: str) -> int:
    """Width in printer columns: ASCII is 1, anything else 2 (GB18030 printers).

    A Chinese ESC/POS printer prints every multi-byte GB18030 character in a
    double-width cell, so this also sizes the plain-text rendering.
    """
    return sum(
        0 if unicodedata.combining(ch) else 1 if ord(ch) < 0x80 else 2 for ch in text
    )


def wrap(text: str, width: float, measure: Measure) -> list[str]:
    """Break ``text`` into lines no wider than ``width`` (by ``measure``).

    Returns at least one line (an empty string for empty text). Spaces at a
    break are dropped.
    """
    lines: list[str] = []
    line = ""
    space = False
    for unit in _keep_pairs(_units(text), width, measure):
        if unit.isspace():
            space = bool(line)
            continue
        candidate = f"{line}{' ' if space else ''}{unit}"
        space = False
        if measure(candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        pieces = _split_long(unit, width, measure)
        lines.extend(pieces[:-1])
        line = pieces[-1]
    lines.append(line)
    return lines


def _units(text: str) -> list[str]:
    """Unbreakable pieces: words, single CJK characters, glued punctuation."""
    raw: list[str] = []
    for ch in text:
        joins = raw and (
            unicodedata.combining(ch)
            or (_is_word_char(ch) and _is_word_char(raw[-1][-1]))
        )
        if joins:
            raw[-1] += ch
        else:
            raw.append(ch)
    units: list[str] = []
    glue_next = False
    for unit in raw:
        attach = units and not unit.isspace() and not units[-1].isspace()
        if attach and (glue_next or unit[0] in NO_LINE_START):
            units[-1] += unit
        else:
            units.append(unit)
        glue_next = units[-1][-1] in NO_LINE_END
    return units


def _keep_pairs(units: list[str], width: float, measure: Measure) -> list[str]:
    """Make a bracketed title one piece when it fits on a line: 《红楼梦》 whole."""
    out: list[str] = []
    i = 0
    while i < len(units):
        end = _closing(units, i)
        if end is not None and end > i:
            group = "".join(units[i : end + 1])
            if measure(group) <= width:
                out.append(group)
                i = end + 1
                continue
        out.append(units[i])
        i += 1
    return out


def _closing(units: list[str], start: int) -> int | None:
    """The index of the unit closing the bracket that opens ``units[start]``."""
    opener = units[start][0]
    if opener not in PAIRS:
        return None
    depth = 0
    for index in range(start, len(units)):
        for ch in units[index]:
            if ch == opener:
                depth += 1
            elif ch == PAIRS[opener]:
                depth -= 1
                if depth == 0:
                    return index
    return None


def _is_word_char(ch: str) -> bool:
    """Latin letters, digits and the marks inside codes (978-7-02, No.5)."""
    return ord(ch) < 0x2E80 and not ch.isspace() and ch not in NO_LINE_END


def _split_long(unit: str, width: float, measure: Measure) -> list[str]:
    """Cut a piece wider than a line between characters (never inside one)."""
    if measure(unit) <= width:
        return [unit]
    pieces = [""]
    for ch in _characters(unit):
        if pieces[-1] and measure(pieces[-1] + ch) > width:
            pieces.append("")
        pieces[-1] += ch
    return pieces


def _characters(text: str) -> list[str]:
    chars: list[str] = []
    for ch in text:
        if chars and unicodedata.combining(ch):
            chars[-1] += ch
        else:
            chars.append(ch)
    return chars
