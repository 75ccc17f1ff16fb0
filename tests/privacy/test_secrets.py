"""A PostgreSQL URL's password appears in no message and no log line."""

from __future__ import annotations

import logging
import socket

from kiosk.privacy.secrets import HideSecrets, shown_url
from tests.privacy.test_modes import kiosk

PASSWORD = "Geheim-Pa55:wort/42"
QUOTED = "Geheim-Pa55%3Awort%2F42"


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_no_password_after_a_failed_connection(settings) -> None:
    url = f"postgresql://kiosk:{QUOTED}@127.0.0.1:{closed_port()}/library"
    config = settings.source
    text = config.read_text(encoding="utf-8").replace('url = ""', f'url = "{url}"', 1)
    assert url in text
    config.write_text(text, encoding="utf-8")
    outputs = []
    for args in (("--console",), ("admin", "backup"), ("admin", "report")):
        run = kiosk(config, *args, stdin="")
        assert run.returncode != 0, args
        outputs += [run.stdout, run.stderr]
    said = "\n".join(outputs)
    assert "127.0.0.1" in said  # the message names the server...
    assert "kiosk:***@" in said  # ...and hides the password
    log = settings.logging.file.read_text(encoding="utf-8")
    for where in (said, log):
        assert PASSWORD not in where
        assert QUOTED not in where


def test_the_log_filter_hides_a_password_in_any_record(caplog) -> None:
    logger = logging.getLogger("test.secrets")
    handler = logging.Handler()
    seen: list[str] = []
    handler.emit = lambda record: seen.append(handler.format(record))  # type: ignore[method-assign]
    handler.addFilter(HideSecrets(PASSWORD))
    logger.addHandler(handler)
    try:
        logger.error("driver said: %s", f"dsn=password={PASSWORD} host=x")
        try:
            raise RuntimeError(f"bad {QUOTED}")
        except RuntimeError:
            logger.exception("failed")
    finally:
        logger.removeHandler(handler)
    assert seen[0] == "driver said: dsn=password=*** host=x"
    assert PASSWORD not in "\n".join(seen)
    assert QUOTED not in "\n".join(seen)
    assert shown_url(f"postgresql://k:{QUOTED}@h/db") == "postgresql://k:***@h/db"
