"""Fault matrix: under randomized fault schedules a full sync still ends with exactly the sandbox's truth.

One sandbox (real HTTP) serves every schedule; each schedule gets a fresh copy of an empty store, its
own seeded FaultPlan (429 storms, 5xx, slow answers beyond the client timeout, dropped connections,
malformed JSON, access tokens expiring mid-sync, LWA failures) and syncs until every store reports ok.
The client's retry waits run on a sped-up clock so the matrix stays quick.
"""

from __future__ import annotations

import random
import shutil
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from sp_api.auth import access_token_client

from acorn_desktop import models as m
from acorn_desktop.formats.finance_events import normalise
from acorn_desktop.sandbox.faults import Fault, FaultPlan
from acorn_desktop.sandbox.server import SandboxServer
from acorn_desktop.services.demo_sync import sandbox_credentials
from acorn_desktop.storage.keys import KEY_MODE_PASSWORD
from acorn_desktop.storage.store import Store, StoreLocation
from acorn_desktop.sync.engine import SyncEngine
from acorn_desktop.sync.scheduler import Clock
from acorn_desktop.sync.streams import FinancesStream

SCHEDULES = 100
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
FAULT_KINDS = ("429", "500", "503", "slow", "drop", "malformed", "expire_token")


def random_plan(rng: random.Random, seed: int) -> FaultPlan:
    faults = []
    for kind in rng.sample(FAULT_KINDS, rng.randint(1, 3)):
        probability = rng.choice((0.05, 0.1, 0.2, 0.35))
        times = rng.choice((None, 1, 3, 10))
        operations = rng.choice((None, frozenset({"listFinancialEvents"}), frozenset({"lwaToken"})))
        if kind in ("429", "expire_token") and operations == frozenset({"lwaToken"}):
            operations = None  # LWA answers 400/500, never 429 or 403
        faults.append(Fault(kind, probability, times, operations))
    return FaultPlan(faults, seed=seed, slow_seconds=0.4)


@pytest.fixture(scope="module")
def world_and_truth():
    with SandboxServer(seed=11, cases=240, now=NOW, rate_limits=False, prefetch=False) as server:
        truth = set()
        for event in server.world.financial_events():
            truth.update(row.raw_digest for row in normalise({event.list_name: [event.data]}))
        yield server, truth


PASSWORD = "fault-matrix password"


@pytest.fixture(scope="module")
def template_store(tmp_path_factory):
    """An empty store made once; each schedule starts from a byte copy (master-password mode: same key)."""
    from acorn_desktop.services.demo import _ensure_accounts

    directory = tmp_path_factory.mktemp("template")
    store = Store.create(StoreLocation(directory), key_mode=KEY_MODE_PASSWORD, password_provider=lambda: PASSWORD)
    with store.session() as session:
        _ensure_accounts(session)  # the three demo sellers, as demo mode has them
    store.checkpoint()
    store.close()
    return directory


@pytest.mark.slow
def test_fault_matrix(world_and_truth, template_store, tmp_path):
    server, truth = world_and_truth
    rng = random.Random(20261122)
    credentials = sandbox_credentials(server)
    runs_needed = []
    for schedule in range(SCHEDULES):
        directory = tmp_path / f"s{schedule}"
        shutil.copytree(template_store, directory)
        server.faults = random_plan(rng, seed=schedule)
        access_token_client.cache.clear()
        store = Store.open(StoreLocation(directory), upgrade=False, password_provider=lambda: PASSWORD)
        try:
            # Finances only: the report streams have their own fault tests, and the truth compared here is events
            engine = SyncEngine(
                store,
                credentials,
                now=server.world.now,
                clock=Clock(scale=2000.0),
                timeout=0.25,
                streams=[FinancesStream()],
            )
            runs = 0
            while True:
                runs += 1
                reports = engine.run()
                if all(r.status == "ok" for r in reports):
                    break
                assert all(r.status in ("ok", "error") for r in reports), [r.error for r in reports]
                assert runs < 15, f"schedule {schedule} never converged: {[r.error for r in reports]}"
            runs_needed.append(runs)
            with store.reader() as s:
                digests = list(s.scalars(sa.select(m.FinancialEvent.raw_digest)))
                refs = s.execute(sa.select(m.Case.kind, m.Case.source_ref)).all()
            assert len(digests) == len(set(digests)) == len(truth), f"schedule {schedule}: duplicates or losses"
            assert set(digests) == truth, f"schedule {schedule}"
            assert len(refs) == len(set(refs)), f"schedule {schedule}: duplicate cases"
        finally:
            store.close()
            shutil.rmtree(directory, ignore_errors=True)
    server.faults = FaultPlan()
    assert len(runs_needed) == SCHEDULES
    assert max(runs_needed) > 1  # the schedules really did break some runs


def test_a_token_that_expires_again_before_the_retry_is_refreshed_again(world_and_truth, template_store, tmp_path):
    """Why expiring-token runs kept failing with 403: one refresh per request was not enough."""
    server, truth = world_and_truth
    shutil.copytree(template_store, tmp_path / "s")
    server.faults = FaultPlan([Fault("expire_token", 1.0, 3, frozenset({"listFinancialEvents"}))])
    access_token_client.cache.clear()
    store = Store.open(StoreLocation(tmp_path / "s"), upgrade=False, password_provider=lambda: PASSWORD)
    try:
        engine = SyncEngine(store, sandbox_credentials(server), now=server.world.now, clock=Clock(scale=2000.0),
                            timeout=5, streams=[FinancesStream()])  # fmt: skip
        issued = server.tokens.issued
        reports = engine.run()
        assert [r.status for r in reports] == ["ok"] * len(reports), [r.error for r in reports]
        assert server.tokens.issued - issued >= 4  # the first token and three refreshes
        with store.reader() as s:
            assert set(s.scalars(sa.select(m.FinancialEvent.raw_digest))) == truth
    finally:
        server.faults = FaultPlan()
        store.close()
