"""The school-year rollover: its preview (moves, leavers and their books), confirm.

The preview and the save are the command line's (``prepare_rollover`` and
``carry_out`` in ``kiosk.admin.rollover``). Nothing is written before
Confirm. The form carries the preview's fingerprint: if the roster changed
after the page was drawn, Confirm shows the new preview instead of saving; a
second Confirm finds the year rolled over and does nothing.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for

from kiosk.admin.rollover import carry_out, prepare_rollover
from kiosk.desk.auth import LIBRARIAN, allowed, lang, staff_name, t
from kiosk.desk.context import DESK_KIOSK_ID, desk
from kiosk.errors import AdminError
from kiosk.i18n.admin import say

bp = Blueprint("rollover", __name__, url_prefix="/rollover")


def _page(note: str = "", status: int = 200) -> Any:
    context = desk()
    try:
        preview = prepare_rollover(context.database, context.clock.now().date())
    except AdminError as e:
        return render_template(
            "rollover/index.html", preview=None, refused=say(e.key, lang(), **e.params)
        ), status
    return render_template(
        "rollover/index.html", preview=preview, refused="", note=note
    ), status


@bp.route("/")
@allowed(*LIBRARIAN)
def index() -> Any:
    """The preview, or why there is none (done already this school year)."""
    return _page()


@bp.route("/", methods=["POST"])
@allowed(*LIBRARIAN)
def confirm() -> Any:
    """Save the rollover that was shown, and only that one."""
    context = desk()
    try:
        preview = prepare_rollover(context.database, context.clock.now().date())
    except AdminError:
        return _page()  # done already (a second Confirm): the page says when
    if request.form.get("fingerprint") != preview.fingerprint:
        return _page(t("roll_changed"), status=409)
    carry_out(
        context.database, preview, context.clock.now(), DESK_KIOSK_ID, staff_name()
    )
    flash(
        t(
            "roll_done",
            promoted=len(preview.plan.promoted),
            left=len(preview.plan.leavers),
        ),
        "info",
    )
    return redirect(url_for("rollover.index"))
