"""Finances API v0: listFinancialEvents, …ByOrderId, …ByGroupId and listFinancialEventGroups.

Date rules (from the model): dates must lie more than two minutes before the (simulated) request time,
PostedBefore must be later than PostedAfter, PostedBefore needs PostedAfter, and ranges over 180 days
give an empty answer. The sandbox also requires PostedAfter on a first listFinancialEvents call.
NextToken is opaque (base64 JSON of the filter and a block/offset cursor); with a token the filter it
carries wins over the request's arguments. Pages may be empty and still carry a NextToken.
"""

from __future__ import annotations

import bisect
import json
import re
from datetime import timedelta
from decimal import Decimal

from .api_common import ApiError, Request, Response, decode_token, encode_token, int_param, invalid, parse_time
from .world import ORDER_LIST_NAMES, FinEvent, World, iso, money

LIST_NAMES = (
    "ShipmentEventList", "ShipmentSettleEventList", "RefundEventList", "GuaranteeClaimEventList",
    "EBTRefundReimbursementOnlyEventList", "ChargebackEventList", "PayWithAmazonEventList",
    "ServiceProviderCreditEventList", "RetrochargeEventList", "RentalTransactionEventList",
    "ProductAdsPaymentEventList", "ServiceFeeEventList", "SellerDealPaymentEventList", "DebtRecoveryEventList",
    "LoanServicingEventList", "AdjustmentEventList", "SAFETReimbursementEventList",
    "SellerReviewEnrollmentPaymentEventList", "FBALiquidationEventList", "CouponPaymentEventList",
    "ImagingServicesFeeEventList", "NetworkComminglingTransactionEventList", "AffordabilityExpenseEventList",
    "AffordabilityExpenseReversalEventList", "RemovalShipmentEventList", "RemovalShipmentAdjustmentEventList",
    "TrialShipmentEventList", "TDSReimbursementEventList", "AdhocDisbursementEventList", "TaxWithholdingEventList",
    "ChargeRefundEventList", "FailedAdhocDisbursementEventList", "ValueAddedServiceChargeEventList",
    "CapacityReservationBillingEventList",
)  # fmt: skip
MAX_SPAN = timedelta(days=180)
MIN_AGE = timedelta(minutes=2)
NEW_BLOCKS_PER_PAGE = 2  # a page builds at most this many new blocks, then answers (maybe empty) with a token
_ORDER_ID = re.compile(r"^\d{3}-\d{7}-\d{7}$")


def events_json(events: list[FinEvent], next_token: str | None) -> Response:
    lists: dict[str, list[str]] = {name: [] for name in LIST_NAMES}
    for event in events:
        lists[event.list_name].append(event.body)
    inner = ",".join(f'"{name}":[{",".join(bodies)}]' for name, bodies in lists.items())
    token = f'"NextToken":{json.dumps(next_token)},' if next_token else ""
    return Response(200, f'{{"payload":{{{token}"FinancialEvents":{{{inner}}}}}}}')


def _window(req: Request, after_name: str, before_name: str, *, require_after: bool):
    """(after, before, empty) from the query, validated against the simulated now."""
    now = req.server.world.now()
    after = parse_time(req.q(after_name), after_name)
    before = parse_time(req.q(before_name), before_name)
    latest = (now - MIN_AGE).replace(microsecond=0)
    if after is None:
        if before is not None:
            raise invalid(f"{after_name} is required when {before_name} is given.")
        if require_after:
            raise invalid(f"{after_name} is required.", f"Specify {after_name} in ISO 8601 date-time format.")
    if after is not None and after > latest:
        raise invalid(f"{after_name} must be more than two minutes before the time of request.",
                      f"Invalid {after_name}: {req.q(after_name)}")  # fmt: skip
    if before is not None:
        if before > latest:
            raise invalid(f"{before_name} must be more than two minutes before the time of request.",
                          f"Invalid {before_name}: {req.q(before_name)}")  # fmt: skip
        if after is not None and before <= after:
            raise invalid(f"{before_name} must be later than {after_name}.")
    else:
        before = latest
    empty = after is not None and before - after > MAX_SPAN
    return after, before, empty


def _walk(world: World, region, after: float, before: float, block: int, offset: int, limit: int):
    """Up to ``limit`` events from cursor (block, offset); returns (events, cursor or None)."""
    out: list[FinEvent] = []
    built = 0
    last = world.n_blocks  # the "block" after the generated ones holds live events (feed refunds)
    while len(out) < limit and block <= last:
        if block < last:
            if not world.is_built(block):
                if built >= NEW_BLOCKS_PER_PAGE:
                    break
                built += 1
            data = world.block(block)
            events, stamps = data.fin[region], data.fin_ts[region]
        else:
            events, stamps = world.live(region)
        lo, hi = bisect.bisect_left(stamps, after), bisect.bisect_left(stamps, before)
        start = lo + offset
        take = events[start : min(hi, start + limit - len(out))]
        out.extend(take)
        if start + len(take) >= hi:
            block, offset = block + 1, 0
        else:
            offset += len(take)
    return out, (None if block > last else (block, offset))


