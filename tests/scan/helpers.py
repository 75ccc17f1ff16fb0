"""Image files the frame-source and capture tests play, made with cv2."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import cv2
import numpy as np

ABSENT_CAMERA = 99


def picture(value: int) -> np.ndarray:
    """A small flat image whose brightness tells the tests which one it is."""
    return np.full((24, 32, 3), value, np.uint8)


def brightness(image: Any) -> int:
    return round(float(image.mean()))


def write_images(folder: Path, names_values: dict[str, int]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, value in names_values.items():
        assert cv2.imwrite(str(folder / name), picture(value))
    return folder


def write_folder(folder: Path, count: int) -> Path:
    return write_images(folder, {f"{i}.png": 10 * i for i in range(1, count + 1)})
