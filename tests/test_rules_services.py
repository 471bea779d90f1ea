"""Rule services: drafts, enabling and retiring with versions + audit, permissions, back-test numbers, routing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from acorn_desktop.domain import rules as dr
from acorn_desktop.domain.cases import CaseKind, CaseState
from acorn_desktop.domain.fx import DEFAULT_CNY_RATES
from acorn_desktop.errors import InputError, PermissionDeniedError
from acorn_desktop.models import (
    AuditEntry,
    Case,
    CaseEvent,
    DecisionRule,
    Order,
    ReturnRecord,
    RuleAction,
    SellerAccount,
    User,
)
from acorn_desktop.services import audit
from acorn_desktop.services.changes import Actor
from acorn_desktop.services.rules import RuleDraft, RuleServices, RuleState, rule_set_digest
from acorn_desktop.storage.store import Store, StoreLocation

A = dr.RuleAction
T0 = datetime(2026, 10, 1, 8, 0, tzinfo=UTC)
DAY = timedelta(days=1)


@dataclass(frozen=True)
class Row:
    kind: CaseKind
    state: CaseState
    market: str
    amount: str
    currency: str
    risk: int
    tested: A | None  # what TESTED_SET decides (worked out by hand)
    sku: str = "SKU-X"
    reason: str = "DEFECTIVE"

    @property
    def cny(self) -> Decimal:
        return Decimal(self.amount) * DEFAULT_CNY_RATES[self.currency]


K, S = CaseKind, CaseState
# Case i (1-based) is opened at T0 + i days. The ACTIVE set sends everything to level 1.
ROWS = [
    Row(K.REFUND, S.REFUNDED, "DE", "25.00", "EUR", 10, A.AUTO_APPROVE, sku="SKU-A"),  # ¥195 ≤ 200
    Row(K.REFUND, S.REJECTED, "US", "10.00", "USD", 20, A.AUTO_APPROVE),  # ¥71, was rejected
    Row(K.RETURN_REQUEST, S.NEW, "JP", "3000", "JPY", 90, A.REJECT_SUGGEST, sku="SKU-A"),  # risk first
    Row(K.ATOZ_CLAIM, S.IN_PROGRESS, "UK", "120.00", "GBP", 60, A.REQUIRE_LEVEL2, sku="SKU-C"),  # ¥1104
    Row(K.CHARGEBACK, S.APPROVED, "US", "500.00", "USD", 85, A.REJECT_SUGGEST),  # was granted
    Row(K.REFUND, S.CLOSED, "FR", "300.00", "EUR", 0, None),  # ¥2340: no tested rule
    Row(K.RETURN_REQUEST, S.NEW, "DE", "40.00", "EUR", 5, A.REQUIRE_LEVEL1),  # DE returns: unchanged
    Row(K.REFUND, S.REFUNDED, "US", "19.99", "USD", 5, A.AUTO_APPROVE),  # ¥141.929
]
TESTED_SET = [
    RuleDraft("风险高建议驳回", (dr.risk_at_least(80),), A.REJECT_SUGGEST),
    RuleDraft("小额自动批准", (dr.amount_at_most("200", "CNY"),), A.AUTO_APPROVE),
    RuleDraft("索赔需财务", (dr.one_of("kind_in", ["atoz_claim", "chargeback"]),), A.REQUIRE_LEVEL2),
    RuleDraft("德国退货一级", (dr.one_of("marketplace_in", ["DE"]), dr.one_of("kind_in", ["return_request"])),
              A.REQUIRE_LEVEL1),
]  # fmt: skip
ACTIVE_SET = [RuleDraft("全部一级审批", (), A.REQUIRE_LEVEL1)]


@dataclass
class People:
    manager: Actor
    cs: Actor
    wang: Actor


@pytest.fixture
def people(store) -> People:
    return add_people(store)


def add_people(store) -> People:
    with store.session() as session:
        users = [User(username="mgr", display_name="主管老王", role_code="manager"),
                 User(username="cs1", display_name="客服小李", role_code="cs"),
                 User(username="wang", display_name="小王", role_code="cs")]  # fmt: skip
        session.add_all(users)
        session.flush()
        return People(*(Actor(u.username, u.id) for u in users))


def add_cases(store, rows=ROWS) -> list[int]:
    with store.session() as session:
        account = SellerAccount(name="店铺A", region="eu", selling_partner_id="A1", is_sandbox=True)
        session.add(account)
        session.flush()
        cases = [
            Case(account_id=account.id, marketplace_code=r.market, kind=r.kind, state=r.state, source="manual",
                 source_ref=f"R-{i}", sku=r.sku, asin="B000000001", reason_code=r.reason, amount=Decimal(r.amount),
                 currency=r.currency, opened_at=T0 + i * DAY, risk_score=r.risk)
            for i, r in enumerate(rows, start=1)
        ]  # fmt: skip
        session.add_all(cases)
        session.flush()
        return [c.id for c in cases]


def enable(services: RuleServices, actor: Actor, drafts) -> None:
    services.save_draft(actor, drafts)
    services.enable_drafts(actor)


def audit_actions(store) -> list[str]:
    with store.reader() as session:
        return list(session.scalars(sa.select(AuditEntry.action).order_by(AuditEntry.id)))


def rule_rows(store) -> list:
    """(id, name, enabled, version, retired_at) of every stored rule row."""
    columns = (DecisionRule.id, DecisionRule.name, DecisionRule.enabled, DecisionRule.version, DecisionRule.retired_at)
    with store.reader() as session:
        return list(session.execute(sa.select(*columns).order_by(DecisionRule.id)))


# -- drafts, enabling, versions, audit -------------------------------------------------------------------------------
def test_save_enable_and_retire_with_versions_and_audit(store, people):
    services = RuleServices(store)
    first = services.save_draft(people.manager, TESTED_SET[:2])
    assert first.version == 1 and len(first.rule_ids) == 2 and first.digest == rule_set_digest(TESTED_SET[:2])
    listed = services.list_rules()
    assert [(r.name, r.position, r.state, r.version) for r in listed] == [
        ("风险高建议驳回", 1, RuleState.DRAFT, 1), ("小额自动批准", 2, RuleState.DRAFT, 1)]  # fmt: skip
    assert listed[1].conditions == TESTED_SET[1].conditions and listed[0].created_by == people.manager.user_id
    assert services.list_rules(include_drafts=False) == []

    enabled = services.enable_drafts(people.manager, expected_digest=first.digest)
    assert (enabled.version, enabled.rule_ids, enabled.retired_ids) == (1, first.rule_ids, ())
    assert [r.state for r in services.list_rules()] == [RuleState.ACTIVE] * 2

    second = services.save_draft(people.manager, ACTIVE_SET)
    third = services.save_draft(people.manager, TESTED_SET)  # replaces the second draft
    assert (second.version, third.version) == (2, 3) and third.retired_ids == second.rule_ids
    assert [(r.state, r.version) for r in services.list_rules()] == [(RuleState.ACTIVE, 1)] * 2 + [
        (RuleState.DRAFT, 3)] * 4  # fmt: skip

    with pytest.raises(InputError, match="回测之后被修改过"):
        services.enable_drafts(people.manager, expected_digest=second.digest)
    assert [r.version for r in services.list_rules(include_drafts=False)] == [1, 1]

    final = services.enable_drafts(people.manager, expected_digest=third.digest)
    assert (final.version, final.retired_ids) == (3, first.rule_ids)
    rows = {r.id: r for r in rule_rows(store)}
    assert all(rows[i].enabled and rows[i].retired_at is not None for i in first.rule_ids)  # was active
    assert all(not rows[i].enabled and rows[i].retired_at is not None for i in second.rule_ids)  # discarded draft
    assert [r.name for r in services.list_rules()] == [d.name for d in TESTED_SET]

    with pytest.raises(InputError, match="没有可启用的规则草稿"):
        services.enable_drafts(people.manager)

    assert audit_actions(store) == ["rules.draft_saved", "rules.enabled", "rules.draft_saved", "rules.draft_saved",
                                    "rules.enabled"]  # fmt: skip
    with store.reader() as session:
        last = session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert last.actor == "mgr" and last.entity_type == "rule_set" and last.entity_id == "3"
        assert "v3" in last.summary and "替换 v1" in last.summary
        assert audit.verify_chain(session).ok


def test_enabled_audit_payload_digest_names_the_whole_set(store, people):
    services = RuleServices(store)
    info = services.save_draft(people.manager, TESTED_SET)
    services.enable_drafts(people.manager)
    rules = [{"position": i, "name": d.name, "conditions": dr.conditions_to_json(d.conditions),
              "action": d.action.value, "action_arg": None} for i, d in enumerate(TESTED_SET, start=1)]  # fmt: skip
    payload = {"version": 1, "previous_version": None, "digest": info.digest, "rule_ids": list(info.rule_ids),
               "retired_ids": [], "rules": rules}  # fmt: skip
    with store.reader() as session:
        entry = session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "rules.enabled")).one()
        assert entry.payload_digest == audit.digest(payload)


def test_discard_drafts_retires_them(store, people):
    services = RuleServices(store)
    services.save_draft(people.manager, TESTED_SET)
    assert services.discard_drafts(people.manager) == 4
    assert services.list_rules() == []
    assert all(r.retired_at is not None for r in rule_rows(store))


@pytest.mark.parametrize("who", ["cs", "anonymous", "inactive"])
def test_permission_refusal_changes_nothing(store, people, who):
    services = RuleServices(store)
    services.save_draft(people.manager, ACTIVE_SET)
    before_rules, before_audit = len(rule_rows(store)), audit_actions(store)
    if who == "inactive":
        with store.session() as session:
            session.get(User, people.manager.user_id).active = False
    actor = {"cs": people.cs, "anonymous": Actor("gui"), "inactive": people.manager}[who]
    with pytest.raises(PermissionDeniedError) as caught:
        services.save_draft(actor, TESTED_SET)
    expected = "「客服」角色无权修改自动决策规则" if who == "cs" else "请先以有效用户登录"
    assert str(caught.value).startswith(expected)
    with pytest.raises(PermissionDeniedError):
        services.enable_drafts(actor)
    with pytest.raises(PermissionDeniedError):
        services.backtest(actor, TESTED_SET)
    with pytest.raises(PermissionDeniedError):
        services.discard_drafts(actor)
    assert len(rule_rows(store)) == before_rules and audit_actions(store) == before_audit
    assert [r.state for r in services.list_rules()] == [RuleState.DRAFT]


def test_invalid_drafts_are_refused_naming_the_rule(store, people):
    services = RuleServices(store)
    with pytest.raises(InputError) as caught:
        services.save_draft(people.manager, [RuleDraft("交给老张", (), A.ASSIGN, "zhang")])
    assert "规则「交给老张」要分配给用户「zhang」" in str(caught.value)
    with pytest.raises(InputError, match="没有填写用户名"):
        services.save_draft(people.manager, [RuleDraft("交给谁", (), A.ASSIGN)])
    with pytest.raises(InputError, match="规则名称"):
        services.save_draft(people.manager, [RuleDraft(" ", (), A.AUTO_APPROVE)])
    assert rule_rows(store) == [] and audit_actions(store) == []
    services.save_draft(people.manager, [RuleDraft("交给小王", (), A.ASSIGN, "wang")])  # an existing user: fine


def test_a_tampered_stored_rule_is_reported_by_name(store, people):
    services = RuleServices(store)
    info = services.save_draft(people.manager, ACTIVE_SET)
    with store.session() as session:
        session.get(DecisionRule, info.rule_ids[0]).conditions = {"version": 1, "all": [{"type": "kind_in"}]}
    with pytest.raises(InputError, match=r"规则「全部一级审批」的条件有误:all\[1\]\.values"):
        services.list_rules()


# -- back-test ------------------------------------------------------------------------------------------------------
def expected_tally(indexes) -> tuple[int, Decimal]:
    chosen = [ROWS[i] for i in indexes]
    return len(chosen), sum((r.cny for r in chosen), Decimal(0)).quantize(Decimal("0.01"))


def check_backtest_numbers(store, people, ids):
    services = RuleServices(store)
    enable(services, people.manager, ACTIVE_SET)
    result = services.backtest(people.manager, TESTED_SET, chunk_size=3)
    assert (result.cases, result.total, result.cancelled, result.baseline_version) == (8, 8, False, 1)
    assert result.amount_cny == expected_tally(range(8))[1] == Decimal("7854.93")
    for action in [*A, None]:
        indexes = [i for i, r in enumerate(ROWS) if r.tested == action]
        tally = result.by_action.get(action, dr.Tally())
        assert (tally.count, tally.amount_cny) == expected_tally(indexes), action
        assert tally.example_ids == tuple(ids[i] for i in indexes)
    assert [(r.rule_name, r.tally.count) for r in result.by_rule] == [
        ("风险高建议驳回", 2), ("小额自动批准", 3), ("索赔需财务", 1), ("德国退货一级", 1)]  # fmt: skip
    changed = [i for i, r in enumerate(ROWS) if r.tested != A.REQUIRE_LEVEL1]
    assert (result.changed.count, result.changed.amount_cny) == expected_tally(changed) == (7, Decimal("7542.93"))
    assert result.changed.example_ids == tuple(ids[i] for i in changed)
    level1 = (A.REQUIRE_LEVEL1, None)
    assert {(c.before, c.after): c.tally.count for c in result.changes} == {
        (level1, (A.AUTO_APPROVE, None)): 3, (level1, (A.REJECT_SUGGEST, None)): 2,
        (level1, (A.REQUIRE_LEVEL2, None)): 1, (level1, None): 1,
    }  # fmt: skip
    assert result.refused_but_granted == dr.Tally(1, Decimal("3550.00"), (ids[4],))
    assert result.approved_but_refused == dr.Tally(1, Decimal("71.00"), (ids[1],))


def test_backtest_numbers_on_a_known_store(store, people):
    ids = add_cases(store)
    check_backtest_numbers(store, people, ids)


@pytest.mark.postgres
def test_backtest_numbers_on_postgresql(pg_url, data_dir):
    store = Store.open(StoreLocation(data_dir, db_url=pg_url))
    try:
        people = add_people(store)
        ids = add_cases(store)
        check_backtest_numbers(store, people, ids)
        with store.session() as session:  # start the buyer story from no rules (and no other cases)
            session.execute(sa.delete(DecisionRule))
            session.execute(sa.delete(Case))
        check_buyer_story(store, people)
    finally:
        store.close()


def test_backtest_without_an_active_set_and_of_the_saved_draft(store, people):
    add_cases(store)
    services = RuleServices(store)
    with pytest.raises(InputError, match="没有可回测的规则草稿"):
        services.backtest(people.manager)
    services.save_draft(people.manager, TESTED_SET)
    result = services.backtest(people.manager)  # the saved draft
    assert result.baseline_version is None
    assert result.changed.count == 7  # every case a rule now decides (the 8th matches nothing, as before)
    assert [r.rule_id for r in result.by_rule] == [r.id for r in services.list_rules()]
    assert rule_rows(store)[0].enabled is False  # read-only: nothing was enabled
    assert audit_actions(store) == ["rules.draft_saved"]


def test_backtest_since_progress_and_cancel(store, people):
    add_cases(store)
    services = RuleServices(store)
    since = T0 + 5 * DAY
    calls: list[tuple[int, int]] = []
    result = services.backtest(people.manager, TESTED_SET, since=since, chunk_size=3,
                               progress=lambda done, total: calls.append((done, total)))  # fmt: skip
    assert (result.cases, result.since) == (4, since)
    assert result.amount_cny == expected_tally(range(4, 8))[1]
    assert calls == [(0, 4), (3, 4), (4, 4)]

    calls.clear()
    cancelled = services.backtest(
        people.manager, TESTED_SET, chunk_size=3, progress=lambda d, t: calls.append((d, t)),
        cancel=lambda: len(calls) >= 2,
    )  # fmt: skip
    assert (cancelled.cancelled, cancelled.cases, cancelled.total) == (True, 3, 8)
    assert cancelled.amount_cny == expected_tally(range(3))[1]
    with pytest.raises(ValueError, match="timezone-aware"):
        services.backtest(people.manager, TESTED_SET, since=datetime(2026, 1, 1))


def add_buyer_story(store) -> list[int]:
    """Buyer B1 (four orders): three return requests within 30 days and a refund; case 2's return arrived
    customer-damaged. Buyer B2 (one order): an A-to-z claim, then a chargeback on the same order."""
    story = [("B1", 1, K.RETURN_REQUEST, 10), ("B1", 2, K.RETURN_REQUEST, 20), ("B1", 3, K.RETURN_REQUEST, 30),
             ("B1", 4, K.REFUND, 40), ("B2", 5, K.ATOZ_CLAIM, 5), ("B2", 5, K.CHARGEBACK, 6)]  # fmt: skip
    with store.session() as session:
        account = session.scalar(sa.select(SellerAccount)) or SellerAccount(
            name="店铺B", region="eu", selling_partner_id="B1", is_sandbox=True
        )
        session.add(account)
        session.flush()
        ids, orders = [], {}
        for i, (buyer, number, kind, day) in enumerate(story, start=1):
            if number not in orders:
                orders[number] = Order(account_id=account.id, marketplace_code="DE", purchase_date=T0,
                                       amazon_order_id=f"302-000000{number}-0000001", status="Shipped",
                                       fulfillment_channel="AFN", currency="EUR", order_total=Decimal("30.00"),
                                       buyer_alias=buyer)  # fmt: skip
                session.add(orders[number])
                session.flush()
            case = Case(account_id=account.id, marketplace_code="DE", kind=kind, source="manual",
                        source_ref=f"B-{i}", order_id=orders[number].id, amount=Decimal("30.00"), currency="EUR",
                        opened_at=T0 + day * DAY, sku="SKU-B")  # fmt: skip
            session.add(case)
            session.flush()
            ids.append(case.id)
        session.add(ReturnRecord(account_id=account.id, report_type="FBA", amazon_order_id="302-0000002-0000001",
                                 return_date=T0, disposition="customer_damaged", row_digest="d1",
                                 case_id=ids[1]))  # fmt: skip
    return ids


def test_backtest_and_routing_read_dispositions_and_buyer_flags(store, people):
    check_buyer_story(store, people)


def check_buyer_story(store, people):
    ids = add_buyer_story(store)
    drafts = [
        RuleDraft("买家损坏", (dr.one_of("disposition_in", ["CUSTOMER_DAMAGED"]),), A.REJECT_SUGGEST),
        RuleDraft("频繁退货", (dr.one_of("buyer_flag_any", ["frequent_returner"]),), A.REQUIRE_LEVEL1),
        RuleDraft("多次索赔", (dr.one_of("buyer_flag_any", ["repeat_claimant"]),), A.REQUIRE_LEVEL2),
    ]
    services = RuleServices(store)
    result = services.backtest(people.manager, drafts, chunk_size=2)
    assert [(r.rule_name, r.tally.example_ids) for r in result.by_rule] == [
        ("买家损坏", (ids[1],)), ("频繁退货", (ids[2], ids[3])), ("多次索赔", (ids[5],))]  # fmt: skip
    assert result.by_action[None].example_ids == (ids[0], ids[4])

    enable(services, people.manager, drafts)
    with store.reader() as session:
        routed = [services.route_case(session, session.get(Case, i)) for i in ids]
    assert [r and (r.rule_name, r.action) for r in routed] == [
        None, ("买家损坏", RuleAction.REJECT_SUGGEST), ("频繁退货", RuleAction.REQUIRE_LEVEL1),
        ("频繁退货", RuleAction.REQUIRE_LEVEL1), None, ("多次索赔", RuleAction.REQUIRE_LEVEL2)]  # fmt: skip


# -- routing ----------------------------------------------------------------------------------------------------------
def test_route_case_uses_the_active_set_only(store, people):
    ids = add_cases(store)
    services = RuleServices(store)
    services.save_draft(people.manager, TESTED_SET)  # a draft never routes
    with store.reader() as session:
        assert services.route_case(session, session.get(Case, ids[0])) is None
    services.enable_drafts(people.manager)
    active = {r.name: r.id for r in services.list_rules()}
    with store.reader() as session:
        routings = [services.route_case(session, session.get(Case, i)) for i in ids]
    for row, routing in zip(ROWS, routings, strict=True):
        assert (routing and routing.action) == row.tested
        assert isinstance(routing.action, RuleAction) if routing else True
    assert routings[3].rule_id == active["索赔需财务"] and routings[3].rule_name == "索赔需财务"
    assert routings[3].action_arg is None


def test_apply_to_new_cases_assigns_by_rule_and_audits(store, people):
    ids = add_cases(store)
    services = RuleServices(store)
    enable(services, people.manager, [RuleDraft("SKU-A 给小王", (dr.one_of("sku_in", ["SKU-A"]),), A.ASSIGN, "wang"),
                                      RuleDraft("其余一级", (), A.REQUIRE_LEVEL1)])  # fmt: skip
    with store.session() as session:
        session.get(Case, ids[2]).assignee_id = people.cs.user_id  # SKU-A, but someone already has it
    sync = Actor("sync")
    with store.session() as session:
        assert services.apply_to_new_cases(session, ids, sync) == (ids[0],)
    with store.reader() as session:
        assert session.get(Case, ids[0]).assignee_id == people.wang.user_id
        assert session.get(Case, ids[2]).assignee_id == people.cs.user_id
        event = session.scalars(sa.select(CaseEvent).where(CaseEvent.case_id == ids[0])).one()
        assert event.kind == "assigned" and "SKU-A 给小王" in event.summary
        entry = session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "case.assign")).one()
        assert (entry.actor, entry.entity_id) == ("sync", str(ids[0])) and "wang" in entry.summary
    with store.session() as session:  # already assigned now: nothing more to do
        assert services.apply_to_new_cases(session, ids, sync) == ()
        session.get(Case, ids[0]).assignee_id = None
        session.get(User, people.wang.user_id).active = False
    with store.session() as session:  # the named user was deactivated: skipped, not an error
        assert services.apply_to_new_cases(session, ids, sync) == ()


def test_apply_to_new_cases_without_assign_rules_does_nothing(store, people):
    ids = add_cases(store)
    services = RuleServices(store)
    enable(services, people.manager, ACTIVE_SET)
    with store.session() as session:
        assert services.apply_to_new_cases(session, ids, "sync") == ()
    assert "case.assign" not in audit_actions(store)


@pytest.mark.postgres
def test_two_desktops_saving_drafts_at_once_leave_one_draft_set(pg_url, data_dir):
    import threading

    store = Store.open(StoreLocation(data_dir, db_url=pg_url))
    try:
        people = add_people(store)
        services = RuleServices(store)
        barrier = threading.Barrier(2)
        infos = []

        def save(drafts) -> None:
            barrier.wait()
            infos.append(services.save_draft(people.manager, drafts))

        threads = [threading.Thread(target=save, args=(drafts,)) for drafts in (TESTED_SET, ACTIVE_SET)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(info.version for info in infos) == [1, 2]
        last = max(infos, key=lambda info: info.version)
        drafts = services.list_rules()
        assert {r.version for r in drafts} == {last.version} and tuple(r.id for r in drafts) == last.rule_ids
    finally:
        store.close()


def test_buyer_flags_count_one_store_only(store, people):
    """The same buyer alias in another store is another buyer (Amazon's alias is per seller account)."""
    frequent = [RuleDraft("频繁退货", (dr.one_of("buyer_flag_any", ["frequent_returner"]),), A.REQUIRE_LEVEL1)]
    ids = []
    with store.session() as session:
        stores = [SellerAccount(name=f"店铺{n}", region="eu", selling_partner_id=f"S{n}", is_sandbox=True)
                  for n in (1, 2)]  # fmt: skip
        session.add_all(stores)
        session.flush()
        for day, account in ((1, stores[0]), (2, stores[0]), (3, stores[1]), (4, stores[0])):
            order = Order(account_id=account.id, marketplace_code="DE", purchase_date=T0, status="Shipped",
                          amazon_order_id=f"302-000000{day}-0000009", fulfillment_channel="AFN", currency="EUR",
                          order_total=Decimal("30.00"), buyer_alias="SAME")  # fmt: skip
            session.add(order)
            session.flush()
            case = Case(account_id=account.id, marketplace_code="DE", kind=K.RETURN_REQUEST, source="manual",
                        source_ref=f"X-{day}", order_id=order.id, amount=Decimal("30.00"), currency="EUR",
                        opened_at=T0 + day * DAY)  # fmt: skip
            session.add(case)
            session.flush()
            ids.append(case.id)
    services = RuleServices(store)
    result = services.backtest(people.manager, frequent)
    assert result.by_rule[0].tally.example_ids == (ids[3],)  # the third return of store 1, not store 2's
    enable(services, people.manager, frequent)
    with store.reader() as session:
        routed = [services.route_case(session, session.get(Case, i)) for i in ids]
    assert [r is not None for r in routed] == [False, False, False, True]
