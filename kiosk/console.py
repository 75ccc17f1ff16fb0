"""Console mode: scans from standard input, outcomes as lines (or JSON lines).

A product feature, not a debug aid: a returns desk with only a hand scanner,
and scripting. Each input line is one scan; ``DONE`` (or end of input) ends the
current patron's session. In check-out mode ``RENEW x``, ``RETURN x``,
``HOLD x`` and ``CANCEL x`` act on book ``x`` for the current patron. When a
session that recorded something ends, its slip is printed (and archived) and
one more line says how that went.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TextIO

from kiosk.circulation.codes import CodeKind
from kiosk.circulation.model import Loan, Patron
from kiosk.circulation.outcomes import Outcome, Result
from kiosk.circulation.service import CirculationService
from kiosk.errors import StoreError
from kiosk.i18n.messages import describe, text
from kiosk.ports import Clock, Link

if TYPE_CHECKING:
    from receipts.desk import SlipDesk
    from receipts.report import SlipReport

log = logging.getLogger(__name__)

MODES = ("checkout", "returns")


class ConsoleKiosk:
    """Feeds scans through the circulation service and writes each outcome."""

    def __init__(
        self,
        service: CirculationService,
        out: TextIO,
        clock: Clock,
        *,
        lang: str = "zh-CN",
        mode: str = "checkout",
        as_json: bool = False,
        slips: SlipDesk | None = None,
        link: Link | None = None,
    ) -> None:
        self._service = service
        self._slips = slips
        self._link = link
        self._offline = False
        self._out = out
        self._clock = clock
        self._lang = lang
        self._mode = mode
        self._json = as_json
        self._patron_id: int | None = None
        self._patron: Patron | None = None
        self._session: list[Result] = []
        self._finished: tuple[Patron, list[Result]] | None = None
        self._commands: dict[str, Callable[[str], Result]] = {
            "RENEW": lambda s: self._service.renew(self._patron_id, s),
            "RETURN": lambda s: self._service.check_in(s, self._patron_id),
            "HOLD": lambda s: self._service.place_hold(self._patron_id, s),
            "CANCEL": lambda s: self._service.cancel_hold(self._patron_id, s),
        }

    def run(self, lines: Iterable[str]) -> int:
        """Process every line; return 0, or 1 if the database failed on a scan."""
        failed = False
        self._watch_link()
        for line in lines:
            scan = line.strip()
            if not scan:
                continue
            self._watch_link(poll=True)
            try:
                for result in self.handle(scan):
                    self._watch_link()
                    self.emit(result)
                    self._after(result)
            except StoreError as e:
                failed = True
                self._emit_error(scan, str(e))
        try:
            if self._patron_id is not None:
                result = self._end_session()
                self.emit(result)
                self._after(result)
        except StoreError as e:
            failed = True
            self._emit_error("DONE", str(e))
        return 1 if failed else 0

    def handle(self, scan: str) -> list[Result]:
        """Act on one line; return the outcomes to show."""
        if self._mode == "returns":
            if scan.upper() == "DONE":
                return []
            return [self._service.check_in(scan)]
        if scan.upper() == "DONE":
            return [self._end_session()]
        verb, _, rest = scan.partition(" ")
        if verb.upper() in self._commands and rest.strip():
            return [self._keep(self._commands[verb.upper()](rest.strip()))]
        kind = self._service.classify(scan).kind
        if kind is CodeKind.PATRON:
            results = [self._end_session()] if self._patron_id is not None else []
            identified = self._service.identify(scan)
            if identified.outcome is Outcome.PATRON_OK and identified.patron:
                self._patron_id = identified.patron.id
                self._patron = identified.patron
                self._session = []
            return [*results, identified]
        if self._patron_id is None:
            return [self._service.identify(scan)]
        return [self._keep(self._service.check_out(self._patron_id, scan))]

    def _keep(self, result: Result) -> Result:
        """Remember a result of the current session for its slip."""
        self._session.append(result)
        return result

    def _end_session(self) -> Result:
        result = self._service.end_session(self._patron_id)
        if self._patron is not None:
            self._finished = (self._patron, self._session)
        self._patron_id = None
        self._patron = None
        self._session = []
        return result

    def _after(self, result: Result) -> None:
        """After a session's last line, print its slip (if it recorded anything)."""
        finished, self._finished = self._finished, None
        if result.outcome is not Outcome.SESSION_ENDED or finished is None:
            return
        if self._slips is None:
            return
        patron, results = finished
        slip = self._slips.session_slip(patron, results, self._lang)
        if slip.recorded:
            self._emit_slip(self._slips.issue(slip), patron)

    def _watch_link(self, *, poll: bool = False) -> None:
        """Say when the library database goes away, and when it is back.

        Before each scan the link may retry the database (and replay the
        journal): a console kiosk has no screen loop to do it.
        """
        link = self._link
        if link is None:
            return
        if poll:
            link.poll()
        if link.offline == self._offline:
            return
        self._offline = link.offline
        outcome = "OFFLINE" if link.offline else "ONLINE"
        key = "console_offline" if link.offline else "console_online"
        pending = link.pending()
        message = text(key, self._lang, pending=pending)
        if self._json:
            line = {
                "scan": "",
                "outcome": outcome,
                "ok": True,
                "pending": pending,
                "message": message,
            }
            self._out.write(json.dumps(line, ensure_ascii=False) + "\n")
        else:
            self._out.write(f"[{outcome}] {message}\n")
        self._out.flush()

    def emit(self, result: Result) -> None:
        """Write one outcome line."""
        if self._json:
            self._out.write(json.dumps(as_json(result, self._lang), ensure_ascii=False))
            self._out.write("\n")
        else:
            self._out.write(
                f"[{result.outcome.value}] {describe(result, self._lang)}\n"
            )
            for loan in result.loans:
                self._out.write(self._loan_line(loan) + "\n")
        self._out.flush()

    def _loan_line(self, loan: Loan) -> str:
        overdue = loan.days_overdue(self._clock.today()) > 0
        return text(
            "loan_line",
            self._lang,
            title=loan.item.title.title,
            barcode=loan.item.label,
            due=loan.due.isoformat(),
            late=text("overdue_mark", self._lang) if overdue else "",
        )

    def _emit_slip(self, report: SlipReport, patron: Patron) -> None:
        """Say what became of the slip; when it did not print, the due dates."""
        message = report.message(self._lang)
        archive = str(report.archive) if report.archive else None
        if self._json:
            line = {
                "scan": "",
                "outcome": "SLIP",
                "ok": not report.failed,
                "printed": report.printed,
                "status": report.status.value,
                "archive": archive,
                "transaction": report.transaction,
                "patron": patron.card,
                "problem": report.problem.value if report.problem else None,
                "loans": [
                    {
                        "item": e.code,
                        "title": e.title,
                        "due": e.due.isoformat() if e.due else None,
                    }
                    for e in report.due
                ],
                "message": message,
            }
            self._out.write(json.dumps(line, ensure_ascii=False) + "\n")
        else:
            where = text("slip_archive_at", self._lang, path=archive) if archive else ""
            self._out.write(f"[SLIP] {message} {where}".rstrip() + "\n")
            if report.failed:
                for entry in report.due:
                    line = text(
                        "loan_line",
                        self._lang,
                        title=entry.title,
                        barcode=entry.code,
                        due=entry.due.isoformat() if entry.due else "",
                        late="",
                    )
                    self._out.write(line + "\n")
        self._out.flush()

    def _emit_error(self, scan: str, message: str) -> None:
        log.error("scan %r failed: %s", scan, message)
        if self._json:
            line = {"scan": scan, "outcome": "ERROR", "ok": False, "message": message}
            self._out.write(json.dumps(line, ensure_ascii=False) + "\n")
        else:
            self._out.write(f"[ERROR] {message}\n")
        self._out.flush()


def as_json(result: Result, lang: str) -> dict[str, Any]:
    """The JSON object for one outcome (one line of ``--json`` output)."""
    patron, item, title, hold = (
        result.patron,
        result.item,
        result.title,
        result.hold_for,
    )
    return {
        "scan": result.scan,
        "outcome": result.outcome.value,
        "ok": result.ok,
        "patron": patron.card if patron else None,
        "patron_name": patron.name if patron else None,
        "class_name": patron.class_name if patron else None,
        "item": item.label if item else None,
        "title": title.title if title else None,
        "isbn": title.isbn if title else None,
        "due": result.due.isoformat() if result.due else None,
        "days_late": result.days_late,
        "hold_for": hold.card if hold else None,
        "count": result.count,
        "limit": result.limit,
        "loans": [
            {
                "item": loan.item.label,
                "title": loan.item.title.title,
                "due": loan.due.isoformat(),
            }
            for loan in result.loans
        ],
        "blocks": [b.outcome.value for b in result.blocks],
        "message": describe(result, lang),
    }
