"""Two installations (two stores) send refunds on ONE sandbox seller while createFeed is lost or killed; and
the refund fault harness (every fault kind on every feed request, kills, the second installation).

Each run queues refunds in both installations, sends them in a random order, and hits the first sender's
createFeed with one of: the request lost, the answer lost after Amazon created the feed, a 500, the sync
killed after claiming the rows (before createFeed) or after createFeed answered (before the feedId is
recorded). Every few runs the clock moves on and Finances brings the RefundEvents (the evidence). After every
run, over everything the sandbox ever received: no adjustment shown done (or its case 退款已提交/已退款)
without Amazon having it, none shown failed while Amazon accepted it, none sent twice, and no row carries a
feedId whose document does not contain it (nobody else's feed is adopted).
"""

from __future__ import annotations

import random
import time
from collections import Counter
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from sp_api.auth import access_token_client
from test_refund_kill import REGIONS, approve_and_enqueue, candidates

from acorn_desktop import models as m
from acorn_desktop.domain.cases import CaseState
from acorn_desktop.formats.adjustment_xml import merchant_adjustment_item_ids
from acorn_desktop.sandbox.faults import Fault, FaultPlan
from acorn_desktop.sandbox.server import SandboxServer
from acorn_desktop.services import audit, refunds
from acorn_desktop.services.demo import DEMO_ACCOUNTS, seed_demo
from acorn_desktop.services.demo_sync import sandbox_credentials
from acorn_desktop.storage.store import Store, StoreLocation
from acorn_desktop.sync.engine import SyncEngine
from acorn_desktop.sync.refund_feed import RefundFeedStream, RefundSettleStream
from acorn_desktop.sync.scheduler import Clock
from acorn_desktop.sync.streams import FinancesStream

RUNS = 50
SEED = 23
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
MODES = ("none", "drop", "drop_after", "500", "kill_before", "kill_after")
OPEN = (m.OutboxState.INTENDED, m.OutboxState.SUBMITTING, m.OutboxState.SUBMITTED)


class Killed(BaseException):
    """The sync process dies here (not an Exception: nothing in the sync may catch it)."""


class FaultyFeed(RefundFeedStream):
    def __init__(self) -> None:
        super().__init__(max_wait=5, poll_interval=0.1)
        self.mode = "none"

    def _create_feed(self, ctx, document_id, marketplace_id):
        mode, self.mode = self.mode, "none"
        if mode == "kill_before":
            raise Killed
        result = super()._create_feed(ctx, document_id, marketplace_id)
        if mode == "kill_after":
            raise Killed
        return result


class Installation:
    def __init__(self, name: str, data_dir, server: SandboxServer, *, clock: Clock | None = None) -> None:
        self.name = name
        self.store = Store.create(StoreLocation(data_dir))
        seed_demo(self.store, cases=600, seed=SEED, now=server.world.now0)
        with self.store.session() as s:
            s.add(m.User(username="manager", display_name="主管", role_code="manager"))
            for region, (account_name, _) in DEMO_ACCOUNTS.items():
                account = s.scalar(sa.select(m.SellerAccount).where(m.SellerAccount.name == account_name))
                account.active = region in REGIONS
        self.feed = FaultyFeed()
        credentials = sandbox_credentials(server)
        kw = dict(now=server.world.now, rate_limits=False, timeout=0.5 if clock else 5, clock=clock)
        self.sender = SyncEngine(self.store, credentials, streams=[self.feed], **kw)
        self.finances = SyncEngine(self.store, credentials, streams=[FinancesStream(), RefundSettleStream()], **kw)
        self.notes = 0  # sync warnings seen (another sender, feeds nobody here sent)

    def send(self, mode: str = "none") -> str:
        self.feed.mode = mode
        try:
            reports = self.sender.run()
        except Killed:
            return "killed"
        finally:
            self.feed.mode = "none"  # a kill not reached (no createFeed in this run) is not carried over
        for report in reports:
            for progress in report.streams.values():
                self.notes += len(progress.notes)
        return ",".join(r.status for r in reports)


def single_line(store, case_ids: list[int]) -> list[int]:
    """Cases refunded in one adjustment. A case on two lines of one SKU is spread over both lines, so a second
    case on the other line would find nothing left: such orders stay out of the pool (tests/test_refund_remainder.py
    covers them)."""
    with store.reader() as s:
        return [c for c in case_ids if len(refunds.default_breakdown(s, s.get(m.Case, c)).lines) == 1]


def sent(server) -> Counter:
    keys: Counter = Counter()
    for feed in list(server.world.feeds.values()):
        keys.update(merchant_adjustment_item_ids(server.world.documents[feed.input_document_id].data))
    return keys


