"""Kill `acorn sync` (SIGKILL) at random points, restart it, and it converges to the sandbox's truth.

The sandbox runs in this process; the sync runs as a real `acorn sync` subprocess against it over HTTP.
The kill is triggered from the sandbox's request handler at a randomly chosen request, either before
answering (the client dies waiting) or shortly after (the client dies while processing/committing).
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import subprocess
import sys
import threading

import pytest
import sqlalchemy as sa

from acorn_desktop import models as m
from acorn_desktop.domain.marketplaces import Region
from acorn_desktop.formats.finance_events import normalise
from acorn_desktop.sandbox.server import SandboxServer
from acorn_desktop.services import audit
from acorn_desktop.services.accounts import add_account
from acorn_desktop.storage.secrets import SecretStore
from acorn_desktop.storage.store import Store, StoreLocation
from acorn_desktop.sync.client import Credentials
from acorn_desktop.sync.credentials import KeyringCredentials

RUNS = 20


class Killer:
    """Wraps the sandbox's request handler: at request number ``at`` it SIGKILLs the sync process."""

    def __init__(self, server: SandboxServer) -> None:
        self.server = server
        self.inner = server.handle
        self.lock = threading.Lock()
        self.count = 0
        self.at: int | None = None
        self.after = False
        self.pid: int | None = None
        self.fired = threading.Event()
        server.handle = self.handle

    def arm(self, pid: int, at: int, after: bool, delay: float) -> None:
        with self.lock:
            self.count, self.pid, self.at, self.after, self.delay = 0, pid, at, after, delay
            self.fired.clear()

    def disarm(self) -> None:
        with self.lock:
            self.at = None

    def _kill(self) -> None:
        if self.pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
        self.fired.set()

    def handle(self, method, raw_path, headers, body):
        with self.lock:
            self.count += 1
            fire = self.at is not None and self.count == self.at
            after, delay = self.after, getattr(self, "delay", 0.0)
        if fire and not after:
            self._kill()
            return None
        response = self.inner(method, raw_path, headers, body)
        if fire:
            threading.Timer(delay, self._kill).start()
        return response


def truth_of(server) -> set[str]:
    digests = set()
    for event in server.world.financial_events():
        digests.update(r.raw_digest for r in normalise({event.list_name: [event.data]}))
    return digests


def sync_process(data_dir) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "acorn_desktop.cli", "--data-dir", str(data_dir), "--json", "sync"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=dict(os.environ),
    )  # fmt: skip


@pytest.mark.slow
def test_killed_sync_resumes_to_the_same_state(data_dir, isolated_keyring):
    rng = random.Random(4242)
    # the subprocess reads the real clock, so this sandbox lives in real time too
    with SandboxServer(seed=5, cases=150, rate_limits=False, prefetch=False) as server:
        truth = truth_of(server)
        killer = Killer(server)
        store = Store.create(StoreLocation(data_dir))
        credentials = KeyringCredentials(SecretStore())
        with store.session() as session:
            for account in server.accounts:
                codes = [mk["code"] for mk in account["marketplaces"]]
                row = add_account(
                    session,
                    name=f"sandbox-{account['region']}",
                    region=Region(account["region"]),
                    marketplaces=codes,
                    selling_partner_id=account["selling_partner_id"],
                    endpoint=server.endpoint,
                    lwa_endpoint=server.lwa_endpoint,
                )
                credentials.store(row.id, Credentials("app", "secret", account["refresh_token"]))
        store.close()
        requests_per_full_sync = 12  # LWA + a few pages for each of three sellers

        kills = 0
        for run in range(RUNS):
            proc = sync_process(data_dir)
            killer.arm(
                proc.pid,
                at=rng.randint(1, requests_per_full_sync),
                after=rng.random() < 0.5,
                delay=rng.choice((0.0, 0.005, 0.02, 0.05)),
            )
            proc.wait(timeout=120)
            killer.disarm()
            if proc.returncode == -signal.SIGKILL:
                kills += 1
            # restart until it finishes on its own
            for _ in range(5):
                again = sync_process(data_dir)
                out, err = again.communicate(timeout=120)
                if again.returncode == 0:
                    break
            else:
                pytest.fail(
                    f"run {run}: sync still failing after the kill ({again.returncode}): {out[-1500:]} {err[-1500:]}"
                )
            check = Store.open(StoreLocation(data_dir))
            try:
                with check.reader() as s:
                    digests = list(s.scalars(sa.select(m.FinancialEvent.raw_digest)))
                    refs = s.execute(sa.select(m.Case.account_id, m.Case.kind, m.Case.source_ref)).all()
                    chain = audit.verify_chain(s)
            finally:
                check.close()
            assert len(digests) == len(set(digests)), f"run {run}: duplicated events"
            assert set(digests) == truth, f"run {run}: lost events"
            assert len(refs) == len(set(refs)), f"run {run}: duplicated cases"
            assert chain.ok, f"run {run}: audit chain broken at {chain.first_bad_id}"
            # start the next run from scratch half of the time, so kills also hit first-time syncs
            if rng.random() < 0.5:
                wipe = Store.open(StoreLocation(data_dir))
                with wipe.session() as s:
                    s.execute(sa.delete(m.CaseEvent))
                    s.execute(sa.delete(m.FinancialEvent))
                    s.execute(sa.delete(m.Case))
                    s.execute(sa.delete(m.SyncCursor))
                wipe.close()
        assert kills >= RUNS // 2, f"only {kills} of {RUNS} runs were actually killed"
