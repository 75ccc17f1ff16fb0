"""``admin catalogue add|import|labels``.

Argparse glue only: checking lives in ``kiosk.admin.catalogue`` and
``kiosk.admin.marc``, SQL in ``kiosk.db.catalogue``.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.admin import catalogue as cat
from kiosk.admin.roster import RosterError, RowError, read_rows
from kiosk.db import catalogue as store
from kiosk.errors import StoreError
from kiosk.i18n.admin import say

if TYPE_CHECKING:
    from kiosk.admin.cli import Admin, Commands
    from kiosk.config import Settings

MARC_SUFFIXES = (".mrc", ".iso", ".marc")


def register(tools: Commands) -> None:
    """Add the ``catalogue`` topic."""
    lang = tools.lang
    group = tools.topic("catalogue", "cat_help")
    add = tools.command(group, "add", "cat_add_help", _add)
    add.add_argument("isbn", help=say("cat_isbn_help", lang))
    add.add_argument("--copies", default="1", help=say("cat_copies_help", lang))
    for name in ("title", "author", "publisher", "year", "price", "clc", "location"):
        add.add_argument(f"--{name}", default="", help=say(f"cat_{name}_help", lang))

    imp = tools.command(group, "import", "cat_import_help", _import)
    imp.add_argument("file", type=Path, help=say("cat_file_help", lang))
    imp.add_argument("--dry-run", action="store_true", help=say("dry_run_help", lang))
    imp.add_argument("--supplier", help=say("cat_supplier_help", lang))
    imp.add_argument("--invoice", default="", help=say("cat_invoice_help", lang))

    labels = tools.command(group, "labels", "cat_labels_help", _labels)
    labels.add_argument("out", type=Path, help=say("out_help", lang))
    which = labels.add_mutually_exclusive_group(required=True)
    which.add_argument("--barcodes", help=say("cat_barcodes_help", lang))
    which.add_argument("--since", help=say("cat_since_help", lang))
    which.add_argument("--title-isbn", help=say("cat_title_isbn_help", lang))


def series_of(settings: Settings) -> cat.Series:
    """The accession number series of config.toml, checked against item_pattern."""
    c = settings.catalogue
    series = cat.Series(c.accession_prefix, c.accession_digits, c.accession_start)
    series.check(settings.circulation.item_pattern)
    return series


def _label(admin: Admin, number: int, marc: bool) -> str:
    key = "cat_where_record" if marc else "cat_where_row"
    return say(key, admin.lang, number=number)


def _where(admin: Admin, number: int, marc: bool) -> str:
    """``row 3: `` before a line's message; nothing for ``catalogue add``."""
    if number == 0:
        return ""
    return _label(admin, number, marc) + say("cat_where_sep", admin.lang)


def save_plan(
    settings: Settings,
    database: Any,  # the open library's database (peewee stays in kiosk/db)
    plan: cat.Plan,
    now: dt.datetime,
    purchase: store.Purchase | None = None,
    staff: str = "",
    kiosk: str | None = None,
) -> list[store.Added]:
    """Save the plan in one transaction, numbers taken from the series inside it.

    The event names ``kiosk`` (this machine's ``library.kiosk_id`` by default)
    and, from the desk, the account.
    """
    barcodes = cat.barcode_source(
        database, series_of(settings), settings.circulation.item_pattern
    )
    existing = {line.isbn: old for line, old in plan.more}
    try:
        return store.save_lines(
            database,
            plan.lines,
            existing,
            barcodes=barcodes,
            now=now,
            purchase=purchase,
            kiosk=settings.library.kiosk_id if kiosk is None else kiosk,
            staff=staff,
        )
    except StoreError as e:
        raise cat.CatalogueError("cat_not_saved", reason=str(e)) from None


def params_of(error: RowError) -> dict[str, object]:
    """Every placeholder a line's error message may use, blank unless known."""
    params: dict[str, object] = dict.fromkeys(
        ("isbn", "price", "copies", "year", "title"), ""
    )
    params.update(error.params)
    return params


