"""Three generated tones; silence when there is no audio device."""

from __future__ import annotations

import logging

import numpy as np
import pygame

from kiosk.session import Sound

log = logging.getLogger(__name__)
RATE = 22050
TONES = {  # (frequency Hz, seconds) per note
    Sound.OK: ((880, 0.08), (1320, 0.10)),
    Sound.REFUSED: ((330, 0.18), (247, 0.22)),
    Sound.ALERT: ((988, 0.12), (740, 0.12), (988, 0.12), (740, 0.12), (988, 0.25)),
}


def _tone(notes: tuple[tuple[int, float], ...]) -> np.ndarray:
    parts = []
    for freq, seconds in notes:
        t = np.arange(int(RATE * seconds)) / RATE
        envelope = np.minimum(1.0, np.minimum(t, seconds - t) * 60)
        parts.append(0.35 * np.sin(2 * np.pi * freq * t) * envelope)
    wave = (np.concatenate(parts) * 32767).astype(np.int16)
    return np.column_stack([wave, wave])


class Sounds:
    """Plays the kiosk's sounds, or nothing if the mixer cannot open."""

    def __init__(self) -> None:
        self._sounds: dict[Sound, pygame.mixer.Sound] = {}
        try:
            pygame.mixer.init(frequency=RATE, size=-16, channels=2)
            self._sounds = {
                k: pygame.sndarray.make_sound(_tone(v)) for k, v in TONES.items()
            }
        except pygame.error as e:
            log.info("no audio device (%s): the kiosk stays silent", e)

    @property
    def enabled(self) -> bool:
        """Whether sounds will be heard."""
        return bool(self._sounds)

    def play(self, sound: Sound) -> None:
        """Play one sound (never raises)."""
        clip = self._sounds.get(sound)
        if clip is not None:
            clip.play()
