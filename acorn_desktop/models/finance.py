"""What Amazon reports about money and returns: financial events, return records, settlement lines.

Each row keeps a SHA-256 digest of the raw payload it was normalised from; the digest is unique per
account, which is what makes re-syncing the same page a no-op.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from .base import Amount, Base, UTCDateTime, utcnow


class FinancialEvent(Base):
    __tablename__ = "financial_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(sa.ForeignKey("seller_accounts.id", ondelete="CASCADE"))
    event_type: Mapped[str] = mapped_column(sa.String(40))  # RefundEvent, GuaranteeClaimEvent, ChargebackEvent…
    posted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    amazon_order_id: Mapped[str | None] = mapped_column(sa.String(32))
    marketplace_code: Mapped[str | None] = mapped_column(sa.ForeignKey("marketplaces.code"))
    sku: Mapped[str | None] = mapped_column(sa.String(64))
    adjustment_id: Mapped[str | None] = mapped_column(sa.String(64))
    amount: Mapped[Decimal] = mapped_column(Amount)
    currency: Mapped[str] = mapped_column(sa.String(3))
    breakdown: Mapped[dict | None] = mapped_column(sa.JSON)  # {"Principal": "-19.99", "Tax": "-3.80", …}
    raw_digest: Mapped[str] = mapped_column(sa.String(64))
    case_id: Mapped[int | None] = mapped_column(sa.ForeignKey("cases.id", ondelete="SET NULL"), index=True)
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        sa.UniqueConstraint("account_id", "raw_digest"),
        sa.Index(None, "amazon_order_id"),
        sa.Index(None, "event_type", "posted_at"),
    )


class ReturnRecord(Base):
    """A row of the FBA customer returns or MFN returns report."""

    __tablename__ = "return_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(sa.ForeignKey("seller_accounts.id", ondelete="CASCADE"))
    report_type: Mapped[str] = mapped_column(sa.String(64))
    amazon_order_id: Mapped[str] = mapped_column(sa.String(32))
    marketplace_code: Mapped[str | None] = mapped_column(sa.ForeignKey("marketplaces.code"))
    return_date: Mapped[datetime] = mapped_column(UTCDateTime)
    rma_id: Mapped[str | None] = mapped_column(sa.String(64))
    sku: Mapped[str | None] = mapped_column(sa.String(64))
    asin: Mapped[str | None] = mapped_column(sa.String(10))
    quantity: Mapped[int] = mapped_column(default=1)
    reason: Mapped[str | None] = mapped_column(sa.String(120))
    status: Mapped[str | None] = mapped_column(sa.String(64))
    disposition: Mapped[str | None] = mapped_column(sa.String(64))
    in_policy: Mapped[bool | None]
    tracking_id: Mapped[str | None] = mapped_column(sa.String(64))
    atoz_claim: Mapped[bool] = mapped_column(default=False)
    safet_claim_id: Mapped[str | None] = mapped_column(sa.String(64))
    refunded_amount: Mapped[Decimal | None] = mapped_column(Amount)
    currency: Mapped[str | None] = mapped_column(sa.String(3))
    row_digest: Mapped[str] = mapped_column(sa.String(64))
    case_id: Mapped[int | None] = mapped_column(sa.ForeignKey("cases.id", ondelete="SET NULL"), index=True)

    __table_args__ = (sa.UniqueConstraint("account_id", "row_digest"), sa.Index(None, "amazon_order_id"))


class SettlementLine(Base):
    """A row of the V2 settlement flat file, amounts already parsed from the marketplace's locale."""

    __tablename__ = "settlement_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(sa.ForeignKey("seller_accounts.id", ondelete="CASCADE"))
    settlement_id: Mapped[str] = mapped_column(sa.String(32))
    transaction_type: Mapped[str | None] = mapped_column(sa.String(64))
    amazon_order_id: Mapped[str | None] = mapped_column(sa.String(32))
    adjustment_id: Mapped[str | None] = mapped_column(sa.String(64))
    marketplace_name: Mapped[str | None] = mapped_column(sa.String(64))
    amount_type: Mapped[str | None] = mapped_column(sa.String(64))
    amount_description: Mapped[str | None] = mapped_column(sa.String(120))
    amount: Mapped[Decimal] = mapped_column(Amount)
    currency: Mapped[str] = mapped_column(sa.String(3))
    posted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sku: Mapped[str | None] = mapped_column(sa.String(64))
    # The MerchantAdjustmentItemID a refund feed sent (RefundOutbox.adjustment_key): evidence naming THAT refund.
    merchant_adjustment_item_id: Mapped[str | None] = mapped_column(sa.String(80))
    row_digest: Mapped[str] = mapped_column(sa.String(64))

    __table_args__ = (
        sa.UniqueConstraint("account_id", "row_digest"),
        sa.Index(None, "settlement_id"),
        sa.Index(None, "amazon_order_id"),
        sa.Index(None, "account_id", "merchant_adjustment_item_id"),
    )


class UnreadableReportLine(Base):
    """A line of an Amazon report that could not be read: kept raw, with what is wrong as a code, until a person
    has dealt with it (the rest of its report was imported; nothing is skipped silently)."""

    __tablename__ = "unreadable_report_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int | None] = mapped_column(sa.ForeignKey("seller_accounts.id", ondelete="CASCADE"))
    report_type: Mapped[str] = mapped_column(sa.String(64))
    report_ref: Mapped[str] = mapped_column(sa.String(128))  # Amazon's report id, or the imported file's name
    line: Mapped[int]
    raw: Mapped[str] = mapped_column(sa.Text)
    problem: Mapped[str] = mapped_column(sa.String(16))  # report_parsers.UNREADABLE_CODES
    column_name: Mapped[str | None] = mapped_column(sa.String(64))
    value: Mapped[str | None] = mapped_column(sa.String(256))
    row_digest: Mapped[str] = mapped_column(sa.String(64))
    found_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_by: Mapped[str | None] = mapped_column(sa.String(64))

    __table_args__ = (
        sa.UniqueConstraint("account_id", "report_type", "row_digest"),
        sa.Index(None, "resolved_at", "found_at"),
    )
