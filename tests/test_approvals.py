"""Approval requests and decisions: routing, levels, four-eyes, CNY limits, batches, audit and timeline.

Routing (services.rules.route_case) and the refund outbox (services.refunds) are replaced by stand-ins here, so
each test decides what a case is routed to and sees exactly which refunds were queued.
"""

from __future__ import annotations

import importlib
import sys
import types
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher

from acorn_desktop import models as m
from acorn_desktop.domain.cases import CaseKind, CaseState
from acorn_desktop.errors import InputError, InvalidTransitionError, PermissionDeniedError
from acorn_desktop.models import Approval, ApprovalStatus, AuditEntry, Case, CaseEvent, RefundOutbox, RuleAction
from acorn_desktop.services import audit, users
from acorn_desktop.services.approvals import ApprovalServices, Decision
from acorn_desktop.services.changes import Actor, StaleCaseError
from acorn_desktop.services.users import LoginFailedError

PASSWORD = "correct horse battery"
ROLES = ("cs", "operator", "manager", "finance", "admin")


# -- stand-ins for the rules and refunds services ----------------------------------------------------------------
class Routing(types.SimpleNamespace):
    pass


class Collaborators:
    """What the stand-ins were asked: routes to answer, refunds queued."""

    def __init__(self) -> None:
        self.routes: dict[int, Routing] = {}
        self.enqueued: list[dict] = []
        self.fail_enqueue = False

    def route_case(self, session, case, rates=None):
        return self.routes.get(case.id)

    def default_breakdown(self, session, case):
        components = {"Principal": case.amount - Decimal("2.00"), "Shipping": Decimal("2.00")}
        return types.SimpleNamespace(
            components=components, adjustment_reason="CustomerReturn", currency=case.currency, total=case.amount
        )

    def enqueue_refund(self, session, case, who, *, approval_id=None, components=None, adjustment_reason=None,
                       request_id=None):  # fmt: skip
        if self.fail_enqueue:
            raise RuntimeError("outbox unavailable")
        self.enqueued.append({"case_id": case.id, "who": who.name, "approval_id": approval_id,
                              "components": components, "adjustment_reason": adjustment_reason})  # fmt: skip
        row = RefundOutbox(
            case_id=case.id, approval_id=approval_id, adjustment_key=f"{case.id}-{approval_id}",
            amazon_order_id=case.amazon_order_id or "-", adjustment_reason=adjustment_reason or "CustomerReturn",
            components={k: str(v) for k, v in (components or {}).items()}, amount=case.amount, currency=case.currency,
        )  # fmt: skip
        session.add(row)
        session.flush()
        return [row]


def patch_module(monkeypatch, name: str, **functions) -> None:
    """Set functions on ``acorn_desktop.services.<name>``, installing an empty module if it is not there yet."""
    full = f"acorn_desktop.services.{name}"
    try:
        module = importlib.import_module(full)
    except ModuleNotFoundError:
        module = types.ModuleType(full)
        monkeypatch.setitem(sys.modules, full, module)
    for attr, fn in functions.items():
        monkeypatch.setattr(module, attr, fn, raising=False)


