"""What the kiosk says aloud for an outcome: short phrases a voice can cache.

A spoken prompt is a few pieces: fixed phrases, and dates and counts read the
Chinese way (十二月十七日, 三本). Each piece is rendered once and kept, so any
prompt is put together from pieces already made (``kiosk.voice``). Titles and
names are never spoken: the screen shows them.
"""

from __future__ import annotations

import datetime as dt

from kiosk.circulation.outcomes import Outcome, Result

# ruff: noqa: E501  (one phrase a line reads better than split strings here)

_DIGITS = "零一二三四五六七八九"
_MONTHS_EN = (
    *("January", "February", "March", "April", "May", "June"),
    *("July", "August", "September", "October", "November", "December"),
)

PHRASES: dict[str, dict[Outcome, str]] = {
    "zh-CN": {
        Outcome.PATRON_OK: "你好，请扫描要借的书",
        Outcome.CHECKED_OUT: "借书成功，请于",
        Outcome.RENEWED: "续借成功，请于",
        Outcome.RETURNED: "还书成功",
        Outcome.HOLD_PLACED: "预约成功",
        Outcome.HOLD_CANCELLED: "预约已取消",
        Outcome.SESSION_ENDED: "再见",
        Outcome.UNKNOWN_BARCODE: "这个条码认不出来，请找管理员帮忙",
        Outcome.BAD_CHECK_DIGIT: "条码没有读清楚，请再扫一次",
        Outcome.NOT_A_CARD: "请先扫描借书证",
        Outcome.NOT_A_BOOK: "这是借书证，请扫描图书",
        Outcome.NO_PATRON: "请先扫描借书证",
        Outcome.UNKNOWN_CARD: "这张借书证没有登记，请找管理员",
        Outcome.CARD_EXPIRED: "借书证已过期，请找管理员",
        Outcome.CARD_SUSPENDED: "借书证已停用，请找管理员",
        Outcome.CARD_LEFT: "借书证已注销，请找管理员",
        Outcome.LIMIT_REACHED: "已经借满",
        Outcome.OVERDUE_BLOCK: "有书超期了，请先还书",
        Outcome.UNKNOWN_BOOK: "图书馆里没有这本书，请交给管理员",
        Outcome.NOT_FOR_LOAN: "这本书不能外借",
        Outcome.ON_LOAN_TO_OTHER: "这本书已经借出，请交给管理员",
        Outcome.ALREADY_ON_LOAN_TO_YOU: "这本书已经借给你了",
        Outcome.RESERVED_FOR_OTHER: "这本书已被预约",
        Outcome.NO_MORE_RENEWALS: "这本书不能再续借了",
        Outcome.NOT_ON_LOAN: "这本书没有借出",
        Outcome.NOT_YOUR_LOAN: "这本书不是你借的",
        Outcome.HOLD_EXISTS: "你已经预约过这本书",
        Outcome.NO_HOLD: "你没有预约这本书",
        Outcome.OFFLINE_NOT_ALLOWED: "现在不能借书，请找管理员",
    },
    "en": {
        Outcome.PATRON_OK: "Hello, please scan your books",
        Outcome.CHECKED_OUT: "Borrowed. Please return it by",
        Outcome.RENEWED: "Renewed. Please return it by",
        Outcome.RETURNED: "Returned, thank you",
        Outcome.HOLD_PLACED: "Reserved",
        Outcome.HOLD_CANCELLED: "Reservation cancelled",
        Outcome.SESSION_ENDED: "Goodbye",
        Outcome.UNKNOWN_BARCODE: "This barcode is not known. Please ask the librarian",
        Outcome.BAD_CHECK_DIGIT: "The barcode was not read clearly. Please scan again",
        Outcome.NOT_A_CARD: "Please scan your library card first",
        Outcome.NOT_A_BOOK: "This is a card. Please scan a book",
        Outcome.NO_PATRON: "Please scan your library card first",
        Outcome.UNKNOWN_CARD: "This card is not registered. Please ask the librarian",
        Outcome.CARD_EXPIRED: "This card has expired. Please ask the librarian",
        Outcome.CARD_SUSPENDED: "This card is suspended. Please ask the librarian",
        Outcome.CARD_LEFT: "This card is no longer valid. Please ask the librarian",
        Outcome.LIMIT_REACHED: "You have borrowed all you may",
        Outcome.OVERDUE_BLOCK: "A book is overdue. Please return it first",
        Outcome.UNKNOWN_BOOK: "This book is not in the library. Please ask the librarian",
        Outcome.NOT_FOR_LOAN: "This book cannot be borrowed",
        Outcome.ON_LOAN_TO_OTHER: "This book is on loan. Please ask the librarian",
        Outcome.ALREADY_ON_LOAN_TO_YOU: "You have this book already",
        Outcome.RESERVED_FOR_OTHER: "This book is reserved for someone else",
        Outcome.NO_MORE_RENEWALS: "This book cannot be renewed again",
        Outcome.NOT_ON_LOAN: "This book is not on loan",
        Outcome.NOT_YOUR_LOAN: "This book is not yours",
        Outcome.HOLD_EXISTS: "You have reserved this book already",
        Outcome.NO_HOLD: "You have no reservation for this book",
        Outcome.OFFLINE_NOT_ALLOWED: "Lending is not possible now. Please ask the librarian",
    },
}
_BEFORE = {"zh-CN": "前归还", "en": ""}
_HOLD = {
    "zh-CN": "有人预约这本书，请交给管理员",
    "en": "Someone is waiting for this book",
}
_BOOKS = {"zh-CN": "本", "en": "books"}


