"""Desk benchmark: the desk on 3,000 patrons, 100,000 copies, 1,000,000 loans.

The circulation benchmark's library (built once, cached in ``var/bench/``) is
copied, given Chinese names, titles and ISBNs (so searches look like a real
school's), and served in this process by waitress on 127.0.0.1; clients talk
to it over loopback like a browser (cookie, CSRF token). Page figures are
client-side round trips; the lend figure is the server's own time for the
request (its ``Server-Timing`` header), as the issue asks.
"""

from __future__ import annotations

import argparse
import dataclasses
import http.client
import json
import logging
import random
import re
import shutil
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

from stdnum import ean

from kiosk.bench import circulation as circ
from kiosk.bench.roster import write_roster
from kiosk.clock import FixedClock
from kiosk.config import PROJECT_DIR
from kiosk.db import accounts
from kiosk.db.store import MIGRATIONS_DIR
from kiosk.runtime import open_library

SEED = 20261204
ACCOUNT = ("bench", "bench-password")
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹"
    "彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢"
)
GIVEN = (
    "子涵浩宇欣怡梓萱诺轩雨桐思远嘉俊杰佳琪晨曦文博若明可馨天佑紫"
    "志强婉清家豪睿泽瑶乐安然"
)
WORDS = (
    "春天",
    "海洋",
    "星空",
    "少年",
    "故事",
    "科学",
    "历史",
    "中国",
    "世界",
    "动物",
    "植物",
    "数学",
    "物理",
    "化学",
    "地理",
    "旅行",
    "朋友",
    "老师",
    "城市",
    "森林",
    "山川",
    "河流",
    "诗歌",
    "小说",
    "童话",
    "英雄",
    "梦想",
    "秘密",
    "宇宙",
    "机器人",
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare this benchmark's options."""
    parser.add_argument("--requests", type=int, default=300, help="per page kind")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--reports", type=int, default=20, help="school-year reports")
    parser.add_argument("--uploads", type=int, default=3, help="roster uploads")
    parser.add_argument("--json", action="store_true", help="only the JSON line")
    parser.add_argument(
        "--dir", type=Path, default=PROJECT_DIR / "var" / "bench", help="cache folder"
    )


def run(args: argparse.Namespace) -> int:
    """Build (or reuse) the library, serve the desk, time it, print the figures."""
    args.dir.mkdir(parents=True, exist_ok=True)
    # 20 clients on 8 threads queue by design: waitress's warning is noise here.
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    work = _library(args.dir)
    settings = circ.settings_for(work)
    settings = dataclasses.replace(
        settings,
        desk=dataclasses.replace(
            settings.desk, secret_key_file=args.dir / "desk-secret.key"
        ),
    )
    clock = FixedClock(circ.NOW)
    library = open_library(settings, clock)
    from kiosk.desk.app import create_app
    from kiosk.desk.context import DeskContext
    from kiosk.desk.server import serve_in_thread

    try:
        if accounts.account(library.database, ACCOUNT[0]) is None:
            name, password = ACCOUNT
            accounts.add_account(
                library.database, name, "librarian", password, at=clock.now()
            )
        app = create_app(DeskContext(settings, library, clock))
        running = serve_in_thread(app, threads=settings.desk.threads)
        try:
            figures = measure(running.url, work, args)
        finally:
            running.stop()
    finally:
        library.close()
    if not args.json:
        _table(figures)
    sys.stdout.write(json.dumps(figures) + "\n")
    return 0


def _library(folder: Path) -> Path:
    """A fresh copy of the desk's benchmark library (built and cached once)."""
    schema = max(p.stem[:4] for p in MIGRATIONS_DIR.glob("[0-9]*.py"))
    size = circ.Size()
    base = folder / (
        f"circulation-s{schema}-{size.patrons}-{size.items}-{size.loans}.sqlite3"
    )
    if not base.exists() and not any(folder.glob("desk-s[0-9][0-9][0-9][0-9].sqlite3")):
        _say(f"building the benchmark library in {base} (once) ...")
        circ.build(base, size)
    cached = folder / f"desk-s{schema}.sqlite3"
    older = sorted(folder.glob("desk-s[0-9][0-9][0-9][0-9].sqlite3"))
    if not cached.exists() and older:
        # An older schema's copy: opening the library migrates it, as a school's.
        cached = older[-1]
    if not cached.exists():
        _say(f"naming patrons and titles in {cached} (once) ...")
        shutil.copyfile(base, cached.with_suffix(".building"))
        _realistic(cached.with_suffix(".building"))
        cached.with_suffix(".building").rename(cached)
    work = folder / "desk-run.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{work}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(cached, work)
    return work


def _realistic(path: Path) -> None:
    """Chinese names, titles, authors and ISBNs (through the search triggers)."""
    rng = random.Random(SEED)
    con = sqlite3.connect(path)
    with con:
        patrons = [r[0] for r in con.execute("SELECT id FROM patron")]
        con.executemany(
            "UPDATE patron SET name = ? WHERE id = ?",
            ((_name(rng), p) for p in patrons),
        )
        titles = [r[0] for r in con.execute("SELECT id FROM title")]
        con.executemany(
            "UPDATE title SET title = ?, author = ?, isbn = ? WHERE id = ?",
            (
                (
                    "".join(rng.sample(WORDS, rng.randint(1, 3))),
                    _name(rng),
                    _isbn(t),
                    t,
                )
                for t in titles
            ),
        )
    con.close()
    # Fill what the migrations keep beside the names (pinyin initials).
    from kiosk.db import search

    library = open_library(circ.settings_for(path), FixedClock(circ.NOW))
    try:
        search.fill_initials(library.database)
    finally:
        library.close()


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.randint(1, 2)))


