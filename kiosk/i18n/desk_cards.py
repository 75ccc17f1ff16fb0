"""Words of the desk's card sheets page (merged by kiosk.i18n.desk)."""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    "zh-CN": {
        "cards_title": "打印借书证",
        "cards_class": "班级",
        "cards_any_class": "（不限）",
        "cards_cards": "借书证号（用逗号分开）",
        "cards_since": "某日以后新增",
        "cards_show": "查看",
        "cards_none": "没有符合条件的读者。",
        "cards_count": "共 {count} 张借书证，{pages} 页 A4。",
        "cards_download": "下载 PDF",
        "cards_first_sheet": "第一页预览",
        "labels_title": "打印书标",
        "labels_barcodes": "条码（用逗号分开）",
        "labels_since": "某日以后入藏",
        "labels_isbns": "书目的 ISBN（用逗号分开）",
        "labels_none": "没有符合条件的图书。",
        "labels_count": "共 {count} 张书标，{pages} 页 A4。",
        "labels_too_long": "条码 {barcode} 太长，书标上放不下。",
    },
    "en": {
        "cards_title": "Print library cards",
        "cards_class": "Class",
        "cards_any_class": "(any)",
        "cards_cards": "Card numbers (comma separated)",
        "cards_since": "New since",
        "cards_show": "Show",
        "cards_none": "No pupil matches.",
        "cards_count": "{count} cards on {pages} A4 sheet(s).",
        "cards_download": "Download the PDF",
        "cards_first_sheet": "The first sheet",
        "labels_title": "Print spine labels",
        "labels_barcodes": "Barcodes (comma separated)",
        "labels_since": "Added since",
        "labels_isbns": "Titles' ISBNs (comma separated)",
        "labels_none": "No copy matches.",
        "labels_count": "{count} labels on {pages} A4 sheet(s).",
        "labels_too_long": "The barcode {barcode} is too long for a spine label.",
    },
}
