"""Class names of a Chinese junior middle school: 初一(3)班 ... 初三(12)班."""

from __future__ import annotations

import re
from dataclasses import dataclass

_GRADES = {"初一": 7, "初二": 8, "初三": 9, "七年级": 7, "八年级": 8, "九年级": 9}
_NAMES = {7: "初一", 8: "初二", 9: "初三"}
_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_CLASS = re.compile(
    r"^(?P<grade>初[一二三]|[七八九]年级)\s*[(（]?\s*(?P<number>[0-9]{1,2})\s*[)）]?\s*班?$"
)
LAST_GRADE = 9


@dataclass(frozen=True)
class SchoolClass:
    """A class: its grade (7-9) and its number within the grade."""

    grade: int
    number: int

    @property
    def name(self) -> str:
        """The class's canonical name, e.g. 初二(3)班."""
        return f"{_NAMES[self.grade]}({self.number})班"

    def promoted(self) -> SchoolClass:
        """The same class one school year later."""
        return SchoolClass(self.grade + 1, self.number)


def parse_class(text: str) -> SchoolClass | None:
    """Read 初二(3)班, 初二（3）班, 八年级3班 or 初二3; ``None`` if it is none."""
    m = _CLASS.match(text.strip().translate(_DIGITS))
    if m is None or int(m["number"]) == 0:
        return None
    return SchoolClass(_GRADES[m["grade"]], int(m["number"]))
