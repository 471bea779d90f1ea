"""Reports API 2021-06-30 and the four flat-file report types the app reads.

* ``GET_FBA_FULFILLMENT_CUSTOMER_RETURNS_DATA`` — AFN return requests (13 columns).
* ``GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE`` — MFN return requests (32 columns, incl. "A-to-Z Claim" and
  the SafeT columns); at most 60 days per request (400 otherwise).
* ``GET_FLAT_FILE_ALL_ORDERS_DATA_BY_LAST_UPDATE_GENERAL`` — one row per order item.
* ``GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2`` — cannot be requested (400 "not allowed", as on Amazon);
  one exists per closed 14-day period per region and currency and is found with getReports. EU files use
  German-style formats (``14.03.2023 07:49:55 UTC``, ``1141,18``); the first data row is the summary.

Processing: IN_QUEUE for ``processing_seconds[0]`` simulated seconds, then IN_PROGRESS, DONE at
``processing_seconds[1]``. Documents are gzip, served from presigned-style URLs valid 5 simulated minutes.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from ..domain.cases import CaseKind, CaseState
from ..domain.marketplaces import BY_AMAZON_ID, MARKETPLACES, Region
from .api_common import ApiError, Request, Response, decode_token, encode_token, int_param, invalid, parse_time
from .world import StoredDocument, StoredReport, World, iso, quantize

FBA_RETURNS = "GET_FBA_FULFILLMENT_CUSTOMER_RETURNS_DATA"
MFN_RETURNS = "GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE"
ALL_ORDERS = "GET_FLAT_FILE_ALL_ORDERS_DATA_BY_LAST_UPDATE_GENERAL"
SETTLEMENT = "GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2"
SETTLEMENT_TYPES = {SETTLEMENT, "GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE", "GET_V2_SETTLEMENT_REPORT_DATA_XML"}
REQUESTABLE = {FBA_RETURNS, MFN_RETURNS, ALL_ORDERS}
STATUSES = {"IN_QUEUE", "IN_PROGRESS", "DONE", "CANCELLED", "FATAL"}
RETENTION = timedelta(days=90)

FBA_RETURNS_COLUMNS = (
    "return-date", "order-id", "sku", "asin", "fnsku", "product-name", "quantity", "fulfillment-center-id",
    "detailed-disposition", "reason", "status", "license-plate-number", "customer-comments",
)  # fmt: skip
MFN_RETURNS_COLUMNS = (
    "Order ID", "Order date", "Return request date", "Return request status", "Amazon RMA ID", "Merchant RMA ID",
    "Label type", "Label cost", "Currency code", "Return carrier", "Tracking ID", "Label to be paid by",
    "A-to-Z Claim", "Is prime", "ASIN", "Merchant SKU", "Item Name", "Return quantity", "Return Reason",
    "In policy", "Return type", "Resolution", "Invoice number", "Return delivery date", "Order Amount",
    "Order quantity", "SafeT Action reason", "SafeT claim id", "SafeT claim state", "SafeT claim creation time",
    "SafeT claim reimbursement amount", "Refunded Amount",
)  # fmt: skip
ALL_ORDERS_COLUMNS = (
    "amazon-order-id", "merchant-order-id", "purchase-date", "last-updated-date", "order-status",
    "fulfillment-channel", "sales-channel", "order-channel", "ship-service-level", "product-name", "sku", "asin",
    "item-status", "quantity", "currency", "item-price", "item-tax", "shipping-price", "shipping-tax",
    "gift-wrap-price", "gift-wrap-tax", "item-promotion-discount", "ship-promotion-discount", "ship-city",
    "ship-state", "ship-postal-code", "ship-country", "promotion-ids", "is-business-order", "purchase-order-number",
    "price-designation",
)  # fmt: skip
SETTLEMENT_COLUMNS = (
    "settlement-id", "settlement-start-date", "settlement-end-date", "deposit-date", "total-amount", "currency",
    "transaction-type", "order-id", "merchant-order-id", "adjustment-id", "shipment-id", "marketplace-name",
    "amount-type", "amount-description", "amount", "fulfillment-id", "posted-date", "posted-date-time",
    "order-item-code", "merchant-order-item-id", "merchant-adjustment-item-id", "sku", "quantity-purchased",
    "promotion-id",
)  # fmt: skip
FULFILMENT_CENTRES = {"US": "PHX7", "CA": "YYZ4", "UK": "LTN1", "DE": "FRA3", "FR": "ORY1", "IT": "MXP5",
                      "ES": "MAD4", "JP": "NRT1", "AU": "SYD1"}  # fmt: skip
_SELLABLE = {"NO_LONGER_NEEDED", "ORDERED_WRONG_ITEM", "FOUND_BETTER_PRICE", "NOT_COMPATIBLE",
             "MISSED_ESTIMATED_DELIVERY"}  # fmt: skip


def _tsv(columns, rows, *, trim_empty_tail: bool = False) -> str:
    """Tab-separated lines. ``trim_empty_tail``: as real MFN returns reports do, a row ends after its last
    non-empty cell plus one tab (docs/amazon-formats.md)."""
    lines = ["\t".join(columns)]
    for row in rows:
        cells = ["" if v is None else str(v).replace("\t", " ") for v in row]
        if trim_empty_tail and cells and cells[-1] == "":
            while cells and cells[-1] == "":
                cells.pop()
            cells.append("")
        lines.append("\t".join(cells))
    return "\n".join(lines) + "\n"


_MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _day_month_year(dt: datetime) -> str:
    """``10-Jul-2025``: the date format of real MFN returns reports, in every marketplace (UTC date)."""
    day = dt.astimezone(UTC)
    return f"{day.day:02d}-{_MONTH_ABBR[day.month - 1]}-{day.year}"


def _iso_offset(dt: datetime) -> str:
    return iso(dt).replace("Z", "+00:00")


def _amount(value: Decimal, currency: str) -> str:
    return f"{quantize(value, currency)}"


def _markets(report: StoredReport) -> set[str]:
    return {BY_AMAZON_ID[m].code for m in report.marketplace_ids if m in BY_AMAZON_ID}


def build_fba_returns(world: World, report: StoredReport) -> str:
    markets = _markets(report)
    rows = []
    for case in world.all_cases():
        if (
            case.kind is CaseKind.RETURN_REQUEST
            and case.fulfillment_channel == "AFN"
            and case.marketplace_code in markets
            and report.data_start <= case.opened_at < report.data_end
        ):
            _order, items, _ = world.find_order(case.amazon_order_id)
            item = next(i for i in items if i.order_item_id == case.order_item_id)
            sellable = case.reason_code in _SELLABLE
            rows.append((
                _iso_offset(case.opened_at), case.amazon_order_id, case.sku, case.asin, item.fnsku, item.title,
                case.details.get("return_quantity", 1), FULFILMENT_CENTRES.get(case.marketplace_code, "XXX1"),
                "SELLABLE" if sellable else "CUSTOMER_DAMAGED" if "DAMAGED" in case.reason_code else "DEFECTIVE",
                case.reason_code, "Unit returned to inventory" if sellable else "Reimbursed",
                "LPN" + hashlib.blake2b(case.source_ref.encode(), digest_size=5).hexdigest().upper(), "",
            ))  # fmt: skip
    return _tsv(FBA_RETURNS_COLUMNS, rows)


_RETURN_STATUS = {
    CaseState.NEW: "Pending", CaseState.IN_PROGRESS: "Pending", CaseState.AWAITING_APPROVAL: "Pending",
    CaseState.APPROVED: "Approved", CaseState.REJECTED: "Rejected", CaseState.CLOSED: "Closed",
}  # fmt: skip


def build_mfn_returns(world: World, report: StoredReport) -> str:
    markets = _markets(report)
    rows = []
    for case in world.all_cases():
        if not (
            case.kind is CaseKind.RETURN_REQUEST
            and case.fulfillment_channel == "MFN"
            and case.marketplace_code in markets
            and report.data_start <= case.opened_at < report.data_end
        ):
            continue
        order, items, cases = world.find_order(case.amazon_order_id)
        item = next(i for i in items if i.order_item_id == case.order_item_id)
        atoz = any(c.kind is CaseKind.ATOZ_CLAIM for c in cases)
        safet = next((c for c in cases if c.kind is CaseKind.SAFET_CLAIM), None)
        refund = next((c for c in cases if c.kind is CaseKind.REFUND), None)
        refund_event = world.event_for_order_ref(case.amazon_order_id, refund.source_ref) if refund else None
        safet_event = world.event_for_order_ref(case.amazon_order_id, safet.source_ref) if safet else None
        cur = case.currency
        d = case.details
        rows.append((
            case.amazon_order_id, _day_month_year(order.purchase_date), _day_month_year(case.opened_at),
            _RETURN_STATUS.get(case.state, "Approved"), case.source_ref, " ", d.get("label_type", ""),
            _amount(d.get("label_cost", Decimal(0)), cur), cur, d.get("return_carrier", ""), d.get("tracking_id", ""),
            "Seller" if case.seller_fault else "Customer", "Y" if atoz else "N", "Y" if order.is_prime else "N",
            case.asin, case.sku, item.title, d.get("return_quantity", 1), case.reason_code,
            "Y" if d.get("in_policy") else "N", "C-Returns", d.get("resolution", "StandardRefund"), " ", " ",
            _amount(order.order_total, cur), item.quantity,
            safet.reason_code if safet else "", safet.source_ref if safet else "",
            ("Reimbursed" if safet_event else safet.state.label_en) if safet else "",
            _day_month_year(safet.opened_at) if safet else "",
            _amount(Decimal(str(safet_event.data["ReimbursedAmount"]["CurrencyAmount"])), cur) if safet_event else "",
            _amount(refund_event.refunded, cur) if refund_event else "",
        ))  # fmt: skip
    return _tsv(MFN_RETURNS_COLUMNS, rows, trim_empty_tail=True)


def build_all_orders(world: World, report: StoredReport) -> str:
    markets = _markets(report)
    rows = []
    for index in range(world.n_blocks):
        chunk = world.chunk(index).chunk
        for item in chunk.items:
            order = chunk.orders[item.order_index]
            if order.marketplace_code in markets and report.data_start <= order.last_updated < report.data_end:
                cur = order.currency
                rows.append((
                    order.amazon_order_id, "", _iso_offset(order.purchase_date), _iso_offset(order.last_updated),
                    order.status, "Amazon" if order.fulfillment_channel == "AFN" else "Merchant",
                    order.sales_channel, "", order.ship_service_level, item.title, item.sku, item.asin, "Shipped",
                    item.quantity, cur, _amount(item.item_price, cur), _amount(item.item_tax, cur),
                    _amount(item.shipping_price, cur), _amount(Decimal(0), cur), "", "", "", "", "", "", "",
                    order.ship_country, "", "true" if order.is_business_order else "false", "", "",
                ))  # fmt: skip
    return _tsv(ALL_ORDERS_COLUMNS, rows)


# -- settlements -----------------------------------------------------------------------------------------------


def _eu(region: Region) -> bool:
    return region is Region.EU


def _sdate(dt: datetime, region: Region, with_time: bool = True) -> str:
    if _eu(region):
        return dt.strftime("%d.%m.%Y %H:%M:%S UTC" if with_time else "%d.%m.%Y")
    return dt.strftime("%Y-%m-%d %H:%M:%S UTC" if with_time else "%Y-%m-%d")


def _samount(value: Decimal, currency: str, region: Region) -> str:
    text = _amount(value, currency)
    return text.replace(".", ",") if _eu(region) else text


def build_settlement(world: World, report: StoredReport) -> str:
    from datetime import UTC

    period = report.settlement
    region, cur = period.region, period.currency
    events = world.period_events(period)
    total = sum((e.total for e in events), Decimal(0))
    adjustments = {a.order_adjustment_item_id: a for a in world.adjustments.values()}
    rows = [(
        period.settlement_id, _sdate(period.start, region), _sdate(period.end, region),
        _sdate(period.deposit_date, region), _samount(total, cur, region), cur, *[""] * 18,
    )]  # fmt: skip

    def line(event, ttype, order_id, adj, amount_type, desc, amount, item=None, qty="", merchant_adj="", sku=""):
        posted = datetime.fromtimestamp(event.ts, UTC)
        rows.append((
            period.settlement_id, "", "", "", "", "", ttype, order_id or "", "", adj or "", "",
            MARKETPLACES[event.marketplace].domain.capitalize(), amount_type, desc, _samount(amount, cur, region),
            "", _sdate(posted, region, False), _sdate(posted, region), item or "", "", merchant_adj, sku, qty, "",
        ))  # fmt: skip

    for event in events:
        data = event.data
        name = event.list_name
        if name == "ShipmentEventList":
            for it in data["ShipmentItemList"]:
                for c in it.get("ItemChargeList", []):
                    desc = "Shipping" if c["ChargeType"] == "ShippingCharge" else c["ChargeType"]
                    amt = Decimal(str(c["ChargeAmount"]["CurrencyAmount"]))
                    line(event, "Order", event.order_id, "", "ItemPrice", desc, amt, it["OrderItemId"],
                         it["QuantityShipped"], sku=it["SellerSKU"])  # fmt: skip
                for f in it.get("ItemFeeList", []):
                    amt = Decimal(str(f["FeeAmount"]["CurrencyAmount"]))
                    line(event, "Order", event.order_id, "", "ItemFees", f["FeeType"], amt, it["OrderItemId"],
                         sku=it["SellerSKU"])  # fmt: skip
                for w in it.get("ItemTaxWithheldList", []):
                    for c in w["TaxesWithheld"]:
                        amt = Decimal(str(c["ChargeAmount"]["CurrencyAmount"]))
                        line(event, "Order", event.order_id, "", "ItemWithheldTax", c["ChargeType"], amt,
                             it["OrderItemId"], sku=it["SellerSKU"])  # fmt: skip
        elif name in ("RefundEventList", "GuaranteeClaimEventList", "ChargebackEventList"):
            ttype = {"RefundEventList": "Refund", "GuaranteeClaimEventList": "A-to-z Guarantee Claim",
                     "ChargebackEventList": "Chargeback Refund"}[name]  # fmt: skip
            for it in data["ShipmentItemAdjustmentList"]:
                adj = it["OrderAdjustmentItemId"]
                merchant = adjustments[adj].merchant_adjustment_item_id if adj in adjustments else ""
                for c in it.get("ItemChargeAdjustmentList", []):
                    desc = "Shipping" if c["ChargeType"] == "ShippingCharge" else c["ChargeType"]
                    amt = Decimal(str(c["ChargeAmount"]["CurrencyAmount"]))
                    line(event, ttype, event.order_id, adj, "ItemPrice", desc, amt, it["OrderItemId"],
                         merchant_adj=merchant, sku=it["SellerSKU"])  # fmt: skip
                for f in it.get("ItemFeeAdjustmentList", []):
                    amt = Decimal(str(f["FeeAmount"]["CurrencyAmount"]))
                    line(event, ttype, event.order_id, adj, "ItemFees", f["FeeType"], amt, it["OrderItemId"],
                         merchant_adj=merchant, sku=it["SellerSKU"])  # fmt: skip
        elif name == "SAFETReimbursementEventList":
            amt = Decimal(str(data["ReimbursedAmount"]["CurrencyAmount"]))
            line(event, "other-transaction", event.order_id, data["SAFETClaimId"], "other-transaction",
                 "SAFE-T reimbursement", amt)  # fmt: skip
        elif name == "AdjustmentEventList":
            for it in data["AdjustmentItemList"]:
                amt = Decimal(str(it["TotalAmount"]["CurrencyAmount"]))
                line(event, "other-transaction", event.order_id, it["TransactionNumber"], "FBA Inventory Reimbursement",
                     data["AdjustmentType"], amt, qty=it["Quantity"], sku=it["SellerSKU"])  # fmt: skip
    return _tsv(SETTLEMENT_COLUMNS, rows)


BUILDERS = {FBA_RETURNS: build_fba_returns, MFN_RETURNS: build_mfn_returns, ALL_ORDERS: build_all_orders,
            SETTLEMENT: build_settlement}  # fmt: skip


# -- state -----------------------------------------------------------------------------------------------------


def status(req: Request, report: StoredReport) -> str:
    if report.cancelled:
        return "CANCELLED"
    if report.fatal:
        return "FATAL"
    if report.settlement is not None:
        return "DONE"
    elapsed = (req.server.world.now() - report.created).total_seconds()
    queue, done = req.server.processing_seconds
    return "IN_QUEUE" if elapsed < queue else "IN_PROGRESS" if elapsed < done else "DONE"


def report_json(req: Request, report: StoredReport) -> dict:
    state = status(req, report)
    queue, done = req.server.processing_seconds
    data = {
        "reportId": report.report_id,
        "reportType": report.report_type,
        "marketplaceIds": report.marketplace_ids,
        "createdTime": iso(report.created),
        "processingStatus": state,
    }
    if report.data_start is not None:
        data["dataStartTime"] = iso(report.data_start)
        data["dataEndTime"] = iso(report.data_end)
    if state in ("IN_PROGRESS", "DONE"):
        data["processingStartTime"] = iso(report.created + timedelta(seconds=0 if report.settlement else queue))
    if state == "DONE":
        data["processingEndTime"] = iso(report.created + timedelta(seconds=0 if report.settlement else done))
        data["reportDocumentId"] = report.document_id
    return data


def _new_document(world: World, report: StoredReport, region: Region) -> str:
    document_id = f"amzn1.spdoc.1.4.{region.value}.{hashlib.sha1(report.report_id.encode()).hexdigest()[:8]}-" + (
        f"{world.seed:04d}-4a1b-8c2d-{int(report.report_id) % 10**12:012d}.T{report.report_id[-6:]}.1"
    )
    builder = BUILDERS[report.report_type]
    world.documents[document_id] = StoredDocument(
        document_id, "text/plain; charset=UTF-8", None, True, lambda: builder(world, report), report.account
    )
    return document_id


def create_report(req: Request) -> Response:
    body = req.json()
    world = req.server.world
    report_type = body.get("reportType")
    markets = body.get("marketplaceIds")
    if not report_type or not isinstance(report_type, str):
        raise invalid("reportType is required.")
    if not isinstance(markets, list) or not markets or not all(isinstance(m, str) for m in markets):
        raise invalid("marketplaceIds is required.", "marketplaceIds must be a non-empty array of strings.")
    if report_type in SETTLEMENT_TYPES:
        raise invalid(f"Request for report type {report_type} is not allowed at this time.")
    if report_type not in REQUESTABLE:
        raise invalid(f"Invalid reportType: {report_type}", "This sandbox supports " + ", ".join(sorted(REQUESTABLE)))
    own = set(req.account.marketplace_ids)
    foreign = [m for m in markets if m not in own]
    if foreign:
        raise invalid(f"Invalid marketplaceIds: {','.join(foreign)}",
                      "The seller is not registered in these marketplaces.")  # fmt: skip
    now = world.now()
    end = parse_time(body.get("dataEndTime"), "dataEndTime") or now
    start = parse_time(body.get("dataStartTime"), "dataStartTime") or end - timedelta(days=30)
    if end > now:
        end = now
    if start >= end:
        raise invalid("dataStartTime must be before dataEndTime.")
    if report_type == MFN_RETURNS and end - start > timedelta(days=60):
        raise invalid("The date range of this report cannot exceed 60 days.",
                      "dataStartTime and dataEndTime must be at most 60 days apart.")  # fmt: skip
    with world.lock:
        report_id = str(50_000_000_000 + world.seed % 1000 * 10_000_000 + world.next_serial())
        report = StoredReport(report_id, report_type, req.account.selling_partner_id, list(markets), now, start, end)
        report.document_id = _new_document(world, report, req.account.region)
        world.reports[report_id] = report
    return Response(202, {"reportId": report_id})


def _own_report(req: Request, report_id: str) -> StoredReport:
    _settlement_reports(req)  # make settlement reports addressable by id
    report = req.server.world.reports.get(report_id)
    if report is None or report.account != req.account.selling_partner_id:
        raise ApiError(404, "NotFound", "The report was not found.", f"reportId: {report_id}")
    return report


def get_report(req: Request) -> dict:
    return report_json(req, _own_report(req, req.params["reportId"]))


def cancel_report(req: Request) -> Response:
    report = _own_report(req, req.params["reportId"])
    if status(req, report) != "IN_QUEUE":
        raise invalid("The report cannot be cancelled.", "Only reports in IN_QUEUE can be cancelled.")
    report.cancelled = True
    return Response(200, b"", content_type="application/json")


def _settlement_reports(req: Request) -> list[StoredReport]:
    world = req.server.world
    account = req.account
    out = []
    now = world.now()
    with world.lock:
        for period in world.settlement_periods(account.region):
            created = period.end + timedelta(minutes=30)
            if created > now:
                continue
            report_id = str(int(period.settlement_id) * 10 % 10**11 + 7)
            report = world.reports.get(report_id)
            if report is None:
                markets = [m.amazon_id for m in (MARKETPLACES[c] for c in account.marketplaces)
                           if m.currency == period.currency]  # fmt: skip
                report = StoredReport(report_id, SETTLEMENT, account.selling_partner_id, markets, created,
                                      period.start, period.end, settlement=period)  # fmt: skip
                report.document_id = _new_document(world, report, account.region)
                world.reports[report_id] = report
            out.append(report)
    return out


def get_reports(req: Request) -> dict:
    world = req.server.world
    token = req.q("nextToken")
    filters = ("reportTypes", "processingStatuses", "createdSince", "createdUntil", "pageSize")
    if token:
        given = [f for f in filters if f in req.query]
        if given or ("marketplaceIds" in req.query and not req.injected):
            raise invalid("nextToken must be the only parameter.", f"Remove: {', '.join(given or ['marketplaceIds'])}")
        state = decode_token(token, "nextToken")
        if state.get("op") != "reports" or state.get("acct") != req.account.selling_partner_id:
            raise invalid("Invalid nextToken.")
    else:
        types = req.qlist("reportTypes")
        if not types:
            raise invalid("reportTypes is required when nextToken is not given.")
        if not 1 <= len(types) <= 10:
            raise invalid("reportTypes must contain 1 to 10 report types.")
        statuses = req.qlist("processingStatuses")
        bad = [s for s in statuses if s not in STATUSES]
        if bad:
            raise invalid(f"Invalid processingStatuses: {','.join(bad)}")
        now = world.now()
        since = parse_time(req.q("createdSince"), "createdSince") or now - RETENTION
        until = parse_time(req.q("createdUntil"), "createdUntil") or now
        if since >= until:
            raise invalid("createdSince must be before createdUntil.")
        state = {
            "op": "reports", "acct": req.account.selling_partner_id, "t": types, "s": statuses,
            "m": req.qlist("marketplaceIds"), "a": since.timestamp(), "b": until.timestamp(),
            "n": int_param(req, "pageSize", 10, 1, 100), "o": 0,
        }  # fmt: skip
    _settlement_reports(req)
    oldest = world.now() - RETENTION
    matches = []
    for report in world.reports.values():
        if report.account != req.account.selling_partner_id or report.report_type not in state["t"]:
            continue
        if report.created < oldest or not state["a"] <= report.created.timestamp() <= state["b"]:
            continue
        if state["m"] and not set(state["m"]) & set(report.marketplace_ids):
            continue
        if state["s"] and status(req, report) not in state["s"]:
            continue
        matches.append(report)
    matches.sort(key=lambda r: (r.created, r.report_id), reverse=True)
    offset, size = state["o"], state["n"]
    page = matches[offset : offset + size]
    result: dict = {"reports": [report_json(req, r) for r in page]}
    if offset + size < len(matches):
        result["nextToken"] = encode_token(state | {"o": offset + size})
    return result


def get_report_document(req: Request) -> dict:
    world = req.server.world
    document_id = req.params["reportDocumentId"]
    document = world.documents.get(document_id)
    report = next((r for r in world.reports.values() if r.document_id == document_id), None)
    if (
        document is None
        or report is None
        or report.account != req.account.selling_partner_id
        or status(req, report) != "DONE"
    ):
        raise ApiError(404, "NotFound", "The report document was not found.", f"reportDocumentId: {document_id}")
    return {
        "reportDocumentId": document_id,
        "url": req.server.sign("documents", document_id),
        "compressionAlgorithm": "GZIP",
    }


ROUTES = [
    ("GET", "/reports/2021-06-30/reports", "getReports", get_reports),
    ("POST", "/reports/2021-06-30/reports", "createReport", create_report),
    ("GET", "/reports/2021-06-30/reports/{reportId}", "getReport", get_report),
    ("DELETE", "/reports/2021-06-30/reports/{reportId}", "cancelReport", cancel_report),
    ("GET", "/reports/2021-06-30/documents/{reportDocumentId}", "getReportDocument", get_report_document),
]
