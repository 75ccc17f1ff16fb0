"""The desk on the small test library: a Flask test client per role."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from flask import Flask
from flask.testing import FlaskClient

from kiosk.db import accounts
from kiosk.desk.app import create_app
from kiosk.desk.context import DeskContext

PASSWORDS = {
    "librarian": "librarian-pass",
    "helper": "helper-pass",
    "viewer": "viewer-pass",
}


@dataclass
class Desk:
    """The app, its context and the small library under it."""

    app: Flask
    context: DeskContext
    small: object

    def client(self, role: str | None = None) -> Browser:
        browser = Browser(self.app.test_client())
        if role is not None:
            browser.sign_in(role, PASSWORDS[role])
        return browser


class Browser:
    """A test client that carries the page's CSRF token like a browser does."""

    def __init__(self, client: FlaskClient) -> None:
        self.http = client
        self.token = ""

    def get(self, url: str, **kwargs):
        response = self.http.get(url, **kwargs)
        found = re.search(rb'name="csrf-token" content="([^"]+)"', response.data)
        if found:
            self.token = found.group(1).decode()
        return response

    def post(self, url: str, data: dict | None = None, *, htmx: bool = False, **kw):
        headers = {"X-CSRFToken": self.token}
        if htmx:
            headers["HX-Request"] = "true"
        return self.http.post(url, data=data or {}, headers=headers, **kw)

    def sign_in(self, name: str, password: str):
        self.get("/login")
        return self.post("/login", {"name": name, "password": password})


@pytest.fixture
def desk(small, tmp_path) -> Desk:
    database, now = small.library.database, small.clock.now()
    for role, password in PASSWORDS.items():
        accounts.add_account(database, role, role, password, at=now)
    context = DeskContext(small.settings, small.library, small.clock)
    return Desk(create_app(context, testing=True), context, small)
