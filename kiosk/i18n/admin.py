"""Words of the librarian's command line, zh-CN and en."""

from __future__ import annotations

from kiosk.errors import AdminError
from kiosk.i18n import (
    admin_catalogue,
    admin_journal,
    admin_privacy,
    admin_registers,
    admin_reports,
    admin_stocktake,
)

ADMIN: dict[str, dict[str, str]] = {
    "zh-CN": {
        "backup_help": "备份图书馆数据库（SQLite 在线备份，检查后保留最近几份）",
        "backup_to_help": "备份放到这个文件夹（默认 backup.folder）",
        "restore_help": "用一份备份恢复图书馆数据库（所有自助机必须先关闭）",
        "restore_file_help": "备份文件",
        "backup_done": "已备份到 {path}",
        "restore_done": "已用 {path} 恢复图书馆数据库",
        "backup_postgres": "PostgreSQL 数据库请用 pg_dump 备份、pg_restore 恢复",
        "prog": "图书馆管理工具：读者名单、借书证。",
        "patrons_help": "读者：导入班级名单、学年升级",
        "import_help": "从 XLSX 或 CSV 导入班级名单（再次导入会更新，不会重复）",
        "file_help": "名单文件（.xlsx 或 .csv）",
        "dry_run_help": "只显示将要发生的变化，不写入数据库",
        "rollover_help": "学年升级：每个班升一级，初三学生标记为离校",
        "again_help": "本学年已经升级过，仍要再升一级（通常不需要）",
        "rollover_twice": "本学年已经在 {date} 做过学年升级，再做一次会让每个班"
        "多升一级。确实需要时加 --again。未写入任何内容。",
        "cards_help": "借书证",
        "pdf_help": "生成可打印的 A4 借书证 PDF（每页 10 张）",
        "out_help": "输出的 PDF 文件",
        "class_help": "只打印这个班，例如 初二(3)班",
        "cards_list_help": "只打印这些借书证号，用逗号分隔",
        "since_help": "只打印这一天（YYYY-MM-DD）以后新建的读者",
        "config_help": "配置文件（默认 config.toml）",
        "lang_help": "输出语言",
        "checking": "检查",
        "drawing": "绘制借书证",
        "file_missing": "找不到文件 {path}。",
        "file_type": "{path}：只能导入 .xlsx 或 .csv 文件。",
        "file_empty": "{path} 是空的：没有表头或没有学生。未写入任何内容。",
        "not_xlsx": "{path} 不是有效的 Excel（.xlsx）文件，可能是改了扩展名的"
        "其他文件。请在 Excel 里另存为 .xlsx 或 .csv。未写入任何内容。",
        "not_csv": "{path} 不是文本 CSV 文件（编码应为 UTF-8 或 GB18030）。"
        "未写入任何内容。",
        "wrong_columns": "{path} 的列不对：缺少 {missing}。找到的列：{found}。"
        "需要 学号、姓名、班级（可选 性别、类型）。未写入任何内容。",
        "list_sep": "、",
        "col_card": "学号",
        "col_name": "姓名",
        "col_class": "班级",
        "row_no_card": "第 {row} 行：没有学号",
        "row_bad_card": "第 {row} 行：学号 {card} 不符合借书证格式 {pattern}",
        "row_duplicate": "第 {row} 行：学号 {card} 在文件中重复出现（这些行都未导入）",
        "row_no_name": "第 {row} 行（{card}）：没有姓名",
        "row_bad_type": "第 {row} 行（{card}）：未知的读者类型“{type}”"
        "（学生、教师、职工）",
        "row_bad_gender": "第 {row} 行（{card}）：未知的性别“{gender}”（男、女）",
        "row_bad_class": "第 {row} 行（{card}）：无法识别的班级“{class}”"
        "（例如 初二(3)班 或 八年级3班）",
        "line_new": "新增 {card} {name} {class_name}",
        "line_updated": "更新 {card} {name} {class_name}（原：{before}）",
        "import_summary": "新增 {new} 人，更新 {updated} 人，不变 {unchanged} 人，"
        "错误 {errors} 行。",
        "dry_run_note": "（试运行：没有写入数据库）",
        "saved": "已保存。",
        "rollover_move": "{before} → {after}：{count} 人",
        "rollover_leavers": "初三毕业离校：{count} 人",
        "rollover_leaver_loans": "以下离校学生还有未还的书（{count} 本），请催还：",
        "rollover_loan_line": "  {class_name} {card} {name}：《{title}》 {barcode} "
        "应还 {due}",
        "rollover_unknown": "班级无法识别，未升级：{card} {name}“{class_name}”",
        "rollover_summary": "升级 {promoted} 人，离校 {left} 人，"
        "离校学生未还书 {loans} 本。",
        "cards_none": "没有符合条件的读者，未生成 PDF。",
        "cards_written": "已生成 {path}：{count} 张借书证，{pages} 页。",
        "bad_date": "日期“{value}”格式不对，请写成 2026-09-01。",
        "card_title": "借书证",
        "card_class": "班级：",
        "card_valid": "有效期至 {date}",
        "error": "错误：",
    },
    "en": {
        "backup_help": "Back the library up (SQLite online backup, checked, rotated)",
        "backup_to_help": "folder for the backup (default: backup.folder)",
        "restore_help": "Restore the library from a backup (close every kiosk first)",
        "restore_file_help": "the backup file",
        "backup_done": "Backed up to {path}",
        "restore_done": "Library restored from {path}",
        "backup_postgres": "Back a PostgreSQL library up with pg_dump; "
        "restore with pg_restore",
        "prog": "Library admin tools: patron rosters and library cards.",
        "patrons_help": "patrons: import class rosters, school-year rollover",
        "import_help": "import a class roster from XLSX or CSV (re-importing updates)",
        "file_help": "the roster file (.xlsx or .csv)",
        "dry_run_help": "only show what would change; write nothing",
        "rollover_help": "school-year rollover: every class up one grade; "
        "初三 students leave",
        "again_help": "roll over again although this school year was already "
        "rolled over (rarely wanted)",
        "rollover_twice": "This school year was already rolled over on {date}; "
        "a second run would move every class up again. Add --again if that is "
        "really wanted. Nothing was written.",
        "cards_help": "library cards",
        "pdf_help": "write a printable A4 PDF of library cards (10 per page)",
        "out_help": "the PDF file to write",
        "class_help": "only this class, e.g. 初二(3)班",
        "cards_list_help": "only these card numbers, separated by commas",
        "since_help": "only patrons created on or after this date (YYYY-MM-DD)",
        "config_help": "config file (default: config.toml)",
        "lang_help": "language of the output",
        "checking": "checking",
        "drawing": "drawing cards",
        "file_missing": "{path}: file not found.",
        "file_type": "{path}: only .xlsx and .csv files can be imported.",
        "file_empty": "{path} is empty: no header or no students. Nothing was written.",
        "not_xlsx": "{path} is not a valid Excel (.xlsx) workbook; it may be another "
        "kind of file renamed. Save it from Excel as .xlsx or .csv. Nothing was "
        "written.",
        "not_csv": "{path} is not a text CSV file (UTF-8 or GB18030). Nothing was "
        "written.",
        "wrong_columns": "{path} has the wrong columns: {missing} missing. Columns "
        "found: {found}. Needed: card number, name, class (optional gender, type). "
        "Nothing was written.",
        "list_sep": ", ",
        "col_card": "card number",
        "col_name": "name",
        "col_class": "class",
        "row_no_card": "row {row}: no card number",
        "row_bad_card": "row {row}: card number {card} does not match the card "
        "format {pattern}",
        "row_duplicate": "row {row}: card number {card} appears more than once in "
        "the file (none of those rows imported)",
        "row_no_name": "row {row} ({card}): no name",
        "row_bad_type": "row {row} ({card}): unknown patron type “{type}” "
        "(student, teacher, staff)",
        "row_bad_gender": "row {row} ({card}): unknown gender “{gender}” (M, F)",
        "row_bad_class": "row {row} ({card}): class “{class}” not understood "
        "(e.g. 初二(3)班 or 八年级3班)",
        "line_new": "new      {card} {name} {class_name}",
        "line_updated": "updated  {card} {name} {class_name} (was: {before})",
        "import_summary": "{new} new, {updated} updated, {unchanged} unchanged, "
        "{errors} row(s) with errors.",
        "dry_run_note": "(dry run: nothing was written)",
        "saved": "Saved.",
        "rollover_move": "{before} → {after}: {count} student(s)",
        "rollover_leavers": "leaving (初三): {count} student(s)",
        "rollover_leaver_loans": "These leavers still have books out ({count}); "
        "recall them:",
        "rollover_loan_line": "  {class_name} {card} {name}: “{title}” {barcode} "
        "due {due}",
        "rollover_unknown": "class not understood, not promoted: {card} {name} "
        "“{class_name}”",
        "rollover_summary": "{promoted} promoted, {left} left, {loans} book(s) still "
        "out with leavers.",
        "cards_none": "No patron matches; no PDF was written.",
        "cards_written": "Wrote {path}: {count} card(s) on {pages} page(s).",
        "bad_date": "“{value}” is not a date; write it as 2026-09-01.",
        "card_title": "Library card",
        "card_class": "Class: ",
        "card_valid": "Valid until {date}",
        "error": "error: ",
    },
}


