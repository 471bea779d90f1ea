"""Small builders shared by tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from acorn_desktop import models as m
from acorn_desktop.domain.cases import CaseKind

MARKER = "PLAINTEXT_MARKER_XYZZY"


def add_account_and_case(session, *, reason: str = MARKER, amount=Decimal("19.99")) -> int:
    account = m.SellerAccount(name="店铺A", region="eu", selling_partner_id="A1SELLER", is_sandbox=True)
    session.add(account)
    session.flush()
    opened = datetime(2026, 11, 20, 8, 30, tzinfo=UTC)
    case = m.Case(
        account_id=account.id,
        marketplace_code="DE",
        kind=CaseKind.REFUND,
        source="manual",
        source_ref="R-1",
        amazon_order_id="302-1234567-1234567",
        reason_text=reason,
        amount=amount,
        currency="EUR",
        opened_at=opened,
        deadline_at=opened + timedelta(days=2),
    )
    session.add(case)
    session.flush()
    return case.id


# A Finances v0 RefundEvent as Amazon's model shapes it (two adjusted items).
def money(amount, currency="EUR"):
    return {"CurrencyCode": currency, "CurrencyAmount": amount}


REFUND = {
    "AmazonOrderId": "302-1234567-1234567",
    "MarketplaceName": "Amazon.de",
    "PostedDate": "2026-11-01T10:00:00Z",
    "ShipmentItemAdjustmentList": [
        {
            "SellerSKU": "SKU-1",
            "OrderAdjustmentItemId": "ADJ-1",
            "QuantityShipped": 1,
            "ItemChargeAdjustmentList": [
                {"ChargeType": "Principal", "ChargeAmount": money(-16.19)},
                {"ChargeType": "Tax", "ChargeAmount": money(-3.80)},
            ],
            "ItemFeeAdjustmentList": [
                {"FeeType": "Commission", "FeeAmount": money(2.43)},
                {"FeeType": "RefundCommission", "FeeAmount": money(-0.49)},
            ],
        },
        {
            "SellerSKU": "SKU-2",
            "OrderAdjustmentItemId": "ADJ-2",
            "ItemChargeAdjustmentList": [{"ChargeType": "Principal", "ChargeAmount": money(-5)}],
        },
    ],
}
