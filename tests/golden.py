"""Compare a picture with its golden file (tests/golden/...), with a tolerance.

Goldens are rewritten only with ``pytest --update-goldens``, and only after a
person has looked at the difference: on a mismatch the test writes
``actual.png`` and ``diff.png`` (differing pixels in red) to its tmp_path.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageChops

from tests.conftest import PROJECT

GOLDEN = PROJECT / "tests" / "golden"


def assert_matches_golden(
    image: Image.Image,
    name: str,
    tmp_path: Path,
    *,
    update: bool,
    tolerance: float = 0.002,
) -> None:
    """Fail unless ``image`` differs from the golden in at most ``tolerance`` of
    its pixels (font rasterisers differ by a few pixels between versions)."""
    golden = GOLDEN / name
    if update:
        golden.parent.mkdir(parents=True, exist_ok=True)
        image.save(golden)
        return
    assert golden.exists(), f"{golden} missing: run pytest --update-goldens, look"
    expected = Image.open(golden).convert("L")
    actual = image.convert("L")
    actual.save(tmp_path / "actual.png")
    assert actual.size == expected.size, (
        f"{name}: size {actual.size} != golden {expected.size}; "
        f"see {tmp_path / 'actual.png'}"
    )
    diff = ImageChops.difference(actual, expected).point(lambda v: 255 if v else 0)
    changed = diff.histogram()[255]
    if changed > tolerance * actual.width * actual.height:
        red = Image.merge(
            "RGB", (diff, Image.new("L", diff.size), Image.new("L", diff.size))
        )
        Image.blend(actual.convert("RGB"), red, 0.5).save(tmp_path / "diff.png")
        raise AssertionError(
            f"{name}: {changed} pixels differ (tolerance {tolerance:.1%}); "
            f"see {tmp_path / 'actual.png'} and {tmp_path / 'diff.png'}"
        )
