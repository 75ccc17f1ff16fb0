"""Patrons: search (name, card, class, pinyin initials), class lists, a patron's page.

Helpers look pupils up, print a card and manage holds; only a librarian edits
a patron or blocks a card. Every change is one transaction with an event
naming the account (kiosk.db.patrons).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)

from kiosk.admin import cards as card_sheets
from kiosk.circulation.model import PatronType
from kiosk.db import patron_view, search
from kiosk.db import patrons as store
from kiosk.db.accounts import Role
from kiosk.db.patrons import PatronError
from kiosk.desk.auth import LIBRARIAN, STAFF, allowed, lang, staff_name, t, user
from kiosk.desk.context import desk
from kiosk.desk.files import written
from kiosk.desk.forms import Form, grade_name

bp = Blueprint("patrons", __name__, url_prefix="/patrons")

QUERY_MAX = 64
PER_PAGE = 50
NAME_MAX = 50
CLASS_MAX = 30
REASON_MAX = 100
TYPES = tuple(p.value for p in PatronType)


def _fragment_wanted() -> bool:
    """An htmx swap wants the results only; a history restore wants the page."""
    return bool(request.headers.get("HX-Request")) and not request.headers.get(
        "HX-History-Restore-Request"
    )


@bp.route("/")
@allowed(*STAFF)
def index() -> Response:
    """Search patrons as the user types; an empty search shows the class lists."""
    query = request.args.get("q", "").strip()[:QUERY_MAX]
    context = desk()
    today = context.clock.today()
    if query:
        hits = search.search_patrons(context.database, query, today=today)
        classes = []
    else:
        hits, classes = [], search.class_list(context.database, today)
    template = "patrons/_results.html" if _fragment_wanted() else "patrons/index.html"
    response = make_response(
        render_template(
            template, query=query, hits=hits, classes=classes, grade_name=grade_name
        )
    )
    response.vary.add("HX-Request")  # the same URL answers a page or a fragment
    return response


@bp.route("/classes")
@allowed(*STAFF)
def classes() -> Any:
    """Every class with its pupils, their loans now and the overdue ones."""
    context = desk()
    return render_template(
        "patrons/classes.html",
        classes=search.class_list(context.database, context.clock.today()),
        grade_name=grade_name,
    )


@bp.route("/class/<path:name>")
@allowed(*STAFF)
def class_page(name: str) -> Any:
    """One class's roster by card number: each pupil's loans and overdue books."""
    roster = desk().circulation.roster(name)
    if not roster:
        return render_template("error.html", message=t("no_class", name=name)), 404
    return render_template(
        "patrons/class.html", name=name, roster=roster, today=desk().clock.today()
    )


def _patron_page(
    patron_id: int,
    *,
    edit: Form | None = None,
    block: Form | None = None,
    pin: Form | None = None,
    status: int = 200,
) -> Any:
    context = desk()
    result = context.circulation.status(patron_id)
    if result.patron is None:
        return render_template("error.html", message=t("no_patron", id=patron_id)), 404
    page = max(1, _page())
    history, total = patron_view.loan_history(
        context.database, patron_id, page=page, per_page=PER_PAGE
    )
    account = user()
    return render_template(
        "patrons/show.html",
        status=result,
        patron=result.patron,
        blocked_reason=store.blocked_reason(context.database, patron_id),
        holds=patron_view.holds_of_patron(context.database, patron_id),
        owed=patron_view.owed_by_patron(context.database, patron_id),
        history=history,
        page=page,
        pages=max(1, -(-total // PER_PAGE)),
        total=total,
        today=context.clock.today(),
        edit=edit,
        block=block,
        pin=pin,
        has_pin=store.has_pin(context.database, patron_id),
        can_edit=account is not None and account.role is Role.LIBRARIAN,
        types=TYPES,
        grade_name=grade_name,
    ), status


def _page() -> int:
    try:
        return int(request.args.get("page", "1"))
    except ValueError:
        return 1


@bp.route("/<int:patron_id>")
@allowed(*STAFF)
def show(patron_id: int) -> Any:
    """A patron: the card, loans now, history, holds, compensation owed."""
    return _patron_page(patron_id)


def _read_patron(form: Form) -> dict[str, Any]:
    """The edit form's values, each checked; problems go to ``form.errors``."""
    values: dict[str, Any] = {
        "name": form.text("name", limit=NAME_MAX),
        "class_name": form.text("class_name", required=False, limit=CLASS_MAX),
        "grade": form.integer("grade", required=False),
        "type": form.choice("type", TYPES),
    }
    if values["grade"] is not None and not 1 <= values["grade"] <= 12:
        form.fail("grade", t("rule_out_of_range", low=1, high=12))
    return values


