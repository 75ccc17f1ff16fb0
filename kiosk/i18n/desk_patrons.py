"""Words of the desk's patrons pages, zh-CN and en (merged by kiosk.i18n.desk)."""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    "zh-CN": {},
    "en": {},
}
