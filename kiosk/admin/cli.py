"""``python kiosk.py admin ...``: argparse subcommands over the library's store.

Every command prints in the kiosk's language (``library.language`` or
``--lang``). A file that cannot be imported at all is one message and exit
status 2, with nothing written.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from kiosk.admin import cards as card_sheets
from kiosk.admin import roster
from kiosk.admin.rollover import carry_out, prepare_rollover
from kiosk.config import LANGUAGES, Settings, config_path, load_config
from kiosk.db import patrons as store
from kiosk.errors import AdminError
from kiosk.i18n.admin import explain, say
from kiosk.ports import Clock

EXIT_BAD_INPUT = 2


def _option(argv: list[str], name: str) -> str | None:
    """Read ``--name VALUE`` or ``--name=VALUE`` before argparse (help needs it)."""
    for i, arg in enumerate(argv):
        if arg == name and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith(name + "="):
            return arg.split("=", 1)[1]
    return None


def build_parser(lang: str) -> argparse.ArgumentParser:
    """The admin command line, with help in ``lang``."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config", help=say("config_help", lang))
    common.add_argument("--lang", choices=LANGUAGES, help=say("lang_help", lang))
    parser = argparse.ArgumentParser(
        prog="kiosk.py admin", description=say("prog", lang), parents=[common]
    )
    topics = parser.add_subparsers(dest="topic", required=True)

    def command(group: Any, name: str, key: str, run: Any) -> argparse.ArgumentParser:
        sub = group.add_parser(
            name, parents=[common], help=say(key, lang), description=say(key, lang)
        )
        sub.set_defaults(run=run)
        return sub

    def topic(name: str, key: str) -> Any:
        sub = topics.add_parser(name, help=say(key, lang), description=say(key, lang))
        return sub.add_subparsers(dest="command", required=True)

    patron_cmds = topic("patrons", "patrons_help")
    imp = command(patron_cmds, "import", "import_help", _import)
    imp.add_argument("file", type=Path, help=say("file_help", lang))
    imp.add_argument("--dry-run", action="store_true", help=say("dry_run_help", lang))
    roll = command(patron_cmds, "rollover", "rollover_help", _rollover)
    roll.add_argument("--dry-run", action="store_true", help=say("dry_run_help", lang))
    roll.add_argument("--again", action="store_true", help=say("again_help", lang))

    pdf = command(topic("cards", "cards_help"), "pdf", "pdf_help", _cards_pdf)
    pdf.add_argument("out", type=Path, help=say("out_help", lang))
    which = pdf.add_mutually_exclusive_group()
    which.add_argument("--class", dest="class_name", help=say("class_help", lang))
    which.add_argument("--cards", help=say("cards_list_help", lang))
    which.add_argument("--new-since", help=say("since_help", lang))

    save = command(topics, "backup", "backup_help", _backup)
    save.add_argument("--to", type=Path, help=say("backup_to_help", lang))
    back = command(topics, "restore", "restore_help", _restore)
    back.add_argument("file", type=Path, help=say("restore_file_help", lang))

    tools = Commands(lang=lang, topics=topics, topic=topic, command=command)
    for name in TOPIC_MODULES:
        importlib.import_module(name).register(tools)
    return parser


TOPIC_MODULES = (
    "kiosk.admin.overdue",
    "kiosk.admin.reports",
    "kiosk.admin.registers",
    "kiosk.admin.stocktake",
    "kiosk.admin.catalogue_cli",
    "kiosk.admin.purchases",
    "kiosk.admin.journal",
    "kiosk.admin.privacy",
)
"""Modules that add their own topics: each has ``register(tools: Commands)``."""


@dataclass(frozen=True)
class Commands:
    """What a topic module needs to add its commands to the parser.

    ``topic(name, help_key)`` adds a topic and returns its subparsers;
    ``command(group, name, help_key, run)`` adds a command whose ``run(admin,
    args)`` returns the exit status; ``topics`` takes top-level commands.
    """

    lang: str
    topics: Any
    topic: Callable[[str, str], Any]
    command: Callable[..., argparse.ArgumentParser]


def _backup(admin: Admin, args: argparse.Namespace) -> int:
    from kiosk.db.backup import backup

    if admin.settings.database.url:
        admin.say("backup_postgres")
        return EXIT_BAD_INPUT
    folder = args.to or admin.settings.backup.folder
    target = backup(
        admin.settings.database.path,
        folder,
        admin.clock.today(),
        admin.settings.backup.keep,
    )
    admin.say("backup_done", path=target)
    return 0


def _restore(admin: Admin, args: argparse.Namespace) -> int:
    from kiosk.db.backup import restore

    if admin.settings.database.url:
        admin.say("backup_postgres")
        return EXIT_BAD_INPUT
    restore(args.file, admin.settings.database.path)
    admin.say("restore_done", path=args.file)
    return 0


