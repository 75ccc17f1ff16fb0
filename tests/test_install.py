"""install-kiosk: what it would do, a unit systemd accepts, rules udev reads."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from kiosk import install
from tests.conftest import PROJECT


def lines_of(steps: list[install.Step], dry_run: bool = True) -> list[str]:
    said: list[str] = []
    ran: list[tuple] = []
    install.carry_out(
        steps, dry_run=dry_run, say=said.append, run=lambda c, **k: ran.append(c)
    )
    return said


def test_the_dry_run_says_everything_and_changes_nothing(settings) -> None:
    proc = subprocess.run(
        [
            "./run",
            "install-kiosk",
            "--dry-run",
            "--user",
            "bibliothek",
            "--config",
            str(settings.source),
        ],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "would    create the user bibliothek" in out
    assert "apt-get install -y -q cage" in out
    assert "would    write /etc/systemd/system/library-kiosk.service" in out
    assert "         | User=bibliothek" in out
    assert "         | Restart=always" in out
    assert "         | KillSignal=SIGTERM" in out
    assert "systemctl enable library-kiosk.service" in out
    assert not Path("/etc/udev/rules.d/70-library-kiosk.rules").exists()
    down = subprocess.run(
        ["./run", "uninstall-kiosk", "--dry-run"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert "systemctl disable --now library-kiosk.service" in down.stdout


def test_written_files_are_not_written_again(tmp_path) -> None:
    target = tmp_path / "unit.service"
    step = install.Step("write the unit", target, "[Unit]\n")
    assert lines_of([step], dry_run=False) == ["do       write the unit"]
    assert target.read_text() == "[Unit]\n"
    assert lines_of([step], dry_run=False) == ["ok       write the unit (already so)"]


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="no systemd-analyze")
def test_systemd_accepts_the_units(tmp_path) -> None:
    compositor = shutil.which("cage") or "/bin/true"  # the syntax is what is checked
    unit = tmp_path / "library-kiosk.service"
    unit.write_text(install.unit("root", PROJECT, PROJECT / "config.toml", compositor))
    failed = tmp_path / "library-kiosk-failed.service"
    failed.write_text(install.failed_unit())
    proc = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", str(unit), str(failed)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr


def test_the_udev_rules_name_the_printer_and_the_camera() -> None:
    text = install.rules("kiosk", 0x0416, 0x5011)
    rules = [line for line in text.splitlines() if not line.startswith("#")]
    assert rules[0] == (
        'SUBSYSTEM=="usb", ATTRS{idVendor}=="0416", ATTRS{idProduct}=="5011",'
        ' MODE="0660", OWNER="kiosk"'
    )
    assert 'SUBSYSTEM=="video4linux"' in rules[1]
    pair = re.compile(r'^[A-Z_]+(\{[a-zA-Z]+\})?(==|=)"[^"]*"$')
    for rule in rules:
        assert all(pair.match(part.strip()) for part in rule.split(",")), rule
    assert "No USB printer" in install.rules("kiosk", 0, 0)
