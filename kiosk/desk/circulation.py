"""The circulation desk: one scan box for cards and books, and a returns tab.

A card opens the patron panel; books scanned after it are lent to that
patron; the returns tab takes returns without a card. Every step is one call
of the kiosk's circulation service (one transaction, one event naming the
desk account), and the outcome is put into words by the kiosk's catalogue.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, render_template, request

from kiosk.circulation.codes import CodeKind
from kiosk.circulation.outcomes import Result
from kiosk.circulation.service import OVERRIDABLE
from kiosk.db.accounts import Role
from kiosk.db.patron_view import holds_of_patron
from kiosk.desk.auth import STAFF, allowed, lang, staff_name, t, user
from kiosk.desk.context import desk
from kiosk.i18n.messages import describe

bp = Blueprint("circulation", __name__, url_prefix="/circulation")

REASON_MAX = 200
CODE_MAX = 64


@bp.route("/")
@allowed(*STAFF)
def index() -> Any:
    """The desk: lend (card, then books) or returns."""
    tab = "returns" if request.args.get("tab") == "returns" else "lend"
    patron_id = _int(request.args.get("patron"))
    return render_template("circulation/index.html", tab=tab, **_panel(patron_id))


@bp.route("/scan", methods=["POST"])
@allowed(*STAFF)
def scan() -> Any:
    """A card opens the patron panel; a book is lent to the patron shown."""
    code = _code()
    patron_id = _int(request.form.get("patron"))
    service = desk().circulation
    if not code:
        return _render(None, patron_id, error=t("circ_scan_empty"))
    kind = service.classify(code)
    if kind.kind is CodeKind.PATRON or not kind.is_book:
        # A card, or a code that is neither: identify says which it is.
        result = service.identify(code)
        new_patron = result.patron.id if result.patron else patron_id
        return _render(result, new_patron, code=code)
    result = service.check_out(patron_id, code, staff=staff_name())
    return _render(result, patron_id, code=code)


@bp.route("/override", methods=["POST"])
@allowed(Role.LIBRARIAN)
def override() -> Any:
    """Lend in spite of a limit, an overdue block or a hold, with a reason."""
    code = _code()
    patron_id = _int(request.form.get("patron"))
    reason = request.form.get("reason", "").strip()[:REASON_MAX]
    if not reason:
        result = desk().circulation.check_out(patron_id, code, staff=staff_name())
        return _render(result, patron_id, code=code, reason_missing=True)
    result = desk().circulation.check_out(
        patron_id, code, override=reason, staff=staff_name()
    )
    return _render(result, patron_id, code=code)


@bp.route("/renew", methods=["POST"])
@allowed(*STAFF)
def renew() -> Any:
    """Renew one of the shown patron's loans."""
    patron_id = _int(request.form.get("patron"))
    result = desk().circulation.renew(patron_id, _code(), staff=staff_name())
    return _render(result, patron_id, code=_code())


@bp.route("/return", methods=["POST"])
@allowed(*STAFF)
def check_in() -> Any:
    """Take a book back: from the patron panel, or on the returns tab."""
    code = _code()
    patron_id = _int(request.form.get("patron"))
    if not code:
        if patron_id is None:
            return render_template(
                "circulation/_return_line.html", error=t("circ_scan_empty")
            )
        return _render(None, patron_id, error=t("circ_scan_empty"))
    result = desk().circulation.check_in(code, patron_id, staff=staff_name())
    if request.form.get("tab") == "returns":
        return render_template(
            "circulation/_return_line.html",
            result=result,
            message=describe(result, lang()),
        )
    return _render(result, patron_id, code=code)


def _code() -> str:
    """The scanned or typed code: trimmed, bounded, no control characters."""
    raw = request.form.get("code", "")[: CODE_MAX * 2]
    return "".join(ch for ch in raw if ch.isprintable()).strip()[:CODE_MAX]


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        abort(400)


def _panel(patron_id: int | None) -> dict[str, Any]:
    """The patron panel's state: loans, blocks and holds now."""
    if patron_id is None:
        return {"status": None, "holds": [], "patron_id": None}
    status = desk().circulation.status(patron_id)
    if status.patron is None:
        return {"status": None, "holds": [], "patron_id": None}
    return {
        "status": status,
        "holds": holds_of_patron(desk().database, patron_id),
        "patron_id": patron_id,
    }


def _render(
    result: Result | None,
    patron_id: int | None,
    *,
    code: str = "",
    error: str = "",
    reason_missing: bool = False,
) -> Any:
    account = user()
    can_override = (
        result is not None
        and result.outcome in OVERRIDABLE
        and account is not None
        and account.role is Role.LIBRARIAN
        and request.endpoint != "circulation.renew"
    )
    context = {
        "result": result,
        "message": describe(result, lang()) if result is not None else "",
        "error": error,
        "code": code,
        "can_override": can_override,
        "reason_missing": reason_missing,
        "today": desk().clock.today(),
        **_panel(patron_id),
    }
    template = "circulation/_panel.html"
    if not request.headers.get("HX-Request"):
        template = "circulation/index.html"
        context["tab"] = "lend"
    return render_template(template, **context)
