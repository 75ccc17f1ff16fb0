"""Overdue books by class, notices to homeroom teachers, the end-of-term recall.

The lists and documents are the command line's (``admin overdue list``,
``notices`` and ``recall``: ``kiosk.admin.overdue``); the page shows the
overdue books of every class (or one) and hands out the PDF and XLSX files.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, render_template, request

from kiosk.admin import overdue as od
from kiosk.admin import pdf
from kiosk.desk.auth import STAFF, allowed, lang
from kiosk.desk.context import desk
from kiosk.desk.files import written
from kiosk.errors import AdminError
from kiosk.i18n.admin import explain

bp = Blueprint("overdue", __name__, url_prefix="/overdue")


def _groups(overdue: bool) -> tuple[list[od.ClassLoans], dict[str, str], str]:
    """The chosen class's (or every class's) loans, the teachers, a refusal."""
    context = desk()
    class_name = request.args.get("class") or None
    try:
        groups, teachers = od.load(
            context.database, context.clock.now().date(), class_name, overdue=overdue
        )
    except AdminError as e:
        return [], {}, explain(e, lang())
    return groups, teachers, ""


@bp.route("/")
@allowed(*STAFF)
def index() -> Any:
    """Every class's overdue books, with days late, and the documents to print."""
    groups, teachers, refusal = _groups(overdue=True)
    return render_template(
        "overdue/index.html",
        groups=groups,
        teachers=teachers,
        refusal=refusal,
        today=desk().clock.now().date(),
        days_late=od.days_late,
        query=request.query_string.decode(),
        chosen=request.args.get("class", ""),
    ), (400 if refusal else 200)


@bp.route("/<kind>.<ext>")
@allowed(*STAFF)
def document(kind: str, ext: str) -> Any:
    """notices.pdf, recall.pdf or recall.xlsx, as the command writes them."""
    if (kind, ext) not in (("notices", "pdf"), ("recall", "pdf"), ("recall", "xlsx")):
        return Response(status=404)
    groups, teachers, refusal = _groups(overdue=kind == "notices")
    if refusal or not groups:
        return Response(refusal, status=400 if refusal else 404)
    context = desk()
    today, library, words = (
        context.clock.now().date(),
        context.settings.library.name,
        lang(),
    )
    if ext == "xlsx":
        return written(
            "recall.xlsx",
            lambda path: od.write_recall_xlsx(path, groups, today, words),
        )
    if kind == "notices":
        made = od.notices(groups, teachers, today, library, words)
    else:
        made = od.recall(groups, today, library, words)
    return written(f"{kind}.pdf", lambda path: pdf.write_pdf(path, made))