def check(inst: Installation, server, run: int, valid: set[str], invalid: set[str]) -> Counter:
    world = server.world
    accepted = set(world.adjustments)
    # a snapshot: the sandbox's request threads may still be answering a killed installation's last request
    in_feed = {
        f.feed_id: set(merchant_adjustment_item_ids(world.documents[f.input_document_id].data))
        for f in list(world.feeds.values())
    }
    where = f"run {run}, installation {inst.name}"
    with inst.store.reader() as s:
        rows = list(s.scalars(sa.select(m.RefundOutbox)))
        states = Counter(r.state for r in rows)
        for row in rows:
            key = row.adjustment_key
            if row.state is m.OutboxState.DONE:
                assert key in accepted, f"{where}: {key} shown done, Amazon never had it"
            if row.state is m.OutboxState.FAILED:
                assert key not in accepted and key in invalid, f"{where}: {key} shown failed, Amazon accepted it"
            if row.feed_id is not None:
                assert key in in_feed.get(row.feed_id, ()), f"{where}: {key} carries another feed {row.feed_id}"
            assert row.state not in OPEN, f"{where}: {key} left {row.state}"
            case = s.get(m.Case, row.case_id)
            if case.state in (CaseState.REFUND_SUBMITTED, CaseState.REFUNDED):
                assert key in accepted, f"{where}: case #{case.id} {case.state} without Amazon having {key}"
            if case.state is CaseState.REFUND_FAILED:
                assert key not in accepted, f"{where}: case #{case.id} failed while Amazon accepted {key}"
        assert {r.adjustment_key for r in rows if r.state is m.OutboxState.FAILED} <= invalid
    return states


@pytest.fixture(autouse=True)
def fresh_token_cache():
    access_token_client.cache.clear()
    yield
    access_token_client.cache.clear()


def test_two_installations_with_lost_or_killed_create_feeds_never_lie_about_money(tmp_path):
    started = time.monotonic()
    rng = random.Random(1010)
    with SandboxServer(seed=SEED, cases=600, now=NOW, rate_limits=False, prefetch=False,
                       processing_seconds=(0.0, 0.2)) as server:  # fmt: skip
        a, b = Installation("A", tmp_path / "a", server), Installation("B", tmp_path / "b", server)
        valid_pool, invalid_pool = (single_line(a.store, pool) for pool in candidates(a.store, server))
        rng.shuffle(valid_pool)
        rng.shuffle(invalid_pool)
        for inst in (a, b):  # catch up on 180 days of Finances once, so later passes are short
            inst.finances.run()
        keys = {"A": set(), "B": set()}
        valid, invalid = set(), set()
        modes = Counter()
        for run in range(RUNS):
            first, second = (a, b) if rng.random() < 0.5 else (b, a)
            for inst in (first, second) if rng.random() < 0.8 else (first,):
                new = approve_and_enqueue(inst.store, [valid_pool.pop()])
                valid |= set(new)
                keys[inst.name] |= set(new)
                if invalid_pool and rng.random() < 0.2:
                    bad = approve_and_enqueue(inst.store, [invalid_pool.pop()], unseen_refunds=True)
                    invalid |= set(bad)
                    keys[inst.name] |= set(bad)
            mode = rng.choice(MODES)
            modes[mode] += 1
            if rng.random() < 0.5:
                second.send()  # the other installation's feed is already on the account
            if mode in ("drop", "drop_after", "500"):
                server.faults.add(mode, times=1, operations={"createFeed"})
            first.send(mode if mode.startswith("kill") else "none")
            server.faults.clear()
            for inst in (second, first, first):  # fault-free: restart after a kill, follow the feeds
                inst.send()
            if run % 5 == 4:  # the RefundEvents post: evidence that names the adjustments
                server.advance(600)
                for inst in (a, b):
                    inst.finances.run()
            sent_now = sent(server)
            twice = {k: n for k, n in sent_now.items() if n > 1}
            assert not twice, f"run {run} ({mode}): sent more than once: {twice}"
            assert set(sent_now) <= valid | invalid
            states = {inst.name: check(inst, server, run, valid, invalid) for inst in (a, b)}
        elapsed = time.monotonic() - started
        totals = states["A"] + states["B"]
        with a.store.reader() as s, b.store.reader() as t:
            for session in (s, t):
                assert audit.verify_chain(session).ok
            actions = Counter(s.scalars(sa.select(m.AuditEntry.action))) + Counter(
                t.scalars(sa.select(m.AuditEntry.action))
            )
        # the crux was really hit: unknown outcomes, feeds on the account nobody here sent, evidence resolving
        assert actions["refund.unconfirmed"] >= 5 and actions["refund.feed.foreign"] >= 5, actions
        assert actions["refund.confirmed_by_event"] >= 1 and totals[m.OutboxState.DONE] >= RUNS // 2, (actions, totals)
        assert "refund.feed.adopted" not in actions
        assert set(modes) == set(MODES) and a.notes + b.notes >= 5
        print(f"\n{RUNS} runs in {elapsed:.1f}s; modes {dict(modes)}; outbox {dict(totals)}")


