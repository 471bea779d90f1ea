"""Kill `acorn sync` (SIGKILL) while it sends refunds; restarted, it never sends an adjustment twice and never
shows one done that Amazon does not have: what the kill made unknown is 待确认 (unconfirmed).

The sandbox runs in this process (real time: the subprocess reads the real clock); each sync is a real
`acorn sync` subprocess talking to it over HTTP. Every run queues a random set of approved refunds — some the
sandbox must reject (their item was refunded already) — and kills the sync at a random feed request
(createFeedDocument, the upload, createFeed, getFeeds, getFeed, getFeedDocument, the report download), before
the sandbox answers or just after, a third of the time right after createFeed created the feed and before the
sync could record its feedId. Then syncs run until nothing is left to send or follow. Checked after every run,
over ALL feed documents the sandbox ever received: no adjustment was sent twice; done only if Amazon accepted
it, failed only with the sandbox's rejection, one never sent is 待确认; the audit chain holds.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import subprocess
import sys
import threading
from collections import Counter
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from acorn_desktop import models as m
from acorn_desktop.domain.cases import CaseKind, CaseState
from acorn_desktop.domain.marketplaces import Region
from acorn_desktop.formats.adjustment_xml import merchant_adjustment_item_ids
from acorn_desktop.sandbox.server import SandboxServer
from acorn_desktop.services import audit, refunds
from acorn_desktop.services.changes import Actor
from acorn_desktop.services.demo import DEMO_ACCOUNTS, seed_demo
from acorn_desktop.storage.secrets import SecretStore
from acorn_desktop.storage.store import Store, StoreLocation
from acorn_desktop.sync.client import Credentials
from acorn_desktop.sync.credentials import KeyringCredentials
from acorn_desktop.sync.engine import SyncEngine

RUNS = 20
SEED = 23
OPEN = (m.OutboxState.INTENDED, m.OutboxState.SUBMITTING, m.OutboxState.SUBMITTED)
REGIONS = (Region.EU, Region.NA)  # two sellers: the outbox is per account; FE is switched off to save time


class Killer:
    """Wraps the sandbox's request handler: SIGKILLs the sync at the ``at``-th feed request that matches."""

    def __init__(self, server: SandboxServer) -> None:
        self.server = server
        self.inner = server.handle
        self.lock = threading.Lock()
        self.at: int | None = None
        server.handle = self.handle

    def arm(self, pid: int, at: int, *, after: bool, delay: float, create_feed_only: bool) -> None:
        with self.lock:
            self.pid, self.at, self.after, self.delay, self.only = pid, at, after, delay, create_feed_only
            self.count, self.hit = 0, None

    def disarm(self) -> None:
        with self.lock:
            self.at = None

    def _feed_request(self, method: str, path: str) -> bool:
        if self.only:
            return method == "POST" and path == "/feeds/2021-06-30/feeds"
        if path.startswith(("/feeds/", "/_sandbox/uploads/")):
            return True
        if path.startswith("/_sandbox/documents/"):
            document = self.server.world.documents.get(path.rsplit("/", 1)[-1])
            return document is not None and document.content_type.startswith("text/xml")  # a processing report
        return False

    def _kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)

    def handle(self, method, raw_path, headers, body):
        path = raw_path.split("?")[0]
        with self.lock:
            fire = False
            if self.at is not None and self._feed_request(method, path):
                self.count += 1
                fire = self.count == self.at
                if fire:
                    self.hit = f"{method} {path.split('/')[-1][:24]} {'after' if self.after else 'before'}"
                    self.at = None
            after, delay = getattr(self, "after", False), getattr(self, "delay", 0.0)
        if fire and not after:
            self._kill()
            return None
        response = self.inner(method, raw_path, headers, body)
        if fire:
            threading.Timer(delay, self._kill).start()
        return response


def sync_process(data_dir) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "acorn_desktop.cli", "--data-dir", str(data_dir), "--json", "sync"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=dict(os.environ),
    )  # fmt: skip


def sent_keys(server) -> Counter:
    """Every MerchantAdjustmentItemID in every feed document the sandbox received (accepted or not)."""
    keys: Counter = Counter()
    for feed in list(server.world.feeds.values()):
        keys.update(merchant_adjustment_item_ids(server.world.documents[feed.input_document_id].data))
    return keys


# The demo world is generated around its start; a fixed start keeps the candidate pools (which refunds Amazon
# must accept or reject) the same every day instead of depending on today's date.
WORLD_NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)


