"""The evidence package (证据包) of a case: what is there, and what its claim type still needs.

Plain data, built by :mod:`acorn_desktop.services.evidence` from the store and read by the case detail pane,
letters and the PDF builder. Nothing here touches the database or Qt.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal

from .claims import ClaimType

_EARLIEST = datetime.min.replace(tzinfo=UTC)


class EvidenceKind(enum.StrEnum):
    SHIPPING_PROOF = "shipping_proof"  # carrier + tracking number + ship date
    DELIVERY_SCAN = "delivery_scan"  # the carrier's delivered scan (date, place)
    RETURN_TRACKING = "return_tracking"  # the buyer's return parcel: carrier + tracking (+ delivery to us)
    REFUND_RECORD = "refund_record"  # a refund Amazon posted (Finances) or one we submitted
    BUYER_MESSAGE = "buyer_message"  # an excerpt of the buyer's messages (forwarded e-mail)
    PHOTO = "photo"  # attached image (item, packaging, damage)
    DOCUMENT = "document"  # attached PDF or other file (invoice, carrier statement…)

    @property
    def label_zh(self) -> str:
        return _LABELS[self][0]

    @property
    def label_en(self) -> str:
        return _LABELS[self][1]

    @property
    def missing_zh(self) -> str:
        """The Chinese line shown when a claim needs this and the case lacks it."""
        return _LABELS[self][2]

    @property
    def missing_en(self) -> str:
        return _LABELS[self][3]

    @property
    def action_zh(self) -> str:
        """What to do about it, in Chinese ("导入承运商物流记录或手动填写签收时间")."""
        return _ACTIONS[self][0]

    @property
    def action_en(self) -> str:
        return _ACTIONS[self][1]

    def missing_line(self, lang: str = "zh_CN") -> str:
        """The missing-evidence line with what to do: "缺少签收证明:导入承运商物流记录或手动填写签收时间"."""
        if lang.startswith("en"):
            return f"{self.missing_en}: {self.action_en}"
        return f"{self.missing_zh}:{self.action_zh}"


_LABELS = {
    EvidenceKind.SHIPPING_PROOF: ("发货证明", "Shipping proof", "缺少发货证明(承运商与物流单号)",
                                  "Missing shipping proof (carrier and tracking number)"),
    EvidenceKind.DELIVERY_SCAN: ("签收证明", "Proof of delivery", "缺少签收证明", "Missing proof of delivery"),
    EvidenceKind.RETURN_TRACKING: ("退货物流", "Return tracking", "缺少退货物流信息", "Missing return tracking"),
    EvidenceKind.REFUND_RECORD: ("退款记录", "Refund record", "缺少退款记录", "Missing refund record"),
    EvidenceKind.BUYER_MESSAGE: ("买家沟通记录", "Buyer messages", "缺少买家沟通记录", "Missing buyer messages"),
    EvidenceKind.PHOTO: ("照片", "Photos", "缺少商品或包装照片", "Missing photos of the item or packaging"),
    EvidenceKind.DOCUMENT: ("文件", "Documents", "缺少相关文件", "Missing documents"),
}  # fmt: skip

_ACTIONS = {
    EvidenceKind.SHIPPING_PROOF: ("同步订单包裹、导入承运商物流记录或手动填写承运商和物流单号",
                                  "sync the order's packages, import the carrier's tracking export or enter carrier "
                                  "and tracking number by hand"),
    EvidenceKind.DELIVERY_SCAN: ("导入承运商物流记录或手动填写签收时间",
                                 "import the carrier's tracking export or enter the delivery date by hand"),
    EvidenceKind.RETURN_TRACKING: ("同步退货报告,或手动填写退货包裹的承运商和物流单号",
                                   "sync the returns report, or enter the return parcel's carrier and tracking number"),
    EvidenceKind.REFUND_RECORD: ("同步财务事件;如已在卖家后台退款,请附上退款截图",
                                 "sync the financial events; if you refunded in Seller Central, attach a screenshot"),
    EvidenceKind.BUYER_MESSAGE: ("导入与买家往来的转发邮件,或附上沟通截图",
                                 "import the forwarded buyer e-mails, or attach a screenshot of the messages"),
    EvidenceKind.PHOTO: ("添加商品和包装照片(类别:照片)", "add photos of the item and packaging (category: photo)"),
    EvidenceKind.DOCUMENT: ("添加相关文件(发票、承运商证明等)", "add the documents (invoice, carrier statement…)"),
}  # fmt: skip

# What each claim type needs to be argued (domain.md §1.1 info to provide, §1.2 chargeback representment).
REQUIRED: dict[ClaimType, tuple[EvidenceKind, ...]] = {
    ClaimType.ATOZ_NOT_RECEIVED: (EvidenceKind.SHIPPING_PROOF, EvidenceKind.DELIVERY_SCAN),
    ClaimType.ATOZ_NOT_AS_DESCRIBED: (EvidenceKind.SHIPPING_PROOF, EvidenceKind.BUYER_MESSAGE, EvidenceKind.PHOTO),
    ClaimType.ATOZ_RETURN_NOT_REFUNDED: (EvidenceKind.RETURN_TRACKING, EvidenceKind.REFUND_RECORD),
    ClaimType.CHARGEBACK_UNAUTHORISED: (EvidenceKind.SHIPPING_PROOF, EvidenceKind.DELIVERY_SCAN),
    ClaimType.CHARGEBACK_NOT_RECEIVED: (EvidenceKind.SHIPPING_PROOF, EvidenceKind.DELIVERY_SCAN),
    ClaimType.CHARGEBACK_NOT_AS_DESCRIBED: (EvidenceKind.SHIPPING_PROOF, EvidenceKind.BUYER_MESSAGE),
}


@dataclass(frozen=True, slots=True)
class Scan:
    at: datetime
    code: str  # e.g. DELIVERED, IN_TRANSIT, PICKED_UP
    location: str = ""
    description: str = ""


@dataclass(frozen=True, slots=True)
class ShipmentFacts:
    direction: str  # outbound | return
    carrier: str
    tracking_number: str
    shipping_service: str | None = None
    shipped_at: datetime | None = None
    delivered_at: datetime | None = None
    status: str | None = None
    source: str = ""
    scans: tuple[Scan, ...] = ()


@dataclass(frozen=True, slots=True)
class RefundFacts:
    posted_at: datetime
    amount: Decimal  # positive: given back to the buyer
    currency: str
    source: str  # finances | outbox
    reference: str = ""  # adjustment id / feed id


@dataclass(frozen=True, slots=True)
class MessageExcerpt:
    received_at: datetime | None
    subject: str
    excerpt: str  # a short, PII-reduced quote of the buyer's words
    inbound_message_id: int | None = None


@dataclass(frozen=True, slots=True)
class AttachmentFacts:
    attachment_id: int
    category: str
    filename: str
    media_type: str
    size: int


@dataclass(frozen=True)
class EvidencePackage:
    case_id: int
    claim_type: ClaimType | None
    shipments: tuple[ShipmentFacts, ...] = ()
    refunds: tuple[RefundFacts, ...] = ()
    messages: tuple[MessageExcerpt, ...] = ()
    attachments: tuple[AttachmentFacts, ...] = ()
    present: frozenset[EvidenceKind] = field(default_factory=frozenset)

    @property
    def missing(self) -> tuple[EvidenceKind, ...]:
        """What the claim type needs and the case lacks, in the order of :data:`REQUIRED`."""
        if self.claim_type is None:
            return ()
        return tuple(kind for kind in REQUIRED[self.claim_type] if kind not in self.present)

    @property
    def outbound(self) -> ShipmentFacts | None:
        """The outbound parcel a letter quotes: a delivered one first, else the latest shipped."""
        out = [s for s in self.shipments if s.direction == "outbound"]
        delivered = [s for s in out if s.delivered_at is not None]
        pool = delivered or out
        return max(pool, key=lambda s: s.shipped_at or s.delivered_at or _EARLIEST) if pool else None
