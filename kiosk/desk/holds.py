"""Holds: place for a pupil or a teacher, cancel, the waiting and ready lists."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template

from kiosk.desk.auth import STAFF, allowed

bp = Blueprint("holds", __name__, url_prefix="/holds")


@bp.route("/")
@allowed(*STAFF)
def index() -> Any:
    """The holds waiting and ready (placeholder)."""
    return render_template("error.html", message="")
