"""Intake of report rows: return records, settlement lines and the cases they open or update, idempotently.

Runs inside the caller's transaction (the report stream commits a whole document, its cases, its audit
entry and its cursor together). Rows are keyed by ``row_digest`` (unique per account, see
:mod:`acorn_desktop.formats.report_parsers`): a row seen again is an update of the fields Amazon changes later
(a return's status, the refunded amount, the A-to-z flag…), never a second row.

MFN return rows → cases (``source="returns_report"``):

* the **return request** case keyed by ``(account, return_request, Amazon RMA ID)`` — the same key the demo
  seeder and every other source use, so a seeded or already known return is updated, not duplicated. New
  ones get their marketplace's return-authorisation deadline and the policy row it came from
  (:func:`~acorn_desktop.services.policies.deadline_for`). When
  the report's status changes (Approved / Rejected / Closed) the case follows if the state machine allows it.
* ``A-to-Z Claim = Y`` → the order's **A-to-z** case gets a timeline entry; if there is none yet (the report
  carries no claim id) one is created keyed by ``order:<order id>``, opened when the sync saw the flag.
* a **SafeT claim id** → the SAFE-T case keyed by that claim id (the id Finances' SAFETReimbursementEvent
  carries too) gets a timeline entry, or is created.

FBA return rows are Amazon's to handle: they become return records linked to the order's return request case
(same order and SKU) when there is one, with a timeline entry; they open no case.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Session

from ..domain.cases import CaseKind, CaseState, can_transition
from ..domain.marketplaces import MARKETPLACES
from ..domain.money import quantize
from ..formats.report_parsers import FBA_RETURNS, MFN_RETURNS, FbaReturnRow, MfnReturnRow, SettlementReport
from ..models import Case, CaseEvent, Order, ReturnRecord, SellerAccount, SettlementLine
from ..storage.upsert import insert_ignoring_duplicates
from .intake import IntakeResult
from .policies import deadline_for

SOURCE = "returns_report"
LOOKUP_BATCH = 500

# The MFN report's "Return request status" → the return request case's state.
RETURN_STATUS_STATE = {
    "pending": CaseState.NEW,
    "requested": CaseState.NEW,
    "authorized": CaseState.APPROVED,
    "approved": CaseState.APPROVED,
    "rejected": CaseState.REJECTED,
    "closed": CaseState.CLOSED,
    "completed": CaseState.CLOSED,
}
SAFET_STATE = {"reimbursed": CaseState.WON, "granted": CaseState.WON, "won": CaseState.WON,
               "denied": CaseState.LOST, "rejected": CaseState.LOST, "lost": CaseState.LOST,
               "closed": CaseState.CLOSED}  # fmt: skip
_RECORD_MUTABLE = ("status", "disposition", "in_policy", "tracking_id", "atoz_claim", "safet_claim_id",
                   "refunded_amount", "quantity", "reason", "case_id")  # fmt: skip


# -- lookups ----------------------------------------------------------------------------------------------------


def _batched(values: Sequence, size: int = LOOKUP_BATCH):
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _orders(session: Session, account_id: int, order_ids: Iterable[str]) -> dict[str, tuple[int, str, str]]:
    """amazon order id → (orders.id, marketplace code, currency)."""
    ids = sorted(set(order_ids))
    out: dict[str, tuple[int, str, str]] = {}
    for batch in _batched(ids):
        query = sa.select(Order.amazon_order_id, Order.id, Order.marketplace_code, Order.currency).where(
            Order.account_id == account_id, Order.amazon_order_id.in_(batch)
        )
        out.update({oid: (pk, market, cur) for oid, pk, market, cur in session.execute(query)})
    return out


def _cases_by_ref(session: Session, account_id: int, kind: CaseKind, refs: Iterable[str]) -> dict[str, Case]:
    refs = sorted(set(refs))
    out: dict[str, Case] = {}
    for batch in _batched(refs):
        query = sa.select(Case).where(Case.account_id == account_id, Case.kind == kind, Case.source_ref.in_(batch))
        out.update({case.source_ref: case for case in session.scalars(query)})
    return out


def _cases_by_order(session: Session, account_id: int, kind: CaseKind, order_ids: Iterable[str]):
    ids = sorted(set(order_ids))
    out: dict[str, list[Case]] = {}
    for batch in _batched(ids):
        query = (
            sa.select(Case)
            .where(Case.account_id == account_id, Case.kind == kind, Case.amazon_order_id.in_(batch))
            .order_by(Case.id)
        )
        for case in session.scalars(query):
            out.setdefault(case.amazon_order_id, []).append(case)
    return out


def _records(session: Session, account_id: int, digests: Iterable[str]) -> dict[str, ReturnRecord]:
    digests = sorted(set(digests))
    out: dict[str, ReturnRecord] = {}
    for batch in _batched(digests):
        query = sa.select(ReturnRecord).where(ReturnRecord.account_id == account_id, ReturnRecord.row_digest.in_(batch))
        out.update({r.row_digest: r for r in session.scalars(query)})
    return out


class _Markets:
    """Which marketplace a report row belongs to: its order's, else the account's one with that currency."""

    def __init__(self, account: SellerAccount, orders: dict[str, tuple[int, str, str]]) -> None:
        self.codes = [m.code for m in account.marketplaces] or ["US"]
        self.orders = orders

    def of(self, order_id: str, currency: str | None) -> str:
        order = self.orders.get(order_id)
        if order is not None:
            return order[1]
        if currency:
            for code in self.codes:
                if MARKETPLACES[code].currency == currency:
                    return code
        return self.codes[0]

    def currency(self, order_id: str, currency: str | None) -> str:
        if currency:
            return currency
        order = self.orders.get(order_id)
        return order[2] if order else MARKETPLACES[self.of(order_id, None)].currency


def _event(session: Session, case: Case, at: datetime, kind: str, zh: str, en: str, data: dict) -> None:
    session.add(CaseEvent(case_id=case.id, at=at, kind=kind, summary=f"{zh} / {en}"[:500], data=data))


def _move(case: Case, target: CaseState | None) -> str:
    """Apply ``target`` when the state machine allows it; the timeline suffix describing the change."""
    if target is None or case.state is target or not can_transition(case.state, target):
        return ""
    text = f":{case.state.label_zh} → {target.label_zh}"
    case.state = target
    return text


def _store_records(session: Session, new: list[dict], changed: list[tuple[int, dict]]) -> None:
    insert_ignoring_duplicates(session.connection(), ReturnRecord.__table__, new, ["account_id", "row_digest"])
    table = ReturnRecord.__table__
    for record_id, values in changed:
        session.execute(sa.update(table).where(table.c.id == record_id).values(**values))


def _diff(record: ReturnRecord, values: dict) -> dict:
    return {k: values[k] for k in _RECORD_MUTABLE if getattr(record, k) != values[k]}


def _prepare(session: Session, account: SellerAccount, rows: Iterable):
    """Common start of a returns intake: the distinct rows, an empty result, stored records, marketplaces."""
    rows = list({r.row_digest: r for r in rows}.values())
    result = IntakeResult(events_seen=len(rows))
    if not rows:
        return rows, result, {}, None
    known = _records(session, account.id, (r.row_digest for r in rows))
    markets = _Markets(account, _orders(session, account.id, (r.amazon_order_id for r in rows)))
    return rows, result, known, markets


# -- MFN returns ------------------------------------------------------------------------------------------------


def ingest_mfn_returns(
    session: Session, account: SellerAccount, rows: Iterable[MfnReturnRow], *, seen_at: datetime
) -> IntakeResult:
    """Store MFN return rows and open/update their return request, A-to-z and SAFE-T cases (see module doc)."""
    rows, result, known, markets = _prepare(session, account, rows)
    if not rows:
        return result
    returns = _cases_by_ref(session, account.id, CaseKind.RETURN_REQUEST, (r.rma_id for r in rows))
    atoz = _cases_by_order(session, account.id, CaseKind.ATOZ_CLAIM, (r.amazon_order_id for r in rows if r.atoz_claim))
    safet = _cases_by_ref(
        session, account.id, CaseKind.SAFET_CLAIM, (r.safet_claim_id for r in rows if r.safet_claim_id)
    )

    def touched(case: Case, created: bool) -> None:
        if case.id in result.case_ids:
            return
        result.case_ids.add(case.id)
        if created:
            result.cases_created += 1
        else:
            result.cases_updated += 1

    new_records: list[dict] = []
    changed: list[tuple[int, dict]] = []
    for row in rows:
        prev = known.get(row.row_digest)
        first_sight = prev is None
        status_changed = first_sight or (prev.status or "") != (row.status or "")
        market = markets.of(row.amazon_order_id, row.currency)
        currency = markets.currency(row.amazon_order_id, row.currency)
        order = markets.orders.get(row.amazon_order_id)
        data = {"source": SOURCE, "report_type": MFN_RETURNS, "rma": row.rma_id, "status": row.status,
                "digest": row.row_digest}  # fmt: skip

        # the return request
        case = returns.get(row.rma_id)
        target = RETURN_STATUS_STATE.get((row.status or "").strip().lower())
        if case is None:
            due, policy_id = deadline_for(session, CaseKind.RETURN_REQUEST, market, row.return_date)
            case = Case(
                account_id=account.id, marketplace_code=market, order_id=order[0] if order else None,
                kind=CaseKind.RETURN_REQUEST, state=target or CaseState.NEW, source=SOURCE, source_ref=row.rma_id,
                amazon_order_id=row.amazon_order_id, sku=row.sku, asin=row.asin, reason_code=row.reason,
                amount=_return_amount(row, currency), currency=currency, opened_at=row.return_date,
                deadline_at=due, policy_id=policy_id,
            )  # fmt: skip
            session.add(case)
            session.flush()
            returns[row.rma_id] = case
            _event(session, case, row.return_date, "created",
                   f"退货报告:新退货申请 {row.rma_id}({row.status or '-'})",
                   f"Returns report: new return request {row.rma_id} ({row.status or '-'})", data)  # fmt: skip
            touched(case, True)
        elif status_changed:
            moved = _move(case, target)
            if first_sight:
                zh, en = f"退货报告:状态 {row.status or '-'}", f"Returns report: status {row.status or '-'}"
            else:
                zh = f"退货报告:状态 {prev.status or '-'} → {row.status or '-'}"
                en = f"Returns report: status {prev.status or '-'} → {row.status or '-'}"
            _event(session, case, seen_at, "sync", zh + moved, en, data)
            touched(case, False)

        # A-to-z claim flag
        if row.atoz_claim and (first_sight or not prev.atoz_claim):
            claims = atoz.get(row.amazon_order_id)
            if claims:
                for claim in claims:
                    _event(session, claim, seen_at, "sync",
                           f"退货报告显示该订单有 A-to-z 索赔(退货 {row.rma_id})",
                           f"Returns report flags an A-to-z claim on this order (return {row.rma_id})",
                           data)  # fmt: skip
                    touched(claim, False)
            else:
                due, policy_id = deadline_for(session, CaseKind.ATOZ_CLAIM, market, seen_at)
                claim = Case(
                    account_id=account.id, marketplace_code=market, order_id=order[0] if order else None,
                    kind=CaseKind.ATOZ_CLAIM, state=CaseState.NEW, source=SOURCE,
                    source_ref=f"order:{row.amazon_order_id}", amazon_order_id=row.amazon_order_id, sku=row.sku,
                    asin=row.asin, reason_code=row.reason, amount=_return_amount(row, currency),
                    currency=currency, opened_at=seen_at, deadline_at=due, policy_id=policy_id,
                )  # fmt: skip
                session.add(claim)
                session.flush()
                atoz[row.amazon_order_id] = [claim]
                _event(session, claim, seen_at, "created",
                       f"退货报告标记了 A-to-z 索赔(退货 {row.rma_id});索赔时间未知,按发现时间计算期限",
                       f"Returns report flags an A-to-z claim (return {row.rma_id}); claim time unknown, "
                       "deadline counted from when the sync saw it", data)  # fmt: skip
                touched(claim, True)

        # SAFE-T claim
        if row.safet_claim_id and (first_sight or prev.safet_claim_id != row.safet_claim_id):
            claim = safet.get(row.safet_claim_id)
            state_text = row.safet_claim_state or "-"
            safet_target = SAFET_STATE.get((row.safet_claim_state or "").strip().lower())
            if claim is None:
                opened = row.safet_claim_created or seen_at
                amount = row.safet_reimbursed if row.safet_reimbursed is not None else _return_amount(row, currency)
                due, policy_id = deadline_for(session, CaseKind.SAFET_CLAIM, market, opened)
                claim = Case(
                    account_id=account.id, marketplace_code=market, order_id=order[0] if order else None,
                    kind=CaseKind.SAFET_CLAIM, state=safet_target or CaseState.RESPONDED, source=SOURCE,
                    source_ref=row.safet_claim_id, amazon_order_id=row.amazon_order_id, sku=row.sku,
                    asin=row.asin, reason_code=row.safet_action_reason, amount=abs(amount), currency=currency,
                    opened_at=opened, deadline_at=due, policy_id=policy_id,
                )  # fmt: skip
                session.add(claim)
                session.flush()
                safet[row.safet_claim_id] = claim
                _event(session, claim, opened, "created",
                       f"退货报告:SAFE-T 索赔 {row.safet_claim_id}({state_text},退货 {row.rma_id})",
                       f"Returns report: SAFE-T claim {row.safet_claim_id} ({state_text}, return {row.rma_id})",
                       data)  # fmt: skip
                touched(claim, True)
            else:
                _event(session, claim, seen_at, "sync",
                       f"退货报告:SAFE-T 索赔状态 {state_text}(退货 {row.rma_id})",
                       f"Returns report: SAFE-T claim state {state_text} (return {row.rma_id})", data)  # fmt: skip
                touched(claim, False)

        values = {
            "status": row.status, "disposition": row.resolution, "in_policy": row.in_policy,
            "tracking_id": row.tracking_id, "atoz_claim": row.atoz_claim, "safet_claim_id": row.safet_claim_id,
            "refunded_amount": row.refunded_amount, "quantity": row.quantity, "reason": _cut(row.reason, 120),
            "case_id": case.id,
        }  # fmt: skip
        if first_sight:
            new_records.append({
                "account_id": account.id, "report_type": MFN_RETURNS, "amazon_order_id": row.amazon_order_id,
                "marketplace_code": market, "return_date": row.return_date, "rma_id": row.rma_id, "sku": row.sku,
                "asin": row.asin, "currency": currency, "row_digest": row.row_digest, **values,
            })  # fmt: skip
        else:
            diff = _diff(prev, values)
            if diff:
                changed.append((prev.id, diff))
    _store_records(session, new_records, changed)
    result.events_new = len(new_records)
    session.flush()
    return result


def _return_amount(row: MfnReturnRow, currency: str) -> Decimal:
    """What the return puts at stake: the refund if known, else the returned share of the order."""
    if row.refunded_amount is not None:
        return abs(row.refunded_amount)
    if row.order_amount is None:
        return Decimal(0)
    share = row.order_amount
    if row.order_quantity and row.quantity and row.order_quantity > row.quantity:
        share = row.order_amount * row.quantity / row.order_quantity
    return quantize(abs(share), currency)


def _cut(text: str | None, length: int) -> str | None:
    return text if text is None or len(text) <= length else text[: length - 1] + "…"


# -- FBA returns ------------------------------------------------------------------------------------------------


def ingest_fba_returns(
    session: Session, account: SellerAccount, rows: Iterable[FbaReturnRow], *, seen_at: datetime
) -> IntakeResult:
    """Store FBA return rows, linked to the order's return request case (same order + SKU) if there is one."""
    rows, result, known, markets = _prepare(session, account, rows)
    if not rows:
        return result
    returns = _cases_by_order(session, account.id, CaseKind.RETURN_REQUEST, (r.amazon_order_id for r in rows))
    new_records: list[dict] = []
    changed: list[tuple[int, dict]] = []
    for row in rows:
        prev = known.get(row.row_digest)
        candidates = returns.get(row.amazon_order_id, [])
        case = next((c for c in candidates if c.sku == row.sku), candidates[0] if candidates else None)
        values = {
            "status": row.status, "disposition": row.disposition, "in_policy": None, "tracking_id": None,
            "atoz_claim": False, "safet_claim_id": None, "refunded_amount": None, "quantity": row.quantity,
            "reason": _cut(row.reason, 120), "case_id": case.id if case else None,
        }  # fmt: skip
        status_changed = prev is None or (prev.status, prev.disposition) != (row.status, row.disposition)
        if case is not None and status_changed:
            _event(session, case, row.return_date if prev is None else seen_at, "sync",
                   f"FBA 退货已到仓:{row.disposition or '-'},{row.status or '-'}(数量 {row.quantity})",
                   f"FBA return received: {row.disposition or '-'}, {row.status or '-'} (qty {row.quantity})",
                   {"source": SOURCE, "report_type": FBA_RETURNS, "lpn": row.license_plate_number,
                    "digest": row.row_digest})  # fmt: skip
            if case.id not in result.case_ids:
                result.case_ids.add(case.id)
                result.cases_updated += 1
        if prev is None:
            currency = markets.orders[row.amazon_order_id][2] if row.amazon_order_id in markets.orders else None
            new_records.append({
                "account_id": account.id, "report_type": FBA_RETURNS, "amazon_order_id": row.amazon_order_id,
                "marketplace_code": markets.of(row.amazon_order_id, None), "return_date": row.return_date,
                "rma_id": None, "sku": row.sku, "asin": row.asin, "currency": currency,
                "row_digest": row.row_digest, **values,
            })  # fmt: skip
        else:
            diff = _diff(prev, values)
            if diff:
                changed.append((prev.id, diff))
    _store_records(session, new_records, changed)
    result.events_new = len(new_records)
    session.flush()
    return result


