"""Words of the desk's privacy page (merged by kiosk.i18n.desk)."""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    "zh-CN": {
        "nav_privacy": "个人信息",
        "prv_review_head": "按保存期限清理",
        "prv_rules": "借阅记录保留最近 {years} 个学年的姓名；离校 {months} 个月后删除"
        "身份信息；凭条存档保留 {slips} 天，日志保留 {logs} 天。自助机每天自动执行。",
        "prv_run": "现在执行",
        "prv_run_ask": "确定现在匿名化并删除上面列出的内容吗？此操作不能撤销。",
        "prv_nothing": "现在没有需要清理的内容。",
        "prv_export_head": "导出一位读者的全部信息",
        "prv_export": "导出 Excel",
        "prv_erase_head": "删除一位读者的身份信息",
        "prv_erase_how": "应家长或本人要求。有书未还或有赔偿未付时不能删除；"
        "借阅记录保留为匿名读者，统计数字不变。",
        "prv_erase": "删除",
        "prv_erase_ask": "确定删除这位读者的姓名、借书证号和性别吗？此操作不能撤销。",
    },
    "en": {
        "nav_privacy": "Privacy",
        "prv_review_head": "Clearing by the retention periods",
        "prv_rules": "Loans keep the borrower's name for the last {years} school "
        "years; leavers are forgotten after {months} months; slips are kept {slips} "
        "days and logs {logs} days. The kiosk does this every day.",
        "prv_run": "Run now",
        "prv_run_ask": "Anonymise and delete what is listed above now? This cannot "
        "be undone.",
        "prv_nothing": "Nothing to clear now.",
        "prv_export_head": "Everything held about one pupil",
        "prv_export": "Export (Excel)",
        "prv_erase_head": "Forget one pupil",
        "prv_erase_how": "On the request of the pupil or their family. Refused while "
        "books are out or money is owed; the loans stay as an anonymous reader's, "
        "so the figures stay.",
        "prv_erase": "Forget",
        "prv_erase_ask": "Remove this pupil's name, card and gender for good?",
    },
}
