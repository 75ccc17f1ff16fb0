"""Holds: the hold shelf and the queue; place a hold for a pupil or a teacher, cancel.

Placing and cancelling go through the circulation service, as at the kiosk, so
the same rules and words apply (already reserved, already on loan to them),
and the event names the desk account.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for

from kiosk.circulation.outcomes import Outcome
from kiosk.db import patron_view
from kiosk.desk.auth import STAFF, allowed, lang, staff_name, t
from kiosk.desk.context import desk
from kiosk.desk.forms import Form
from kiosk.i18n.messages import describe

bp = Blueprint("holds", __name__, url_prefix="/holds")

SCAN_MAX = 32
CARD_REFUSED = frozenset(
    {Outcome.CARD_SUSPENDED, Outcome.CARD_LEFT, Outcome.CARD_EXPIRED}
)
"""The service refuses a hold change for a card that cannot be used."""


def _page(form: Form, message: str = "", ok: bool = True, status: int = 200) -> Any:
    context = desk()
    holds = patron_view.active_holds(context.database)
    card, chosen = form.get("card"), None
    patron_id = request.args.get("patron", "")
    if patron_id.isdigit():
        chosen = context.circulation.status(int(patron_id)).patron
        if chosen is not None and not card:
            card = chosen.card
    return render_template(
        "holds/index.html",
        ready=[h for h in holds if h.status == "ready"],
        waiting=[h for h in holds if h.status == "waiting"],
        form=form,
        card=card,
        chosen=chosen,
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
    card = form.text("card", limit=SCAN_MAX)
    book = form.text("book", limit=SCAN_MAX)
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
    hold = patron_view.active_hold(desk().database, hold_id)
    if hold is None:
        flash(t("hold_gone"), "error")
        return redirect(url_for("holds.index"))
    result = desk().circulation.cancel_hold(
        hold.patron_id, hold.scan, staff=staff_name()
    )
    message = describe(result, lang())
    if result.outcome in CARD_REFUSED:
        message = f"{message} {t('hold_card_refused')}"
    flash(message, "info" if result.ok else "error")
    if request.form.get("back") == "patron":
        return redirect(url_for("patrons.show", patron_id=hold.patron_id))
    return redirect(url_for("holds.index"))