# -- settlements ------------------------------------------------------------------------------------------------


def ingest_settlement(session: Session, account: SellerAccount, report: SettlementReport) -> IntakeResult:
    """Store a settlement's transaction lines (the summary row is not a line). Lines already stored are kept."""
    rows = report.rows
    result = IntakeResult(events_seen=len(rows))
    if not rows:
        return result
    table = SettlementLine.__table__
    digests = [r.row_digest for r in rows]
    known: set[str] = set()
    for batch in _batched(digests):
        known.update(
            session.scalars(
                sa.select(table.c.row_digest).where(table.c.account_id == account.id, table.c.row_digest.in_(batch))
            )
        )
    fresh = [r for r in rows if r.row_digest not in known]
    insert_ignoring_duplicates(
        session.connection(),
        table,
        [
            {
                "account_id": account.id, "settlement_id": r.settlement_id, "transaction_type": r.transaction_type,
                "amazon_order_id": r.amazon_order_id, "adjustment_id": r.adjustment_id,
                "marketplace_name": r.marketplace_name, "amount_type": r.amount_type,
                "amount_description": _cut(r.amount_description, 120), "amount": r.amount, "currency": r.currency,
                "posted_at": r.posted_at, "sku": r.sku, "row_digest": r.row_digest,
                "merchant_adjustment_item_id": _cut(r.merchant_adjustment_item_id, 80),
            }
            for r in fresh
        ],
        ["account_id", "row_digest"],
    )  # fmt: skip
    result.events_new = len(fresh)
    return result