@pytest.fixture
def world(monkeypatch) -> Collaborators:
    fake = Collaborators()
    patch_module(monkeypatch, "rules", route_case=fake.route_case)
    patch_module(monkeypatch, "refunds", default_breakdown=fake.default_breakdown, enqueue_refund=fake.enqueue_refund)
    monkeypatch.setattr(users, "HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    return fake


# -- people and cases ------------------------------------------------------------------------------------------
@pytest.fixture
def people(store, world) -> dict[str, Actor]:
    admin_info = users.create_user(store, None, "admin", "管理员甲", "admin", PASSWORD)
    admin = Actor(admin_info.username, admin_info.id)
    result = {"admin": admin}
    for name, role in [("cs", "cs"), ("operator", "operator"), ("operator2", "operator"), ("manager", "manager"),
                       ("manager2", "manager"), ("finance", "finance"), ("finance2", "finance")]:  # fmt: skip
        info = users.create_user(store, admin, name, f"{name}-显示名", role, PASSWORD)
        result[name] = Actor(info.username, info.id)
    return result


@pytest.fixture
def svc(store) -> ApprovalServices:
    return ApprovalServices(store)


@pytest.fixture
def account_id(store) -> int:
    with store.session() as session:
        account = m.SellerAccount(name="店铺A", region="eu", selling_partner_id="A1SELLER", is_sandbox=True)
        session.add(account)
        session.flush()
        return account.id


_refs = iter(range(1, 10_000))


def add_case(store, account_id: int, amount="19.99", currency="EUR", *, kind=CaseKind.REFUND, marketplace="DE",
             state=CaseState.NEW, risk=0, order=None, policy_id=None) -> int:  # fmt: skip
    opened = datetime(2026, 11, 20, 8, 30, tzinfo=UTC)
    with store.session() as session:
        case = Case(
            account_id=account_id, marketplace_code=marketplace, kind=kind, state=state, source="manual",
            source_ref=f"R-{next(_refs)}", amazon_order_id="302-1234567-1234567", amount=Decimal(amount),
            currency=currency, opened_at=opened, deadline_at=opened + timedelta(days=2), risk_score=risk,
            order_id=order, policy_id=policy_id,
        )  # fmt: skip
        session.add(case)
        session.flush()
        return case.id


def case_state(store, case_id: int) -> CaseState:
    with store.reader() as session:
        return session.get(Case, case_id).state


def approvals_of(store, case_id: int) -> list[Approval]:
    with store.reader() as session:
        rows = list(session.scalars(sa.select(Approval).where(Approval.case_id == case_id).order_by(Approval.id)))
        session.expunge_all()
        return rows


def snapshot(store) -> dict:
    with store.reader() as session:
        return {
            "cases": sorted(session.execute(sa.select(Case.id, Case.state, Case.version, Case.assignee_id)).all()),
            "approvals": sorted(
                session.execute(sa.select(Approval.id, Approval.status, Approval.decided_by, Approval.comment)).all()
            ),
            "counts": {t.__tablename__: session.scalar(sa.select(sa.func.count()).select_from(t))
                       for t in (AuditEntry, CaseEvent, RefundOutbox)},
        }  # fmt: skip


def audit_of(store, request_id: str) -> list[AuditEntry]:
    with store.reader() as session:
        assert audit.verify_chain(session).ok
        rows = list(session.scalars(sa.select(AuditEntry).where(AuditEntry.request_id == request_id)))
        session.expunge_all()
        return rows


def request_one(svc, who, case_id, **kw) -> int:
    result = svc.request(who, [case_id], kw.pop("reason", "超出客服权限"), **kw)
    return result.outcomes[0].approval_ids[0]


# -- requests --------------------------------------------------------------------------------------------------
def test_request_without_a_rule_opens_one_level(store, svc, people, account_id, world):
    case_id = add_case(store, account_id, "19.99")
    result = svc.request(people["cs"], [case_id], "买家退货,金额超过客服权限")
    [outcome] = result.outcomes
    assert outcome.outcome == "pending" and outcome.levels == 1 and outcome.rule_name is None
    assert outcome.amount_cny == Decimal("19.99") * Decimal("7.80")
    [approval] = approvals_of(store, case_id)
    assert (approval.level, approval.status, approval.required_role) == (1, ApprovalStatus.PENDING, None)
    assert approval.requested_by == people["cs"].user_id and approval.reason == "买家退货,金额超过客服权限"
    assert approval.components == {"Principal": "17.99", "Shipping": "2.00"}
    assert approval.adjustment_reason == "CustomerReturn" and approval.amount == Decimal("19.99")
    assert case_state(store, case_id) is CaseState.AWAITING_APPROVAL
    with store.reader() as session:
        kinds = list(session.scalars(sa.select(CaseEvent.kind).where(CaseEvent.case_id == case_id)))
    assert kinds.count("approval_requested") == 1 and kinds.count("state_changed") == 1
    [entry] = audit_of(store, result.request_id)
    assert entry.action == "case.approval_requested" and entry.actor == "cs"
    assert world.enqueued == []


def test_request_with_an_edited_breakdown(store, svc, people, account_id):
    case_id = add_case(store, account_id, "30.00")
    approval_id = request_one(
        svc, people["operator"], case_id,
        components={"Principal": "25.00", "Tax": Decimal("4.75"), "RestockingFee": "-5.00"},
        adjustment_reason="GeneralAdjustment",
    )  # fmt: skip
    [approval] = approvals_of(store, case_id)
    assert approval.id == approval_id and approval.amount == Decimal("24.75")
    assert approval.components == {"Principal": "25.00", "Tax": "4.75", "RestockingFee": "-5.00"}
    assert approval.adjustment_reason == "GeneralAdjustment"


@pytest.mark.parametrize(
    ("components", "reason", "fragment"),
    [({"Principal": "10", "Bribe": "1"}, None, "未知的退款明细类型"),
     ({"Principal": "10", "RestockingFee": "2.00"}, None, "扣款项"),
     ({"Principal": "10.001"}, None, "最小单位"),
     ({"Principal": "-10"}, None, "不能为负数"),
     ({"Principal": "2", "RestockingFee": "-5"}, None, "合计必须大于 0"),
     ({"Principal": "abc"}, None, "不是数字"),
     ({"Principal": "10"}, "BecauseISaidSo", "未知的调整原因")],
)  # fmt: skip
def test_bad_breakdowns_change_nothing(store, svc, people, account_id, components, reason, fragment):
    case_id = add_case(store, account_id)
    before = snapshot(store)
    with pytest.raises(InputError) as info:
        svc.request(people["cs"], [case_id], "理由", components=components, adjustment_reason=reason)
    assert fragment in info.value.zh and info.value.en
    assert snapshot(store) == before


def test_breakdown_only_for_one_case_and_reason_required(store, svc, people, account_id):
    ids = [add_case(store, account_id), add_case(store, account_id)]
    with pytest.raises(InputError):
        svc.request(people["cs"], ids, "理由", components={"Principal": "1"})
    for reason in ("", "   ", "x" * 1001):
        with pytest.raises(InputError):
            svc.request(people["cs"], ids, reason)
    assert {case_state(store, i) for i in ids} == {CaseState.NEW}


@pytest.mark.parametrize("role", ROLES)
def test_who_may_request(store, svc, people, account_id, role):
    case_id = add_case(store, account_id)
    before = snapshot(store)
    if role == "admin":
        with pytest.raises(PermissionDeniedError) as info:
            svc.request(people[role], [case_id], "理由")
        assert "无权处理工单" in info.value.zh
        assert snapshot(store) == before
    else:
        svc.request(people[role], [case_id], "理由")
        assert case_state(store, case_id) is CaseState.AWAITING_APPROVAL


def test_anonymous_and_deactivated_requesters_are_refused(store, svc, people, account_id):
    case_id = add_case(store, account_id)
    with pytest.raises(PermissionDeniedError):
        svc.request(Actor("gui"), [case_id], "理由")
    users.deactivate(store, people["admin"], "cs")
    with pytest.raises(PermissionDeniedError):
        svc.request(people["cs"], [case_id], "理由")
    assert case_state(store, case_id) is CaseState.NEW


def test_request_refuses_the_whole_batch_for_one_case_in_a_wrong_state(store, svc, people, account_id):
    good = add_case(store, account_id)
    bad = add_case(store, account_id, state=CaseState.REFUNDED)
    before = snapshot(store)
    with pytest.raises(InvalidTransitionError) as info:
        svc.request(people["cs"], [good, bad], "理由")
    assert f"#{bad}" in info.value.zh and f"#{good}(" not in info.value.zh
    assert snapshot(store) == before


def test_request_records_evidence_of_the_case_only(store, svc, people, account_id):
    case_id, other = add_case(store, account_id), add_case(store, account_id)
    with store.session() as session:
        ids = []
        for owner in (case_id, other):
            item = m.EvidenceAttachment(
                case_id=owner, category="photo", filename=f"{owner}.jpg", media_type="image/jpeg", size=3,
                sha256=str(owner) * 8, content=b"abc",
            )  # fmt: skip
            session.add(item)
            session.flush()
            ids.append(item.id)
    with pytest.raises(InputError):
        svc.request(people["cs"], [case_id], "理由", evidence_ids=[ids[1]])
    approval_id = request_one(svc, people["cs"], case_id, evidence_ids=[ids[0]])
    view = svc.view(people["manager"], approval_id)
    assert [e.filename for e in view.evidence] == [f"{case_id}.jpg"]


# -- routing ---------------------------------------------------------------------------------------------------
def test_auto_approve_within_the_ceiling_queues_the_refund(store, svc, people, account_id, world):
    case_id = add_case(store, account_id, "25.00")  # 195 CNY
    world.routes[case_id] = Routing(rule_id=None, rule_name="小额直接退", action=RuleAction.AUTO_APPROVE,
                                    action_arg=None)  # fmt: skip
    result = svc.request(people["cs"], [case_id], "小额退款")
    [outcome] = result.outcomes
    assert outcome.outcome == "auto_approved" and len(outcome.outbox_ids) == 1
    assert case_state(store, case_id) is CaseState.APPROVED
    [approval] = approvals_of(store, case_id)
    assert approval.status is ApprovalStatus.APPROVED and approval.decided_by is None
    assert approval.rule_name == "小额直接退" and "自动批准" in approval.comment
    [call] = world.enqueued
    assert call["who"] == "rule:小额直接退" and call["approval_id"] == approval.id
    assert call["components"] == {"Principal": Decimal("23.00"), "Shipping": Decimal("2.00")}
    actors = {(e.action, e.actor) for e in audit_of(store, result.request_id)}
    assert ("approval.auto_approved", "rule:小额直接退") in actors and ("case.approval_requested", "cs") in actors


def test_auto_approve_above_the_ceiling_waits_for_a_person(store, svc, people, account_id, world):
    case_id = add_case(store, account_id, "25.65")  # 200.07 CNY > 200
    world.routes[case_id] = Routing(rule_id=None, rule_name="小额直接退", action=RuleAction.AUTO_APPROVE,
                                    action_arg=None)  # fmt: skip
    [outcome] = svc.request(people["cs"], [case_id], "理由").outcomes
    assert outcome.outcome == "pending" and world.enqueued == []
    assert case_state(store, case_id) is CaseState.AWAITING_APPROVAL
    view = svc.view(people["manager"], outcome.approval_ids[0])
    assert view.rule.name == "小额直接退" and "自动批准上限" in view.rule.note_zh
    # a higher configured ceiling lets the same rule approve
    other = add_case(store, account_id, "25.65")
    world.routes[other] = world.routes[case_id]
    generous = ApprovalServices(store, auto_approve_ceiling_cny=Decimal(500))
    assert generous.request(people["cs"], [other], "理由").outcomes[0].outcome == "auto_approved"


def test_auto_approve_of_a_non_refund_case_queues_nothing(store, svc, people, account_id, world):
    case_id = add_case(store, account_id, "10.00", kind=CaseKind.CHARGEBACK)
    world.routes[case_id] = Routing(rule_id=None, rule_name="接受拒付", action=RuleAction.AUTO_APPROVE, action_arg=None)
    [outcome] = svc.request(people["cs"], [case_id], "理由").outcomes
    assert outcome.outcome == "auto_approved" and outcome.outbox_ids == () and world.enqueued == []
    assert case_state(store, case_id) is CaseState.APPROVED
    assert approvals_of(store, case_id)[0].components is None


def test_level_two_needs_a_manager_then_finance(store, svc, people, account_id, world):
    case_id = add_case(store, account_id, "500.00")  # 3,900 CNY: above a manager's 2,000
    world.routes[case_id] = Routing(rule_id=None, rule_name="大额", action=RuleAction.REQUIRE_LEVEL2, action_arg=None)
    [outcome] = svc.request(people["cs"], [case_id], "大额退款").outcomes
    level1, level2 = approvals_of(store, case_id)
    assert outcome.levels == 2 and (level1.level, level1.required_role) == (1, "manager")
    assert (level2.level, level2.required_role) == (2, "finance")
    with pytest.raises(InputError) as info:  # finance cannot go first
        svc.decide(people["finance"], level2.id, "approve")
    assert "第 1 级" in info.value.zh
    with pytest.raises(PermissionDeniedError):  # level 1 is the manager's
        svc.decide(people["finance"], level1.id, "approve")
    first = svc.decide(people["manager"], level1.id, "approve", "同意")  # within the chain: finance's limit counts
    assert not first.final and first.case_state is CaseState.AWAITING_APPROVAL and world.enqueued == []
    assert [p.approval_id for p in svc.pending_for(people["manager2"])] == []
    assert [p.approval_id for p in svc.pending_for(people["finance"])] == [level2.id]
    second = svc.decide(people["finance"], level2.id, "approve", "财务复核通过")
    assert second.final and second.case_state is CaseState.APPROVED and len(second.outbox_ids) == 1
    assert world.enqueued[0]["approval_id"] == level2.id and world.enqueued[0]["who"] == "finance"
    history = svc.view(people["manager2"], level2.id).history
    assert [(s.level, s.status, s.decided_by) for s in history] == [
        (1, ApprovalStatus.APPROVED, "manager-显示名"), (2, ApprovalStatus.APPROVED, "finance-显示名")]  # fmt: skip


def test_reject_suggestion_is_shown_and_assign_rule_assigns(store, svc, people, account_id, world):
    suspicious, routed = add_case(store, account_id), add_case(store, account_id)
    world.routes[suspicious] = Routing(rule_id=None, rule_name="可疑退货", action=RuleAction.REJECT_SUGGEST,
                                       action_arg=None)  # fmt: skip
    world.routes[routed] = Routing(rule_id=None, rule_name="交给运营", action=RuleAction.ASSIGN, action_arg="operator")
    result = svc.request(people["cs"], [suspicious, routed], "理由")
    assert [o.suggestion for o in result.outcomes] == ["reject", None]
    view = svc.view(people["manager"], result.outcomes[0].approval_ids[0])
    assert view.rule.suggestion == "reject" and view.rule.action == "reject_suggest"
    with store.reader() as session:
        assert session.get(Case, routed).assignee_id == people["operator"].user_id
    assert case_state(store, suspicious) is CaseState.AWAITING_APPROVAL


# -- who may decide --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("role", ROLES)
def test_who_may_approve_level_one(store, svc, people, account_id, role, world):
    case_id = add_case(store, account_id, "10.00")  # 78 CNY: within every approving role's limit
    approval_id = request_one(svc, people["operator2"], case_id)
    before = snapshot(store)
    if role in ("cs", "admin"):
        with pytest.raises(PermissionDeniedError) as info:
            svc.decide(people[role], approval_id, "approve")
        assert "无权审批退款" in info.value.zh
        assert snapshot(store) == before
    else:
        assert svc.decide(people[role], approval_id, "approve").case_state is CaseState.APPROVED
        assert len(world.enqueued) == 1


@pytest.mark.parametrize("role", ROLES)
def test_only_finance_gives_the_finance_sign_off(store, svc, people, account_id, role, world):
    case_id = add_case(store, account_id, "100.00")
    world.routes[case_id] = Routing(rule_id=None, rule_name="大额", action=RuleAction.REQUIRE_LEVEL2, action_arg=None)
    level1_id, level2_id = svc.request(people["operator2"], [case_id], "理由").outcomes[0].approval_ids
    svc.decide(people["manager2"], level1_id, "approve")
    before = snapshot(store)
    if role == "finance":
        assert svc.decide(people[role], level2_id, "approve").final
        return
    with pytest.raises(PermissionDeniedError) as info:
        svc.decide(people[role], level2_id, "approve")
    expected = "无权审批退款" if role in ("cs", "admin") else "无权财务复核"
    assert expected in info.value.zh
    assert snapshot(store) == before


def test_requester_can_never_decide_their_own_request(store, svc, people, account_id):
    case_id = add_case(store, account_id, "10.00")
    approval_id = request_one(svc, people["manager"], case_id)
    before = snapshot(store)
    for decision, comment in (("approve", ""), ("reject", "不行"), ("return_for_info", "补充")):
        with pytest.raises(PermissionDeniedError) as info:
            svc.decide(people["manager"], approval_id, decision, comment)
        assert "四眼原则" in info.value.zh and "four-eyes" in info.value.en
    with pytest.raises(PermissionDeniedError):
        svc.batch_approve(people["manager"], [approval_id])
    assert snapshot(store) == before
    assert svc.pending_for(people["manager"]) == []


def test_the_two_levels_need_two_people(store, svc, people, account_id, world):
    case_id = add_case(store, account_id, "100.00")
    world.routes[case_id] = Routing(rule_id=None, rule_name="大额", action=RuleAction.REQUIRE_LEVEL2, action_arg=None)
    level1_id, level2_id = svc.request(people["cs"], [case_id], "理由").outcomes[0].approval_ids
    svc.decide(people["manager"], level1_id, "approve")
    users.set_role(store, people["admin"], "manager", "finance")  # the same person now holds the finance role
    before = snapshot(store)
    with pytest.raises(PermissionDeniedError) as info:
        svc.decide(people["manager"], level2_id, "approve")
    assert "另一人" in info.value.zh and "different person" in info.value.en
    assert snapshot(store) == before
    assert svc.decide(people["finance"], level2_id, "approve").final


# -- limits ----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("amount", "currency", "allowed"),
    [("200.00", "CNY", True), ("200.01", "CNY", False), ("28.16", "USD", True), ("28.17", "USD", False),
     ("4255", "JPY", True), ("4256", "JPY", False)],
)  # fmt: skip
def test_operator_limit_of_200_yuan(store, svc, people, account_id, amount, currency, allowed, world):
    """USD 28.16 × 7.10 = ¥199.936 (allowed); USD 28.17 = ¥200.007 (refused, though it rounds to ¥200)."""
    case_id = add_case(store, account_id, amount, currency)
    approval_id = request_one(svc, people["cs"], case_id)
    if allowed:
        assert svc.decide(people["operator"], approval_id, "approve").case_state is CaseState.APPROVED
        return
    before = snapshot(store)
    with pytest.raises(PermissionDeniedError) as info:
        svc.decide(people["operator"], approval_id, "approve")
    assert "¥200" in info.value.zh and format(Decimal(amount), ",") in info.value.zh and "审批额度" in info.value.zh
    assert "¥200" in info.value.en and "limit" in info.value.en
    assert snapshot(store) == before
    [pending] = [p for p in svc.pending_for(people["operator"]) if p.approval_id == approval_id]
    assert not pending.can_approve and "审批额度" in pending.blocked_zh
    svc.decide(people["operator"], approval_id, "reject", "超出额度,请主管处理")  # rejecting has no limit
    assert case_state(store, case_id) is CaseState.REJECTED