def _isbn(title_id: int) -> str:
    body = f"978750{title_id:06d}"
    return body + ean.calc_check_digit(body)


class Client:
    """One browser: a keep-alive connection, the session cookie, the CSRF token."""

    def __init__(self, url: str) -> None:
        parts = urllib.parse.urlsplit(url)
        self._conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        self._cookie = ""
        self.token = ""

    def request(
        self, method: str, path: str, form: dict[str, str] | None = None
    ) -> tuple[int, str, float, float]:
        """Return status, body, client ms and server ms."""
        headers = {"Cookie": self._cookie} if self._cookie else {}
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["X-CSRFToken"] = self.token
            headers["HX-Request"] = "true"
        started = time.perf_counter()
        self._conn.request(method, path, body=body, headers=headers)
        response = self._conn.getresponse()
        text = response.read().decode("utf-8", "replace")
        client_ms = (time.perf_counter() - started) * 1000
        cookie = response.getheader("Set-Cookie")
        if cookie:
            self._cookie = cookie.split(";", 1)[0]
        timing = re.search(r"dur=([0-9.]+)", response.getheader("Server-Timing") or "")
        found = re.search(r'name="csrf-token" content="([^"]+)"', text)
        if found:
            self.token = found.group(1)
        return response.status, text, client_ms, float(timing[1]) if timing else 0.0

    def upload(
        self, path: str, name: str, data: bytes, fields: dict[str, str] | None = None
    ) -> tuple[int, str, str]:
        """POST one file as a browser's form does; return status, body, Location."""
        boundary = "----bench" + "".join(random.choices("0123456789abcdef", k=16))
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n'
            f"{value}\r\n".encode()
            for key, value in {"csrf_token": self.token, **(fields or {})}.items()
        ]
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file";'
            f' filename="{name}"\r\nContent-Type: application/octet-stream\r\n\r\n'
        )
        parts.append(head.encode() + data + b"\r\n")
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        headers = {
            "Cookie": self._cookie,
            "Content-Type": f"multipart/form-data; boundary={boundary}",
        }
        self._conn.request("POST", path, body=body, headers=headers)
        response = self._conn.getresponse()
        text = response.read().decode("utf-8", "replace")
        return response.status, text, response.getheader("Location") or ""

    def sign_in(self) -> None:
        """Sign in with the benchmark's account."""
        self.request("GET", "/login")
        name, password = ACCOUNT
        status, *_ = self.request(
            "POST", "/login", {"name": name, "password": password}
        )
        if status != 302:
            raise RuntimeError(f"sign-in failed ({status})")

    def close(self) -> None:
        """Close the connection."""
        self._conn.close()


def _queries(rng: random.Random, con: sqlite3.Connection, n: int) -> list[str]:
    """Mixed searches: 1, 2 and 3+ Chinese characters, pinyin initials, ISBN."""
    names = [r[0] for r in con.execute("SELECT name FROM patron ORDER BY id")]
    titles = [r[0] for r in con.execute("SELECT title FROM title LIMIT 5000")]
    initials = [r[0] for r in con.execute("SELECT initials FROM patron LIMIT 3000")]
    isbns = [r[0] for r in con.execute("SELECT isbn FROM title LIMIT 5000")]
    kinds = [
        lambda: f"/patrons/?q={rng.choice(names)[:1]}",
        lambda: f"/patrons/?q={rng.choice(names)[:2]}",
        lambda: f"/patrons/?q={rng.choice(names)}",
        lambda: f"/patrons/?q={rng.choice(initials)}",
        lambda: f"/catalogue/?q={rng.choice(titles)[:1]}",
        lambda: f"/catalogue/?q={rng.choice(titles)[:2]}",
        lambda: f"/catalogue/?q={rng.choice(titles)[:4]}",
        lambda: f"/catalogue/?q={_hyphenate(rng.choice(isbns))}",
    ]
    return [urllib.parse.quote(kinds[i % len(kinds)](), safe="/?=") for i in range(n)]


