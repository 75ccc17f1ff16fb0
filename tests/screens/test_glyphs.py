"""Every word the kiosk can show has a glyph in the bundled font (no boxes)."""

from __future__ import annotations

import string

import pygame.freetype
import pytest

from kiosk.fonts import CJK_FACE_INDEX, cjk_font_path
from kiosk.i18n.messages import CATALOG
from kiosk.i18n.ui import UI


@pytest.fixture(scope="module")
def font() -> pygame.freetype.Font:
    pygame.freetype.init()
    return pygame.freetype.Font(str(cjk_font_path()), 24, font_index=CJK_FACE_INDEX)


def entries() -> list[tuple[str, str, str]]:
    rows = []
    for catalogue in (CATALOG, UI):
        for lang, words in catalogue.items():
            rows += [(lang, str(key), text) for key, text in words.items()]
    return rows


@pytest.mark.parametrize(("lang", "key", "text"), entries(), ids=lambda v: str(v)[:24])
def test_catalogue_string_has_every_glyph(
    font: pygame.freetype.Font, lang: str, key: str, text: str
) -> None:
    missing = [
        ch for ch, m in zip(text, font.get_metrics(text), strict=True) if m is None
    ]
    assert not missing, f"{lang} {key}: no glyph for {missing}"


def test_names_and_symbols_on_screen(font: pygame.freetype.Font) -> None:
    sample = (
        "李明王芳张伟刘洋陈静赵老师初一初二初三班▶●·—《》：，。"
        + string.printable.strip()
    )
    missing = [
        ch for ch, m in zip(sample, font.get_metrics(sample), strict=True) if m is None
    ]
    assert not missing