def test_currency_without_a_rate_cannot_be_approved(store, people, account_id, world):
    svc = ApprovalServices(store, rates={"EUR": Decimal("7.8")})
    case_id = add_case(store, account_id, "10.00", "USD")
    approval_id = request_one(svc, people["cs"], case_id)
    with pytest.raises(InputError) as info:
        svc.decide(people["finance"], approval_id, "approve")
    assert "USD" in info.value.zh and "汇率" in info.value.zh


# -- decisions -------------------------------------------------------------------------------------------------
def test_reject_and_return_need_a_comment(store, svc, people, account_id):
    case_id = add_case(store, account_id, "10.00")
    approval_id = request_one(svc, people["cs"], case_id)
    before = snapshot(store)
    for decision in ("reject", "return_for_info"):
        with pytest.raises(InputError) as info:
            svc.decide(people["manager"], approval_id, decision, "  ")
        assert "必须填写说明" in info.value.zh
    with pytest.raises(InputError):
        svc.decide(people["manager"], approval_id, "maybe", "x")
    assert snapshot(store) == before


def test_reject_closes_the_whole_request(store, svc, people, account_id, world):
    case_id = add_case(store, account_id, "100.00")
    world.routes[case_id] = Routing(rule_id=None, rule_name="大额", action=RuleAction.REQUIRE_LEVEL2, action_arg=None)
    level1_id, level2_id = svc.request(people["cs"], [case_id], "理由").outcomes[0].approval_ids
    result = svc.decide(people["manager"], level1_id, Decision.REJECT, "证据不足")
    assert result.final and result.case_state is CaseState.REJECTED
    statuses = {a.id: (a.status, a.decided_by) for a in approvals_of(store, case_id)}
    assert statuses == {level1_id: (ApprovalStatus.REJECTED, people["manager"].user_id),
                        level2_id: (ApprovalStatus.REJECTED, None)}  # fmt: skip
    assert svc.pending_for(people["finance"]) == [] and world.enqueued == []
    with pytest.raises(InputError) as info:
        svc.decide(people["finance"], level2_id, "approve")
    assert "已处理" in info.value.zh


