"""Words of ``admin privacy`` (retention, a pupil's data on request), zh-CN and en."""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    "zh-CN": {
        "pv_help": "读者个人信息：按 [privacy] 设置清理、导出或删除一位读者的信息",
        "pv_run_help": "按 [privacy] 设置匿名化旧借阅、删除离校读者的身份信息、"
        "删除旧凭条和旧日志（自助机每天自动运行一次）",
        "pv_dry_run_help": "只列出会做什么，不做任何修改",
        "pv_export_help": "把图书馆保存的某位读者的全部信息导出为 XLSX",
        "pv_erase_help": "删除某位读者的身份信息（有书未还或有赔偿未付时拒绝）",
        "pv_card_help": "借书证号",
        "pv_out_help": "导出的 XLSX 文件",
        "pv_cutoff": "{cutoff} 之前开始的学年的借阅"
        "（{loans} 条，{readers} 个“读者·学年”）"
        "将只保留匿名读者（班级、年级、类型不变）。",
        "pv_leavers": "离校超过 {months} 个月、无书未还也无欠款的读者 {count} 人，"
        "将删除姓名、借书证号和性别：",
        "pv_leaver": "  {card} {name} {class_name}（离校：{left}）",
        "pv_slips": "{days} 天前的凭条存档：{count} 天的文件夹。",
        "pv_logs": "{days} 天前的日志文件：{count} 个。",
        "pv_dry": "（试运行：没有做任何修改。去掉 --dry-run 即执行。）",
        "pv_done": "已匿名化 {loans} 条借阅（{readers} 个匿名读者），删除 {leavers} 位"
        "离校读者的身份信息，删除 {slips} 天的凭条和 {logs} 个日志文件。"
        "最长的一步 {ms:.0f} 毫秒。",
        "pv_nothing": "没有需要清理的内容。",
        "pv_unknown_card": "找不到借书证 {card}。",
        "pv_exported": "已把 {card} {name} 的信息导出到 {path}"
        "（借阅 {loans} 条，预约 {holds} 条，赔偿 {losses} 条，记录 {events} 条）。",
        "pv_erased": "已删除 {card} {name} 的身份信息；借阅记录只保留为匿名读者。",
        "pv_erase_refused": "{card} {name} 还有 {on_loan} 本书未还、{owed} 元赔偿未付，"
        "不能删除。请先处理这些借阅和赔偿。",
        "pv_sheet_patron": "读者",
        "pv_sheet_loans": "借阅",
        "pv_sheet_holds": "预约",
        "pv_sheet_losses": "赔偿",
        "pv_sheet_events": "记录",
        "pv_col_field": "项目",
        "pv_col_value": "内容",
        "pv_cols_loans": "条码|书名|借出|应还|归还|结束方式|续借次数|自助机",
        "pv_cols_holds": "书名|预约时间|状态",
        "pv_cols_losses": "条码|书名|类别|登记时间|应赔|已付|备注",
        "pv_cols_events": "时间|自助机|操作|结果|扫描内容|工作人员|备注",
        "pv_cannot_write": "无法写入 {path}：{why}",
    },
    "en": {
        "pv_help": "Pupils' data: retention by the [privacy] settings, one pupil's "
        "data exported or erased",
        "pv_run_help": "Anonymise old loans, forget leavers, delete old slips and "
        "logs as [privacy] says (a kiosk runs this once a day)",
        "pv_dry_run_help": "only list what would be done; change nothing",
        "pv_export_help": "Write everything the library holds about one pupil to XLSX",
        "pv_erase_help": "Forget one pupil (refused while books are out or money "
        "is owed)",
        "pv_card_help": "library card number",
        "pv_out_help": "the XLSX file to write",
        "pv_cutoff": "Loans of school years that began before {cutoff} ({loans} "
        "loans, {readers} pupil-years) keep only an anonymous reader (same class, "
        "grade and type).",
        "pv_leavers": "{count} pupil(s) who left over {months} months ago, with "
        "nothing on loan and nothing owed, lose name, card and gender:",
        "pv_leaver": "  {card} {name} {class_name} (left {left})",
        "pv_slips": "Slips archived over {days} days ago: {count} day folder(s).",
        "pv_logs": "Log files over {days} days old: {count}.",
        "pv_dry": "(Dry run: nothing was changed. Run without --dry-run to do it.)",
        "pv_done": "Anonymised {loans} loans ({readers} anonymous readers), forgot "
        "{leavers} leaver(s), deleted {slips} day(s) of slips and {logs} log "
        "file(s). Longest step {ms:.0f} ms.",
        "pv_nothing": "Nothing to clear.",
        "pv_unknown_card": "No card {card}.",
        "pv_exported": "Wrote everything about {card} {name} to {path} ({loans} "
        "loans, {holds} holds, {losses} compensation entries, {events} events).",
        "pv_erased": "{card} {name} is forgotten; their loans stay only as an "
        "anonymous reader's.",
        "pv_erase_refused": "{card} {name} still has {on_loan} book(s) out and owes "
        "{owed} yuan: not erased. Settle those first.",
        "pv_sheet_patron": "Patron",
        "pv_sheet_loans": "Loans",
        "pv_sheet_holds": "Holds",
        "pv_sheet_losses": "Compensation",
        "pv_sheet_events": "Events",
        "pv_col_field": "Field",
        "pv_col_value": "Value",
        "pv_cols_loans": "Barcode|Title|Out|Due|Returned|Closed as|Renewals|Kiosk",
        "pv_cols_holds": "Title|Placed|Status",
        "pv_cols_losses": "Barcode|Title|Kind|At|Asked|Paid|Note",
        "pv_cols_events": "At|Kiosk|Action|Outcome|Scan|Staff|Note",
        "pv_cannot_write": "cannot write {path}: {why}",
    },
}
