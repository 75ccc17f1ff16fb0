"""Spoken prompts through Debian's espeak-ng (Mandarin voice ``cmn``), offline.

Every piece a prompt can use (``kiosk.i18n.speech``) is rendered once, on a
thread of its own, into a WAV cache; a prompt is those pieces put end to end,
so it starts within a few milliseconds of the outcome. A new prompt cuts the
one still playing short (no queue of stale speech), and nothing here ever
blocks the screen's loop. A machine without espeak-ng or without audio keeps
quiet, with one line in the log.
"""

from __future__ import annotations

import hashlib
import logging
import shutil
import subprocess
import threading
import time
import wave
from pathlib import Path

import numpy as np
import pygame

from kiosk.circulation.outcomes import Result
from kiosk.i18n.speech import every_piece, spoken

log = logging.getLogger(__name__)
VOICES = {"zh-CN": "cmn", "en": "en"}
CHANNEL = 7  # the mixer channel kept for the voice


class Voice:
    """Says outcomes aloud in the screen's language, when switched on."""

    def __init__(
        self,
        cache: Path,
        *,
        speed: int = 160,
        volume: float = 0.8,
        on: bool = False,
        engine: str = "espeak-ng",
    ) -> None:
        self.cache = cache
        self.speed = speed
        self.volume = volume
        self.on = on
        self._engine = shutil.which(engine)
        self._clips: dict[tuple[str, str], np.ndarray] = {}
        self._lock = threading.Lock()
        self._ready: dict[str, threading.Event] = {}
        self._channel: pygame.mixer.Channel | None = None
        self.latencies_ms: list[float] = []  # outcome to playing, for the bench
        if self._engine is None:
            log.info("espeak-ng is not installed: the kiosk does not speak")
            return
        try:
            if not pygame.mixer.get_init():
                pygame.mixer.init(frequency=22050, size=-16, channels=2)
            self._channel = pygame.mixer.Channel(CHANNEL)
        except pygame.error as e:
            log.info("no audio device (%s): the kiosk does not speak", e)

    @property
    def available(self) -> bool:
        """Whether a prompt could be heard (espeak-ng and a mixer)."""
        return self._engine is not None and self._channel is not None

    def prepare(self, lang: str) -> threading.Event:
        """Render every piece of ``lang`` in the background; set when done."""
        with self._lock:
            ready = self._ready.get(lang)
            if ready is not None:
                return ready
            ready = self._ready[lang] = threading.Event()
        if not self.available:
            ready.set()
            return ready

        def render() -> None:
            try:
                for piece in every_piece(lang):
                    self._clip(lang, piece)
            finally:
                ready.set()

        threading.Thread(target=render, name=f"voice-{lang}", daemon=True).start()
        return ready

    def say(self, result: Result, lang: str) -> bool:
        """Speak an outcome now, cutting short what is playing; False if silent."""
        if not (self.on and self.available):
            return False
        started = time.perf_counter()
        pieces = spoken(result, lang)
        clips = [self._clips.get((lang, p)) for p in pieces]
        if not pieces or any(c is None for c in clips):
            self.prepare(lang)  # not rendered yet: said from the next time on
            return False
        samples = np.concatenate(clips)  # type: ignore[arg-type]
        volume = max(0.0, min(1.0, self.volume))
        stereo = np.column_stack([samples, samples]) * volume
        sound = pygame.sndarray.make_sound(stereo.astype(np.int16))
        assert self._channel is not None
        self._channel.stop()
        self._channel.play(sound)
        self.latencies_ms.append((time.perf_counter() - started) * 1000)
        return True

    def _clip(self, lang: str, piece: str) -> np.ndarray | None:
        key = (lang, piece)
        if key in self._clips:
            return self._clips[key]
        voice = VOICES.get(lang, "en")
        name = hashlib.sha256(f"{voice}|{self.speed}|{piece}".encode()).hexdigest()
        path = self.cache / f"{name[:32]}.wav"
        if not path.exists():
            self.cache.mkdir(parents=True, exist_ok=True)
            partial = path.with_suffix(".part.wav")
            try:
                engine = self._engine or "espeak-ng"
                speed = str(self.speed)
                subprocess.run(
                    [engine, "-v", voice, "-s", speed, "-w", str(partial), piece],
                    check=True,
                    capture_output=True,
                    timeout=30,
                )
            except (OSError, subprocess.SubprocessError) as e:
                log.warning("espeak-ng could not say %r: %s", piece, e)
                return None
            partial.replace(path)
        with wave.open(str(path)) as w:
            frames = w.readframes(w.getnframes())
            rate = w.getframerate()
        samples = np.frombuffer(frames, dtype=np.int16)
        if rate != 22050:  # the mixer's rate: resample by index (speech, mono)
            idx = np.linspace(0, len(samples) - 1, int(len(samples) * 22050 / rate))
            samples = samples[idx.astype(int)]
        self._clips[key] = samples
        return samples
