"""100,000 random and malformed scans through classification and the service.

Hypothesis drives the classifier with 100,000 generated strings; the same
number of seeded random strings (real codes, damaged codes, control bytes,
hanzi, very long input) go through the circulation service. No exception may
escape and every scan gets an outcome code.
"""

from __future__ import annotations

import random
import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.circulation.codes import Classifier, CodeKind
from kiosk.circulation.outcomes import Outcome
from tests.conftest import ISBN_ONE, ISBN_TWO, Small

N = 100_000
CLASSIFIER = Classifier(r"^[ST][0-9]{7}$", r"^[0-9]{8}$")
REAL = ["S0000001", "S0000002", "T0000001", "10000001", "10000003", ISBN_ONE, ISBN_TWO]


@pytest.mark.slow
@settings(max_examples=N, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.text(max_size=40))
def test_classifier_never_raises(raw: str) -> None:
    assert CLASSIFIER.classify(raw).kind in set(CodeKind)


def scans(rng: random.Random):
    alphabet = string.printable + "\x00\x1b\x7f《》：，借书证红楼梦ＳＴ０１２"
    for _ in range(N):
        roll = rng.random()
        if roll < 0.2:
            yield rng.choice(REAL)
        elif roll < 0.4:
            code = list(rng.choice(REAL))
            code[rng.randrange(len(code))] = rng.choice(string.digits + "X-")
            yield "".join(code)
        elif roll < 0.5:
            yield rng.choice(REAL) + rng.choice(["", " 12", "52500", "\r", "\x00"])
        elif roll < 0.55:
            yield "9" * rng.randint(60, 400)
        else:
            yield "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 24)))


@pytest.mark.slow
def test_service_gives_every_scan_an_outcome(small: Small) -> None:
    # Durability is not what this test checks: skip the fsync per scan.
    small.library.database.execute_sql("PRAGMA synchronous=OFF")
    service = small.service
    rng = random.Random(20261125)
    calls = [
        service.identify,
        lambda s: service.check_out(1, s),
        service.check_in,
        lambda s: service.renew(2, s),
        lambda s: service.place_hold(6, s),
    ]
    seen = 0
    for i, scan in enumerate(scans(rng)):
        assert calls[i % len(calls)](scan).outcome in set(Outcome)
        seen += 1
    assert seen == N
