"""The desk's application factory: one blueprint per area, errors as pages.

``create_app(context)`` is the only place the Flask app is put together
(Flask's tutorial factory): sessions, CSRF, the words, the blueprints, and the
error pages that replace every traceback with one line in the user's language.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import secrets
import time
from pathlib import Path
from typing import Any

from flask import Flask, Response, g, render_template, request, send_file
from flask_wtf.csrf import CSRFError, CSRFProtect, generate_csrf
from werkzeug.exceptions import HTTPException

from kiosk.db.health import UNREACHABLE, reset_connection
from kiosk.desk import auth
from kiosk.desk.context import DeskContext

log = logging.getLogger(__name__)

BLUEPRINTS = (
    "kiosk.desk.dashboard",
    "kiosk.desk.circulation",
    "kiosk.desk.patrons",
    "kiosk.desk.catalogue",
    "kiosk.desk.holds",
    "kiosk.desk.settings_pages",
    "kiosk.desk.reports",
    "kiosk.desk.backups",
    "kiosk.desk.rollover",
    "kiosk.desk.imports",
    "kiosk.desk.cards",
    "kiosk.desk.labels",
    "kiosk.desk.overdue",
    "kiosk.desk.registers",
    "kiosk.desk.stocktake",
    "kiosk.desk.kiosks",
    "kiosk.desk.privacy",
)
"""Modules with a ``bp`` blueprint each: one per area of the desk."""

HTMX = "htmx-2.0.11.min.js"


def create_app(context: DeskContext, *, testing: bool = False) -> Flask:
    """Build the desk for an open library."""
    app = Flask(__name__)
    settings = context.settings.desk
    app.config.update(
        SECRET_KEY=secret_key(settings.secret_key_file),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Strict",
        SESSION_COOKIE_NAME="desk_session",
        PERMANENT_SESSION_LIFETIME=dt.timedelta(hours=12),
        WTF_CSRF_TIME_LIMIT=None,  # the idle timeout ends sessions instead
        MAX_CONTENT_LENGTH=settings.max_upload_mb * 1024 * 1024,
        TESTING=testing,
    )
    app.extensions["desk"] = context
    CSRFProtect(app)
    app.jinja_env.globals.update(
        t=auth.t,
        lang=auth.lang,
        user=auth.user,
        csrf_token=generate_csrf,
        htmx=HTMX,
        Role=auth.Role,
    )
    app.before_request(_start_timer)
    app.after_request(_server_timing)
    app.before_request(auth.load_user)
    app.register_blueprint(auth.bp)
    for name in BLUEPRINTS:
        module = __import__(name, fromlist=["bp"])
        app.register_blueprint(module.bp)
    _error_pages(app, context)
    app.add_url_rule("/fonts/cjk.otf", "cjk_font", _cjk_font)
    return app


def _cjk_font() -> Response:
    """The bundled Chinese face, for browsers with no Chinese font of their own."""
    from kiosk.desk.context import desk
    from kiosk.desk.fonts import web_font

    folder = desk().settings.desk.secret_key_file.parent
    return send_file(web_font(folder), mimetype="font/otf", max_age=30 * 24 * 3600)


def _start_timer() -> None:
    g.started = time.perf_counter()


def _server_timing(response: Response) -> Response:
    """The request's own time, for the benchmark and the browser's dev tools."""
    started = g.get("started")
    if started is not None:
        ms = (time.perf_counter() - started) * 1000
        response.headers["Server-Timing"] = f"app;dur={ms:.2f}"
    return response


def secret_key(path: Path) -> bytes:
    """The cookie-signing key: made once, readable by its owner only."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_bytes(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(key)
    return key


def _error_pages(app: Flask, context: DeskContext) -> None:
    def page(key: str, status: int, **params: Any) -> tuple[str, int]:
        if request.headers.get("HX-Request"):
            return render_template(
                "_error_line.html", message=auth.t(key, **params)
            ), status
        return render_template("error.html", message=auth.t(key, **params)), status

    @app.errorhandler(CSRFError)
    def csrf(_: CSRFError) -> tuple[str, int]:
        return page("csrf_failed", 400)

    @app.errorhandler(404)
    def not_found(_: HTTPException) -> tuple[str, int]:
        return page("not_found", 404)

    @app.errorhandler(403)
    def forbidden(_: HTTPException) -> tuple[str, int]:
        account = auth.user()
        role = auth.t(f"role_{account.role}") if account else "-"
        return page("forbidden", 403, role=role)

    @app.errorhandler(413)
    def too_large(_: HTTPException) -> tuple[str, int]:
        return page("too_large", 413, mb=context.settings.desk.max_upload_mb)

    @app.errorhandler(HTTPException)
    def other(e: HTTPException) -> tuple[str, int]:
        return page("bad_request", e.code or 400)

    def database_down(e: Exception) -> tuple[str, int]:
        log.error("desk: database unreachable: %s", e)
        reset_connection(context.database)
        return page("database_down", 503)

    for family in UNREACHABLE:
        app.register_error_handler(family, database_down)

    @app.errorhandler(Exception)
    def unexpected(e: Exception) -> tuple[str, int]:
        log.error("desk: unexpected error: %s", e)
        log.debug("desk: unexpected error", exc_info=True)
        return page("server_error", 500)
