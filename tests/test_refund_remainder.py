"""Never more than the order: the refundable remainder per line and component, two lines of one SKU, the
approved amount as a ceiling, requests above the remainder refused by the service, and a property test."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from acorn_desktop import models as m
from acorn_desktop.domain.cases import CaseKind, CaseState
from acorn_desktop.domain.refund_breakdown import LineCharge, Taken, check_line, event_components
from acorn_desktop.errors import InputError
from acorn_desktop.services import refunds, users
from acorn_desktop.services.approvals import ApprovalServices
from acorn_desktop.services.changes import Actor

D = Decimal
OPENED = datetime(2026, 11, 10, 8, 0, tzinfo=UTC)
MANAGER = Actor("经理", None)
_seq = itertools.count(1)


def add_order(store, lines, *, marketplace="US", currency="USD") -> dict:
    """``lines``: (sku, quantity, price, tax, shipping). Returns ids; order total = what the lines charge."""
    n = next(_seq)
    with store.session() as s:
        account = s.scalar(sa.select(m.SellerAccount).limit(1))
        if account is None:
            account = m.SellerAccount(name="店铺A", region="na", selling_partner_id="A1SELLER")
            s.add(account)
            s.flush()
            s.add(m.User(username="cs", display_name="cs", role_code="cs"))
        total = sum((D(p) + D(t) + D(sh) for _, _, p, t, sh in lines), D(0))
        order = m.Order(account_id=account.id, marketplace_code=marketplace, amazon_order_id=f"111-{n:07d}-0000001",
                        purchase_date=OPENED - timedelta(days=9), status="Shipped", fulfillment_channel="MFN",
                        currency=currency, order_total=total)  # fmt: skip
        order.items = [
            m.OrderItem(order_item_id=f"{n:07d}{i:07d}", sku=sku, asin="B000000001", title="Mug", quantity=q,
                        item_price=D(p), item_tax=D(t), shipping_price=D(sh), currency=currency)
            for i, (sku, q, p, t, sh) in enumerate(lines)
        ]  # fmt: skip
        s.add(order)
        s.flush()
        return {"order": order.id, "account": account.id, "amazon_order_id": order.amazon_order_id,
                "items": [i.order_item_id for i in sorted(order.items, key=lambda i: i.order_item_id)]}  # fmt: skip


def add_case(store, ids, *, sku, kind=CaseKind.REFUND, reason="CustomerReturn", amount="38.99",
             state=CaseState.APPROVED) -> int:  # fmt: skip
    with store.session() as s:
        order = s.get(m.Order, ids["order"])
        case = m.Case(account_id=order.account_id, marketplace_code=order.marketplace_code, order_id=order.id,
                      kind=kind, state=state, source="manual", source_ref=f"R-{next(_seq)}",
                      amazon_order_id=order.amazon_order_id, sku=sku, reason_code=reason, amount=D(amount),
                      currency=order.currency, opened_at=OPENED)  # fmt: skip
        s.add(case)
        s.flush()
        return case.id


def approve(store, case_id, amount, components=None) -> int:
    with store.session() as s:
        case = s.get(m.Case, case_id)
        requester = s.scalar(sa.select(m.User.id).where(m.User.username == "cs"))
        approval = m.Approval(case_id=case_id, amount=D(amount), currency=case.currency, reason="ok",
                              requested_by=requester, requested_at=OPENED, status=m.ApprovalStatus.APPROVED,
                              components=components)  # fmt: skip
        s.add(approval)
        s.flush()
        return approval.id


def enqueue(store, case_id, approval_id):
    with store.session() as s:
        rows = refunds.enqueue_refund(s, s.get(m.Case, case_id), MANAGER, approval_id=approval_id)
        return [(r.order_item_id, r.amount) for r in rows]


def queued(store, amazon_order_id) -> Decimal:
    with store.reader() as s:
        return s.scalar(
            sa.select(sa.func.coalesce(sa.func.sum(m.RefundOutbox.amount), 0)).where(
                m.RefundOutbox.amazon_order_id == amazon_order_id, m.RefundOutbox.state != m.OutboxState.FAILED
            )
        )


TWIN = [("SKU-X", 1, "38.99", "0", "0"), ("SKU-X", 1, "38.99", "0", "0")]


# -- the pure rule ---------------------------------------------------------------------------------------------
def test_the_rule_caps_each_component_by_quantity_share_and_the_line_total():
    line = LineCharge("L1", "S", 2, {"Principal": D("40"), "Shipping": D("5"), "Tax": D("4")})
    assert check_line(line, Taken(), 2, {"Principal": D("40"), "Shipping": D("5"), "Tax": D("4")}) is None
    half = check_line(line, Taken(), 1, {"Principal": D("20.01")})
    assert (half.component, half.left) == ("Principal", D("20"))
    taken = Taken()
    taken.add({"Principal": D("30")})
    assert check_line(line, taken, 2, {"Principal": D("10.01")}).left == D("10")
    over = check_line(line, taken, 2, {"Principal": D("10"), "Shipping": D("5"), "Goodwill": D("4.01")})
    assert over.component is None and over.left == D("19")  # 49 charged − 30 taken
    assert event_components({"Principal": "-10", "ShippingCharge": "-2", "fee:Commission": "1.5"}, D("-12")) == {
        "Principal": D("10"), "Shipping": D("2")}  # fmt: skip


# -- two lines of one SKU --------------------------------------------------------------------------------------
def test_a_return_of_one_unit_on_two_lines_of_one_sku_refunds_one_line(store):
    ids = add_order(store, TWIN)
    case_id = add_case(store, ids, sku="SKU-X", kind=CaseKind.RETURN_REQUEST, reason="NO_LONGER_NEEDED")
    with store.session() as s:
        s.add(m.ReturnRecord(account_id=ids["account"], report_type="mfn", amazon_order_id=ids["amazon_order_id"],
                             return_date=OPENED, sku="SKU-X", quantity=1, row_digest="r1",
                             case_id=case_id))  # fmt: skip
    rows = enqueue(store, case_id, approve(store, case_id, "38.99"))
    assert rows == [(ids["items"][0], D("38.99"))]
    assert queued(store, ids["amazon_order_id"]) == D("38.99")


def test_the_queued_adjustments_never_exceed_the_approved_amount(store):
    ids = add_order(store, TWIN)
    case_id = add_case(store, ids, sku="SKU-X")  # a full refund of the SKU would be both lines: 77.98
    with pytest.raises(InputError) as err:
        enqueue(store, case_id, approve(store, case_id, "38.99"))
    assert "超过审批" in err.value.zh and "77.98" in err.value.zh
    assert queued(store, ids["amazon_order_id"]) == 0


def test_partial_then_full_refunds_stop_at_the_remainder_of_each_line(store):
    ids = add_order(store, TWIN)
    first = add_case(store, ids, sku="SKU-X", kind=CaseKind.REFUND, reason="GeneralAdjustment")
    enqueue(store, first, approve(store, first, "20.00", {"Principal": "20.00"}))
    assert queued(store, ids["amazon_order_id"]) == D("20.00")
    full = add_case(store, ids, sku="SKU-X")
    with pytest.raises(InputError) as err:
        enqueue(store, full, approve(store, full, "77.98"))
    assert "仍可退的 " in err.value.zh and "已退或已排队" in err.value.zh
    rest = enqueue(store, full, approve(store, full, "57.98", {"Principal": "57.98"}))
    assert sum(a for _, a in rest) == D("57.98") and queued(store, ids["amazon_order_id"]) == D("77.98")
    more = add_case(store, ids, sku="SKU-X")
    with pytest.raises(InputError):
        enqueue(store, more, approve(store, more, "0.01", {"Principal": "0.01"}))
    assert queued(store, ids["amazon_order_id"]) == D("77.98")


def test_a_refund_amazon_reports_that_we_did_not_send_counts_against_the_remainder(store):
    ids = add_order(store, TWIN)
    with store.session() as s:  # refunded in Seller Central: Amazon's RefundEvent, per SKU (not per line)
        s.add(m.FinancialEvent(account_id=ids["account"], event_type="RefundEvent", posted_at=OPENED,
                               amazon_order_id=ids["amazon_order_id"], sku="SKU-X", amount=D("-38.99"),
                               currency="USD", breakdown={"Principal": "-38.99"}, raw_digest="e1"))  # fmt: skip
    case_id = add_case(store, ids, sku="SKU-X")
    with pytest.raises(InputError):
        enqueue(store, case_id, approve(store, case_id, "77.98"))
    assert enqueue(store, case_id, approve(store, case_id, "38.99", {"Principal": "38.99"})) == [
        (ids["items"][1], D("38.99"))]  # fmt: skip


# -- the request, through the approval service ------------------------------------------------------------------
@pytest.fixture
def requester(store, monkeypatch) -> Actor:
    monkeypatch.setattr(users, "HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    admin = users.create_user(store, None, "admin", "管理员", "admin", "correct horse battery")
    info = users.create_user(store, Actor("admin", admin.id), "agent", "客服", "cs", "correct horse battery")
    return Actor(info.username, info.id)


def test_a_request_above_the_order_is_refused_by_the_service_in_chinese(store, requester):
    ids = add_order(store, [("SKU-M", 1, "19.99", "0", "1.90")])  # a 21.89 USD order
    case_id = add_case(store, ids, sku="SKU-M", amount="21.89", state=CaseState.IN_PROGRESS)
    svc = ApprovalServices(store)
    with pytest.raises(InputError) as err:
        svc.request(requester, [case_id], "buyer unhappy", components={"Principal": "19.99", "Shipping": "401.90"})
    assert "「Shipping」401.90 USD 超过了运费 1.90 USD" in err.value.zh
    with store.reader() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(m.Approval)) == 0
        assert s.get(m.Case, case_id).state is CaseState.IN_PROGRESS
    result = svc.request(requester, [case_id], "buyer unhappy", components={"Principal": "19.99", "Shipping": "1.90"})
    assert result.outcomes[0].amount == D("21.89")


# -- the property -----------------------------------------------------------------------------------------------
_amount = st.decimals(min_value=0, max_value=60, places=2)
_line = st.tuples(st.sampled_from(["S1", "S2"]), st.integers(1, 3), _amount, _amount, _amount)
_attempt = st.tuples(
    st.sampled_from(["S1", "S2", None]),
    st.dictionaries(st.sampled_from(["Principal", "Shipping", "Tax", "Goodwill", "GiftWrap"]), _amount, max_size=3),
    st.booleans(),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(_line, min_size=1, max_size=3), attempts=st.lists(_attempt, min_size=1, max_size=5))
def test_property_what_is_enqueued_for_an_order_never_exceeds_its_total(store, lines, attempts):
    ids = add_order(store, [(sku, q, str(p), str(t), str(sh)) for sku, q, p, t, sh in lines])
    with store.reader() as s:
        order_total = s.get(m.Order, ids["order"]).order_total
    for sku, components, use_default in attempts:
        case_id = add_case(store, ids, sku=sku, amount="1.00")
        clean = {k: str(v) for k, v in components.items() if v}
        total = sum((D(v) for v in clean.values()), D(0))
        try:
            approval_id = approve(store, case_id, total if clean and not use_default else "1000", None
                                  if use_default or not clean else clean)  # fmt: skip
            rows = enqueue(store, case_id, approval_id)
        except InputError:
            continue
        with store.reader() as s:
            approved = s.get(m.Approval, approval_id).amount
        assert sum(a for _, a in rows) <= approved
    assert queued(store, ids["amazon_order_id"]) <= order_total