def test_return_for_info_reopens_the_case_and_a_new_request_starts_fresh(store, svc, people, account_id, world):
    case_id = add_case(store, account_id, "10.00")
    first = request_one(svc, people["cs"], case_id)
    result = svc.decide(people["operator"], first, "return_for_info", "请补充买家照片")
    assert result.case_state is CaseState.IN_PROGRESS
    assert approvals_of(store, case_id)[0].status is ApprovalStatus.RETURNED
    second = request_one(svc, people["cs"], case_id, reason="已补充照片")
    assert svc.decide(people["operator"], second, "approve").case_state is CaseState.APPROVED
    history = svc.view(people["manager"], second).history
    assert [(s.approval_id, s.status, s.comment) for s in history] == [
        (first, ApprovalStatus.RETURNED, "请补充买家照片"), (second, ApprovalStatus.APPROVED, None)]  # fmt: skip


def test_every_decision_is_audited_and_on_the_timeline(store, svc, people, account_id, world):
    case_id = add_case(store, account_id, "100.00")
    world.routes[case_id] = Routing(rule_id=None, rule_name="大额", action=RuleAction.REQUIRE_LEVEL2, action_arg=None)
    level1_id, level2_id = svc.request(people["cs"], [case_id], "理由").outcomes[0].approval_ids
    first = svc.decide(people["manager"], level1_id, "approve", "同意")
    second = svc.decide(people["finance"], level2_id, "approve", "复核通过")
    assert [e.action for e in audit_of(store, first.request_id)] == ["approval.approved"]
    assert [e.action for e in audit_of(store, second.request_id)] == ["approval.approved"]
    assert audit_of(store, first.request_id)[0].actor == "manager"
    with store.reader() as session:
        query = sa.select(CaseEvent).where(CaseEvent.case_id == case_id, CaseEvent.kind == "decision")
        decisions = list(session.scalars(query.order_by(CaseEvent.id)))
        assert [(e.data["level"], e.actor_id) for e in decisions] == [
            (1, people["manager"].user_id), (2, people["finance"].user_id)]  # fmt: skip
        assert "同意" in decisions[0].summary


