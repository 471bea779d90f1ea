"""Feeds API 2021-06-30 with ``POST_PAYMENT_ADJUSTMENT_DATA`` (OrderAdjustment XML) processing.

The feed is validated when it is created (so a refund is accepted exactly once, whatever the polling)
and its results are revealed by getFeed once the feed is DONE; accepted refunds are posted as
RefundEvents at that DONE time. Each message is accepted or rejected as a whole. The processing report
lists a ``Result`` for every message with an error (as Amazon does; messages without one succeeded).

Sandbox ResultMessageCodes: 5000 schema / element order, 5001 document not well-formed,
18025 order not found, 18026 order item not found, 18027 invalid AdjustmentReason, 18028 invalid
component type or amount, 18029 currency differs from the order's, 18030 refund exceeds what was
charged for the item, 18031 duplicate MerchantAdjustmentItemID, 18032 the net adjustment is not a
refund to the buyer, 18033 unsupported ActionType / MerchantOrderID.
"""

from __future__ import annotations

import re
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal, InvalidOperation
from xml.sax.saxutils import escape

from .api_common import ApiError, Request, Response, decode_token, encode_token, int_param, invalid, parse_time
from .world import AcceptedAdjustment, StoredDocument, StoredFeed, World, iso

PAYMENT_ADJUSTMENT = "POST_PAYMENT_ADJUSTMENT_DATA"
SUPPORTED_FEEDS = {PAYMENT_ADJUSTMENT}
STATUSES = {"CANCELLED", "DONE", "FATAL", "IN_PROGRESS", "IN_QUEUE"}
ADJUSTMENT_REASONS = frozenset(
    [
        "NoInventory",
        "CustomerReturn",
        "GeneralAdjustment",
        "CouldNotShip",
        "DifferentItem",
        "Abandoned",
        "CustomerCancel",
        "PriceError",
        "ProductOutofStock",
        "CustomerAddressIncorrect",
        "Exchange",
        "Other",
        "CarrierCreditDecision",
        "RiskAssessmentInformationNotValid",
        "CarrierCoverageFailure",
        "TransactionRecord",
        "Undeliverable",
        "RefusedDelivery",
    ]
)
COMPONENT_TYPES = frozenset(
    [
        "Principal",
        "Shipping",
        "Tax",
        "ShippingTax",
        "RestockingFee",
        "RestockingFeeTax",
        "GiftWrap",
        "GiftWrapTax",
        "Surcharge",
        "ReturnShipping",
        "Goodwill",
        "ExportCharge",
        "COD",
        "CODTax",
        "Other",
        "FreeReplacementReturnShipping",
    ]
)
# Element order (OrderAdjustment.xsd): one letter per child element, checked with a regular expression.
_ORDER_LETTERS = {"AmazonOrderID": "O", "MerchantOrderID": "M", "ActionType": "A", "CODCollectionMethod": "C",
                  "AdjustedItem": "I"}  # fmt: skip
_ORDER_SEQ = re.compile(r"^[OM]A?C?I+$")
_ITEM_LETTERS = {"AmazonOrderItemCode": "O", "MerchantOrderItemID": "M", "MerchantAdjustmentItemID": "J",
                 "AdjustmentReason": "R", "ItemPriceAdjustments": "P", "PromotionAdjustments": "Q",
                 "DirectPaymentAdjustments": "D", "QuantityCancelled": "C", "Quantity": "N"}  # fmt: skip
_ITEM_SEQ = re.compile(r"^[OM]J?RP?Q*D?C?N?$")


@dataclass
class MessageResult:
    message_id: int
    code: str  # Error | Warning
    message_code: int
    description: str
    order_id: str | None = None
    merchant_adjustment_item_id: str | None = None


class _Reject(Exception):
    def __init__(self, code: int, description: str) -> None:
        super().__init__(description)
        self.code, self.description = code, description


def _text(element: ET.Element | None) -> str:
    return (element.text or "").strip() if element is not None else ""


def _sequence(element: ET.Element, letters: dict[str, str]) -> str:
    return "".join(letters.get(child.tag, "?") for child in element)


def _parse(data: bytes) -> ET.Element:
    try:
        return ET.fromstring(data)
    except ET.ParseError:
        text = data.decode("iso-8859-1")  # python-amazon-sp-api encodes str uploads as iso-8859-1
        return ET.fromstring(re.sub(r"^<\?xml[^>]*\?>", "", text.lstrip()))


