"""Words of the desk's overdue page (merged by kiosk.i18n.desk)."""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    "zh-CN": {
        "nav_overdue": "超期",
        "od_notices": "班主任催还通知（PDF）",
        "od_recall_pdf": "期末收书清单（PDF）",
        "od_recall_xlsx": "期末收书清单（Excel）",
        "od_page_none": "没有超期未还的书。",
        "od_teacher": "班主任：{name}",
        "od_days": "超期天数",
    },
    "en": {
        "nav_overdue": "Overdue",
        "od_notices": "Notices to homeroom teachers (PDF)",
        "od_recall_pdf": "End-of-term recall list (PDF)",
        "od_recall_xlsx": "End-of-term recall list (Excel)",
        "od_page_none": "No book is overdue.",
        "od_teacher": "Homeroom teacher: {name}",
        "od_days": "Days late",
    },
}