def test_expected_version_and_concurrent_decisions(store, svc, people, account_id):
    case_id = add_case(store, account_id, "10.00")
    approval_id = request_one(svc, people["cs"], case_id)
    version = svc.view(people["manager"], approval_id).case_version
    with store.session() as session:  # someone else changes the case meanwhile
        session.get(Case, case_id).risk_score = 50
    before = snapshot(store)
    with pytest.raises(StaleCaseError):
        svc.decide(people["manager"], approval_id, "approve", expected_version=version)
    assert snapshot(store) == before
    svc.decide(people["manager"], approval_id, "approve", expected_version=version + 1)
    with pytest.raises(InputError):  # the second approver is told it was decided already
        svc.decide(people["manager2"], approval_id, "approve")


def test_a_failing_outbox_rolls_the_approval_back(store, svc, people, account_id, world):
    case_id = add_case(store, account_id, "10.00")
    approval_id = request_one(svc, people["cs"], case_id)
    world.fail_enqueue = True
    before = snapshot(store)
    with pytest.raises(RuntimeError):
        svc.decide(people["manager"], approval_id, "approve")
    assert snapshot(store) == before  # same transaction: no approval without its outbox row


# -- batches ---------------------------------------------------------------------------------------------------
def test_batch_approve_is_all_or_nothing_and_names_the_blockers(store, svc, people, account_id, world):
    small = [add_case(store, account_id, "10.00") for _ in range(3)]
    big = add_case(store, account_id, "30.00")  # 234 CNY: above the operator's 200
    ids = [request_one(svc, people["cs"], c) for c in [*small, big]]
    own = request_one(svc, people["operator"], add_case(store, account_id, "5.00"))
    before = snapshot(store)
    with pytest.raises(PermissionDeniedError) as info:
        svc.batch_approve(people["operator"], [*ids, own], "小额批量")
    assert f"#{ids[-1]}" in info.value.zh and f"#{own}" in info.value.zh and f"#{ids[0]}:" not in info.value.zh
    assert "2 个不能批量批准" in info.value.zh and "nothing was changed" in info.value.en
    assert snapshot(store) == before and world.enqueued == []
    result = svc.batch_approve(people["operator"], ids[:3], "小额批量")
    assert len(result.results) == 3 and result.total_cny == Decimal("234.00")
    assert {case_state(store, c) for c in small} == {CaseState.APPROVED} and len(world.enqueued) == 3
    assert len({e.request_id for e in audit_of(store, result.request_id)}) == 1
    with pytest.raises(InputError):
        svc.batch_approve(people["operator"], [ids[0], 99_999])
    with pytest.raises(InputError):
        svc.batch_approve(people["operator"], [])


