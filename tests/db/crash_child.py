"""Child process for the crash test: check out copies until killed.

Prints ``OK <barcode>`` after each check-out has returned success, which is
the moment the kiosk would tell the student it happened.
"""

from __future__ import annotations

import sys
from pathlib import Path

from kiosk.clock import SystemClock
from kiosk.config import load_config
from kiosk.runtime import open_library


def main() -> None:
    settings = load_config(Path(sys.argv[1]))
    library = open_library(settings, SystemClock())
    for line in sys.stdin:
        card, barcode = line.split()
        patron = library.store.patron_by_card(card)
        result = library.service.check_out(patron.id, barcode)
        sys.stdout.write(f"{result.outcome.value} {barcode}\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
