"""UI benchmark: start-up, frames per second while decoding, scan-to-screen latency.

``python -m kiosk.bench ui [--seconds N]`` (SDL's dummy video driver unless a
display is set) plays the demo camera video through the real camera path
(capture thread, decoder, consensus) into the real screens, drawing as fast
as it can, and measures for each scan the time from the camera frame that
completed it to the end of the first drawn frame showing its outcome.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kiosk.config import PROJECT_DIR, load_config


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare this benchmark's options."""
    parser.add_argument("--seconds", type=float, default=20.0, help="how long to play")


def run(args: argparse.Namespace) -> int:
    """Measure and print the figures, then a JSON line."""
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    with tempfile.TemporaryDirectory() as tmp:
        config = _config(Path(tmp))
        startup = _startup(config)
        figures = _play(config, args.seconds)
        figures["stop_ms"] = _stop(config)
        if not figures["spoken"]:  # no outcome in the play: 200 prompts alone
            figures["voice_latency_p95_ms"] = _voice(Path(tmp) / "voice-alone")
    figures["startup_s"] = round(startup, 2)
    figures["rss_mb"] = round(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1
    )
    sys.stdout.write(
        f"start-up to first frame {figures['startup_s']} s; {figures['fps']} frames/s"
        f" while decoding; scan to screen p50 {figures['latency_p50_ms']} ms,"
        f" p95 {figures['latency_p95_ms']} ms over {figures['scans']} scans;"
        f" peak RSS {figures['rss_mb']} MB; SIGTERM to exit {figures['stop_ms']} ms"
        f" (worst of three); outcome to spoken prompt p95"
        f" {figures['voice_latency_p95_ms']} ms over {figures['spoken']} prompts"
        " (target <= 100); the carousel and the voice on\n"
    )
    sys.stdout.write(json.dumps(figures) + "\n")
    return 0


def _voice(cache: Path) -> float | None:
    """Outcome to playing, over 200 prompts (pieces rendered first); None: no voice."""
    import datetime as dt

    from kiosk.circulation.outcomes import Outcome, Result
    from kiosk.voice import Voice

    voice = Voice(cache, on=True)
    if not voice.available or not voice.prepare("zh-CN").wait(300):
        return None
    outcomes = [
        Result(Outcome.CHECKED_OUT, due=dt.date(2026, 12, 1) + dt.timedelta(days=n))
        if n % 3 == 0
        else Result(Outcome.RETURNED if n % 3 == 1 else Outcome.RESERVED_FOR_OTHER)
        for n in range(200)
    ]
    for result in outcomes:
        voice.say(result, "zh-CN")
    return round(statistics.quantiles(voice.latencies_ms, n=20)[18], 2)


def _config(folder: Path) -> Path:
    """A config whose demo library lives in ``folder`` (the demo video is shared)."""
    path = folder / "config.toml"
    path.write_text(
        f'[demo]\ndatabase = "{folder / "demo.sqlite3"}"\n'
        f'[logging]\nfile = "{folder / "kiosk.log"}"\n',
        encoding="utf-8",
    )
    return path


def _stop(config: Path) -> float:
    """SIGTERM to exit of a full-screen (kiosk-mode) kiosk, worst of three, in ms."""
    log = config.parent / "kiosk.log"
    command = [sys.executable, str(PROJECT_DIR / "kiosk.py"), "--demo", "--fullscreen"]
    command += ["--config", str(config), "--camera", "none"]
    times = []
    for _ in range(3):
        log.unlink(missing_ok=True)
        proc = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        while not (log.exists() and "screens running" in log.read_text("utf-8")):
            if proc.poll() is not None:
                raise RuntimeError(proc.stderr.read().decode() if proc.stderr else "")
            time.sleep(0.05)
        started = time.perf_counter()
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)
        times.append((time.perf_counter() - started) * 1000)
    return round(max(times), 1)


def _startup(config: Path) -> float:
    """Wall time of `kiosk.py --demo` to its first drawn frame (best of three)."""
    from kiosk.screens.run import demo_video

    video = demo_video(PROJECT_DIR / "var")
    command = [sys.executable, str(PROJECT_DIR / "kiosk.py"), "--demo", "--frames", "1"]
    command += ["--config", str(config), "--camera", str(video)]
    subprocess.run(command, check=True, capture_output=True)  # seeds the demo library
    times = []
    for _ in range(3):
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return min(times)


def _play(config: Path, seconds: float) -> dict[str, float]:
    import pygame

    from kiosk.clock import SystemClock
    from kiosk.runtime import open_library, showcase_reader
    from kiosk.scan.capture import Capture
    from kiosk.scan.decode import BarcodeDecoder
    from kiosk.scan.live import LiveScanner
    from kiosk.scan.scanner import Scanner
    from kiosk.scan.sources import VideoFileSource
    from kiosk.screens.app import AppOptions, KioskApp
    from kiosk.screens.run import demo_video
    from kiosk.session import Scanned, Session
    from kiosk.staff import PinLock, hash_pin
    from kiosk.voice import Voice

    settings = load_config(config)
    scan = settings.scan
    clock = SystemClock()
    library = open_library(settings, clock, demo=True)
    scanner = Scanner(
        BarcodeDecoder(scan.symbologies), confirm_frames=scan.confirm_frames
    )
    video = VideoFileSource(demo_video(PROJECT_DIR / "var"), loop=True)
    live = LiveScanner(Capture(video, fps=15), scanner)
    pygame.display.init()
    screen = pygame.display.set_mode((1280, 800))
    voice = Voice(config.parent / "voice", on=True)  # spoken prompts on
    voice.prepare("zh-CN").wait(300)
    options = AppOptions(
        settings.library.name,
        "zh-CN",
        showcase=showcase_reader(settings, library, clock).current,  # the carousel
        notices=["开放时间：周一至周五 7:30—17:00"],
        carousel_seconds=4,
        voice=voice,
    )
    app = KioskApp(
        Session(library.service, clock),
        clock,
        screen.get_size(),
        options,
        pin_lock=PinLock(hash_pin("0000"), clock),
        live=None,
    )
    app.live = live  # for the preview; scans are taken below, to time them
    # The camera starts with the screen loop: a code read while the app was
    # still being built (the voice's cache, the lists) would count start-up
    # time, measured above, as scan-to-screen time.
    live.start()
    latencies, frames = [], 0
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        pending = live.events()
        for event in pending:
            app.send(Scanned(event.text))
        app.step(pygame.event.get())
        screen.blit(app.draw(), (0, 0))
        pygame.display.flip()
        frames += 1
        done = time.monotonic()
        latencies += [(done - e.at) * 1000 for e in pending]
    elapsed = time.monotonic() - started
    live.close()
    library.close()
    return {
        "fps": round(frames / elapsed, 1),
        "latency_p50_ms": round(statistics.median(latencies), 1) if latencies else 0.0,
        "latency_p95_ms": _p95(latencies),
        "scans": len(latencies),
        "decoded_fps": round(live.decoded_frames / elapsed, 1),
        "spoken": len(voice.latencies_ms),
        "voice_latency_p95_ms": _p95(voice.latencies_ms) if voice.available else None,
    }


def _p95(values: list[float]) -> float:
    if len(values) < 2:
        return round(values[0], 1) if values else 0.0
    return round(statistics.quantiles(values, n=20, method="inclusive")[-1], 1)
