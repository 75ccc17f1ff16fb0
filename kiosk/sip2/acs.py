"""The library's side of SIP2 (the "ACS"): one client's conversation.

Every answer comes from the circulation service, as a kiosk's would: limits,
blocks, holds, closed days, the one-open-loan rule and the event log are the
service's; this module only turns requests into service calls and results into
SIP2 fields. A connection must log in (93) before anything else, and acts as
the kiosk id of its account, so its loans and returns are logged under it.
"""

from __future__ import annotations

import datetime as dt
import hmac
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeAlias

from kiosk.circulation.model import ItemStatus, Patron, Title
from kiosk.circulation.outcomes import Outcome, Result
from kiosk.circulation.service import CirculationService, ItemInfo
from kiosk.config import split_account
from kiosk.errors import KioskError
from kiosk.i18n.messages import describe, text
from kiosk.i18n.sip2 import say
from kiosk.ports import Clock, Link
from kiosk.sip2.codec import (
    SUPPORTED,
    FrameError,
    Request,
    Response,
    count,
    decode,
    encode,
    flags,
    sip_date,
)
from kiosk.staff import check_pin

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from kiosk.offline import KioskFace

Service: TypeAlias = "CirculationService | KioskFace"
"""A connection's service: the library's, or store-and-forward under its kiosk id."""

Runner = Callable[
    [Callable[[], "Response | None"], Callable[[], "Response"]], "Response | None"
]
"""Runs a request's work (and its refusal if the commit fails): ``Batches.run``."""

ANSWERED = frozenset({"23", "11", "09", "01", "99", "97", "93", "63", "35", "17"})
ANSWERED |= {"15", "29", "65"}
"""Requests this server answers (the BX field says so, in the spec's order)."""

_CIRCULATION = {
    ItemStatus.AVAILABLE: "03",
    ItemStatus.ON_LOAN: "04",
    ItemStatus.IN_REPAIR: "06",
    ItemStatus.LOST: "12",
}
"""SIP2 circulation status of a copy (01: other, 08: waiting on the hold shelf)."""
_BOOK, _MAGAZINE = "001", "002"  # SIP2 media types
_DENIED = " " * 14


@dataclass(frozen=True)
class Account:
    """A machine that may log in, and the kiosk id it acts as."""

    user: str
    password: str
    kiosk: str

    @classmethod
    def parse(cls, text: str) -> Account:
        """From config: ``user:password:kiosk`` (a password may hold colons)."""
        return cls(*split_account(text))


@dataclass(frozen=True)
class AcsOptions:
    """What every connection is told."""

    institution: str
    library_name: str
    lang: str
    encoding: str
    timeout_seconds: int
    accounts: tuple[Account, ...]
    lends_offline: bool = True  # [offline] allow_checkout


