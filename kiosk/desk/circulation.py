"""Placeholder for the desk area (filled in by its own change)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template

from kiosk.desk.auth import STAFF, allowed

bp = Blueprint("circulation", __name__, url_prefix="/circulation")


@bp.route("/")
@allowed(*STAFF)
def index() -> Any:
    """Placeholder."""
    return render_template("error.html", message="")
