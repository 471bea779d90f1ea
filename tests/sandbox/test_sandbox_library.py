"""The real python-amazon-sp-api client against the sandbox over real HTTP."""

from __future__ import annotations

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from conftest import MARKETPLACE_IDS, NOW, sp_client
from sp_api.api import Feeds, Finances, Orders, Reports
from sp_api.auth.exceptions import AuthorizationError
from sp_api.base import SellingApiForbiddenException, SellingApiRequestThrottledException

from acorn_desktop.domain.cases import CaseKind
from acorn_desktop.domain.marketplaces import Region

FEED_COMPONENT = {"Principal": "Principal", "Tax": "Tax", "Shipping": "Shipping", "RestockingFee": "RestockingFee"}


def _all_events(client, **first):
    names, token, pages = [], None, 0
    while True:
        response = client.list_financial_events(**({"NextToken": token} if token else first))
        pages += 1
        for name, events in response.payload["FinancialEvents"].items():
            names.extend((name, e) for e in events)
        token = response.next_token
        if not token:
            return names, pages


def test_finances_all_pages_match_the_ground_truth(sandbox):
    client = sp_client(sandbox, Finances)
    after = NOW - timedelta(days=170)
    events, pages = _all_events(client, PostedAfter=after.isoformat(), MaxResultsPerPage=100)
    lo, hi = after.timestamp(), (NOW - timedelta(minutes=2)).timestamp()
    truth = [e for e in sandbox.world.financial_events(Region.EU) if lo <= e.ts < hi]
    assert pages > 5
    assert len(events) == len(truth)
    assert sorted(e["PostedDate"] for _, e in events) == sorted(e.data["PostedDate"] for e in truth)
    refunds = [e for name, e in events if name == "RefundEventList"]
    assert refunds and all(
        c["ChargeAmount"]["CurrencyAmount"] <= 0 or c["ChargeType"] == "RestockingFee"
        for e in refunds
        for c in e["ShipmentItemAdjustmentList"][0]["ItemChargeAdjustmentList"]
    )
    assert {e["MarketplaceName"] for _, e in events if "MarketplaceName" in e} <= {
        "Amazon.co.uk",
        "Amazon.de",
        "Amazon.fr",
        "Amazon.it",
        "Amazon.es",
    }


def test_refund_events_carry_the_case_source_ref(sandbox):
    world = sandbox.world
    refunded = [e for e in world.financial_events() if e.list_name == "RefundEventList"]
    assert refunded
    for event in refunded[:50]:
        case = world.case(event.ref)
        assert case is not None and case.kind is CaseKind.REFUND
        row = event.data["ShipmentItemAdjustmentList"][0]
        assert row["OrderAdjustmentItemId"] == case.source_ref and row["OrderItemId"] == case.order_item_id
        charges = sum(Decimal(str(c["ChargeAmount"]["CurrencyAmount"])) for c in row["ItemChargeAdjustmentList"])
        assert charges == -case.amount


def test_report_create_poll_download(sandbox):
    client = sp_client(sandbox, Reports)
    created = client.create_report(
        reportType="GET_FLAT_FILE_ALL_ORDERS_DATA_BY_LAST_UPDATE_GENERAL",
        dataStartTime=(NOW - timedelta(days=20)).isoformat(),
    )
    report_id = created.payload["reportId"]
    assert client.get_report(report_id).payload["processingStatus"] in ("IN_QUEUE", "IN_PROGRESS")
    sandbox.advance(7)
    report = client.get_report(report_id).payload
    assert report["processingStatus"] == "DONE"
    document = client.get_report_document(report["reportDocumentId"], download=True)
    lines = document.payload["document"].splitlines()
    assert lines[0].split("\t")[:3] == ["amazon-order-id", "merchant-order-id", "purchase-date"]
    rows = [line.split("\t") for line in lines[1:]]
    assert rows and all(len(r) == 31 for r in rows)
    assert {r[14] for r in rows} == {"EUR"}  # the DE marketplace only
    expected = {
        o.amazon_order_id
        for o in sandbox.world.orders()
        if o.marketplace_code == "DE" and NOW - timedelta(days=20) <= o.last_updated
    }
    assert {r[0] for r in rows} == expected


