"""Library cards for many pupils: a class, a list of cards, or new since a day.

The choice and the sheets are the command line's (``admin patrons cards``:
``kiosk.admin.cards.choose`` and ``write_cards_pdf``); the page shows how many
cards match and a picture of the first A4 sheet before the PDF is fetched.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, render_template, request

from kiosk.admin import cards as card_sheets
from kiosk.db import search
from kiosk.desk.auth import STAFF, allowed, lang
from kiosk.desk.context import desk
from kiosk.desk.files import sheet_picture, written
from kiosk.errors import AdminError
from kiosk.i18n.admin import explain

bp = Blueprint("cards", __name__, url_prefix="/cards")


def _chosen() -> tuple[list[Any], str, bool]:
    """The pupils the query names, a refusal (or ""), and whether anything was asked."""
    args = request.args
    class_name, cards, since = (
        args.get("class", ""),
        args.get("cards", ""),
        args.get("since", ""),
    )
    if not (class_name or cards.strip() or since.strip()):
        return [], "", False
    try:
        found = card_sheets.choose(desk().database, class_name, cards, since)
    except AdminError as e:
        return [], explain(e, lang()), True
    return found, "", True


def _words() -> card_sheets.CardWords:
    settings = desk().settings
    return card_sheets.card_words(
        settings.library.name, settings.receipts.school, lang()
    )


@bp.route("/")
@allowed(*STAFF)
def index() -> Any:
    """The choice, how many cards it makes, and the first sheet."""
    context = desk()
    found, refusal, asked = _chosen()
    return render_template(
        "cards/index.html",
        classes=[
            c.class_name
            for c in search.class_list(context.database, context.clock.today())
        ],
        found=found,
        refusal=refusal,
        asked=asked,
        query=request.query_string.decode(),
        args=request.args,
    ), (400 if refusal else 200)


@bp.route("/sheet.png")
@allowed(*STAFF)
def sheet() -> Any:
    """The first A4 sheet of the chosen cards, as a picture."""
    found, refusal, _ = _chosen()
    if refusal or not found:
        return Response(status=404)
    words = _words()
    return sheet_picture(
        found, lambda p: card_sheets.draw_card(p, words), card_sheets.GRID
    )


@bp.route("/cards.pdf")
@allowed(*STAFF)
def pdf() -> Any:
    """Every chosen card on A4 sheets with a cutting grid (the command's PDF)."""
    found, refusal, _ = _chosen()
    if refusal or not found:
        return Response(refusal or "", status=400 if refusal else 404)
    words = _words()
    return written(
        "cards.pdf",
        lambda path: card_sheets.write_cards_pdf(path, found, words, title=words.title),
    )