def list_financial_events(req: Request) -> Response:
    world = req.server.world
    region = req.account.region
    token = req.q("NextToken")
    if token:
        state = decode_token(token)
        if state.get("op") != "events" or state.get("r") != region.value:
            raise invalid("Invalid NextToken.", "The NextToken does not belong to this request.")
        limit = int_param(req, "MaxResultsPerPage", state.get("n", 100), 1, 100)
        after, before, cursor = state["a"], state["b"], (state["k"], state["o"])
    else:
        limit = int_param(req, "MaxResultsPerPage", 100, 1, 100)
        after_dt, before_dt, empty = _window(req, "PostedAfter", "PostedBefore", require_after=True)
        if empty:
            return events_json([], None)
        after, before, cursor = after_dt.timestamp(), before_dt.timestamp(), (0, 0)
    events, cursor = _walk(world, region, after, before, cursor[0], cursor[1], limit)
    next_token = None
    if cursor is not None:
        next_token = encode_token(
            {"op": "events", "r": region.value, "a": after, "b": before, "k": cursor[0], "o": cursor[1], "n": limit}
        )
    return events_json(events, next_token)


def _offset_page(req: Request, op: str, key: str, events: list[FinEvent], default: int = 100) -> Response:
    token = req.q("NextToken")
    offset = 0
    if token:
        state = decode_token(token)
        if state.get("op") != op or state.get("key") != key:
            raise invalid("Invalid NextToken.", "The NextToken does not belong to this request.")
        offset = int(state["o"])
    limit = int_param(req, "MaxResultsPerPage", default, 1, 100)
    page = events[offset : offset + limit]
    more = offset + limit < len(events)
    return events_json(page, encode_token({"op": op, "key": key, "o": offset + limit}) if more else None)


def list_by_order(req: Request) -> Response:
    order_id = req.params["orderId"]
    if not _ORDER_ID.match(order_id):
        raise invalid("Invalid orderId.", f"The order id {order_id} is not in 3-7-7 format.")
    region = req.account.region
    events = [
        e for e in req.server.world.order_events(order_id) if e.region is region and e.list_name in ORDER_LIST_NAMES
    ]
    events.sort(key=lambda e: e.ts)
    return _offset_page(req, "order", order_id, events)


def _period_for(req: Request, group_id: str):
    period = req.server.world.find_period(group_id)
    if period is None or period.region is not req.account.region:
        raise ApiError(404, "NotFound", "The financial event group was not found.", f"eventGroupId: {group_id}")
    return period


def list_by_group(req: Request) -> Response:
    group_id = req.params["eventGroupId"]
    period = _period_for(req, group_id)
    events = req.server.world.period_events(period)
    if not req.q("NextToken"):
        after, before, empty = _window(req, "PostedAfter", "PostedBefore", require_after=False)
        if empty:
            return events_json([], None)
        lo = after.timestamp() if after else float("-inf")
        events = [e for e in events if lo <= e.ts < before.timestamp()]
        key = f"{group_id}|{lo}|{before.timestamp()}"
    else:
        key = decode_token(req.q("NextToken")).get("key", "")
        parts = key.split("|")
        if len(parts) == 3:
            lo, hi = float(parts[1]), float(parts[2])
            events = [e for e in events if lo <= e.ts < hi]
    return _offset_page(req, "group", key, events)


def group_json(world: World, period) -> dict:
    now = world.now()
    closed = period.end <= now
    total = sum((e.total for e in world.period_events(period)), Decimal(0))
    data = {
        "FinancialEventGroupId": period.settlement_id,
        "ProcessingStatus": "Closed" if closed else "Open",
        "FundTransferStatus": ("Succeeded" if period.deposit_date <= now else "Initiated") if closed else "Unknown",
        "OriginalTotal": money(total, period.currency),
        "FinancialEventGroupStart": iso(period.start),
        "BeginningBalance": money(Decimal(0), period.currency),
    }
    if closed:
        data["FinancialEventGroupEnd"] = iso(period.end)
        data["ConvertedTotal"] = money(total, period.currency)
        data["AccountTail"] = "042"
        if period.deposit_date <= now:
            data["FundTransferDate"] = iso(period.deposit_date)
            data["TraceId"] = "SANDBOX" + period.settlement_id
    return data


def list_groups(req: Request) -> dict:
    world = req.server.world
    token = req.q("NextToken")
    if token:
        state = decode_token(token)
        if state.get("op") != "groups" or state.get("r") != req.account.region.value:
            raise invalid("Invalid NextToken.")
        lo, hi, offset = state["a"], state["b"], state["o"]
        limit = int_param(req, "MaxResultsPerPage", state.get("n", 10), 1, 100)
    else:
        limit = int_param(req, "MaxResultsPerPage", 10, 1, 100)
        after, before, empty = _window(
            req, "FinancialEventGroupStartedAfter", "FinancialEventGroupStartedBefore", require_after=False
        )
        if empty:
            return {"payload": {"FinancialEventGroupList": []}}
        lo = after.timestamp() if after else 0.0
        hi, offset = before.timestamp(), 0
    periods = [p for p in world.settlement_periods(req.account.region) if lo <= p.start.timestamp() < hi]
    page = periods[offset : offset + limit]
    payload: dict = {"FinancialEventGroupList": [group_json(world, p) for p in page]}
    if offset + limit < len(periods):
        payload["NextToken"] = encode_token(
            {"op": "groups", "r": req.account.region.value, "a": lo, "b": hi, "o": offset + limit, "n": limit}
        )
    return {"payload": payload}


ROUTES = [
    ("GET", "/finances/v0/financialEventGroups", "listFinancialEventGroups", list_groups),
    ("GET", "/finances/v0/financialEventGroups/{eventGroupId}/financialEvents", "listFinancialEventsByGroupId",
     list_by_group),
    ("GET", "/finances/v0/orders/{orderId}/financialEvents", "listFinancialEventsByOrderId", list_by_order),
    ("GET", "/finances/v0/financialEvents", "listFinancialEvents", list_financial_events),
]  # fmt: skip