def test_settlement_reports_are_listed_not_requestable(sandbox):
    from sp_api.base import SellingApiBadRequestException

    client = sp_client(sandbox, Reports)
    with pytest.raises(SellingApiBadRequestException) as info:
        client.create_report(reportType="GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2")
    assert "not allowed" in info.value.message
    listed = client.get_reports(reportTypes=["GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2"], pageSize=100)
    assert listed.payload["reports"]
    newest = listed.payload["reports"][0]
    text = client.get_report_document(newest["reportDocumentId"], download=True).payload["document"]
    header, summary, first = (line.split("\t") for line in text.splitlines()[:3])
    assert header[0] == "settlement-id" and len(header) == 24
    assert summary[0] == first[0] and summary[4] and not summary[6]  # summary row: total, no transaction
    assert "," in summary[4] and summary[1].endswith(" UTC") and summary[1][2] == "."  # EU locale formats


def _adjustment_xml(order_id, item_id, merchant_id, components, currency, reason="CustomerReturn"):
    parts = "".join(
        f'<Component><Type>{t}</Type><Amount currency="{currency}">{a}</Amount></Component>' for t, a in components
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<AmazonEnvelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
        ' xsi:noNamespaceSchemaLocation="amzn-envelope.xsd"><Header><DocumentVersion>1.01</DocumentVersion>'
        "<MerchantIdentifier>ADEMOEU0SANDBOX</MerchantIdentifier></Header><MessageType>OrderAdjustment</MessageType>"
        f"<Message><MessageID>1</MessageID><OrderAdjustment><AmazonOrderID>{order_id}</AmazonOrderID>"
        f"<ActionType>Refund</ActionType><AdjustedItem><AmazonOrderItemCode>{item_id}</AmazonOrderItemCode>"
        f"<MerchantAdjustmentItemID>{merchant_id}</MerchantAdjustmentItemID><AdjustmentReason>{reason}"
        f"</AdjustmentReason><ItemPriceAdjustments>{parts}</ItemPriceAdjustments></AdjustedItem></OrderAdjustment>"
        "</Message></AmazonEnvelope>"
    )


def _submit(server, xml: str):
    client = sp_client(server, Feeds)
    _, feed = client.submit_feed("POST_PAYMENT_ADJUSTMENT_DATA", io.BytesIO(xml.encode()), "text/xml; charset=UTF-8")
    feed_id = feed.payload["feedId"]
    server.advance(7)
    status = client.get_feed(feed_id).payload
    assert status["processingStatus"] == "DONE"
    return client.get_feed_result_document(status["resultFeedDocumentId"])


def test_refund_feed_accepted_once_and_posted_under_the_case(fresh):
    server = fresh(cases=600, rate_limits=False)
    world = server.world
    case = next(
        c
        for c in world.all_cases()
        if c.kind is CaseKind.REFUND and c.region is Region.EU and world.event_for_ref(c.source_ref) is None
    )
    components = [(FEED_COMPONENT[k], v) for k, v in case.breakdown.items()]
    xml = _adjustment_xml(case.amazon_order_id, case.order_item_id, "RMA-T-1", components, case.currency)
    report = _submit(server, xml)
    assert "<MessagesSuccessful>1</MessagesSuccessful>" in report and "<Result>" not in report
    accepted = world.adjustments["RMA-T-1"]
    assert accepted.case_source_ref == case.source_ref and accepted.amount == case.amount

    again = _submit(server, xml)
    assert "<MessagesWithError>1</MessagesWithError>" in again and "<ResultMessageCode>18031<" in again
    assert list(world.adjustments) == ["RMA-T-1"]

    server.advance(180)  # PostedDate = when the feed finished; Finances shows it two minutes later
    events = sp_client(server, Finances).get_financial_events_for_order(case.amazon_order_id).payload
    refunds = events["FinancialEvents"]["RefundEventList"]
    assert [r["ShipmentItemAdjustmentList"][0]["OrderAdjustmentItemId"] for r in refunds] == [case.source_ref]