@bp.route("/<int:patron_id>/edit", methods=["POST"])
@allowed(*LIBRARIAN)
def edit(patron_id: int) -> Any:
    """Correct name, class, grade or type (all checked first; nothing half-written)."""
    form = Form(request.form)
    values = _read_patron(form)
    if form.errors:
        return _patron_page(patron_id, edit=form, status=400)
    try:
        changed = store.update_patron(
            desk().database,
            patron_id,
            **values,
            at=desk().clock.now(),
            staff=staff_name(),
        )
    except PatronError:
        abort(404)
    flash(t("saved" if changed else "pat_unchanged"), "info")
    return redirect(url_for("patrons.show", patron_id=patron_id))


@bp.route("/<int:patron_id>/block", methods=["POST"])
@allowed(*LIBRARIAN)
def block(patron_id: int) -> Any:
    """Suspend the card, with the reason why (the kiosks then refuse it)."""
    form = Form(request.form)
    reason = form.text("reason", limit=REASON_MAX)
    if not form.errors:
        _change(form, "reason", store.block_patron, patron_id, reason)
    if form.errors:
        return _patron_page(patron_id, block=form, status=400)
    flash(t("patron_blocked_note"), "info")
    return redirect(url_for("patrons.show", patron_id=patron_id))


@bp.route("/<int:patron_id>/unblock", methods=["POST"])
@allowed(*LIBRARIAN)
def unblock(patron_id: int) -> Any:
    """Let the card borrow again (not a pupil who has left school)."""
    form = Form(request.form)
    reason = form.text("reason", required=False, limit=REASON_MAX)
    try:
        store.unblock_patron(
            desk().database,
            patron_id,
            reason,
            at=desk().clock.now(),
            staff=staff_name(),
        )
    except PatronError as e:
        if e.code == "patron_unknown":
            abort(404)
        flash(t(e.code), "error")
    else:
        flash(t("patron_unblocked_note"), "info")
    return redirect(url_for("patrons.show", patron_id=patron_id))


@bp.route("/<int:patron_id>/pin", methods=["POST"])
@allowed(*LIBRARIAN)
def pin(patron_id: int) -> Any:
    """Set or remove the PIN other vendors' self-check machines ask for."""
    form = Form(request.form)
    remove = request.form.get("remove") == "1"
    new = None if remove else form.text("pin")
    if not form.errors:
        _change(form, "pin", store.set_patron_pin, patron_id, new)
    if form.errors:
        return _patron_page(patron_id, pin=form, status=400)
    flash(t("pat_pin_removed" if remove else "pat_pin_saved"), "info")
    return redirect(url_for("patrons.show", patron_id=patron_id))


def _change(
    form: Form, field: str, change: Callable[..., object], patron_id: int, value: object
) -> None:
    """Make a patron change as this account; a refusal is ``field``'s error.

    An unknown patron is a 404 page.
    """
    try:
        change(
            desk().database,
            patron_id,
            value,
            at=desk().clock.now(),
            staff=staff_name(),
        )
    except PatronError as e:
        if e.code == "patron_unknown":
            abort(404)
        form.fail(field, t(e.code))


@bp.route("/<int:patron_id>/card.pdf")
@allowed(*STAFF)
def card(patron_id: int) -> Any:
    """This patron's library card on an A4 sheet (the admin tool's card)."""
    context = desk()
    found = store.select(context.database, patron_ids=[patron_id])
    if not found:
        abort(404)
    settings = context.settings
    words = card_sheets.card_words(
        settings.library.name, settings.receipts.school, lang()
    )
    return written(
        f"card-{found[0].card}.pdf",
        lambda path: card_sheets.write_cards_pdf(path, found, words, title=words.title),
        attachment=False,
    )
