"""Collect a case's evidence package (证据包) from the store: what is there, and what its claim type still lacks.

Read-only. Sources: shipments of the order (outbound with the carrier's scans; returns), the returns report's
return tracking, refunds Amazon posted for the order (Finances) or that we submitted (the refund outbox), the
buyer's words from imported e-mails linked to the case (``InboundMessage.facts["excerpt"]``), and the files
attached to the case (stored encrypted in the database).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Session

from ..domain.claims import ClaimType, claim_type_for
from ..domain.evidence import (
    AttachmentFacts,
    EvidenceKind,
    EvidencePackage,
    MessageExcerpt,
    RefundFacts,
    Scan,
    ShipmentFacts,
)
from ..models import (
    EvidenceAttachment,
    FinancialEvent,
    InboundMessage,
    OutboxState,
    RefundOutbox,
    ReturnRecord,
    Shipment,
)
from .changes import get_case

REFUND_EVENT_TYPES = ("RefundEvent",)
EXCERPT_MAX_CHARS = 600
_PHOTO_TYPES = ("image/",)


def _scans(raw: list | None) -> tuple[Scan, ...]:
    out = []
    for item in raw or []:
        try:
            at = datetime.fromisoformat(item["at"])
        except (KeyError, TypeError, ValueError):
            continue
        out.append(Scan(at.astimezone(UTC) if at.tzinfo else at.replace(tzinfo=UTC), str(item.get("code") or ""),
                        str(item.get("location") or ""), str(item.get("description") or "")))  # fmt: skip
    return tuple(sorted(out, key=lambda s: s.at))


def _shipment(row: Shipment) -> ShipmentFacts:
    scans = _scans(row.scans)
    delivered = row.delivered_at
    if delivered is None:
        delivered = next((s.at for s in reversed(scans) if s.code == "DELIVERED"), None)
    return ShipmentFacts(
        direction=row.direction, carrier=row.carrier, tracking_number=row.tracking_number,
        shipping_service=row.shipping_service, shipped_at=row.shipped_at, delivered_at=delivered,
        status=row.status, source=row.source, scans=scans,
    )  # fmt: skip


@dataclass(frozen=True)
class CaseEvidence:
    """The package plus what the screens and letters show next to it."""

    package: EvidencePackage
    delivered_to: str | None  # where the outbound parcel was delivered (from the carrier or a person)
    shipment_ids: tuple[int, ...]


def collect(session: Session, case_id: int, claim_type: ClaimType | None = None) -> CaseEvidence:
    case = get_case(session, case_id)
    claim = claim_type or claim_type_for(case.kind, case.reason_code)
    rows: list[Shipment] = []
    if case.amazon_order_id:
        rows = list(
            session.scalars(
                sa.select(Shipment)
                .where(Shipment.account_id == case.account_id, Shipment.amazon_order_id == case.amazon_order_id)
                .order_by(Shipment.shipped_at.is_(None), Shipment.shipped_at, Shipment.id)
            )
        )
    shipments = [_shipment(r) for r in rows]
    known = {(s.direction, s.tracking_number) for s in shipments}
    if case.amazon_order_id:  # return tracking from the returns report (MFN returns: the buyer's label)
        returns = session.execute(
            sa.select(ReturnRecord.tracking_id, ReturnRecord.return_date, ReturnRecord.status)
            .where(ReturnRecord.account_id == case.account_id, ReturnRecord.amazon_order_id == case.amazon_order_id,
                   ReturnRecord.tracking_id.is_not(None), ReturnRecord.tracking_id != "")
            .order_by(ReturnRecord.return_date)
        )  # fmt: skip
        for tracking, returned, status in returns:
            if ("return", tracking) not in known:
                known.add(("return", tracking))
                shipments.append(ShipmentFacts("return", "", tracking, shipped_at=returned, status=status,
                                               source="returns_report"))  # fmt: skip

    refunds: list[RefundFacts] = []
    if case.amazon_order_id:
        for posted, amount, currency, ref in session.execute(
            sa.select(FinancialEvent.posted_at, FinancialEvent.amount, FinancialEvent.currency,
                      FinancialEvent.adjustment_id)
            .where(FinancialEvent.account_id == case.account_id,
                   FinancialEvent.amazon_order_id == case.amazon_order_id,
                   FinancialEvent.event_type.in_(REFUND_EVENT_TYPES))
            .order_by(FinancialEvent.posted_at)
        ):  # fmt: skip
            refunds.append(RefundFacts(posted, abs(Decimal(amount)), currency, "finances", ref or ""))
        if not refunds:  # what we submitted, while Amazon has not posted it yet
            for at, amount, currency, feed in session.execute(
                sa.select(sa.func.coalesce(RefundOutbox.completed_at, RefundOutbox.submitted_at), RefundOutbox.amount,
                          RefundOutbox.currency, RefundOutbox.feed_id)
                .where(RefundOutbox.amazon_order_id == case.amazon_order_id,
                       RefundOutbox.state.in_([OutboxState.SUBMITTED, OutboxState.DONE]))
                .order_by(RefundOutbox.id)
            ):  # fmt: skip
                if at is not None:
                    refunds.append(RefundFacts(at, abs(Decimal(amount)), currency, "outbox", feed or ""))

    messages = []
    for message_id, received, subject, facts in session.execute(
        sa.select(InboundMessage.id, InboundMessage.received_at, InboundMessage.subject, InboundMessage.facts)
        .where(InboundMessage.case_id == case.id)
        .order_by(InboundMessage.received_at)
    ):
        excerpt = str((facts or {}).get("excerpt") or "").strip()
        if excerpt:
            messages.append(MessageExcerpt(received, subject, excerpt[:EXCERPT_MAX_CHARS], message_id))

    attachments = tuple(
        AttachmentFacts(*row)
        for row in session.execute(
            sa.select(EvidenceAttachment.id, EvidenceAttachment.category, EvidenceAttachment.filename,
                      EvidenceAttachment.media_type, EvidenceAttachment.size)
            .where(EvidenceAttachment.case_id == case.id)
            .order_by(EvidenceAttachment.added_at, EvidenceAttachment.id)
        )
    )  # fmt: skip

    package = EvidencePackage(
        case_id=case.id,
        claim_type=claim,
        shipments=tuple(shipments),
        refunds=tuple(refunds),
        messages=tuple(messages),
        attachments=attachments,
        present=frozenset(_present(shipments, refunds, messages, attachments)),
    )
    outbound = package.outbound
    delivered_to = None
    if outbound is not None:
        row = next((r for r in rows if r.tracking_number == outbound.tracking_number), None)
        delivered_to = row.delivered_to if row is not None else None
    return CaseEvidence(package, delivered_to, tuple(r.id for r in rows))


def collect_evidence(session: Session, case_id: int) -> EvidencePackage:
    """The evidence package of ``case_id`` (its claim type from the case's kind and reason)."""
    return collect(session, case_id).package


def _present(shipments, refunds, messages, attachments) -> set[EvidenceKind]:
    present: set[EvidenceKind] = set()
    for s in shipments:
        if s.direction == "outbound" and s.carrier and s.tracking_number:
            present.add(EvidenceKind.SHIPPING_PROOF)
            if s.delivered_at is not None:
                present.add(EvidenceKind.DELIVERY_SCAN)
        if s.direction == "return" and s.tracking_number:
            present.add(EvidenceKind.RETURN_TRACKING)
    if refunds:
        present.add(EvidenceKind.REFUND_RECORD)
    if messages:
        present.add(EvidenceKind.BUYER_MESSAGE)
    by_category = {
        "shipping_proof": EvidenceKind.SHIPPING_PROOF,
        "delivery_scan": EvidenceKind.DELIVERY_SCAN,
        "message": EvidenceKind.BUYER_MESSAGE,
        "photo": EvidenceKind.PHOTO,
    }
    for a in attachments:
        if a.category in by_category:
            present.add(by_category[a.category])
        if a.media_type.startswith(_PHOTO_TYPES):
            present.add(EvidenceKind.PHOTO)
        elif a.category not in ("photo", "message"):
            present.add(EvidenceKind.DOCUMENT)
    return present


class EvidenceServices:
    """The case detail pane's evidence card (runs on the DB worker)."""

    def __init__(self, store) -> None:
        self.store = store

    def package(self, case_id: int) -> CaseEvidence:
        with self.store.reader() as session:
            return collect(session, case_id)