def add_by_isbn(
    settings: Settings,
    database: Any,
    fields: cat.Fields,
    now: dt.datetime,
    *,
    staff: str = "",
    kiosk: str | None = None,
) -> tuple[store.Added, store.TitleRecord | None]:
    """Add a title by ISBN, or more copies of the title that has it (CatalogueError).

    Returns what was saved and the title as it was (None for a new title).
    """
    series_of(settings)  # a bad series is refused before any work
    try:
        isbn = cat.normalise_isbn(fields.isbn)
    except ValueError as e:
        error = RowError(0, str(e), {"isbn": fields.isbn})
        raise cat.CatalogueError(error.reason, where="", **params_of(error)) from None
    existing = store.by_isbns(database, [isbn])
    old = existing.get(isbn)
    if old is None and not fields.title.strip():
        raise cat.CatalogueError("cat_add_needs_title", isbn=isbn)
    checked = dataclasses.replace(
        fields, isbn=isbn, title=old.title if old else fields.title
    )
    plan = cat.plan_import(
        [checked],
        default_location=settings.catalogue.default_location,
        existing=lambda _: existing,
    )
    if plan.errors:
        error = plan.errors[0]
        raise cat.CatalogueError(error.reason, where="", **params_of(error))
    [added] = save_plan(settings, database, plan, now, staff=staff, kiosk=kiosk)
    return added, old


def _add(admin: Admin, args: argparse.Namespace) -> int:
    fields = cat.Fields(
        0,
        args.isbn,
        args.title,
        args.author,
        args.publisher,
        args.year,
        args.price,
        args.copies,
        args.clc,
        args.location,
    )
    library = admin.open()
    try:
        added, old = add_by_isbn(
            admin.settings, library.database, fields, admin.clock.now()
        )
    finally:
        library.close()
    admin.out.write(added_line(admin.settings, added, old, admin.lang) + "\n")
    return 0


def added_line(
    settings: Settings, added: store.Added, old: store.TitleRecord | None, lang: str
) -> str:
    """What ``add_by_isbn`` saved, in one line."""
    line = added.line
    codes = _span(added.barcodes, len(settings.catalogue.accession_prefix))
    if old is None:
        return say(
            "cat_added_new",
            lang,
            isbn=line.isbn,
            title=line.title,
            copies=line.copies,
            barcodes=codes,
        )
    return say(
        "cat_added_more",
        lang,
        isbn=line.isbn,
        title=old.title,
        copies=line.copies,
        total=old.copies + line.copies,
        barcodes=codes,
    )


def _span(barcodes: Sequence[str], prefix: int) -> str:
    """``00000001–00000003`` for a run, else every barcode (numbers were skipped)."""
    first, last = barcodes[0], barcodes[-1]
    if len(barcodes) == 1:
        return first
    if int(last[prefix:]) - int(first[prefix:]) == len(barcodes) - 1:
        return f"{first}–{last}"
    return ", ".join(barcodes)


def read_list(path: Path) -> tuple[list[cat.Fields], list[RowError], bool]:
    """Lines of a supplier list or MARC file, the unreadable records, and which."""
    from kiosk.admin import marc

    if not path.is_file():
        raise cat.CatalogueError("file_missing", path=path)
    suffix = path.suffix.lower()
    if suffix in MARC_SUFFIXES:
        fields, errors = marc.read_marc(path)
        return fields, errors, True
    if suffix not in (".xlsx", ".csv"):
        raise cat.CatalogueError("cat_file_type", path=path)
    try:
        rows = read_rows(path)
    except RosterError as e:
        if e.key == "file_empty":
            raise cat.CatalogueError("cat_file_empty", path=path) from None
        raise
    columns = cat.columns_of(rows[0], path)
    return cat.fields_of_rows(rows, columns), [], False


