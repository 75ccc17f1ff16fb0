"""Chinese that reads as if a teacher wrote it: no doubled characters by mistake,
no half-width punctuation inside a Chinese sentence."""

from __future__ import annotations

import importlib
import pkgutil
import re

import kiosk.i18n as words

ALLOWED = ("谢谢", "试试", "看看", "常常", "刚刚", "慢慢", "天天", "现在在借")
"""Real reduplications, and two words that meet (现在 + 在借)."""
MACHINE = {"cal_weekdays"}
"""Phrases a program splits (一,二,三…), not sentences."""
DOUBLED = re.compile(r"([\u4e00-\u9fff])\1")
HALF_WIDTH = re.compile(
    r"[\u4e00-\u9fff][,;!?:]|[,;!?]\s?[\u4e00-\u9fff]"
    r"|[\u4e00-\u9fff]/[\u4e00-\u9fff]"  # 教师/职工: write 教职工, 或, 、
)


def chinese_phrases() -> list[tuple[str, str, str]]:
    """(module, key, text) of every zh-CN phrase in kiosk/i18n."""
    found = []
    for info in pkgutil.iter_modules(words.__path__):
        module = importlib.import_module(f"kiosk.i18n.{info.name}")
        for value in vars(module).values():
            if isinstance(value, dict) and isinstance(value.get("zh-CN"), dict):
                found += [
                    (info.name, str(key), text)
                    for key, text in value["zh-CN"].items()
                    if isinstance(text, str)
                ]
    return found


def test_there_are_chinese_phrases_to_check() -> None:
    assert len(chinese_phrases()) > 500


def test_no_doubled_character_by_mistake() -> None:
    wrong = []
    for module, key, text in chinese_phrases():
        cleaned = text
        for phrase in ALLOWED:
            cleaned = cleaned.replace(phrase, "")
        if DOUBLED.search(cleaned):
            wrong.append(f"{module}.{key}: {text}")
    assert wrong == []


def test_full_width_punctuation_in_chinese_sentences() -> None:
    wrong = [
        f"{module}.{key}: {text}"
        for module, key, text in chinese_phrases()
        if key not in MACHINE and HALF_WIDTH.search(text)
    ]
    assert wrong == []


def test_the_lint_catches_what_it_is_for() -> None:
    assert DOUBLED.search("请请管理员帮忙")
    assert HALF_WIDTH.search("借书成功,请按时归还")
    assert HALF_WIDTH.search("不能借出/续借")
    assert not HALF_WIDTH.search("在架 / 复本")  # a ratio's header, 3 / 5
