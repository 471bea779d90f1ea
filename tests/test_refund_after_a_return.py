"""A refund case for a buyer's return takes the seller's fault from the order's return request (its shipping too).

The refund case carries Amazon's adjustment reason (CustomerReturn), not the buyer's return reason: a request
for a defective item's refund left the shipping out (EUR 35.98 = 30.99 + 4.99 shipping, requested as 30.99).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from acorn_desktop import models as m
from acorn_desktop.domain.cases import CaseKind, CaseState
from acorn_desktop.services import refunds

OPENED = datetime(2026, 11, 10, 8, 0, tzinfo=UTC)


@pytest.fixture
def order(store):
    with store.session() as s:
        account = m.SellerAccount(name="店铺A", region="eu", selling_partner_id="A1SELLER")
        s.add(account)
        s.flush()
        row = m.Order(account_id=account.id, marketplace_code="DE", amazon_order_id="302-0000001-0000009",
                      purchase_date=OPENED - timedelta(days=20), status="Shipped", fulfillment_channel="MFN",
                      currency="EUR", order_total=Decimal("35.98"))  # fmt: skip
        row.items = [
            m.OrderItem(order_item_id="11111111111119", sku="SKU-K", asin="B000000009", title="Kitchen set",
                        quantity=1, item_price=Decimal("30.99"), item_tax=Decimal("4.95"),
                        shipping_price=Decimal("4.99"), currency="EUR"),
        ]  # fmt: skip
        s.add(row)
        s.flush()
        return row.id


def add(store, order_id, kind, reason, ref) -> int:
    with store.session() as s:
        row = s.get(m.Order, order_id)
        case = m.Case(account_id=row.account_id, marketplace_code="DE", order_id=row.id, kind=kind,
                      state=CaseState.IN_PROGRESS, source="manual", source_ref=ref,
                      amazon_order_id=row.amazon_order_id, sku="SKU-K", reason_code=reason,
                      amount=Decimal("35.98"), currency="EUR", opened_at=OPENED)  # fmt: skip
        s.add(case)
        s.flush()
        return case.id


def breakdown(store, case_id):
    with store.reader() as s:
        return refunds.default_breakdown(s, s.get(m.Case, case_id))


@pytest.mark.parametrize(("return_reason", "shipping"), [("QUALITY_UNACCEPTABLE", True), ("NO_LONGER_NEEDED", False)])
def test_refund_case_follows_the_buyers_return_reason(store, order, return_reason, shipping):
    add(store, order, CaseKind.RETURN_REQUEST, return_reason, "R-1")
    refund = add(store, order, CaseKind.REFUND, "CustomerReturn", "F-1")
    result = breakdown(store, refund)
    assert result.adjustment_reason == "CustomerReturn"
    assert result.total == (Decimal("35.98") if shipping else Decimal("30.99"))
    assert ("Shipping" in result.components) is shipping


def test_refund_case_without_a_return_request_keeps_the_buyer_paying_the_shipping(store, order):
    refund = add(store, order, CaseKind.REFUND, "CustomerReturn", "F-2")
    assert breakdown(store, refund).total == Decimal("30.99")
