"""Putting the kiosk on a kiosk PC: a user, a systemd unit, udev rules.

``sudo ./run install-kiosk [--user kiosk] [--dry-run]`` on Debian 12 or
Ubuntu 22.04+:

- a system user without sudo, in the ``video`` group (the webcam);
- the packages the kiosk needs besides Python's (``cage``, a Wayland kiosk
  compositor that shows one full-screen program and nothing else);
- ``/etc/systemd/system/library-kiosk.service``: the kiosk full screen on tty1
  at boot, restarted 2 s after it dies, given up (with a message on tty1)
  after 10 failures in 5 minutes; SIGTERM stops it (no PIN: see
  ``kiosk.screens.run.stop_signals``);
- ``/etc/udev/rules.d/70-library-kiosk.rules``: the USB receipt printer (the
  ids in config.toml) belongs to the kiosk user.

Running it again changes nothing; ``--dry-run`` prints what it would do;
``./run uninstall-kiosk`` removes the unit and the rules (never the library).
The log needs no logrotate: the daily privacy run sets each day aside and
deletes those older than ``privacy.log_days``.
"""

from __future__ import annotations

import argparse
import os
import pwd
import shlex
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kiosk.config import PROJECT_DIR, config_path, load_config

UNIT = Path("/etc/systemd/system/library-kiosk.service")
FAILED_UNIT = Path("/etc/systemd/system/library-kiosk-failed.service")
RULES = Path("/etc/udev/rules.d/70-library-kiosk.rules")
PACKAGES = ("cage", "python3-venv", "libzbar0", "fonts-noto-cjk", "espeak-ng")


@dataclass(frozen=True)
class Step:
    """One thing the installer does: a file written or a command run."""

    what: str
    path: Path | None = None
    text: str = ""
    command: tuple[str, ...] = ()

    def needed(self) -> bool:
        """Whether the machine is not like this yet (a file differs)."""
        if self.path is None:
            return True
        try:
            return self.path.read_text(encoding="utf-8") != self.text
        except FileNotFoundError:
            return True


def unit(
    user: str, project: Path, config: Path, compositor: str = "/usr/bin/cage"
) -> str:
    """The systemd unit: the kiosk full screen on tty1, restarted when it dies."""
    python = project / ".venv" / "bin" / "python"
    command = shlex.join(
        [
            compositor,
            "-d",
            "-s",
            "--",
            str(python),
            str(project / "kiosk.py"),
            "--fullscreen",
            "--config",
            str(config),
        ]
    )
    return f"""# Written by ./run install-kiosk; ./run uninstall-kiosk removes it.
[Unit]
Description=School library self-service kiosk
After=systemd-user-sessions.service network-online.target
Wants=network-online.target
Conflicts=getty@tty1.service
After=getty@tty1.service
StartLimitIntervalSec=300
StartLimitBurst=10
OnFailure=library-kiosk-failed.service

[Service]
User={user}
WorkingDirectory={project}
PAMName=login
TTYPath=/dev/tty1
TTYReset=yes
TTYVHangup=yes
UtmpIdentifier=tty1
UtmpMode=user
StandardInput=tty-fail
Environment=XDG_SESSION_TYPE=wayland
Environment=SDL_VIDEODRIVER=wayland
Environment=PYGAME_HIDE_SUPPORT_PROMPT=1
ExecStart={command}
Type=notify
NotifyAccess=all
WatchdogSec=20
Restart=always
RestartSec=2
KillSignal=SIGTERM
TimeoutStopSec=10

[Install]
WantedBy=multi-user.target
"""


def failed_unit() -> str:
    """What tty1 says when the kiosk keeps failing and systemd gives up."""
    message = (
        "The library kiosk keeps failing and was stopped. Please tell the "
        "librarian. / 自助借还机多次出错，已停止。请告诉图书管理员。"
    )
    return f"""# Written by ./run install-kiosk.
[Unit]
Description=Say on screen that the library kiosk stopped

[Service]
Type=oneshot
ExecStart=/bin/sh -c 'echo "{message} (journalctl -u library-kiosk)" > /dev/tty1'
"""


def rules(user: str, vendor: int, product: int) -> str:
    """udev: the receipt printer to the kiosk user (the webcam: group video)."""
    lines = ["# Written by ./run install-kiosk; ./run uninstall-kiosk removes it."]
    if vendor and product:
        lines.append(
            f'SUBSYSTEM=="usb", ATTRS{{idVendor}}=="{vendor:04x}",'
            f' ATTRS{{idProduct}}=="{product:04x}", MODE="0660", OWNER="{user}"'
        )
    else:
        lines.append("# No USB printer in config.toml ([printer] usb_vendor_id).")
    lines.append('SUBSYSTEM=="video4linux", GROUP="video", MODE="0660"')
    return "\n".join(lines) + "\n"


