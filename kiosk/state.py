"""What the kiosk remembers between runs: mode, language and the staff PIN hash.

Kept beside the database as a small JSON file, written atomically (temporary
file, fsync, rename) so a pulled plug leaves the old or the new file, never half.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from dataclasses import asdict, dataclass, replace
from pathlib import Path

log = logging.getLogger(__name__)

DEMO_PIN = "1234"


@dataclass(frozen=True)
class KioskState:
    """Settings the staff menu changes."""

    mode: str = "checkout"
    language: str = ""
    pin_hash: str = ""
    contrast: str = ""  # "high" or "normal" from the staff menu; "": config


def state_path(database: Path) -> Path:
    """The state file that belongs to a database file."""
    return database.with_suffix(".state.json")


def load_state(path: Path) -> KioskState:
    """Read the state; a missing or damaged file gives the defaults (logged)."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        known = {
            k: str(v) for k, v in raw.items() if k in KioskState.__dataclass_fields__
        }
        return KioskState(**known)
    except FileNotFoundError:
        return KioskState()
    except (OSError, ValueError, TypeError, AttributeError) as e:
        log.warning("kiosk state %s unreadable (%s); using defaults", path, e)
        return KioskState()


def save_state(path: Path, state: KioskState) -> None:
    """Write the state atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".state-", suffix=".json")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(asdict(state), f, ensure_ascii=False, indent=1)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def update_state(path: Path, **changes: str) -> KioskState:
    """Change some fields and save."""
    state = replace(load_state(path), **changes)
    save_state(path, state)
    return state
