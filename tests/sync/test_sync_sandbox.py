"""The sync engine against the real sandbox over real HTTP (python-amazon-sp-api in between)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from sp_api.auth import access_token_client

from acorn_desktop import models as m
from acorn_desktop.formats.finance_events import normalise
from acorn_desktop.sandbox.server import SandboxServer
from acorn_desktop.services.demo import seed_demo
from acorn_desktop.services.demo_sync import sandbox_credentials
from acorn_desktop.sync.engine import SyncEngine

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def fresh_token_cache():
    access_token_client.cache.clear()
    yield
    access_token_client.cache.clear()


def ground_truth(server: SandboxServer) -> set[str]:
    digests = set()
    for event in server.world.financial_events():
        digests.update(row.raw_digest for row in normalise({event.list_name: [event.data]}))
    return digests


def stored(store) -> tuple[set[str], int]:
    with store.reader() as s:
        digests = list(s.scalars(sa.select(m.FinancialEvent.raw_digest)))
    return set(digests), len(digests)


@pytest.fixture
def sandbox():
    with SandboxServer(seed=7, cases=300, now=NOW, rate_limits=False) as server:
        yield server


def engine_for(store, server, **kw):
    return SyncEngine(store, sandbox_credentials(server), now=server.world.now, rate_limits=False, timeout=10, **kw)


def test_full_sync_matches_the_sandbox_and_is_idempotent(store, sandbox):
    seed_demo(store, cases=300, seed=7, now=NOW)
    with store.reader() as s:
        seeded_cases = s.scalar(sa.select(sa.func.count()).select_from(m.Case))
    engine = engine_for(store, sandbox)
    reports = engine.run()
    assert [r.status for r in reports] == ["ok", "ok", "ok"], [r.error for r in reports]
    truth = ground_truth(sandbox)
    digests, count = stored(store)
    assert digests == truth and count == len(truth)  # nothing lost, nothing doubled
    with store.reader() as s:
        # events of seeded cases land on those cases instead of creating new ones
        assert s.scalar(sa.select(sa.func.count()).select_from(m.Case)) == seeded_cases
        assert s.scalar(sa.select(sa.func.count()).where(m.FinancialEvent.case_id.is_not(None))) > 0

    again = engine_for(store, sandbox).run()
    assert all(r.status == "ok" for r in again)
    assert stored(store) == (digests, count)


def test_revoked_refresh_token_stops_only_that_account(store, sandbox):
    seed_demo(store, cases=50, seed=7, now=NOW)
    eu = next(a for a in sandbox.accounts if a["region"] == "eu")
    sandbox.revoke(eu["refresh_token"])
    reports = {r.name: r for r in engine_for(store, sandbox).run()}
    statuses = sorted(r.status for r in reports.values())
    assert statuses == ["needs_reauth", "ok", "ok"]
    with store.reader() as s:
        flagged = s.scalars(sa.select(m.SellerAccount.selling_partner_id).where(m.SellerAccount.needs_reauth)).all()
    assert flagged == [eu["selling_partner_id"]]
