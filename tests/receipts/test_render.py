"""The slip as a picture and as text: goldens, glyphs, widths, long slips."""

from __future__ import annotations

import datetime as dt
import re

import pygame.freetype
import pytest
from PIL import Image, ImageOps

from kiosk.circulation.outcomes import Outcome
from kiosk.fonts import CJK_FACE_INDEX, cjk_font_path
from kiosk.i18n.messages import CATALOG
from receipts.layout import slip_lines
from receipts.render import MARGIN, PAPERS, Paper, render, render_image
from receipts.slip import Slip, build_slip
from receipts.wrap import NO_LINE_END, NO_LINE_START, text_columns
from tests.golden import GOLDEN, assert_matches_golden
from tests.receipts.samples import (
    LIBRARY,
    NOW,
    class_slip,
    item,
    patron,
    result,
    session_slip,
    title,
)

CLASSICS = [
    "红楼梦", "西游记", "水浒传", "三国演义", "朝花夕拾", "骆驼祥子", "城南旧事",
    "草房子", "海底两万里", "钢铁是怎样炼成的", "昆虫记", "红星照耀中国", "傅雷家书",
    "简·爱", "平凡的世界", "艾青诗选", "儒林外史", "给青年的十二封信", "湘行散记",
    "唐诗三百首（注释本）：附录《唐诗的格律》与《诗人小传》，供初中生课外阅读",
]  # fmt: skip


def twenty_items(language: str = "zh-CN") -> Slip:
    p = patron()
    due = dt.date(2026, 12, 9)
    results = [
        result(Outcome.CHECKED_OUT, item(n, f"1000{n:04d}", title(n, t)), due=due)
        for n, t in enumerate(CLASSICS, 1)
    ]
    library = LIBRARY.__class__(**{**LIBRARY.__dict__, "language": language})
    return build_slip(p, results, NOW, library)


SAMPLES = {
    "session-58mm": (session_slip, 58),
    "session-80mm": (session_slip, 80),
    "class-58mm": (class_slip, 58),
}


@pytest.mark.parametrize("name", SAMPLES)
def test_golden_slip(name: str, tmp_path, update_goldens: bool) -> None:
    make, mm = SAMPLES[name]
    rendered = render(make(), PAPERS[mm])
    assert rendered.image.width == PAPERS[mm].dots
    assert_matches_golden(
        rendered.image, f"slips/{name}.png", tmp_path, update=update_goldens
    )
    golden_text = GOLDEN / "slips" / f"{name}.txt"
    if update_goldens:
        golden_text.write_text(rendered.text, encoding="utf-8")
    assert rendered.text == golden_text.read_text(encoding="utf-8")


@pytest.mark.parametrize("mm", [58, 80])
def test_picture_is_one_bit_at_the_printers_width(mm: int) -> None:
    image = render(session_slip(), PAPERS[mm]).image
    assert image.mode == "1"
    assert image.width == {58: 384, 80: 576}[mm]
    histogram = image.convert("L").histogram()
    assert sum(histogram) == histogram[0] + histogram[255]  # black or white only


def slips() -> list[tuple[str, Slip]]:
    return [
        ("session zh", session_slip()),
        ("session en", session_slip("en")),
        ("class zh", class_slip()),
        ("class en", class_slip("en")),
        ("twenty zh", twenty_items()),
        ("twenty en", twenty_items("en")),
    ]


@pytest.mark.parametrize(("name", "slip"), slips(), ids=[n for n, _ in slips()])
@pytest.mark.parametrize("paper", PAPERS.values(), ids=lambda p: f"{p.mm}mm")
def test_nothing_is_drawn_in_the_margins(name: str, slip: Slip, paper: Paper) -> None:
    ink = ImageOps.invert(render(slip, paper).image.convert("L"))
    edge = MARGIN - 2  # a glyph may overhang its advance by a dot or two
    assert ink.crop((0, 0, edge, ink.height)).getbbox() is None
    assert ink.crop((paper.dots - edge, 0, paper.dots, ink.height)).getbbox() is None


@pytest.mark.parametrize(("name", "slip"), slips(), ids=[n for n, _ in slips()])
@pytest.mark.parametrize("paper", PAPERS.values(), ids=lambda p: f"{p.mm}mm")
def test_text_lines_fit_and_follow_the_line_rules(
    name: str, slip: Slip, paper: Paper
) -> None:
    for line in render(slip, paper).text.splitlines():
        assert text_columns(line) <= paper.columns, line
        body = line.strip()
        if body:
            assert body[0] not in NO_LINE_START, line
            assert body[-1] not in NO_LINE_END, line


def test_twenty_items_all_listed_and_long_title_wrapped() -> None:
    rendered = render(twenty_items(), PAPERS[58])
    text = rendered.text
    assert "【借出 20 本】" in text
    for n in range(1, 21):
        assert re.search(rf"^{n}\. 《", text, re.MULTILINE), n
    # the long title wraps over several lines, losing no character
    lines = text.splitlines()
    start = next(i for i, ln in enumerate(lines) if ln.startswith("20. "))
    wrapped = "".join(ln.strip() for ln in lines[start : start + 4])
    assert (
        "《唐诗三百首（注释本）：附录《唐诗的格律》与《诗人小传》，供初中生课外阅读》"
        in (wrapped.removeprefix("20."))
    )
    assert rendered.image.height > 20 * 2 * 28  # two lines a book at least


def test_chinese_punctuation_is_printed() -> None:
    text = render(twenty_items(), PAPERS[80]).text
    for mark in "《》：，（）":
        assert mark in text


def template_chars() -> str:
    """Every character of every slip phrase in both catalogues."""
    keys = ("slip_", "why_", "weekday_", "printer_", "status_")
    chars = set()
    for catalogue in CATALOG.values():
        for key, phrase in catalogue.items():
            if isinstance(key, str) and key.startswith(keys):
                chars |= set(re.sub(r"\{[a-z_]+\}", "", phrase))
    return "".join(sorted(chars))


def test_every_character_of_a_slip_has_a_glyph_in_the_bundled_font() -> None:
    pygame.freetype.init()
    face = pygame.freetype.Font(str(cjk_font_path()), 24, font_index=CJK_FACE_INDEX)
    printed = "".join(render(slip, PAPERS[58]).text for _, slip in slips())
    chars = sorted(set(printed + template_chars()) - {"\n"})
    missing = [
        ch
        for ch, m in zip(chars, face.get_metrics("".join(chars)), strict=True)
        if m is None
    ]
    assert missing == []
    assert face.get_metrics("\U0001fae0") == [None]  # the check can fail


def test_the_same_lines_make_the_same_picture() -> None:
    lines = slip_lines(session_slip())
    first = render_image(lines, PAPERS[58])
    again = render_image(lines, PAPERS[58])
    assert first.tobytes() == again.tobytes()
    assert isinstance(first, Image.Image)
