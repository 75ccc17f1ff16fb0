"""Words on the kiosk's screens, zh-CN and en (outcomes are in ``messages``)."""

from __future__ import annotations

from kiosk.i18n.counter import COUNTER

UI: dict[str, dict[str, str]] = {
    "zh-CN": {
        "attract_title": "请扫描借书证",
        "attract_hint": "把借书证条码对准摄像头，或用扫描枪扫描",
        "returns_title": "还书",
        "returns_hint": "请逐本扫描图书条码",
        "class_pick_title": "选择班级，开始班级借阅",
        "class_title": "班级借阅：{class_name}",
        "class_hint": "同学请扫描借书证，再扫描图书；下一位同学直接扫描借书证",
        "class_empty": "没有可选的班级",
        "mode_checkout": "自助借还",
        "mode_returns": "还书",
        "mode_class": "班级借阅",
        "done": "完成",
        "end_class": "结束本班借阅",
        "loans_title": "在借图书（{count} 本）",
        "no_loans": "目前没有在借图书",
        "due": "应还 {due}",
        "overdue": "已超期",
        "this_visit": "本次",
        "renew_question": "《{title}》已在你名下。续借还是还书？",
        "yes_renew": "续借",
        "no_thanks": "不用了",
        "return_it": "还书",
        "hold_alert_title": "有预约！",
        "hold_alert_body": "请把《{title}》放到预约架，留给 {name}（{class_name}）",
        "ok": "知道了",
        "whose": "{name}（{class_name}）",
        "late_days": "超期 {days} 天",
        "on_time": "按时归还",
        "idle_countdown": "{seconds} 秒后自动退出，触摸屏幕继续",
        "camera_live": "摄像头",
        "camera_unavailable": "摄像头不可用，请使用扫描枪",
        "camera_none": "未连接摄像头，请使用扫描枪",
        "staff": "管理",
        "pin_title": "请输入管理密码",
        "pin_wrong": "密码错误，还可以试 {tries} 次",
        "pin_locked": "错误次数过多，{minutes} 分钟后再试",
        "staff_title": "管理菜单",
        "language": "English",
        "reprint": "补打上一张凭条",
        "manual_entry": "手动输入条码",
        "manual_title": "输入条码后按确定",
        "enter": "确定",
        "clear": "清除",
        "close": "关闭",
        "exit_kiosk": "退出自助模式",
        "printer_status": "打印机：{status}",
        "camera_status": "摄像头：{status}",
        "today_counts": "今日：借出 {out} 本，归还 {back} 本",
        "status_ok": "正常",
        "status_unavailable": "不可用",
        "status_none": "未配置",
        "offline_banner": "离线：图书馆系统连不上，"
        "正在使用本机记录工作（待同步 {pending} 条）",
        "journal_status": "离线记录：待同步 {pending} 条，{state}",
        "link_online": "已连接图书馆系统",
        "link_offline": "离线",
        "slip_failed": "凭条没有打印出来，请记下应还日期",
        "slip_printed": "请取走凭条",
        "reprinted": "已补打凭条",
        "nothing_to_reprint": "没有可以补打的凭条",
        "students": "学生 {count} 人，已借 {borrowed} 人，超期 {overdue} 人"
        "（绿：本次借书，蓝：本次还书，红：超期）",
    },
    "en": {
        "attract_title": "Please scan your library card",
        "attract_hint": "Hold the card's barcode up to the camera, or use the scanner",
        "returns_title": "Returns",
        "returns_hint": "Scan the books one after another",
        "class_pick_title": "Choose a class to start its borrowing session",
        "class_title": "Class session: {class_name}",
        "class_hint": "Scan your card, then your books; "
        "the next pupil just scans a card",
        "class_empty": "No classes to choose from",
        "mode_checkout": "Self-service",
        "mode_returns": "Returns",
        "mode_class": "Class session",
        "done": "Done",
        "end_class": "End class session",
        "loans_title": "On loan ({count})",
        "no_loans": "Nothing on loan",
        "due": "due {due}",
        "overdue": "overdue",
        "this_visit": "Now",
        "renew_question": "You already have “{title}”. Renew it or return it?",
        "yes_renew": "Renew",
        "no_thanks": "No thanks",
        "return_it": "Return it",
        "hold_alert_title": "RESERVED!",
        "hold_alert_body": "Put “{title}” on the holds shelf for {name} ({class_name})",
        "ok": "OK",
        "whose": "{name} ({class_name})",
        "late_days": "{days} day(s) late",
        "on_time": "on time",
        "idle_countdown": "Logging out in {seconds} s, touch the screen to stay",
        "camera_live": "Camera",
        "camera_unavailable": "Camera unavailable: use the hand scanner",
        "camera_none": "No camera: use the hand scanner",
        "staff": "Staff",
        "pin_title": "Enter the staff PIN",
        "pin_wrong": "Wrong PIN, {tries} tries left",
        "pin_locked": "Too many wrong tries, wait {minutes} min",
        "staff_title": "Staff menu",
        "language": "中文",
        "reprint": "Reprint last slip",
        "manual_entry": "Type a barcode",
        "manual_title": "Type the barcode, then Enter",
        "enter": "Enter",
        "clear": "Clear",
        "close": "Close",
        "exit_kiosk": "Leave kiosk mode",
        "printer_status": "Printer: {status}",
        "camera_status": "Camera: {status}",
        "today_counts": "Today: {out} lent, {back} returned",
        "status_ok": "working",
        "status_unavailable": "unavailable",
        "status_none": "not configured",
        "offline_banner": "Offline: the library system cannot be reached;"
        " working from this kiosk's journal ({pending} waiting)",
        "journal_status": "Offline journal: {pending} waiting, {state}",
        "link_online": "library system connected",
        "link_offline": "offline",
        "slip_failed": "The slip did not print: please note the due dates",
        "slip_printed": "Please take your slip",
        "reprinted": "Slip reprinted",
        "nothing_to_reprint": "No slip to reprint",
        "students": "{count} pupils, {borrowed} borrowed, {overdue} overdue"
        " (green: borrowed now, blue: returned now, red: overdue)",
    },
}


def _merge(words: dict[str, dict[str, str]]) -> None:
    """Add a topic's words (e.g. the counter tools') to ``UI``, refusing clashes."""
    for lang, phrases in words.items():
        clash = UI[lang].keys() & phrases.keys()
        if clash:
            raise ValueError(f"screen words defined twice: {sorted(clash)}")
        UI[lang].update(phrases)


_merge(COUNTER)


def ui(key: str, lang: str, **params: object) -> str:
    """Return a screen phrase in ``lang``."""
    return UI[lang][key].format(**params)
