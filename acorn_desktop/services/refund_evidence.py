"""Evidence from Amazon's own records that a 待确认 (unconfirmed) refund reached Amazon — matched here, moved by
:mod:`.refund_outbox`.

Two kinds of evidence are accepted, and only when they name THIS adjustment:

* a Finances ``RefundEvent`` for the row's order, item (SKU), currency and amount, posted after the upload, that
  no other adjustment or case can claim (:func:`resolve_by_refund_events`);
* settlement lines carrying the row's own ``merchant-adjustment-item-id`` (the MerchantAdjustmentItemID our feed
  sent) on its order (:func:`resolve_by_settlement_lines`). Their ``ItemPrice`` lines are what the buyer got back
  (negative); they must add up to the amount sent. Lines that name the adjustment with another amount leave it
  待确认 with the reason :data:`~.refund_outbox.SETTLEMENT_DIFFERS` for a person — Amazon has it, so it must not be
  sent again, and it is not what was approved either.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Session

from ..models import FinancialEvent, OutboxState, RefundOutbox, SettlementLine
from . import refund_outbox as outbox
from .changes import Actor
from .refunds import SETTLE_MARGIN, SYNC_ACTOR, _sku_of, settle_refunds

REFUND_TRANSACTION = "Refund"  # settlement transaction-type of a refund line
BUYER_AMOUNT_TYPE = "ItemPrice"  # principal, shipping, tax … given back; ItemFees are the commission returned


def resolve_unconfirmed(session: Session, account_id: int, who: Actor = SYNC_ACTOR, *, at: datetime) -> int:
    """Every kind of evidence, settlement lines first (they name the adjustment). Returns how many were resolved."""
    return resolve_by_settlement_lines(session, account_id, who, at=at) + resolve_by_refund_events(
        session, account_id, who, at=at
    )


def _unconfirmed(session: Session, account_id: int) -> list[RefundOutbox]:
    return list(
        session.scalars(
            sa.select(RefundOutbox)
            .where(RefundOutbox.account_id == account_id, RefundOutbox.state == OutboxState.UNCONFIRMED)
            .order_by(RefundOutbox.id)
            .with_for_update()
        )
    )


# -- settlement lines naming the adjustment ---------------------------------------------------------------------


def resolve_by_settlement_lines(session: Session, account_id: int, who: Actor = SYNC_ACTOR, *, at: datetime) -> int:
    rows = _unconfirmed(session, account_id)
    if not rows:
        return 0
    keys = [r.adjustment_key for r in rows]
    lines: dict[str, list[SettlementLine]] = defaultdict(list)
    for line in session.scalars(
        sa.select(SettlementLine).where(
            SettlementLine.account_id == account_id, SettlementLine.merchant_adjustment_item_id.in_(keys)
        )
    ):
        lines[line.merchant_adjustment_item_id].append(line)
    resolved = 0
    for row in rows:
        mine = [
            ln for ln in lines.get(row.adjustment_key, [])
            if ln.amazon_order_id == row.amazon_order_id and ln.transaction_type == REFUND_TRANSACTION
        ]  # fmt: skip
        if not mine:
            continue
        given = [ln for ln in mine if ln.amount_type == BUYER_AMOUNT_TYPE]
        back = -sum((ln.amount for ln in given), Decimal(0))
        currencies = {ln.currency for ln in given}
        settlements = sorted({ln.settlement_id for ln in mine})
        payload = {"settlement_ids": settlements, "settlement_line_ids": sorted(ln.id for ln in mine),
                   "settlement_amount": str(back)}  # fmt: skip
        if currencies == {row.currency} and back == row.amount:
            outbox.confirm_by_evidence(
                session, row, who, at=at, action="refund.confirmed_by_settlement", payload=payload,
                summary=f"退款 {row.adjustment_key} 由结算报告 {', '.join(settlements)} 证实"
                f" / {row.adjustment_key} confirmed by settlement {', '.join(settlements)}",
                timeline=f"亚马逊结算报告 {', '.join(settlements)} 证实了退款 {row.amount} {row.currency}"
                f" / the settlement report confirms the refund",
            )  # fmt: skip
            resolved += 1
        else:
            outbox.note_contrary_evidence(
                session, row, outbox.SETTLEMENT_DIFFERS, who, at=at, payload=payload,
                summary=f"结算报告 {', '.join(settlements)} 中调整 {row.adjustment_key} 的金额为"
                f" {back} {'/'.join(sorted(currencies))},所发为 {row.amount} {row.currency};请核对,切勿重发"
                f" / the settlement holds this adjustment as {back}, {row.amount} was sent: check, do not resend",
            )  # fmt: skip
    if resolved:
        settle_refunds(session, account_id, who)
    return resolved


# -- a RefundEvent that can only be this adjustment's -----------------------------------------------------------


def _components_match(row: RefundOutbox, event: FinancialEvent) -> bool:
    """The event's charge breakdown (negative = to the buyer) equals the adjustment's components."""
    if not event.breakdown:
        return True  # the amount, order, item and time already matched
    sent = {k: Decimal(v) for k, v in (row.components or {}).items() if Decimal(v)}
    got = {k: -Decimal(str(v)) for k, v in event.breakdown.items() if Decimal(str(v))}
    common = set(sent) & set(got)
    return all(sent[k] == got[k] for k in common)


def resolve_by_refund_events(session: Session, account_id: int, who: Actor = SYNC_ACTOR, *, at: datetime) -> int:
    """待确认 rows with a RefundEvent that can only be theirs → done (then settled as usual). Returns how many.

    The event must match the row's order, item (SKU), currency and amount, be posted after the upload, be linked
    to no other case with a refund, and be the only such event; and the row must be the only open or accepted
    adjustment of that order item and amount — otherwise the evidence does not name THIS adjustment and the
    row stays for a person.
    """
    rows = _unconfirmed(session, account_id)
    if not rows:
        return 0
    settle_refunds(session, account_id, who)  # accepted refunds take their own events first
    skus = _sku_of(session, account_id, rows)
    order_ids = {r.amazon_order_id for r in rows}
    events = list(
        session.scalars(
            sa.select(FinancialEvent).where(
                FinancialEvent.account_id == account_id, FinancialEvent.event_type == "RefundEvent",
                FinancialEvent.amazon_order_id.in_(order_ids),
            )
        )
    )  # fmt: skip
    siblings = list(
        session.execute(
            sa.select(RefundOutbox.id, RefundOutbox.amazon_order_id, RefundOutbox.order_item_id, RefundOutbox.amount)
            .where(RefundOutbox.account_id == account_id, RefundOutbox.amazon_order_id.in_(order_ids))
            .where(RefundOutbox.state != OutboxState.FAILED)
        )
    )
    outbox_cases = set(
        session.scalars(sa.select(RefundOutbox.case_id).where(RefundOutbox.amazon_order_id.in_(order_ids)))
    )
    resolved = 0
    for row in rows:
        if row.unconfirmed_reason == outbox.SETTLEMENT_DIFFERS:
            continue  # the settlement names this adjustment with another amount: a person decides
        if any(i != row.id and (o, it, a) == (row.amazon_order_id, row.order_item_id, row.amount)
               for i, o, it, a in siblings):  # fmt: skip
            continue
        since = (row.attempted_at or row.created_at) - SETTLE_MARGIN
        found = [
            e for e in events
            if e.amazon_order_id == row.amazon_order_id and e.sku == skus.get((row.amazon_order_id, row.order_item_id))
            and e.currency == row.currency and -e.amount == row.amount and e.posted_at >= since
            and (e.case_id in (None, row.case_id) or e.case_id not in outbox_cases) and _components_match(row, e)
        ]  # fmt: skip
        if len(found) != 1:
            continue
        event = found[0]
        outbox.confirm_by_evidence(
            session, row, who, at=at, action="refund.confirmed_by_event",
            payload={"financial_event_id": event.id, "adjustment_id": event.adjustment_id},
            summary=f"退款 {row.adjustment_key} 由 RefundEvent 证实 / {row.adjustment_key} confirmed by a RefundEvent",
            timeline=f"亚马逊的退款记录证实了退款 {row.amount} {row.currency}(RefundEvent"
            f" {event.adjustment_id or event.id}) / a RefundEvent confirms the refund",
        )  # fmt: skip
        resolved += 1
    if resolved:
        settle_refunds(session, account_id, who)
    return resolved
