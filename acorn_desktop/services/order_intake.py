"""Intake of all-orders report lines: orders and order items upserted idempotently, cases linked to them.

Runs inside the caller's transaction (the orders stream commits a document's orders, items, case links, its
audit entry and its cursor together).

* ``orders`` keyed by ``(account, amazon order id)``: status, last update, currency, total, fulfilment
  channel, ship country and purchase date follow the report. A line older than what is stored (its
  ``last-updated-date`` before the stored one: an overlapping or late report) changes nothing. The
  marketplace comes from the ``sales-channel`` (``Amazon.de`` → DE), else from the currency among the
  account's marketplaces. No buyer data is stored: ``buyer_alias`` is left as it is (None for new orders).
  ``Non-Amazon`` lines (multi-channel fulfilment of orders sold elsewhere) are counted and skipped: they
  never become Amazon refunds.
* ``order_items`` keyed by ``(order, line)``: the report has no order-item id, so a line is its SKU and its
  occurrence among the order's lines with that SKU. Items already stored (by the demo seeder or the Orders
  API, with Amazon's order-item ids) are matched the same way — the n-th stored item with that SKU, in id
  order — so a line is never stored twice under two keys.
* ``order_total`` = what the buyer was charged: item price + shipping + gift wrap − promotion discounts, plus
  item/shipping/gift-wrap tax only where tax is added on top of prices (US, CA). In the other marketplaces
  prices include VAT/GST/JCT and the tax columns show the part of the price that is tax: adding them would
  count it twice.
* cases of the account whose ``amazon_order_id`` is one of these orders and whose ``order_id`` is still NULL
  (created before the order was known) are linked to it, each with one timeline entry.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Session

from ..domain.marketplaces import MARKETPLACES
from ..formats.orders_report import ALL_ORDERS, OrderLine
from ..models import Case, CaseEvent, Order, OrderItem, SellerAccount
from ..storage.upsert import insert_ignoring_duplicates
from .intake import IntakeResult

SOURCE = "orders_report"
LOOKUP_BATCH = 500
TITLE_LENGTH = 300
TAX_ON_TOP = frozenset({"US", "CA"})  # sales tax added to the price; elsewhere prices include the tax
LINKED_ZH, LINKED_EN = "订单信息已同步", "Order details synced"
_BY_DOMAIN = {m.domain.lower(): m.code for m in MARKETPLACES.values()}
_ORDER_FIELDS = ("purchase_date", "last_updated", "status", "fulfillment_channel", "currency", "order_total",
                 "ship_country")  # fmt: skip
_ITEM_FIELDS = ("asin", "title", "quantity", "item_price", "item_tax", "shipping_price", "currency")


@dataclass
class OrderIntakeResult(IntakeResult):
    """``events_seen`` = lines read, ``events_new`` = new orders, ``cases_updated`` = cases linked."""

    orders_new: int = 0
    orders_updated: int = 0
    items_new: int = 0
    items_updated: int = 0
    cases_linked: int = 0
    lines_skipped: int = 0  # Non-Amazon lines, and lines older than the stored order

    def summary(self) -> dict:
        return {
            "lines": self.events_seen, "orders_new": self.orders_new, "orders_updated": self.orders_updated,
            "items_new": self.items_new, "items_updated": self.items_updated, "cases_linked": self.cases_linked,
            "lines_skipped": self.lines_skipped,
        }  # fmt: skip


def _batched(values: Sequence, size: int = LOOKUP_BATCH):
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _zero(value: Decimal | None) -> Decimal:
    return value if value is not None else Decimal(0)


def line_total(line: OrderLine, marketplace_code: str) -> Decimal:
    """What the buyer was charged for one line (see the module docstring)."""
    total = (
        _zero(line.item_price) + _zero(line.shipping_price) + _zero(line.gift_wrap_price)
        - abs(_zero(line.item_promotion_discount)) - abs(_zero(line.ship_promotion_discount))
    )  # fmt: skip
    if marketplace_code in TAX_ON_TOP:
        total += _zero(line.item_tax) + _zero(line.shipping_tax) + _zero(line.gift_wrap_tax)
    return total


def order_total(lines: Iterable[OrderLine], marketplace_code: str) -> Decimal:
    return sum((line_total(line, marketplace_code) for line in lines), Decimal(0))


def marketplace_of(account_codes: Sequence[str], sales_channel: str | None, currency: str | None) -> str:
    """``Amazon.co.uk`` → UK; otherwise the account's marketplace with that currency, else its first one."""
    code = _BY_DOMAIN.get((sales_channel or "").strip().lower())
    if code is not None:
        return code
    if currency:
        for candidate in account_codes:
            if MARKETPLACES[candidate].currency == currency:
                return candidate
    return account_codes[0] if account_codes else "US"


