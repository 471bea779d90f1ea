"""Orders v0 (getOrders, getOrder, getOrderItems) and Orders 2026-01-01 (searchOrders, getOrder).

No buyer PII: BuyerInfo, ShippingAddress and the buyer's name/e-mail are never returned. Orders of
another region's seller are "not found" for this seller. All generated orders are Shipped.
"""

from __future__ import annotations

from datetime import timedelta

from ..domain.marketplaces import BY_AMAZON_ID, MARKETPLACES
from . import shipping
from .api_common import ApiError, Request, decode_token, encode_token, int_param, invalid, parse_time
from .generator import ItemRecord, OrderRecord
from .world import iso

MIN_AGE = timedelta(minutes=2)
STATUSES = {"Pending", "Unshipped", "PartiallyShipped", "Shipped", "Canceled", "Unfulfillable",
            "InvoiceUnconfirmed", "PendingAvailability"}  # fmt: skip


def _money(amount, currency: str) -> dict:
    return {"CurrencyCode": currency, "Amount": f"{amount:.{0 if currency == 'JPY' else 2}f}"}


def order_json(order: OrderRecord, items: list[ItemRecord]) -> dict:
    shipped = sum(item.quantity for item in items)
    ship_by = order.purchase_date + timedelta(days=2)
    return {
        "AmazonOrderId": order.amazon_order_id,
        "PurchaseDate": iso(order.purchase_date),
        "LastUpdateDate": iso(order.last_updated),
        "OrderStatus": order.status,
        "FulfillmentChannel": order.fulfillment_channel,
        "SalesChannel": order.sales_channel,
        "ShipServiceLevel": order.ship_service_level,
        "OrderTotal": _money(order.order_total, order.currency),
        "NumberOfItemsShipped": shipped,
        "NumberOfItemsUnshipped": 0,
        "PaymentMethod": "Other",
        "PaymentMethodDetails": ["Standard"],
        "MarketplaceId": order.marketplace_id,
        "ShipmentServiceLevelCategory": order.ship_service_level,
        "OrderType": "StandardOrder",
        "EarliestShipDate": iso(order.purchase_date),
        "LatestShipDate": iso(ship_by),
        "EarliestDeliveryDate": iso(order.purchase_date + timedelta(days=1)),
        "LatestDeliveryDate": iso(order.latest_delivery_date),
        "IsBusinessOrder": order.is_business_order,
        "IsPrime": order.is_prime,
        "IsPremiumOrder": False,
        "IsGlobalExpressEnabled": False,
        "IsReplacementOrder": False,
        "IsSoldByAB": False,
        "IsISPU": False,
        "IsAccessPointOrder": False,
        "HasRegulatedItems": False,
    }


def item_json(item: ItemRecord) -> dict:
    cur = item.currency
    zero = _money(0, cur)
    return {
        "ASIN": item.asin,
        "SellerSKU": item.sku,
        "OrderItemId": item.order_item_id,
        "Title": item.title,
        "QuantityOrdered": item.quantity,
        "QuantityShipped": item.quantity,
        "ProductInfo": {"NumberOfItems": "1"},
        "ItemPrice": _money(item.item_price, cur),
        "ShippingPrice": _money(item.shipping_price, cur),
        "ItemTax": _money(item.item_tax, cur),
        "ShippingTax": zero,
        "ShippingDiscount": zero,
        "ShippingDiscountTax": zero,
        "PromotionDiscount": zero,
        "PromotionDiscountTax": zero,
        "IsGift": "false",
        "ConditionId": "New",
        "ConditionSubtypeId": "New",
        "IsTransparency": False,
        "SerialNumberRequired": False,
    }


def _own_order(req: Request, order_id: str):
    found = req.server.world.find_order(order_id)
    if found is None or found[0].region is not req.account.region:
        raise ApiError(404, "NotFound", "Order not found.", f"No order {order_id} for this seller.")
    return found


def get_order(req: Request) -> dict:
    order, items, _ = _own_order(req, req.params["orderId"])
    return {"payload": order_json(order, items)}


def get_order_items(req: Request) -> dict:
    order, items, _ = _own_order(req, req.params["orderId"])
    return {"payload": {"AmazonOrderId": order.amazon_order_id, "OrderItems": [item_json(i) for i in items]}}


