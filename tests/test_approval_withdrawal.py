"""撤回申请: the requester (or an admin) withdraws a pending refund request — the case is back to 处理中, one audit
entry, on the timeline, never a refund in the outbox; someone else's request and an approved one are refused."""

from __future__ import annotations

from decimal import Decimal

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher
from reply_world import PASSWORD, make_people, make_world

from acorn_desktop import models as m
from acorn_desktop.domain.cases import CaseState
from acorn_desktop.errors import InputError, InvalidTransitionError, PermissionDeniedError
from acorn_desktop.models import ApprovalStatus
from acorn_desktop.services import users
from acorn_desktop.services.approval_withdrawal import WithdrawalServices, withdraw_request
from acorn_desktop.services.approvals import ApprovalServices, Decision
from acorn_desktop.services.changes import Actor, StaleCaseError

RATES = {"EUR": Decimal("7.8"), "USD": Decimal("7.2")}


@pytest.fixture(autouse=True)
def fast_hashing(monkeypatch):
    monkeypatch.setattr(users, "HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture
def world(store):
    people = make_people(store)
    info = users.create_user(store, people["admin"], "colleague", "同事", "cs", PASSWORD)
    people["colleague"] = Actor(info.username, info.id)
    approvals = ApprovalServices(store, rates=RATES)
    ids = make_world(store)
    return {"store": store, "people": people, "ids": ids, "approvals": approvals,
            "withdrawals": WithdrawalServices(store)}  # fmt: skip


def request(world, case: str = "return") -> int:
    result = world["approvals"].request(world["people"]["agent"], [world["ids"][case]], "金额超过我的额度")
    [approval_id] = result.outcomes[0].approval_ids
    return approval_id


def counts(store) -> dict[str, int]:
    with store.reader() as session:
        return {model.__tablename__: session.scalar(sa.select(sa.func.count()).select_from(model))
                for model in (m.AuditEntry, m.CaseEvent, m.RefundOutbox)}  # fmt: skip


def load(store, model, key):
    with store.reader() as session:
        row = session.get(model, key)
        session.expunge(row)
        return row


def test_the_requester_withdraws_a_pending_request(world):
    store, agent, case_id = world["store"], world["people"]["agent"], world["ids"]["return"]
    approval_id = request(world)
    own = world["withdrawals"].own_request(agent, case_id)
    assert own is not None and own.approval_id == approval_id and own.amount == "39.99 EUR"
    before = counts(store)
    result = world["withdrawals"].withdraw(agent, approval_id, "买家已撤销退货", expected_version=own.case_version)
    assert result.approval_ids == (approval_id,) and result.case_state is CaseState.IN_PROGRESS
    approval, case = load(store, m.Approval, approval_id), load(store, m.Case, case_id)
    assert approval.status is ApprovalStatus.WITHDRAWN and approval.decided_by == agent.user_id
    assert "买家已撤销退货" in approval.comment
    assert case.state is CaseState.IN_PROGRESS
    after = counts(store)
    assert after["audit_entries"] == before["audit_entries"] + 1  # one audit entry
    assert after["refund_outbox"] == before["refund_outbox"] == 0  # never a refund
    with store.reader() as session:
        entry = session.scalars(sa.select(m.AuditEntry).order_by(m.AuditEntry.id.desc()).limit(1)).one()
        session.expunge(entry)
        events = session.execute(
            sa.select(m.CaseEvent.kind, m.CaseEvent.summary).where(m.CaseEvent.case_id == case_id)
        ).all()
    assert entry.action == "approval.withdrawn" and entry.entity_id == str(case_id)
    assert entry.payload["approval_ids"] == [approval_id] and entry.payload["reason"] == "买家已撤销退货"
    assert entry.payload["from"] == "awaiting_approval" and entry.payload["to"] == "in_progress"
    withdrawn = [summary for kind, summary in events if kind == "approval_withdrawn"]
    assert len(withdrawn) == 1 and "撤回审批申请" in withdrawn[0] and "买家已撤销退货" in withdrawn[0]
    assert world["withdrawals"].own_request(agent, case_id) is None  # nothing left to withdraw
    assert world["approvals"].pending_for(world["people"]["manager"]) == []  # the approver no longer sees it
    assert world["approvals"].request(agent, [case_id], "再次申请").outcomes[0].outcome == "pending"  # can ask again


def test_someone_elses_request_is_refused_and_changes_nothing(world):
    store, case_id = world["store"], world["ids"]["return"]
    approval_id = request(world)
    before = counts(store)
    assert world["withdrawals"].own_request(world["people"]["colleague"], case_id) is None
    with pytest.raises(PermissionDeniedError) as refused:
        world["withdrawals"].withdraw(world["people"]["colleague"], approval_id, "不是我的")
    assert "只有申请人本人或管理员" in refused.value.zh
    with pytest.raises(PermissionDeniedError):
        world["withdrawals"].withdraw(world["people"]["manager"], approval_id, "主管也不行")
    assert counts(store) == before
    assert load(store, m.Approval, approval_id).status is ApprovalStatus.PENDING
    assert load(store, m.Case, case_id).state is CaseState.AWAITING_APPROVAL


def test_an_administrator_may_withdraw_anyones_request(world):
    approval_id = request(world)
    own = world["withdrawals"].own_request(world["people"]["admin"], world["ids"]["return"])
    assert own is not None and own.approval_id == approval_id
    result = world["withdrawals"].withdraw(world["people"]["admin"], approval_id, "申请人已离职")
    assert result.case_state is CaseState.IN_PROGRESS


def test_an_approved_request_cannot_be_withdrawn(world):
    store, agent, case_id = world["store"], world["people"]["agent"], world["ids"]["claim"]
    approval_id = request(world, "claim")
    world["approvals"].decide(world["people"]["manager"], approval_id, Decision.APPROVE, "同意")
    before = counts(store)
    with pytest.raises(InputError) as refused:
        world["withdrawals"].withdraw(agent, approval_id, "改主意了")
    assert "已批准,不能撤回" in refused.value.zh and "already approved" in refused.value.en
    assert counts(store) == before
    assert load(store, m.Approval, approval_id).status is ApprovalStatus.APPROVED
    assert load(store, m.Case, case_id).state is CaseState.APPROVED
    assert world["withdrawals"].own_request(agent, case_id) is None


def test_a_rejected_request_a_missing_reason_and_a_stale_case_are_refused(world):
    agent = world["people"]["agent"]
    approval_id = request(world)
    with pytest.raises(InputError):
        world["withdrawals"].withdraw(agent, approval_id, "   ")
    with pytest.raises(StaleCaseError):
        world["withdrawals"].withdraw(agent, approval_id, "理由", expected_version=0)
    world["approvals"].decide(world["people"]["manager"], approval_id, Decision.REJECT, "证据不足")
    with pytest.raises(InputError) as refused:
        world["withdrawals"].withdraw(agent, approval_id, "理由")
    assert "已处理" in refused.value.zh
    with pytest.raises(InputError):
        world["withdrawals"].withdraw(agent, 99_999, "理由")


def test_the_function_works_inside_the_callers_transaction(world):
    store, agent = world["store"], world["people"]["agent"]
    approval_id = request(world)
    with pytest.raises(RuntimeError), store.session() as session:
        withdraw_request(session, approval_id, agent, "稍后回滚")
        raise RuntimeError("the caller fails after")  # everything is rolled back with the caller's transaction
    assert load(store, m.Approval, approval_id).status is ApprovalStatus.PENDING
    with store.session() as session:
        withdraw_request(session, approval_id, agent, "这次提交")
    assert load(store, m.Approval, approval_id).status is ApprovalStatus.WITHDRAWN
    # the approval row forced back to pending: the case is not awaiting approval, so nothing is withdrawn
    with pytest.raises(InvalidTransitionError), store.session() as session:
        session.get(m.Approval, approval_id).status = ApprovalStatus.PENDING
        session.flush()
        withdraw_request(session, approval_id, agent, "再撤一次")


@pytest.mark.postgres
def test_team_mode_withdraws_on_postgresql(pg_url, data_dir):
    from acorn_desktop.storage.store import Store, StoreLocation

    store = Store.open(StoreLocation(data_dir, db_url=pg_url))
    try:
        people, ids = make_people(store), make_world(store)
        approvals = ApprovalServices(store, rates=RATES)
        [approval_id] = approvals.request(people["agent"], [ids["return"]], "超过额度").outcomes[0].approval_ids
        with pytest.raises(PermissionDeniedError):
            WithdrawalServices(store).withdraw(people["manager"], approval_id, "不是我的")
        result = WithdrawalServices(store).withdraw(people["agent"], approval_id, "买家已撤销退货")
        assert result.case_state is CaseState.IN_PROGRESS
        assert load(store, m.Approval, approval_id).status is ApprovalStatus.WITHDRAWN
        assert counts(store)["refund_outbox"] == 0
    finally:
        store.close()