def candidates(store, server) -> tuple[list[int], list[int]]:
    """(cases the sandbox will accept a full refund for, cases it must reject): one per order item."""
    world = server.world
    names = {DEMO_ACCOUNTS[r][0] for r in REGIONS}
    valid, invalid, items = [], [], set()
    with store.reader() as s:
        rows = s.scalars(
            sa.select(m.Case)
            .join(m.SellerAccount, m.SellerAccount.id == m.Case.account_id)
            .where(m.Case.kind.in_([CaseKind.RETURN_REQUEST, CaseKind.REFUND]), m.Case.order_id.is_not(None))
            .where(m.SellerAccount.name.in_(names))
            .order_by(m.Case.id)
        ).all()
        for case in rows:
            _, world_items, _ = world.find_order(case.amazon_order_id)
            item = next(i for i in world_items if i.sku == case.sku)
            if item.order_item_id in items:
                continue
            breakdown = refunds.default_breakdown(s, case)
            refunded = world.refunded_so_far(case.amazon_order_id, item.order_item_id)
            if refunded == 0 and case.state not in (CaseState.REFUNDED, CaseState.REFUND_SUBMITTED):
                valid.append(case.id)
            elif refunded and refunded + breakdown.total > item.charged and case.kind is CaseKind.RETURN_REQUEST:
                invalid.append(case.id)
            else:
                continue
            items.add(item.order_item_id)
    return valid, invalid


def approve_and_enqueue(store, case_ids, *, unseen_refunds: bool = False) -> list[str]:
    """Approve and queue; ``unseen_refunds``: the store has not seen Amazon's earlier refund of the order (its
    RefundEvent not synced yet), so only Amazon can refuse the refund — the services refuse what they know of."""
    keys = []
    with store.session() as s:
        manager = s.scalar(sa.select(m.User.id).where(m.User.username == "manager"))
        for case_id in case_ids:
            case = s.get(m.Case, case_id)
            if unseen_refunds:
                s.execute(sa.delete(m.FinancialEvent).where(m.FinancialEvent.amazon_order_id == case.amazon_order_id,
                                                            m.FinancialEvent.event_type == "RefundEvent"))  # fmt: skip
            case.state = CaseState.APPROVED
            approved = refunds.default_breakdown(s, case).total  # what a person approves: the refund's breakdown
            approval = m.Approval(case_id=case_id, amount=approved, currency=case.currency, reason="kill test",
                                  requested_by=manager, requested_at=datetime.now(UTC),
                                  status=m.ApprovalStatus.APPROVED, decided_by=manager)  # fmt: skip
            s.add(approval)
            s.flush()
            keys += [r.adjustment_key for r in refunds.enqueue_refund(s, case, Actor("manager", manager),
                                                                      approval_id=approval.id)]  # fmt: skip
    return keys


def prepare(data_dir, server) -> Store:
    store = Store.create(StoreLocation(data_dir))
    seed_demo(store, cases=600, seed=SEED, now=server.world.now0)
    credentials = KeyringCredentials(SecretStore())
    with store.session() as s:
        s.add(m.User(username="manager", display_name="主管", role_code="manager"))
        for region, (name, _) in DEMO_ACCOUNTS.items():
            account = s.scalar(sa.select(m.SellerAccount).where(m.SellerAccount.name == name))
            account.active = region in REGIONS
            account.endpoint, account.lwa_endpoint = server.endpoint, server.lwa_endpoint
            credentials.store(account.id, Credentials("app", "secret", server.account(region).refresh_token))
    # catch up once in-process (orders and returns reports, 180 days of events) so each killed sync is short
    engine = SyncEngine(store, credentials, rate_limits=False)
    for _ in range(2):
        engine.run()
    return store


