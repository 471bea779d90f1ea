"""The person who asked for a refund is told, once, when the sync submits it (退款已提交) and when Amazon's
RefundEvent credits it (已退款) — a notification for that user, written with the state change, never doubled by
another sync; a refund queued without an approval tells nobody."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sandbox_cases
import sqlalchemy as sa
from sp_api.auth import access_token_client

from acorn_desktop import models as m
from acorn_desktop.domain.cases import CaseKind, CaseState
from acorn_desktop.sandbox.server import SandboxServer
from acorn_desktop.services import refunds
from acorn_desktop.services.changes import Actor
from acorn_desktop.services.demo import DEMO_ACCOUNTS, seed_demo
from acorn_desktop.services.demo_sync import sandbox_credentials
from acorn_desktop.services.notifications import REFUND_CREDITED, REFUND_SUBMITTED, NotificationServices
from acorn_desktop.sync.engine import SyncEngine
from acorn_desktop.sync.orders_stream import OrdersStream
from acorn_desktop.sync.refund_feed import RefundFeedStream, RefundSettleStream
from acorn_desktop.sync.streams import FinancesStream

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
EU = DEMO_ACCOUNTS[next(r for r in DEMO_ACCOUNTS if r.value == "eu")][0]


@pytest.fixture(autouse=True)
def fresh_token_cache():
    access_token_client.cache.clear()
    yield
    access_token_client.cache.clear()


@pytest.fixture
def sandbox():
    with SandboxServer(seed=7, cases=300, now=NOW, rate_limits=False, processing_seconds=(0.0, 0.3)) as server:
        yield server


@pytest.fixture
def people(store):
    seed_demo(store, cases=300, seed=7, now=NOW)
    with store.session() as s:
        ids = {}
        for role in ("operator", "manager"):
            user = m.User(username=role, display_name=role, role_code=role)
            s.add(user)
            s.flush()
            ids[role] = user.id
    return store, ids


def sync(store, server) -> None:
    streams = [OrdersStream(), RefundFeedStream(max_wait=5, poll_interval=0.1), FinancesStream(), RefundSettleStream()]
    engine = SyncEngine(store, sandbox_credentials(server), now=server.world.now, rate_limits=False, timeout=10,
                        streams=streams)  # fmt: skip
    reports = engine.run(account=EU)
    assert [r.status for r in reports] == ["ok"], [r.error for r in reports]


def requested_and_queued(store, case_id: int, requester: int, approver: int, *, with_approval: bool = True) -> None:
    with store.session() as s:
        case = s.get(m.Case, case_id)
        case.state = CaseState.APPROVED
        approval_id = None
        if with_approval:
            approval = m.Approval(case_id=case_id, amount=case.amount, currency=case.currency, reason="test",
                                  requested_by=requester, requested_at=NOW, status=m.ApprovalStatus.APPROVED,
                                  decided_by=approver)  # fmt: skip
            s.add(approval)
            s.flush()
            approval_id = approval.id
        refunds.enqueue_refund(s, case, Actor("manager", approver), approval_id=approval_id)


def notes(store) -> list[tuple[int, str, int]]:
    with store.reader() as s:
        rows = s.execute(
            sa.select(m.UserNotification.user_id, m.UserNotification.kind, m.UserNotification.case_id).order_by(
                m.UserNotification.id
            )
        )
        return [tuple(r) for r in rows]


def state(store, case_id: int) -> CaseState:
    with store.reader() as s:
        return s.get(m.Case, case_id).state


def test_the_requester_hears_once_when_the_refund_is_submitted_and_once_when_it_is_credited(people, sandbox):
    store, ids = people
    refund_case, return_case = (
        sandbox_cases.pick(store, sandbox, kind, refunded=False, account=EU, exclude=(), n=1)[0]
        for kind in (CaseKind.REFUND, CaseKind.RETURN_REQUEST)
    )
    for case_id in (refund_case, return_case):
        requested_and_queued(store, case_id, ids["operator"], ids["manager"])
    assert notes(store) == []

    sync(store, sandbox)
    assert {state(store, c) for c in (refund_case, return_case)} == {CaseState.REFUND_SUBMITTED}
    submitted = [(ids["operator"], REFUND_SUBMITTED, c) for c in sorted((refund_case, return_case))]
    assert sorted(notes(store)) == sorted(submitted)  # the requester, not the approver who queued it
    sync(store, sandbox)  # nothing new: nothing said twice
    assert sorted(notes(store)) == sorted(submitted)

    sandbox.advance(600)  # the RefundEvents are older than the Finances safety lag now
    sync(store, sandbox)
    assert {state(store, c) for c in (refund_case, return_case)} == {CaseState.REFUNDED}
    credited = [(ids["operator"], REFUND_CREDITED, c) for c in (refund_case, return_case)]
    assert sorted(notes(store)) == sorted(submitted + credited)  # via the intake (refund) and the settling (return)
    sandbox.advance(600)
    sync(store, sandbox)
    assert len(notes(store)) == 4

    services = NotificationServices(store)
    assert services.unread_count(ids["operator"]) == 4 and services.unread_count(ids["manager"]) == 0
    shown = services.recent(ids["operator"])
    assert {n.case_id for n in shown} == {refund_case, return_case} and not any(n.read for n in shown)
    assert all(n.amazon_order_id and n.amount and len(n.currency) == 3 for n in shown)
    assert services.mark_read(ids["manager"], [n.id for n in shown]) == 0  # not theirs
    assert services.mark_read(ids["operator"], [n.id for n in shown]) == 4
    assert services.unread_count(ids["operator"]) == 0
    assert all(n.read for n in services.recent(ids["operator"]))


def test_a_refund_queued_without_an_approval_tells_nobody(people, sandbox):
    store, ids = people
    case_id = sandbox_cases.pick(store, sandbox, CaseKind.REFUND, refunded=False, account=EU, exclude=(), n=1)[0]
    requested_and_queued(store, case_id, ids["operator"], ids["manager"], with_approval=False)
    sync(store, sandbox)
    assert state(store, case_id) is CaseState.REFUND_SUBMITTED and notes(store) == []
