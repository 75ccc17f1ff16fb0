"""``kiosk.py doctor``: each check's verdict on a good setup and on broken ones."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import socket
import subprocess
import sys

import pytest
import zxingcpp
from PIL import Image

from kiosk import doctor
from kiosk.db.backup import backup
from kiosk.privacy.modes import check
from kiosk.staff import hash_pin
from kiosk.state import state_path, update_state
from tests.conftest import PROJECT
from tests.receipts.fake_printer import FakeNetworkPrinter
from tests.receipts.test_desk import printed_picture

PHOTOS = PROJECT / "tests" / "data" / "photos" / "zxing" / "code128-2"


def configured(settings, **lines: str):
    """The test config with some lines replaced (``key = value`` text)."""
    text = settings.source.read_text(encoding="utf-8")
    for old, new in lines.items():
        assert old in text, old
        text = text.replace(old, new, 1)
    settings.source.write_text(text, encoding="utf-8")
    return settings.source


def verdicts(config, lang: str = "en") -> tuple[int, dict[str, dict]]:
    out = io.StringIO()
    status = doctor.run(["--json", "--lang", lang, "--config", str(config)], out)
    return status, {c["name"]: c for c in json.loads(out.getvalue())}


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_good_kiosk_has_no_fault(small, settings) -> None:
    config = configured(settings, **{'camera = "0"': f'camera = "{PHOTOS}"'})
    update_state(state_path(settings.database.path), pin_hash=hash_pin("1357"))
    backup(settings.database.path, settings.backup.folder, dt.date.today(), 3)
    check(settings, settings.database.path)  # as a kiosk's start leaves its files
    status, found = verdicts(config)
    assert status == 0, [c for c in found.values() if c["status"] != "ok"]
    assert {c["status"] for c in found.values()} == {"ok"}, found
    assert "check passed" in found["library"]["line"]
    assert "works" in found["camera"]["line"]
    assert found["font"]["line"].startswith("the font shows all")
    assert list(found) == [
        "config",
        "library",
        "backup",
        "journal",
        "camera",
        "printer",
        "font",
        "clock",
        "disk",
        "files",
        "pin",
    ]


def test_missing_library_camera_and_pin_are_faults_with_fixes(settings) -> None:
    config = configured(settings, **{'camera = "0"': 'camera = "/no/such/video.avi"'})
    status, found = verdicts(config, "zh-CN")
    assert status == 1
    assert found["library"]["status"] == "fault"
    assert "admin restore" in found["library"]["fix"]
    assert found["camera"]["status"] == "fault"
    assert "扫描枪" in found["camera"]["fix"]
    assert found["pin"]["status"] == "fault"
    assert found["backup"]["status"] == "warning"


def test_an_unplugged_printer_and_a_clock_behind_the_log(small, settings) -> None:
    config = configured(
        settings,
        **{
            'type = "none"': 'type = "network"\nhost = "127.0.0.1"',
            "port = 9100": f"port = {closed_port()}",
            "timeout_seconds = 5.0": "timeout_seconds = 0.5",
            'camera = "0"': 'camera = "none"',
        },
    )
    future = dt.datetime.now() + dt.timedelta(days=2)
    small.library.database.execute_sql(
        "INSERT INTO event (at, kiosk, action, outcome, scan, staff, note)"
        " VALUES (?, 'k1', 'check_out', 'CHECKED_OUT', '', '', '')",
        (future,),
    )
    status, found = verdicts(config)
    assert status == 1
    assert found["printer"]["status"] == "fault"
    assert found["printer"]["line"].startswith("slip printer:")
    assert found["clock"]["status"] == "fault"
    assert found["camera"]["status"] == "ok"  # "none": a hand scanner


def test_the_command_line_prints_lines_and_exits_with_the_verdict(settings) -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "kiosk.py",
            "doctor",
            "--lang",
            "en",
            "--config",
            str(settings.source),
        ],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1
    assert "FAULT" in proc.stdout
    assert "→ run python kiosk.py --set-pin." in proc.stdout
    assert "Traceback" not in proc.stderr


def test_a_postgresql_library_that_does_not_answer(settings) -> None:
    url = f"postgresql://kiosk:Secret-Word-9@127.0.0.1:{closed_port()}/library"
    config = configured(settings, **{'url = ""': f'url = "{url}"'})
    status, found = verdicts(config)
    assert status == 1
    assert found["library"]["status"] == "fault"
    assert "kiosk:***@127.0.0.1" in found["library"]["line"]
    assert "Secret-Word-9" not in json.dumps(found)
    assert found["backup"]["status"] == "ok"  # pg_dump's job


def test_files_others_can_read_are_reported(small, settings) -> None:
    config = configured(settings, **{'camera = "0"': 'camera = "none"'})
    settings.database.path.chmod(0o644)
    _, found = verdicts(config)
    assert found["files"]["status"] == "warning"
    assert str(settings.database.path) in found["files"]["line"]
    assert "owner-only" in found["files"]["fix"]
    check(settings, settings.database.path)  # what a starting kiosk does
    _, found = verdicts(config)
    assert found["files"]["status"] == "ok"


def test_scan_reads_a_code_held_in_front_of_the_camera(settings, tmp_path) -> None:
    blank = tmp_path / "blank"
    blank.mkdir()
    Image.new("RGB", (640, 480), "white").save(blank / "0001.png")
    out = io.StringIO()
    for camera, status in ((PHOTOS, "ok"), (blank, "fault")):
        config = configured(settings, **{'camera = "0"': f'camera = "{camera}"'})
        doctor.run(["--json", "--lang", "en", "--scan", "--config", str(config)], out)
        found = {c["name"]: c for c in json.loads(out.getvalue().splitlines()[-1])}
        assert list(found).index("scan") == list(found).index("camera") + 1
        assert found["scan"]["status"] == status, found["scan"]
        settings.source.write_text(
            settings.source.read_text(encoding="utf-8").replace(
                f'camera = "{camera}"', 'camera = "0"'
            ),
            encoding="utf-8",
        )
    assert "read no barcode in 10 seconds" in found["scan"]["line"]
    assert "15–25 cm" in found["scan"]["fix"]


def test_print_test_prints_chinese_and_a_qr_code(settings) -> None:
    printer = FakeNetworkPrinter()
    try:
        config = configured(
            settings,
            **{
                'type = "none"': 'type = "network"\nhost = "127.0.0.1"',
                "port = 9100": f"port = {printer.port}",
                'camera = "0"': 'camera = "none"',
            },
        )
        out = io.StringIO()
        doctor.run(["--json", "--print-test", "--config", str(config)], out)
        found = {c["name"]: c for c in json.loads(out.getvalue())}
        assert found["print_test"]["status"] == "ok"
        assert "测试凭条" in found["print_test"]["line"]
        jobs = printer.wait_jobs(2)  # the status query, then the slip
    finally:
        printer.close()
    picture = printed_picture(max(jobs, key=len))
    codes = zxingcpp.read_barcodes(picture.convert("L"))
    assert [c.text for c in codes if c.text.endswith("-TEST")], codes


def test_a_full_disk_is_a_fault(small, settings, tmp_path) -> None:
    if os.geteuid() != 0:
        pytest.skip("mounting a tiny filesystem needs root")
    tiny = tmp_path / "tiny"
    tiny.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(tiny)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"tmpfs cannot be mounted here: {mounted.stderr!r}")
    try:
        config = configured(
            settings,
            **{
                'archive = "receipts/archive"': f'archive = "{tiny / "archive"}"',
                'camera = "0"': 'camera = "none"',
            },
        )
        (tiny / "filler").write_bytes(b"\0" * (3 * 1024 * 1024))
        status, found = verdicts(config)
    finally:
        subprocess.run(["umount", str(tiny)], check=True)
    assert status == 1
    assert found["disk"]["status"] == "fault"
    assert str(tiny / "archive") in found["disk"]["line"]
