"""Words of the desk's backups page, zh-CN and en (merged by kiosk.i18n.desk)."""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    "zh-CN": {
        "nav_backups": "备份",
        "bak_intro": "每天自动备份一次，保存在 {folder}，保留最近 {keep} 份。"
        "备份时自助机照常借还。",
        "bak_now": "立即备份",
        "bak_day": "日期",
        "bak_size": "大小",
        "bak_age": "距今",
        "bak_days": "{days} 天",
        "bak_download": "下载",
        "bak_none": "还没有任何备份。请点“立即备份”。",
        "bak_done": "已备份：{name}",
        "bak_failed": "备份失败：{why}",
        "bak_restore_head": "恢复",
        "bak_restore_how": "恢复会替换整个图书馆数据库，所以只能在命令行进行："
        "先关闭所有自助机和工作台，再在图书馆电脑上运行下面的命令。",
        "bak_postgres": "本馆使用 PostgreSQL 数据库："
        "请用 pg_dump 备份、pg_restore 恢复。",
    },
    "en": {
        "nav_backups": "Backups",
        "bak_intro": "The library is backed up once a day to {folder}; the last {keep}"
        " copies are kept. Kiosks go on lending while a backup runs.",
        "bak_now": "Back up now",
        "bak_day": "Day",
        "bak_size": "Size",
        "bak_age": "Age",
        "bak_days": "{days} days",
        "bak_download": "Download",
        "bak_none": "There is no backup yet. Press “Back up now”.",
        "bak_done": "Backed up: {name}",
        "bak_failed": "The backup failed: {why}",
        "bak_restore_head": "Restore",
        "bak_restore_how": "A restore replaces the whole library, so it is done on the"
        " command line: stop every kiosk and the desk, then run on the library's"
        " computer:",
        "bak_postgres": "This library runs on PostgreSQL: back it up with pg_dump,"
        " restore it with pg_restore.",
    },
}
