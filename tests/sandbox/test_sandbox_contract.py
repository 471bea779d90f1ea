"""Contract: every operation's success and error bodies validate against Amazon's official models."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from conftest import MARKETPLACE_IDS, NOW

from acorn_desktop.sandbox.rate_limits import OPERATION_LIMITS
from acorn_desktop.sandbox.server import ROUTES

FIN = "finances-v0"
REP = "reports-2021-06-30"
FEED = "feeds-2021-06-30"
ORD = "orders-v0"
ORD26 = "orders-2026-01-01"
ADJUSTMENT_XML = """<?xml version="1.0" encoding="UTF-8"?>
<AmazonEnvelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="amzn-envelope.xsd">
<Header><DocumentVersion>1.01</DocumentVersion><MerchantIdentifier>ADEMOEU0SANDBOX</MerchantIdentifier></Header>
<MessageType>OrderAdjustment</MessageType>
<Message><MessageID>1</MessageID><OrderAdjustment><AmazonOrderID>000-0000000-0000000</AmazonOrderID>
<AdjustedItem><AmazonOrderItemCode>1</AmazonOrderItemCode><AdjustmentReason>Other</AdjustmentReason>
</AdjustedItem></OrderAdjustment></Message></AmazonEnvelope>"""


def _iso(dt):
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")


def _ok(response, status=200):
    assert response.status_code == status, response.text
    assert response.headers["x-amzn-RequestId"]
    assert response.headers["x-amzn-RateLimit-Limit"]
    return response.json()


def _error(response, status, code="InvalidInput"):
    assert response.status_code == status, response.text
    body = response.json()
    assert body["errors"][0]["code"] == code
    return body


# -- usage plans --------------------------------------------------------------------------------------------------


def test_operation_limits_match_the_models(models):
    stated = {}
    for stem in (FIN, REP, FEED, ORD, ORD26):
        for ops in models[stem]["paths"].values():
            for method, op in ops.items():
                if method == "parameters":
                    continue
                rows = re.findall(r"\|\s*([\d.]+)\s*\|\s*(\d+)\s*\|", op.get("description", ""))
                assert len(rows) == 1, op["operationId"]
                stated.setdefault(op["operationId"], set()).add((float(rows[0][0]), int(rows[0][1])))
    for operation, limit in OPERATION_LIMITS.items():
        assert stated[operation] == {limit}, operation
    served = {r.operation for r in ROUTES}
    assert served <= set(OPERATION_LIMITS), served - set(OPERATION_LIMITS)


# -- finances -----------------------------------------------------------------------------------------------------


def test_list_financial_events_pages_validate(raw, validate):
    after = _iso(NOW - timedelta(days=150))
    body = _ok(raw.get("/finances/v0/financialEvents", PostedAfter=after, MaxResultsPerPage=50))
    validate(FIN, "ListFinancialEventsResponse", body)
    seen = {name for name, events in body["payload"]["FinancialEvents"].items() if events}
    token = body["payload"]["NextToken"]
    for _ in range(60):
        body = _ok(raw.get("/finances/v0/financialEvents", NextToken=token))
        validate(FIN, "ListFinancialEventsResponse", body)
        seen |= {name for name, events in body["payload"]["FinancialEvents"].items() if events}
        token = body["payload"].get("NextToken")
        if not token:
            break
    assert {"ShipmentEventList", "RefundEventList", "GuaranteeClaimEventList", "ChargebackEventList"} <= seen


@pytest.mark.parametrize(
    ("params", "why"),
    [
        ({}, "PostedAfter missing"),
        ({"PostedAfter": _iso(NOW - timedelta(minutes=1))}, "less than 2 minutes ago"),
        ({"PostedAfter": _iso(NOW - timedelta(days=2)), "PostedBefore": _iso(NOW - timedelta(days=3))}, "order"),
        ({"PostedBefore": _iso(NOW - timedelta(days=3))}, "before without after"),
        ({"PostedAfter": _iso(NOW - timedelta(days=2)), "MaxResultsPerPage": 101}, "page size"),
        ({"PostedAfter": "yesterday"}, "bad date"),
        ({"NextToken": "not-a-token"}, "bad token"),
    ],
)
def test_list_financial_events_rejects_bad_input(raw, validate, params, why):
    body = _error(raw.get("/finances/v0/financialEvents", **params), 400)
    validate(FIN, "ListFinancialEventsResponse", body)


def test_more_than_180_days_is_empty(raw, validate):
    body = _ok(raw.get("/finances/v0/financialEvents", PostedAfter=_iso(NOW - timedelta(days=181))))
    validate(FIN, "ListFinancialEventsResponse", body)
    assert not any(body["payload"]["FinancialEvents"].values())
    assert "NextToken" not in body["payload"]


def test_events_by_order_and_group(raw, sandbox, validate):
    order = next(o for o in sandbox.world.orders() if o.region.value == "eu")
    body = _ok(raw.get(f"/finances/v0/orders/{order.amazon_order_id}/financialEvents"))
    validate(FIN, "ListFinancialEventsResponse", body)
    assert body["payload"]["FinancialEvents"]["ShipmentEventList"][0]["AmazonOrderId"] == order.amazon_order_id
    validate(FIN, "ListFinancialEventsResponse", _error(raw.get("/finances/v0/orders/BAD-ORDER/financialEvents"), 400))

    groups = _ok(raw.get("/finances/v0/financialEventGroups", MaxResultsPerPage=100))
    validate(FIN, "ListFinancialEventGroupsResponse", groups)
    closed = [g for g in groups["payload"]["FinancialEventGroupList"] if g["ProcessingStatus"] == "Closed"]
    assert closed and any(g["ProcessingStatus"] == "Open" for g in groups["payload"]["FinancialEventGroupList"])
    busy = max(closed, key=lambda g: abs(g["OriginalTotal"]["CurrencyAmount"]))
    events = _ok(raw.get(f"/finances/v0/financialEventGroups/{busy['FinancialEventGroupId']}/financialEvents"))
    validate(FIN, "ListFinancialEventsResponse", events)
    assert any(events["payload"]["FinancialEvents"].values())
    missing = _error(raw.get("/finances/v0/financialEventGroups/123/financialEvents"), 404, "NotFound")
    validate(FIN, "ListFinancialEventsResponse", missing)
    bad = _error(raw.get("/finances/v0/financialEventGroups", MaxResultsPerPage=0), 400)
    validate(FIN, "ListFinancialEventGroupsResponse", bad)


def test_unauthorized_and_unknown_paths(raw, validate):
    response = raw.http.get("/finances/v0/financialEvents", headers={"x-amz-access-token": "Atza|nope"})
    body = _error(response, 403, "Unauthorized")
    assert body["errors"][0]["message"] == "Access to requested resource is denied."
    validate(FIN, "ListFinancialEventsResponse", body)
    validate(REP, "ErrorList", _error(raw.get("/reports/2021-06-30/nothing-here"), 404, "NotFound"))


# -- reports ------------------------------------------------------------------------------------------------------


def test_report_lifecycle_validates(raw, sandbox, validate):
    body = {"reportType": "GET_FBA_FULFILLMENT_CUSTOMER_RETURNS_DATA", "marketplaceIds": [MARKETPLACE_IDS["DE"]]}
    created = _ok(raw.post("/reports/2021-06-30/reports", body), 202)
    validate(REP, "CreateReportResponse", created)
    report = _ok(raw.get(f"/reports/2021-06-30/reports/{created['reportId']}"))
    validate(REP, "Report", report)
    assert report["processingStatus"] in ("IN_QUEUE", "IN_PROGRESS")
    validate(REP, "ErrorList", _error(raw.get("/reports/2021-06-30/documents/amzn1.spdoc.nothing"), 404, "NotFound"))
    sandbox.advance(10)
    report = _ok(raw.get(f"/reports/2021-06-30/reports/{created['reportId']}"))
    validate(REP, "Report", report)
    assert report["processingStatus"] == "DONE"
    document = _ok(raw.get(f"/reports/2021-06-30/documents/{report['reportDocumentId']}"))
    validate(REP, "ReportDocument", document)
    assert document["compressionAlgorithm"] == "GZIP" and document["url"].startswith(sandbox.endpoint)

    listed = _ok(raw.get("/reports/2021-06-30/reports", reportTypes="GET_FBA_FULFILLMENT_CUSTOMER_RETURNS_DATA"))
    validate(REP, "GetReportsResponse", listed)
    assert created["reportId"] in {r["reportId"] for r in listed["reports"]}
    validate(
        REP,
        "ErrorList",
        _error(raw.get(f"/reports/2021-06-30/reports/{created['reportId']}", region="na"), 404, "NotFound"),
    )


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            {"reportType": "GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2", "marketplaceIds": ["A1PA6795UKMFR9"]},
            "not allowed",
        ),
        ({"reportType": "GET_FBA_FULFILLMENT_CUSTOMER_RETURNS_DATA"}, "marketplaceIds"),
        ({"reportType": "GET_NOPE", "marketplaceIds": ["A1PA6795UKMFR9"]}, "Invalid reportType"),
        (
            {
                "reportType": "GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE",
                "marketplaceIds": ["A1PA6795UKMFR9"],
                "dataStartTime": "2025-12-31T00:00:00Z",
                "dataEndTime": "2026-03-02T00:00:00Z",
            },
            "60 days",
        ),
        (
            {"reportType": "GET_FBA_FULFILLMENT_CUSTOMER_RETURNS_DATA", "marketplaceIds": ["ATVPDKIKX0DER"]},
            "marketplaceIds",
        ),
    ],
)
def test_create_report_errors(raw, validate, body, message):
    error = _error(raw.post("/reports/2021-06-30/reports", body), 400)
    validate(REP, "ErrorList", error)
    assert message in error["errors"][0]["message"]


def test_get_reports_paging_and_errors(raw, validate):
    page = _ok(
        raw.get("/reports/2021-06-30/reports", reportTypes="GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2", pageSize=2)
    )
    validate(REP, "GetReportsResponse", page)
    assert len(page["reports"]) == 2 and page["nextToken"]
    nxt = _ok(raw.get("/reports/2021-06-30/reports", nextToken=page["nextToken"]))
    validate(REP, "GetReportsResponse", nxt)
    assert {r["reportId"] for r in nxt["reports"]}.isdisjoint(r["reportId"] for r in page["reports"])
    mixed = raw.get("/reports/2021-06-30/reports", nextToken=page["nextToken"], pageSize=2)
    validate(REP, "ErrorList", _error(mixed, 400))
    validate(REP, "ErrorList", _error(raw.get("/reports/2021-06-30/reports"), 400))
    validate(REP, "ErrorList", _error(raw.get("/reports/2021-06-30/reports", reportTypes="X", pageSize=500), 400))


# -- feeds --------------------------------------------------------------------------------------------------------


def test_feed_lifecycle_validates(raw, sandbox, validate):
    document = _ok(raw.post("/feeds/2021-06-30/documents", {"contentType": "text/xml; charset=UTF-8"}), 201)
    validate(FEED, "CreateFeedDocumentResponse", document)
    upload = raw.http.put(document["url"], content=ADJUSTMENT_XML.encode(), headers={"Content-Type": "text/xml"})
    assert upload.status_code == 200
    feed = _ok(
        raw.post(
            "/feeds/2021-06-30/feeds",
            {
                "feedType": "POST_PAYMENT_ADJUSTMENT_DATA",
                "marketplaceIds": [MARKETPLACE_IDS["DE"]],
                "inputFeedDocumentId": document["feedDocumentId"],
            },
        ),
        202,
    )
    validate(FEED, "CreateFeedResponse", feed)
    status = _ok(raw.get(f"/feeds/2021-06-30/feeds/{feed['feedId']}"))
    validate(FEED, "Feed", status)
    sandbox.advance(10)
    status = _ok(raw.get(f"/feeds/2021-06-30/feeds/{feed['feedId']}"))
    validate(FEED, "Feed", status)
    assert status["processingStatus"] == "DONE"
    result = _ok(raw.get(f"/feeds/2021-06-30/documents/{status['resultFeedDocumentId']}"))
    validate(FEED, "FeedDocument", result)
    report = raw.http.get(result["url"]).text
    assert "<MessagesWithError>1</MessagesWithError>" in report and "<ResultMessageCode>18025<" in report
    feeds = _ok(raw.get("/feeds/2021-06-30/feeds", feedTypes="POST_PAYMENT_ADJUSTMENT_DATA"))
    validate(FEED, "GetFeedsResponse", feeds)
    validate(FEED, "ErrorList", _error(raw.get("/feeds/2021-06-30/feeds/1"), 404, "NotFound"))
    validate(FEED, "ErrorList", _error(raw.post("/feeds/2021-06-30/documents", {}), 400))
    bad = raw.post(
        "/feeds/2021-06-30/feeds",
        {
            "feedType": "POST_PAYMENT_ADJUSTMENT_DATA",
            "marketplaceIds": [MARKETPLACE_IDS["DE"]],
            "inputFeedDocumentId": "amzn1.tortuga.nothing",
        },
    )
    validate(FEED, "ErrorList", _error(bad, 400))
    other = raw.post(
        "/feeds/2021-06-30/feeds",
        {
            "feedType": "POST_PRODUCT_DATA",
            "marketplaceIds": ["A1PA6795UKMFR9"],
            "inputFeedDocumentId": document["feedDocumentId"],
        },
    )
    validate(FEED, "ErrorList", _error(other, 400))


# -- orders -------------------------------------------------------------------------------------------------------


def test_orders_v0_validate(raw, sandbox, validate):
    after = _iso(NOW - timedelta(days=60))
    page = _ok(
        raw.get("/orders/v0/orders", MarketplaceIds=MARKETPLACE_IDS["DE"], CreatedAfter=after, MaxResultsPerPage=20)
    )
    validate(ORD, "GetOrdersResponse", page)
    orders = page["payload"]["Orders"]
    assert orders and all(o["MarketplaceId"] == MARKETPLACE_IDS["DE"] for o in orders)
    assert "BuyerInfo" not in orders[0] and "ShippingAddress" not in orders[0]
    nxt = _ok(raw.get("/orders/v0/orders", NextToken=page["payload"]["NextToken"]))
    validate(ORD, "GetOrdersResponse", nxt)
    order_id = orders[0]["AmazonOrderId"]
    validate(ORD, "GetOrderResponse", _ok(raw.get(f"/orders/v0/orders/{order_id}")))
    items = _ok(raw.get(f"/orders/v0/orders/{order_id}/orderItems"))
    validate(ORD, "GetOrderItemsResponse", items)
    assert items["payload"]["OrderItems"]
    both = raw.get(
        "/orders/v0/orders", MarketplaceIds=MARKETPLACE_IDS["DE"], CreatedAfter=after, LastUpdatedAfter=after
    )
    validate(ORD, "GetOrdersResponse", _error(both, 400))
    validate(ORD, "GetOrdersResponse", _error(raw.get("/orders/v0/orders", CreatedAfter=after), 400))
    validate(ORD, "GetOrderResponse", _error(raw.get(f"/orders/v0/orders/{order_id}", region="na"), 404, "NotFound"))
    validate(ORD, "GetOrderItemsResponse", _error(raw.get("/orders/v0/orders/1-2-3/orderItems"), 404, "NotFound"))


def test_orders_2026_validate(raw, validate):
    page = _ok(raw.get("/orders/2026-01-01/orders", createdAfter=_iso(NOW - timedelta(days=30)), maxResultsPerPage=5))
    validate(ORD26, "SearchOrdersResponse", page)
    order_id = page["orders"][0]["orderId"]
    validate(ORD26, "GetOrderResponse", _ok(raw.get(f"/orders/2026-01-01/orders/{order_id}")))
    validate(ORD26, "ErrorList", _error(raw.get("/orders/2026-01-01/orders"), 400))


def test_throttled_body_validates_everywhere(fresh, validate):
    server = fresh(faults="429")
    from conftest import Raw

    client = Raw(server)
    for path, model, definition in [
        ("/finances/v0/financialEvents", FIN, "ListFinancialEventsResponse"),
        ("/reports/2021-06-30/reports", REP, "ErrorList"),
        ("/orders/v0/orders", ORD, "GetOrdersResponse"),
    ]:
        validate(model, definition, _error(client.get(path), 429, "QuotaExceeded"))
    client.http.close()
