"""``admin registers``: repairs, withdrawals, losses, reservations, staff loans.

The actions are in ``kiosk.db.registers`` (one transaction each, shared with the
kiosk's staff menu); this module parses the command line, turns outcome codes
into words and lays the registers out as console lines and XLSX sheets.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.admin.spreadsheet import append_row
from kiosk.db import register_lists as lists
from kiosk.db import registers as actions
from kiosk.errors import AdminError
from kiosk.i18n.admin import say

if TYPE_CHECKING:
    from kiosk.admin.cli import Admin, Commands


# -- dates, amounts, words ---------------------------------------------------------


def parse_day(text: str | None) -> dt.date | None:
    """A ``--from``/``--to`` date, or an AdminError naming the bad value."""
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise AdminError("bad_date", value=text) from None


def period(
    start: str | None, end: str | None
) -> tuple[dt.datetime | None, dt.datetime | None]:
    """``--from A --to B`` as [A 00:00, B+1 00:00): both days included."""
    first, last = parse_day(start), parse_day(end)
    if first and last and first > last:
        raise AdminError("reg_bad_period", start=first, end=last)
    since = dt.datetime.combine(first, dt.time()) if first else None
    until = (
        dt.datetime.combine(last, dt.time()) + dt.timedelta(days=1) if last else None
    )
    return since, until


def parse_amount(text: str) -> Decimal:
    """A sum of money in yuan (two decimals at most)."""
    try:
        amount = Decimal(text.strip())
    except InvalidOperation:
        raise AdminError("reg_bad_amount", value=text) from None
    if not amount.is_finite():
        raise AdminError("reg_bad_amount", value=text)
    return amount


def money(amount: Decimal | None) -> str:
    """Yuan with two decimals ("" when there is no amount)."""
    return "" if amount is None else f"{amount:.2f}"


def when(moment: dt.datetime | dt.date | None) -> str:
    """A moment to the minute, a date as it is, nothing as ""."""
    if moment is None:
        return ""
    if isinstance(moment, dt.datetime):
        return moment.strftime("%Y-%m-%d %H:%M")
    return moment.isoformat()


def status_word(status: str, lang: str) -> str:
    """A copy's or hold's status in words."""
    return say(f"reg_status_{status}", lang) if status else ""


def result_params(result: actions.RegisterResult, lang: str) -> dict[str, object]:
    """Every value an outcome message may name."""
    item, loan, patron = result.item, result.loan, result.patron
    hold_for = result.hold_for
    return {
        "barcode": item.label if item else result.barcode,
        "title": item.title.title if item else "",
        "status": status_word(item.status.value, lang) if item else "",
        "card": patron.card if patron else "",
        "name": patron.name if patron else "",
        "class_name": patron.class_name if patron else "",
        "due": loan.due.isoformat() if loan else "",
        "id": result.entry_id if result.entry_id is not None else "",
        "asked": money(result.asked),
        "paid": money(result.paid),
        "outstanding": money(result.outstanding),
        "hold_for": f"{hold_for.name} {hold_for.class_name}" if hold_for else "",
        "who": say(
            "reg_who",
            lang,
            card=patron.card,
            name=patron.name,
            class_name=patron.class_name,
        )
        if patron
        else "",
    }


def outcome_line(
    result: actions.RegisterResult, lang: str, **extra: object
) -> list[str]:
    """What was recorded (or why nothing was) in words, and who the copy waits for.

    ``extra`` fills what the result cannot know (the card typed, the action).
    """
    params = _filled(result, lang, extra)
    lines = [say(f"reg_{result.outcome.value}", lang, **params)]
    if result.ok and result.hold_for:
        lines.append(say("reg_put_aside", lang, **params))
    return lines


def _filled(
    result: actions.RegisterResult, lang: str, extra: dict[str, object]
) -> dict[str, object]:
    params = result_params(result, lang)
    for key, value in extra.items():
        if params.get(key) in (None, ""):
            params[key] = value
    return params


def report(admin: Admin, result: actions.RegisterResult, **extra: object) -> int:
    """Say what was recorded, or stop with the reason nothing was."""
    if not result.ok:
        raise AdminError(
            f"reg_{result.outcome.value}", **_filled(result, admin.lang, extra)
        )
    lines = outcome_line(result, admin.lang, **extra)
    for text in lines:
        admin.out.write(text + "\n")
    return 0


ACTIONS = ("repair", "back", "withdraw", "lost", "damaged", "found", "paid")
"""The register entries one can make, from the command line or the desk's forms."""