def _hyphenate(isbn: str) -> str:
    return f"{isbn[:3]}-{isbn[3]}-{isbn[4:7]}-{isbn[7:12]}-{isbn[12:]}"


def measure(url: str, path: Path, args: argparse.Namespace) -> dict[str, float]:
    """Time each page kind, lending, then many clients at once."""
    rng = random.Random(SEED)
    con = sqlite3.connect(path)
    patrons = [r[0] for r in con.execute("SELECT id FROM patron")]
    titles = [r[0] for r in con.execute("SELECT id FROM title")]
    queries = _queries(rng, con, args.requests)
    free = [
        r
        for r in con.execute(
            "SELECT card FROM patron WHERE type = 'student' AND id NOT IN"
            " (SELECT patron_id FROM loan WHERE returned_at IS NULL) ORDER BY id"
        )
    ]
    books = [
        r[0]
        for r in con.execute(
            "SELECT barcode FROM item WHERE status = 'available' ORDER BY id LIMIT ?",
            (args.requests * 2,),
        )
    ]
    con.close()
    client = Client(url)
    client.sign_in()
    n = args.requests
    figures: dict[str, float] = {}
    for key, paths in (
        ("dashboard", ["/"] * n),
        ("patron_page", [f"/patrons/{rng.choice(patrons)}" for _ in range(n)]),
        ("title_page", [f"/catalogue/{rng.choice(titles)}" for _ in range(n)]),
        ("search", queries),
    ):
        times = _timed(client, paths)
        figures[f"{key}_p50_ms"] = _pct(times, 50)
        figures[f"{key}_p95_ms"] = _pct(times, 95)
    client.request("GET", "/circulation/")
    lend = []
    for (card,), book in zip(free, books[: args.requests], strict=False):
        status, text, _, _ = client.request("POST", "/circulation/scan", {"code": card})
        patron = re.search(r'id="patron-id" value="(\d+)"', text)
        if status != 200 or patron is None:
            raise RuntimeError(f"the card {card} did not open a patron")
        form = {"code": book, "patron": patron[1]}
        status, text, _, server = client.request("POST", "/circulation/scan", form)
        if status != 200 or 'data-outcome="CHECKED_OUT"' not in text:
            raise RuntimeError(f"lending {book} failed ({status})")
        lend.append(server)
    figures["checkout_p50_ms"] = _pct(lend, 50)
    figures["checkout_p95_ms"] = _pct(lend, 95)
    figures.update(_year_work(client, books[args.requests :], args))
    client.close()
    figures.update(_concurrent(url, patrons, titles, queries, args))
    return figures


def _year_work(
    client: Client, shelf: list[str], args: argparse.Namespace
) -> dict[str, float]:
    """A school year's report page, a 3,000-pupil roster upload, stocktake scans."""
    # The last whole school year (about 100,000 loans), as a leader asks in July.
    year = circ.NOW.year - 1 if circ.NOW.month >= 9 else circ.NOW.year - 2
    last_year = f"/reports/?period=dates&from={year}-09-01&to={year + 1}-08-31"
    reports = _timed(client, [last_year] * args.reports)
    with tempfile.TemporaryDirectory() as folder:
        roster = write_roster(Path(folder) / "roster.xlsx", 3000).read_bytes()
    client.request("GET", "/imports/")
    uploads = [_roster_upload(client, roster) for _ in range(args.uploads)]
    client.request("GET", "/stocktake/")
    status, *_ = client.request("POST", "/stocktake/start", {"location": ""})
    if status != 302:
        raise RuntimeError(f"starting a stocktake failed ({status})")
    client.request("GET", "/stocktake/")
    scans = []
    for code in shelf:
        status, text, ms, _ = client.request("POST", "/stocktake/scan", {"code": code})
        if status != 200 or "scanned-count" not in text:
            raise RuntimeError(f"stocktake scan {code} failed ({status})")
        scans.append(ms)
    return {
        "report_page_p50_ms": _pct(reports, 50),
        "report_page_p95_ms": _pct(reports, 95),
        "roster_upload_s": round(statistics.median(uploads), 2),
        "stocktake_scan_p50_ms": _pct(scans, 50),
        "stocktake_scan_p95_ms": _pct(scans, 95),
    }


