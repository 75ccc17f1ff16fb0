"""The catalogue: search titles, a title's copies and who has them, edit, add copies.

The search box takes what a librarian types or a hand scanner reads: part of
a title or author, an ISBN in any form, a CLC class, a copy's barcode. A scan
that names exactly one title opens its page.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from stdnum import isbn as stdnum_isbn

from kiosk.admin import catalogue as cat
from kiosk.admin.catalogue_cli import add_by_isbn, added_line
from kiosk.db import search, title_view
from kiosk.db.accounts import Role
from kiosk.db.title_view import IsbnTakenError, TitleDetail
from kiosk.desk.auth import LIBRARIAN, STAFF, allowed, lang, staff_name, t, user
from kiosk.desk.context import DESK_KIOSK_ID, desk
from kiosk.desk.forms import Form
from kiosk.errors import AdminError
from kiosk.i18n.admin import explain, say

bp = Blueprint("catalogue", __name__, url_prefix="/catalogue")

QUERY_MAX = 100
HITS_MAX = 50
MAX_COPIES = 50


def pretty_isbn(isbn: str) -> str:
    """An ISBN with its hyphens, as printed on the book."""
    if not isbn:
        return ""
    try:
        return stdnum_isbn.format(isbn)
    except Exception:  # an odd number is shown as stored
        return isbn


@bp.app_template_filter("isbn")
def _isbn_filter(isbn: str) -> str:
    return pretty_isbn(isbn)


@bp.route("/")
@allowed(*STAFF)
def index() -> Any:
    """Search titles; a scan naming one title opens it."""
    query = request.args.get("q", "").strip()[:QUERY_MAX]
    database = desk().database
    hits = search.search_titles(database, query, limit=HITS_MAX) if query else []
    live = bool(request.headers.get("HX-Request"))
    if not live and len(hits) == 1 and _scanned(query):
        return redirect(url_for("catalogue.title", title_id=hits[0].id))
    template = "catalogue/_results.html" if live else "catalogue/index.html"
    more = len(hits) >= HITS_MAX  # there may be more: ask for a longer query
    return render_template(template, query=query, hits=hits, more=more)


def _scanned(query: str) -> bool:
    """An ISBN in any form or a copy's barcode: what a scanner types.

    Only the full page (Enter) jumps to the title: the live results while a
    librarian is still typing never navigate away.
    """
    if search.isbn13(query) is not None:
        return True
    return re.search(desk().settings.circulation.item_pattern, query) is not None


@bp.route("/<int:title_id>", methods=["GET"])
@allowed(*STAFF)
def title(title_id: int) -> Any:
    """A title: its fields, copies, holds and how often it was lent."""
    return _title_page(title_id, Form({}), Form({}))


@bp.route("/<int:title_id>/edit", methods=["GET"], endpoint="edit_page")
@bp.route("/<int:title_id>/copies", methods=["GET"], endpoint="copies_page")
@allowed(*STAFF)
def back_to_title(title_id: int) -> Any:
    """The address a form posted to, opened again (language switch, bookmark)."""
    return redirect(url_for("catalogue.title", title_id=title_id))


def _title_page(title_id: int, edit: Form, add: Form, status: int = 200) -> Any:
    database = desk().database
    detail = title_view.title(database, title_id)
    if detail is None:
        return render_template("error.html", message=t("no_title", id=title_id)), 404
    account = user()
    copies = title_view.copies(database, title_id)
    return render_template(
        "catalogue/title.html",
        detail=detail,
        copies=copies,
        counts=title_view.counts(database, title_id),
        today=desk().clock.today(),
        edit=edit,
        add=add,
        can_edit=account is not None and account.role is Role.LIBRARIAN,
        default_location=_new_copy_location(copies),
    ), status


def _new_copy_location(copies: list[title_view.CopyLine]) -> str:
    """The library's default location; else where this title's copies already are."""
    default = desk().settings.catalogue.default_location
    if default or not copies:
        return default
    return copies[-1].location


@bp.route("/<int:title_id>/edit", methods=["POST"])
@allowed(*LIBRARIAN)
def edit(title_id: int) -> Any:
    """Change a title's fields (checked first; nothing written on a bad value)."""
    old = title_view.title(desk().database, title_id)
    if old is None:
        abort(404)
    form = Form(request.form)
    detail = _detail_from(form, old)
    if detail is not None:
        try:
            title_view.update_title(
                desk().database, detail, at=desk().clock.now(), staff=staff_name()
            )
        except IsbnTakenError:
            form.fail("isbn", t("cat_isbn_taken"))
        else:
            flash(t("saved"), "info")
            return redirect(url_for("catalogue.title", title_id=title_id))
    return _title_page(title_id, form, Form({}), 400)


