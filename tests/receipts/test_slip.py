"""Slip content and its words: what a student takes home must be right."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from kiosk.circulation.outcomes import Outcome, Result
from kiosk.i18n.messages import CATALOG
from receipts.layout import Style, opening_days, slip_lines
from receipts.render import PAPERS, render_text
from receipts.slip import LibraryInfo, SlipKind, build_slip, mask_card
from tests.conftest import ISBN_TWO, Small
from tests.receipts.samples import (
    LIBRARY,
    LONG_TITLE,
    NOW,
    class_slip,
    item,
    patron,
    result,
    session_slip,
    title,
)


def words(slip, columns: int = 48) -> str:
    return render_text(slip_lines(slip), columns)[0]


@pytest.mark.parametrize(
    ("card", "masked"),
    [
        ("S2602016", "S26****6"),
        ("T0000001", "T00****1"),
        ("S123", "***3"),
        ("12345", "123*5"),
        ("", ""),
    ],
)
def test_card_number_is_masked(card: str, masked: str) -> None:
    assert mask_card(card) == masked


def test_session_results_go_to_their_sections() -> None:
    slip = session_slip()
    assert slip.kind is SlipKind.SESSION
    assert [e.title for e in slip.checked_out] == [
        "钢铁是怎样炼成的",
        "海底两万里",
        LONG_TITLE,
    ]
    assert [e.due for e in slip.checked_out] == [dt.date(2026, 12, 9)] * 3
    assert slip.checked_out[1].code == "9787532130014"  # no copy label: the ISBN
    assert [e.title for e in slip.renewed] == ["城南旧事"]
    assert [(e.title, e.days_late) for e in slip.returned] == [("西游记", 3)]
    assert [e.outcome for e in slip.refused] == [
        Outcome.RESERVED_FOR_OTHER,
        Outcome.NOT_FOR_LOAN,
    ]
    # other loans: not the ones borrowed or renewed just now
    assert [(e.title, e.days_late) for e in slip.other_loans] == [("昆虫记", 5)]
    assert slip.on_loan_now == 5
    assert slip.patron is not None
    assert slip.patron.card == "S26****6"
    assert slip.transaction == "kiosk-1-20261125-100530-16"


def test_slip_words_in_chinese() -> None:
    text = words(session_slip(school="示范中学", footer="每周三全校借阅日"))
    for expected in (
        "示范中学\n",
        "示范中学图书馆",
        "借书凭条",
        "2026-11-25 10:05 kiosk-1",
        "读者：李明（初二(3)班）",
        "借书证：S26****6",
        "【借出 3 本】",
        "1. 《钢铁是怎样炼成的》",
        "应还 2026-12-09 周三",
        "续借至 2026-12-09 周三",
        "已归还，超期 3 天",
        "【未办理 2 项】",
        "已被别人预约",
        "暂不外借（损坏）",
        "应还 2026-11-20 周五，超期 5 天",
        "本次：借出 3，续借 1，归还 1。",
        "现在在借 5 本。",
        "开放时间：周一至周五",
        "kiosk-1-20261125-100530-16",
        "每周三全校借阅日",
    ):
        assert expected in text, expected
    assert "S2602016" not in text  # privacy: the full card number is never printed


def test_slip_words_in_english() -> None:
    text = words(session_slip("en"))
    for expected in (
        "Loan receipt",
        "Reader: 李明 (初二(3)班)",
        "Card: S26****6",
        "【Borrowed: 3】",
        "due Wed 2026-12-09",
        "returned, 3 day(s) late",
        "cannot be lent (damaged)",
        "This visit: 3 borrowed, 1 renewed, 1 returned.",
        "Open: Mon–Fri",
        "Please look after the books",
    ):
        assert expected in text, expected
    assert "借书" not in text


def test_returns_only_is_a_return_receipt() -> None:
    p = patron()
    back = item(45, "10000045", title(5, "西游记"))
    slip = build_slip(p, [result(Outcome.RETURNED, back, patron=p)], NOW, LIBRARY)
    text = words(slip)
    assert "还书凭条" in text
    assert "本次：归还 1。" in text
    assert "现在在借" not in text  # loans now were not given


def test_refusals_alone_record_nothing() -> None:
    p = patron()
    red = item(46, "10000046", title(6, "红楼梦"))
    refused = [result(Outcome.ON_LOAN_TO_OTHER, red, patron=p)]
    assert not build_slip(p, refused, NOW, LIBRARY).recorded
    hold = [result(Outcome.HOLD_PLACED, red, patron=p)]
    assert build_slip(p, hold, NOW, LIBRARY).recorded


REFUSALS = [o for o in Outcome if not o.ok]


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
@pytest.mark.parametrize("outcome", REFUSALS, ids=str)
def test_every_refusal_has_short_words(lang: str, outcome: Outcome) -> None:
    p = patron()
    book = item(46, "10000046", title(6, "红楼梦"))
    refused = result(outcome, book, patron=p, due=dt.date(2026, 12, 9), limit=3)
    slip = build_slip(p, [refused], NOW, LibraryInfo("馆", "k", language=lang))
    text = words(slip)
    assert f"why_{outcome.value}" in CATALOG[lang]
    assert "{" not in text
    assert "10000046" in text


def test_an_unknown_book_shows_its_scan() -> None:
    p = patron()
    unknown = Result(Outcome.UNKNOWN_BOOK, "9787999999990", patron=p)
    text = words(build_slip(p, [unknown], NOW, LIBRARY))
    assert "1. （未知图书）" in text
    assert re.search(r"9787999999990 +馆内没有这本书的记录", text)


@pytest.mark.parametrize(
    ("closed", "zh", "en"),
    [
        ((6, 7), "周一至周五", "Mon–Fri"),
        ((7,), "周一至周六", "Mon–Sat"),
        ((3, 6, 7), "周一、周二、周四、周五", "Mon, Tue, Thu, Fri"),
        ((1,), "周二至周日", "Tue–Sun"),
        ((), "周一至周日", "Mon–Sun"),
    ],
)
def test_opening_days(closed: tuple[int, ...], zh: str, en: str) -> None:
    assert opening_days(closed, "zh-CN") == zh
    assert opening_days(closed, "en") == en


def test_class_summary_lists_every_student_with_their_loans() -> None:
    slip = class_slip()
    assert slip.kind is SlipKind.CLASS
    assert [s.name for s in slip.students] == [
        "李明",
        "王芳",
        "张子涵",
        "刘浩宇",
        "陈欣怡",
    ]
    text = words(slip, PAPERS[58].columns)
    for expected in (
        "班级借阅汇总",
        "初二(3)班 学生 5 人",
        "本次借出 3 本，归还 0 本。",
        "全班在借 4 本，超期 1 本。",
        "2. 王芳",
        "无在借图书",
        "《骆驼祥子》",
        "超期 9 天",
        "本次借",
    ):
        assert expected in text, expected
    assert text.count("本次借\n") == 3
    assert "S26" not in text  # no card numbers on a class list


def test_layout_styles_frame_the_slip() -> None:
    lines = slip_lines(session_slip())
    assert lines[0].style is Style.TITLE
    assert [ln.style for ln in lines[-3:]] == [Style.CODE, Style.CENTER, Style.CENTER]
    assert lines[-3].text == "kiosk-1-20261125-100530-16"


def test_slip_of_a_real_session(small: Small) -> None:
    """Results and loans straight from the circulation service and database."""
    service, clock = small.service, small.clock
    pid = small.patron_id("S0000001")
    results = [
        service.identify("S0000001"),
        service.check_out(pid, "10000001"),
        service.check_out(pid, ISBN_TWO),
        service.check_out(pid, "10000004"),  # damaged copy
        service.check_in("10000001", pid),
    ]
    loans = service.status(pid).loans
    assert results[0].patron is not None
    slip = build_slip(results[0].patron, results, clock.now(), LIBRARY, loans)
    assert [e.title for e in slip.checked_out] == ["红楼梦", "草房子"]
    assert [e.code for e in slip.checked_out] == ["10000001", "10000003"]
    assert [e.title for e in slip.returned] == ["红楼梦"]
    assert slip.on_loan_now == 1
    text = words(slip, 32)
    assert "应还 2026-12-09 周三" in text
    assert "暂不外借（损坏）" in text
    assert "借书证：S00****1" in text