@pytest.mark.slow
def test_killed_refund_syncs_send_every_adjustment_exactly_once(data_dir, isolated_keyring):
    rng = random.Random(5150)
    with SandboxServer(seed=SEED, cases=600, rate_limits=False, prefetch=False, now=WORLD_NOW,
                       processing_seconds=(0.0, 0.2)) as server:  # fmt: skip
        store = prepare(data_dir, server)
        valid_pool, invalid_pool = candidates(store, server)
        store.close()
        assert len(valid_pool) >= 3 * RUNS and len(invalid_pool) >= RUNS // 2, (len(valid_pool), len(invalid_pool))
        rng.shuffle(valid_pool)
        rng.shuffle(invalid_pool)
        killer = Killer(server)
        valid_keys: set[str] = set()
        invalid_keys: set[str] = set()
        kills, hits = 0, []
        for run in range(RUNS):
            store = Store.open(StoreLocation(data_dir))
            try:
                valid_keys |= set(approve_and_enqueue(store, [valid_pool.pop() for _ in range(rng.randint(1, 3))]))
                if rng.random() < 0.5:
                    invalid_keys |= set(approve_and_enqueue(store, [invalid_pool.pop()], unseen_refunds=True))
            finally:
                store.close()
            proc = sync_process(data_dir)
            create_feed_only = rng.random() < 1 / 3
            killer.arm(
                proc.pid,
                at=1 if create_feed_only else rng.randint(1, 9),
                after=True if create_feed_only else rng.random() < 0.5,
                delay=0.0 if create_feed_only else rng.choice((0.0, 0.005, 0.02, 0.05)),
                create_feed_only=create_feed_only,
            )
            proc.communicate(timeout=120)
            killer.disarm()
            if proc.returncode == -signal.SIGKILL:
                kills += 1
                hits.append(killer.hit)
            for attempt in range(8):  # sync again until nothing is left to send or to follow
                check = Store.open(StoreLocation(data_dir))
                try:
                    with check.reader() as s:
                        left = s.scalar(sa.select(sa.func.count()).where(m.RefundOutbox.state.in_(OPEN)))
                finally:
                    check.close()
                if not left:
                    break
                again = sync_process(data_dir)
                out, err = again.communicate(timeout=120)
                assert again.returncode in (0, 1), f"run {run}/{attempt}: {again.returncode} {out[-800:]} {err[-800:]}"
            else:
                pytest.fail(f"run {run}: {left} refund(s) still open after the kill ({killer.hit})")

            sent = sent_keys(server)
            twice = {k: n for k, n in sent.items() if n > 1}
            assert not twice, f"run {run}: sent more than once after a kill at {killer.hit}: {twice}"
            assert set(sent) <= valid_keys | invalid_keys, f"run {run}: unknown adjustments"
            accepted = set(server.world.adjustments)
            assert accepted <= valid_keys, f"run {run}: accepted set differs"
            check = Store.open(StoreLocation(data_dir))
            try:
                with check.reader() as s:
                    rows = {r.adjustment_key: r for r in s.scalars(sa.select(m.RefundOutbox))}
                    states = {k: r.state for k, r in rows.items()}
                    # evidence before state: done only if Amazon has it, failed only if Amazon rejected it, and
                    # whatever the kill made unknown is 待确认 — never adopted, never sent again on its own
                    assert {states[k] for k in valid_keys} <= {m.OutboxState.DONE, m.OutboxState.UNCONFIRMED}
                    assert {states[k] for k in invalid_keys} <= {m.OutboxState.FAILED, m.OutboxState.UNCONFIRMED}
                    for key, state in states.items():
                        assert (state is m.OutboxState.DONE) <= (key in accepted), f"run {run}: {key} done, not sent"
                        if key not in sent:
                            assert state is m.OutboxState.UNCONFIRMED, f"run {run}: {key} {state} but never sent"
                    for key in invalid_keys:
                        if states[key] is m.OutboxState.FAILED:
                            assert "exceeds the amount still refundable" in rows[key].error_message
                            assert s.get(m.Case, rows[key].case_id).state is CaseState.REFUND_FAILED
                    for key in valid_keys:
                        case_state = s.get(m.Case, rows[key].case_id).state
                        if states[key] is m.OutboxState.DONE:
                            assert case_state in (CaseState.REFUND_SUBMITTED, CaseState.REFUNDED), f"run {run}"
                        else:
                            assert case_state is CaseState.APPROVED, f"run {run}: {key} {case_state}"
                    chain = audit.verify_chain(s)
                    assert chain.ok, f"run {run}: audit chain broken at {chain.first_bad_id}"
                    actions = Counter(s.scalars(sa.select(m.AuditEntry.action).where(
                        m.AuditEntry.action.like("refund.%"))))  # fmt: skip
            finally:
                check.close()
        assert kills >= RUNS // 2, f"only {kills} of {RUNS} runs were actually killed: {hits}"
        # the crux was really hit: outcomes made unknown by a kill are 待确认, and nothing was adopted
        assert actions["refund.unconfirmed"] >= 1 and not actions["refund.feed.adopted"], (actions, hits)
        assert len(valid_keys) >= RUNS and invalid_keys
