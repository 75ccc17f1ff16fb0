"""Words of the desk's kiosks page (merged by kiosk.i18n.desk)."""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    "zh-CN": {
        "nav_kiosks": "自助机",
        "kio_mode": "模式",
        "kio_mode_checkout": "自助借书",
        "kio_mode_returns": "还书",
        "kio_mode_class": "班级借书",
        "kio_mode_stocktake": "清点",
        "kio_printer": "打印机",
        "kio_camera": "摄像头",
        "kio_started": "启动时间",
        "kio_not_said": "未报告",
        "kio_printer_none": "未配置打印机",
        "kio_camera_none": "不用摄像头（扫描枪）",
        "kio_camera_starting": "正在打开",
        "kio_camera_live": "正常",
        "kio_camera_unavailable": "连不上，请检查摄像头",
        "kio_camera_ended": "示范视频已放完",
        "kio_camera_closed": "已关闭",
        "kio_camera_error": "出错",
        "kio_how": "每台自助机每分钟报告一次；超过 3 分钟没有报告的标为“无响应”。",
        "kio_none": "还没有自助机报告过。自助机启动后会出现在这里。",
        "kio_conflicts": "离线记录的冲突",
        "kio_no_conflicts": "没有冲突：离线时的借还都已照常补记。",
        "kio_more": "只列出最近的记录，另有 {count} 条较早的，"
        "可用 admin journal report 查看全部。",
        "kio_replay_head": "重放离线记录",
        "kio_replay_how": "把本机的离线记录（{path}）补记到图书馆数据库；"
        "已补记的不会重复。",
        "kio_replay": "重放离线记录",
        "kio_no_journal": "这台电脑上没有离线记录文件。"
        "自助机重新连上数据库后会自动补记；"
        "也可以在自助机上运行 python kiosk.py admin journal replay。",
    },
    "en": {
        "nav_kiosks": "Kiosks",
        "kio_mode": "Mode",
        "kio_mode_checkout": "Self-checkout",
        "kio_mode_returns": "Returns",
        "kio_mode_class": "Class borrowing",
        "kio_mode_stocktake": "Stocktake",
        "kio_printer": "Printer",
        "kio_camera": "Camera",
        "kio_started": "Started",
        "kio_not_said": "not reported",
        "kio_printer_none": "no printer configured",
        "kio_camera_none": "no camera (hand scanner)",
        "kio_camera_starting": "starting",
        "kio_camera_live": "working",
        "kio_camera_unavailable": "cannot be reached: check the camera",
        "kio_camera_ended": "the demo video ended",
        "kio_camera_closed": "closed",
        "kio_camera_error": "error",
        "kio_how": "Every kiosk reports once a minute; one silent for more than "
        "3 minutes is marked silent.",
        "kio_none": "No kiosk has reported yet. Kiosks appear here once started.",
        "kio_conflicts": "Offline conflicts",
        "kio_no_conflicts": "No conflicts: everything done offline was recorded "
        "as the patrons were told.",
        "kio_more": "Only the latest are listed; {count} older ones are in "
        "admin journal report.",
        "kio_replay_head": "Replay the offline journal",
        "kio_replay_how": "Record this machine's offline journal ({path}) in the "
        "library; what was recorded already is never recorded twice.",
        "kio_replay": "Replay the journal",
        "kio_no_journal": "This computer has no offline journal. A kiosk replays its "
        "own once the library answers again, or run python kiosk.py admin journal "
        "replay on it.",
    },
}