def process_payment_adjustments(world: World, feed: StoredFeed, data: bytes, account, posted_at) -> None:
    """Validate every message, accept the good ones (exactly once), fill ``feed.results`` and ``summary``."""
    results: list[MessageResult] = []
    try:
        root = _parse(data)
    except ET.ParseError as exc:
        feed.results = [MessageResult(0, "Error", 5001, f"XML Parsing Fatal Error: {exc}")]
        feed.summary = {"processed": 0, "successful": 0, "error": 0, "warning": 0}
        return
    messages = root.findall("Message")
    if root.tag != "AmazonEnvelope" or _text(root.find("MessageType")) != "OrderAdjustment":
        feed.results = [MessageResult(0, "Error", 5000, "The document is not an AmazonEnvelope of MessageType "
                                      "OrderAdjustment.")]  # fmt: skip
        feed.summary = {"processed": 0, "successful": 0, "error": 0, "warning": 0}
        return
    successful = 0
    seen_in_feed: set[str] = set()
    for position, message in enumerate(messages, 1):
        raw_id = _text(message.find("MessageID"))
        message_id = int(raw_id) if raw_id.isdigit() else position
        adjustment = message.find("OrderAdjustment")
        order_id = _text(adjustment.find("AmazonOrderID")) if adjustment is not None else None
        try:
            if adjustment is None:
                raise _Reject(5000, "The Message has no OrderAdjustment element.")
            with world.lock:
                accepted = _message(world, feed, account, adjustment, message_id, seen_in_feed, posted_at)
                for item in accepted:
                    world.accept_refund(*item)
            successful += 1
        except _Reject as exc:
            results.append(MessageResult(message_id, "Error", exc.code, exc.description, order_id or None))
    feed.results = results
    feed.summary = {"processed": len(messages), "successful": successful, "error": len(messages) - successful,
                    "warning": 0}  # fmt: skip


def _message(world, feed, account, adjustment, message_id, seen_in_feed, posted_at):
    if not _ORDER_SEQ.match(_sequence(adjustment, _ORDER_LETTERS)):
        raise _Reject(5000, "XML schema error: OrderAdjustment children must be (AmazonOrderID | MerchantOrderID), "
                      "ActionType?, CODCollectionMethod?, AdjustedItem+ in this order.")  # fmt: skip
    if adjustment.find("AmazonOrderID") is None:
        raise _Reject(18033, "MerchantOrderID is not supported by the sandbox; use AmazonOrderID.")
    order_id = _text(adjustment.find("AmazonOrderID"))
    action = _text(adjustment.find("ActionType")) or "Refund"
    if action != "Refund":
        raise _Reject(18033, f"ActionType {action} is not possible for a shipped order.")
    found = world.find_order(order_id)
    if found is None or found[0].region is not account.region:
        raise _Reject(18025, f"The order id {order_id} was not found in your orders.")
    order, items, cases = found
    by_id = {item.order_item_id: item for item in items}
    pending: dict[str, Decimal] = {}
    accepted = []
    for index, element in enumerate(adjustment.findall("AdjustedItem"), 1):
        if not _ITEM_SEQ.match(_sequence(element, _ITEM_LETTERS)):
            raise _Reject(5000, "XML schema error: AdjustedItem children must be (AmazonOrderItemCode | "
                          "MerchantOrderItemID), MerchantAdjustmentItemID?, AdjustmentReason, ItemPriceAdjustments?, "
                          "PromotionAdjustments*, DirectPaymentAdjustments?, QuantityCancelled?, Quantity? "
                          "in this order.")  # fmt: skip
        item_code = _text(element.find("AmazonOrderItemCode"))
        item = by_id.get(item_code)
        if item is None:
            raise _Reject(
                18026, f"The order item {item_code or '(MerchantOrderItemID)'} is not part of order {order_id}."
            )
        merchant_id = _text(element.find("MerchantAdjustmentItemID")) or f"{feed.feed_id}-{message_id}-{index}"
        if merchant_id in world.adjustments or merchant_id in seen_in_feed:
            raise _Reject(18031, f"MerchantAdjustmentItemID {merchant_id} was already used for an adjustment.")
        reason = _text(element.find("AdjustmentReason"))
        if reason not in ADJUSTMENT_REASONS:
            raise _Reject(18027, f"The AdjustmentReason {reason!r} is not valid.")
        components: dict[str, Decimal] = {}
        for component in element.findall("ItemPriceAdjustments/Component"):
            ctype = _text(component.find("Type"))
            if ctype not in COMPONENT_TYPES:
                raise _Reject(18028, f"The adjustment component type {ctype!r} is not valid.")
            amount_el = component.find("Amount")
            try:
                amount = Decimal(_text(amount_el))
            except InvalidOperation:
                raise _Reject(18028, f"The amount of component {ctype} is not a number.") from None
            currency = amount_el.get("currency") if amount_el is not None else None
            if currency != order.currency:
                raise _Reject(18029, f"The currency {currency} differs from the order currency {order.currency}.")
            components[ctype] = components.get(ctype, Decimal(0)) + amount
        net = sum(components.values(), Decimal(0))
        if net <= 0:
            raise _Reject(18032, "The adjustment must refund a positive amount to the buyer.")
        already = world.refunded_so_far(order_id, item.order_item_id) + pending.get(item.order_item_id, Decimal(0))
        if already + net > item.charged:
            left = max(item.charged - already, Decimal(0))
            raise _Reject(18030, f"The refund of {net} {order.currency} for item {item.order_item_id} exceeds the "
                          f"amount still refundable ({left} {order.currency}).")  # fmt: skip
        pending[item.order_item_id] = pending.get(item.order_item_id, Decimal(0)) + net
        seen_in_feed.add(merchant_id)
        record = AcceptedAdjustment(
            merchant_id, feed.feed_id, message_id, account.selling_partner_id, order_id, item.order_item_id, reason,
            components, order.currency, net, posted_at, "", None,
        )  # fmt: skip
        accepted.append((record, cases, order, item))
    return accepted