def _roster_upload(client: Client, roster: bytes) -> float:
    """Seconds from the upload's first byte to the preview on the page."""
    started = time.perf_counter()
    status, _, job = client.upload("/imports/roster", "新生名单.xlsx", roster)
    if status != 302 or not job:
        raise RuntimeError(f"the roster upload was refused ({status})")
    job = urllib.parse.urlsplit(job).path
    while True:
        status, text, _, _ = client.request("GET", job)
        if 'id="import-summary"' in text:
            took = time.perf_counter() - started
            summary = text.split('id="import-summary"')[1]
            if "<b>3000</b>" not in summary.split("</div>")[0]:
                raise RuntimeError("the preview does not show 3,000 new pupils")
            return took
        if status != 200 or 'id="upload-refused"' in text:
            raise RuntimeError(f"the roster was not previewed ({status})")
        time.sleep(0.05)


def _timed(client: Client, paths: list[str]) -> list[float]:
    times = []
    for path in paths:
        status, _, ms, _ = client.request("GET", path)
        if status not in (200, 302):  # a scanned ISBN opens its title: 302
            raise RuntimeError(f"GET {path}: {status}")
        times.append(ms)
    return times


def _concurrent(
    url: str,
    patrons: list[int],
    titles: list[int],
    queries: list[str],
    args: argparse.Namespace,
) -> dict[str, float]:
    """``--clients`` browsers clicking through pages for ``--seconds``."""
    done = [0] * args.clients
    errors = [0] * args.clients
    times: list[float] = []
    stop = time.perf_counter() + args.seconds

    def browse(index: int) -> None:
        rng = random.Random(SEED + index)
        client = Client(url)
        try:
            client.sign_in()
        except (OSError, RuntimeError, http.client.HTTPException):
            errors[index] += 1
            return
        pages = [
            lambda: "/",
            lambda: f"/patrons/{rng.choice(patrons)}",
            lambda: f"/catalogue/{rng.choice(titles)}",
            lambda: rng.choice(queries),
        ]
        while time.perf_counter() < stop:
            try:
                status, _, ms, _ = client.request("GET", rng.choice(pages)())
            except (OSError, http.client.HTTPException):
                errors[index] += 1
                client.close()
                client = Client(url)
                continue
            done[index] += 1
            times.append(ms)
            if status not in (200, 302):
                errors[index] += 1
        client.close()

    threads = [threading.Thread(target=browse, args=(i,)) for i in range(args.clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return {
        "concurrent_clients": args.clients,
        "concurrent_seconds": round(elapsed, 1),
        "concurrent_requests": sum(done),
        "concurrent_rps": round(sum(done) / elapsed, 1),
        "concurrent_p95_ms": _pct(times, 95) if len(times) > 1 else 0.0,
        "concurrent_errors": sum(errors),
    }


def _pct(values: list[float], pct: int) -> float:
    if pct == 50:
        return round(statistics.median(values), 2)
    return round(statistics.quantiles(values, n=100, method="inclusive")[pct - 1], 2)


TARGETS = {
    "dashboard_p95_ms": 150,
    "patron_page_p95_ms": 150,
    "title_page_p95_ms": 150,
    "search_p95_ms": 100,
    "checkout_p95_ms": 50,
    "report_page_p95_ms": 2000,
    "roster_upload_s": 5,
    "stocktake_scan_p95_ms": 50,
}


def _table(figures: dict[str, float]) -> None:
    lines = [f"{'figure':<22}{'value':>10}{'target':>10}"]
    for key, target in TARGETS.items():
        mark = "ok" if figures[key] <= target else "MISSED"
        lines.append(f"{key:<22}{figures[key]:>10.2f}{'<= ' + str(target):>10} {mark}")
    lines.append(
        f"{args_line(figures)}; errors {figures['concurrent_errors']} (target 0)"
    )
    sys.stdout.write("\n".join(lines) + "\n")


def args_line(figures: dict[str, float]) -> str:
    """The concurrent run in one line."""
    return (
        f"{figures['concurrent_clients']} clients for "
        f"{figures['concurrent_seconds']} s: {figures['concurrent_rps']} requests/s,"
        f" p95 {figures['concurrent_p95_ms']} ms"
    )


def _say(text: str) -> None:
    sys.stderr.write(text + "\n")
