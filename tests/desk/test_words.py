"""The desk's words: both languages, the same placeholders, a glyph for each."""

from __future__ import annotations

import string

import pygame.freetype
import pytest

from kiosk.fonts import CJK_FACE_INDEX, cjk_font_path
from kiosk.i18n.desk import DESK
from tests.conftest import PROJECT

TEMPLATES = PROJECT / "kiosk" / "desk" / "templates"


@pytest.fixture(scope="module")
def font() -> pygame.freetype.Font:
    pygame.freetype.init()
    return pygame.freetype.Font(str(cjk_font_path()), 24, font_index=CJK_FACE_INDEX)


def missing(font: pygame.freetype.Font, text: str) -> list[str]:
    metrics = font.get_metrics(text)
    return [ch for ch, m in zip(text, metrics, strict=True) if m is None]


def test_both_languages_have_every_key() -> None:
    assert DESK["zh-CN"].keys() == DESK["en"].keys()


@pytest.mark.parametrize("key", sorted(DESK["zh-CN"]))
def test_same_placeholders_in_both_languages(key: str) -> None:
    def names(text: str) -> set[str]:
        return {f for _, f, _, _ in string.Formatter().parse(text) if f}

    assert names(DESK["zh-CN"][key]) == names(DESK["en"][key])


@pytest.mark.parametrize("key", sorted(DESK["zh-CN"]))
def test_chinese_words_have_glyphs(font: pygame.freetype.Font, key: str) -> None:
    assert not missing(font, DESK["zh-CN"][key]), key


def test_templates_use_only_characters_the_font_has(font) -> None:
    for path in TEMPLATES.rglob("*.html"):
        text = "".join(ch for ch in path.read_text(encoding="utf-8") if ord(ch) > 127)
        if text:
            assert not missing(font, text), path.name
    assert missing(font, "\U0001fae0")  # the check can fail
