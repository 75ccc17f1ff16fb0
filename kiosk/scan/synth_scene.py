"""Drawing for :mod:`kiosk.scan.synth`: barcodes on cards and books, held to a webcam.

A test that decodes a perfect black-on-white barcode proves little. These
frames have what a cheap webcam at a kiosk sees: a busy library shelf behind
the pupil, a card or a book held by a thumb at a slight angle and lean, motion
blur while it moves, defocus when it comes too close, exposure drift and sensor
noise. Every random choice comes from a seeded generator, so frames repeat.
"""

from __future__ import annotations

import math
import zlib
from dataclasses import dataclass

import cv2
import numpy as np
import zxingcpp

WIDTH, HEIGHT = 640, 480
FORMATS = {
    "EAN13": zxingcpp.BarcodeFormat.EAN13,
    "Code128": zxingcpp.BarcodeFormat.Code128,
    "QR": zxingcpp.BarcodeFormat.QRCode,
}
QR_SIZE = 130  # pixels: a QR code printed about as wide as a 1D code is tall
INK = (45, 40, 40)
SKIN = (125, 160, 210)
PAD = 40  # room around the item for the thumb that holds it
NOISE = 3.0  # sensor noise, grey levels


@dataclass(frozen=True)
class Pose:
    """Where the held item is: centre in frame pixels, size and turn in degrees.

    ``tilt`` narrows the top edge by that fraction (and widens the bottom), as an
    item leaning back from the camera does. ``yaw`` and ``pitch`` turn it in
    depth (degrees about its upright and its level axis), seen through a
    webcam's lens: bars turned away grow narrower and closer together.
    """

    x: float
    y: float
    scale: float = 1.0
    angle: float = 0.0
    tilt: float = 0.0
    yaw: float = 0.0
    pitch: float = 0.0


@dataclass(frozen=True)
class Optics:
    """What the webcam does to a frame (lengths in pixels, angle in degrees)."""

    motion_blur: float = 0.0
    motion_angle: float = 0.0
    defocus: float = 0.0
    gain: float = 1.0
    noise: float = NOISE


def render_code(text: str, symbology: str, scale: int | None = None) -> np.ndarray:
    """Draw a barcode in grey, with quiet zones and, for 1D codes, its digits.

    Args:
        text: what the barcode encodes.
        symbology: "EAN13", "Code128" or "QR".
        scale: pixels per module; by default 2 (1D), or about QR_SIZE wide (QR).

    Raises:
        ValueError: an unknown symbology, or text it cannot encode (zxing-cpp
            checks an EAN-13's check digit).
    """
    if symbology not in FORMATS:
        raise ValueError(f"symbology {symbology!r}: use one of {', '.join(FORMATS)}")
    barcode = zxingcpp.create_barcode(text, FORMATS[symbology])
    linear = symbology != "QR"
    if scale is None:
        modules = np.asarray(zxingcpp.write_barcode_to_image(barcode)).shape[1]
        scale = 2 if linear else max(2, round(QR_SIZE / modules))
    image = zxingcpp.write_barcode_to_image(barcode, scale=scale, add_hrt=linear)
    return np.asarray(image)


