"""Words of ``admin stocktake`` (清点)."""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    "zh-CN": {
        "st_help": "清点：开始、扫描（扫描枪导出的文件或手输条码）、结束并生成报告",
        "st_start_help": "开始一次清点（同一时间只能有一次未结束的清点）",
        "st_location_help": "只清点这个馆藏地，例如 I区（默认全馆）",
        "st_scan_help": "读入扫描枪导出的文本文件：每行一个条码",
        "st_file_help": "条码文件（文本，每行一个条码）",
        "st_where_help": "这些书是在哪个馆藏地扫到的（默认清点的馆藏地）",
        "st_add_help": "手输一个或几个条码",
        "st_barcodes_help": "图书条码",
        "st_status_help": "当前清点的进度",
        "st_finish_help": "结束清点并生成报告：缺失、在架但登记为借出或丢失、放错位置",
        "st_report_help": "再看一次已结束清点的报告（默认最近一次）",
        "st_id_help": "清点编号（默认最近结束的一次）",
        "st_xlsx_help": "把报告导出到这个 XLSX 文件",
        "st_mark_lost_help": "把已结束清点中缺失的书一次全部登记为丢失",
        "st_everywhere": "全馆",
        "st_scanning": "记录扫描",
        "st_marking": "登记丢失",
        "st_cannot_read": "无法读取 {path}：{why}",
        "st_not_text": "{path} 不是文本文件（可能是图片或其他二进制文件）。"
        "请从扫描枪导出每行一个条码的 .txt 文件。未写入任何内容。",
        "st_empty_file": "{path} 里没有条码。未写入任何内容。",
        "st_STARTED": "已开始清点 {id}（{location}），{started}。",
        "st_ALREADY_OPEN": "清点 {id}（{location}，{started} 开始）还没有结束，"
        "已扫描 {scanned} 本。请先 stocktake finish。",
        "st_NO_STOCKTAKE": "现在没有进行中的清点。请先 stocktake start。"
        "未写入任何内容。",
        "st_NO_FINISHED": "没有已结束的清点。",
        "st_ALREADY_MARKED": "清点 {id} 缺失的书已在 {marked_at} 登记为丢失。",
        "st_FOUND": "{barcode}《{title}》：在架",
        "st_FOUND_ON_LOAN": "{barcode}《{title}》：登记为借给 {card} {name} "
        "{class_name}（应还 {due}），书却在架上，请查核",
        "st_FOUND_LOST": "{barcode}《{title}》：登记为丢失，书却在架上"
        "（确认后 registers found {barcode}）",
        "st_FOUND_WITHDRAWN": "{barcode}《{title}》：已注销，应下架",
        "st_FOUND_OFF_SHELF": "{barcode}《{title}》：登记为{status}，书却在架上，"
        "请查核",
        "st_DUPLICATE": "{barcode}：已经扫描过",
        "st_UNKNOWN_BARCODE": "{barcode}：没有这个条码的书",
        "st_SCAN_LABEL": "{barcode}：这是 ISBN，请扫描书上的登录号条码",
        "st_NOT_A_BOOK": "{barcode}：这是借书证，不是图书条码",
        "st_BAD_CHECK_DIGIT": "{barcode}：校验位错误，条码可能损坏",
        "st_wrong_location_line": "{barcode}《{title}》：应放在 {shelf}，"
        "却在 {found_at} 扫到",
        "st_scan_summary": "读入 {lines} 个条码：找到 {found} 本，重复 {duplicate} 个，"
        "未知 {unknown} 个，不是登录号 {other} 个，放错位置 {wrong} 本。",
        "st_status_line": "清点 {id}（{location}），{started} 开始：已扫描 {scanned} 个"
        "条码，其中未知 {unknown} 个。",
        "st_counts": "应在架 {expected} 本，扫到 {found} 本，缺失 {missing} 本；"
        "在架但登记为借出 {on_loan} 本，"
        "登记为丢失、注销、修补、损坏 {not_available} 本，"
        "放错位置 {wrong} 本，未知条码 {unknown} 个。",
        "st_FINISHED": "清点 {id}（{location}）已结束：{started} — {finished}。",
        "st_report_head": "清点 {id}（{location}）：{started} — {finished}。",
        "st_section_missing": "缺失（应在架但没有扫到）{count} 本：",
        "st_section_on_loan": "在架但登记为借出 {count} 本：",
        "st_section_not_available": "在架但登记为丢失、注销、修补、损坏 {count} 本：",
        "st_section_wrong_location": "放错位置 {count} 本：",
        "st_section_unknown": "未知条码 {count} 个：",
        "st_more": "  ……还有 {count} 条，见 XLSX",
        "st_xlsx_written": "已导出 {path}。",
        "st_marked_line": "登记丢失：{barcode}《{title}》",
        "st_skipped_line": "跳过 {barcode}《{title}》：现在是“{status}”",
        "st_MARKED_LOST": "清点 {id}：{marked} 本登记为丢失，跳过 {skipped} 本。",
        "reg_sheet_st_missing": "缺失",
        "reg_sheet_st_on_loan": "在架但登记借出",
        "reg_sheet_st_not_available": "在架但登记为不可借",
        "reg_sheet_st_wrong_location": "放错位置",
        "reg_sheet_st_unknown": "未知条码",
        "reg_col_shelf": "馆藏地",
        "reg_col_found_at": "扫到的位置",
    },
    "en": {
        "st_help": "stocktake: start, scan (a hand-scanner file or typed barcodes), "
        "finish with a report",
        "st_start_help": "start a stocktake (only one may be open at a time)",
        "st_location_help": "only this location, e.g. I区 (default: the whole library)",
        "st_scan_help": "read a text file from a hand scanner: one barcode a line",
        "st_file_help": "the barcode file (text, one barcode a line)",
        "st_where_help": "where these copies were scanned (default: the stocktake's "
        "location)",
        "st_add_help": "type one or more barcodes",
        "st_barcodes_help": "copy barcodes",
        "st_status_help": "how far the open stocktake has got",
        "st_finish_help": "finish the stocktake and report: missing, on the shelf "
        "but recorded out or lost, in the wrong place",
        "st_report_help": "show a finished stocktake's report again (the last one)",
        "st_id_help": "the stocktake's number (default: the last finished)",
        "st_xlsx_help": "also write the report to this XLSX file",
        "st_mark_lost_help": "mark every copy a finished stocktake missed as lost",
        "st_everywhere": "whole library",
        "st_scanning": "recording scans",
        "st_marking": "marking lost",
        "st_cannot_read": "cannot read {path}: {why}",
        "st_not_text": "{path} is not a text file (perhaps a picture or another "
        "binary file). Export a .txt file with one barcode a line from the "
        "scanner. Nothing was written.",
        "st_empty_file": "{path} holds no barcodes. Nothing was written.",
        "st_STARTED": "Stocktake {id} ({location}) started {started}.",
        "st_ALREADY_OPEN": "Stocktake {id} ({location}, started {started}) is still "
        "open with {scanned} scan(s). Finish it first: stocktake finish.",
        "st_NO_STOCKTAKE": "No stocktake is open. Start one first: stocktake start. "
        "Nothing was written.",
        "st_NO_FINISHED": "There is no finished stocktake.",
        "st_ALREADY_MARKED": "Stocktake {id}'s missing copies were already marked "
        "lost on {marked_at}.",
        "st_FOUND": "{barcode} “{title}”: on the shelf",
        "st_FOUND_ON_LOAN": "{barcode} “{title}”: recorded on loan to {card} {name} "
        "{class_name} (due {due}) but on the shelf; check it",
        "st_FOUND_LOST": "{barcode} “{title}”: recorded lost but on the shelf "
        "(then: registers found {barcode})",
        "st_FOUND_WITHDRAWN": "{barcode} “{title}”: withdrawn; take it off the shelf",
        "st_FOUND_OFF_SHELF": "{barcode} “{title}”: recorded {status} but on the "
        "shelf; check it",
        "st_DUPLICATE": "{barcode}: already scanned",
        "st_UNKNOWN_BARCODE": "{barcode}: no copy has this barcode",
        "st_SCAN_LABEL": "{barcode}: this is an ISBN; scan the accession label",
        "st_NOT_A_BOOK": "{barcode}: this is a library card, not a copy",
        "st_BAD_CHECK_DIGIT": "{barcode}: wrong check digit; the label may be damaged",
        "st_wrong_location_line": "{barcode} “{title}”: belongs in {shelf}, "
        "scanned in {found_at}",
        "st_scan_summary": "{lines} barcode(s) read: {found} found, {duplicate} "
        "already scanned, {unknown} unknown, {other} not accession labels, {wrong} "
        "in the wrong location.",
        "st_status_line": "Stocktake {id} ({location}) started {started}: {scanned} "
        "barcode(s) scanned, {unknown} unknown.",
        "st_counts": "{expected} expected on the shelf, {found} found, {missing} "
        "missing; {on_loan} on the shelf but recorded on loan, {not_available} "
        "recorded lost/withdrawn/in repair/damaged, {wrong} in the wrong location, "
        "{unknown} unknown barcode(s).",
        "st_FINISHED": "Stocktake {id} ({location}) finished: {started} to {finished}.",
        "st_report_head": "Stocktake {id} ({location}): {started} to {finished}.",
        "st_section_missing": "Missing (expected on the shelf, not scanned): {count}",
        "st_section_on_loan": "On the shelf but recorded on loan: {count}",
        "st_section_not_available": "On the shelf but recorded lost/withdrawn/in "
        "repair/damaged: {count}",
        "st_section_wrong_location": "In the wrong location: {count}",
        "st_section_unknown": "Unknown barcodes: {count}",
        "st_more": "  ... and {count} more (see the XLSX)",
        "st_xlsx_written": "Wrote {path}.",
        "st_marked_line": "marked lost: {barcode} “{title}”",
        "st_skipped_line": "skipped {barcode} “{title}”: it is {status} now",
        "st_MARKED_LOST": "Stocktake {id}: {marked} copies marked lost, {skipped} "
        "skipped.",
        "reg_sheet_st_missing": "Missing",
        "reg_sheet_st_on_loan": "On shelf, recorded on loan",
        "reg_sheet_st_not_available": "On shelf, not lendable",
        "reg_sheet_st_wrong_location": "Wrong location",
        "reg_sheet_st_unknown": "Unknown barcodes",
        "reg_col_shelf": "Location",
        "reg_col_found_at": "Scanned in",
    },
}
