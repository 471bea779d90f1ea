"""The refunds service: default breakdown, validation (Chinese errors, nothing written), the idempotent outbox,
failures on the case, and settling a case when its RefundEvent arrives."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from acorn_desktop import models as m
from acorn_desktop.domain.cases import CaseKind, CaseState
from acorn_desktop.errors import InputError, PermissionDeniedError
from acorn_desktop.services import audit, refund_outbox, refunds
from acorn_desktop.services.changes import Actor
from acorn_desktop.services.refunds import Breakdown, BreakdownLine

OPENED = datetime(2026, 11, 10, 8, 0, tzinfo=UTC)
D = Decimal
DEFAULT_AMOUNT = Decimal("44.97")
MANAGER_NAME = Actor("经理", None)


@pytest.fixture
def world(store):
    """One EU seller, a DE order with two items, a US order, users of three roles."""
    with store.session() as s:
        account = m.SellerAccount(name="店铺A", region="eu", selling_partner_id="A1SELLER")
        us_account = m.SellerAccount(name="店铺B", region="na", selling_partner_id="A2SELLER")
        s.add_all([account, us_account])
        s.flush()
        de = m.Order(account_id=account.id, marketplace_code="DE", amazon_order_id="302-0000001-0000001",
                     purchase_date=OPENED - timedelta(days=20), status="Shipped", fulfillment_channel="MFN",
                     currency="EUR", order_total=D("61.97"))  # fmt: skip
        de.items = [
            m.OrderItem(order_item_id="11111111111111", sku="SKU-A", asin="B000000001", title="Lamp", quantity=2,
                        item_price=D("39.98"), item_tax=D("6.38"), shipping_price=D("4.99"), currency="EUR"),
            m.OrderItem(order_item_id="22222222222222", sku="SKU-B", asin="B000000002", title="Bulb", quantity=1,
                        item_price=D("17.00"), item_tax=D("2.71"), shipping_price=D("0"), currency="EUR"),
        ]  # fmt: skip
        us = m.Order(account_id=us_account.id, marketplace_code="US", amazon_order_id="111-0000001-0000001",
                     purchase_date=OPENED - timedelta(days=20), status="Shipped", fulfillment_channel="MFN",
                     currency="USD", order_total=D("27.54"))  # fmt: skip
        us.items = [
            m.OrderItem(order_item_id="33333333333333", sku="SKU-U", asin="B000000003", title="Mug", quantity=1,
                        item_price=D("20.00"), item_tax=D("1.65"), shipping_price=D("5.89"), currency="USD"),
        ]  # fmt: skip
        s.add_all([de, us])
        users = {}
        for role in ("cs", "operator", "manager"):
            user = m.User(username=role, display_name=role, role_code=role)
            s.add(user)
            s.flush()
            users[role] = user.id
        s.flush()
        ids = {"account": account.id, "us_account": us_account.id, "de": de.id, "us": us.id, **users}
    return store, ids


def add_case(store, ids, *, kind=CaseKind.RETURN_REQUEST, reason="DEFECTIVE", sku="SKU-A", order="de",
             state=CaseState.APPROVED, amount=DEFAULT_AMOUNT, ref=None) -> int:  # fmt: skip
    with store.session() as s:
        order_row = s.get(m.Order, ids[order])
        case = m.Case(
            account_id=order_row.account_id, marketplace_code=order_row.marketplace_code, order_id=order_row.id,
            kind=kind, state=state, source="manual", source_ref=ref or f"R-{kind.value}-{sku}-{reason}-{amount}",
            amazon_order_id=order_row.amazon_order_id, sku=sku, reason_code=reason, amount=amount,
            currency=order_row.currency, opened_at=OPENED,
        )  # fmt: skip
        s.add(case)
        s.flush()
        return case.id


def approve(store, ids, case_id: int, components=None, status=m.ApprovalStatus.APPROVED) -> int:
    with store.session() as s:
        case = s.get(m.Case, case_id)
        approval = m.Approval(case_id=case_id, amount=case.amount, currency=case.currency, reason="ok",
                              requested_by=ids["cs"], requested_at=OPENED, status=status, decided_by=ids["manager"],
                              components=components)  # fmt: skip
        s.add(approval)
        s.flush()
        return approval.id


def enqueue(store, case_id, who=MANAGER_NAME, **kw):
    with store.session() as s:
        rows = refunds.enqueue_refund(s, s.get(m.Case, case_id), who, **kw)
        return [(r.id, r.adjustment_key, r.order_item_id, dict(r.components), r.amount) for r in rows]


def counts(store) -> tuple[int, int, int]:
    with store.reader() as s:
        return tuple(
            s.scalar(sa.select(sa.func.count()).select_from(model)) for model in (m.RefundOutbox, m.AuditEntry,
                                                                                 m.CaseEvent)
        )  # fmt: skip


def breakdown_of(store, case_id) -> Breakdown:
    with store.reader() as s:
        return refunds.default_breakdown(s, s.get(m.Case, case_id))


def validate(store, case_id, breakdown: Breakdown) -> None:
    with store.reader() as s:
        refunds.validate_breakdown(s, s.get(m.Case, case_id), breakdown)


# -- default breakdown ------------------------------------------------------------------------------------------
def test_seller_fault_return_refunds_price_and_shipping_but_no_vat_on_top_in_de(world):
    store, ids = world
    b = breakdown_of(store, add_case(store, ids, reason="DEFECTIVE"))
    assert (b.adjustment_reason, b.currency) == ("CustomerReturn", "EUR")
    assert b.components == {"Principal": D("39.98"), "Shipping": D("4.99")}  # VAT is inside the DE price
    assert b.total == D("44.97")
    assert [(ln.order_item_id, ln.quantity) for ln in b.lines] == [("11111111111111", 2)]


def test_customer_fault_return_keeps_shipping_and_us_tax_is_refunded_on_top(world):
    store, ids = world
    b = breakdown_of(store, add_case(store, ids, reason="CR-NO_LONGER_NEEDED"))
    assert b.components == {"Principal": D("39.98")}
    us = breakdown_of(store, add_case(store, ids, reason="DEFECTIVE", sku="SKU-U", order="us", amount=D("27.54")))
    assert us.components == {"Principal": D("20.00"), "Shipping": D("5.89"), "Tax": D("1.65")}
    assert us.total == D("27.54")


def test_returned_quantity_from_the_returns_report_scales_the_line(world):
    store, ids = world
    case_id = add_case(store, ids, reason="DEFECTIVE")
    with store.session() as s:
        s.add(m.ReturnRecord(account_id=ids["account"], report_type="MFN", amazon_order_id="302-0000001-0000001",
                             return_date=OPENED, sku="SKU-A", quantity=1, row_digest="x", case_id=case_id))  # fmt: skip
    b = breakdown_of(store, case_id)
    assert b.components == {"Principal": D("19.99")}  # half the line, no shipping for a partial return
    assert b.lines[0].quantity == 1


def test_partial_refund_case_refunds_its_amount_only(world):
    store, ids = world
    case_id = add_case(store, ids, kind=CaseKind.REFUND, reason="GeneralAdjustment", amount=D("5.00"))
    b = breakdown_of(store, case_id)
    assert (b.adjustment_reason, b.components) == ("GeneralAdjustment", {"Principal": D("5.00")})


def test_unknown_order_gives_an_estimate_that_cannot_be_queued(world):
    store, ids = world
    with store.session() as s:
        case = m.Case(account_id=ids["account"], marketplace_code="DE", kind=CaseKind.RETURN_REQUEST,
                      state=CaseState.APPROVED, source="manual", source_ref="R-x", amazon_order_id="302-9",
                      amount=D("12.00"), currency="EUR", opened_at=OPENED)  # fmt: skip
        s.add(case)
        s.flush()
        case_id = case.id
    b = breakdown_of(store, case_id)
    assert b.components == {"Principal": D("12.00")} and b.lines == ()
    before = counts(store)
    with pytest.raises(InputError) as err:
        enqueue(store, case_id, approval_id=approve(store, ids, case_id))
    assert "尚未同步" in err.value.zh and "acorn sync" in err.value.hint_zh
    assert counts(store) == before


def test_reimbursements_are_not_refundable(world):
    store, ids = world
    case_id = add_case(store, ids, kind=CaseKind.SAFET_CLAIM, reason="x")
    with pytest.raises(InputError, match="不能发起退款"):
        breakdown_of(store, case_id)


# -- validation -------------------------------------------------------------------------------------------------
def line(components, item="11111111111111", quantity=2) -> tuple[BreakdownLine, ...]:
    return (BreakdownLine(item, "SKU-A", quantity, {k: D(v) for k, v in components.items()}),)


@pytest.mark.parametrize(
    ("reason", "currency", "components", "needle"),
    [
        ("Refund", "EUR", {"Principal": "1"}, "调整原因「Refund」"),
        ("CustomerReturn", "USD", {"Principal": "1"}, "币种 USD 与订单币种 EUR 不同"),
        ("CustomerReturn", "EUR", {"Discount": "1"}, "「Discount」不是亚马逊的退款明细类型"),
        ("CustomerReturn", "EUR", {"Principal": "1.001"}, "超出 EUR 的 2 位小数"),
        ("CustomerReturn", "EUR", {"Principal": "40.00"}, "超过了商品价格 39.98"),
        ("CustomerReturn", "EUR", {"Principal": "10", "Shipping": "5.00"}, "超过了运费 4.99"),
        ("CustomerReturn", "EUR", {"Principal": "10", "RestockingFee": "2"}, "应填负数"),
        ("CustomerReturn", "EUR", {"Principal": "-1"}, "不能为负数"),
        ("CustomerReturn", "EUR", {"Principal": "2", "ReturnShipping": "-3"}, "必须大于 0"),
        ("CustomerReturn", "EUR", {"Principal": "30", "Tax": "1"}, "超过了另收的税费 0"),
    ],
)
def test_invalid_breakdowns_are_refused_in_chinese(world, reason, currency, components, needle):
    store, ids = world
    case_id = add_case(store, ids, reason="NO_LONGER_NEEDED")
    with pytest.raises(InputError) as err:
        validate(store, case_id, Breakdown({}, reason, currency, line(components)))
    assert needle in err.value.zh, err.value.zh
    assert err.value.zh.startswith(f"工单 #{case_id} 的退款明细有误") and err.value.en


def test_restocking_fee_never_for_seller_fault_and_at_most_half_the_price(world):
    store, ids = world
    fault = add_case(store, ids, reason="DEFECTIVE")
    with pytest.raises(InputError, match="卖家责任"):
        validate(store, fault, Breakdown({}, "CustomerReturn", "EUR", line({"Principal": "39.98",
                                                                              "RestockingFee": "-8.00"})))  # fmt: skip
    buyer = add_case(store, ids, reason="NO_LONGER_NEEDED")
    validate(
        store, buyer, Breakdown({}, "CustomerReturn", "EUR", line({"Principal": "39.98", "RestockingFee": "-8.00"}))
    )
    with pytest.raises(InputError, match="50%"):
        validate(store, buyer, Breakdown({}, "CustomerReturn", "EUR", line({"Principal": "10", "RestockingFee": "-6"})))


def test_item_not_in_order_and_bad_quantity_are_refused(world):
    store, ids = world
    case_id = add_case(store, ids)
    with pytest.raises(InputError, match="不属于订单"):
        validate(
            store, case_id, Breakdown({}, "CustomerReturn", "EUR", line({"Principal": "1"}, item="33333333333333"))
        )
    with pytest.raises(InputError, match="退款数量 3"):
        validate(store, case_id, Breakdown({}, "CustomerReturn", "EUR", line({"Principal": "1"}, quantity=3)))


# -- the outbox -------------------------------------------------------------------------------------------------
def test_enqueue_is_idempotent_per_case_and_approval(world):
    store, ids = world
    case_id = add_case(store, ids)
    approval_id = approve(store, ids, case_id)
    first = enqueue(store, case_id, approval_id=approval_id, request_id="req-1")
    after_first = counts(store)
    again = enqueue(store, case_id, approval_id=approval_id)
    assert again == first and counts(store) == after_first  # same rows, nothing new written
    (row_id, key, item, components, amount), = first  # fmt: skip
    assert key.startswith(f"ACN{case_id}-") and len(key) <= 40
    assert (item, components, amount) == ("11111111111111", {"Principal": "39.98", "Shipping": "4.99"}, D("44.97"))
    with store.reader() as s:
        row = s.get(m.RefundOutbox, row_id)
        assert (row.state, row.currency, row.marketplace_code, row.account_id) == (
            m.OutboxState.INTENDED,
            "EUR",
            "DE",
            ids["account"],
        )
        entry = s.scalar(sa.select(m.AuditEntry).where(m.AuditEntry.action == "refund.enqueued"))
        assert entry.request_id == "req-1" and entry.entity_id == str(case_id)
        timeline = s.scalars(sa.select(m.CaseEvent.summary).where(m.CaseEvent.case_id == case_id)).all()
        assert any("退款已排队" in t for t in timeline)
        assert audit.verify_chain(s).ok


def test_keys_are_deterministic_and_differ_per_approval(world):
    store, ids = world
    case_id = add_case(store, ids, reason="NO_LONGER_NEEDED")
    a1 = approve(store, ids, case_id, components={"Principal": "10.00"})
    key1 = enqueue(store, case_id, approval_id=a1)[0][1]
    with store.session() as s:
        assert refunds._key(s, s.get(m.Case, case_id), s.get(m.Approval, a1), "11111111111111") == key1
    a2 = approve(store, ids, case_id, components={"Principal": "10.00"})
    key2 = enqueue(store, case_id, approval_id=a2)[0][1]
    assert key1 != key2


def test_approval_components_are_used_and_what_is_in_flight_caps_the_next_refund(world):
    store, ids = world
    first = add_case(store, ids, reason="NO_LONGER_NEEDED", ref="first")
    rows = enqueue(store, first, approval_id=approve(store, ids, first, components={"Principal": "30.00"}))
    assert rows[0][3] == {"Principal": "30.00"}
    second = add_case(store, ids, reason="NO_LONGER_NEEDED", ref="second")
    before = counts(store)
    with pytest.raises(InputError) as err:
        enqueue(store, second, approval_id=approve(store, ids, second, components={"Principal": "20.00"}))
    assert "商品价格仍可退的 9.98 EUR" in err.value.zh  # 39.98 principal charged − 30.00 already queued
    assert counts(store)[0] == before[0]
    enqueue(store, second, approval_id=approve(store, ids, second, components={"Principal": "9.98"}))


def test_a_case_level_breakdown_is_split_over_the_order_items(world):
    store, ids = world
    case_id = add_case(store, ids, kind=CaseKind.REFUND, reason="CustomerCancel", sku=None, amount=D("61.97"))
    b = breakdown_of(store, case_id)
    assert b.components == {"Principal": D("56.98"), "Shipping": D("4.99")} and len(b.lines) == 2
    rows = enqueue(
        store, case_id, approval_id=approve(store, ids, case_id, components={"Principal": "28.49", "Shipping": "4.99"})
    )
    by_item = {item: (components, amount) for _, _, item, components, amount in rows}
    assert by_item == {
        "11111111111111": ({"Principal": "19.99", "Shipping": "4.99"}, D("24.98")),  # 28.49 × 39.98 / 56.98
        "22222222222222": ({"Principal": "8.50"}, D("8.50")),
    }
    assert len({key for _, key, *_ in rows}) == 2


def test_approval_must_be_approved_and_for_this_case(world):
    store, ids = world
    case_id = add_case(store, ids)
    other = add_case(store, ids, reason="NO_LONGER_NEEDED")
    with pytest.raises(InputError, match="尚未批准"):
        enqueue(store, case_id, approval_id=approve(store, ids, case_id, status=m.ApprovalStatus.PENDING))
    with pytest.raises(InputError, match="不属于工单"):
        enqueue(store, case_id, approval_id=approve(store, ids, other))
    assert counts(store)[0] == 0


def test_without_an_approval_the_actor_needs_the_permission_and_the_limit(world):
    store, ids = world
    case_id = add_case(store, ids)  # 44.97 EUR ≈ ¥351
    with pytest.raises(PermissionDeniedError, match="无权审批退款"):
        enqueue(store, case_id, who=Actor("客服", ids["cs"]))
    with pytest.raises(PermissionDeniedError, match="超过您的审批额度 ¥200"):
        enqueue(store, case_id, who=Actor("运营", ids["operator"]))
    assert counts(store)[0] == 0
    rows = enqueue(store, case_id, who=Actor("主管", ids["manager"]))
    assert len(rows) == 1


def test_a_refunded_case_cannot_be_queued_again(world):
    store, ids = world
    case_id = add_case(store, ids, state=CaseState.REFUNDED)
    with pytest.raises(InputError, match="不能再次发起退款"):
        enqueue(store, case_id, approval_id=approve(store, ids, case_id))


def test_list_outbox_filters_by_state(world):
    store, ids = world
    case_id = add_case(store, ids)
    enqueue(store, case_id, approval_id=approve(store, ids, case_id))
    assert [v.case_id for v in refunds.list_outbox(store)] == [case_id]
    assert [v.state for v in refunds.list_outbox(store, "intended")] == [m.OutboxState.INTENDED]
    assert refunds.list_outbox(store, m.OutboxState.DONE) == []
    assert refunds.list_outbox(store)[0].as_json()["amount"] == "44.97"
    with pytest.raises(InputError, match="退款状态「sent」无效"):
        refunds.list_outbox(store, "sent")


# -- outcomes ---------------------------------------------------------------------------------------------------
def test_a_rejected_refund_shows_amazons_message_and_fails_the_case(world):
    store, ids = world
    case_id = add_case(store, ids)
    approval_id = approve(store, ids, case_id)
    with store.session() as s:
        case = s.get(m.Case, case_id)
        (row,) = refunds.enqueue_refund(s, case, Actor("经理"), approval_id=approval_id)
        case.state = CaseState.REFUND_SUBMITTED
        row.state, row.feed_id, row.message_id = m.OutboxState.SUBMITTED, "5001", 1
        s.flush()
        refund_outbox.record_rejected(s, row, "The order id 302-0000001-0000001 was not found in your orders.",
                                      at=OPENED, code="18025")  # fmt: skip
    with store.reader() as s:
        case = s.get(m.Case, case_id)
        row = s.scalar(sa.select(m.RefundOutbox))
        assert case.state is CaseState.REFUND_FAILED
        assert row.state is m.OutboxState.FAILED and "was not found" in row.error_message
        summaries = s.scalars(sa.select(m.CaseEvent.summary).where(m.CaseEvent.case_id == case_id)).all()
        assert any("亚马逊拒绝了退款" in t and "was not found" in t for t in summaries)
        assert s.scalar(sa.select(sa.func.count()).where(m.AuditEntry.action == "refund.failed")) == 1


def test_settling_folds_the_intake_copy_into_the_case_exactly_once(world):
    store, ids = world
    case_id = add_case(store, ids)  # a return request: its RefundEvent opens a refund case of its own in intake
    approval_id = approve(store, ids, case_id)
    with store.session() as s:
        case = s.get(m.Case, case_id)
        (row,) = refunds.enqueue_refund(s, case, Actor("经理"), approval_id=approval_id)
        row.state, row.feed_id, row.attempted_at = m.OutboxState.DONE, "5001", OPENED
        case.state = CaseState.REFUND_SUBMITTED
        copy = m.Case(account_id=ids["account"], marketplace_code="DE", kind=CaseKind.REFUND,
                      state=CaseState.REFUNDED, source="finances", source_ref="98765432109876",
                      amazon_order_id="302-0000001-0000001", sku="SKU-A", amount=D("44.97"), currency="EUR",
                      opened_at=OPENED + timedelta(minutes=5))  # fmt: skip
        s.add(copy)
        s.flush()
        s.add(m.CaseEvent(case_id=copy.id, kind="created", summary="退款已入账"))
        event = m.FinancialEvent(account_id=ids["account"], event_type="RefundEvent",
                                 posted_at=OPENED + timedelta(minutes=5), amazon_order_id="302-0000001-0000001",
                                 sku="SKU-A", adjustment_id="98765432109876", amount=D("-44.97"), currency="EUR",
                                 raw_digest="d1", case_id=copy.id)  # fmt: skip
        unrelated = m.FinancialEvent(account_id=ids["account"], event_type="RefundEvent",
                                     posted_at=OPENED - timedelta(days=3), amazon_order_id="302-0000001-0000001",
                                     sku="SKU-A", adjustment_id="old", amount=D("-44.97"), currency="EUR",
                                     raw_digest="d0")  # fmt: skip
        s.add_all([event, unrelated])
        s.flush()
        copy_id, event_id = copy.id, event.id
    with store.session() as s:
        assert refunds.settle_refunds(s, ids["account"]) == 1
    with store.session() as s:
        assert refunds.settle_refunds(s, ids["account"]) == 0  # exactly once
    with store.reader() as s:
        assert s.get(m.Case, case_id).state is CaseState.REFUNDED
        assert s.get(m.Case, copy_id) is None
        assert s.get(m.FinancialEvent, event_id).case_id == case_id
        assert s.scalar(sa.select(m.FinancialEvent.case_id).where(m.FinancialEvent.raw_digest == "d0")) is None
        actions = s.scalars(sa.select(m.AuditEntry.action).order_by(m.AuditEntry.id)).all()
        assert actions.count("refund.settled") == 1 and actions.count("case.merged") == 1
        assert audit.verify_chain(s).ok


def test_settling_waits_for_a_matching_event(world):
    store, ids = world
    case_id = add_case(store, ids)
    approval_id = approve(store, ids, case_id)
    with store.session() as s:
        case = s.get(m.Case, case_id)
        (row,) = refunds.enqueue_refund(s, case, Actor("经理"), approval_id=approval_id)
        row.state, row.attempted_at = m.OutboxState.DONE, OPENED
        case.state = CaseState.REFUND_SUBMITTED
        s.add(m.FinancialEvent(account_id=ids["account"], event_type="RefundEvent", posted_at=OPENED,
                               amazon_order_id="302-0000001-0000001", sku="SKU-A", adjustment_id="a",
                               amount=D("-40.00"), currency="EUR", raw_digest="d2"))  # fmt: skip
    with store.session() as s:
        assert refunds.settle_refunds(s, ids["account"]) == 0  # another amount: not this refund
    with store.reader() as s:
        assert s.get(m.Case, case_id).state is CaseState.REFUND_SUBMITTED


def test_cli_lists_refunds_by_state(world, data_dir, capsys):
    import json

    from acorn_desktop.cli import main

    store, ids = world
    case_id = add_case(store, ids)
    ((_, key, *_),) = enqueue(store, case_id, approval_id=approve(store, ids, case_id))  # fmt: skip
    assert main(["--data-dir", str(data_dir), "--json", "refunds", "list", "--state", "intended"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed["total"] == 1 and listed["refunds"][0]["adjustment_key"] == key
    assert listed["refunds"][0]["state"] == "intended" and listed["refunds"][0]["amount"] == "44.97"
    assert main(["--data-dir", str(data_dir), "refunds", "list"]) == 0
    human = capsys.readouterr().out
    assert "待发送" in human and "共 1 笔退款" in human and "44.97 EUR" in human
    assert main(["--data-dir", str(data_dir), "refunds", "list", "--state", "sent"]) == 2
    assert "退款状态「sent」无效" in capsys.readouterr().err
