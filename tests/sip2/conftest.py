from __future__ import annotations

import pytest

from tests.sip2.helpers import Running


@pytest.fixture
def sip2(settings, clock):
    running = Running(settings, clock)
    yield running
    running.stop()
