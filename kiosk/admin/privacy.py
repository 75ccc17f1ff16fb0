"""``admin privacy run|export|erase``: the [privacy] settings, one pupil's data.

The work is ``kiosk.privacy.retention`` and ``kiosk.db.retention``; this
module words it and writes a pupil's data as a workbook (text cells only,
through ``append_row``).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from kiosk.admin.spreadsheet import append_row
from kiosk.db import retention as store
from kiosk.errors import AdminError
from kiosk.i18n.admin import say
from kiosk.privacy import retention


def register(tools: Any) -> None:
    """Add ``admin privacy run [--dry-run]``, ``export CARD OUT`` and ``erase CARD``."""
    lang = tools.lang
    group = tools.topic("privacy", "pv_help")
    run = tools.command(group, "run", "pv_run_help", _run)
    run.add_argument(
        "--dry-run", action="store_true", help=say("pv_dry_run_help", lang)
    )
    export = tools.command(group, "export", "pv_export_help", _export)
    export.add_argument("card", help=say("pv_card_help", lang))
    export.add_argument("out", type=Path, help=say("pv_out_help", lang))
    erase = tools.command(group, "erase", "pv_erase_help", _erase)
    erase.add_argument("card", help=say("pv_card_help", lang))


def review_lines(found: retention.Review, settings: Any, lang: str) -> list[str]:
    """What a run would change (or changed), in words."""
    plan, privacy = found.library, settings.privacy
    lines = []
    if plan.pupil_years:
        lines.append(
            say(
                "pv_cutoff",
                lang,
                cutoff=plan.cutoff.date().isoformat(),
                loans=plan.old_loans,
                readers=len(plan.pupil_years),
            )
        )
    if plan.leavers:
        lines.append(
            say(
                "pv_leavers",
                lang,
                count=len(plan.leavers),
                months=privacy.leaver_months,
            )
        )
        lines += [
            say(
                "pv_leaver",
                lang,
                card=p.card,
                name=p.name,
                class_name=p.class_name,
                left=p.left.date().isoformat() if p.left else "-",
            )
            for p in plan.leavers
        ]
    if found.slip_days:
        lines.append(
            say(
                "pv_slips",
                lang,
                days=privacy.slip_archive_days,
                count=len(found.slip_days),
            )
        )
    if found.logs:
        lines.append(say("pv_logs", lang, days=privacy.log_days, count=len(found.logs)))
    return lines


def _run(admin: Any, args: argparse.Namespace) -> int:
    library = admin.open()
    try:
        if args.dry_run:
            found = retention.review(
                admin.settings, library.database, admin.clock.now()
            )
        else:
            found = retention.apply(admin.settings, library.database, admin.clock.now())
    finally:
        library.close()
    lines = review_lines(found, admin.settings, admin.lang)
    for line in lines:
        admin.out.write(line + "\n")
    if not lines:
        admin.say("pv_nothing")
    elif args.dry_run:
        admin.say("pv_dry")
    else:
        admin.say("pv_done", **done_params(found))
    return 0


def write_pupil_xlsx(path: Path, data: store.PupilData, lang: str) -> None:
    """One sheet per kind of record; every cell text or a date, never a formula."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = say("pv_sheet_patron", lang)
    append_row(sheet, [say("pv_col_field", lang), say("pv_col_value", lang)])
    for key, value in data.patron.items():
        append_row(sheet, [key, value])
    for name in ("loans", "holds", "losses", "events"):
        sheet = book.create_sheet(say(f"pv_sheet_{name}", lang))
        append_row(sheet, say(f"pv_cols_{name}", lang).split("|"))
        for row in getattr(data, name):
            append_row(sheet, [_cell(v) for v in row])
    for ws in book.worksheets:
        for cell in ws[1]:
            cell.font = Font(bold=True)
        ws.freeze_panes = "A2"
    try:
        book.save(path)
    except OSError as e:
        raise AdminError("pv_cannot_write", path=path, why=e.strerror or e) from None


def _cell(value: object) -> object:
    from decimal import Decimal

    return float(value) if isinstance(value, Decimal) else value


def _export(admin: Any, args: argparse.Namespace) -> int:
    card = args.card.strip().upper()
    library = admin.open()
    try:
        data = store.pupil_data(library.database, card)
    finally:
        library.close()
    if data is None:
        raise AdminError("pv_unknown_card", card=card)
    write_pupil_xlsx(args.out, data, admin.lang)
    admin.say(
        "pv_exported",
        card=card,
        name=data.patron["name"],
        path=args.out,
        loans=len(data.loans),
        holds=len(data.holds),
        losses=len(data.losses),
        events=len(data.events),
    )
    return 0


def erase_pupil(database: Any, card: str) -> str:
    """Forget the pupil with this card; their name (AdminError: unknown or refused)."""
    patron, refusal = store.erase(database, card)
    if patron is None:
        raise AdminError("pv_unknown_card", card=card)
    if refusal is not None:
        raise AdminError(
            "pv_erase_refused",
            card=card,
            name=patron.name,
            on_loan=refusal.on_loan,
            owed=f"{refusal.owed:.2f}",
        )
    return patron.name


def done_params(found: retention.Review) -> dict[str, object]:
    """What a run changed, as ``pv_done`` names it."""
    done = found.done or store.Done()
    return {
        "loans": done.loans,
        "readers": done.readers,
        "leavers": done.leavers,
        "slips": len(found.slip_days),
        "logs": len(found.logs),
        "ms": done.longest_ms,
    }


def _erase(admin: Any, args: argparse.Namespace) -> int:
    card = args.card.strip().upper()
    library = admin.open()
    try:
        name = erase_pupil(library.database, card)
    finally:
        library.close()
    admin.say("pv_erased", card=card, name=name)
    return 0
