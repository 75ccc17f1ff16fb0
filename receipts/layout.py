"""A slip's content as styled lines in the kiosk's language (pure).

Both renderings (the raster picture and the plain text) draw the same lines,
so the archived text always says what the paper said.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from kiosk.circulation.outcomes import Outcome
from kiosk.i18n.messages import text
from receipts.slip import LibraryInfo, Slip, SlipEntry, SlipKind


class Style(StrEnum):
    """How a line is drawn."""

    TITLE = "title"  # the library's name: large, centred
    HEADING = "heading"  # the kind of slip: centred, bold
    CENTER = "center"  # small centred text: time and kiosk, code, footer
    TEXT = "text"  # a plain paragraph
    SECTION = "section"  # the heading of a list of books, bold
    ITEM = "item"  # ``lead`` then ``text`` wrapped with a hanging indent
    DETAIL = "detail"  # indented under an item
    RULE = "rule"  # a dashed line across
    CODE = "code"  # the transaction QR code; ``text`` is its content


@dataclass(frozen=True)
class Line:
    """One logical line; renderers wrap ``text`` and set ``right`` flush right."""

    style: Style
    text: str = ""
    lead: str = ""
    right: str = ""


def slip_lines(slip: Slip) -> list[Line]:
    """Lay out a slip as lines, in the slip's language."""
    body = _class_body(slip) if slip.kind is SlipKind.CLASS else _session_body(slip)
    return [*_header(slip), *body, *_footer(slip)]


def printer_test_lines(library: LibraryInfo, at: dt.datetime, code: str) -> list[Line]:
    """A test slip: the library's name, Chinese text and a QR code, nothing else."""
    lang = library.language
    when = text("slip_when", lang, at=f"{at:%Y-%m-%d %H:%M}", kiosk=library.kiosk_id)
    return [
        Line(Style.TITLE, library.name),
        Line(Style.HEADING, text("slip_title_test", lang)),
        Line(Style.CENTER, when),
        Line(Style.RULE),
        Line(Style.TEXT, text("slip_test_body", lang)),
        Line(Style.TEXT, text("slip_test_sample", lang)),
        Line(Style.RULE),
        Line(Style.CODE, code),
    ]


def opening_days(closed_weekdays: Iterable[int], lang: str) -> str:
    """Say which weekdays the library opens: 周一至周五, or Mon–Wed, Fri."""
    closed = set(closed_weekdays)
    runs: list[list[int]] = []
    for day in range(1, 8):
        if day in closed:
            continue
        if runs and runs[-1][-1] == day - 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    parts = []
    for run in runs:
        names = [text(f"weekday_{d}", lang) for d in run]
        if len(run) >= 3:
            parts.append(text("slip_day_range", lang, first=names[0], last=names[-1]))
        else:
            parts.extend(names)
    return text("slip_day_sep", lang).join(parts)


def date_words(day: dt.date, lang: str) -> str:
    """A due date with its weekday: ``2026-12-09 周三``."""
    weekday = text(f"weekday_{day.isoweekday()}", lang)
    return text("slip_date", lang, date=day.isoformat(), weekday=weekday)


def _header(slip: Slip) -> list[Line]:
    lang, library = slip.lang, slip.library
    if slip.kind is SlipKind.CLASS:
        title = "slip_title_class"
    elif slip.checked_out or slip.renewed:
        title = "slip_title_loans"
    else:
        title = "slip_title_returns"
    when = text(
        "slip_when", lang, at=f"{slip.at:%Y-%m-%d %H:%M}", kiosk=library.kiosk_id
    )
    lines = [Line(Style.CENTER, library.school)] if library.school else []
    return [
        *lines,
        Line(Style.TITLE, library.name),
        Line(Style.HEADING, text(title, lang)),
        Line(Style.CENTER, when),
        Line(Style.RULE),
    ]


def _session_body(slip: Slip) -> list[Line]:
    lang = slip.lang
    lines = []
    if slip.patron:
        p = slip.patron
        lines += [
            Line(
                Style.TEXT,
                text("slip_patron", lang, name=p.name, class_name=p.class_name),
            ),
            Line(Style.TEXT, text("slip_card", lang, card=p.card)),
            Line(Style.RULE),
        ]
    for key, entries in (
        ("slip_checked_out", slip.checked_out),
        ("slip_renewed", slip.renewed),
        ("slip_returned", slip.returned),
        ("slip_holds", slip.holds),
        ("slip_refused", slip.refused),
        ("slip_other_loans", slip.other_loans),
    ):
        lines += _book_list(key, entries, lang)
    lines += [Line(Style.RULE), *_summary(slip)]
    if slip.on_loan_now is not None:
        lines.append(
            Line(Style.TEXT, text("slip_on_loan_now", lang, count=slip.on_loan_now))
        )
    days = opening_days(slip.library.closed_weekdays, lang)
    return [*lines, Line(Style.TEXT, text("slip_open_days", lang, days=days))]


