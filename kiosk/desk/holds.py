"""Holds: the hold shelf and the queue; place a hold for a pupil or a teacher, cancel.

Placing and cancelling go through the circulation service, as at the kiosk, so
the same rules and words apply (already reserved, already on loan to them).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for

from kiosk.db import patron_view
from kiosk.desk.auth import STAFF, allowed, lang, staff_name, t
from kiosk.desk.context import desk
from kiosk.desk.forms import Form
from kiosk.i18n.messages import describe

bp = Blueprint("holds", __name__, url_prefix="/holds")


def _page(form: Form, message: str = "", ok: bool = True, status: int = 200) -> Any:
    holds = patron_view.active_holds(desk().database)
    card = form.get("card")
    patron_id = request.args.get("patron", "")
    if not card and patron_id.isdigit():
        found = desk().circulation.status(int(patron_id)).patron
        card = found.card if found else ""
    return render_template(
        "holds/index.html",
        ready=[h for h in holds if h.status == "ready"],
        waiting=[h for h in holds if h.status == "waiting"],
        form=form,
        card=card,
        message=message,
        ok=ok,
    ), status


@bp.route("/")
@allowed(*STAFF)
def index() -> Any:
    """The hold shelf, the queue, and the form to place a hold."""
    return _page(Form({}))


@bp.route("/place", methods=["POST"])
@allowed(*STAFF)
def place() -> Any:
    """Reserve a title (by ISBN or a copy's barcode) for the patron of a card."""
    form = Form(request.form)
    card = form.text("card", limit=32)
    book = form.text("book", limit=32)
    if form.errors:
        return _page(form, status=400)
    service = desk().circulation
    who = service.identify(card)
    if who.patron is None:
        return _page(form, describe(who, lang()), ok=False, status=400)
    result = service.place_hold(who.patron.id, book, staff=staff_name())
    if not result.ok:
        return _page(form, describe(result, lang()), ok=False, status=400)
    flash(describe(result, lang()), "info")
    return redirect(url_for("holds.index"))


@bp.route("/<int:hold_id>/cancel", methods=["POST"])
@allowed(*STAFF)
def cancel(hold_id: int) -> Any:
    """Cancel a hold (its copy, if put aside, goes to the next in the queue)."""
    hold = next(
        (h for h in patron_view.active_holds(desk().database) if h.id == hold_id),
        None,
    )
    if hold is None:
        flash(t("hold_none"), "error")
        return redirect(url_for("holds.index"))
    scan = hold.isbn or hold.barcode
    result = desk().circulation.cancel_hold(hold.patron_id, scan, staff=staff_name())
    flash(describe(result, lang()), "info" if result.ok else "error")
    return redirect(url_for("holds.index"))
