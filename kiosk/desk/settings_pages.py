"""Placeholder for the desk area (filled in by its own change)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template

from kiosk.desk.auth import LIBRARIAN, allowed

bp = Blueprint("settings", __name__, url_prefix="/settings")


@bp.route("/")
@allowed(*LIBRARIAN)
def index() -> Any:
    """Placeholder."""
    return render_template("error.html", message="")