def _summary(slip: Slip) -> list[Line]:
    lang = slip.lang
    parts = [
        text(key, lang, count=len(entries))
        for key, entries in (
            ("slip_sum_out", slip.checked_out),
            ("slip_sum_renewed", slip.renewed),
            ("slip_sum_back", slip.returned),
        )
        if entries
    ]
    if not parts:
        return []
    joined = text("slip_sum_sep", lang).join(parts)
    return [Line(Style.TEXT, text("slip_summary", lang, parts=joined))]


def _book_list(key: str, entries: tuple[SlipEntry, ...], lang: str) -> list[Line]:
    if not entries:
        return []
    lines = [Line(Style.SECTION, text(key, lang, count=len(entries)))]
    for number, entry in enumerate(entries, 1):
        lines.append(Line(Style.ITEM, _book(entry, lang), lead=f"{number}."))
        lines.append(Line(Style.DETAIL, entry.code, right=_what(entry, lang)))
    return lines


def _book(entry: SlipEntry, lang: str) -> str:
    if not entry.title:
        return text("slip_unknown_book", lang)
    return text("slip_book", lang, title=entry.title)


def _what(entry: SlipEntry, lang: str) -> str:
    """The right-hand words of a book's line: due date, returned, why not."""
    late = text("slip_late", lang, days=entry.days_late) if entry.days_late else ""
    due = date_words(entry.due, lang) if entry.due else ""
    words = {
        Outcome.CHECKED_OUT: text("slip_due", lang, date=due) if due else "",
        Outcome.RENEWED: text("slip_renewed_due", lang, date=due) if due else "",
        Outcome.RETURNED: text("slip_returned_ok", lang),
        Outcome.HOLD_PLACED: text("slip_hold_placed", lang),
        Outcome.HOLD_CANCELLED: text("slip_hold_cancelled", lang),
    }
    said = words[entry.outcome] if entry.outcome in words else _why(entry, lang, due)
    return text("slip_and", lang).join(w for w in (said, late) if w)


def _why(entry: SlipEntry, lang: str, due: str) -> str:
    if entry.outcome is Outcome.NOT_FOR_LOAN and not entry.status:
        return text("why_NOT_FOR_LOAN_TITLE", lang)
    status = text(f"status_{entry.status}", lang) if entry.status else ""
    limit = entry.limit if entry.limit is not None else ""
    return text(f"why_{entry.outcome.value}", lang, due=due, limit=limit, status=status)


def _class_body(slip: Slip) -> list[Line]:
    lang = slip.lang
    loans = [e for s in slip.students for e in s.loans]
    lines = [
        Line(
            Style.TEXT,
            text(
                "slip_class",
                lang,
                class_name=slip.class_name,
                students=len(slip.students),
            ),
        ),
        Line(
            Style.TEXT,
            text(
                "slip_class_session",
                lang,
                out=len(slip.checked_out),
                back=len(slip.returned),
            ),
        ),
        Line(
            Style.TEXT,
            text(
                "slip_class_loans",
                lang,
                on_loan=len(loans),
                overdue=sum(1 for e in loans if e.days_late),
            ),
        ),
        Line(Style.RULE),
    ]
    for number, student in enumerate(slip.students, 1):
        count = len(student.loans)
        right = (
            text("slip_student_loans", lang, count=count)
            if count
            else text("slip_no_loans", lang)
        )
        lines.append(
            Line(
                Style.ITEM,
                text("slip_student", lang, name=student.name),
                lead=f"{number}.",
                right=right,
            )
        )
        for entry in student.loans:
            lines.append(
                Line(Style.DETAIL, _book(entry, lang), right=_class_loan(entry, lang))
            )
    return lines


def _class_loan(entry: SlipEntry, lang: str) -> str:
    words = [date_words(entry.due, lang) if entry.due else ""]
    if entry.days_late:
        words.append(text("slip_late", lang, days=entry.days_late))
    if entry.new:
        words.append(text("slip_new", lang))
    return text("slip_and", lang).join(w for w in words if w)


def _footer(slip: Slip) -> list[Line]:
    footer = slip.library.footer or text("slip_footer", slip.lang)
    return [
        Line(Style.RULE),
        Line(Style.CODE, slip.transaction),
        Line(Style.CENTER, slip.transaction),
        Line(Style.CENTER, footer),
    ]
