"""Cases (工单), their timeline and their evidence.

Queue columns (order id, SKU, ASIN, marketplace, amount) are copied onto the case row so the queue's
sort, filter and search are single-table indexed queries, never joins over a million rows.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..domain.cases import RESOLVED_STATES, CaseKind, CaseState
from .base import Amount, Base, UTCDateTime, str_enum, utcnow

# "Still open" as literal SQL, shared by the partial indexes and the queue's queries: SQLite and PostgreSQL
# only use a partial index when the query carries the same predicate with the same constants.
OPEN_PREDICATE = "state NOT IN ({})".format(", ".join(f"'{s.value}'" for s in sorted(RESOLVED_STATES)))


def _open_index(name: str, *columns: str) -> sa.Index:
    where = sa.text(OPEN_PREDICATE)
    return sa.Index(name, *columns, sqlite_where=where, postgresql_where=where)


class Case(Base):
    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(sa.ForeignKey("seller_accounts.id", ondelete="CASCADE"))
    marketplace_code: Mapped[str] = mapped_column(sa.ForeignKey("marketplaces.code"))
    order_id: Mapped[int | None] = mapped_column(sa.ForeignKey("orders.id", ondelete="SET NULL"))
    kind: Mapped[CaseKind] = mapped_column(str_enum(CaseKind))
    state: Mapped[CaseState] = mapped_column(str_enum(CaseState), default=CaseState.NEW)
    # Where the case came from (finances, returns_report, email, csv, manual, demo) and that source's own id
    # (claim id, RMA, adjustment id…). (account, kind, source_ref) is the de-duplication key.
    source: Mapped[str] = mapped_column(sa.String(24))
    source_ref: Mapped[str] = mapped_column(sa.String(80))
    amazon_order_id: Mapped[str | None] = mapped_column(sa.String(32))
    sku: Mapped[str | None] = mapped_column(sa.String(64))
    asin: Mapped[str | None] = mapped_column(sa.String(10))
    reason_code: Mapped[str | None] = mapped_column(sa.String(64))
    reason_text: Mapped[str | None] = mapped_column(sa.String(500))
    amount: Mapped[Decimal] = mapped_column(Amount)
    currency: Mapped[str] = mapped_column(sa.String(3))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime)
    deadline_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    policy_id: Mapped[int | None] = mapped_column(sa.ForeignKey("marketplace_policies.id"))
    # When the answer the clock asks for was given (a buyer reply marked sent, a claim answered): the clock stops.
    responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    risk_score: Mapped[int] = mapped_column(default=0)  # 0–100
    assignee_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)  # optimistic locking in team mode

    events: Mapped[list[CaseEvent]] = relationship(back_populates="case", order_by="CaseEvent.at")

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        sa.UniqueConstraint("account_id", "kind", "source_ref"),
        sa.Index("ix_cases_state_deadline", "state", "deadline_at"),
        sa.Index("ix_cases_kind_state_deadline", "kind", "state", "deadline_at"),
        sa.Index("ix_cases_marketplace_state_deadline", "marketplace_code", "state", "deadline_at"),
        sa.Index("ix_cases_account_state_deadline", "account_id", "state", "deadline_at"),
        sa.Index("ix_cases_assignee_deadline", "assignee_id", "deadline_at"),
        sa.Index("ix_cases_deadline", "deadline_at"),
        sa.Index("ix_cases_amazon_order_id", "amazon_order_id"),
        sa.Index("ix_cases_sku", "sku"),
        sa.Index("ix_cases_asin", "asin"),
        sa.Index("ix_cases_amount", "amount"),
        sa.Index("ix_cases_risk", "risk_score"),
        sa.Index("ix_cases_order_id", "order_id"),
        # the open queue's access paths (partial: resolved cases are most of a long history)
        _open_index("ix_cases_open_deadline", "deadline_at", "id"),
        _open_index("ix_cases_open_marketplace_deadline", "marketplace_code", "deadline_at", "id"),
        _open_index("ix_cases_open_kind_deadline", "kind", "deadline_at", "id"),
        _open_index("ix_cases_open_account_deadline", "account_id", "deadline_at", "id"),
        _open_index("ix_cases_open_assignee_deadline", "assignee_id", "deadline_at", "id"),
    )


class CaseEvent(Base):
    """One line of a case's timeline: sync events, notes, decisions, state changes."""

    __tablename__ = "case_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    kind: Mapped[str] = mapped_column(sa.String(32))  # created, state_changed, note, sync, decision…
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    summary: Mapped[str] = mapped_column(sa.String(500))
    data: Mapped[dict | None] = mapped_column(sa.JSON)

    case: Mapped[Case] = relationship(back_populates="events")

    __table_args__ = (sa.Index(None, "case_id", "at"),)


class EvidenceAttachment(Base):
    """A file attached to a case. The bytes live inside the encrypted database, never as a plain file."""

    __tablename__ = "evidence_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    category: Mapped[str] = mapped_column(sa.String(32))  # shipping_proof, delivery_scan, photo, message…
    filename: Mapped[str] = mapped_column(sa.String(255))
    media_type: Mapped[str] = mapped_column(sa.String(100))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(sa.String(64))
    content: Mapped[bytes] = mapped_column(sa.LargeBinary, deferred=True)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    added_by: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
