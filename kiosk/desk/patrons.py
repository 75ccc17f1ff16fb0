"""Placeholder for the desk area (filled in by its own change)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template

from kiosk.desk.auth import STAFF, allowed

bp = Blueprint("patrons", __name__, url_prefix="/patrons")


@bp.route("/")
@allowed(*STAFF)
def index() -> Any:
    """Placeholder."""
    return render_template("error.html", message="")


@bp.route("/class/<path:name>")
@allowed(*STAFF)
def class_page(name: str) -> Any:
    """Placeholder."""
    return render_template("error.html", message=name)


@bp.route("/<int:patron_id>")
@allowed(*STAFF)
def show(patron_id: int) -> Any:
    """One patron's page (placeholder)."""
    return render_template("error.html", message=str(patron_id))
