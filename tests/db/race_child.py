"""Child process of the race test: random check-outs and returns on shared copies."""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

from kiosk.clock import SystemClock
from kiosk.config import load_config
from kiosk.runtime import open_library


def main() -> None:
    config, seed, attempts, copies = (
        sys.argv[1],
        int(sys.argv[2]),
        int(sys.argv[3]),
        int(sys.argv[4]),
    )
    library = open_library(load_config(Path(config)), SystemClock())
    rng = random.Random(seed)
    patron = library.store.patron_by_card(f"T{seed:07d}")
    assert patron is not None
    tally = {"CHECKED_OUT": 0, "RETURNED": 0, "other": 0}
    for _ in range(attempts):
        barcode = f"{30000000 + rng.randint(1, copies)}"
        if rng.random() < 0.6:
            outcome = library.service.check_out(patron.id, barcode).outcome.value
        else:
            outcome = library.service.check_in(barcode).outcome.value
        key = outcome if outcome in tally else "other"
        tally[key] += 1
    library.close()
    sys.stdout.write(json.dumps(tally) + "\n")


if __name__ == "__main__":
    main()
