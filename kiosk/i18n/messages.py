"""The zh-CN and en message catalogues and the one function that uses them.

Screens, slips and the console never hard-code text: they call ``describe`` for
an outcome or ``text`` for a fixed phrase.
"""

from __future__ import annotations

from kiosk.circulation.outcomes import Block, Outcome, Result

CATALOG: dict[str, dict[str, str]] = {
    "zh-CN": {
        Outcome.PATRON_OK: "{name}（{class_name}），你好！在借 {count} 本。",
        Outcome.CHECKED_OUT: "已借出《{title}》，请于 {due} 前归还。",
        Outcome.RETURNED: "已归还《{title}》。",
        Outcome.RENEWED: "已续借《{title}》，新的归还日期 {due}。",
        Outcome.HOLD_PLACED: "已预约《{title}》。",
        Outcome.HOLD_CANCELLED: "已取消《{title}》的预约。",
        Outcome.SESSION_ENDED: "本次借还结束，再见！",
        Outcome.UNKNOWN_BARCODE: "无法识别这个条码，请再扫一次或请管理员帮忙。",
        Outcome.BAD_CHECK_DIGIT: "条码校验位错误，可能是条码损坏，请请管理员帮忙。",
        Outcome.NOT_A_CARD: "这是图书条码，请先扫描借书证。",
        Outcome.NOT_A_BOOK: "这是借书证，请扫描图书条码。",
        Outcome.NO_PATRON: "请先扫描借书证。",
        Outcome.UNKNOWN_CARD: "找不到这张借书证，请找管理员。",
        Outcome.CARD_EXPIRED: "借书证已过期，请找管理员。",
        Outcome.CARD_SUSPENDED: "借书证已暂停使用，请找管理员。",
        Outcome.CARD_LEFT: "借书证已注销（已离校），请找管理员。",
        Outcome.LIMIT_REACHED: "已借 {count} 本，达到上限 {limit} 本，请先还书。",
        Outcome.OVERDUE_BLOCK: "有 {count} 本书已超期，请先还书再借。",
        Outcome.UNKNOWN_BOOK: "图书馆里没有这本书的记录，请交给管理员。",
        Outcome.NOT_FOR_LOAN: "《{title}》暂不外借（{status}），请交给管理员。",
        Outcome.ON_LOAN_TO_OTHER: "《{title}》登记在别人名下，请交给管理员。",
        Outcome.ALREADY_ON_LOAN_TO_YOU: "《{title}》已在你名下，应还日期 {due}。"
        "要续借吗？",
        Outcome.RESERVED_FOR_OTHER: "《{title}》已被别人预约，不能借出/续借。",
        Outcome.NO_MORE_RENEWALS: "《{title}》已续借 {limit} 次，不能再续借。",
        Outcome.NOT_ON_LOAN: "《{title}》没有借出记录，请放回书架或交给管理员。",
        Outcome.NOT_YOUR_LOAN: "《{title}》不在你名下。",
        Outcome.HOLD_EXISTS: "你已经预约了《{title}》。",
        Outcome.NO_HOLD: "你没有预约《{title}》。",
        "late": "超期 {days} 天。",
        "hold_for": "有预约！请把书放到预约架，留给 {name}（{class_name}）。",
        "blocks": "限制：",
        "loans": "在借图书：",
        "loan_line": "  《{title}》 {barcode} 应还 {due}{late}",
        "overdue_mark": "（已超期）",
        "unknown_title": "这本书",
        "console_ready": "请扫描借书证或图书条码（DONE 结束本次借还，Ctrl-D 退出）。",
        "returns_ready": "还书模式：请逐本扫描图书条码（Ctrl-D 退出）。",
        "demo_try": "示范图书馆：可以试试这些条码：",
        "status_available": "在架",
        "status_on_loan": "借出",
        "status_lost": "丢失",
        "status_damaged": "损坏",
        "status_in_repair": "修补中",
        "status_withdrawn": "已注销",
    },
    "en": {
        Outcome.PATRON_OK: "Hello {name} ({class_name})! {count} book(s) on loan.",
        Outcome.CHECKED_OUT: "Borrowed “{title}”, due back {due}.",
        Outcome.RETURNED: "Returned “{title}”.",
        Outcome.RENEWED: "Renewed “{title}”, now due {due}.",
        Outcome.HOLD_PLACED: "Reserved “{title}”.",
        Outcome.HOLD_CANCELLED: "Reservation of “{title}” cancelled.",
        Outcome.SESSION_ENDED: "All done, goodbye!",
        Outcome.UNKNOWN_BARCODE: "This barcode is not one we know. Scan again or ask.",
        Outcome.BAD_CHECK_DIGIT: "This barcode's check digit is wrong; it may be "
        "damaged. Please ask the librarian.",
        Outcome.NOT_A_CARD: "That is a book. Please scan your library card first.",
        Outcome.NOT_A_BOOK: "That is a library card. Please scan a book.",
        Outcome.NO_PATRON: "Please scan your library card first.",
        Outcome.UNKNOWN_CARD: "This card is not registered. Please ask the librarian.",
        Outcome.CARD_EXPIRED: "This card has expired. Please ask the librarian.",
        Outcome.CARD_SUSPENDED: "This card is suspended. Please ask the librarian.",
        Outcome.CARD_LEFT: "This card belongs to a student who has left. "
        "Please ask the librarian.",
        Outcome.LIMIT_REACHED: "You have {count} of {limit} books already. "
        "Return one first.",
        Outcome.OVERDUE_BLOCK: "{count} book(s) overdue. Please return them first.",
        Outcome.UNKNOWN_BOOK: "This book is not in the catalogue. Please hand it "
        "to the librarian.",
        Outcome.NOT_FOR_LOAN: "“{title}” cannot be lent ({status}). Please hand it "
        "to the librarian.",
        Outcome.ON_LOAN_TO_OTHER: "“{title}” is on loan to someone else. Please "
        "hand it to the librarian.",
        Outcome.ALREADY_ON_LOAN_TO_YOU: "You already have “{title}”, due {due}. "
        "Renew it?",
        Outcome.RESERVED_FOR_OTHER: "“{title}” is reserved for someone else.",
        Outcome.NO_MORE_RENEWALS: "“{title}” has been renewed {limit} time(s) "
        "already; no more renewals.",
        Outcome.NOT_ON_LOAN: "“{title}” is not on loan. Put it back on the shelf "
        "or hand it to the librarian.",
        Outcome.NOT_YOUR_LOAN: "“{title}” is not on loan to you.",
        Outcome.HOLD_EXISTS: "You have already reserved “{title}”.",
        Outcome.NO_HOLD: "You have no reservation for “{title}”.",
        "late": "{days} day(s) late.",
        "hold_for": "RESERVED! Put it aside for {name} ({class_name}).",
        "blocks": "Blocked: ",
        "loans": "On loan:",
        "loan_line": "  “{title}” {barcode} due {due}{late}",
        "overdue_mark": " (overdue)",
        "unknown_title": "this book",
        "console_ready": "Scan a library card or a book (DONE ends a patron's "
        "session, Ctrl-D quits).",
        "returns_ready": "Returns: scan books one after another (Ctrl-D quits).",
        "demo_try": "Demo library: barcodes to try:",
        "status_available": "on the shelf",
        "status_on_loan": "on loan",
        "status_lost": "lost",
        "status_damaged": "damaged",
        "status_in_repair": "in repair",
        "status_withdrawn": "withdrawn",
    },
}


