"""Amazon's and our own codes as a person reads them, in the UI language (the data keep the codes).

Adjustment reasons and component types of a refund, carrier scan codes, order status and fulfilment
channel, and the timeline's event kinds. Every function returns the code itself for a code it does not
know, so a new Amazon value shows up as it is rather than disappearing. Translations come from the Qt
catalogue (context ``CodeLabels``); the English source strings are the ``--lang en`` texts.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def adjustment_reason_label(code: str | None) -> str:
    """Amazon's AdjustmentReason (POST_PAYMENT_ADJUSTMENT_DATA)."""
    labels = {
        "NoInventory": QCoreApplication.translate("CodeLabels", "No inventory"),
        "CustomerReturn": QCoreApplication.translate("CodeLabels", "Buyer return"),
        "GeneralAdjustment": QCoreApplication.translate("CodeLabels", "General adjustment (partial refund)"),
        "CouldNotShip": QCoreApplication.translate("CodeLabels", "Could not ship"),
        "DifferentItem": QCoreApplication.translate("CodeLabels", "Different item sent"),
        "Abandoned": QCoreApplication.translate("CodeLabels", "Abandoned by the buyer"),
        "CustomerCancel": QCoreApplication.translate("CodeLabels", "Cancelled by the buyer"),
        "PriceError": QCoreApplication.translate("CodeLabels", "Price error"),
        "ProductOutofStock": QCoreApplication.translate("CodeLabels", "Out of stock"),
        "CustomerAddressIncorrect": QCoreApplication.translate("CodeLabels", "Buyer address incorrect"),
        "Exchange": QCoreApplication.translate("CodeLabels", "Exchange"),
        "Other": QCoreApplication.translate("CodeLabels", "Other"),
        "CarrierCreditDecision": QCoreApplication.translate("CodeLabels", "Carrier credit decision"),
        "RiskAssessmentInformationNotValid": QCoreApplication.translate(
            "CodeLabels", "Risk assessment information not valid"
        ),
        "CarrierCoverageFailure": QCoreApplication.translate("CodeLabels", "Carrier coverage failure"),
        "TransactionRecord": QCoreApplication.translate("CodeLabels", "Transaction record"),
        "Undeliverable": QCoreApplication.translate("CodeLabels", "Undeliverable"),
        "RefusedDelivery": QCoreApplication.translate("CodeLabels", "Delivery refused"),
    }
    return labels.get(code or "", code or "—")


def component_label(code: str) -> str:
    """Amazon's ItemPriceAdjustments component type."""
    labels = {
        "Principal": QCoreApplication.translate("CodeLabels", "Item price"),
        "Shipping": QCoreApplication.translate("CodeLabels", "Shipping"),
        "Tax": QCoreApplication.translate("CodeLabels", "Tax"),
        "ShippingTax": QCoreApplication.translate("CodeLabels", "Shipping tax"),
        "RestockingFee": QCoreApplication.translate("CodeLabels", "Restocking fee"),
        "RestockingFeeTax": QCoreApplication.translate("CodeLabels", "Restocking fee tax"),
        "GiftWrap": QCoreApplication.translate("CodeLabels", "Gift wrap"),
        "GiftWrapTax": QCoreApplication.translate("CodeLabels", "Gift wrap tax"),
        "Surcharge": QCoreApplication.translate("CodeLabels", "Surcharge"),
        "ReturnShipping": QCoreApplication.translate("CodeLabels", "Return shipping"),
        "Goodwill": QCoreApplication.translate("CodeLabels", "Goodwill"),
        "ExportCharge": QCoreApplication.translate("CodeLabels", "Export charge"),
        "COD": QCoreApplication.translate("CodeLabels", "Cash on delivery"),
        "CODTax": QCoreApplication.translate("CodeLabels", "Cash on delivery tax"),
        "Other": QCoreApplication.translate("CodeLabels", "Other"),
        "FreeReplacementReturnShipping": QCoreApplication.translate(
            "CodeLabels", "Return shipping of a free replacement"
        ),
    }
    return labels.get(code, code)


def scan_label(code: str) -> str:
    """A carrier scan code (as the shipment sources give them)."""
    labels = {
        "PICKED_UP": QCoreApplication.translate("CodeLabels", "Picked up"),
        "IN_TRANSIT": QCoreApplication.translate("CodeLabels", "In transit"),
        "OUT_FOR_DELIVERY": QCoreApplication.translate("CodeLabels", "Out for delivery"),
        "DELIVERED": QCoreApplication.translate("CodeLabels", "Delivered"),
        "EXCEPTION": QCoreApplication.translate("CodeLabels", "Delivery problem"),
        "RETURNED": QCoreApplication.translate("CodeLabels", "Returned to sender"),
        "ATTEMPTED": QCoreApplication.translate("CodeLabels", "Delivery attempted"),
    }
    return labels.get(code, code)


def order_status_label(status: str) -> str:
    """Amazon's order status (Orders API)."""
    labels = {
        "Pending": QCoreApplication.translate("CodeLabels", "Pending"),
        "Unshipped": QCoreApplication.translate("CodeLabels", "Unshipped"),
        "PartiallyShipped": QCoreApplication.translate("CodeLabels", "Partially shipped"),
        "Shipped": QCoreApplication.translate("CodeLabels", "Shipped"),
        "Delivered": QCoreApplication.translate("CodeLabels", "Delivered"),
        "Canceled": QCoreApplication.translate("CodeLabels", "Cancelled"),
        "Unfulfillable": QCoreApplication.translate("CodeLabels", "Unfulfillable"),
    }
    return labels.get(status, status)


def channel_label(channel: str | None) -> str:
    """Amazon's fulfilment channel: AFN = Amazon (FBA), MFN = the seller."""
    if channel == "AFN":
        return QCoreApplication.translate("CodeLabels", "Fulfilled by Amazon (FBA)")
    if channel == "MFN":
        return QCoreApplication.translate("CodeLabels", "Seller fulfilled")
    return channel or "—"


def timeline_kind_label(kind: str) -> str | None:
    """The timeline event kinds the case detail's own list does not name (None: not one of these)."""
    labels = {
        "approval_requested": QCoreApplication.translate("CodeLabels", "Approval requested"),
        "refund": QCoreApplication.translate("CodeLabels", "Refund"),
        "letter": QCoreApplication.translate("CodeLabels", "Appeal letter"),
    }
    return labels.get(kind)
