"""Parser for the all-orders report ``GET_FLAT_FILE_ALL_ORDERS_DATA_BY_LAST_UPDATE_GENERAL`` (pure: no I/O).

One tab-separated line per order item (spapi.md §5): amazon-order-id, merchant-order-id, purchase-date,
last-updated-date, order-status, fulfillment-channel, sales-channel, order-channel, ship-service-level,
product-name, sku, asin, item-status, quantity, currency, item-price, item-tax, shipping-price, shipping-tax,
gift-wrap-price, gift-wrap-tax, item-promotion-discount, ship-promotion-discount, ship-city, ship-state,
ship-postal-code, ship-country, promotion-ids, is-business-order, purchase-order-number, price-designation.

Buyer data: ``ship-city``, ``ship-state`` and ``ship-postal-code`` are personal data the app does not keep.
They are dropped from each line as soon as it is split, never read, never part of a row, an error message
or a digest. ``ship-country`` is kept (it decides which return rules apply and is not personal).

Strictness is that of :mod:`.report_parsers`: a missing column, a line with the wrong number of fields or a
value that does not parse raises :class:`~.report_parsers.ReportParseError` naming the report, the line
(1 = the header) and the column. Amounts may be empty (pending and cancelled orders carry no prices yet).
The lines of one order must agree on the order's purchase date and currency, otherwise the file is damaged.

The report has no order-item id. A line is identified within its order by its SKU and its occurrence among
the order's lines with that SKU (``line_key``), which is stable across reports of the same order.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from .report_parsers import ReportLocale, ReportParseError, _lines

ALL_ORDERS = "GET_FLAT_FILE_ALL_ORDERS_DATA_BY_LAST_UPDATE_GENERAL"
ALL_ORDERS_REQUIRED = (
    "amazon-order-id", "purchase-date", "last-updated-date", "order-status", "fulfillment-channel",
    "sales-channel", "sku", "asin", "quantity", "currency", "item-price", "item-tax", "shipping-price",
    "ship-country",
)  # fmt: skip
PII_COLUMNS = ("ship-city", "ship-state", "ship-postal-code")  # never read, never stored
LINE_KEY_LENGTH = 32  # order_items.order_item_id
SKU_LENGTH = 64  # order_items.sku
FULFILMENT_CHANNELS = {"amazon": "AFN", "afn": "AFN", "merchant": "MFN", "mfn": "MFN"}
NON_AMAZON = "non-amazon"  # sales-channel of multi-channel fulfilment orders (not sold on Amazon)

_ASIN = re.compile(r"^[A-Z0-9]{10}$")
_CURRENCY = re.compile(r"^[A-Z]{3}$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")


@dataclass(frozen=True, slots=True)
class OrderLine:
    line: int
    amazon_order_id: str
    purchase_date: datetime
    last_updated: datetime
    order_status: str
    fulfillment_channel: str  # AFN | MFN
    sales_channel: str | None  # "Amazon.com", "Amazon.de", "Non-Amazon"…
    sku: str
    asin: str | None
    product_name: str | None
    item_status: str | None
    quantity: int
    currency: str | None
    item_price: Decimal | None
    item_tax: Decimal | None
    shipping_price: Decimal | None
    shipping_tax: Decimal | None
    gift_wrap_price: Decimal | None
    gift_wrap_tax: Decimal | None
    item_promotion_discount: Decimal | None
    ship_promotion_discount: Decimal | None
    ship_country: str | None
    is_business_order: bool | None
    occurrence: int  # 0, 1, … among this order's lines with this SKU, in file order
    line_key: str  # stable per-line key within the order (the report has no order-item id)

    @property
    def is_amazon_order(self) -> bool:
        return (self.sales_channel or "").strip().lower() != NON_AMAZON


def line_key(sku: str, occurrence: int) -> str:
    """``SKU#n``; a SKU too long for the key column is replaced by a digest of it (still stable)."""
    key = f"{sku}#{occurrence}"
    if len(key) <= LINE_KEY_LENGTH:
        return key
    return f"h:{hashlib.blake2b(sku.encode('utf-8'), digest_size=10).hexdigest()}#{occurrence}"


