"""Amazon's clock: "now" for Amazon requests comes from the responses' Date header; a PC clock 10 minutes
ahead still syncs (the window ends in Amazon's past) and the sync says the PC clock is off."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sp_api.auth import access_token_client

from acorn_desktop.sandbox.server import SandboxServer
from acorn_desktop.services.demo import seed_demo
from acorn_desktop.services.demo_sync import sandbox_credentials
from acorn_desktop.sync.amazon_clock import AmazonClock
from acorn_desktop.sync.engine import SyncEngine
from acorn_desktop.sync.streams import FinancesStream

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
AHEAD = timedelta(minutes=10)


@pytest.fixture(autouse=True)
def fresh_token_cache():
    access_token_client.cache.clear()
    yield
    access_token_client.cache.clear()


def test_the_offset_comes_from_the_date_header():
    pc = datetime(2026, 11, 20, 12, 10, 0, tzinfo=UTC)
    clock = AmazonClock(lambda: pc)
    assert clock.offset is None and clock.now() == pc and not clock.skewed
    clock.observe({"date": "Fri, 20 Nov 2026 12:00:00 GMT"}, pc - timedelta(seconds=1), pc + timedelta(seconds=1))
    assert abs(clock.offset + AHEAD) < timedelta(seconds=1) and clock.skewed
    assert abs(clock.now() - (pc - AHEAD)) < timedelta(seconds=1)
    clock.observe({"Date": "not a date"}, pc, pc)  # ignored, the last good offset stays
    assert clock.skewed
    clock.observe({"Date": "Fri, 20 Nov 2026 12:10:30 GMT"}, pc, pc)  # the PC clock was corrected
    assert not clock.skewed


@pytest.mark.parametrize("finances_first", [False, True])
def test_a_pc_clock_ten_minutes_ahead_syncs_and_warns(store, finances_first):
    with SandboxServer(seed=7, cases=80, now=NOW, rate_limits=False) as server:
        seed_demo(store, cases=80, seed=7, now=NOW)
        ahead = lambda: server.world.now() + AHEAD  # noqa: E731
        streams = [FinancesStream()] if finances_first else None  # first: no response has told the time yet
        engine = SyncEngine(store, sandbox_credentials(server), now=ahead, rate_limits=False, timeout=10,
                            streams=streams)  # fmt: skip
        reports = engine.run()
    assert [r.status for r in reports] == ["ok"] * len(reports), [r.error for r in reports]
    assert all(r.streams["finances"].pages >= 1 for r in reports)
    assert all(r.clock_skewed and -660 < r.clock_offset_seconds < -540 for r in reports)
    assert reports[0].as_json()["clock_skewed"] is True