def _import(admin: Admin, args: argparse.Namespace) -> int:
    if args.invoice and not args.supplier:
        raise cat.CatalogueError("cat_invoice_needs_supplier")
    series = series_of(admin.settings)
    fields, unreadable, marc = read_list(args.file)
    library = admin.open()
    try:
        plan = cat.plan_import(
            fields,
            default_location=admin.settings.catalogue.default_location,
            existing=lambda isbns: store.by_isbns(library.database, isbns),
            progress=admin.progress("checking"),
        )
        plan.errors = sorted(plan.errors + unreadable, key=lambda e: e.row)
        _report(admin, plan, marc)
        if not plan.lines:
            admin.say("cat_nothing")
        elif args.dry_run:
            c = admin.settings.catalogue
            first = store.peek(
                library.database,
                c.accession_prefix,
                c.accession_digits,
                c.accession_start,
            )
            admin.say(
                "cat_would_number",
                first=series.barcode(first),
                last=series.barcode(first + plan.copies - 1),
            )
            admin.say("dry_run_note")
        else:
            purchase = None
            if args.supplier:
                purchase = store.Purchase(
                    admin.clock.today(), args.supplier, args.invoice
                )
            added = save_plan(
                admin.settings, library.database, plan, admin.clock.now(), purchase
            )
            codes = [c for a in added for c in a.barcodes]
            admin.say("cat_saved", count=len(codes), first=codes[0], last=codes[-1])
            if purchase is not None:
                admin.say("cat_registered", lines=len(added), supplier=args.supplier)
    finally:
        library.close()
    return 0


def _report(admin: Admin, plan: cat.Plan, marc: bool) -> None:
    for line in plan.new:
        admin.say(
            "cat_line_new",
            where=_where(admin, line.number, marc),
            isbn=line.isbn,
            title=line.title,
            copies=line.copies,
        )
    for line, old in plan.more:
        admin.say(
            "cat_line_more",
            where=_where(admin, line.number, marc),
            isbn=line.isbn,
            title=old.title,
            copies=line.copies,
            had=old.copies,
        )
    for merged in plan.merged:
        where = say("list_sep", admin.lang).join(
            _label(admin, n, marc) for n in merged.rows
        ) + say("cat_where_sep", admin.lang)
        admin.say(
            "cat_line_merged", where=where, isbn=merged.isbn, copies=merged.copies
        )
    for error in plan.errors:
        where = _where(admin, error.row, marc)
        admin.say(error.reason, where=where, **params_of(error))
    admin.say(
        "cat_summary",
        new=len(plan.new),
        more=len(plan.more),
        copies=plan.copies,
        errors=len(plan.errors),
    )


def label_items(
    database: Any, barcodes: str = "", since: str = "", title_isbns: str = ""
) -> list[store.LabelItem]:
    """The copies whose spine labels to print: barcodes, new since a day, or titles.

    Raises CatalogueError for an ISBN or a date that is not one.
    """
    wanted = [b.strip() for b in barcodes.split(",") if b.strip()] or None
    isbns = None
    if title_isbns.strip():
        isbns = []
        for raw in title_isbns.split(","):
            try:
                isbns.append(cat.normalise_isbn(raw))
            except ValueError as e:
                error = RowError(0, str(e), {"isbn": raw})
                raise cat.CatalogueError(
                    error.reason, where="", **params_of(error)
                ) from None
    day = cat.parse_day(since) if since.strip() else None
    return store.label_items(database, barcodes=wanted, since=day, isbns=isbns)


def _labels(admin: Admin, args: argparse.Namespace) -> int:
    from kiosk.admin import labels

    library = admin.open()
    try:
        items = label_items(
            library.database,
            args.barcodes or "",
            args.since or "",
            args.title_isbn or "",
        )
    finally:
        library.close()
    if not items:
        admin.say("cat_labels_none")
        return 1
    too_long = [i.barcode for i in items if not labels.fits(i.barcode)]
    if too_long:
        raise cat.CatalogueError("cat_label_too_long", barcode=too_long[0])
    pages = labels.write_labels_pdf(
        args.out,
        items,
        library=admin.settings.library.name,
        title=f"{admin.settings.library.name} {say('cat_labels_title', admin.lang)}",
        progress=admin.progress("cat_drawing"),
    )
    admin.say("cat_labels_written", path=args.out, count=len(items), pages=pages)
    return 0
