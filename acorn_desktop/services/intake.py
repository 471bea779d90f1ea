"""Intake: what Amazon reports becomes stored facts and cases (工单), idempotently.

Used by the sync engine for Finances events (and later by the e-mail, report and CSV importers). Runs
inside the caller's transaction; the caller writes the audit entry for the batch (with the request id).
A case is identified by (account, kind, source_ref); seeing the same event again changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Session

from ..domain.cases import CaseKind, CaseState, can_transition
from ..models import Case, CaseEvent, FinancialEvent, Order, SellerAccount
from ..models.base import utcnow
from ..storage.upsert import insert_ignoring_duplicates
from ..sync.finance_events import EventRow

APPEAL_WINDOW = timedelta(days=30)  # domain.md §1.1: appeal within 30 calendar days of the grant/debit

# What a Finances event says has happened to its case.
OUTCOME = {
    CaseKind.REFUND: CaseState.REFUNDED,
    CaseKind.ATOZ_CLAIM: CaseState.LOST,  # a GuaranteeClaimEvent is the debit of a granted claim
    CaseKind.CHARGEBACK: CaseState.LOST,
    CaseKind.SAFET_CLAIM: CaseState.WON,
    CaseKind.REIMBURSEMENT: CaseState.WON,
}
_EVENT_LABEL = {
    "RefundEvent": ("退款已入账", "Refund posted"),
    "GuaranteeClaimEvent": ("A-to-z 索赔扣款", "A-to-z claim debited"),
    "ChargebackEvent": ("拒付扣款", "Chargeback debited"),
    "SAFETReimbursementEvent": ("SAFE-T 赔付到账", "SAFE-T reimbursed"),
    "AdjustmentEvent": ("FBA 赔偿到账", "FBA reimbursement posted"),
}


@dataclass
class IntakeResult:
    events_seen: int = 0
    events_new: int = 0
    cases_created: int = 0
    cases_updated: int = 0
    case_ids: set[int] = field(default_factory=set)

    def add(self, other: IntakeResult) -> None:
        self.events_seen += other.events_seen
        self.events_new += other.events_new
        self.cases_created += other.cases_created
        self.cases_updated += other.cases_updated
        self.case_ids |= other.case_ids


def source_ref(row: EventRow) -> str:
    return row.adjustment_id or f"digest:{row.raw_digest[:40]}"


def ingest_financial_events(session: Session, account: SellerAccount, rows: Iterable[EventRow]) -> IntakeResult:
    rows = list(rows)
    result = IntakeResult(events_seen=len(rows))
    if not rows:
        return result
    table = FinancialEvent.__table__
    digests = [r.raw_digest for r in rows]
    known = set(
        session.scalars(
            sa.select(table.c.raw_digest).where(table.c.account_id == account.id, table.c.raw_digest.in_(digests))
        )
    )
    fresh = [r for r in rows if r.raw_digest not in known]
    # the same event twice within one page counts once
    fresh = list({r.raw_digest: r for r in fresh}.values())
    if not fresh:
        return result
    default_market = account.marketplaces[0].code if account.marketplaces else None
    orders = _order_lookup(session, account.id, {r.amazon_order_id for r in fresh if r.amazon_order_id})

    case_ids: dict[str, int] = {}
    for row in fresh:
        if row.case_kind is not None:
            case, created = _apply_to_case(session, account, row, orders, default_market)
            case_ids[row.raw_digest] = case.id
            result.case_ids.add(case.id)
            if created:
                result.cases_created += 1
            else:
                result.cases_updated += 1
    now = utcnow()
    insert_ignoring_duplicates(
        session.connection(),
        table,
        [
            {
                "account_id": account.id, "event_type": r.event_type, "posted_at": r.posted_at,
                "amazon_order_id": r.amazon_order_id, "marketplace_code": r.marketplace_code, "sku": r.sku,
                "adjustment_id": r.adjustment_id, "amount": r.amount, "currency": r.currency or "XXX",
                "breakdown": r.breakdown, "raw_digest": r.raw_digest, "case_id": case_ids.get(r.raw_digest),
                "imported_at": now,
            }
            for r in fresh
        ],
        ["account_id", "raw_digest"],
    )  # fmt: skip
    result.events_new = len(fresh)
    return result


def _order_lookup(session: Session, account_id: int, order_ids: set[str]) -> dict[str, tuple[int, str]]:
    if not order_ids:
        return {}
    query = sa.select(Order.amazon_order_id, Order.id, Order.marketplace_code).where(
        Order.account_id == account_id, Order.amazon_order_id.in_(order_ids)
    )
    return {oid: (pk, market) for oid, pk, market in session.execute(query)}


def _apply_to_case(session, account, row: EventRow, orders, default_market) -> tuple[Case, bool]:
    kind = row.case_kind
    ref = source_ref(row)
    case = session.scalar(
        sa.select(Case).where(Case.account_id == account.id, Case.kind == kind, Case.source_ref == ref)
    )
    if case is None and kind is CaseKind.ATOZ_CLAIM and row.amazon_order_id:
        # The returns report may have flagged this claim first (it has no claim id: keyed by order).
        case = session.scalar(
            sa.select(Case).where(
                Case.account_id == account.id, Case.kind == kind, Case.source_ref == f"order:{row.amazon_order_id}"
            )
        )
    target = OUTCOME[kind]
    zh, en = _EVENT_LABEL.get(row.event_type, (row.event_type, row.event_type))
    money = f"{row.amount} {row.currency}"
    created = case is None
    if created:
        order = orders.get(row.amazon_order_id or "")
        case = Case(
            account_id=account.id,
            marketplace_code=row.marketplace_code or (order[1] if order else None) or default_market,
            order_id=order[0] if order else None,
            kind=kind,
            state=target,
            source="finances",
            source_ref=ref,
            amazon_order_id=row.amazon_order_id,
            sku=row.sku,
            asin=row.extra.get("asin"),
            reason_code=row.extra.get("reason_code") or row.extra.get("adjustment_type"),
            amount=abs(row.amount).quantize(Decimal("0.0001")),
            currency=row.currency or "XXX",
            opened_at=row.posted_at,
            deadline_at=row.posted_at + APPEAL_WINDOW if target is CaseState.LOST else None,
        )
        session.add(case)
        session.flush()
        session.add(
            CaseEvent(
                case_id=case.id,
                at=row.posted_at,
                kind="created",
                summary=f"{zh} {money} / {en}",
                data={"source": "finances", "event_type": row.event_type, "digest": row.raw_digest},
            )
        )
        return case, True
    summary = f"{zh} {money} / {en}"
    if case.state is not target and can_transition(case.state, target):
        summary = f"{summary}:{case.state.label_zh} → {target.label_zh}"
        case.state = target
        if target is CaseState.LOST:
            case.deadline_at = row.posted_at + APPEAL_WINDOW
    session.add(
        CaseEvent(
            case_id=case.id,
            at=row.posted_at,
            kind="sync",
            summary=summary,
            data={"source": "finances", "event_type": row.event_type, "digest": row.raw_digest},
        )
    )
    session.flush()
    return case, False