def _order_filter(req: Request, created_key: str, updated_key: str, before_suffix: str = "Before") -> dict:
    now = req.server.world.now()
    created = parse_time(req.q(created_key), created_key)
    updated = parse_time(req.q(updated_key), updated_key)
    if (created is None) == (updated is None):
        raise invalid(f"Exactly one of {created_key} or {updated_key} must be specified.")
    key = "c" if created is not None else "u"
    start = created or updated
    before_key = (created_key if created else updated_key).replace("After", before_suffix)
    before = parse_time(req.q(before_key), before_key) or now - MIN_AGE
    latest = now - MIN_AGE
    if start > latest or before > latest:
        raise invalid("Dates must be at least two minutes before the time of the request.")
    if before <= start:
        raise invalid(f"{before_key} must be later than the start date.")
    return {"f": key, "a": start.timestamp(), "b": before.timestamp()}


def _walk_orders(req: Request, state: dict, limit: int) -> tuple[list[dict], dict | None]:
    world = req.server.world
    region = req.account.region
    markets = set(state["m"])
    statuses = set(state.get("s") or [])
    channels = set(state.get("fc") or [])
    block, offset = state.get("k", 0), state.get("o", 0)
    out: list[dict] = []
    while len(out) < limit and block < world.n_blocks:
        data = world.chunk(block).chunk
        items_of: dict[int, list[ItemRecord]] = {}
        for item in data.items:
            items_of.setdefault(item.order_index, []).append(item)
        matched = []
        for i, order in enumerate(data.orders):
            at = (order.purchase_date if state["f"] == "c" else order.last_updated).timestamp()
            if (
                order.region is region
                and order.marketplace_id in markets
                and state["a"] <= at < state["b"]
                and (not statuses or order.status in statuses)
                and (not channels or order.fulfillment_channel in channels)
            ):
                matched.append((at, i))
        matched.sort()
        take = matched[offset : offset + limit - len(out)]
        out.extend(order_json(data.orders[i], items_of.get(i, [])) for _, i in take)
        if offset + len(take) >= len(matched):
            block, offset = block + 1, 0
        else:
            offset += len(take)
    return out, (None if block >= world.n_blocks else state | {"k": block, "o": offset})


def _marketplaces(req: Request, name: str) -> list[str]:
    ids = req.qlist(name)
    if not ids:
        raise invalid(f"{name} is required.", f"Missing required parameter {name}.")
    unknown = [m for m in ids if m not in BY_AMAZON_ID]
    if unknown:
        raise invalid(f"Invalid {name}: {','.join(unknown)}")
    return ids


def get_orders(req: Request) -> dict:
    token = req.q("NextToken")
    if token:
        state = decode_token(token)
        if state.get("op") != "orders" or state.get("r") != req.account.region.value:
            raise invalid("Invalid NextToken.")
    else:
        markets = _marketplaces(req, "MarketplaceIds")
        statuses = req.qlist("OrderStatuses")
        bad = [s for s in statuses if s not in STATUSES]
        if bad:
            raise invalid(f"Invalid OrderStatuses: {','.join(bad)}")
        state = {"op": "orders", "r": req.account.region.value, "m": markets, "s": statuses,
                 "fc": req.qlist("FulfillmentChannels")}  # fmt: skip
        state |= _order_filter(req, "CreatedAfter", "LastUpdatedAfter")
    limit = int_param(req, "MaxResultsPerPage", 100, 1, 100)
    orders, cursor = _walk_orders(req, state, limit)
    payload: dict = {"Orders": orders}
    if cursor is not None:
        payload["NextToken"] = encode_token(cursor)
    before = iso(_ts(state["b"]))
    payload["CreatedBefore" if state["f"] == "c" else "LastUpdatedBefore"] = before
    return {"payload": payload}


def _ts(value: float):
    from datetime import UTC, datetime

    return datetime.fromtimestamp(value, UTC)


# -- Orders 2026-01-01 ------------------------------------------------------------------------------------------


INCLUDED_DATA = ("BUYER", "RECIPIENT", "PROCEEDS", "EXPENSE", "PROMOTION", "CANCELLATION", "FULFILLMENT",
                 "PACKAGES", "TAX", "PAYMENT", "FULFILLMENT_ORDERS")  # fmt: skip