def _merge(*topics: dict[str, dict[str, str]]) -> None:
    """Add each topic's words (``kiosk/i18n/admin_*.py``) to ``ADMIN``, no clashes."""
    for words in topics:
        for lang, phrases in words.items():
            clash = ADMIN[lang].keys() & phrases.keys()
            if clash:
                raise ValueError(f"admin words defined twice: {sorted(clash)}")
            ADMIN[lang].update(phrases)


_merge(
    admin_reports.WORDS,
    admin_registers.WORDS,
    admin_stocktake.WORDS,
    admin_catalogue.WORDS,
    admin_journal.WORDS,
    admin_privacy.WORDS,
)


def say(key: str, lang: str, **params: object) -> str:
    """Return an admin phrase in ``lang``."""
    return ADMIN[lang][key].format(**params)


def explain(error: AdminError, lang: str, **override: object) -> str:
    """An admin error in words (a missing column's name spelled out)."""
    params = {**error.params, **override}
    if "missing" in params:
        params["missing"] = say("list_sep", lang).join(
            say(f"col_{c}", lang)
            for c in params["missing"]  # type: ignore[union-attr]
        )
        params["found"] = say("list_sep", lang).join(params["found"]) or "-"  # type: ignore[arg-type]
    return say(error.key, lang, **params)
