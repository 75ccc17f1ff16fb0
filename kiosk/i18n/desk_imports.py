"""Words of the desk's upload pages (merged by kiosk.i18n.desk)."""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    "zh-CN": {
        "nav_imports": "导入",
        "imp_roster_head": "导入学生名单",
        "imp_roster_hint": "Excel（.xlsx）或 CSV 文件，第一行是表头：学号（借书证号）、"
        "姓名、班级，可选性别、类型。先检查，确认后才保存。",
        "imp_check": "上传并检查",
        "imp_no_file": "请选择一个文件。",
        "imp_wrong_type": "“{name}”不是 .xlsx 或 .csv 文件。",
        "imp_checking": "正在检查第 {done} / {total} 行……",
        "imp_reading": "正在读取文件……",
        "imp_failed": "检查这个文件时出了问题，没有保存任何东西。详细信息已写入日志。",
        "imp_store_down": "连不上图书馆数据库，没有保存任何东西。请稍后再试。",
        "imp_new": "新增",
        "imp_updated": "更新",
        "imp_unchanged": "不变",
        "imp_errors": "有问题的行",
        "imp_errors_head": "有问题的行（不会导入）",
        "imp_errors_skipped": "有问题的行不会导入。",
        "imp_row": "行号",
        "imp_reason": "原因",
        "imp_before": "原来",
        "imp_first": "（只列出前 {shown} 行）",
        "imp_confirm": "确认导入（新增 {new} 人，更新 {updated} 人）",
        "imp_nothing": "没有需要保存的变化。",
        "imp_saved": "已保存：新增 {new} 人，更新 {updated} 人。",
        "imp_already_saved": "这份名单已经保存过了，没有再次保存。",
        "imp_to_patrons": "去查找读者",
    },
    "en": {
        "nav_imports": "Imports",
        "imp_roster_head": "Import a class roster",
        "imp_roster_hint": "An Excel (.xlsx) or CSV file whose first row names the"
        " columns: card number, name, class; gender and type if you have them."
        " It is checked first and saved only when you confirm.",
        "imp_check": "Upload and check",
        "imp_no_file": "Choose a file.",
        "imp_wrong_type": "“{name}” is not an .xlsx or .csv file.",
        "imp_checking": "Checking row {done} of {total}…",
        "imp_reading": "Reading the file…",
        "imp_failed": "Something went wrong checking this file; nothing was saved."
        " The details are in the log.",
        "imp_store_down": "The library database cannot be reached; nothing was saved."
        " Try again in a moment.",
        "imp_new": "New",
        "imp_updated": "Updated",
        "imp_unchanged": "Unchanged",
        "imp_errors": "Rows with a problem",
        "imp_errors_head": "Rows with a problem (not imported)",
        "imp_errors_skipped": "Rows with a problem are not imported.",
        "imp_row": "Row",
        "imp_reason": "Why",
        "imp_before": "Was",
        "imp_first": "(the first {shown} rows)",
        "imp_confirm": "Confirm the import ({new} new, {updated} updated)",
        "imp_nothing": "Nothing to save: no changes.",
        "imp_saved": "Saved: {new} new, {updated} updated.",
        "imp_already_saved": "This roster was saved already; it was not saved again.",
        "imp_to_patrons": "Find a pupil",
    },
}