def _included(req: Request) -> set[str]:
    """The ``includedData`` datasets asked for (400 for values the model does not list)."""
    wanted = set(req.qlist("includedData"))
    unknown = sorted(wanted - set(INCLUDED_DATA))
    if unknown:
        raise invalid(f"Invalid includedData: {','.join(unknown)}", f"Allowed: {', '.join(INCLUDED_DATA)}")
    return wanted


def _packages(order: OrderRecord, items: list[ItemRecord], now) -> list[dict]:
    """OrderPackage list of an MFN order (FBA orders have none). No delivery time: SP-API does not give one."""
    parcel = shipping.parcel(order, now)
    if parcel is None:
        return []
    return [
        {
            "packageReferenceId": "1",
            "createdTime": iso(parcel.shipped_at - timedelta(hours=2)),
            "packageStatus": {"status": parcel.status, "detailedStatus": parcel.status},
            "carrier": parcel.carrier,
            "shipTime": iso(parcel.shipped_at),
            "shippingService": parcel.service,
            "trackingNumber": parcel.tracking_number,
            "packageItems": [{"orderItemId": i.order_item_id, "quantity": i.quantity} for i in items],
        }
    ]


def _fulfillment(order: OrderRecord) -> dict:
    return {
        "fulfillmentStatus": "SHIPPED",
        "fulfilledBy": "AMAZON" if order.fulfillment_channel == "AFN" else "MERCHANT",
        "fulfillmentServiceLevel": "EXPEDITED" if order.ship_service_level == "Expedited" else "STANDARD",
        "shipByWindow": {"latestDateTime": iso(order.purchase_date + timedelta(days=2))},
        "deliverByWindow": {"latestDateTime": iso(order.latest_delivery_date)},
    }


def _order_2026(order: OrderRecord, items: list[ItemRecord], included: set[str] = frozenset(), now=None) -> dict:
    info = MARKETPLACES[order.marketplace_code]
    data = {
        "orderId": order.amazon_order_id,
        "createdTime": iso(order.purchase_date),
        "lastUpdatedTime": iso(order.last_updated),
        "salesChannel": {"channelName": "AMAZON", "marketplaceId": info.amazon_id, "marketplaceName": info.domain},
        "orderItems": [
            {
                "orderItemId": item.order_item_id,
                "quantityOrdered": item.quantity,
                "product": {"asin": item.asin, "sellerSku": item.sku, "title": item.title},
            }
            for item in items
        ],
    }
    if "FULFILLMENT" in included:
        data["fulfillment"] = _fulfillment(order)
    if "PACKAGES" in included and order.fulfillment_channel == "MFN":
        data["packages"] = _packages(order, items, now or order.last_updated)
    return data


def search_orders(req: Request) -> dict:
    token = req.q("paginationToken")
    included = _included(req)
    if token:
        state = decode_token(token, "paginationToken")
        if state.get("op") != "search" or state.get("r") != req.account.region.value:
            raise invalid("Invalid paginationToken.")
    else:
        markets = req.qlist("marketplaceIds") or list(req.account.marketplace_ids)
        fulfilled = req.qlist("fulfilledBy")
        state = {"op": "search", "r": req.account.region.value, "m": markets, "s": [],
                 "fc": ["AFN" if f == "AMAZON" else "MFN" for f in fulfilled]}  # fmt: skip
        state |= _order_filter(req, "createdAfter", "lastUpdatedAfter")
    limit = int_param(req, "maxResultsPerPage", 100, 1, 100)
    orders, cursor = _walk_orders(req, state, limit)
    world = req.server.world
    out = []
    for data in orders:
        order, items, _ = world.find_order(data["AmazonOrderId"])
        out.append(_order_2026(order, items, included, world.now()))
    result: dict = {"orders": out}
    if cursor is not None:
        result["pagination"] = {"nextToken": encode_token(cursor)}
    return result


def get_order_2026(req: Request) -> dict:
    order, items, _ = _own_order(req, req.params["orderId"])
    return {"order": _order_2026(order, items, _included(req), req.server.world.now())}


ROUTES = [
    ("GET", "/orders/v0/orders", "getOrders", get_orders),
    ("GET", "/orders/v0/orders/{orderId}", "getOrder", get_order),
    ("GET", "/orders/v0/orders/{orderId}/orderItems", "getOrderItems", get_order_items),
    ("GET", "/orders/2026-01-01/orders", "searchOrders", search_orders),
    ("GET", "/orders/2026-01-01/orders/{orderId}", "getOrder", get_order_2026),
]