@pytest.mark.parametrize("role", ["cs", "admin"])
def test_batch_approve_needs_the_permission(store, svc, people, account_id, role):
    approval_id = request_one(svc, people["operator"], add_case(store, account_id, "5.00"))
    with pytest.raises(PermissionDeniedError):
        svc.batch_approve(people[role], [approval_id])


# -- reads -----------------------------------------------------------------------------------------------------
def test_pending_for_shows_what_each_person_may_decide(store, svc, people, account_id, world):
    small = request_one(svc, people["cs"], add_case(store, account_id, "10.00"))
    big = request_one(svc, people["cs"], add_case(store, account_id, "300.00"))  # 2,340 CNY
    mine = request_one(svc, people["operator"], add_case(store, account_id, "10.00"))
    operator = {p.approval_id: p for p in svc.pending_for(people["operator"])}
    assert set(operator) == {small, big}  # never their own
    assert operator[small].can_approve and not operator[big].can_approve
    assert operator[small].requested_by == "cs-显示名" and operator[small].amount_cny == Decimal("78.00")
    finance = {p.approval_id: p for p in svc.pending_for(people["finance"])}
    assert set(finance) == {small, big, mine} and all(p.can_approve for p in finance.values())
    assert svc.pending_for(people["cs"]) == [] and svc.pending_for(people["admin"]) == []
    assert svc.pending_approval_of_case(people["cs"], operator[small].case_id) == small


