"""Spoken prompts: the Chinese way of reading dates and counts, espeak-ng for real."""

from __future__ import annotations

import datetime as dt
import logging
import os
import time

import pygame
import pytest

from kiosk.circulation.outcomes import Outcome, Result
from kiosk.i18n.speech import PHRASES, date_pieces, every_piece, number, spoken
from kiosk.voice import Voice
from tests.conftest import Small
from tests.screens.helpers import make_app, open_staff_menu, press, scan


def test_numbers_and_dates_are_read_the_chinese_way() -> None:
    assert [number(n) for n in (1, 3, 10, 11, 17, 20, 21, 31)] == [
        "一",
        "三",
        "十",
        "十一",
        "十七",
        "二十",
        "二十一",
        "三十一",
    ]
    assert date_pieces(dt.date(2026, 12, 17), "zh-CN") == ("十二月", "十七日")
    assert date_pieces(dt.date(2026, 12, 17), "en") == ("December", "17")


def test_what_is_said_for_an_outcome() -> None:
    due = dt.date(2026, 12, 17)
    assert spoken(Result(Outcome.CHECKED_OUT, due=due), "zh-CN") == (
        "借书成功，请于",
        "十二月",
        "十七日",
        "前归还",
    )
    assert spoken(Result(Outcome.RESERVED_FOR_OTHER), "zh-CN") == ("这本书已被预约",)
    assert spoken(Result(Outcome.NOT_A_CARD), "zh-CN") == ("请先扫描借书证",)
    assert spoken(Result(Outcome.LIMIT_REACHED, limit=3), "zh-CN") == (
        "已经借满",
        "三",
        "本",
    )
    assert spoken(Result(Outcome.RENEWED, due=due), "en") == (
        "Renewed. Please return it by",
        "December",
        "17",
    )
    for lang in ("zh-CN", "en"):  # every outcome has words, in both languages
        assert set(PHRASES[lang]) == set(Outcome)
        pieces = set(every_piece(lang))
        for outcome in Outcome:
            said = spoken(Result(outcome, due=due, limit=5), lang)
            assert set(said) <= pieces, (outcome, said)


@pytest.fixture
def audio(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("SDL_AUDIODRIVER", "dummy")
    yield
    pygame.mixer.quit()


def test_pieces_are_rendered_once_and_a_prompt_plays_at_once(audio, tmp_path) -> None:
    voice = Voice(tmp_path / "voice", on=True)
    assert voice.available  # espeak-ng is installed by ./run test and .ci/run
    checked_out = Result(Outcome.CHECKED_OUT, due=dt.date(2026, 12, 17))
    assert not voice.say(checked_out, "zh-CN")  # not rendered yet: silent, no wait
    assert voice.prepare("zh-CN").wait(120)
    made = sorted((tmp_path / "voice").glob("*.wav"))
    assert len(made) == len(every_piece("zh-CN"))
    assert all(p.stat().st_size > 1000 for p in made)
    assert voice.say(checked_out, "zh-CN")
    channel = pygame.mixer.Channel(7)
    assert channel.get_busy()
    first = channel.get_sound()
    assert voice.say(Result(Outcome.RESERVED_FOR_OTHER), "zh-CN")
    assert channel.get_sound() is not first  # the new prompt cut the old one short
    assert first.get_length() > 2.0  # four pieces: more than two seconds of speech
    again = Voice(tmp_path / "voice", on=True)
    started = time.monotonic()
    assert again.prepare("zh-CN").wait(120)
    assert sorted((tmp_path / "voice").glob("*.wav")) == made  # from the cache
    assert time.monotonic() - started < 60
    voice.on = False
    assert not voice.say(checked_out, "zh-CN")


def test_without_espeak_ng_the_kiosk_keeps_quiet(
    audio, tmp_path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO):
        voice = Voice(tmp_path / "voice", on=True, engine="no-such-espeak")
    assert not voice.available
    assert voice.prepare("zh-CN").is_set()
    assert not voice.say(Result(Outcome.RETURNED), "zh-CN")
    assert "does not speak" in caplog.text
    assert not (tmp_path / "voice").exists()


def test_the_staff_menu_switches_the_voice_and_outcomes_are_spoken(
    audio, small: Small, tmp_path
) -> None:
    voice = Voice(tmp_path / "voice", on=False)
    app = make_app(small)
    app.options.voice = voice
    open_staff_menu(app)
    press(app, "开启语音提示")
    assert voice.on
    assert voice.prepare("zh-CN").wait(120)
    press(app, "关闭")
    scan(app, "S0000001")
    scan(app, "10000003")
    assert len(voice.latencies_ms) == 2  # the greeting, then the loan
    assert os.environ["SDL_AUDIODRIVER"] == "dummy"