def _print_lines(
    image: np.ndarray, rng: np.random.Generator, box: tuple[int, int, int, int]
) -> None:
    """Rows of word-sized dashes: look like print to a webcam, need no font."""
    x0, y0, x1, y1 = box
    for y in range(y0, y1 - 3, 11):
        end = x1 - int(rng.integers(0, (x1 - x0) // 3 + 1))  # ragged right edge
        x = x0
        while x < end - 4:
            word = int(rng.integers(6, 34))
            cv2.rectangle(image, (x, y), (min(x + word, end), y + 3), INK, -1)
            x += word + int(rng.integers(4, 8))


def _paste(image: np.ndarray, code: np.ndarray, right: int, bottom: int) -> None:
    h, w = code.shape
    image[bottom - h : bottom, right - w : right] = code[..., None]


def _library_card(code: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A white patron card (85.6 × 54 mm) with a blue header, photo and name."""
    h, w = 214, 340
    card = np.full((h, w, 3), 250, np.uint8)
    cv2.rectangle(card, (0, 0), (w, 38), (150, 90, 30), -1)
    cv2.putText(card, "SCHOOL LIBRARY", (14, 27), 0, 0.7, (255, 255, 255), 2)
    cv2.rectangle(card, (14, 50), (74, 125), (185, 195, 205), -1)
    cv2.circle(card, (44, 78), 15, (120, 130, 140), -1)
    _print_lines(card, rng, (86, 52, w - 14, min(88, h - code.shape[0] - 6)))
    _paste(card, code, w - 10, h - 6)
    return card


def _back_cover(codes: list[np.ndarray], rng: np.random.Generator) -> np.ndarray:
    """A book's back cover: coloured band, blurb, barcodes stacked on a white panel.

    A second code sits above the first, as a Japanese book's price code sits
    beside its ISBN.
    """
    h, w = 400, 300
    cover = np.full((h, w, 3), (220, 232, 240), np.uint8)
    colour = tuple(int(c) for c in rng.integers(40, 170, 3))
    cv2.rectangle(cover, (0, 0), (w, 70), colour, -1)
    cv2.putText(cover, "READ ME", (18, 48), 0, 1.1, (245, 245, 245), 2)
    stack = sum(c.shape[0] for c in codes) + 6 * (len(codes) - 1)
    cw = max(c.shape[1] for c in codes)
    _print_lines(cover, rng, (18, 90, w - 18, h - stack - 34))
    cv2.rectangle(cover, (w - cw - 22, h - stack - 22), (w - 8, h - 8), (255,) * 3, -1)
    bottom = h - 14
    for code in codes:
        _paste(cover, code, w - 14, bottom)
        bottom -= code.shape[0] + 6
    return cover


def render_item(
    text: str,
    symbology: str,
    *,
    book: bool | None = None,
    seed: int = 0,
    second: str | None = None,
    finger: bool = False,
) -> np.ndarray:
    """Draw the card or book that carries a code, held by a thumb on its left edge.

    Args:
        text: what the barcode encodes.
        symbology: "EAN13", "Code128" or "QR".
        book: a book cover (True) or a patron card (False); by default an ISBN
            or an all-digit copy label is a book and anything else is a card.
        seed: varies the print and the cover colour.
        second: a second EAN-13 printed above the first on a book (a price code).
        finger: a finger lies across the top of the code's bars.

    Returns:
        A BGRA layer, transparent around the item, for :func:`scene` to place.
    """
    rng = np.random.default_rng([seed, zlib.crc32(text.encode())])
    code = render_code(text, symbology)
    if book is None:
        book = symbology == "EAN13" or text.isdigit()
    codes = [code] + ([render_code(second, "EAN13")] if second else [])
    item = _back_cover(codes, rng) if book else _library_card(code, rng)
    h, w = item.shape[:2]
    layer = np.zeros((h + 2 * PAD, w + 2 * PAD, 4), np.uint8)
    layer[PAD : PAD + h, PAD : PAD + w, :3] = item
    layer[PAD : PAD + h, PAD : PAD + w, 3] = 255
    thumb = (PAD + 8, PAD + h * 3 // 5)
    cv2.ellipse(layer, thumb, (30, 17), 15, 0, 360, (*SKIN, 255), -1)
    cv2.ellipse(layer, thumb, (30, 17), 15, 0, 360, (90, 115, 160, 255), 1)
    if finger:
        _finger(layer, code.shape, rng, book)
    return layer


def _finger(
    layer: np.ndarray, code: tuple[int, ...], rng: np.random.Generator, book: bool
) -> None:
    """A fingertip from above over up to a third of the bars, somewhere along them.

    The code sits at the item's bottom right (see :func:`_paste`), so its
    place in the layer follows from the item's size.
    """
    ch, cw = code[:2]
    right, bottom = layer.shape[1] - PAD - (14 if book else 10), layer.shape[0] - PAD
    bottom -= 14 if book else 6
    top, left = bottom - ch, right - cw
    x = int(left + rng.uniform(0.15, 0.85) * cw)
    tip = int(top + rng.uniform(0.15, 0.35) * ch)  # the bars start near the top
    turn = float(rng.uniform(-15, 15))
    cv2.ellipse(layer, (x, tip - 45), (15, 45), turn, 0, 360, (*SKIN, 255), -1)
    cv2.ellipse(layer, (x, tip - 45), (15, 45), turn, 0, 180, (90, 115, 160, 255), 1)


def _shelf(image: np.ndarray, rng: np.random.Generator, bottom: int) -> None:
    """A row of book spines in muted colours on a wooden board."""
    x = int(rng.integers(-20, 40))
    while x < WIDTH:
        spine, tall = int(rng.integers(9, 26)), int(rng.integers(95, 140))
        colour = tuple(int(c) for c in 0.6 * rng.integers(30, 220, 3) + 45)
        cv2.rectangle(image, (x, bottom - tall), (x + spine, bottom), colour, -1)
        x += spine + int(rng.integers(1, 4))
    cv2.rectangle(image, (0, bottom), (WIDTH, bottom + 14), (40, 70, 100), -1)


def background(seed: int = 0) -> np.ndarray:
    """A library corner behind the pupil: a lit wall, shelves, posters, a desk.

    It is blurred a little because a webcam focused on a card at arm's length
    never sees the far wall sharply.
    """
    rng = np.random.default_rng([seed, 1])
    yy, xx = np.mgrid[0:HEIGHT, 0:WIDTH].astype(np.float32)
    wall = 215 - 60 * yy / HEIGHT - 35 * xx / WIDTH  # lit from the top left
    image = np.dstack([wall * 0.88, wall * 0.95, wall]).astype(np.uint8)
    _shelf(image, rng, 180)
    _shelf(image, rng, 350)
    for _ in range(2):
        x, y = int(rng.integers(0, WIDTH - 120)), int(rng.integers(0, HEIGHT - 160))
        colour = tuple(int(c) for c in rng.integers(120, 250, 3))
        cv2.rectangle(image, (x, y), (x + 110, y + 150), colour, -1)
        _print_lines(image, rng, (x + 10, y + 90, x + 100, y + 140))
    cv2.rectangle(image, (0, HEIGHT - 40), (WIDTH, HEIGHT), (70, 85, 95), -1)
    return cv2.GaussianBlur(image, (0, 0), 1.3)


def _homography(layer: np.ndarray, pose: Pose) -> np.ndarray:
    """Map the layer's corners to where the pose puts them in the frame."""
    h, w = layer.shape[:2]
    hw, hh = w / 2 * pose.scale, h / 2 * pose.scale
    top, bottom = 1 - pose.tilt, 1 + pose.tilt
    local = np.array(
        [[-hw * top, -hh], [hw * top, -hh], [hw * bottom, hh], [-hw * bottom, hh]]
    )
    if pose.yaw or pose.pitch:
        local = _turned_in_depth(local, pose.yaw, pose.pitch)
    turn = math.radians(pose.angle)
    c, s = math.cos(turn), math.sin(turn)
    corners = local @ np.array([[c, -s], [s, c]]) + (pose.x, pose.y)
    source = np.array([[0, 0], [w, 0], [w, h], [0, h]], np.float32)
    return cv2.getPerspectiveTransform(source, corners.astype(np.float32))


FOCAL = 600.0  # pixels: a webcam's lens, about 56 degrees across 640 pixels


def _turned_in_depth(local: np.ndarray, yaw: float, pitch: float) -> np.ndarray:
    """Corners of a flat item turned about its own axes, seen through the lens."""
    a, b = math.radians(yaw), math.radians(pitch)
    about_y = np.array(
        [[math.cos(a), 0, math.sin(a)], [0, 1, 0], [-math.sin(a), 0, math.cos(a)]]
    )
    about_x = np.array(
        [[1, 0, 0], [0, math.cos(b), -math.sin(b)], [0, math.sin(b), math.cos(b)]]
    )
    points = np.column_stack([local, np.zeros(len(local))]) @ (about_x @ about_y).T
    depth = FOCAL + points[:, 2]
    return points[:, :2] * (FOCAL / depth)[:, None]


def _streak(length: float, angle: float) -> np.ndarray:
    """A normalised line kernel: what a moving item smears into in one exposure."""
    size = math.ceil(length) | 1
    half = size // 2
    dx = math.cos(math.radians(angle)) * (length - 1) / 2
    dy = -math.sin(math.radians(angle)) * (length - 1) / 2
    kernel = np.zeros((size, size), np.float32)
    ends = ((half - dx, half - dy), (half + dx, half + dy))
    a, b = ((round(x), round(y)) for x, y in ends)
    cv2.line(kernel, a, b, 1.0, 1, cv2.LINE_AA)
    return kernel / kernel.sum()


def scene(
    back: np.ndarray,
    layer: np.ndarray | None,
    pose: Pose | None,
    optics: Optics | None = None,
    rng: np.random.Generator | None = None,
) -> np.ndarray:
    """Compose one BGR webcam frame with the item (if any) held at ``pose``.

    Args:
        back: the BGR background, e.g. from :func:`background`.
        layer: the BGRA item from :func:`render_item`, or None for an empty view.
        pose: where the item is; None also means an empty view.
        optics: blur, exposure and noise; sharp with sensor noise by default.
        rng: the source of sensor noise (seed 0 if not given, so frames repeat).
    """
    optics = optics or Optics()
    held = [] if layer is None or pose is None else [(layer, pose, optics)]
    return scene_of(back, held, optics, rng)


def scene_of(
    back: np.ndarray,
    held: list[tuple[np.ndarray, Pose, Optics]],
    optics: Optics | None = None,
    rng: np.random.Generator | None = None,
    glare: tuple[float, float, float, float] | None = None,
) -> np.ndarray:
    """Compose a frame with several items, each with its own pose and blur.

    ``optics`` gives the frame's gain and noise; ``glare`` is a reflection
    (x, y, radius, brightness in grey levels) laid over everything, as a
    ceiling light does on a glossy cover.
    """
    optics = optics or Optics()
    frame = back.astype(np.float32)
    for layer, pose, item_optics in held:
        _hold_up(frame, layer, pose, item_optics)
    if glare is not None:
        _glare(frame, *glare)
    if optics.noise > 0:
        rng = rng or np.random.default_rng(0)
        grain = _grain(rng, frame.shape[:2], optics.noise)
        frame = cv2.scaleAdd(frame, optics.gain, cv2.merge((grain, grain, grain)))
    else:
        frame *= optics.gain
    # convertScaleAbs rounds and saturates in one fast pass; max() first so it
    # has no negative values to mirror.
    return cv2.convertScaleAbs(cv2.max(frame, 0.0))


def _glare(frame: np.ndarray, x: float, y: float, radius: float, bright: float) -> None:
    """A soft bright patch, saturating where it is strongest."""
    h, w = frame.shape[:2]
    x0, x1 = max(int(x - 2 * radius), 0), min(int(x + 2 * radius), w)
    y0, y1 = max(int(y - radius), 0), min(int(y + radius), h)
    if x0 >= x1 or y0 >= y1:
        return
    yy, xx = np.mgrid[y0:y1, x0:x1].astype(np.float32)
    # Elongated: a strip light's reflection, twice as wide as it is tall.
    patch = np.exp(-(((xx - x) / (2 * radius)) ** 2 + ((yy - y) / radius) ** 2) * 3)
    frame[y0:y1, x0:x1] += (bright * patch)[..., None]


def _grain(rng: np.random.Generator, size: tuple[int, ...], sigma: float) -> np.ndarray:
    """Sensor noise as a webcam delivers it: blotchy luma, not per-pixel colour.

    Demosaicing, denoising and JPEG leave little colour noise and smear the
    rest over neighbouring pixels, so it is drawn in one channel at half size
    and enlarged (a twelfth of the random numbers, which is most of the time).
    """
    h, w = size
    small = rng.standard_normal(((h + 1) // 2, (w + 1) // 2), np.float32)
    # Bilinear enlarging averages neighbours; 1.6 restores the wanted sigma.
    grain = cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR)
    return grain * (sigma * 1.6)


def _hold_up(frame: np.ndarray, layer: np.ndarray, pose: Pose, optics: Optics) -> None:
    """Warp, blur and blend the item into ``frame``, within its bounding box only.

    Blur acts on the item alone, with premultiplied alpha, so its edges smear
    over the wall the way a moving card's do while the wall stays sharp.
    """
    matrix = _homography(layer, pose)
    h, w = layer.shape[:2]
    box = np.array([[[0, 0], [w, 0], [w, h], [0, h]]], np.float32)
    corners = cv2.perspectiveTransform(box, matrix)[0]
    reach = math.ceil(optics.motion_blur / 2 + 3 * optics.defocus) + 2
    x0, y0 = np.maximum(np.floor(corners.min(axis=0)).astype(int) - reach, 0)
    x1, y1 = np.minimum(
        np.ceil(corners.max(axis=0)).astype(int) + reach, frame.shape[1::-1]
    )
    if x0 >= x1 or y0 >= y1:
        return  # entirely out of view
    shift = np.array([[1, 0, -x0], [0, 1, -y0], [0, 0, 1]], np.float64)
    item = cv2.warpPerspective(layer, shift @ matrix, (int(x1 - x0), int(y1 - y0)))
    weight = item[..., 3:].repeat(4, axis=2)
    weight[..., 3] = 255  # colours × alpha, alpha × 1: premultiplied
    item = cv2.multiply(item, weight, scale=1 / 255, dtype=cv2.CV_32F)
    if optics.motion_blur >= 1.5:
        item = cv2.filter2D(item, -1, _streak(optics.motion_blur, optics.motion_angle))
    if optics.defocus >= 0.3:  # a narrower Gaussian leaves every pixel as it was
        item = cv2.GaussianBlur(item, (0, 0), optics.defocus)
    cover = item[..., 3:].repeat(3, axis=2)
    uncovered = cv2.multiply(frame[y0:y1, x0:x1], 255 - cover, scale=1 / 255)
    frame[y0:y1, x0:x1] = cv2.add(uncovered, np.ascontiguousarray(item[..., :3]))