def processing_report(feed: StoredFeed, merchant: str) -> str:
    s = feed.summary
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<AmazonEnvelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:noNamespaceSchemaLocation="amzn-envelope.xsd">',
        f"<Header><DocumentVersion>1.02</DocumentVersion><MerchantIdentifier>{escape(merchant)}</MerchantIdentifier>"
        "</Header>",
        "<MessageType>ProcessingReport</MessageType>",
        "<Message><MessageID>1</MessageID><ProcessingReport>",
        f"<DocumentTransactionID>{feed.feed_id}</DocumentTransactionID><StatusCode>Complete</StatusCode>",
        f"<ProcessingSummary><MessagesProcessed>{s['processed']}</MessagesProcessed>"
        f"<MessagesSuccessful>{s['successful']}</MessagesSuccessful><MessagesWithError>{s['error']}"
        f"</MessagesWithError><MessagesWithWarning>{s['warning']}</MessagesWithWarning></ProcessingSummary>",
    ]
    for r in feed.results:
        info = (
            f"<AdditionalInfo><AmazonOrderID>{escape(r.order_id)}</AmazonOrderID></AdditionalInfo>"
            if r.order_id
            else ""
        )
        lines.append(
            f"<Result><MessageID>{r.message_id}</MessageID><ResultCode>{r.code}</ResultCode>"
            f"<ResultMessageCode>{r.message_code}</ResultMessageCode>"
            f"<ResultDescription>{escape(r.description)}</ResultDescription>{info}</Result>"
        )
    lines.append("</ProcessingReport></Message></AmazonEnvelope>")
    return "\n".join(lines) + "\n"


# -- operations ------------------------------------------------------------------------------------------------


def create_feed_document(req: Request) -> Response:
    body = req.json()
    content_type = body.get("contentType")
    if not content_type or not isinstance(content_type, str):
        raise invalid("contentType is required.")
    world = req.server.world
    document_id = f"amzn1.tortuga.4.{req.account.region.value}.{uuid.uuid4()}.T{world.next_serial():06d}"
    world.documents[document_id] = StoredDocument(document_id, content_type, None, False, None,
                                                  req.account.selling_partner_id)  # fmt: skip
    return Response(201, {"feedDocumentId": document_id, "url": req.server.sign("uploads", document_id)})


def create_feed(req: Request) -> Response:
    body = req.json()
    world = req.server.world
    feed_type, markets, document_id = body.get("feedType"), body.get("marketplaceIds"), body.get("inputFeedDocumentId")
    if not feed_type or not isinstance(feed_type, str):
        raise invalid("feedType is required.")
    if not isinstance(markets, list) or not markets:
        raise invalid("marketplaceIds is required.")
    if not document_id:
        raise invalid("inputFeedDocumentId is required.")
    if feed_type not in SUPPORTED_FEEDS:
        raise invalid(f"Invalid feedType: {feed_type}", "The sandbox supports POST_PAYMENT_ADJUSTMENT_DATA.")
    foreign = [m for m in markets if m not in req.account.marketplace_ids]
    if foreign:
        raise invalid(f"Invalid marketplaceIds: {','.join(foreign)}")
    document = world.documents.get(document_id)
    if document is None or document.account != req.account.selling_partner_id:
        raise invalid(f"Invalid inputFeedDocumentId: {document_id}", "The feed document does not exist.")
    if document.data is None:
        raise invalid("The feed document has no content.", "Upload the content to the URL first.")
    now = world.now()
    feed_id = str(60_000_000_000 + world.seed % 1000 * 10_000_000 + world.next_serial())
    feed = StoredFeed(feed_id, feed_type, req.account.selling_partner_id, list(markets), now, document_id)
    done_at = now + timedelta(seconds=req.server.processing_seconds[1])
    process_payment_adjustments(world, feed, document.data, req.account, done_at)
    result_id = f"amzn1.tortuga.4.{req.account.region.value}.{uuid.uuid4()}.T{world.next_serial():06d}"
    report = processing_report(feed, req.account.selling_partner_id)
    world.documents[result_id] = StoredDocument(result_id, "text/xml; charset=UTF-8", report.encode(), False, None,
                                                req.account.selling_partner_id)  # fmt: skip
    feed.result_document_id = result_id
    world.feeds[feed_id] = feed
    return Response(202, {"feedId": feed_id})