class Conversation:
    """One client's connection: logged in or not, and its last answer (for 97)."""

    def __init__(
        self,
        options: AcsOptions,
        service_for: Callable[[str], Service],
        clock: Clock,
        run: Callable[
            [Callable[[], Response | None], Callable[[], Response]], Response | None
        ]
        | None = None,
        link: Link | None = None,
    ) -> None:
        self.options = options
        self._service_for = service_for
        self._clock = clock
        # Where the database work runs: the shared batch thread (``batches``).
        self._run = run or (lambda work, failed: work())
        self.account: Account | None = None
        self._service: Service | None = None
        self._link = link  # store-and-forward: whether the database is away
        self._last: bytes | None = None
        # The patron, PIN hash and AD last found right: a machine sends the PIN
        # with every request of a session, and a check costs ~50 ms.
        self._pin_checked: tuple[int, str, str] | None = None

    # -- frames --------------------------------------------------------------------

    def reply(self, frame: bytes) -> bytes:
        """The bytes to send back for one request frame (never raises)."""
        encoding = self.options.encoding
        try:
            request = decode(frame, encoding)
        except FrameError as e:
            log.info("sip2: unreadable request (%s): answered 96", e)
            return encode(Response("96", {}), encoding, checked=b"AZ" in frame)
        if request.command == "97":
            return self._last or encode(Response("96", {}), encoding)
        response = self._run(
            lambda: self._answer_safely(request), lambda: self._not_committed(request)
        )
        if response is None:
            return encode(Response("96", {}), encoding, checked=request.checked)
        data = encode(
            response, encoding, sequence=request.sequence, checked=request.checked
        )
        self._last = data
        return data

    def _answer_safely(self, request: Request) -> Response | None:
        """The response, the refusal when the database is away, None for a bug."""
        try:
            return self.answer(request)
        except KioskError as e:  # the library's database is away
            log.error("sip2: %s %s failed: %s", request.command, request.fixed, e)
            return self._unavailable(request)
        except Exception:  # a bug must cost one answer (96), never the server
            log.exception("sip2: %s request failed", request.command)
            return None

    def answer(self, request: Request) -> Response:
        """The response to a decoded request."""
        if request.command == "93":
            return self._login(request)
        if self._service is None:
            return Response("94", {"ok": "0"})  # nothing before a login
        handler = {
            "99": self._status,
            "23": self._patron_status,
            "63": self._patron_information,
            "17": self._item_information,
            "11": self._checkout,
            "09": self._checkin,
            "29": self._renew,
            "65": self._renew_all,
            "15": self._hold,
            "35": self._end_session,
            "01": self._block,
        }[request.command]
        return handler(request, self._service)

    # -- login and status -------------------------------------------------------------

    def _login(self, request: Request) -> Response:
        user, password = request.get("CN"), request.get("CO")
        account = next(
            (
                a
                for a in self.options.accounts
                if a.user == user
                and hmac.compare_digest(a.password.encode(), password.encode())
            ),
            None,
        )
        if account is None:
            log.warning("sip2: login refused for %r", user)
            return Response("94", {"ok": "0"})
        self.account = account
        self._service = self._service_for(account.kiosk)
        log.info("sip2: %s logged in as kiosk %s", user, account.kiosk)
        return Response("94", {"ok": "1"})

    def _status(self, request: Request, service: Service) -> Response:
        assert self.account is not None
        online = self._link is None or not self._link.offline
        lends = "Y" if online or self.options.lends_offline else "N"
        return (
            Response(
                "98",
                {
                    "online": "Y" if online else "N",
                    "checkin_ok": "Y",
                    "checkout_ok": lends,
                    "renewal_policy": lends,
                    "status_update_ok": "N",
                    "offline_ok": "N",
                    "timeout": f"{min(self.options.timeout_seconds * 10, 999):03d}",
                    "retries": "003",
                    "date": self._now(),
                    "protocol_version": "2.00",
                },
            )
            .add("AO", self.options.institution)
            .add("AM", self.options.library_name)
            .add("BX", flags([code in ANSWERED for code in SUPPORTED]))
            .add("AN", self.account.kiosk)
        )

    # -- patrons ---------------------------------------------------------------------

    def _patron_status(self, request: Request, service: Service) -> Response:
        card = request.get("AA")
        identified = service.look_up(card)
        response = Response(
            "24",
            {
                "patron_status": _patron_status(identified),
                "language": request.fixed["language"],
                "date": self._now(),
            },
        )
        self._patron_fields(response, card, identified, answer_now=False)
        if "AD" in request.fields:
            pin_ok = self._pin_ok(request, service, identified.patron)
            response.add("CQ", "Y" if pin_ok else "N")
            if not pin_ok and identified.patron is not None:
                return response.add("AF", self._bad_pin())
        return response.add("AF", self._words(identified))

    def _patron_information(self, request: Request, service: Service) -> Response:
        card = request.get("AA")
        identified = service.look_up(card)
        patron = identified.patron
        today = self._clock.today()
        loans = identified.loans
        overdue = [ln for ln in loans if ln.due < today]
        holds = service.holds_of(patron.id) if patron else []
        owed = service.owed_by(patron.id) if patron else []
        summary = request.fixed["summary"]
        wanted = summary.find("Y")
        start = _number(request.get("BP"), 1)
        end = _number(request.get("BQ"), start + 99)
        response = Response(
            "64",
            {
                "patron_status": _patron_status(identified),
                "language": request.fixed["language"],
                "date": self._now(),
                "hold_count": count(len(holds)),
                "overdue_count": count(len(overdue)),
                "charged_count": count(len(loans)),
                "fine_count": count(len(owed)),
                "recall_count": count(0),
                "unavailable_count": count(0),
            },
        )
        self._patron_fields(response, card, identified, answer_now=False)
        pin_ok = self._pin_ok(request, service, identified.patron)
        if "AD" in request.fields:
            response.add("CQ", "Y" if pin_ok else "N")
        limit = next((b.limit for b in identified.blocks if b.limit), None)
        response.add("CB", count(limit) if limit is not None else None)
        if owed:  # compensation for lost or damaged copies: the only fees here
            response.add("BH", "CNY").add("BV", f"{sum(a for _, a in owed):.2f}")
        if not pin_ok and patron is not None:  # loans and holds: for the PIN only
            return response.add("AF", self._bad_pin())
        lists = {
            0: ("AS", [_title_label(title) for _, title in holds]),
            1: ("AT", [ln.item.label for ln in overdue]),
            2: ("AU", [ln.item.label for ln in loans]),
            3: ("AV", [f"{barcode} {amount:.2f}" for barcode, amount in owed]),
        }
        if wanted in lists:
            field_id, labels = lists[wanted]
            response.add_all(field_id, labels[start - 1 : end])
        return response.add("AF", self._words(identified))

    def _patron_fields(
        self,
        response: Response,
        card: str,
        identified: Result,
        *,
        answer_now: bool = True,
    ) -> Response:
        patron = identified.patron
        response.add("AO", self.options.institution).add("AA", card)
        response.add("AE", patron.name if patron else "")
        response.add("BL", "Y" if patron else "N")
        if answer_now:
            response.add("AF", self._words(identified))
        return response

    def _block(self, request: Request, service: Service) -> Response:
        card = request.get("AA")
        blocked = service.block_patron(card, request.get("AL"))
        identified = service.look_up(card)
        response = Response(
            "24",
            {
                "patron_status": _patron_status(identified),
                "language": "000",
                "date": self._now(),
            },
        )
        if blocked.outcome is Outcome.OFFLINE_NOT_ALLOWED:  # waits for the database
            self._patron_fields(response, card, identified, answer_now=False)
            return response.add("AF", self._words(blocked))
        return self._patron_fields(response, card, identified)

    def _end_session(self, request: Request, service: Service) -> Response:
        card = request.get("AA")
        patron = service.patron_by_card(card)
        ended = service.end_session(patron.id if patron else None)
        return (
            Response(
                "36",
                {"end_session": "Y" if patron else "N", "date": self._now()},
            )
            .add("AO", self.options.institution)
            .add("AA", card)
            .add("AF", self._words(ended) if patron else self._unknown_card())
        )

    # -- items -----------------------------------------------------------------------

    def _item_information(self, request: Request, service: Service) -> Response:
        scan = request.get("AB")
        info = service.item_info(scan)
        if isinstance(info, Result):
            return (
                Response(
                    "18",
                    {
                        "circulation_status": "01",
                        "security_marker": "00",
                        "fee_type": "01",
                        "date": self._now(),
                    },
                )
                .add("AB", scan)
                .add("AJ", "")
                .add("AF", self._words(info))
            )
        return (
            Response(
                "18",
                {
                    "circulation_status": _circulation_status(info),
                    "security_marker": "00",
                    "fee_type": "01",
                    "date": self._now(),
                },
            )
            .add("CF", count(len(info.holds)))
            .add("AH", _due(info.loan.due) if info.loan else None)
            .add("AB", info.item.label if info.item else scan)
            .add("AJ", info.title.title)
            .add("CK", _media(info.title))
            .add("AQ", info.item.location if info.item else None)
            .add("AP", info.item.location if info.item else None)
        )

    def _checkout(self, request: Request, service: Service) -> Response:
        card, scan = request.get("AA"), request.get("AB")
        patron = service.patron_by_card(card)
        if patron is None:
            return self._item_refused("12", card, scan, self._unknown_card())
        if not self._pin_ok(request, service, patron):
            return self._item_refused("12", card, scan, self._bad_pin())
        result = service.check_out(patron.id, scan)
        renewed = False
        if (
            result.outcome is Outcome.ALREADY_ON_LOAN_TO_YOU
            and request.fixed["renewal_policy"] == "Y"
        ):
            result, renewed = service.renew(patron.id, scan), True
        ok = result.outcome in (Outcome.CHECKED_OUT, Outcome.RENEWED)
        return self._item_answer(
            Response("12", self._loan_fixed(ok, renewed and ok)), card, scan, result
        )

    def _renew(self, request: Request, service: Service) -> Response:
        card, scan = request.get("AA"), request.get("AB") or request.get("AJ")
        patron = service.patron_by_card(card)
        if patron is None:
            return self._item_refused("30", card, scan, self._unknown_card())
        if not self._pin_ok(request, service, patron):
            return self._item_refused("30", card, scan, self._bad_pin())
        result = service.renew(patron.id, scan)
        ok = result.outcome is Outcome.RENEWED
        return self._item_answer(
            Response("30", self._loan_fixed(ok, ok)), card, scan, result
        )

    def _renew_all(self, request: Request, service: Service) -> Response:
        card = request.get("AA")
        patron = service.patron_by_card(card)
        if patron is not None and not self._pin_ok(request, service, patron):
            patron, words = None, self._bad_pin()
        else:
            words = self._unknown_card()
        renewed: list[str] = []
        kept: list[str] = []
        if patron is not None:
            for loan in service.status(patron.id).loans:
                result = service.renew(patron.id, loan.item.label)
                ok = result.outcome is Outcome.RENEWED
                (renewed if ok else kept).append(loan.item.label)
        if patron is not None:
            words = say(
                "renewed_all", self.options.lang, renewed=len(renewed), kept=len(kept)
            )
        return (
            Response(
                "66",
                {
                    "ok": "1" if patron else "0",
                    "renewed_count": count(len(renewed)),
                    "unrenewed_count": count(len(kept)),
                    "date": self._now(),
                },
            )
            .add("AO", self.options.institution)
            .add_all("BM", renewed)
            .add_all("BN", kept)
            .add("AF", words)
        )

    def _checkin(self, request: Request, service: Service) -> Response:
        scan = request.get("AB")
        result = service.check_in(scan)
        back = result.outcome in (Outcome.RETURNED, Outcome.NOT_ON_LOAN)
        hold_for = result.hold_for
        response = Response(
            "10",
            {
                "ok": "1" if back else "0",
                "resensitize": "Y" if back and hold_for is None else "N",
                "magnetic_media": "N",
                "alert": "Y" if hold_for is not None else "N",
                "date": self._now(),
            },
        )
        item = result.item
        response.add("AO", self.options.institution).add("AB", scan)
        response.add("AQ", item.location if item else "")
        response.add("AJ", result.title.title if result.title else None)
        if result.loan is not None and result.patron is not None:
            response.add("AA", result.patron.card)
        response.add("CK", _media(result.title) if result.title else None)
        if hold_for is not None:
            response.add("CL", say("hold_bin", self.options.lang))
            response.add("CT", say("hold_shelf", self.options.lang))
            response.add("CV", "01")  # hold for this library
            response.add("CY", hold_for.card)
        response.add("AF", self._words(result))
        return response.add("AG", self._print_line(result))

    def _hold(self, request: Request, service: Service) -> Response:
        card = request.get("AA")
        scan = request.get("AB") or request.get("AJ")
        mode = request.fixed["hold_mode"]
        patron = service.patron_by_card(card)
        pin_ok = patron is not None and self._pin_ok(request, service, patron)
        if patron is None or not pin_ok or mode not in "+-":
            if patron is None:
                words = self._unknown_card()
            elif not pin_ok:
                words = self._bad_pin()
            else:
                words = say("hold_mode", self.options.lang)
            return (
                Response("16", {"ok": "0", "available": "N", "date": self._now()})
                .add("AO", self.options.institution)
                .add("AA", card)
                .add("AF", words)
            )
        if mode == "+":
            result = service.place_hold(patron.id, scan)
            ok = result.outcome is Outcome.HOLD_PLACED
        else:
            result = service.cancel_hold(patron.id, scan)
            ok = result.outcome is Outcome.HOLD_CANCELLED
        available = mode == "+" and ok and result.item is not None
        response = Response(
            "16",
            {
                "ok": "1" if ok else "0",
                "available": "Y" if available else "N",
                "date": self._now(),
            },
        )
        if ok and mode == "+" and result.title is not None:
            info = service.item_info(scan)
            if not isinstance(info, Result):
                response.add("BR", count(len(info.holds)))
        response.add("AO", self.options.institution).add("AA", card)
        response.add("AB", result.item.label if result.item else None)
        response.add("AJ", result.title.title if result.title else None)
        return response.add("AF", self._words(result))

    # -- helpers ---------------------------------------------------------------------

    def _item_answer(
        self, response: Response, card: str, scan: str, result: Result
    ) -> Response:
        response.add("AO", self.options.institution).add("AA", card)
        response.add("AB", result.item.label if result.item else scan)
        response.add("AJ", result.title.title if result.title else "")
        response.add("AH", _due(result.due) if result.due else None)
        response.add("CK", _media(result.title) if result.title else None)
        response.add("AF", self._words(result))
        return response.add("AG", self._print_line(result))

    def _print_line(self, result: Result) -> str | None:
        """The line a machine prints on its receipt: the book and its date.

        As the kiosk's own slip words it; nothing for a refusal.
        """
        lang = self.options.lang
        if result.title is None or not result.ok:
            return None
        book = text("slip_book", lang, title=result.title.title)
        if result.outcome is Outcome.RETURNED:
            return f"{book} {text('slip_returned_ok', lang)}"
        if result.due is None:
            return None
        key = "slip_renewed_due" if result.outcome is Outcome.RENEWED else "slip_due"
        return f"{book} {text(key, lang, date=result.due.isoformat())}"

    def _loan_fixed(self, ok: bool, renewal_ok: bool) -> dict[str, str]:
        """The fixed fields of a check-out (12) or renewal (30) answer."""
        return {
            "ok": "1" if ok else "0",
            "renewal_ok": "Y" if renewal_ok else "N",
            "magnetic_media": "N",
            "desensitize": "Y" if ok else "N",
            "date": self._now(),
        }

    def _item_refused(self, command: str, card: str, scan: str, words: str) -> Response:
        return (
            Response(command, self._loan_fixed(False, False))
            .add("AO", self.options.institution)
            .add("AA", card)
            .add("AB", scan)
            .add("AJ", "")
            .add("AF", words)
        )

    def _not_committed(self, request: Request) -> Response | None:
        """A batch's commit failed: nothing of it was recorded.

        With store-and-forward the request runs again alone (from the journal
        if the database has gone); without, the answer says it is away.
        """
        if self._link is not None:
            return self._answer_safely(request)
        return self._unavailable(request)

    def _unavailable(self, request: Request) -> Response:
        """The database is away: the answer that says so, of the right kind."""
        words = say("unavailable", self.options.lang)
        if request.command in ("11", "29"):
            return self._item_refused(
                "12" if request.command == "11" else "30",
                request.get("AA"),
                request.get("AB"),
                words,
            )
        if request.command == "09":
            fixed = {
                "ok": "0",
                "resensitize": "N",
                "magnetic_media": "N",
                "alert": "N",
                "date": self._now(),
            }
            return (
                Response("10", fixed)
                .add("AO", self.options.institution)
                .add("AB", request.get("AB"))
                .add("AQ", "")
                .add("AF", words)
            )
        return (
            Response(
                "24",
                {"patron_status": "Y" * 14, "language": "000", "date": self._now()},
            )
            .add("AO", self.options.institution)
            .add("AA", request.get("AA"))
            .add("AE", "")
            .add("AF", words)
        )

    def _pin_ok(
        self, request: Request, service: Service, patron: Patron | None
    ) -> bool:
        """Whether AD is the patron's PIN; a patron without a PIN needs none."""
        if patron is None:
            return False
        stored = service.pin_hash_of(patron.id)
        if stored is None:
            return True
        password = request.get("AD")
        key = (patron.id, stored, password)
        if key == self._pin_checked:
            return True
        if not password or not check_pin(password, stored):
            log.info("sip2: wrong or missing PIN for patron %s", patron.id)
            return False
        self._pin_checked = key
        return True

    def _bad_pin(self) -> str:
        return say("bad_pin", self.options.lang)

    def _words(self, result: Result) -> str:
        return describe(result, self.options.lang)

    def _unknown_card(self) -> str:
        return describe(Result(Outcome.UNKNOWN_CARD, ""), self.options.lang)

    def _now(self) -> str:
        return sip_date(self._clock.now())


