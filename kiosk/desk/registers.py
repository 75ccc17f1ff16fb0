"""The registers: purchases, repairs, withdrawals, losses, reservations, staff loans.

Lists, entries and workbooks are the command line's (``admin registers`` and
``admin purchases``: ``kiosk.admin.registers``, ``kiosk.admin.purchases``); the
page filters by dates and class, and the librarian enters what happened with
one form per action. Helpers read the registers but change nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from kiosk.admin import purchases as pur
from kiosk.admin import registers as regs
from kiosk.db import catalogue as catalogue_store
from kiosk.desk.auth import LIBRARIAN, STAFF, allowed, lang
from kiosk.desk.context import DESK_KIOSK_ID, desk
from kiosk.desk.files import written
from kiosk.errors import AdminError
from kiosk.i18n.admin import explain, say

bp = Blueprint("registers", __name__, url_prefix="/registers")

TABS = ("purchases", *regs.SHEETS)
"""The page's tabs: the purchases register, then the five of ``admin registers``."""

FORMS: dict[str, tuple[str, ...]] = {
    "repairs": ("repair", "back"),
    "withdrawals": ("withdraw",),
    "losses": ("lost", "damaged", "paid", "found"),
    "reservations": ("reserve",),
}
"""The entry forms shown beside each register."""


def _filters() -> tuple[dict[str, str], dt.datetime | None, dt.datetime | None]:
    """The filters as typed, and the period they mean (AdminError when bad)."""
    typed = {
        k: (request.args.get(k) or "").strip() for k in ("from", "to", "class", "open")
    }
    since, until = regs.period(typed["from"] or None, typed["to"] or None)
    return typed, since, until


def _rows(tab: str, since: Any, until: Any, typed: dict[str, str]) -> list[Any]:
    database = desk().database
    if tab == "purchases":
        first = since.date() if since else None
        last = (until - dt.timedelta(days=1)).date() if until else None
        return catalogue_store.purchases(database, first, last)
    return list(
        regs.fetch(
            database, tab, since, until, bool(typed["open"]), typed["class"] or None
        )
    )


def _purchase_table(records: list[Any], words: str) -> list[list[object]]:
    header: list[object] = [say(f"pur_col_{c}", words) for c in pur.COLUMNS]
    return [header, *(pur.values(r) for r in records)]


@bp.route("/")
@allowed(*STAFF)
def index() -> Any:
    """One register's lines in the period, its totals and its entry forms."""
    tab = request.args.get("tab", "losses")
    if tab not in TABS:
        abort(404)
    words = lang()
    refusal, rows = "", []
    try:
        typed, since, until = _filters()
        rows = _rows(tab, since, until, typed)
    except AdminError as e:
        typed = {k: request.args.get(k, "") for k in ("from", "to", "class", "open")}
        refusal = explain(e, words)
    if tab == "purchases":
        table = _purchase_table(rows, words)
        copies, total = pur.totals(rows)
        totals = say(
            "pur_total", words, lines=len(rows), copies=copies, total=f"{total:.2f}"
        )
    else:
        table = regs.table(regs.SHEETS[tab], rows, words)
        totals = (
            say("reg_loss_totals", words, **regs.loss_totals(rows))
            if tab == "losses"
            else ""
        )
    return render_template(
        "registers/index.html",
        tab=tab,
        tabs=TABS,
        typed=typed,
        header=table[0],
        lines=[[regs.cell_text(v) for v in line] for line in table[1:]],
        totals=totals,
        refusal=refusal,
        forms=FORMS.get(tab, ()),
        query=request.query_string.decode(),
        classes=tab == "losses",
        may_open=tab not in ("purchases", "withdrawals"),
    ), (400 if refusal else 200)


@bp.route("/<tab>.xlsx")
@allowed(*STAFF)
def workbook(tab: str) -> Any:
    """One register, or ``all`` (a sheet each), as the command writes it."""
    words = lang()
    try:
        typed, since, until = _filters()
    except AdminError as e:
        return explain(e, words), 400
    if tab == "purchases":
        records = _rows(tab, since, until, typed)
        return written(
            "purchases.xlsx",
            lambda path: pur.write_xlsx(
                path,
                records,
                [say(f"pur_col_{c}", words) for c in pur.COLUMNS],
                sheet_title=say("pur_sheet", words),
                total_label=say("pur_total_label", words),
            ),
        )
    names = list(regs.SHEETS) if tab == "all" else [tab]
    if not set(names) <= set(regs.SHEETS):
        abort(404)
    if tab == "all":  # every register whole, as ``admin registers export``
        typed = {**typed, "open": "", "class": ""}
    sheets = [(regs.SHEETS[name], _rows(name, since, until, typed)) for name in names]
    return written(f"{tab}.xlsx", lambda path: regs.write_xlsx(path, sheets, words))


@bp.route("/<tab>/<action>", methods=["POST"])
@allowed(*LIBRARIAN)
def enter(tab: str, action: str) -> Any:
    """Make one entry; the outcome (done, or why nothing was written) is flashed."""
    if action not in (*regs.ACTIONS, "reserve") or action not in FORMS.get(tab, ()):
        abort(404)
    context, words = desk(), lang()
    fields = {k: v for k, v in request.form.items() if k != "csrf_token"}
    try:
        if action == "reserve":
            lines, ok = (
                regs.reserve(
                    context.library,
                    fields.get("card", ""),
                    fields.get("isbn", ""),
                    words,
                ),
                True,
            )
        else:
            result = regs.perform(
                context.database,
                action,
                fields,
                rule=regs.compensation_rule(context.settings),
                now=context.clock.now(),
                kiosk=DESK_KIOSK_ID,
            )
            ok = result.ok
            lines = regs.outcome_line(
                result,
                words,
                action=say(f"reg_do_{action}", words)
                if action in ("repair", "withdraw", "lost", "damaged")
                else "",
                card=(fields.get("card") or "").strip().upper(),
                amount=regs.money(regs.parse_amount(fields["amount"]))
                if action == "paid"
                else "",
            )
            if result.outcome.value == "NO_REASON":
                lines = [say("reg_page_no_reason", words)]
    except AdminError as e:
        lines, ok = [explain(e, words)], False
    for text in lines:
        flash(text, "info" if ok else "error")
    return redirect(url_for("registers.index", tab=tab))
