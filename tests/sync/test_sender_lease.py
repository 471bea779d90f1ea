"""One sender per seller account: the lease is exclusive, and a holder that dies (SIGKILL) frees it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from types import SimpleNamespace

import pytest

from acorn_desktop.storage.store import Store, StoreLocation
from acorn_desktop.sync.lease import lease_key, sender_lease

HOLD = """
import sys, time
from pathlib import Path
from types import SimpleNamespace
from acorn_desktop.sync.lease import sender_lease
if sys.argv[1] == "file":
    store = SimpleNamespace(dialect="sqlite", location=SimpleNamespace(data_dir=Path(sys.argv[2])))
else:
    from acorn_desktop.storage.store import Store, StoreLocation
    store = Store.open(StoreLocation(Path(sys.argv[3]), db_url=sys.argv[2]), upgrade=False)
with sender_lease(store, 1, "A1SELLER") as lease:
    print("held" if lease.held else "busy", flush=True)
    time.sleep(120)
"""


def holder(*args: str) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", HOLD, *args], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "held"
    return proc


def eventually_held(store, seller: str = "A1SELLER", timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with sender_lease(store, 1, seller) as lease:
            if lease.held:
                return True
        time.sleep(0.05)
    return False


def kill(proc: subprocess.Popen) -> None:
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)


def test_the_local_lease_is_exclusive_and_freed_when_its_holder_is_killed(tmp_path):
    store = SimpleNamespace(dialect="sqlite", location=SimpleNamespace(data_dir=tmp_path))
    with sender_lease(store, 1, "A1SELLER") as first, sender_lease(store, 1, "A1SELLER") as second:
        assert first.held and not second.held
    with sender_lease(store, 1, "A1SELLER") as again, sender_lease(store, 2, "A1SELLER") as other_account:
        assert again.held and other_account.held  # released on exit; one lease per account
    proc = holder("file", str(tmp_path))
    try:
        with sender_lease(store, 1, "A1SELLER") as lease:
            assert not lease.held  # another process sends
    finally:
        kill(proc)
    assert eventually_held(store)
    assert oct((tmp_path / "refund-sender-1.lock").stat().st_mode & 0o777) == "0o600"


def test_lease_keys_are_stable_signed_64_bit_and_per_seller():
    assert lease_key("A1SELLER") == lease_key("A1SELLER") != lease_key("A2SELLER")
    assert -(2**63) <= lease_key("A1SELLER") < 2**63


@pytest.mark.postgres
def test_two_senders_on_postgresql_one_wins_and_a_killed_holder_is_taken_over(pg_url, data_dir):
    a = Store.open(StoreLocation(data_dir, db_url=pg_url))
    b = Store.open(StoreLocation(data_dir, db_url=pg_url))
    try:
        with (
            sender_lease(a, 1, "A1SELLER") as first,
            sender_lease(b, 1, "A1SELLER") as second,
            sender_lease(b, 1, "A2SELLER") as other,
        ):
            assert first.held and not second.held and other.held
        assert eventually_held(b, timeout=1)  # released by the first holder
        proc = holder("pg", pg_url, str(data_dir))
        try:
            with sender_lease(a, 1, "A1SELLER") as lease:
                assert not lease.held
        finally:
            kill(proc)
        assert eventually_held(a)  # the server dropped the dead holder's session lock
    finally:
        a.close()
        b.close()


@pytest.mark.postgres
def test_team_mode_sends_once_holds_the_unknown_and_confirms_it_by_its_refund_event(pg_url, data_dir):
    """The refund path on PostgreSQL: the advisory lease, 待确认 after a lost answer, the RefundEvent settles it."""
    from collections import Counter

    import sqlalchemy as sa
    from sp_api.auth import access_token_client
    from test_refund_feed import EU, NOW, LoseCreateFeedAnswer, approve_and_enqueue, engine_for, pick, sent_keys

    from acorn_desktop import models as m
    from acorn_desktop.domain.cases import CaseKind, CaseState
    from acorn_desktop.sandbox.server import SandboxServer
    from acorn_desktop.services.demo import seed_demo

    access_token_client.cache.clear()  # no access token of another test's sandbox
    store = Store.open(StoreLocation(data_dir, db_url=pg_url))
    try:
        seed_demo(store, cases=300, seed=7, now=NOW)
        with store.session() as s:
            s.add(m.User(username="manager", display_name="主管", role_code="manager"))
        with SandboxServer(seed=7, cases=300, now=NOW, rate_limits=False, processing_seconds=(0.0, 0.3)) as sandbox:
            case_id, other_id = pick(store, sandbox, CaseKind.RETURN_REQUEST, refunded=False, n=2)
            (key,) = approve_and_enqueue(store, case_id)
            LoseCreateFeedAnswer(sandbox, "after")
            assert engine_for(store, sandbox, all_streams=False).run(account=EU)[0].status == "error"
            (other,) = approve_and_enqueue(store, other_id)
            assert engine_for(store, sandbox, all_streams=False).run(account=EU)[0].status == "ok"
            sandbox.advance(600)
            assert engine_for(store, sandbox).run(account=EU)[0].status == "ok"
            assert sent_keys(sandbox) == Counter({key: 1, other: 1})
            with store.reader() as s:
                rows = {r.adjustment_key: r.state for r in s.scalars(sa.select(m.RefundOutbox))}
                assert rows == {key: m.OutboxState.DONE, other: m.OutboxState.DONE}
                assert s.get(m.Case, case_id).state is CaseState.REFUNDED
                actions = s.scalars(sa.select(m.AuditEntry.action).where(m.AuditEntry.action.like("refund.%"))).all()
                assert "refund.unconfirmed" in actions and "refund.confirmed_by_event" in actions
    finally:
        store.close()