def number(n: int) -> str:
    """1–99 the Chinese way: 三, 十, 十七, 二十一."""
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else _DIGITS[tens]
    return f"{head}十{_DIGITS[ones] if ones else ''}"


def date_pieces(day: dt.date, lang: str) -> tuple[str, ...]:
    """A date as two cacheable pieces: 十二月, 十七日 (December, 17)."""
    if lang == "zh-CN":
        return (f"{number(day.month)}月", f"{number(day.day)}日")
    return (_MONTHS_EN[day.month - 1], str(day.day))


def spoken(result: Result, lang: str) -> tuple[str, ...]:
    """The pieces to say for an outcome, in order; () when nothing is said."""
    phrases = PHRASES.get(lang, PHRASES["en"])
    first = phrases.get(result.outcome)
    if first is None:
        return ()
    pieces = [first]
    if result.outcome in (Outcome.CHECKED_OUT, Outcome.RENEWED) and result.due:
        pieces += date_pieces(result.due, lang)
        if _BEFORE.get(lang):
            pieces.append(_BEFORE[lang])
    if result.outcome is Outcome.LIMIT_REACHED and result.limit:
        pieces += [number(result.limit) if lang == "zh-CN" else str(result.limit)]
        pieces.append(_BOOKS.get(lang, "books"))
    if result.outcome is Outcome.RETURNED and result.hold_for is not None:
        pieces.append(_HOLD.get(lang, _HOLD["en"]))
    return tuple(pieces)


def every_piece(lang: str) -> list[str]:
    """Every piece a prompt in ``lang`` can use: rendered once at start-up."""
    days = [dt.date(2024, 1, d) for d in range(1, 32)]
    months = [dt.date(2024, m, 1) for m in range(1, 13)]
    pieces = list(PHRASES.get(lang, PHRASES["en"]).values())
    pieces += [date_pieces(d, lang)[1] for d in days]
    pieces += [date_pieces(d, lang)[0] for d in months]
    pieces += [number(n) if lang == "zh-CN" else str(n) for n in range(1, 31)]
    pieces += [p for p in (_BEFORE.get(lang), _BOOKS.get(lang), _HOLD.get(lang)) if p]
    return list(dict.fromkeys(pieces))