def perform(
    database: Any,
    action: str,
    fields: dict[str, str | None],
    *,
    rule: actions.CompensationRule,
    now: dt.datetime,
    kiosk: str,
) -> actions.RegisterResult:
    """Make one register entry from typed fields (bad amounts: AdminError)."""
    barcode = (fields.get("barcode") or "").strip()
    where: dict[str, Any] = {"now": now, "kiosk": kiosk}
    note = (fields.get("note") or "").strip()
    if action == "repair":
        return actions.send_to_repair(database, barcode, note=note, **where)
    if action == "back":
        return actions.back_from_repair(database, barcode, **where)
    if action == "withdraw":
        reason = fields.get("reason") or ""
        return actions.withdraw(database, barcode, reason=reason, **where)
    if action in ("lost", "damaged"):
        mark = actions.mark_lost if action == "lost" else actions.mark_damaged
        asked_text = (fields.get("asked") or "").strip()
        asked = parse_amount(asked_text) if asked_text else None
        card = (fields.get("card") or "").strip() or None
        return mark(
            database, barcode, rule=rule, card=card, asked=asked, note=note, **where
        )
    if action == "found":
        return actions.mark_found(database, barcode, **where)
    if action == "paid":
        entry = (fields.get("id") or "").strip()
        if not entry.isdigit():
            raise AdminError("reg_bad_id", value=entry)
        amount = parse_amount(fields.get("amount") or "")
        return actions.record_payment(database, int(entry), amount, **where)
    raise ValueError(f"no register action {action!r}")


def reserve(library: Any, card: str, isbn: str, lang: str) -> list[str]:
    """Place a hold for a teacher or member of staff; the lines to say (AdminError)."""
    from kiosk.circulation.outcomes import Outcome
    from kiosk.i18n.messages import describe

    card = card.strip().upper()
    patron = library.store.patron_by_card(card) if card.isprintable() else None
    if patron is None:
        raise AdminError("reg_unknown_card", card=card)
    if patron.type.value not in lists.STAFF_TYPES:
        raise AdminError("reg_not_staff", card=card, name=patron.name)
    result = library.service.place_hold(patron.id, isbn)
    if result.outcome is not Outcome.HOLD_PLACED:
        raise AdminError("reg_hold_refused", card=card, why=describe(result, lang))
    title = result.title.title if result.title else ""
    lines = [say("reg_hold_placed", lang, card=card, name=patron.name, title=title)]
    if result.item is not None:
        lines.append(say("reg_hold_ready", lang, barcode=result.item.label))
    return lines


def fetch(
    database: Any,
    name: str,
    since: dt.datetime | None,
    until: dt.datetime | None,
    open_only: bool = False,
    class_name: str | None = None,
) -> Sequence[Any]:
    """One register's rows in the period (a class's only, where rows name one)."""
    rows = SHEETS[name].fetch(database, since, until, open_only)
    if class_name:
        rows = [r for r in rows if getattr(r, "class_name", None) == class_name]
    return rows


def loss_totals(rows: Sequence[Any]) -> dict[str, str]:
    """Asked, paid and outstanding over lost/damaged rows, in yuan."""
    return {
        "asked": money(sum((r.asked for r in rows), Decimal(0))),
        "paid": money(sum((r.paid for r in rows), Decimal(0))),
        "outstanding": money(sum((r.outstanding for r in rows), Decimal(0))),
    }


