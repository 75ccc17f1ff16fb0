"""Words of ``admin journal report|replay`` (the offline journal), zh-CN and en."""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    "zh-CN": {
        "jr_help": "离线记录：重放与冲突报告",
        "jr_report_help": "列出离线记录重放时的冲突（所有自助机），供管理员处理",
        "jr_all_help": "列出全部已重放的离线操作，不只是冲突",
        "jr_replay_help": "把本机的离线记录重放到图书馆数据库（每条只执行一次）",
        "jr_no_journal": "没有配置离线记录文件（[offline] journal）。",
        "jr_no_file": "离线记录文件 {path} 不存在，没有可重放的内容。",
        "jr_line": "{at} {kiosk} {action} 借书证 {card} 图书 {book}：{result}",
        "jr_conflict_line": "{at} {kiosk} {action} 借书证 {card} 图书 {book}：{why}",
        "jr_none": "没有冲突。",
        "jr_count": "共 {count} 条冲突，请逐条核对。",
        "jr_total": "共 {count} 条已重放的离线操作。",
        "jr_replayed": "已重放 {applied} 条，之前已重放 {skipped} 条，"
        "冲突 {conflicts} 条。",
        "jr_nothing": "离线记录里没有待重放的操作。",
        "jr_action_check_out": "借出",
        "jr_action_check_in": "归还",
        "jr_action_renew": "续借",
        "jr_action_print_slip": "打印凭条",
        "jr_action_class_start": "班级借阅开始",
        "jr_action_class_end": "班级借阅结束",
        "jr_LENT_ELSEWHERE": "离线期间这本书已在别的自助机借给别人，本次借出未登记",
        "jr_NO_COPY": "按 ISBN 借出，但已没有在架的复本，本次借出未登记",
        "jr_NOT_LENDABLE": "这本书现在不能外借（丢失、损坏或注销），本次借出未登记",
        "jr_PATRON_BLOCKED": "已登记借出，但读者现在被限制借阅"
        "（停用、离校、过期或超限）",
        "jr_RESERVED": "已登记，但这本书已被别人预约",
        "jr_UNKNOWN_PATRON": "找不到这张借书证，未登记",
        "jr_UNKNOWN_BOOK": "找不到这本书，未登记",
        "jr_ALREADY_RETURNED": "这本书已在别处归还，无需处理",
        "jr_RETURNED_BEFORE_LOAN": "已归还，但数据库里的借出时间晚于这次归还",
        "jr_NOT_ON_LOAN": "续借时这本书已不在该读者名下，未登记",
    },
    "en": {
        "jr_help": "the offline journal: replay and conflict report",
        "jr_report_help": "list the conflicts found replaying offline journals"
        " (all kiosks) for the librarian",
        "jr_all_help": "list every replayed offline action, not only conflicts",
        "jr_replay_help": "replay this kiosk's offline journal into the library"
        " database (each action once)",
        "jr_no_journal": "No offline journal is configured ([offline] journal).",
        "jr_no_file": "The offline journal {path} does not exist; nothing to replay.",
        "jr_line": "{at} {kiosk} {action} card {card} book {book}: {result}",
        "jr_conflict_line": "{at} {kiosk} {action} card {card} book {book}: {why}",
        "jr_none": "No conflicts.",
        "jr_count": "{count} conflict(s); please check each one.",
        "jr_total": "{count} offline action(s) replayed.",
        "jr_replayed": "Replayed {applied}, {skipped} replayed before, {conflicts}"
        " conflict(s).",
        "jr_nothing": "The offline journal holds nothing to replay.",
        "jr_action_check_out": "check-out",
        "jr_action_check_in": "return",
        "jr_action_renew": "renewal",
        "jr_action_print_slip": "slip",
        "jr_action_class_start": "class session began",
        "jr_action_class_end": "class session ended",
        "jr_LENT_ELSEWHERE": "lent at another kiosk meanwhile; this loan was not"
        " recorded",
        "jr_NO_COPY": "by ISBN, but no copy was left on the shelf; not recorded",
        "jr_NOT_LENDABLE": "the copy cannot be lent now (lost, damaged or"
        " withdrawn); not recorded",
        "jr_PATRON_BLOCKED": "recorded, but the patron may no longer borrow"
        " (suspended, left, expired or over the limit)",
        "jr_RESERVED": "recorded, but someone else has reserved the title",
        "jr_UNKNOWN_PATRON": "no such card; not recorded",
        "jr_UNKNOWN_BOOK": "no such book; not recorded",
        "jr_ALREADY_RETURNED": "already returned elsewhere; nothing to do",
        "jr_RETURNED_BEFORE_LOAN": "returned, but the library shows it lent after"
        " this return",
        "jr_NOT_ON_LOAN": "renewal of a loan the patron no longer has; not recorded",
    },
}