def _detail_from(form: Form, old: TitleDetail) -> TitleDetail | None:
    name = form.text("title", limit=200)
    author = form.text("author", required=False, limit=100)
    publisher = form.text("publisher", required=False, limit=100)
    year = form.integer("year", required=False)
    if year is not None and not 1000 <= year <= 2100:
        form.fail("year", t("cat_year_range"))
    isbn = form.text("isbn", required=False, limit=20)
    if isbn:
        try:
            isbn = cat.normalise_isbn(isbn)
        except ValueError as e:  # a mistyped digit, or not an ISBN at all
            wrong_digit = e.args == ("cat_bad_check",)
            form.fail("isbn", t("cat_isbn_check" if wrong_digit else "cat_isbn_bad"))
    clc = cat.normalise_clc(form.text("clc", required=False, limit=30))
    call_number = form.text("call_number", required=False, limit=50)
    price = _price(form)
    if form.errors:
        return None
    return TitleDetail(
        old.id,
        isbn,
        old.issn,
        name,
        author,
        publisher,
        year,
        clc,
        call_number,
        price,
    )


def _price(form: Form) -> Decimal | None:
    """Read as ``catalogue add`` reads a price (¥38, 38.00元), kept to the fen."""
    try:
        return cat.parse_price(form.text("price", required=False, limit=16))
    except ValueError:
        form.fail("price", t("cat_price_bad"))
        return None


@bp.route("/<int:title_id>/copies", methods=["POST"])
@allowed(*LIBRARIAN)
def add_copies(title_id: int) -> Any:
    """Add copies with new accession barcodes from the library's series."""
    if title_view.title(desk().database, title_id) is None:
        abort(404)
    form = Form(request.form)
    count = form.integer("count")
    if count is not None and not 1 <= count <= MAX_COPIES:
        form.fail("count", t("cat_count_range", max=MAX_COPIES))
    location = form.text("location", required=False, limit=50)
    if form.errors:
        return _title_page(title_id, Form({}), form, 400)
    settings = desk().settings
    c = settings.catalogue
    series = cat.Series(c.accession_prefix, c.accession_digits, c.accession_start)
    pattern = settings.circulation.item_pattern
    try:
        series.check(pattern)
        codes = title_view.add_copies(
            desk().database,
            title_id,
            count or 0,
            location or c.default_location,
            barcodes=cat.barcode_source(desk().database, series, pattern),
            at=desk().clock.now(),
            staff=staff_name(),
        )
    except AdminError as e:
        form.fail("count", say(e.key, lang(), **e.params))
        return _title_page(title_id, Form({}), form, 400)
    flash(t("cat_copies_added", codes=" ".join(codes)), "info")
    return redirect(
        url_for("catalogue.title", title_id=title_id, labels=",".join(codes))
    )


NEW_FIELDS = (
    "isbn",
    "title",
    "author",
    "publisher",
    "year",
    "price",
    "copies",
    "clc",
    "location",
)
"""The new-title form's fields: ``admin catalogue add``'s arguments."""


@bp.route("/new", methods=["GET", "POST"])
@allowed(*LIBRARIAN)
def new() -> Any:
    """A title by ISBN (a known ISBN: more copies), as ``admin catalogue add``."""
    typed = {k: (request.form.get(k) or "").strip() for k in NEW_FIELDS}
    if request.method == "GET":
        return render_template("catalogue/new.html", typed=typed, refusal="")
    context = desk()
    fields = cat.Fields(0, **{**typed, "copies": typed["copies"] or "1"})
    try:
        added, _old = add_by_isbn(
            context.settings,
            context.database,
            fields,
            context.clock.now(),
            staff=staff_name(),
            kiosk=DESK_KIOSK_ID,
        )
    except AdminError as e:
        page = render_template(
            "catalogue/new.html", typed=typed, refusal=explain(e, lang())
        )
        return page, 400
    flash(added_line(context.settings, added, _old, lang()), "info")
    return redirect(
        url_for(
            "catalogue.title",
            title_id=added.title_id,
            labels=",".join(added.barcodes),
        )
    )