def test_view_shows_order_policy_rule_risk_and_breakdown(store, svc, people, account_id, world):
    with store.session() as session:
        order = m.Order(account_id=account_id, marketplace_code="DE", amazon_order_id="302-1234567-1234567",
                        purchase_date=datetime(2026, 11, 1, tzinfo=UTC), status="Shipped", fulfillment_channel="MFN",
                        currency="EUR", order_total=Decimal("15.00"), buyer_alias="BUYER-1")  # fmt: skip
        order.items.append(m.OrderItem(order_item_id="111", sku="SKU-1", asin="B000000001", title="水杯",
                                       quantity=1, item_price=Decimal("15.00"), currency="EUR"))  # fmt: skip
        policy = m.MarketplacePolicy(marketplace_code="DE", event_kind="refund_after_receipt", business_days=2,
                                     source="sc.de/h?id=YW2EV9FEMJ3JJGR", version=3,
                                     effective_from=datetime(2026, 1, 1, tzinfo=UTC))  # fmt: skip
        session.add_all([order, policy])
        session.flush()
        order_id, policy_id = order.id, policy.id
    case_id = add_case(store, account_id, "19.99", risk=85, order=order_id, policy_id=policy_id)
    add_case(store, account_id, "5.00", kind=CaseKind.CHARGEBACK)  # another claim on the same order
    world.routes[case_id] = Routing(rule_id=None, rule_name="高风险人工", action=RuleAction.REQUIRE_LEVEL1,
                                    action_arg=None)  # fmt: skip
    approval_id = request_one(svc, people["cs"], case_id, reason="买家说没收到")
    view = svc.view(people["manager"], approval_id)
    assert view.order.amazon_order_id == "302-1234567-1234567" and view.order.items[0].sku == "SKU-1"
    assert view.policy.version == 3 and view.policy.source.startswith("sc.de") and view.policy.business_days == 2
    assert view.rule.name == "高风险人工" and view.rule.action == "require_level1"
    codes = {s.code for s in view.risk_signals}
    assert {"high_score", "exceeds_order", "other_claims"} <= codes and view.risk_score == 85
    assert view.components == (("Principal", Decimal("17.99")), ("Shipping", Decimal("2.00")))
    assert view.total == Decimal("19.99") and view.total_cny == Decimal("155.92") and view.cny_rate == Decimal("7.80")
    assert view.requester == "cs-显示名" and view.reason == "买家说没收到" and view.store == "店铺A"
    assert view.can_decide and view.can_approve and view.refundable
    requester = svc.view(people["cs"], approval_id)  # the requester sees it, but may not decide it
    assert not requester.can_decide and not requester.can_approve and "无权审批退款" in requester.blocked_zh


def test_draft_offers_the_default_breakdown(store, svc, people, account_id):
    case_id = add_case(store, account_id, "19.99")
    draft = svc.draft(people["cs"], case_id)
    assert draft.refundable and draft.currency == "EUR" and draft.cny_rate == Decimal("7.80")
    assert dict(draft.components) == {"Principal": Decimal("17.99"), "Shipping": Decimal("2.00")}
    assert draft.adjustment_reason == "CustomerReturn" and draft.total == Decimal("19.99")
    chargeback = svc.draft(people["cs"], add_case(store, account_id, kind=CaseKind.CHARGEBACK))
    assert not chargeback.refundable and chargeback.components == ()
    with pytest.raises(PermissionDeniedError):
        svc.draft(people["admin"], case_id)


def test_auto_approve_that_the_outbox_refuses_stays_pending(store, svc, people, account_id, world, monkeypatch):
    case_id = add_case(store, account_id, "10.00")
    world.routes[case_id] = Routing(rule_id=None, rule_name="小额直接退", action=RuleAction.AUTO_APPROVE,
                                    action_arg=None)  # fmt: skip

    def refuse(*args, **kwargs):
        raise InputError("订单尚未同步。", "The order is not synced yet.")

    patch_module(monkeypatch, "refunds", enqueue_refund=refuse)
    [outcome] = svc.request(people["cs"], [case_id], "理由").outcomes
    assert outcome.outcome == "pending" and outcome.outbox_ids == ()
    assert case_state(store, case_id) is CaseState.AWAITING_APPROVAL
    [approval] = approvals_of(store, case_id)
    assert approval.status is ApprovalStatus.PENDING and approval.decided_at is None
    view = svc.view(people["manager"], approval.id)
    assert "订单尚未同步" in view.rule.note_zh and view.can_approve
    with store.reader() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(RefundOutbox)) == 0


