"""Claims & letters (issue 6): imported e-mails, IMAP mailboxes, shipments with their scans, letters, buyer replies.

Everything a claim is argued with lives here, inside the encrypted database: the forwarded notification mail
(kept for a person to link when no template matched, purged on schedule because it may carry buyer names), the
shipping proof, the letters that were exported and the buyer replies that were marked sent.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, UTCDateTime, utcnow


class InboundMessage(Base):
    """One imported e-mail (a dropped ``.eml``, ``acorn import``, or an IMAP poll), imported once.

    ``content_sha256`` of the raw bytes is the de-duplication key: the same mail dropped twice, or seen again
    in the mailbox, is one row. ``status``: ``parsed`` (a template matched and the case was opened or updated),
    ``unparsed`` (no template matched: kept for a person to link, never dropped), ``linked`` (a person linked
    it to a case), ``ignored`` (a person said it is not a case).
    """

    __tablename__ = "inbound_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int | None] = mapped_column(sa.ForeignKey("seller_accounts.id", ondelete="SET NULL"))
    mailbox_id: Mapped[int | None] = mapped_column(sa.ForeignKey("mailboxes.id", ondelete="SET NULL"))
    channel: Mapped[str] = mapped_column(sa.String(16))  # eml | imap | paste | csv (a claims CSV row, no raw)
    message_id: Mapped[str | None] = mapped_column(sa.String(255))  # RFC 5322 Message-ID
    content_sha256: Mapped[str] = mapped_column(sa.String(64))
    received_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # the mail's Date header
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    subject: Mapped[str] = mapped_column(sa.String(500), default="")
    language: Mapped[str | None] = mapped_column(sa.String(8))
    template: Mapped[str | None] = mapped_column(sa.String(48))  # which notification format matched
    status: Mapped[str] = mapped_column(sa.String(16))
    error: Mapped[str | None] = mapped_column(sa.String(500))  # why it stayed unparsed (Chinese)
    case_id: Mapped[int | None] = mapped_column(sa.ForeignKey("cases.id", ondelete="SET NULL"), index=True)
    facts: Mapped[dict | None] = mapped_column(sa.JSON)  # order id, claim reason, amount, respond-by…
    raw: Mapped[bytes | None] = mapped_column(sa.LargeBinary, deferred=True)
    raw_purged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (sa.UniqueConstraint("content_sha256"), sa.Index(None, "status", "received_at"))


class Mailbox(Base):
    """An IMAP mailbox polled in the background. The password is in the OS keyring, never here."""

    __tablename__ = "mailboxes"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(80), unique=True)
    host: Mapped[str] = mapped_column(sa.String(255))
    port: Mapped[int]
    security: Mapped[str] = mapped_column(sa.String(8))  # ssl | starttls | none (loopback only)
    username: Mapped[str] = mapped_column(sa.String(255))
    folder: Mapped[str] = mapped_column(sa.String(255), default="INBOX")
    account_id: Mapped[int | None] = mapped_column(sa.ForeignKey("seller_accounts.id", ondelete="SET NULL"))
    enabled: Mapped[bool] = mapped_column(default=True)
    # Resume point: UIDs are only comparable while UIDVALIDITY stays the same.
    uidvalidity: Mapped[int | None] = mapped_column(sa.BigInteger)
    last_uid: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    last_polled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(sa.String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Shipment(Base):
    """A parcel of an order, outbound to the buyer or the buyer's return: carrier, tracking and its scans.

    Sources: the Orders API's packages (carrier, tracking, ship time), a carrier/ERP tracking export (CSV),
    manual entry, the demo seeder. ``scans`` is the carrier's event list, oldest first:
    ``[{"at": iso-8601 UTC, "code": "DELIVERED", "location": "Berlin, DE", "description": "Zugestellt"}]``.
    """

    __tablename__ = "shipments"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(sa.ForeignKey("seller_accounts.id", ondelete="CASCADE"))
    order_id: Mapped[int | None] = mapped_column(sa.ForeignKey("orders.id", ondelete="SET NULL"), index=True)
    amazon_order_id: Mapped[str] = mapped_column(sa.String(32))
    direction: Mapped[str] = mapped_column(sa.String(8), default="outbound")  # outbound | return
    carrier: Mapped[str] = mapped_column(sa.String(64))
    tracking_number: Mapped[str] = mapped_column(sa.String(64))
    shipping_service: Mapped[str | None] = mapped_column(sa.String(80))
    shipped_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    delivered_to: Mapped[str | None] = mapped_column(sa.String(120))  # where: city, "Haustür", "Nachbar"…
    status: Mapped[str | None] = mapped_column(sa.String(24))  # Amazon's PackageStatus or the carrier's
    source: Mapped[str] = mapped_column(sa.String(24))  # orders_api | csv | manual | demo
    package_ref: Mapped[str | None] = mapped_column(sa.String(64))
    scans: Mapped[list | None] = mapped_column(sa.JSON)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    __table_args__ = (
        sa.UniqueConstraint("account_id", "amazon_order_id", "tracking_number"),
        sa.Index(None, "amazon_order_id"),
    )


class Letter(Base):
    """An appeal / representation letter (申诉信) as exported: the edited text and a digest of the PDF."""

    __tablename__ = "letters"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    template_key: Mapped[str] = mapped_column(sa.String(48))
    language: Mapped[str] = mapped_column(sa.String(8))
    subject: Mapped[str] = mapped_column(sa.String(300))
    body: Mapped[str] = mapped_column(sa.Text)
    evidence_ids: Mapped[list | None] = mapped_column(sa.JSON)  # attachments packed into the PDF
    pdf_sha256: Mapped[str | None] = mapped_column(sa.String(64))
    pages: Mapped[int | None]
    internal: Mapped[bool] = mapped_column(default=False)  # the manager's copy with the Chinese summary page
    created_by: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class BuyerReply(Base):
    """A buyer reply prepared from a template (买家回复模板), checked, copied to Seller Central, marked sent."""

    __tablename__ = "buyer_replies"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    template_key: Mapped[str] = mapped_column(sa.String(48))
    language: Mapped[str] = mapped_column(sa.String(8))
    body: Mapped[str] = mapped_column(sa.Text)
    findings: Mapped[list | None] = mapped_column(sa.JSON)  # the messaging-policy check's warnings when sent
    created_by: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_by: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