# -- the fault harness: every kind of fault on every feed request, a second installation, kills ---------------
HARNESS_RUNS = 100
HARNESS_KINDS = ("429", "500", "503", "slow", "drop", "drop_after", "malformed", "truncated_gzip", "expire_token")
HARNESS_OPS = (None, frozenset({"createFeed"}), frozenset({"createFeedDocument", "documentUpload"}),
               frozenset({"getFeed", "getFeedDocument", "documentDownload"}), frozenset({"getFeeds"}),
               frozenset({"listFinancialEvents", "lwaToken"}))  # fmt: skip
RUN_BUDGET = 8.0  # seconds one faulty run may take (a slow answer costs the client timeout, not minutes)


def harness_plan(rng: random.Random, seed: int) -> FaultPlan:
    faults = []
    for kind in rng.sample(HARNESS_KINDS, rng.randint(1, 3)):
        operations = rng.choice(HARNESS_OPS)
        if kind in ("429", "expire_token", "drop_after") and operations and "lwaToken" in operations:
            operations = frozenset({"listFinancialEvents"})  # LWA answers 400/500, never 429 or 403
        faults.append(Fault(kind, rng.choice((0.1, 0.3, 0.6, 1.0)), rng.choice((1, 2, 5, None)), operations))
    return FaultPlan(faults, seed=seed, slow_seconds=0.8)  # beyond the client's 0.5 s timeout


def test_fault_harness_two_installations_every_fault_bounded_runs_nothing_lost_or_doubled(tmp_path):
    """≥ 100 randomized runs; each ends within RUN_BUDGET; compared with the fault-free outcome (valid → done,
    invalid → failed) the only difference faults may make is 待确认 — never a wrong done/failed or a double."""
    started = time.monotonic()
    rng = random.Random(6060)
    clock = Clock(scale=2000.0)  # the client's retry waits (a 429 on createFeed costs 120 s) on a fast clock
    with SandboxServer(seed=SEED, cases=600, now=NOW, rate_limits=False, prefetch=False,
                       processing_seconds=(0.0, 0.2)) as server:  # fmt: skip
        a = Installation("A", tmp_path / "a", server, clock=clock)
        b = Installation("B", tmp_path / "b", server, clock=clock)
        valid_pool, invalid_pool = (single_line(a.store, pool) for pool in candidates(a.store, server))
        rng.shuffle(valid_pool)
        rng.shuffle(invalid_pool)
        for inst in (a, b):
            inst.finances.run()
        valid, invalid = set(), set()
        slowest, kills = 0.0, 0
        for run in range(HARNESS_RUNS):
            first, second = (a, b) if rng.random() < 0.5 else (b, a)
            for inst in (first, second) if rng.random() < 0.6 else (first,):
                if valid_pool:
                    valid |= set(approve_and_enqueue(inst.store, [valid_pool.pop()]))
                if invalid_pool and rng.random() < 0.15:
                    invalid |= set(approve_and_enqueue(inst.store, [invalid_pool.pop()], unseen_refunds=True))
            server.faults = harness_plan(rng, seed=run)
            kill = rng.choice(("none", "none", "none", "kill_before", "kill_after"))
            t0 = time.monotonic()
            statuses = [second.send(), first.send(kill)] if rng.random() < 0.5 else [first.send(kill), second.send()]
            if run % 7 == 6:
                server.advance(600)
                for inst in (a, b):
                    inst.finances.run()
            took = time.monotonic() - t0
            slowest = max(slowest, took)
            kills += statuses.count("killed")
            assert took < RUN_BUDGET, f"run {run} took {took:.1f}s: {server.faults.faults}"
            server.faults = FaultPlan()
            for inst in (a, b, a, b):  # fault-free: settle what is left to send or follow
                server.advance(1)  # feeds finish processing (the client's waits run on its fast clock)
                inst.send()
            sent_now = sent(server)
            assert all(n == 1 for n in sent_now.values()), f"run {run}: sent twice {sent_now.most_common(3)}"
            assert set(sent_now) <= valid | invalid
            totals = check(a, server, run, valid, invalid) + check(b, server, run, valid, invalid)
            assert set(server.world.adjustments) <= valid, f"run {run}: Amazon accepted an invalid refund"
        server.advance(600)
        for inst in (a, b):
            inst.finances.run()
        totals = check(a, server, HARNESS_RUNS, valid, invalid) + check(b, server, HARNESS_RUNS, valid, invalid)
        elapsed = time.monotonic() - started
        with a.store.reader() as s, b.store.reader() as t:
            assert audit.verify_chain(s).ok and audit.verify_chain(t).ok
        assert kills >= 5 and totals[m.OutboxState.DONE] >= len(valid) // 3, (kills, totals)
        print(
            f"\nfault harness: {HARNESS_RUNS} runs in {elapsed:.1f}s (slowest faulty run {slowest:.1f}s), "
            f"{kills} kills; {len(valid)} valid + {len(invalid)} invalid refunds; outbox {dict(totals)}"
        )
