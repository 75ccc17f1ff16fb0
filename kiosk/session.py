"""The kiosk's state machine: what is on screen, and what each intent does.

Pure: it calls only the circulation service and the injected clock. Screens
read the frozen ``SessionState`` and send intents; ``Session.apply`` returns
effects (a slip to print, a sound to play) for the app to carry out. Nothing
here waits, draws or prints.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum

from kiosk.circulation.codes import CodeKind
from kiosk.circulation.model import Loan, Patron
from kiosk.circulation.outcomes import Block, Outcome, Result
from kiosk.circulation.service import (
    CLASS_END,
    CLASS_START,
    CirculationService,
    RosterLine,
)
from kiosk.ports import Clock

RETURNS_SHOWN = 8  # returns kept on the helpers' screen


class Mode(StrEnum):
    """What the kiosk is set up for (chosen in the staff menu)."""

    CHECKOUT = "checkout"
    RETURNS = "returns"
    CLASS = "class"


class View(StrEnum):
    """Which screen is showing."""

    ATTRACT = "attract"
    PATRON = "patron"
    RETURNS = "returns"
    CLASS_PICK = "class_pick"
    CLASS = "class"


class Sound(StrEnum):
    """The three sounds a pupil learns to tell apart."""

    OK = "ok"
    REFUSED = "refused"
    ALERT = "alert"


# -- intents: messages up from the screens ------------------------------------


@dataclass(frozen=True)
class Scanned:
    """A barcode from the camera, a hand scanner or the manual-entry keypad."""

    text: str


@dataclass(frozen=True)
class Finish:
    """Done (a patron) or End (a class session)."""


@dataclass(frozen=True)
class AnswerRenew:
    """The answer to "you already have this book: renew it?"."""

    yes: bool


@dataclass(frozen=True)
class ReturnOffered:
    """Return the book the renew prompt asked about (instead of renewing it)."""


@dataclass(frozen=True)
class PickClass:
    """Start the class borrowing session of one class."""

    class_name: str


@dataclass(frozen=True)
class SetMode:
    """Switch mode (staff menu)."""

    mode: Mode


@dataclass(frozen=True)
class DismissAlert:
    """Close the full-screen hold alert."""


@dataclass(frozen=True)
class Activity:
    """Someone touched the screen or a key: the kiosk is not idle."""


Intent = (
    Scanned
    | Finish
    | AnswerRenew
    | ReturnOffered
    | PickClass
    | SetMode
    | DismissAlert
    | Activity
)


# -- effects: what the app must do ----------------------------------------------


@dataclass(frozen=True)
class PrintSlip:
    """Print (and archive) the slip of a finished session."""

    patron: Patron | None
    results: tuple[Result, ...]
    class_name: str | None = None
    roster: tuple[RosterLine, ...] = ()


@dataclass(frozen=True)
class PlaySound:
    """Play one of the kiosk's sounds."""

    sound: Sound


@dataclass(frozen=True)
class Say:
    """Speak an outcome (when the voice is on)."""

    result: Result


Effect = PrintSlip | PlaySound | Say


@dataclass(frozen=True)
class SessionState:
    """Everything a screen needs to draw itself."""

    mode: Mode = Mode.CHECKOUT
    view: View = View.ATTRACT
    patron: Patron | None = None
    loans: tuple[Loan, ...] = ()
    blocks: tuple[Block, ...] = ()
    results: tuple[Result, ...] = ()
    banner: Result | None = None
    renew_offer: Result | None = None
    alert: Result | None = None
    classes: tuple[str, ...] = ()
    class_name: str | None = None
    roster: tuple[RosterLine, ...] = ()
    class_results: tuple[Result, ...] = ()
    idle_left: float | None = None