def ingest_orders(
    session: Session, account: SellerAccount, lines: Iterable[OrderLine], *, seen_at: datetime
) -> OrderIntakeResult:
    lines = list(lines)
    result = OrderIntakeResult(events_seen=len(lines))
    by_order: dict[str, list[OrderLine]] = {}
    for line in lines:
        if not line.is_amazon_order:
            result.lines_skipped += 1
            continue
        by_order.setdefault(line.amazon_order_id, []).append(line)
    if not by_order:
        return result
    codes = [m.code for m in account.marketplaces]
    table = Order.__table__

    known: dict[str, sa.Row] = {}
    for batch in _batched(sorted(by_order)):
        query = sa.select(table).where(table.c.account_id == account.id, table.c.amazon_order_id.in_(batch))
        known.update({row.amazon_order_id: row for row in session.execute(query)})

    new_orders: list[dict] = []
    current: dict[str, list[OrderLine]] = {}  # orders whose lines are applied (not older than what is stored)
    for order_id, group in by_order.items():
        head = max(group, key=lambda ln: ln.last_updated)
        currency = next((ln.currency for ln in group if ln.currency), None)
        prev = known.get(order_id)
        market = prev.marketplace_code if prev is not None else marketplace_of(codes, head.sales_channel, currency)
        values = {
            "purchase_date": head.purchase_date, "last_updated": head.last_updated, "status": head.order_status,
            "fulfillment_channel": head.fulfillment_channel, "currency": currency or MARKETPLACES[market].currency,
            "order_total": order_total(group, market),
            "ship_country": next((ln.ship_country for ln in group if ln.ship_country), None),
        }  # fmt: skip
        if prev is None:
            new_orders.append({"account_id": account.id, "marketplace_code": market, "amazon_order_id": order_id,
                               "buyer_alias": None, **values})  # fmt: skip
            current[order_id] = group
            continue
        if prev.last_updated is not None and head.last_updated < prev.last_updated:
            result.lines_skipped += len(group)  # an older view of the order than the stored one
            continue
        current[order_id] = group
        diff = {k: v for k, v in values.items() if getattr(prev, k) != v}
        if diff:
            session.execute(sa.update(table).where(table.c.id == prev.id).values(**diff))
            result.orders_updated += 1
    insert_ignoring_duplicates(session.connection(), table, new_orders, ["account_id", "amazon_order_id"])
    result.orders_new = result.events_new = len(new_orders)

    ids: dict[str, int] = {oid: row.id for oid, row in known.items()}
    missing = sorted(set(by_order) - set(ids))
    for batch in _batched(missing):
        query = sa.select(table.c.amazon_order_id, table.c.id).where(
            table.c.account_id == account.id, table.c.amazon_order_id.in_(batch)
        )
        ids.update({oid: pk for oid, pk in session.execute(query)})

    _store_items(session, current, ids, result)
    _link_cases(session, account, ids, seen_at, result)
    session.flush()
    return result


def _store_items(session: Session, current: dict[str, list[OrderLine]], ids: dict[str, int], result) -> None:
    items = OrderItem.__table__
    pks = sorted(ids[oid] for oid in current)
    stored: dict[tuple[int, str], list[sa.Row]] = {}
    for batch in _batched(pks):
        query = sa.select(items).where(items.c.order_id.in_(batch)).order_by(items.c.id)
        for row in session.execute(query):
            stored.setdefault((row.order_id, row.sku), []).append(row)
    new_items: list[dict] = []
    for order_id, group in current.items():
        pk = ids[order_id]
        currency = next((ln.currency for ln in group if ln.currency), None)
        for line in group:
            values = {
                "asin": line.asin or "", "title": _cut(line.product_name or "", TITLE_LENGTH),
                "quantity": line.quantity, "item_price": _zero(line.item_price), "item_tax": _zero(line.item_tax),
                "shipping_price": _zero(line.shipping_price), "currency": line.currency or currency,
            }  # fmt: skip
            same_sku = stored.get((pk, line.sku), [])
            prev = same_sku[line.occurrence] if line.occurrence < len(same_sku) else None
            if prev is None:
                if values["currency"] is None:
                    values["currency"] = session.scalar(sa.select(Order.currency).where(Order.id == pk))
                new_items.append({"order_id": pk, "order_item_id": line.line_key, "sku": line.sku, **values})
                continue
            if values["currency"] is None:
                values["currency"] = prev.currency
            diff = {k: values[k] for k in _ITEM_FIELDS if getattr(prev, k) != values[k]}
            if diff:
                session.execute(sa.update(items).where(items.c.id == prev.id).values(**diff))
                result.items_updated += 1
    insert_ignoring_duplicates(session.connection(), items, new_items, ["order_id", "order_item_id"])
    result.items_new = len(new_items)


def _link_cases(session: Session, account: SellerAccount, ids: dict[str, int], seen_at: datetime, result) -> None:
    order_ids = sorted(ids)
    for batch in _batched(order_ids):
        query = (
            sa.select(Case)
            .where(Case.account_id == account.id, Case.amazon_order_id.in_(batch), Case.order_id.is_(None))
            .order_by(Case.id)
        )
        for case in session.scalars(query):
            case.order_id = ids[case.amazon_order_id]
            session.add(
                CaseEvent(
                    case_id=case.id, at=seen_at, kind="sync", summary=f"{LINKED_ZH} / {LINKED_EN}",
                    data={"source": SOURCE, "report_type": ALL_ORDERS, "amazon_order_id": case.amazon_order_id},
                )
            )  # fmt: skip
            result.case_ids.add(case.id)
            result.cases_linked += 1
    result.cases_updated = result.cases_linked


def _cut(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


__all__ = ["SOURCE", "TAX_ON_TOP", "OrderIntakeResult", "ingest_orders", "line_total", "marketplace_of",
           "order_total"]  # fmt: skip
