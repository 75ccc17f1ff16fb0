"""Read an ESC/POS byte stream back: commands, raster pictures, Chinese text.

Knows exactly the commands the kiosk sends and fails on any other byte, so a
stray text byte or an unexpected command (a code page switch, say) is caught.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PIL import Image

FS_ON, FS_OFF = b"\x1c&", b"\x1c."


@dataclass
class Stream:
    """What a printer would have made of the bytes."""

    commands: list[str] = field(default_factory=list)
    pictures: list[Image.Image] = field(default_factory=list)
    chinese: list[bytes] = field(default_factory=list)

    def picture(self) -> Image.Image:
        """All raster pictures stacked top to bottom, as the paper shows them."""
        width = max(p.width for p in self.pictures)
        height = sum(p.height for p in self.pictures)
        paper = Image.new("1", (width, height), 1)
        y = 0
        for part in self.pictures:
            paper.paste(part, (0, y))
            y += part.height
        return paper


def parse(data: bytes) -> Stream:
    """Decode the stream; AssertionError on anything the kiosk never sends."""
    stream = Stream()
    i = 0
    while i < len(data):
        i = _command(data, i, stream)
    return stream


def _command(data: bytes, i: int, stream: Stream) -> int:
    if data.startswith(b"\x1b@", i):
        stream.commands.append("init")
        return i + 2
    if data.startswith(b"\x1dv0", i):
        return _raster(data, i, stream)
    if data.startswith(b"\x1bd", i):
        stream.commands.append(f"feed {data[i + 2]}")
        return i + 3
    if data.startswith(b"\x1dV", i):
        stream.commands.append("cut")
        return i + (4 if data[i + 2] in (65, 66) else 3)
    if data.startswith(b"\x10\x04", i):
        stream.commands.append(f"status {data[i + 2]}")
        return i + 3
    if data.startswith(FS_ON, i):
        end = data.index(FS_OFF, i)
        stream.commands.append("chinese")
        stream.chinese.append(data[i + 2 : end])
        return end + 2
    raise AssertionError(f"unexpected byte {data[i]:#04x} at {i}: {data[i : i + 8]!r}")


def _raster(data: bytes, i: int, stream: Stream) -> int:
    """GS v 0 m xL xH yL yH d1...dk: a 1-bit picture, 1 = a black dot."""
    mode = data[i + 3]
    assert mode == 0, f"GS v 0 density {mode}: expected normal (0)"
    width_bytes = data[i + 4] + 256 * data[i + 5]
    height = data[i + 6] + 256 * data[i + 7]
    start = i + 8
    size = width_bytes * height
    block = data[start : start + size]
    assert len(block) == size, "raster data cut short"
    picture = Image.frombytes("1", (width_bytes * 8, height), block, "raw", "1;I")
    stream.commands.append(f"raster {width_bytes * 8}x{height}")
    stream.pictures.append(picture)
    return start + size
