"""A PostgreSQL URL's password never leaves the config file.

Messages name the server (``postgresql://kiosk:***@10.0.0.5/library``), and a
filter on every log handler replaces the password wherever a library or driver
message might still carry it.
"""

from __future__ import annotations

import logging
import urllib.parse

HIDDEN = "***"


def password_of(url: str | None) -> str:
    """The password in a database URL ("" when there is none)."""
    if not url:
        return ""
    try:
        return urllib.parse.unquote(urllib.parse.urlsplit(url).password or "")
    except ValueError:
        return ""


def shown_url(url: str) -> str:
    """The URL as a message may show it: the password replaced by ``***``."""
    return hide(url, password_of(url))


def hide(text: str, secret: str) -> str:
    """``text`` with every occurrence of ``secret`` (and its URL form) hidden."""
    if not secret:
        return text
    for form in {secret, urllib.parse.quote(secret, safe="")}:
        text = text.replace(form, HIDDEN)
    return text


class HideSecrets(logging.Filter):
    """Replace secrets in every record a handler writes."""

    def __init__(self, *secrets: str) -> None:
        super().__init__()
        self._secrets = [s for s in secrets if s]

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record's text, never drop it."""
        if not self._secrets:
            return True
        text = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        for secret in self._secrets:
            text = hide(text, secret)
            if record.exc_text:
                record.exc_text = hide(record.exc_text, secret)
        record.msg, record.args = text, None
        return True
