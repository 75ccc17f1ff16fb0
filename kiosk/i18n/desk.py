"""Words of the librarian's desk (the web back office), zh-CN and en.

Each area of the desk keeps its words in ``kiosk/i18n/desk_*.py`` (a ``WORDS``
dict like this one's); they are merged here, and a key defined twice is an
error at import time.
"""

from __future__ import annotations

import importlib

DESK: dict[str, dict[str, str]] = {
    "zh-CN": {
        "desk_title": "图书馆工作台",
        "lang_name": "中文",
        "other_lang": "en",
        "other_lang_name": "English",
        # -- navigation ---------------------------------------------------------
        "nav_dashboard": "概览",
        "nav_circulation": "借还",
        "nav_patrons": "读者",
        "nav_catalogue": "书目",
        "nav_holds": "预约",
        "nav_settings": "设置",
        "nav_signed_in": "{name}（{role}）",
        "sign_out": "退出",
        "role_librarian": "图书管理员",
        "role_helper": "助理",
        "role_viewer": "查看者",
        # -- signing in ---------------------------------------------------------
        "sign_in": "登录",
        "sign_in_title": "登录图书馆工作台",
        "account_name": "账号",
        "password": "密码",
        "sign_in_wrong": "账号或密码不对。还可以再试 {tries} 次。",
        "sign_in_locked": "输错次数太多，账号已锁定到 {until}。",
        "sign_in_needed": "请先登录。",
        "session_ended": "太久没有操作，已自动退出，请重新登录。",
        "signed_out": "已退出。",
        "demo_account": "示范账号：{name}，密码：{password}",
        # -- errors -------------------------------------------------------------
        "error_title": "出错了",
        "not_found": "找不到这个页面。",
        "no_patron": "找不到编号为 {id} 的读者。",
        "no_title": "找不到编号为 {id} 的书目。",
        "forbidden": "你的账号（{role}）不能使用这个页面。",
        "csrf_failed": "表单已过期或来源不明，没有做任何修改。请刷新页面后再试。",
        "database_down": "暂时连不上图书馆数据库，请稍后刷新。连上后工作台会自动恢复。",
        "server_error": "工作台出了问题，没有做任何修改。详细信息已写入日志。",
        "bad_request": "请求无效。",
        "too_large": "文件太大：工作台最多接受 {mb} MB 的文件。",
        "back_home": "回到概览",
        "field_required": "必须填写。",
        "field_number": "请填一个整数。",
        "field_date": "请按 2026-12-31 的格式填写日期。",
        "saved": "已保存。",
        "save": "保存",
        "cancel": "取消",
        "delete": "删除",
        "search": "搜索",
        "none_yet": "（无）",
        "yes": "是",
        "no": "否",
        # -- dashboard ----------------------------------------------------------
        "dash_today": "今天",
        "dash_checked_out": "借出",
        "dash_returned": "归还",
        "dash_renewed": "续借",
        "dash_overdue_by_class": "各班超期图书",
        "dash_class": "班级",
        "dash_overdue_books": "超期本数",
        "dash_overdue_patrons": "超期人数",
        "dash_holds_ready": "预约架上等待取书",
        "dash_kiosks": "自助借还机",
        "dash_kiosk": "借还机",
        "dash_last_seen": "最后在线",
        "dash_state": "状态",
        "dash_backlog": "待同步",
        "dash_online": "在线",
        "dash_offline": "离线",
        "dash_silent": "无响应",
        "dash_backup": "最近一次备份",
        "dash_backup_age": "{when}（{days} 天前）",
        "dash_backup_none": "还没有备份",
        "dash_backup_postgres": "PostgreSQL 数据库：请用 pg_dump 备份",
        "dash_stocktake": "清点",
        "dash_stocktake_open": "正在清点（{location}），{started} 开始，"
        "已扫描 {scans} 本",
        "dash_stocktake_none": "没有正在进行的清点",
        "dash_everywhere": "全馆",
        "dash_patron": "读者",
        "dash_title": "书名",
        "dash_since": "上架日期",
    },
    "en": {
        "desk_title": "Library desk",
        "lang_name": "English",
        "other_lang": "zh-CN",
        "other_lang_name": "中文",
        "nav_dashboard": "Dashboard",
        "nav_circulation": "Circulation",
        "nav_patrons": "Patrons",
        "nav_catalogue": "Catalogue",
        "nav_holds": "Holds",
        "nav_settings": "Settings",
        "nav_signed_in": "{name} ({role})",
        "sign_out": "Sign out",
        "role_librarian": "librarian",
        "role_helper": "helper",
        "role_viewer": "viewer",
        "sign_in": "Sign in",
        "sign_in_title": "Sign in to the library desk",
        "account_name": "Account",
        "password": "Password",
        "sign_in_wrong": "Wrong account or password. {tries} tries left.",
        "sign_in_locked": "Too many wrong passwords: the account is locked until"
        " {until}.",
        "sign_in_needed": "Please sign in first.",
        "session_ended": "You were signed out after a while without a click."
        " Please sign in again.",
        "signed_out": "Signed out.",
        "demo_account": "Demo account: {name}, password: {password}",
        "error_title": "Something went wrong",
        "not_found": "There is no such page.",
        "no_patron": "There is no patron number {id}.",
        "no_title": "There is no title number {id}.",
        "forbidden": "Your account ({role}) cannot use this page.",
        "csrf_failed": "The form had expired or came from elsewhere; nothing was"
        " changed. Reload the page and try again.",
        "database_down": "The library database cannot be reached just now; reload"
        " in a moment. The desk comes back by itself once it is reachable.",
        "server_error": "The desk ran into a problem; nothing was changed. The"
        " details are in the log.",
        "bad_request": "That request was not valid.",
        "too_large": "The file is too large: the desk accepts files up to {mb} MB.",
        "back_home": "Back to the dashboard",
        "field_required": "Required.",
        "field_number": "Enter a whole number.",
        "field_date": "Enter a date like 2026-12-31.",
        "saved": "Saved.",
        "save": "Save",
        "cancel": "Cancel",
        "delete": "Delete",
        "search": "Search",
        "none_yet": "(none)",
        "yes": "yes",
        "no": "no",
        "dash_today": "Today",
        "dash_checked_out": "Checked out",
        "dash_returned": "Returned",
        "dash_renewed": "Renewed",
        "dash_overdue_by_class": "Overdue books by class",
        "dash_class": "Class",
        "dash_overdue_books": "Books overdue",
        "dash_overdue_patrons": "Pupils",
        "dash_holds_ready": "Holds waiting on the hold shelf",
        "dash_kiosks": "Kiosks",
        "dash_kiosk": "Kiosk",
        "dash_last_seen": "Last seen",
        "dash_state": "State",
        "dash_backlog": "Waiting to sync",
        "dash_online": "online",
        "dash_offline": "offline",
        "dash_silent": "not answering",
        "dash_backup": "Last backup",
        "dash_backup_age": "{when} ({days} days ago)",
        "dash_backup_none": "no backup yet",
        "dash_backup_postgres": "PostgreSQL library: back it up with pg_dump",
        "dash_stocktake": "Stocktake",
        "dash_stocktake_open": "Stocktake open ({location}), started {started},"
        " {scans} copies scanned",
        "dash_stocktake_none": "No stocktake open",
        "dash_everywhere": "whole library",
        "dash_patron": "Patron",
        "dash_title": "Title",
        "dash_since": "Since",
    },
}

TOPICS = (
    "kiosk.i18n.desk_circulation",
    "kiosk.i18n.desk_patrons",
    "kiosk.i18n.desk_catalogue",
    "kiosk.i18n.desk_settings",
    "kiosk.i18n.desk_reports",
    "kiosk.i18n.desk_backups",
    "kiosk.i18n.desk_rollover",
    "kiosk.i18n.desk_imports",
    "kiosk.i18n.desk_cards",
    "kiosk.i18n.desk_overdue",
    "kiosk.i18n.desk_registers",
    "kiosk.i18n.desk_stocktake",
    "kiosk.i18n.desk_kiosks",
    "kiosk.i18n.desk_privacy",
)
"""Modules holding one area's words each (``WORDS``)."""


def _merge() -> None:
    for name in TOPICS:
        words = importlib.import_module(name).WORDS
        for lang, phrases in words.items():
            clash = DESK[lang].keys() & phrases.keys()
            if clash:
                raise ValueError(f"desk words defined twice: {sorted(clash)}")
            DESK[lang].update(phrases)


_merge()


def word(key: str, lang: str, **params: object) -> str:
    """Return a desk phrase in ``lang`` (params filled in)."""
    phrase = DESK[lang][key]
    return phrase.format(**params) if params else phrase