# -- the registers as tables --------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One column of a register: its header word, value and width in XLSX."""

    key: str
    value: Callable[[Any, str], object]
    width: int = 12


@dataclass(frozen=True)
class Sheet:
    """A register as a table: how to fetch its rows and lay them out."""

    name: str
    fetch: Callable[..., Sequence[Any]]
    columns: tuple[Column, ...]


def _c(key: str, attr: str, width: int = 12) -> Column:
    return Column(key, lambda row, _lang: getattr(row, attr), width)


def _s(key: str, attr: str, width: int = 10) -> Column:
    return Column(key, lambda row, lang: status_word(getattr(row, attr), lang), width)


SHEETS: dict[str, Sheet] = {
    "repairs": Sheet(
        "repairs",
        lambda database, since, until, open_only: lists.repairs(
            database, since, until, away_only=open_only
        ),
        (
            _c("id", "id", 6),
            _c("barcode", "barcode"),
            _c("title", "title", 30),
            _c("sent_at", "sent_at", 17),
            _c("note", "note", 24),
            _c("back_at", "back_at", 17),
            _s("status", "status"),
        ),
    ),
    "withdrawals": Sheet(
        "withdrawals",
        lambda database, since, until, open_only: lists.withdrawals(
            database, since, until
        ),
        (
            _c("id", "id", 6),
            _c("barcode", "barcode"),
            _c("title", "title", 30),
            _c("call_number", "call_number"),
            _c("price", "price", 9),
            _c("at", "at", 17),
            _c("reason", "reason", 24),
            _s("was", "was"),
        ),
    ),
    "losses": Sheet(
        "losses",
        lambda database, since, until, open_only: lists.losses(
            database, since, until, outstanding_only=open_only
        ),
        (
            _c("id", "id", 6),
            _c("barcode", "barcode"),
            _c("title", "title", 30),
            _s("kind", "kind", 8),
            _c("at", "at", 17),
            _c("card", "card"),
            _c("name", "name", 10),
            _c("class_name", "class_name"),
            _c("asked", "asked", 9),
            _c("paid", "paid", 9),
            _c("outstanding", "outstanding", 9),
            _c("note", "note", 20),
        ),
    ),
    "reservations": Sheet(
        "reservations",
        lambda database, since, until, open_only: lists.staff_holds(
            database, since, until, active_only=open_only
        ),
        (
            _c("id", "id", 6),
            _c("card", "card"),
            _c("name", "name", 10),
            _c("title", "title", 30),
            _c("isbn", "isbn", 15),
            _c("placed_at", "placed_at", 17),
            _s("hold_status", "status"),
            _c("put_aside", "barcode"),
        ),
    ),
    "staff-loans": Sheet(
        "staff_loans",
        lambda database, since, until, open_only: lists.staff_loans(
            database, since, until, open_only=open_only
        ),
        (
            _c("id", "id", 6),
            _c("card", "card"),
            _c("name", "name", 10),
            _c("barcode", "barcode"),
            _c("title", "title", 30),
            _c("out_at", "out_at", 17),
            _c("due", "due", 11),
            _c("returned_at", "returned_at", 17),
            _s("closed_as", "closed_as", 8),
        ),
    ),
}


def cell_text(value: object) -> str:
    """A value as the console shows it."""
    if isinstance(value, Decimal):
        return money(value)
    if isinstance(value, dt.date | dt.datetime):
        return when(value)
    return "" if value is None else str(value)


def table(sheet: Sheet, rows: Sequence[Any], lang: str) -> list[list[object]]:
    """Header words then one list of values per row."""
    header: list[object] = [say(f"reg_col_{c.key}", lang) for c in sheet.columns]
    return [header, *([c.value(row, lang) for c in sheet.columns] for row in rows)]


