"""``admin journal report|replay``: what offline kiosks did, and what clashed.

The report lists, for the librarian, every offline action that could not be
replayed as the patron was told (a copy lent elsewhere meanwhile, a blocked
patron); ``replay`` pushes this kiosk's journal to the library by hand.
"""

from __future__ import annotations

import argparse
from typing import Any

from kiosk.errors import AdminError
from kiosk.i18n.admin import say


def register(tools: Any) -> None:
    """Add ``admin journal report [--all]`` and ``admin journal replay``."""
    group = tools.topic("journal", "jr_help")
    report = tools.command(group, "report", "jr_report_help", run_report)
    report.add_argument(
        "--all", action="store_true", help=say("jr_all_help", tools.lang)
    )
    tools.command(group, "replay", "jr_replay_help", run_replay)


def line(entry: Any, result: str, conflict: str, lang: str) -> str:
    """One journal action in words: when, where, what, and what became of it."""
    params = {
        "at": entry.at.strftime("%Y-%m-%d %H:%M"),
        "kiosk": entry.kiosk,
        "action": say(f"jr_action_{entry.action}", lang),
        "card": entry.card or "-",
        "book": entry.barcode or entry.scan,
    }
    if conflict:
        return say("jr_conflict_line", lang, why=say(f"jr_{conflict}", lang), **params)
    return say("jr_line", lang, result=result, **params)


def run_report(admin: Any, args: argparse.Namespace) -> int:
    """Print the replayed offline actions that clashed (or all of them)."""
    from kiosk.db.replay import replayed_ops

    library = admin.open()
    try:
        ops = replayed_ops(library.database, conflicts_only=not args.all)
    finally:
        library.close()
    for op in ops:
        admin.out.write(line(op.entry, op.result, op.conflict, admin.lang) + "\n")
    clashes = sum(1 for op in ops if op.conflict)
    if args.all:
        admin.say("jr_total", count=len(ops))
    if clashes:
        admin.say("jr_count", count=clashes)
    else:
        admin.say("jr_none")
    return 1 if clashes else 0


def replay_here(settings: Any, library: Any, now: Any) -> Any:
    """Replay the journal this machine's config names into the library (AdminError).

    Each entry is applied once (``journalop`` remembers it), so a second
    replay of the same journal does nothing.
    """
    from kiosk.circulation.codes import Classifier
    from kiosk.circulation.replay import Replayer
    from kiosk.db.journal import LocalJournal
    from kiosk.db.replay import replay_journal

    path = settings.offline.journal
    if path is None:
        raise AdminError("jr_no_journal")
    if not path.exists():
        raise AdminError("jr_no_file", path=path)
    circ = settings.circulation
    journal = LocalJournal(path)
    try:
        replayer = Replayer(
            library.store, Classifier(circ.patron_pattern, circ.item_pattern)
        )
        return replay_journal(journal, library.database, library.store, replayer, now)
    finally:
        journal.close()


def replay_lines(report: Any, lang: str) -> list[str]:
    """A replay's conflicts, one line each, then its totals."""
    if not report.lines:
        return [say("jr_nothing", lang)]
    lines = []
    for entry, replayed in report.conflicts:
        conflict = replayed.conflict.value if replayed.conflict else ""
        lines.append(line(entry, str(replayed.result), conflict, lang))
    lines.append(
        say(
            "jr_replayed",
            lang,
            applied=report.applied,
            skipped=report.skipped,
            conflicts=len(report.conflicts),
        )
    )
    return lines


def run_replay(admin: Any, args: argparse.Namespace) -> int:
    """Replay this kiosk's pending journal into the library database."""
    library = admin.open()
    try:
        report = replay_here(admin.settings, library, admin.clock.now())
    finally:
        library.close()
    for text in replay_lines(report, admin.lang):
        admin.out.write(text + "\n")
    return 0
