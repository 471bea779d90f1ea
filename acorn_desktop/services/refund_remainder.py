"""What is still refundable on an order: our queued / sent refunds and Amazon's RefundEvents, per order line.

The arithmetic is :mod:`acorn_desktop.domain.refund_breakdown`; this module reads the store for it and words
the refusal. Used by ``services.refunds.validate_breakdown`` (enqueue and the approval request alike).
"""

from __future__ import annotations

from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Session

from ..domain.money import quantize
from ..domain.refund_breakdown import (
    TAX_ADDED_ON_TOP,
    Excess,
    LineCharge,
    Taken,
    event_components,
    spread_by_sku,
    unmatched,
)
from ..models import Case, FinancialEvent, Order, OrderItem, OutboxState, RefundOutbox

_COMPONENT_LABELS = {
    "Principal": ("商品价格", "the item price"), "Shipping": ("运费", "the shipping charged"),
    "Tax": ("另收的税费", "the tax charged on top"), "GiftWrap": ("礼品包装费", "the gift wrap charged"),
}  # fmt: skip


def excess_message(excess: Excess, currency: str, where_zh: str, where_en: str) -> tuple[str, str]:
    """(Chinese, English): the refund is above what is still refundable on the line."""
    asked, left, charged, taken = (f"{quantize(v, currency)} {currency}" for v in
                                   (excess.asked, excess.left, excess.charged, excess.taken))  # fmt: skip
    if excess.component is None:
        return (
            f"退款 {asked} 超过该商品仍可退的金额 {left}(已收 {charged},已退或已排队 {taken}){where_zh}。",
            f"the refund of {asked} exceeds what is still refundable for the item, {left} (charged {charged}, "
            f"refunded or queued {taken}){where_en}.",
        )  # fmt: skip
    zh, en = _COMPONENT_LABELS.get(excess.component, (excess.component, excess.component))
    if not excess.taken and excess.left == excess.charged:
        return (
            f"「{excess.component}」{asked} 超过了{zh} {charged}{where_zh}。",
            f"{excess.component} {asked} exceeds {en}, {charged}{where_en}.",
        )  # fmt: skip
    return (
        f"「{excess.component}」{asked} 超过了{zh}仍可退的 {left}(已收 {charged},已退或已排队 {taken})"
        f"{where_zh}。",
        f"{excess.component} {asked} exceeds what is still refundable of {en}, {left} (charged {charged}, "
        f"refunded or queued {taken}){where_en}.",
    )  # fmt: skip


def line_charge(order: Order, item: OrderItem) -> LineCharge:
    tax = item.item_tax if order.marketplace_code in TAX_ADDED_ON_TOP else Decimal(0)
    charged = {"Principal": item.item_price, "Shipping": item.shipping_price or Decimal(0), "Tax": tax or Decimal(0)}
    return LineCharge(item.order_item_id, item.sku, item.quantity, charged)


def already_refunded(session: Session, case: Case, order: Order, approval_id: int | None = None) -> dict[str, Taken]:
    """Per order line, what is already given back: our queued / sent / accepted adjustments (except the rows of
    ``case`` + ``approval_id`` themselves) plus Amazon's RefundEvents that none of our adjustments explain."""
    lines = [line_charge(order, i) for i in sorted(order.items, key=lambda i: i.order_item_id)]
    taken = {ln.order_item_id: Taken() for ln in lines}
    sku_of = {ln.order_item_id: ln.sku for ln in lines}
    ours_by_sku: dict[str | None, Taken] = {}
    rows = session.execute(
        sa.select(RefundOutbox.order_item_id, RefundOutbox.components, RefundOutbox.amount, RefundOutbox.case_id,
                  RefundOutbox.approval_id)
        .where(RefundOutbox.account_id == case.account_id, RefundOutbox.amazon_order_id == order.amazon_order_id,
               RefundOutbox.state != OutboxState.FAILED)
    )  # fmt: skip
    for item_id, components, amount, case_id, appr in rows:
        parts = {k: Decimal(str(v)) for k, v in (components or {}).items()} or {"Other": Decimal(amount)}
        ours_by_sku.setdefault(sku_of.get(item_id), Taken()).add(parts)
        if item_id in taken and (case_id, appr) != (case.id, approval_id):
            taken[item_id].add(parts)
    events: dict[str | None, Taken] = {}
    query = sa.select(FinancialEvent.sku, FinancialEvent.breakdown, FinancialEvent.amount).where(
        FinancialEvent.account_id == case.account_id, FinancialEvent.amazon_order_id == order.amazon_order_id,
        FinancialEvent.event_type == "RefundEvent",
    )  # fmt: skip
    for sku, breakdown, amount in session.execute(query):
        events.setdefault(sku, Taken()).add(event_components(breakdown, amount))
    for sku, refunded in events.items():
        extra = unmatched(refunded.components, ours_by_sku.get(sku, Taken()).components)
        spread_by_sku(lines, taken, sku, extra)
    return taken