def _status(req: Request, feed: StoredFeed) -> str:
    if feed.cancelled:
        return "CANCELLED"
    elapsed = (req.server.world.now() - feed.created).total_seconds()
    queue, done = req.server.processing_seconds
    return "IN_QUEUE" if elapsed < queue else "IN_PROGRESS" if elapsed < done else "DONE"


def feed_json(req: Request, feed: StoredFeed) -> dict:
    state = _status(req, feed)
    queue, done = req.server.processing_seconds
    data = {
        "feedId": feed.feed_id,
        "feedType": feed.feed_type,
        "marketplaceIds": feed.marketplace_ids,
        "createdTime": iso(feed.created),
        "processingStatus": state,
    }
    if state in ("IN_PROGRESS", "DONE"):
        data["processingStartTime"] = iso(feed.created + timedelta(seconds=queue))
    if state == "DONE":
        data["processingEndTime"] = iso(feed.created + timedelta(seconds=done))
        data["resultFeedDocumentId"] = feed.result_document_id
    return data


def _own_feed(req: Request) -> StoredFeed:
    feed = req.server.world.feeds.get(req.params["feedId"])
    if feed is None or feed.account != req.account.selling_partner_id:
        raise ApiError(404, "NotFound", "The feed was not found.", f"feedId: {req.params['feedId']}")
    return feed


def get_feed(req: Request) -> dict:
    return feed_json(req, _own_feed(req))


def get_feeds(req: Request) -> dict:
    world = req.server.world
    token = req.q("nextToken")
    if token:
        state = decode_token(token, "nextToken")
        if state.get("op") != "feeds" or state.get("acct") != req.account.selling_partner_id:
            raise invalid("Invalid nextToken.")
    else:
        types = req.qlist("feedTypes")
        if not types:
            raise invalid("feedTypes is required when nextToken is not given.")
        statuses = req.qlist("processingStatuses")
        if any(s not in STATUSES for s in statuses):
            raise invalid("Invalid processingStatuses.")
        now = world.now()
        since = parse_time(req.q("createdSince"), "createdSince") or now - timedelta(days=90)
        until = parse_time(req.q("createdUntil"), "createdUntil") or now
        state = {"op": "feeds", "acct": req.account.selling_partner_id, "t": types, "s": statuses,
                 "a": since.timestamp(), "b": until.timestamp(), "n": int_param(req, "pageSize", 10, 1, 100),
                 "o": 0}  # fmt: skip
    feeds = [
        f for f in world.feeds.values()
        if f.account == state["acct"] and f.feed_type in state["t"]
        and state["a"] <= f.created.timestamp() <= state["b"]
        and (not state["s"] or _status(req, f) in state["s"])
    ]  # fmt: skip
    feeds.sort(key=lambda f: (f.created, f.feed_id), reverse=True)
    page = feeds[state["o"] : state["o"] + state["n"]]
    out: dict = {"feeds": [feed_json(req, f) for f in page]}
    if state["o"] + state["n"] < len(feeds):
        out["nextToken"] = encode_token(state | {"o": state["o"] + state["n"]})
    return out


def get_feed_document(req: Request) -> dict:
    document_id = req.params["feedDocumentId"]
    document = req.server.world.documents.get(document_id)
    if document is None or document.account != req.account.selling_partner_id or document.builder is not None:
        raise ApiError(404, "NotFound", "The feed document was not found.", f"feedDocumentId: {document_id}")
    return {"feedDocumentId": document_id, "url": req.server.sign("documents", document_id)}


def cancel_feed(req: Request) -> Response:
    feed = _own_feed(req)
    raise invalid("The feed cannot be cancelled.", f"Feed {feed.feed_id} is already being processed.")


ROUTES = [
    ("GET", "/feeds/2021-06-30/feeds", "getFeeds", get_feeds),
    ("POST", "/feeds/2021-06-30/feeds", "createFeed", create_feed),
    ("GET", "/feeds/2021-06-30/feeds/{feedId}", "getFeed", get_feed),
    ("DELETE", "/feeds/2021-06-30/feeds/{feedId}", "cancelFeed", cancel_feed),
    ("POST", "/feeds/2021-06-30/documents", "createFeedDocument", create_feed_document),
    ("GET", "/feeds/2021-06-30/documents/{feedDocumentId}", "getFeedDocument", get_feed_document),
]
