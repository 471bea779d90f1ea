"""Marketplace policies, auto-decision rules, approvals and the refund outbox."""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from .base import Amount, Base, UTCDateTime, str_enum, utcnow


class MarketplacePolicy(Base):
    """One versioned clock or window (marketplace × event kind). A case keeps the row it was computed with."""

    __tablename__ = "marketplace_policies"

    id: Mapped[int] = mapped_column(primary_key=True)
    marketplace_code: Mapped[str] = mapped_column(sa.ForeignKey("marketplaces.code"))
    event_kind: Mapped[str] = mapped_column(sa.String(48))
    hours: Mapped[int] = mapped_column(default=0)
    business_days: Mapped[int] = mapped_column(default=0)
    source: Mapped[str] = mapped_column(sa.String(500))
    effective_from: Mapped[datetime] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(default=1)
    superseded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))

    __table_args__ = (sa.UniqueConstraint("marketplace_code", "event_kind", "version"),)


class Holiday(Base):
    """A public holiday of a marketplace's business-day calendar (weekends are implied)."""

    __tablename__ = "holidays"

    id: Mapped[int] = mapped_column(primary_key=True)
    marketplace_code: Mapped[str] = mapped_column(sa.ForeignKey("marketplaces.code"))
    day: Mapped[date] = mapped_column(sa.Date)
    name: Mapped[str] = mapped_column(sa.String(80))
    source: Mapped[str | None] = mapped_column(sa.String(300))

    __table_args__ = (sa.UniqueConstraint("marketplace_code", "day"),)


class RuleAction(enum.StrEnum):
    AUTO_APPROVE = "auto_approve"
    REQUIRE_LEVEL1 = "require_level1"
    REQUIRE_LEVEL2 = "require_level2"
    REJECT_SUGGEST = "reject_suggest"
    ASSIGN = "assign"


class DecisionRule(Base):
    __tablename__ = "decision_rules"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    position: Mapped[int]
    enabled: Mapped[bool] = mapped_column(default=False)
    conditions: Mapped[dict] = mapped_column(sa.JSON)
    action: Mapped[RuleAction] = mapped_column(str_enum(RuleAction))
    action_arg: Mapped[str | None] = mapped_column(sa.String(120))
    version: Mapped[int] = mapped_column(default=1)
    created_by: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    description: Mapped[str | None] = mapped_column(sa.String(500))
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # replaced by a newer version or deleted

    __table_args__ = (sa.Index(None, "enabled", "position"),)


class ApprovalStatus(enum.StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    RETURNED = "returned"  # returned for more information
    WITHDRAWN = "withdrawn"  # the requester took the request back before it was decided


class Approval(Base):
    __tablename__ = "approvals"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    level: Mapped[int] = mapped_column(default=1)
    status: Mapped[ApprovalStatus] = mapped_column(str_enum(ApprovalStatus), default=ApprovalStatus.PENDING)
    amount: Mapped[Decimal] = mapped_column(Amount)
    currency: Mapped[str] = mapped_column(sa.String(3))
    reason: Mapped[str] = mapped_column(sa.String(1000))
    rule_id: Mapped[int | None] = mapped_column(sa.ForeignKey("decision_rules.id", ondelete="SET NULL"))
    requested_by: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_by: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    comment: Mapped[str | None] = mapped_column(sa.String(1000))
    required_role: Mapped[str | None] = mapped_column(sa.String(16))  # e.g. "finance" for the second level
    rule_name: Mapped[str | None] = mapped_column(sa.String(120))  # the routing rule's name when it was routed
    adjustment_reason: Mapped[str | None] = mapped_column(sa.String(48))
    components: Mapped[dict | None] = mapped_column(sa.JSON)  # refund breakdown {"Principal": "19.99", …}

    __table_args__ = (sa.Index(None, "status", "requested_at"),)


class OutboxState(enum.StrEnum):
    INTENDED = "intended"
    SUBMITTING = "submitting"  # document uploaded, createFeed attempted: the outcome is read back, never retried blind
    SUBMITTED = "submitted"  # with the feedId OUR createFeed returned
    UNCONFIRMED = "unconfirmed"  # 待确认: Amazon's answer is unknown; evidence or a person decides
    DONE = "done"
    FAILED = "failed"  # our feed's processing report rejected this message


class RefundOutbox(Base):
    """One refund adjustment on its way to Amazon. ``adjustment_key`` is unique: it can never be sent twice."""

    __tablename__ = "refund_outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"), index=True)
    account_id: Mapped[int | None] = mapped_column(sa.ForeignKey("seller_accounts.id"))
    approval_id: Mapped[int | None] = mapped_column(sa.ForeignKey("approvals.id", ondelete="SET NULL"))
    marketplace_code: Mapped[str | None] = mapped_column(sa.String(8))
    order_item_id: Mapped[str | None] = mapped_column(sa.String(32))
    quantity: Mapped[int] = mapped_column(default=1, server_default="1")
    adjustment_key: Mapped[str] = mapped_column(sa.String(80), unique=True)
    state: Mapped[OutboxState] = mapped_column(str_enum(OutboxState), default=OutboxState.INTENDED)
    amazon_order_id: Mapped[str] = mapped_column(sa.String(32))
    adjustment_reason: Mapped[str] = mapped_column(sa.String(48))
    components: Mapped[dict] = mapped_column(sa.JSON)  # {"Principal": "19.99", "RestockingFee": "-2.00"}
    amount: Mapped[Decimal] = mapped_column(Amount)
    currency: Mapped[str] = mapped_column(sa.String(3))
    feed_document_id: Mapped[str | None] = mapped_column(sa.String(120))
    feed_id: Mapped[str | None] = mapped_column(sa.String(64))
    message_id: Mapped[int | None]
    error_message: Mapped[str | None] = mapped_column(sa.String(1000))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    attempted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # createFeed was about to be called
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    unconfirmed_reason: Mapped[str | None] = mapped_column(sa.String(32))  # a code, e.g. "create_unknown"
    unconfirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resend_requested_by: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    resend_requested_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (sa.Index(None, "state"), sa.Index(None, "account_id", "state"))