@dataclass
class Session:
    """Applies intents to the state through the circulation service."""

    service: CirculationService
    clock: Clock
    idle_seconds: float = 45.0
    countdown_seconds: float = 10.0
    state: SessionState = field(default_factory=SessionState)

    def __post_init__(self) -> None:
        self._last_activity = self.clock.now()

    # -- entry points -----------------------------------------------------------

    def apply(self, intent: Intent) -> list[Effect]:
        """Apply one intent; return what the app must do."""
        self._last_activity = self.clock.now()
        self.state = replace(self.state, idle_left=None)
        if isinstance(intent, Scanned):
            return self._scanned(intent.text.strip())
        if isinstance(intent, Finish):
            return self._finish()
        if isinstance(intent, AnswerRenew):
            return self._answer_renew(intent.yes)
        if isinstance(intent, ReturnOffered):
            return self._return_offered()
        if isinstance(intent, PickClass):
            return self._pick_class(intent.class_name)
        if isinstance(intent, SetMode):
            return self._set_mode(intent.mode)
        if isinstance(intent, DismissAlert):
            self.state = replace(self.state, alert=None)
        return []

    def in_order(self, texts: list[str]) -> list[str]:
        """Codes read together, cards first: the books held up with a card are its.

        A pupil who holds a card and a book up together means to borrow the
        book with that card, whichever the camera confirmed first.
        """
        return sorted(
            texts, key=lambda t: self.service.classify(t).kind is not CodeKind.PATRON
        )

    def close(self) -> list[Effect]:
        """End what is open, as the idle timeout would (its slip printed once).

        For a shutdown: SIGTERM from systemd, an upgrade, Ctrl+C. A class
        session under way ends too, with its class slip.
        """
        if self.state.mode is Mode.CLASS and self.state.class_name:
            return self._end_class()
        if not self._has_something_to_wipe():
            return []
        effects = self._end_patron()
        self.state = replace(
            self._wiped(), idle_left=None, banner=None, renew_offer=None, alert=None
        )
        return effects

    def tick(self) -> list[Effect]:
        """Let time pass: count down, then end an idle session and wipe the screen."""
        if not self._has_something_to_wipe():
            return []
        idle = (self.clock.now() - self._last_activity).total_seconds()
        left = self.idle_seconds - idle
        if left <= 0:
            effects = self._end_patron()
            self.state = replace(
                self._wiped(), idle_left=None, banner=None, renew_offer=None, alert=None
            )
            return effects
        shown = left if left <= self.countdown_seconds else None
        if shown != self.state.idle_left:
            self.state = replace(self.state, idle_left=shown)
        return []

    # -- scans -------------------------------------------------------------------

    def _scanned(self, text: str) -> list[Effect]:
        if not text:
            return []
        if self.state.mode is Mode.RETURNS:
            return self._return(text)
        if self.state.mode is Mode.CLASS and self.state.view is View.CLASS_PICK:
            return self._show(self.service.identify(text))
        kind = self.service.classify(text).kind
        if kind is CodeKind.PATRON:
            return self._new_patron(text)
        if self.state.patron is None:
            return self._show(self.service.identify(text))
        return self._lend(text)

    def _new_patron(self, text: str) -> list[Effect]:
        effects = self._end_patron()
        result = self.service.identify(text)
        if result.outcome is Outcome.PATRON_OK:
            view = View.CLASS if self.state.mode is Mode.CLASS else View.PATRON
            self.state = replace(
                self.state,
                view=view,
                patron=result.patron,
                loans=result.loans,
                blocks=result.blocks,
                results=(),
                renew_offer=None,
            )
        return effects + self._show(result)

    def _lend(self, text: str) -> list[Effect]:
        patron = self.state.patron
        assert patron is not None
        result = self.service.check_out(patron.id, text)
        # A book lent a moment ago and shown again is no question: the banner
        # says it is theirs and when it is due. Renew or return is asked only
        # for a book borrowed on an earlier day.
        earlier = result.loan is not None and (
            result.loan.out_at.date() < self.clock.now().date()
        )
        mine = result.outcome is Outcome.ALREADY_ON_LOAN_TO_YOU
        offer = result if mine and earlier else None
        self._record(result)
        self.state = replace(self.state, renew_offer=offer)
        self._refresh_patron()
        return self._show(result)

    def _answer_renew(self, yes: bool) -> list[Effect]:
        offer, patron = self.state.renew_offer, self.state.patron
        self.state = replace(self.state, renew_offer=None)
        if not yes or offer is None or patron is None:
            return []
        result = self.service.renew(patron.id, offer.scan)
        self._record(result)
        self._refresh_patron()
        return self._show(result)

    def _return_offered(self) -> list[Effect]:
        """A pupil at the counter gives back the book they have on loan."""
        offer, patron = self.state.renew_offer, self.state.patron
        self.state = replace(self.state, renew_offer=None)
        if offer is None or patron is None:
            return []
        result = self.service.check_in(offer.scan, patron.id)
        self._record(result)
        self._refresh_patron()
        if result.hold_for is not None:
            self.state = replace(self.state, banner=result, alert=result)
            return [PlaySound(Sound.ALERT), Say(result)]
        return self._show(result)

    def _return(self, text: str) -> list[Effect]:
        result = self.service.check_in(text)
        shown = (*self.state.results, result)[-RETURNS_SHOWN:]
        alert = result if result.hold_for is not None else self.state.alert
        self.state = replace(self.state, view=View.RETURNS, results=shown, alert=alert)
        if result.hold_for is not None:
            self.state = replace(self.state, banner=result)
            return [PlaySound(Sound.ALERT), Say(result)]
        return self._show(result)

    # -- sessions ------------------------------------------------------------------

    def _finish(self) -> list[Effect]:
        if self.state.mode is Mode.CLASS and self.state.class_name:
            return self._end_class()
        effects = self._end_patron()
        self.state = replace(self._wiped(), banner=None)
        return effects

    def _end_patron(self) -> list[Effect]:
        """End the current patron's session; a slip if anything was done."""
        state = self.state
        patron = state.patron
        if patron is None:
            return []
        self.service.end_session(patron.id)
        done = tuple(r for r in state.results if r.outcome is not Outcome.PATRON_OK)
        self.state = replace(
            state, patron=None, loans=(), blocks=(), results=(), renew_offer=None
        )
        if state.mode is Mode.CLASS:
            self._refresh_roster()
            return []
        return [PrintSlip(patron, done)] if any(r.ok for r in done) else []

    def _pick_class(self, class_name: str) -> list[Effect]:
        # Logged, so that a kiosk restarted mid-class prints the class slip.
        self.service.record(self.service.class_event(CLASS_START, class_name))
        self.state = replace(
            self.state,
            mode=Mode.CLASS,
            view=View.CLASS,
            class_name=class_name,
            class_results=(),
            banner=None,
        )
        self._refresh_roster()
        return []

    def _end_class(self) -> list[Effect]:
        self._end_patron()
        state = self.state
        if state.class_name:
            self.service.record(self.service.class_event(CLASS_END, state.class_name))
        slip = PrintSlip(None, state.class_results, state.class_name, state.roster)
        self.state = replace(
            state,
            view=View.CLASS_PICK,
            class_name=None,
            roster=(),
            class_results=(),
            banner=None,
            classes=tuple(self.service.classes()),
        )
        return [slip] if state.class_results else []

    def _set_mode(self, mode: Mode) -> list[Effect]:
        effects = self._end_patron()
        if self.state.mode is Mode.CLASS and self.state.class_name:
            effects += self._end_class()
        view = {
            Mode.CHECKOUT: View.ATTRACT,
            Mode.RETURNS: View.RETURNS,
            Mode.CLASS: View.CLASS_PICK,
        }[mode]
        classes = tuple(self.service.classes()) if mode is Mode.CLASS else ()
        self.state = SessionState(mode=mode, view=view, classes=classes)
        return effects

    # -- helpers ---------------------------------------------------------------------

    def _show(self, result: Result) -> list[Effect]:
        self.state = replace(self.state, banner=result)
        return [PlaySound(Sound.OK if result.ok else Sound.REFUSED), Say(result)]

    def _record(self, result: Result) -> None:
        state = self.state
        class_results = state.class_results
        if state.mode is Mode.CLASS and result.ok:
            class_results = (*class_results, result)
        self.state = replace(
            state, results=(*state.results, result), class_results=class_results
        )

    def _refresh_patron(self) -> None:
        patron = self.state.patron
        if patron is None:
            return
        status = self.service.status(patron.id)
        self.state = replace(self.state, loans=status.loans, blocks=status.blocks)
        if self.state.mode is Mode.CLASS:
            self._refresh_roster()

    def _refresh_roster(self) -> None:
        if self.state.class_name:
            roster = tuple(self.service.roster(self.state.class_name))
            self.state = replace(self.state, roster=roster)

    def _has_something_to_wipe(self) -> bool:
        state = self.state
        return bool(
            state.patron
            or state.results
            or state.banner
            or state.alert
            or state.renew_offer
        )

    def _wiped(self) -> SessionState:
        """The screen for the next person: the last one's details gone."""
        state = self.state
        view = {
            Mode.CHECKOUT: View.ATTRACT,
            Mode.RETURNS: View.RETURNS,
            Mode.CLASS: View.CLASS if state.class_name else View.CLASS_PICK,
        }[state.mode]
        return replace(
            state,
            view=view,
            patron=None,
            loans=(),
            blocks=(),
            results=(),
            renew_offer=None,
        )