def _short(ln, column: str, length: int) -> str:
    value = ln.text(column, required=True)
    if len(value) > length:
        raise ln._fail(column, value, f"超过 {length} 个字符", f"longer than {length} characters")
    return value


def parse_all_orders(
    text: str | bytes, *, report: str = ALL_ORDERS, locale: ReportLocale = ReportLocale.US
) -> list[OrderLine]:
    """The lines of an all-orders report (see the module docstring). Buyer address columns are dropped."""
    out: list[OrderLine] = []
    first_of_order: dict[str, OrderLine] = {}
    occurrences: dict[tuple[str, str], int] = {}
    for ln in _lines(text, report, ALL_ORDERS_REQUIRED, locale):
        for column in PII_COLUMNS:
            ln.values.pop(column, None)
        order_id = ln.text("amazon-order-id", required=True)
        if len(order_id) > 32:
            raise ln._fail("amazon-order-id", order_id, "订单号过长", "order id longer than 32 characters")
        sku = ln.text("sku", required=True)
        if len(sku) > SKU_LENGTH:
            raise ln._fail("sku", sku, f"SKU 超过 {SKU_LENGTH} 个字符", f"SKU longer than {SKU_LENGTH} characters")
        asin = ln.text("asin")
        if asin is not None and not _ASIN.match(asin):
            raise ln._fail("asin", asin, "不是 10 位 ASIN", "not a 10-character ASIN")
        channel_text = ln.text("fulfillment-channel", required=True)
        channel = FULFILMENT_CHANNELS.get(channel_text.lower())
        if channel is None:
            raise ln._fail(
                "fulfillment-channel", channel_text, "应为 Amazon 或 Merchant", "expected Amazon or Merchant"
            )
        currency = ln.text("currency")
        if currency is not None and not _CURRENCY.match(currency):
            raise ln._fail("currency", currency, "不是 ISO 4217 货币代码", "not an ISO 4217 currency code")
        country = ln.text("ship-country")
        if country is not None and not _COUNTRY.match(country):
            raise ln._fail("ship-country", country, "不是两位国家代码", "not a two-letter country code")
        quantity = ln.integer("quantity", required=True)
        if quantity < 0:
            raise ln._fail("quantity", str(quantity), "数量不能为负", "negative quantity")
        n = occurrences.get((order_id, sku), 0)
        occurrences[(order_id, sku)] = n + 1
        row = OrderLine(
            line=ln.number,
            amazon_order_id=order_id,
            purchase_date=ln.instant("purchase-date", required=True),
            last_updated=ln.instant("last-updated-date", required=True),
            order_status=_short(ln, "order-status", 32),
            fulfillment_channel=channel,
            sales_channel=ln.text("sales-channel"),
            sku=sku,
            asin=asin,
            product_name=ln.text("product-name"),
            item_status=ln.text("item-status"),
            quantity=quantity,
            currency=currency,
            item_price=ln.amount("item-price"),
            item_tax=ln.amount("item-tax"),
            shipping_price=ln.amount("shipping-price"),
            shipping_tax=ln.amount("shipping-tax"),
            gift_wrap_price=ln.amount("gift-wrap-price"),
            gift_wrap_tax=ln.amount("gift-wrap-tax"),
            item_promotion_discount=ln.amount("item-promotion-discount"),
            ship_promotion_discount=ln.amount("ship-promotion-discount"),
            ship_country=country,
            is_business_order=ln.flag("is-business-order"),
            occurrence=n,
            line_key=line_key(sku, n),
        )
        first = first_of_order.setdefault(order_id, row)
        if row.purchase_date != first.purchase_date:
            raise ln._fail(
                "purchase-date", ln.text("purchase-date"),
                f"与同一订单第 {first.line} 行的下单时间不一致", f"differs from line {first.line} of the same order",
            )  # fmt: skip
        if currency and first.currency and currency != first.currency:
            raise ln._fail(
                "currency", currency,
                f"与同一订单第 {first.line} 行的货币不一致", f"differs from line {first.line} of the same order",
            )  # fmt: skip
        out.append(row)
    return out


__all__ = [
    "ALL_ORDERS", "ALL_ORDERS_REQUIRED", "NON_AMAZON", "PII_COLUMNS", "OrderLine", "ReportParseError",
    "line_key", "parse_all_orders",
]  # fmt: skip
