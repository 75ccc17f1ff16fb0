"""What the desk's views work with: the library, the clock and the settings.

Built once by ``kiosk.py desk`` (or a test) and handed to ``create_app``; views
reach it through ``desk()``. Nothing here reads configuration or the wall clock
by itself.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import current_app

from kiosk.circulation.service import CirculationService
from kiosk.config import Settings
from kiosk.ports import Clock
from kiosk.runtime import Library, build_service

DESK_KIOSK_ID = "desk"
"""The kiosk id of loans and events made at the desk (the account is in ``staff``)."""


@dataclass
class DeskContext:
    """The open library the desk serves, and how it was started."""

    settings: Settings
    library: Library
    clock: Clock
    demo: bool = False
    service: CirculationService | None = None

    def __post_init__(self) -> None:
        if self.service is None:
            library = dataclasses.replace(self.settings.library, kiosk_id=DESK_KIOSK_ID)
            desk_settings = dataclasses.replace(self.settings, library=library)
            self.service = build_service(desk_settings, self.library.store, self.clock)

    @property
    def database(self) -> Any:
        """The library's database (for the store functions the views call)."""
        return self.library.database

    @property
    def circulation(self) -> CirculationService:
        """The circulation service, as the kiosk's but recording ``desk``."""
        assert self.service is not None
        return self.service

    @property
    def library_file(self) -> Path | None:
        """The SQLite library file, or None on PostgreSQL (backed up with pg_dump)."""
        if self.settings.database.url and not self.demo:
            return None
        return self.settings.demo.database if self.demo else self.settings.database.path

    @property
    def language(self) -> str:
        """The library's language: the desk's default."""
        return self.settings.library.language


def desk() -> DeskContext:
    """The desk context of the running app."""
    return current_app.extensions["desk"]