@pytest.mark.parametrize(
    ("mutate", "code"),
    [
        (lambda o, i, c: ("302-0000000-0000000", i, c, "CustomerReturn"), "18025"),
        (lambda o, i, c: (o, "99999999999999", c, "CustomerReturn"), "18026"),
        (lambda o, i, c: (o, i, c, "BecauseISaidSo"), "18027"),
        (lambda o, i, c: (o, i, [("Bribe", "1.00")], "Other"), "18028"),
        (lambda o, i, c: (o, i, [("Principal", "99999.00")], "Other"), "18030"),
    ],
)
def test_refund_feed_rejections(fresh, mutate, code):
    server = fresh(cases=200, rate_limits=False)
    order = next(o for o in server.world.orders() if o.region is Region.EU)
    item = server.world.find_order(order.amazon_order_id)[1][0]
    order_id, item_id, components, reason = mutate(order.amazon_order_id, item.order_item_id, [("Principal", "1.00")])
    report = _submit(
        server,
        _adjustment_xml(
            order_id, item_id, f"X-{code}", components, "EUR" if order.currency == "EUR" else order.currency, reason
        ),
    )
    assert f"<ResultMessageCode>{code}<" in report, report
    assert not server.world.adjustments


def test_element_order_is_enforced(fresh):
    server = fresh(cases=200, rate_limits=False)
    order = next(o for o in server.world.orders() if o.region is Region.EU)
    item = server.world.find_order(order.amazon_order_id)[1][0]
    xml = _adjustment_xml(order.amazon_order_id, item.order_item_id, "ORDER-1", [("Principal", "1.00")], order.currency)
    swapped = xml.replace("<ActionType>Refund</ActionType>", "").replace(
        f"<AmazonOrderID>{order.amazon_order_id}</AmazonOrderID>",
        f"<ActionType>Refund</ActionType><AmazonOrderID>{order.amazon_order_id}</AmazonOrderID>",
    )
    assert "<ResultMessageCode>5000<" in _submit(server, swapped)


def test_orders_through_the_library(sandbox):
    client = sp_client(sandbox, Orders, region="fe", marketplace="JP")
    response = client.get_orders(CreatedAfter=(NOW - timedelta(days=30)).isoformat(), MaxResultsPerPage=10)
    orders = response.payload["Orders"]
    assert orders and {o["MarketplaceId"] for o in orders} == {MARKETPLACE_IDS["JP"]}
    items = client.get_order_items(orders[0]["AmazonOrderId"]).payload["OrderItems"]
    assert items[0]["ItemPrice"]["CurrencyCode"] == "JPY"


def test_throttling_surfaces_as_the_library_exception(fresh):
    server = fresh(cases=100)  # rate limits on
    client = sp_client(server, Orders, region="na", marketplace="US")
    after = (NOW - timedelta(days=3)).isoformat()
    for _ in range(20):  # getOrders: burst 20
        client.get_orders(CreatedAfter=after)
    with pytest.raises(SellingApiRequestThrottledException) as info:
        client.get_orders(CreatedAfter=after)
    assert info.value.code == 429 and info.value.headers["x-amzn-RateLimit-Limit"] == "0.0167"
    server.advance(60)  # one token back (0.0167/s)
    client.get_orders(CreatedAfter=after)


def test_revoked_and_expired_tokens(fresh):
    server = fresh(cases=100, rate_limits=False)
    client = sp_client(server, Finances)
    client.list_financial_event_groups()
    server.advance(3601)  # access tokens live one hour; python-amazon-sp-api still has it cached
    with pytest.raises(SellingApiForbiddenException) as info:
        client.list_financial_event_groups()
    assert info.value.error[0]["details"] == "The access token you provided has expired."
    server.revoke(server.account("eu").refresh_token)
    import sp_api.auth.access_token_client as atc

    atc.cache.clear()
    with pytest.raises(AuthorizationError) as denied:
        sp_client(server, Finances).list_financial_event_groups()
    assert denied.value.status_code == 400 and denied.value.error_code == "invalid_grant"
    sp_client(server, Finances, region="na", marketplace="US").list_financial_event_groups()  # others unaffected
