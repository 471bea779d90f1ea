"""Reading cases: listing with filters and the per-kind/per-state summary."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Session

from ..domain.cases import RESOLVED_STATES, CaseKind, CaseState
from ..models import Case
from ..models.base import utcnow as utcnow_for_queries


@dataclass(frozen=True, slots=True)
class CaseRow:
    id: int
    kind: CaseKind
    state: CaseState
    marketplace: str
    amazon_order_id: str | None
    sku: str | None
    asin: str | None
    amount: Decimal
    currency: str
    reason_code: str | None
    opened_at: datetime
    deadline_at: datetime | None
    responded_at: datetime | None = None

    def as_json(self) -> dict:
        return {
            "id": self.id,
            "kind": self.kind.value,
            "state": self.state.value,
            "marketplace": self.marketplace,
            "amazon_order_id": self.amazon_order_id,
            "sku": self.sku,
            "asin": self.asin,
            "amount": str(self.amount),
            "currency": self.currency,
            "reason_code": self.reason_code,
            "opened_at": self.opened_at.isoformat(),
            "deadline_at": self.deadline_at.isoformat() if self.deadline_at else None,
            "responded_at": self.responded_at.isoformat() if self.responded_at else None,
        }


_ROW_COLUMNS = (
    Case.id,
    Case.kind,
    Case.state,
    Case.marketplace_code,
    Case.amazon_order_id,
    Case.sku,
    Case.asin,
    Case.amount,
    Case.currency,
    Case.reason_code,
    Case.opened_at,
    Case.deadline_at,
    Case.responded_at,
)


def list_cases(
    session: Session,
    *,
    kind: CaseKind | None = None,
    state: CaseState | None = None,
    limit: int | None = 200,
    after_id: int | None = None,
) -> list[CaseRow]:
    """Cases ordered by deadline (soonest first, no deadline last), then id; keyset-paged by id if asked."""
    query = sa.select(*_ROW_COLUMNS)
    if kind is not None:
        query = query.where(Case.kind == kind)
    if state is not None:
        query = query.where(Case.state == state)
    if after_id is not None:
        query = query.where(Case.id > after_id)
    query = query.order_by(Case.deadline_at.is_(None), Case.deadline_at, Case.id)
    if limit is not None:
        query = query.limit(limit)
    return [CaseRow(*row) for row in session.execute(query)]


@dataclass(frozen=True, slots=True)
class CaseSummary:
    total: int
    open: int
    overdue: int
    by_kind: dict[str, int]
    by_state: dict[str, int]


def case_summary(session: Session, now: datetime | None = None) -> CaseSummary:
    now = now or utcnow_for_queries()
    open_filter = Case.state.not_in([s.value for s in RESOLVED_STATES])
    by_kind = dict(session.execute(sa.select(Case.kind, sa.func.count()).group_by(Case.kind)).all())
    by_state = dict(session.execute(sa.select(Case.state, sa.func.count()).group_by(Case.state)).all())
    overdue = (
        session.scalar(
            sa.select(sa.func.count()).where(open_filter, Case.deadline_at < now, Case.responded_at.is_(None))
        )
        or 0
    )  # an answered case is not overdue: its clock stopped
    return CaseSummary(
        total=sum(by_state.values()),
        open=sum(n for s, n in by_state.items() if s.is_open),
        overdue=overdue,
        by_kind={k.value: n for k, n in by_kind.items()},
        by_state={s.value: n for s, n in by_state.items()},
    )