# -- with the real rules and refunds services --------------------------------------------------------------------
@pytest.fixture
def real_people(store, monkeypatch) -> dict[str, Actor]:
    monkeypatch.setattr(users, "HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    admin = users.create_user(store, None, "admin", "管理员", "admin", PASSWORD)
    result = {}
    for name, role in (("cs", "cs"), ("manager", "manager")):
        info = users.create_user(store, Actor("admin", admin.id), name, name, role, PASSWORD)
        result[name] = Actor(info.username, info.id)
    return result


def add_synced_case(store, account_id: int, price: str) -> int:
    with store.session() as session:
        order = m.Order(account_id=account_id, marketplace_code="DE", amazon_order_id=f"302-{next(_refs):07d}-0000001",
                        purchase_date=datetime(2026, 11, 1, tzinfo=UTC), status="Shipped", fulfillment_channel="MFN",
                        currency="EUR", order_total=Decimal(price))  # fmt: skip
        order.items.append(m.OrderItem(order_item_id=f"I{next(_refs)}", sku="SKU-1", asin="B000000001", title="水杯",
                                       quantity=1, item_price=Decimal(price), currency="EUR"))  # fmt: skip
        session.add(order)
        session.flush()
        case = Case(
            account_id=account_id, marketplace_code="DE", kind=CaseKind.RETURN_REQUEST, source="manual",
            source_ref=f"R-{next(_refs)}", amazon_order_id=order.amazon_order_id, order_id=order.id, sku="SKU-1",
            amount=Decimal(price), currency="EUR", opened_at=datetime(2026, 11, 20, tzinfo=UTC),
        )  # fmt: skip
        session.add(case)
        session.flush()
        return case.id


def test_real_rules_and_outbox(store, real_people, account_id):
    from acorn_desktop.domain.rules import CONDITIONS_FORMAT

    with store.session() as session:
        session.add(m.DecisionRule(
            name="小额退货自动批准", position=1, enabled=True, action=RuleAction.AUTO_APPROVE,
            conditions={"version": CONDITIONS_FORMAT,
                        "all": [{"type": "amount_max", "value": "150", "currency": "CNY"}]},
        ))  # fmt: skip
    svc = ApprovalServices(store)
    small, large = add_synced_case(store, account_id, "15.00"), add_synced_case(store, account_id, "40.00")
    result = svc.request(real_people["cs"], [small, large], "退货已收到")
    auto, manual = result.outcomes
    assert auto.outcome == "auto_approved" and auto.rule_name == "小额退货自动批准" and len(auto.outbox_ids) == 1
    assert manual.outcome == "pending" and manual.rule_name is None
    decided = svc.decide(real_people["manager"], manual.approval_ids[0], "approve", "同意")
    assert decided.case_state is CaseState.APPROVED and len(decided.outbox_ids) == 1
    with store.reader() as session:
        rows = list(session.scalars(sa.select(RefundOutbox).order_by(RefundOutbox.case_id)))
        assert [(r.case_id, r.amount, r.adjustment_reason) for r in rows] == [
            (small, Decimal("15.00"), "CustomerReturn"), (large, Decimal("40.00"), "CustomerReturn")]  # fmt: skip
        assert [r.approval_id for r in rows] == [auto.approval_ids[0], manual.approval_ids[0]]


@pytest.mark.postgres
def test_team_mode_login_request_and_two_levels(pg_url, data_dir, monkeypatch):
    """The same flow on PostgreSQL: row locks (FOR UPDATE) on users and approvals, the savepoint, the limits."""
    from acorn_desktop.storage.store import Store, StoreLocation

    store = Store.open(StoreLocation(data_dir, db_url=pg_url))
    try:
        fake = Collaborators()
        patch_module(monkeypatch, "rules", route_case=fake.route_case)
        patch_module(monkeypatch, "refunds", default_breakdown=fake.default_breakdown,
                     enqueue_refund=fake.enqueue_refund)  # fmt: skip
        monkeypatch.setattr(users, "HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
        admin = users.create_user(store, None, "admin", "管理员", "admin", PASSWORD)
        for name, role in (("cs", "cs"), ("manager", "manager"), ("finance", "finance")):
            users.create_user(store, Actor("admin", admin.id), name, name, role, PASSWORD)
        with pytest.raises(LoginFailedError):
            users.login(store, "CS", "wrong password")
        cs, manager, finance = (users.login(store, n, PASSWORD).actor for n in ("CS", "manager", "finance"))
        with store.session() as session:
            account = m.SellerAccount(name="店铺A", region="eu", selling_partner_id="A1", is_sandbox=True)
            session.add(account)
            session.flush()
            account_id = account.id
        svc = ApprovalServices(store)
        big, small = add_case(store, account_id, "400.00"), add_case(store, account_id, "10.00")
        fake.routes[big] = Routing(rule_id=None, rule_name="大额", action=RuleAction.REQUIRE_LEVEL2, action_arg=None)
        fake.routes[small] = Routing(rule_id=None, rule_name="小额", action=RuleAction.AUTO_APPROVE, action_arg=None)

        def refuse(*args, **kwargs):
            raise InputError("订单尚未同步。", "The order is not synced yet.")

        patch_module(monkeypatch, "refunds", enqueue_refund=refuse)  # the auto-approval's savepoint rolls back
        result = svc.request(cs, [big, small], "理由")
        assert [o.outcome for o in result.outcomes] == ["pending", "pending"]
        patch_module(monkeypatch, "refunds", enqueue_refund=fake.enqueue_refund)
        level1, level2 = result.outcomes[0].approval_ids
        svc.decide(manager, level1, "approve")
        assert svc.decide(finance, level2, "approve").case_state is CaseState.APPROVED
        assert svc.batch_approve(manager, result.outcomes[1].approval_ids).total_cny == Decimal("78.00")
    finally:
        store.close()
