"""The one refund-breakdown rule: what is still refundable per order line and component (pure arithmetic).

A line's charge is what the buyer paid for it: Principal, Shipping, Tax (only where Amazon charges it on top of
the price) and GiftWrap. What was already given back — queued or sent adjustments and Amazon's RefundEvents —
is subtracted per component; a refund of part of the quantity may take at most that share of the principal, tax
and gift wrap still left. Other positive types (Goodwill, Other, …) count against the line's total remainder
only. Lines are order items (AmazonOrderItemCode), never SKUs: two lines of one SKU are two lines.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

ZERO = Decimal(0)
# Marketplaces whose prices exclude sales tax (it is charged on top); elsewhere VAT/GST/JCT is inside the price.
TAX_ADDED_ON_TOP = frozenset({"US", "CA"})
CAPPED = ("Principal", "Shipping", "Tax", "GiftWrap")  # components with a charge of their own
BY_QUANTITY = frozenset({"Principal", "Tax", "GiftWrap"})  # scale with the refunded quantity; shipping does not
# Amazon's Finances ChargeType → our component type (fees are the seller's, not the buyer's, money).
EVENT_CHARGE_TYPES = {"Principal": "Principal", "Tax": "Tax", "ShippingCharge": "Shipping", "Shipping": "Shipping",
                      "GiftWrap": "GiftWrap"}  # fmt: skip


@dataclass(frozen=True)
class LineCharge:
    """One order line as charged: its id, SKU, quantity and the amounts per capped component."""

    order_item_id: str
    sku: str | None
    quantity: int
    charged: Mapping[str, Decimal]

    @property
    def total(self) -> Decimal:
        return sum(self.charged.values(), ZERO)


@dataclass
class Taken:
    """What was already given back on one line: per component (positive amounts) and the net total."""

    components: dict[str, Decimal] = field(default_factory=dict)
    total: Decimal = ZERO

    def add(self, components: Mapping[str, Decimal]) -> None:
        for ctype, amount in components.items():
            self.components[ctype] = self.components.get(ctype, ZERO) + amount
        self.total += sum(components.values(), ZERO)


@dataclass(frozen=True)
class Excess:
    """A refund above the remainder: ``component`` None means the line's net total."""

    order_item_id: str
    component: str | None
    asked: Decimal
    left: Decimal
    charged: Decimal
    taken: Decimal


def remainder(line: LineCharge, taken: Taken) -> dict[str, Decimal]:
    """Per capped component, what is still refundable on the line (never below zero)."""
    return {c: max(line.charged.get(c, ZERO) - taken.components.get(c, ZERO), ZERO) for c in CAPPED}


def total_remainder(line: LineCharge, taken: Taken) -> Decimal:
    return max(line.total - taken.total, ZERO)


def check_line(line: LineCharge, taken: Taken, quantity: int, asked: Mapping[str, Decimal]) -> Excess | None:
    """The first way ``asked`` (component → amount, deductions negative) exceeds the line's remainder, or None."""
    left = remainder(line, taken)
    share = Decimal(quantity) / Decimal(line.quantity) if 0 < quantity < line.quantity else Decimal(1)
    for ctype in CAPPED:
        amount = asked.get(ctype, ZERO)
        cap = left[ctype]
        if ctype in BY_QUANTITY and share < 1:
            cap = min(cap, line.charged.get(ctype, ZERO) * share)
        if amount > cap:
            return Excess(line.order_item_id, ctype, amount, cap, line.charged.get(ctype, ZERO),
                          taken.components.get(ctype, ZERO))  # fmt: skip
    net = sum(asked.values(), ZERO)
    if net > total_remainder(line, taken):
        return Excess(line.order_item_id, None, net, total_remainder(line, taken), line.total, taken.total)
    return None


def event_components(breakdown: Mapping[str, object] | None, amount: Decimal) -> dict[str, Decimal]:
    """A RefundEvent's refund to the buyer per component (positive), from its ChargeType breakdown.

    Charges we have no component for are kept under "Other" so the total stays exact.
    """
    refund = -Decimal(amount)
    parts: dict[str, Decimal] = {}
    for key, value in (breakdown or {}).items():
        if str(key).startswith("fee:"):
            continue
        ctype = EVENT_CHARGE_TYPES.get(str(key), "Other")
        parts[ctype] = parts.get(ctype, ZERO) - Decimal(str(value))
    rest = refund - sum(parts.values(), ZERO)
    if rest:
        parts["Other"] = parts.get("Other", ZERO) + rest
    return parts


def spread_by_sku(lines: Iterable[LineCharge], taken: dict[str, Taken], sku: str | None,
                  refunded: Mapping[str, Decimal]) -> None:  # fmt: skip
    """Add a refund Amazon reports per SKU (not per line) to ``taken``: fill the SKU's lines in order, the last
    line taking what is left, so the order as a whole is never under-counted."""
    same = [ln for ln in lines if ln.sku == sku]
    if not same:
        return
    rest = dict(refunded)
    for index, line in enumerate(same):
        if index == len(same) - 1:
            part = {c: v for c, v in rest.items() if v}
        else:
            left = remainder(line, taken[line.order_item_id])
            part = {}
            for ctype, value in rest.items():
                room = left.get(ctype, total_remainder(line, taken[line.order_item_id]))
                part[ctype] = min(value, room) if value > 0 else ZERO
            part = {c: v for c, v in part.items() if v}
        for ctype, value in part.items():
            rest[ctype] = rest.get(ctype, ZERO) - value
        taken[line.order_item_id].add(part)


def unmatched(events: Mapping[str, Decimal], ours: Mapping[str, Decimal]) -> dict[str, Decimal]:
    """Refunded per component beyond what our own adjustments account for (they are counted already)."""
    return {c: v - ours.get(c, ZERO) for c, v in events.items() if v - ours.get(c, ZERO) > 0}
