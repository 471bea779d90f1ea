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
from ..domain.policy import APPEAL_EVENT
from ..formats.finance_events import EventRow
from ..models import Case, CaseEvent, FinancialEvent, Order, SellerAccount
from ..models.base import utcnow
from ..storage.upsert import insert_ignoring_duplicates
from . import notifications
from .policies import deadline_for_event

# Claims other sources may have opened before Finances reports them, keyed by order (``order:<id>``): the
# returns report's A-to-z flag and forwarded notification mails / the claims CSV / manual entry
# (``services/claim_intake``). The Finances event adopts such a case instead of opening a second one.
ORDER_KEYED = frozenset({CaseKind.ATOZ_CLAIM, CaseKind.CHARGEBACK})
APPEAL_WINDOW = timedelta(days=30)  # a lost chargeback: no sourced appeal clock, 30 days like A-to-z (domain.md §1.1)

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

    case_ids = _apply_to_cases(session, account, [r for r in fresh if r.case_kind is not None], orders,
                               default_market, result)  # fmt: skip
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


def _apply_to_cases(session, account, rows: list[EventRow], orders, default_market, result) -> dict[str, int]:
    """Create or advance the cases behind ``rows`` in bulk: one lookup, one multi-row insert, one event insert.

    Returns {event digest: case id}. Cases that already exist are changed through the ORM (their version
    column is the optimistic lock); new ones are inserted with RETURNING in parameter order.
    """
    if not rows:
        return {}

    def appeal(kind: CaseKind, market: str | None, at) -> tuple:
        """(deadline, policy_id) of the appeal once a case is lost: the marketplace's appeal clock if it has one."""
        event = APPEAL_EVENT.get(kind)
        found = deadline_for_event(session, event, market, at) if event is not None and market else None
        return found if found is not None else (at + APPEAL_WINDOW, None)

    refs = {source_ref(r) for r in rows}
    refs |= {f"order:{r.amazon_order_id}" for r in rows if r.case_kind in ORDER_KEYED and r.amazon_order_id}
    existing: dict[tuple[CaseKind, str], Case] = {
        (case.kind, case.source_ref): case
        for case in session.scalars(sa.select(Case).where(Case.account_id == account.id, Case.source_ref.in_(refs)))
    }
    events: list[dict] = []
    new_cases: list[dict] = []
    new_rows: list[EventRow] = []
    pending: dict[tuple[CaseKind, str], int] = {}  # key → index in new_cases (an event twice in one page)
    touched: dict[str, Case | int] = {}
    credited: list[int] = []  # cases this page moved to 已退款: their refund's requester is told
    for row in rows:
        kind, ref = row.case_kind, source_ref(row)
        case = existing.get((kind, ref))
        if case is None and kind in ORDER_KEYED and row.amazon_order_id:
            # The returns report or a notice may have reported this claim first (no claim id: keyed by order).
            case = existing.get((kind, f"order:{row.amazon_order_id}"))
        if case is not None:
            if _advance(case, row, events, appeal) is CaseState.REFUNDED:
                credited.append(case.id)
            touched[row.raw_digest] = case
            result.cases_updated += 1
        elif (kind, ref) in pending:
            touched[row.raw_digest] = pending[(kind, ref)]
            new_rows.append(row)
        else:
            pending[(kind, ref)] = len(new_cases)
            touched[row.raw_digest] = len(new_cases)
            new_cases.append(_new_case(account, row, ref, orders, default_market, appeal))
            new_rows.append(row)
            result.cases_created += 1
    new_ids: list[int] = []
    if new_cases:
        inserted = session.execute(
            sa.insert(Case).returning(Case.id, sort_by_parameter_order=True), new_cases
        ).scalars()
        new_ids = list(inserted)
        created: set[int] = set()
        for row in new_rows:
            index = pending[(row.case_kind, source_ref(row))]
            zh, en = _EVENT_LABEL.get(row.event_type, (row.event_type, row.event_type))
            summary = f"{zh} {row.amount} {row.currency} / {en}"
            events.append(_event_dict(new_ids[index], row, "sync" if index in created else "created", summary))
            created.add(index)
    session.flush()  # the ORM changes of existing cases (version-checked)
    for case_id in credited:
        notifications.refund_progress(session, case_id, notifications.REFUND_CREDITED)
    if events:
        session.execute(sa.insert(CaseEvent), events)
    case_ids = {}
    for digest, target in touched.items():
        case_ids[digest] = target.id if isinstance(target, Case) else new_ids[target]
    result.case_ids.update(case_ids.values())
    return case_ids


def _new_case(account, row: EventRow, ref: str, orders, default_market, appeal) -> dict:
    order = orders.get(row.amazon_order_id or "")
    target = OUTCOME[row.case_kind]
    market = row.marketplace_code or (order[1] if order else None) or default_market
    due, policy_id = appeal(row.case_kind, market, row.posted_at) if target is CaseState.LOST else (None, None)
    return {
        "account_id": account.id,
        "marketplace_code": market,
        "order_id": order[0] if order else None,
        "kind": row.case_kind,
        "state": target,
        "source": "finances",
        "source_ref": ref,
        "amazon_order_id": row.amazon_order_id,
        "sku": row.sku,
        "asin": row.extra.get("asin"),
        "reason_code": row.extra.get("reason_code") or row.extra.get("adjustment_type"),
        "reason_text": None,
        "amount": abs(row.amount).quantize(Decimal("0.0001")),
        "currency": row.currency or "XXX",
        "opened_at": row.posted_at,
        "deadline_at": due,
        "policy_id": policy_id,
    }


def _event_dict(case_id: int, row: EventRow, kind: str, summary: str) -> dict:
    return {
        "case_id": case_id, "at": row.posted_at, "kind": kind, "actor_id": None, "summary": summary[:500],
        "data": {"source": "finances", "event_type": row.event_type, "digest": row.raw_digest},
    }  # fmt: skip


def _advance(case: Case, row: EventRow, events: list[dict], appeal) -> CaseState | None:
    """An event for a case we already have: move it to the outcome if the state machine allows (returned)."""
    target = OUTCOME[row.case_kind]
    zh, en = _EVENT_LABEL.get(row.event_type, (row.event_type, row.event_type))
    summary = f"{zh} {row.amount} {row.currency} / {en}"
    if case.state is not target and can_transition(case.state, target):
        summary = f"{summary}:{case.state.label_zh} → {target.label_zh}"
        case.state = target
        if target is CaseState.LOST:
            case.deadline_at, case.policy_id = appeal(case.kind, case.marketplace_code, row.posted_at)
        events.append(_event_dict(case.id, row, "sync", summary))
        return target
    events.append(_event_dict(case.id, row, "sync", summary))
    return None