def text(key: str, lang: str, **params: object) -> str:
    """Return a fixed phrase in ``lang``."""
    return CATALOG[lang][key].format(**params)


def describe(result: Result, lang: str) -> str:
    """Put an outcome into words for a patron."""
    title = result.title.title if result.title else text("unknown_title", lang)
    patron = result.patron
    status = result.item.status.value if result.item else None
    params = {
        "title": title,
        "due": result.due.isoformat() if result.due else "",
        "count": result.count if result.count is not None else len(result.loans),
        "limit": result.limit if result.limit is not None else "",
        "name": patron.name if patron else "",
        "class_name": patron.class_name if patron else "",
        "status": text(f"status_{status}", lang) if status else "",
    }
    words = [CATALOG[lang][result.outcome].format(**params)]
    if result.days_late:
        words.append(text("late", lang, days=result.days_late))
    if result.hold_for:
        h = result.hold_for
        words.append(text("hold_for", lang, name=h.name, class_name=h.class_name))
    if result.blocks:
        labels = [_short_block(b, lang) for b in result.blocks]
        words.append(text("blocks", lang) + " ".join(labels))
    return " ".join(words)


def _short_block(block: Block, lang: str) -> str:
    return CATALOG[lang][block.outcome].format(count=block.count, limit=block.limit)
