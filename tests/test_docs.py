"""Every setting is documented in config.toml (with a comment) and in README.md."""

from __future__ import annotations

import re

import pytest

from kiosk.config import all_keys
from tests.conftest import PROJECT

CONFIG = (PROJECT / "config.toml").read_text(encoding="utf-8")
README = (PROJECT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(("section", "key", "doc"), all_keys())
def test_setting_is_in_config_toml_with_a_comment(
    section: str, key: str, doc: str
) -> None:
    block = CONFIG.split(f"[{section}]", 1)
    assert len(block) == 2, f"[{section}] missing from config.toml"
    body = block[1].split("\n[", 1)[0]
    lines = body.splitlines()
    index = next(
        (i for i, ln in enumerate(lines) if re.match(rf"#?\s*{key}\s*=", ln)), None
    )
    assert index is not None, f"{section}.{key} missing from config.toml"
    assert lines[index - 1].lstrip().startswith("#"), f"{section}.{key} has no comment"


@pytest.mark.parametrize(("section", "key", "doc"), all_keys())
def test_setting_is_in_readme(section: str, key: str, doc: str) -> None:
    assert f"`{section}.{key}`" in README
    assert doc


def test_config_toml_has_no_undocumented_keys() -> None:
    known = {key for _, key, _ in all_keys()}
    for line in CONFIG.splitlines():
        m = re.match(r"#?\s*([a-z_]+)\s*=", line)
        if m:
            assert m.group(1) in known, line