def write_xlsx(
    path: Path, sheets: Sequence[tuple[Sheet, Sequence[Any]]], lang: str
) -> None:
    """One worksheet per register: bold header, real dates and amounts."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    for sheet, rows in sheets:
        ws = book.create_sheet(say(f"reg_sheet_{sheet.name}", lang))
        for values in table(sheet, rows, lang):
            append_row(ws, [_xlsx_value(v) for v in values])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        ws.freeze_panes = "A2"
        for index, column in enumerate(sheet.columns, start=1):
            letter = get_column_letter(index)
            ws.column_dimensions[letter].width = column.width
            for cell in ws[letter][1:]:
                if isinstance(cell.value, dt.datetime):
                    cell.number_format = "yyyy-mm-dd hh:mm"
                elif isinstance(cell.value, dt.date):
                    cell.number_format = "yyyy-mm-dd"
                elif isinstance(cell.value, float):
                    cell.number_format = "0.00"
    try:
        book.save(path)
    except OSError as e:
        raise AdminError("reg_cannot_write", path=path, why=e.strerror or e) from None


def _xlsx_value(value: object) -> object:
    # Amounts as numbers a spreadsheet can add up; cents are exact to 2 places.
    return float(value) if isinstance(value, Decimal) else value


# -- commands -----------------------------------------------------------------------


def register(tools: Commands) -> None:
    """Add ``registers …`` to the admin command line."""
    lang = tools.lang
    group = tools.topic("registers", "reg_help")

    repair = group.add_parser(
        "repair",
        help=say("reg_repair_help", lang),
        description=say("reg_repair_help", lang),
    )
    repair_cmds = repair.add_subparsers(dest="action", required=True)
    send = tools.command(repair_cmds, "send", "reg_send_help", _repair_send)
    send.add_argument("barcode", help=say("reg_barcode_help", lang))
    send.add_argument("--note", default="", help=say("reg_note_help", lang))
    back = tools.command(repair_cmds, "back", "reg_back_help", _repair_back)
    back.add_argument("barcode", help=say("reg_barcode_help", lang))

    out = tools.command(group, "withdraw", "reg_withdraw_help", _withdraw)
    out.add_argument("barcode", help=say("reg_barcode_help", lang))
    out.add_argument("--reason", required=True, help=say("reg_reason_help", lang))

    for name in ("lost", "damaged"):
        loss = tools.command(group, name, f"reg_{name}_help", _loss)
        loss.set_defaults(kind=name)
        loss.add_argument("barcode", help=say("reg_barcode_help", lang))
        loss.add_argument("--card", help=say("reg_card_help", lang))
        loss.add_argument("--asked", help=say("reg_asked_help", lang))
        loss.add_argument("--note", default="", help=say("reg_note_help", lang))

    found = tools.command(group, "found", "reg_found_help", _found)
    found.add_argument("barcode", help=say("reg_barcode_help", lang))

    paid = tools.command(group, "paid", "reg_paid_help", _paid)
    paid.add_argument("id", type=int, help=say("reg_id_help", lang))
    paid.add_argument("amount", help=say("reg_amount_help", lang))

    hold = tools.command(group, "reserve", "reg_reserve_help", _reserve)
    hold.add_argument("card", help=say("reg_reserve_card_help", lang))
    hold.add_argument("isbn", help=say("reg_isbn_help", lang))

    show = tools.command(group, "list", "reg_list_help", _list)
    show.add_argument(
        "register", choices=list(SHEETS), help=say("reg_which_help", lang)
    )
    _period_options(show, lang)
    show.add_argument("--open", action="store_true", help=say("reg_open_help", lang))
    show.add_argument("--class", dest="class_name", help=say("reg_class_help", lang))
    show.add_argument("--xlsx", type=Path, help=say("reg_xlsx_help", lang))

    export = tools.command(group, "export", "reg_export_help", _export)
    export.add_argument("xlsx", type=Path, help=say("reg_xlsx_help", lang))
    _period_options(export, lang)


def _period_options(parser: argparse.ArgumentParser, lang: str) -> None:
    parser.add_argument("--from", dest="start", help=say("reg_from_help", lang))
    parser.add_argument("--to", dest="end", help=say("reg_to_help", lang))


def _entry(admin: Admin, args: argparse.Namespace, entry: str, **extra: object) -> int:
    fields = {k: v for k, v in vars(args).items() if isinstance(v, str) or v is None}
    if entry == "paid":
        fields["id"] = str(args.id)
    library = admin.open()
    try:
        result = perform(
            library.database,
            entry,
            fields,
            rule=compensation_rule(admin.settings),
            now=admin.clock.now(),
            kiosk=admin.settings.library.kiosk_id,
        )
    finally:
        library.close()
    return report(admin, result, **extra)


def _doing(admin: Admin, what: str) -> str:
    return say(f"reg_do_{what}", admin.lang)


def compensation_rule(settings: Any) -> actions.CompensationRule:
    """The configured compensation rule."""
    regs = settings.registers
    return actions.CompensationRule.of(
        regs.compensation_factor, regs.compensation_minimum
    )


def _repair_send(admin: Admin, args: argparse.Namespace) -> int:
    return _entry(admin, args, "repair", action=_doing(admin, "repair"))


def _repair_back(admin: Admin, args: argparse.Namespace) -> int:
    return _entry(admin, args, "back")


def _withdraw(admin: Admin, args: argparse.Namespace) -> int:
    return _entry(admin, args, "withdraw", action=_doing(admin, "withdraw"))


def _loss(admin: Admin, args: argparse.Namespace) -> int:
    return _entry(
        admin,
        args,
        args.kind,
        action=_doing(admin, args.kind),
        card=(args.card or "").strip().upper(),
    )


def _found(admin: Admin, args: argparse.Namespace) -> int:
    return _entry(admin, args, "found")


def _paid(admin: Admin, args: argparse.Namespace) -> int:
    return _entry(admin, args, "paid", amount=money(parse_amount(args.amount)))


def _reserve(admin: Admin, args: argparse.Namespace) -> int:
    library = admin.open()
    try:
        lines = reserve(library, args.card, args.isbn, admin.lang)
    finally:
        library.close()
    for text in lines:
        admin.out.write(text + "\n")
    return 0


def _fetch(
    admin: Admin, args: argparse.Namespace, names: Sequence[str], open_only: bool
) -> list[tuple[Sheet, Sequence[Any]]]:
    since, until = period(args.start, args.end)
    class_name = getattr(args, "class_name", None)
    library = admin.open()
    try:
        return [
            (
                SHEETS[name],
                fetch(library.database, name, since, until, open_only, class_name),
            )
            for name in admin.progress("reg_reading")(names)
        ]
    finally:
        library.close()


def _list(admin: Admin, args: argparse.Namespace) -> int:
    [(sheet, rows)] = _fetch(admin, args, [args.register], args.open)
    for values in table(sheet, rows, admin.lang):
        admin.out.write("  ".join(cell_text(v) for v in values).rstrip() + "\n")
    admin.say("reg_count", count=len(rows))
    if sheet.name == "losses":
        admin.say("reg_loss_totals", **loss_totals(rows))
    if args.xlsx:
        write_xlsx(args.xlsx, [(sheet, rows)], admin.lang)
        admin.say("reg_xlsx_written", path=args.xlsx, count=len(rows))
    return 0


def _export(admin: Admin, args: argparse.Namespace) -> int:
    sheets = _fetch(admin, args, list(SHEETS), False)
    write_xlsx(args.xlsx, sheets, admin.lang)
    admin.say("reg_xlsx_written", path=args.xlsx, count=sum(len(r) for _, r in sheets))
    return 0
