"""Pupils' data: what the retention would clear, run it now, export or erase a pupil.

The same work as ``admin privacy run|export|erase`` (``kiosk.privacy.retention``,
``kiosk.db.retention`` and the command's workbook and words): the page shows
the dry run, and the librarian runs it, or answers a family's request for a
pupil's data or its erasure. Librarian only.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for

from kiosk.admin import privacy as words
from kiosk.db import retention as store
from kiosk.desk.auth import LIBRARIAN, allowed, lang
from kiosk.desk.context import desk
from kiosk.desk.files import written
from kiosk.errors import AdminError, StoreError
from kiosk.i18n.admin import explain, say
from kiosk.privacy import retention

bp = Blueprint("privacy", __name__, url_prefix="/privacy")


@bp.route("/")
@allowed(*LIBRARIAN)
def index() -> Any:
    """The dry run: what a retention run would anonymise or delete now."""
    context = desk()
    found = retention.review(context.settings, context.database, context.clock.now())
    return render_template(
        "privacy/index.html",
        lines=words.review_lines(found, context.settings, lang()),
        privacy=context.settings.privacy,
    )


@bp.route("/run", methods=["POST"])
@allowed(*LIBRARIAN)
def run() -> Any:
    """Run the retention now (the kiosk does it daily anyway)."""
    context, language = desk(), lang()
    try:
        found = retention.apply(context.settings, context.database, context.clock.now())
    except StoreError as e:
        flash(str(e), "error")
        return redirect(url_for("privacy.index"))
    flash(say("pv_done", language, **words.done_params(found)), "info")
    return redirect(url_for("privacy.index"))


def _card() -> str:
    return (request.values.get("card") or "").strip().upper()


@bp.route("/export")
@allowed(*LIBRARIAN)
def export() -> Any:
    """Everything held about one pupil, as the command's workbook."""
    card, language = _card(), lang()
    data = store.pupil_data(desk().database, card) if card.isprintable() else None
    if data is None:
        flash(say("pv_unknown_card", language, card=card), "error")
        return redirect(url_for("privacy.index"))
    return written(
        f"{card}.xlsx", lambda path: words.write_pupil_xlsx(path, data, language)
    )


@bp.route("/erase", methods=["POST"])
@allowed(*LIBRARIAN)
def erase() -> Any:
    """Forget one pupil now, unless books are out or money is owed."""
    card, language = _card(), lang()
    try:
        name = words.erase_pupil(desk().database, card)
    except AdminError as e:
        flash(explain(e, language), "error")
    else:
        flash(say("pv_erased", language, card=card, name=name), "info")
    return redirect(url_for("privacy.index"))
