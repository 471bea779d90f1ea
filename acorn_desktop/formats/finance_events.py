"""Turn a Finances v0 ``FinancialEvents`` payload into flat, typed rows (one per item or claim).

Pure functions: no database, no network. Each row carries a SHA-256 digest of exactly the JSON it came
from (the event without its item lists, plus the one item, plus its position), which is the row's natural
key: fetching the same page twice produces the same digests, so storing is idempotent.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal

from ..domain.cases import CaseKind
from ..domain.marketplaces import MARKETPLACES

# Finances lists whose events are ShipmentEvent-shaped and what they mean for us.
SHIPMENT_SHAPED = {
    "ShipmentEventList": "ShipmentEvent",
    "RefundEventList": "RefundEvent",
    "GuaranteeClaimEventList": "GuaranteeClaimEvent",
    "ChargebackEventList": "ChargebackEvent",
}
CASE_KIND_OF = {
    "RefundEvent": CaseKind.REFUND,
    "GuaranteeClaimEvent": CaseKind.ATOZ_CLAIM,
    "ChargebackEvent": CaseKind.CHARGEBACK,
    "SAFETReimbursementEvent": CaseKind.SAFET_CLAIM,
    "AdjustmentEvent": CaseKind.REIMBURSEMENT,
}
# AdjustmentEvent types that are FBA reimbursements to the seller (others, e.g. ReserveEvent, are not cases).
REIMBURSEMENT_TYPES = frozenset({
    "FBAInventoryReimbursement", "REVERSAL_REIMBURSEMENT", "WAREHOUSE_DAMAGE", "WAREHOUSE_LOST",
    "MISSING_FROM_INBOUND", "CUSTOMER_RETURN", "LostOrDamagedReimbursement", "COMPENSATED_CLAWBACK",
})  # fmt: skip
_BY_DOMAIN = {m.domain.lower(): m.code for m in MARKETPLACES.values()}


@dataclass(frozen=True, slots=True)
class EventRow:
    event_type: str
    posted_at: datetime
    amazon_order_id: str | None
    marketplace_code: str | None
    sku: str | None
    adjustment_id: str | None  # OrderAdjustmentItemId, SAFETClaimId, TransactionNumber …
    amount: Decimal  # signed sum of the item's charges (negative = money back to the buyer)
    currency: str
    breakdown: dict[str, str]
    raw_digest: str
    case_kind: CaseKind | None = None
    fees: Decimal = Decimal(0)
    extra: dict = field(default_factory=dict)


def _digest(*parts: object) -> str:
    text = json.dumps(parts, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def parse_instant(value: str) -> datetime:
    """SP-API date-times are ISO 8601 with Z or an offset; always return aware UTC."""
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def marketplace_code(name: str | None) -> str | None:
    """ "Amazon.de" → "DE"; unknown names (e.g. "Non-Amazon") → None."""
    if not name:
        return None
    return _BY_DOMAIN.get(name.strip().lower())


def _money(component: dict | None) -> tuple[Decimal, str | None]:
    if not component:
        return Decimal(0), None
    return Decimal(str(component.get("CurrencyAmount", 0))), component.get("CurrencyCode")


def _sum(components: list | None, type_key: str, amount_key: str, into: dict[str, Decimal]) -> tuple[Decimal, str]:
    total, currency = Decimal(0), ""
    for comp in components or []:
        amount, cur = _money(comp.get(amount_key))
        total += amount
        currency = cur or currency
        key = comp.get(type_key) or "Other"
        into[key] = into.get(key, Decimal(0)) + amount
    return total, currency


def _shipment_rows(event_type: str, event: dict) -> Iterator[EventRow]:
    items_key = "ShipmentItemList" if event_type == "ShipmentEvent" else "ShipmentItemAdjustmentList"
    charges_key = "ItemChargeList" if event_type == "ShipmentEvent" else "ItemChargeAdjustmentList"
    fees_key = "ItemFeeList" if event_type == "ShipmentEvent" else "ItemFeeAdjustmentList"
    header = {k: v for k, v in event.items() if not k.endswith("ItemList") and not k.endswith("AdjustmentList")}
    posted = parse_instant(event["PostedDate"]) if event.get("PostedDate") else None
    for position, item in enumerate(event.get(items_key) or []):
        breakdown: dict[str, Decimal] = {}
        amount, currency = _sum(item.get(charges_key), "ChargeType", "ChargeAmount", breakdown)
        fee_parts: dict[str, Decimal] = {}
        fees, fee_currency = _sum(item.get(fees_key), "FeeType", "FeeAmount", fee_parts)
        breakdown.update({f"fee:{k}": v for k, v in fee_parts.items()})
        yield EventRow(
            event_type=event_type,
            posted_at=posted,
            amazon_order_id=event.get("AmazonOrderId"),
            marketplace_code=marketplace_code(event.get("MarketplaceName")),
            sku=item.get("SellerSKU"),
            adjustment_id=item.get("OrderAdjustmentItemId"),
            amount=amount,
            currency=currency or fee_currency or "",
            breakdown={k: str(v) for k, v in breakdown.items()},
            raw_digest=_digest(event_type, header, position, item),
            case_kind=CASE_KIND_OF.get(event_type),
            fees=fees,
            extra={"order_item_id": item.get("OrderItemId"), "quantity": item.get("QuantityShipped")},
        )


def _safet_rows(event: dict) -> Iterator[EventRow]:
    amount, currency = _money(event.get("ReimbursedAmount"))
    breakdown: dict[str, Decimal] = {}
    for item in event.get("SAFETReimbursementItemList") or []:
        _sum(item.get("itemChargeList"), "ChargeType", "ChargeAmount", breakdown)
    yield EventRow(
        event_type="SAFETReimbursementEvent",
        posted_at=parse_instant(event["PostedDate"]),
        amazon_order_id=None,
        marketplace_code=None,
        sku=None,
        adjustment_id=event.get("SAFETClaimId"),
        amount=amount,
        currency=currency or "",
        breakdown={k: str(v) for k, v in breakdown.items()},
        raw_digest=_digest("SAFETReimbursementEvent", event),
        case_kind=CaseKind.SAFET_CLAIM,
        extra={"reason_code": event.get("ReasonCode")},
    )


def _adjustment_rows(event: dict) -> Iterator[EventRow]:
    kind = event.get("AdjustmentType") or ""
    header = {k: v for k, v in event.items() if k != "AdjustmentItemList"}
    items = event.get("AdjustmentItemList") or [None]
    for position, item in enumerate(items):
        amount, currency = _money((item or {}).get("TotalAmount") or event.get("AdjustmentAmount"))
        yield EventRow(
            event_type="AdjustmentEvent",
            posted_at=parse_instant(event["PostedDate"]),
            amazon_order_id=None,
            marketplace_code=None,
            sku=(item or {}).get("SellerSKU"),
            adjustment_id=(item or {}).get("TransactionNumber"),
            amount=amount,
            currency=currency or "",
            breakdown={kind or "Adjustment": str(amount)},
            raw_digest=_digest("AdjustmentEvent", header, position, item),
            case_kind=CaseKind.REIMBURSEMENT if kind in REIMBURSEMENT_TYPES else None,
            extra={"adjustment_type": kind, "asin": (item or {}).get("ASIN"), "quantity": (item or {}).get("Quantity")},
        )


def normalise(financial_events: dict) -> list[EventRow]:
    """All rows of one page's ``FinancialEvents`` object we understand; other lists are ignored."""
    rows: list[EventRow] = []
    for list_name, event_type in SHIPMENT_SHAPED.items():
        for event in financial_events.get(list_name) or []:
            rows.extend(_shipment_rows(event_type, event))
    for event in financial_events.get("SAFETReimbursementEventList") or []:
        rows.extend(_safet_rows(event))
    for event in financial_events.get("AdjustmentEventList") or []:
        rows.extend(_adjustment_rows(event))
    return rows
