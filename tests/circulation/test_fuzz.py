"""Random and malformed scans never raise: each one gets an outcome."""

from __future__ import annotations

import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.circulation.outcomes import Outcome
from kiosk.console import ConsoleKiosk
from tests.conftest import ISBN_ONE, ISBN_TWO, Small

REAL = ["S0000001", "S0000002", "T0000001", "10000001", "10000003", ISBN_ONE, ISBN_TWO]
SCANS = st.one_of(
    st.sampled_from(REAL),
    st.text(max_size=40),
    st.from_regex(r"97[789][0-9]{10}([0-9]{2}|[0-9]{5})?", fullmatch=True),
    st.from_regex(r"[0-9]{9}[0-9Xx]", fullmatch=True),
    st.from_regex(r"[STst][0-9]{6,8}", fullmatch=True),
    st.from_regex(r"(RENEW|RETURN|HOLD|CANCEL|DONE) ?.{0,14}", fullmatch=True),
)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.lists(SCANS, max_size=12), st.sampled_from(["checkout", "returns"]))
def test_any_scan_stream_gets_an_outcome_per_scan(
    small: Small, scans: list[str], mode: str
) -> None:
    out = io.StringIO()
    kiosk = ConsoleKiosk(small.service, out, small.clock, mode=mode)
    for scan in scans:
        if not scan.strip():
            continue
        for result in kiosk.handle(scan.strip()):
            assert result.outcome in set(Outcome)


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(SCANS)
def test_service_calls_never_raise(small: Small, scan: str) -> None:
    service = small.service
    for result in (
        service.identify(scan),
        service.check_out(1, scan),
        service.renew(1, scan),
        service.place_hold(2, scan),
        service.cancel_hold(2, scan),
        service.check_in(scan),
    ):
        assert result.outcome in set(Outcome)