def plan(user: str, project: Path, config: Path) -> list[Step]:
    """Everything install-kiosk does, in order."""
    settings = load_config(config)
    printer = settings.printer
    steps = [
        Step(
            f"install {' '.join(PACKAGES)}",
            command=("apt-get", "install", "-y", "-q", *PACKAGES),
        )
    ]
    try:
        pwd.getpwnam(user)
    except KeyError:
        steps.append(
            Step(
                f"create the user {user} (no password, no sudo)",
                command=(
                    "useradd",
                    "--create-home",
                    "--groups",
                    "video,input,render",
                    "--shell",
                    "/usr/sbin/nologin",
                    user,
                ),
            )
        )
    steps += [
        Step(
            f"make the kiosk's folders, owned by {user}",
            command=(
                "install",
                "-d",
                "-m",
                "0700",
                "-o",
                user,
                str(project / "var"),
                str(settings.receipts.archive),
            ),
        ),
        Step(
            f"let {user} own what is in them",
            command=(
                "chown",
                "-R",
                f"{user}:",
                str(project / "var"),
                str(settings.receipts.archive),
            ),
        ),
        Step(f"write {UNIT}", UNIT, unit(user, project, config)),
        Step(f"write {FAILED_UNIT}", FAILED_UNIT, failed_unit()),
        Step(
            f"write {RULES}",
            RULES,
            rules(user, printer.usb_vendor_id, printer.usb_product_id),
        ),
        Step("reload udev rules", command=("udevadm", "control", "--reload")),
        Step("reload systemd", command=("systemctl", "daemon-reload")),
        Step(
            "start the kiosk at boot (graphical target)",
            command=("systemctl", "enable", UNIT.name),
        ),
    ]
    return steps


def uninstall_plan() -> list[Step]:
    """What uninstall-kiosk does: the unit and the rules go; data and user stay."""
    return [
        Step(
            "stop and disable the kiosk",
            command=("systemctl", "disable", "--now", UNIT.name),
        ),
        Step(f"remove {UNIT}", command=("rm", "-f", str(UNIT), str(FAILED_UNIT))),
        Step(f"remove {RULES}", command=("rm", "-f", str(RULES))),
        Step("reload systemd", command=("systemctl", "daemon-reload")),
        Step("reload udev rules", command=("udevadm", "control", "--reload")),
    ]


def carry_out(
    steps: list[Step],
    *,
    dry_run: bool,
    say: Callable[[str], None],
    run: Callable[..., object] = subprocess.run,
) -> None:
    """Do (or only say) each step; files are written only when they differ."""
    for step in steps:
        if step.path is not None:
            if not step.needed():
                say(f"ok       {step.what} (already so)")
                continue
            say(f"{'would' if dry_run else 'do   '}    {step.what}")
            if dry_run:
                say("\n".join(f"         | {line}" for line in step.text.splitlines()))
            else:
                step.path.parent.mkdir(parents=True, exist_ok=True)
                step.path.write_text(step.text, encoding="utf-8")
                step.path.chmod(0o644)
            continue
        doing = "would" if dry_run else "do   "
        say(f"{doing}    {step.what}: {shlex.join(step.command)}")
        if not dry_run:
            run(step.command, check=True)


def main(argv: list[str] | None = None) -> int:
    """``python -m kiosk.install install|uninstall [--user U] [--dry-run]``."""
    parser = argparse.ArgumentParser(prog="./run install-kiosk")
    parser.add_argument("action", choices=("install", "uninstall"))
    parser.add_argument("--user", default="kiosk")
    parser.add_argument("--config", help="config file (default config.toml)")
    parser.add_argument("--dry-run", action="store_true", help="print, change nothing")
    args = parser.parse_args(argv)
    if not args.dry_run and os.geteuid() != 0:
        sys.stderr.write("install-kiosk: run it as root (sudo), or with --dry-run\n")
        return 2
    config = config_path(args.config)
    steps = (
        plan(args.user, PROJECT_DIR, config)
        if args.action == "install"
        else uninstall_plan()
    )
    try:
        carry_out(steps, dry_run=args.dry_run, say=print)
    except subprocess.CalledProcessError as e:
        sys.stderr.write(
            f"install-kiosk: {shlex.join(e.cmd)} failed ({e.returncode})\n"
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
