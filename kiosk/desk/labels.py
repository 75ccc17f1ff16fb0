"""Spine labels for copies: by barcode, new since a day, or every copy of titles.

The choice and the sheets are the command line's (``admin catalogue labels``:
``catalogue_cli.label_items`` and ``labels.write_labels_pdf``); the page
shows how many labels match and a picture of the first A4 sheet first.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, render_template, request

from kiosk.admin import labels
from kiosk.admin.catalogue_cli import label_items
from kiosk.desk.auth import STAFF, allowed, lang, t
from kiosk.desk.context import desk
from kiosk.desk.files import sheet_picture, written
from kiosk.errors import AdminError
from kiosk.i18n.admin import explain

bp = Blueprint("labels", __name__, url_prefix="/labels")


def _chosen() -> tuple[list[Any], str, bool]:
    """The copies the query names, a refusal (or ""), and whether anything was asked."""
    args = request.args
    barcodes, since, isbns = (
        args.get("barcodes", ""),
        args.get("since", ""),
        args.get("isbns", ""),
    )
    if not (barcodes.strip() or since.strip() or isbns.strip()):
        return [], "", False
    try:
        found = label_items(desk().database, barcodes, since, isbns)
    except AdminError as e:
        return [], explain(e, lang()), True
    too_long = [i.barcode for i in found if not labels.fits(i.barcode)]
    if too_long:
        return [], t("labels_too_long", barcode=too_long[0]), True
    return found, "", True


@bp.route("/")
@allowed(*STAFF)
def index() -> Any:
    """The choice, how many labels it makes, and the first sheet."""
    found, refusal, asked = _chosen()
    return render_template(
        "labels/index.html",
        found=found,
        refusal=refusal,
        asked=asked,
        per_page=labels.GRID.per_page,
        query=request.query_string.decode(),
        args=request.args,
    ), (400 if refusal else 200)


@bp.route("/sheet.png")
@allowed(*STAFF)
def sheet() -> Any:
    """The first A4 sheet of the chosen labels, as a picture."""
    found, _, _ = _chosen()
    if not found:
        return Response(status=404)
    library = desk().settings.library.name
    return sheet_picture(
        found, lambda item: labels.draw_label(item, library), labels.GRID
    )


@bp.route("/labels.pdf")
@allowed(*STAFF)
def pdf() -> Any:
    """Every chosen label on A4 sheets (the command's PDF)."""
    found, refusal, _ = _chosen()
    if not found:
        return Response(refusal, status=400 if refusal else 404)
    library = desk().settings.library.name
    return written(
        "labels.pdf",
        lambda path: labels.write_labels_pdf(
            path, found, library=library, title=library
        ),
    )
