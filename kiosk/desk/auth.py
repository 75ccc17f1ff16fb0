"""Signing in and out, the idle timeout, and which role may open which page.

The session cookie holds only the account name, the language and when the
user last clicked; every request re-reads the account, so a disabled account
or a changed role takes effect at the next click.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

from kiosk.config import LANGUAGES
from kiosk.db import accounts
from kiosk.db.accounts import Account, Role
from kiosk.desk.context import desk
from kiosk.i18n.desk import word

log = logging.getLogger(__name__)

bp = Blueprint("auth", __name__)

ALL = (Role.LIBRARIAN, Role.HELPER, Role.VIEWER)
STAFF = (Role.LIBRARIAN, Role.HELPER)
LIBRARIAN = (Role.LIBRARIAN,)

View = TypeVar("View", bound=Callable[..., Any])


def lang() -> str:
    """The language of this request: the user's choice, else the library's."""
    chosen = session.get("lang")
    return chosen if chosen in LANGUAGES else desk().language


def t(key: str, **params: object) -> str:
    """A desk phrase in this request's language (also the templates' ``t``)."""
    return word(key, lang(), **params)


def user() -> Account | None:
    """The signed-in account of this request, if any."""
    return g.get("account")


def staff_name() -> str:
    """The signed-in account's name, for the event log."""
    account = user()
    return account.name if account else ""


def allowed(*roles: Role) -> Callable[[View], View]:
    """Let only these roles open a view (everyone else: 403; nobody: sign in)."""

    def wrap(view: View) -> View:
        @functools.wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            account = user()
            if account is None:
                flash(t("sign_in_needed"), "info")
                return redirect(url_for("auth.login", next=request.full_path))
            if account.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        guarded.roles = roles  # type: ignore[attr-defined]
        return guarded  # type: ignore[return-value]

    return wrap


def load_user() -> None:
    """Before each request: find the account, end idle sessions."""
    g.account = None
    name = session.get("account")
    if not name:
        return
    now = desk().clock.now()
    seen = session.get("seen")
    limit = dt.timedelta(minutes=desk().settings.desk.session_minutes)
    if seen is None or now - dt.datetime.fromisoformat(seen) > limit:
        _forget()
        flash(t("session_ended"), "info")
        return
    account = accounts.account(desk().database, name)
    if account is None or not account.active:
        _forget()
        return
    g.account = account
    session["seen"] = now.isoformat()


def _forget() -> None:
    chosen = session.get("lang")
    session.clear()
    if chosen:
        session["lang"] = chosen


def _safe_next(target: str | None) -> str:
    """Only a path on this desk (no open redirect to another site)."""
    if not target:
        return url_for("dashboard.index")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/"):
        return url_for("dashboard.index")
    return target


@bp.route("/login", methods=["GET", "POST"])
def login() -> Any:
    """The sign-in form; five wrong passwords lock the account a while."""
    error = ""
    name = ""
    if request.method == "POST":
        name = request.form.get("name", "").strip()
        password = request.form.get("password", "")
        context = desk()
        result = accounts.sign_in(context.database, name, password, context.clock.now())
        if result.account is not None:
            _forget()
            session["account"] = result.account.name
            session["seen"] = context.clock.now().isoformat()
            session.permanent = True
            log.info("desk sign-in: %s", result.account.name)
            return redirect(_safe_next(request.args.get("next")))
        if result.locked_until is not None:
            error = t("sign_in_locked", until=result.locked_until.strftime("%H:%M"))
        else:
            error = t("sign_in_wrong", tries=result.tries_left)
    demo = accounts.DEMO_ACCOUNT if desk().demo else None
    status = 401 if error else 200
    return render_template("login.html", error=error, name=name, demo=demo), status


@bp.route("/logout", methods=["POST"])
def logout() -> Response:
    """Sign out (a POST: a link on another site cannot sign anyone out)."""
    _forget()
    flash(t("signed_out"), "info")
    return redirect(url_for("auth.login"))


@bp.route("/lang/<code>", methods=["POST"])
def set_lang(code: str) -> Response:
    """Switch the desk's language for this browser."""
    if code in LANGUAGES:
        session["lang"] = code
    return redirect(_safe_next(request.form.get("next")))