def _patron_status(identified: Result) -> str:
    """The 14 flags: privileges denied, and why (Y), else a space."""
    status = list(_DENIED)
    outcome = identified.outcome
    if outcome is not Outcome.PATRON_OK or identified.patron is None:
        status[0:4] = "YYYY"  # charge, renew, recall and hold privileges denied
        return "".join(status)
    for block in identified.blocks:
        status[0] = "Y"  # charge privileges denied
        if block.outcome is Outcome.LIMIT_REACHED:
            status[5] = "Y"  # too many items charged
        if block.outcome is Outcome.OVERDUE_BLOCK:
            status[6] = "Y"  # too many items overdue
    return "".join(status)


def _circulation_status(info: ItemInfo) -> str:
    item = info.item
    if item is None:
        return "03" if not info.holds else "01"
    if item.status is ItemStatus.AVAILABLE and any(
        h.item_id == item.id for h in info.holds
    ):
        return "08"  # waiting on the hold shelf
    return _CIRCULATION.get(item.status, "01")


def _title_label(title: Title) -> str:
    """A title on hold, as a machine can look it up: its ISBN (or ISSN)."""
    return title.isbn or title.issn or title.title


def _media(title: Title) -> str:
    return _MAGAZINE if title.issn and not title.isbn else _BOOK


def _due(day: dt.date) -> str:
    """A due date as SIP2 writes dates: the end of that day."""
    return sip_date(dt.datetime.combine(day, dt.time(23, 59, 59)))


def _number(text: str, default: int) -> int:
    return int(text) if text.strip().isdigit() and int(text) > 0 else default
