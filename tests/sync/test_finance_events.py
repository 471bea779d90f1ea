"""Normalising Finances v0 payloads: one row per item, signed amounts, stable digests."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from factories import REFUND, money

from acorn_desktop.domain.cases import CaseKind
from acorn_desktop.formats.finance_events import marketplace_code, normalise


def test_refund_event_rows():
    rows = normalise({"RefundEventList": [REFUND]})
    assert len(rows) == 2
    first = rows[0]
    assert first.event_type == "RefundEvent" and first.case_kind is CaseKind.REFUND
    assert first.amount == Decimal("-19.99") and first.currency == "EUR"
    assert first.fees == Decimal("1.94")
    assert first.breakdown["Principal"] == "-16.19" and first.breakdown["fee:Commission"] == "2.43"
    assert first.marketplace_code == "DE" and first.adjustment_id == "ADJ-1"
    assert first.posted_at == datetime(2026, 11, 1, 10, tzinfo=UTC)
    assert rows[0].raw_digest != rows[1].raw_digest
    assert [r.raw_digest for r in normalise({"RefundEventList": [REFUND]})] == [r.raw_digest for r in rows]


def test_claims_chargebacks_safet_and_reimbursements():
    payload = {
        "GuaranteeClaimEventList": [dict(REFUND, ShipmentItemAdjustmentList=REFUND["ShipmentItemAdjustmentList"][:1])],
        "ChargebackEventList": [dict(REFUND, MarketplaceName="Amazon.co.jp")],
        "SAFETReimbursementEventList": [
            {
                "PostedDate": "2026-11-02T00:00:00Z",
                "SAFETClaimId": "S-9",
                "ReimbursedAmount": money(12.5),
                "ReasonCode": "CustomerDamaged",
            }
        ],
        "AdjustmentEventList": [
            {
                "AdjustmentType": "FBAInventoryReimbursement",
                "PostedDate": "2026-11-03T00:00:00Z",
                "AdjustmentAmount": money(8),
                "AdjustmentItemList": [
                    {"Quantity": "1", "TotalAmount": money(8), "SellerSKU": "SKU-1", "TransactionNumber": "T-1"}
                ],
            },
            {"AdjustmentType": "ReserveEvent", "PostedDate": "2026-11-03T00:00:00Z", "AdjustmentAmount": money(-50)},
        ],
        "ServiceFeeEventList": [{"FeeReason": "ignored"}],
    }
    rows = normalise(payload)
    kinds = [r.case_kind for r in rows]
    assert kinds == [
        CaseKind.ATOZ_CLAIM,
        CaseKind.CHARGEBACK,
        CaseKind.CHARGEBACK,
        CaseKind.SAFET_CLAIM,
        CaseKind.REIMBURSEMENT,
        None,
    ]
    assert rows[1].marketplace_code == "JP"
    assert rows[3].adjustment_id == "S-9" and rows[3].amount == Decimal("12.5")
    assert rows[4].adjustment_id == "T-1" and rows[4].sku == "SKU-1"


def test_marketplace_names():
    assert marketplace_code("Amazon.co.uk") == "UK"
    assert marketplace_code("amazon.com") == "US"
    assert marketplace_code("Non-Amazon") is None and marketplace_code(None) is None
