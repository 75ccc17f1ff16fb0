"""Reading a posted form: every value checked on the server, errors by field.

A view reads each field through ``Form`` (``integer``, ``date``, ``choice``,
``text``); a bad value is recorded against its field in the user's language
and the page is shown again with the values as typed, nothing written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from kiosk.desk.auth import lang, t

TEXT_MAX = 200

_GRADES_ZH = {
    **{g: f"{'一二三四五六'[g - 1]}年级" for g in range(1, 7)},
    7: "初一",
    8: "初二",
    9: "初三",
    10: "高一",
    11: "高二",
    12: "高三",
}


def grade_name(grade: int | None) -> str:
    """A grade as a school says it (初一), or "every grade" for None."""
    if grade is None:
        return t("grade_all")
    if lang() == "zh-CN":
        return _GRADES_ZH.get(grade, f"{grade} 年级")
    return f"grade {grade}"


class Form:
    """The posted values of one form, and the problems found in them."""

    def __init__(self, values: Mapping[str, str]) -> None:
        self.values = values
        self.errors: dict[str, str] = {}

    def get(self, name: str, default: str = "") -> str:
        """The value as typed (to show it again)."""
        return self.values.get(name, default)

    def fail(self, name: str, message: str) -> None:
        """Record a problem with a field (the first one counts)."""
        self.errors.setdefault(name, message)

    def raw(self, name: str) -> str:
        """The value exactly as sent (passwords, PINs)."""
        return self.values.get(name, "")

    def text(self, name: str, *, required: bool = True, limit: int = TEXT_MAX) -> str:
        """A line of text: trimmed, printable, not too long."""
        value = "".join(ch for ch in self.get(name) if ch.isprintable()).strip()
        if required and not value:
            self.fail(name, t("field_required"))
        elif len(value) > limit:
            self.fail(name, t("field_too_long", limit=limit))
        return value

    def integer(self, name: str, *, required: bool = True) -> int | None:
        """A whole number (blank allowed when not required)."""
        value = self.get(name).strip()
        if not value:
            if required:
                self.fail(name, t("field_required"))
            return None
        try:
            return int(value)
        except ValueError:
            self.fail(name, t("field_number"))
            return None

    def date(self, name: str, *, required: bool = True) -> dt.date | None:
        """A date written 2026-12-31."""
        value = self.get(name).strip()
        if not value:
            if required:
                self.fail(name, t("field_required"))
            return None
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            self.fail(name, t("field_date"))
            return None

    def choice(self, name: str, allowed: Sequence[str]) -> str:
        """One of a fixed list of values."""
        value = self.get(name)
        if value not in allowed:
            self.fail(name, t("field_choice"))
        return value
