"""The bundled font is simplified Chinese and has the glyphs we print."""

from __future__ import annotations

import pygame.freetype
from PIL import ImageFont

from kiosk.fonts import CJK_FACE_INDEX, cjk_font_path


def test_face_is_simplified_chinese() -> None:
    font = ImageFont.truetype(str(cjk_font_path()), 20, index=CJK_FACE_INDEX)
    assert font.getname() == ("Noto Sans CJK SC", "Regular")


def test_glyphs_for_library_words_and_punctuation() -> None:
    pygame.freetype.init()
    font = pygame.freetype.Font(str(cjk_font_path()), 20, font_index=CJK_FACE_INDEX)
    metrics = font.get_metrics("借书证《红楼梦》：，。初二(3)班 ISBN 978-7 ¥12.50")
    assert None not in metrics
    assert font.get_metrics("\U0001fae0") == [None]  # a glyph it really lacks
