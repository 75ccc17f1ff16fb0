"""Every outcome has words in every language; nothing falls back to a code."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from kiosk.circulation.model import (
    Item,
    ItemStatus,
    Patron,
    PatronStatus,
    PatronType,
    Title,
)
from kiosk.circulation.outcomes import Block, Outcome, Result
from kiosk.i18n.messages import CATALOG, describe

PATRON = Patron(
    1, "S0000001", "李明", "初二(3)班", 8, PatronType.STUDENT, PatronStatus.ACTIVE, None
)
TITLE = Title(1, "9787020002207", None, "红楼梦", "", "", None, "", Decimal("1"))
ITEM = Item(1, "10000001", TITLE, ItemStatus.DAMAGED, "")


def test_catalogues_have_the_same_keys() -> None:
    assert CATALOG["zh-CN"].keys() == CATALOG["en"].keys()


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
@pytest.mark.parametrize("outcome", list(Outcome), ids=str)
def test_every_outcome_is_described(lang: str, outcome: Outcome) -> None:
    result = Result(
        outcome,
        "x",
        patron=PATRON,
        item=ITEM,
        title=TITLE,
        due=dt.date(2026, 12, 9),
        count=3,
        limit=3,
    )
    words = describe(result, lang)
    assert words
    assert "{" not in words
    assert outcome.value not in words


def test_details_are_added() -> None:
    result = Result(
        Outcome.RETURNED,
        title=TITLE,
        days_late=4,
        hold_for=PATRON,
    )
    assert describe(result, "zh-CN") == (
        "已归还《红楼梦》。 超期 4 天。 "
        "有预约！请把书放到预约架，留给 李明（初二(3)班）。"
    )
    blocked = Result(
        Outcome.PATRON_OK,
        patron=PATRON,
        blocks=(Block(Outcome.LIMIT_REACHED, 3, 3),),
    )
    assert "You have 3 of your 3 books" in describe(blocked, "en")


def test_not_for_loan_names_the_status() -> None:
    result = Result(Outcome.NOT_FOR_LOAN, item=ITEM, title=TITLE)
    assert "损坏" in describe(result, "zh-CN")
    assert "damaged" in describe(result, "en")