class Admin:
    """One admin command's context: settings, clock, language and output."""

    def __init__(
        self, settings: Settings, clock: Clock, lang: str, out: TextIO, err: TextIO
    ) -> None:
        self.settings = settings
        self.clock = clock
        self.lang = lang
        self.out = out
        self.err = err

    def say(self, key: str, **params: object) -> None:
        """Print one line of output."""
        self.out.write(say(key, self.lang, **params) + "\n")

    def progress(self, what: str) -> Any:
        """A progress bar on standard error (only when it is a terminal)."""
        from tqdm import tqdm

        def wrap(items: Iterable) -> Iterator:
            return iter(
                tqdm(
                    items,
                    desc=say(what, self.lang),
                    file=self.err,
                    disable=None,
                    leave=False,
                )
            )

        return wrap

    def open(self) -> Any:
        """Open the configured library database."""
        from kiosk.runtime import open_library

        return open_library(self.settings, self.clock)


def run(
    argv: list[str],
    *,
    clock: Clock | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Run one admin command; return the exit status."""
    from kiosk.clock import SystemClock

    out = out or sys.stdout
    err = err or sys.stderr
    settings = load_config(config_path(_option(argv, "--config")))
    chosen = _option(argv, "--lang")
    lang = chosen if chosen in LANGUAGES else settings.library.language
    args = build_parser(lang).parse_args(argv)
    admin = Admin(settings, clock or SystemClock(), lang, out, err)
    try:
        return args.run(admin, args)
    except AdminError as e:
        err.write(say("error", lang) + explain(e, lang) + "\n")
        return EXIT_BAD_INPUT


def _import(admin: Admin, args: argparse.Namespace) -> int:
    rows = roster.read_rows(args.file)
    columns = roster.columns_of(rows[0], args.file)
    library = admin.open()
    try:
        plan = roster.plan_import(
            rows,
            columns,
            card_pattern=admin.settings.circulation.patron_pattern,
            existing=lambda cards: store.by_cards(library.database, cards),
            now=admin.clock.now(),
            card_expiry=roster.card_expiry(
                admin.clock.today(), admin.settings.cards.valid_years
            ),
            progress=admin.progress("checking"),
        )
        for change in plan.new:
            p = change.patron
            admin.say("line_new", card=p.card, name=p.name, class_name=p.class_name)
        for change in plan.updated:
            p, b = change.patron, change.before
            assert b is not None
            admin.say(
                "line_updated",
                card=p.card,
                name=p.name,
                class_name=p.class_name,
                before=f"{b.name} {b.class_name}",
            )
        pattern = admin.settings.circulation.patron_pattern
        for error in plan.errors:
            admin.say(error.reason, row=error.row, pattern=pattern, **error.params)
        admin.say(
            "import_summary",
            new=len(plan.new),
            updated=len(plan.updated),
            unchanged=len(plan.unchanged),
            errors=len(plan.errors),
        )
        if args.dry_run:
            admin.say("dry_run_note")
        elif plan.new or plan.updated:
            store.save_roster(
                library.database,
                [c.patron for c in plan.new],
                [c.patron for c in plan.updated],
                at=admin.clock.now(),
                kiosk=admin.settings.library.kiosk_id,
            )
            admin.say("saved")
    finally:
        library.close()
    return 0


def _rollover(admin: Admin, args: argparse.Namespace) -> int:
    library = admin.open()
    try:
        preview = prepare_rollover(
            library.database, admin.clock.today(), again=args.again
        )
        for before, after, count in preview.moves:
            admin.say("rollover_move", before=before, after=after, count=count)
        admin.say("rollover_leavers", count=len(preview.plan.leavers))
        if preview.loans:
            admin.say("rollover_leaver_loans", count=len(preview.loans))
            for loan in preview.loans:
                admin.say(
                    "rollover_loan_line",
                    class_name=loan.class_name,
                    card=loan.card,
                    name=loan.name,
                    title=loan.title,
                    barcode=loan.barcode,
                    due=loan.due.isoformat(),
                )
        for p in preview.plan.unknown:
            admin.say(
                "rollover_unknown", card=p.card, name=p.name, class_name=p.class_name
            )
        admin.say(
            "rollover_summary",
            promoted=len(preview.plan.promoted),
            left=len(preview.plan.leavers),
            loans=len(preview.loans),
        )
        if args.dry_run:
            admin.say("dry_run_note")
        else:
            carry_out(
                library.database,
                preview,
                admin.clock.now(),
                admin.settings.library.kiosk_id,
            )
            admin.say("saved")
    finally:
        library.close()
    return 0


def _cards_pdf(admin: Admin, args: argparse.Namespace) -> int:
    library = admin.open()
    try:
        chosen = card_sheets.choose(
            library.database, args.class_name, args.cards or "", args.new_since or ""
        )
    finally:
        library.close()
    if not chosen:
        admin.say("cards_none")
        return 1
    words = card_sheets.card_words(
        admin.settings.library.name, admin.settings.receipts.school, admin.lang
    )
    pages = card_sheets.write_cards_pdf(
        args.out,
        chosen,
        words,
        title=f"{admin.settings.library.name} {say('card_title', admin.lang)}",
        progress=admin.progress("drawing"),
    )
    admin.say("cards_written", path=args.out, count=len(chosen), pages=pages)
    return 0


__all__ = ["build_parser", "run"]
