"""POST_PAYMENT_ADJUSTMENT_DATA: the OrderAdjustment feed we send and the processing report Amazon sends back.

Pure functions, no database, no network. Facts from spapi.md §6 (OrderAdjustment.xsd, release 4.1).

Element order matters (Amazon rejects a document whose children are out of order), so it is fixed here::

    Message        = MessageID, OrderAdjustment
    OrderAdjustment = AmazonOrderID, ActionType, AdjustedItem+
    AdjustedItem   = AmazonOrderItemCode, MerchantAdjustmentItemID, AdjustmentReason, ItemPriceAdjustments, Quantity?
    ItemPriceAdjustments = Component+ (Type, Amount@currency)

One message per adjusted item: Amazon accepts or rejects a message as a whole, so one row of the refund
outbox ↔ one MessageID ↔ one result. Amounts: positive = refunded to the buyer, deductions (RestockingFee,
ReturnShipping …) negative, written in the currency's minor unit (JPY whole yen, others two decimals).

The processing report lists a ``Result`` only for messages with an error or a warning; a message without
an Error result succeeded. Results with MessageID 0 concern the whole document (e.g. not well-formed).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape, quoteattr

from ..domain.money import quantize

FEED_TYPE = "POST_PAYMENT_ADJUSTMENT_DATA"
CONTENT_TYPE = "text/xml; charset=UTF-8"
DOCUMENT_VERSION = "1.01"

# AdjustmentReason (18 values, spapi.md §6).
ADJUSTMENT_REASONS: tuple[str, ...] = (
    "NoInventory", "CustomerReturn", "GeneralAdjustment", "CouldNotShip", "DifferentItem", "Abandoned",
    "CustomerCancel", "PriceError", "ProductOutofStock", "CustomerAddressIncorrect", "Exchange", "Other",
    "CarrierCreditDecision", "RiskAssessmentInformationNotValid", "CarrierCoverageFailure", "TransactionRecord",
    "Undeliverable", "RefusedDelivery",
)  # fmt: skip
# ItemPriceAdjustments Component Type (16 values); also the order components are written in.
COMPONENT_TYPES: tuple[str, ...] = (
    "Principal", "Shipping", "Tax", "ShippingTax", "RestockingFee", "RestockingFeeTax", "GiftWrap", "GiftWrapTax",
    "Surcharge", "ReturnShipping", "Goodwill", "ExportCharge", "COD", "CODTax", "Other",
    "FreeReplacementReturnShipping",
)  # fmt: skip
# Deductions from what the buyer gets back: entered as negative amounts.
DEDUCTION_TYPES = frozenset({"RestockingFee", "RestockingFeeTax", "ReturnShipping"})

ORDER_ADJUSTMENT_CHILDREN = ("AmazonOrderID", "ActionType", "AdjustedItem")
ADJUSTED_ITEM_CHILDREN = (
    "AmazonOrderItemCode", "MerchantAdjustmentItemID", "AdjustmentReason", "ItemPriceAdjustments", "Quantity",
)  # fmt: skip


@dataclass(frozen=True)
class AdjustmentMessage:
    """One refund adjustment of one order item (one Message of the feed)."""

    message_id: int
    amazon_order_id: str
    order_item_id: str
    merchant_adjustment_item_id: str
    adjustment_reason: str
    components: Mapping[str, Decimal]
    currency: str
    quantity: int | None = None


def format_amount(amount: Decimal, currency: str) -> str:
    """``Decimal("19.9")`` → ``"19.90"``; JPY ``"1200"``; deductions keep their minus sign. Never exponent form."""
    return format(quantize(Decimal(amount), currency), "f")


def _check(message: AdjustmentMessage) -> None:
    """Programming errors only: the refunds service validated the content before it was queued."""
    if message.message_id < 1:
        raise ValueError(f"MessageID must be positive: {message.message_id}")
    if not message.amazon_order_id or not message.order_item_id or not message.merchant_adjustment_item_id:
        raise ValueError("order id, order item id and MerchantAdjustmentItemID are required")
    if message.adjustment_reason not in ADJUSTMENT_REASONS:
        raise ValueError(f"unknown AdjustmentReason {message.adjustment_reason!r}")
    unknown = [t for t in message.components if t not in COMPONENT_TYPES]
    if unknown:
        raise ValueError(f"unknown component type(s) {unknown}")
    if not any(Decimal(v) for v in message.components.values()):
        raise ValueError("an adjustment needs at least one non-zero component")
    if message.quantity is not None and message.quantity < 1:
        raise ValueError(f"Quantity must be positive: {message.quantity}")


def build_feed(merchant_identifier: str, messages: Sequence[AdjustmentMessage]) -> bytes:
    """The UTF-8 AmazonEnvelope (MessageType OrderAdjustment) for ``messages``, in their order."""
    if not messages:
        raise ValueError("a feed needs at least one message")
    ids = [m.message_id for m in messages]
    if len(set(ids)) != len(ids):
        raise ValueError("MessageIDs must be unique within a feed")
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<AmazonEnvelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:noNamespaceSchemaLocation="amzn-envelope.xsd">',
        f"<Header><DocumentVersion>{DOCUMENT_VERSION}</DocumentVersion>"
        f"<MerchantIdentifier>{escape(merchant_identifier)}</MerchantIdentifier></Header>",
        "<MessageType>OrderAdjustment</MessageType>",
    ]
    for message in messages:
        _check(message)
        currency = quoteattr(message.currency)
        components = "".join(
            f"<Component><Type>{ctype}</Type><Amount currency={currency}>"
            f"{format_amount(message.components[ctype], message.currency)}</Amount></Component>"
            for ctype in COMPONENT_TYPES
            if ctype in message.components and Decimal(message.components[ctype])
        )
        quantity = f"<Quantity>{message.quantity}</Quantity>" if message.quantity is not None else ""
        lines.append(
            f"<Message><MessageID>{message.message_id}</MessageID><OrderAdjustment>"
            f"<AmazonOrderID>{escape(message.amazon_order_id)}</AmazonOrderID><ActionType>Refund</ActionType>"
            f"<AdjustedItem><AmazonOrderItemCode>{escape(message.order_item_id)}</AmazonOrderItemCode>"
            f"<MerchantAdjustmentItemID>{escape(message.merchant_adjustment_item_id)}</MerchantAdjustmentItemID>"
            f"<AdjustmentReason>{message.adjustment_reason}</AdjustmentReason>"
            f"<ItemPriceAdjustments>{components}</ItemPriceAdjustments>{quantity}</AdjustedItem>"
            "</OrderAdjustment></Message>"
        )
    lines.append("</AmazonEnvelope>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def merchant_adjustment_item_ids(data: bytes | str) -> list[str]:
    """Every MerchantAdjustmentItemID in a feed document, in order (tests and support tools)."""
    root = ET.fromstring(data.encode("utf-8") if isinstance(data, str) else data)
    return [(e.text or "").strip() for e in root.iter("MerchantAdjustmentItemID")]


# -- the processing report ----------------------------------------------------------------------------------------


class ReportFormatError(ValueError):
    """The document is not a processing report (garbled download, an error page instead of the report …)."""


@dataclass(frozen=True)
class MessageResult:
    message_id: int  # 0: the whole document
    result_code: str  # Error | Warning
    message_code: str  # ResultMessageCode
    description: str
    amazon_order_id: str | None = None

    @property
    def is_error(self) -> bool:
        return self.result_code.lower() == "error"


@dataclass(frozen=True)
class ProcessingReport:
    document_transaction_id: str | None
    status_code: str | None
    processed: int
    successful: int
    with_error: int
    with_warning: int
    results: tuple[MessageResult, ...]

    @property
    def document_errors(self) -> list[MessageResult]:
        """Errors about the whole document (MessageID 0): then no message was applied."""
        return [r for r in self.results if r.message_id == 0 and r.is_error]

    def errors_for(self, message_id: int) -> list[MessageResult]:
        return [r for r in self.results if r.message_id == message_id and r.is_error]

    def succeeded(self, message_id: int) -> bool:
        """A message succeeded unless it (or the whole document) has an Error result."""
        return not self.document_errors and not self.errors_for(message_id)


def _text(element: ET.Element | None, path: str) -> str | None:
    found = element.find(path) if element is not None else None
    return (found.text or "").strip() if found is not None else None


def _int(value: str | None, default: int = 0) -> int:
    try:
        return int(value) if value not in (None, "") else default
    except ValueError:
        raise ReportFormatError(f"not a number: {value!r}") from None


def parse_processing_report(data: bytes | str) -> ProcessingReport:
    """Parse Amazon's feed processing report; :class:`ReportFormatError` if it is not one."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    try:
        root = ET.fromstring(raw)
    except ET.ParseError as exc:
        raise ReportFormatError(f"processing report is not well-formed XML ({exc})") from None
    report = root.find("Message/ProcessingReport") if root.tag == "AmazonEnvelope" else None
    if report is None and root.tag == "ProcessingReport":
        report = root
    if report is None:
        raise ReportFormatError(f"not a processing report (root element {root.tag!r})")
    summary = report.find("ProcessingSummary")
    results = []
    for result in report.findall("Result"):
        results.append(
            MessageResult(
                message_id=_int(_text(result, "MessageID")),
                result_code=_text(result, "ResultCode") or "Error",
                message_code=_text(result, "ResultMessageCode") or "",
                description=_text(result, "ResultDescription") or "",
                amazon_order_id=_text(result, "AdditionalInfo/AmazonOrderID"),
            )
        )
    return ProcessingReport(
        document_transaction_id=_text(report, "DocumentTransactionID"),
        status_code=_text(report, "StatusCode"),
        processed=_int(_text(summary, "MessagesProcessed")),
        successful=_int(_text(summary, "MessagesSuccessful")),
        with_error=_int(_text(summary, "MessagesWithError")),
        with_warning=_int(_text(summary, "MessagesWithWarning")),
        results=tuple(results),
    )
