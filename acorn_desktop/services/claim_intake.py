"""Claim notices → cases (工单), deduplicated across every source and linked to the order.

Runs inside the caller's transaction (the mail, CSV and manual-entry services own it and write its audit
entry). The rules:

* **Which store.** The order's store when the order is known (``orders``, else an existing case of that
  order); else the mailbox's store when the mailbox is bound to one; else the only store that sells on the
  notice's marketplace(s). Anything else is :class:`Unresolved` — the caller keeps the trace for a person.
* **One case per claim.** An A-to-z claim or a chargeback is looked up by (store, kind, Amazon order id),
  whatever key the case has: the claim id the demo seeder or Finances gave it, or ``order:<id>`` from the
  returns report or an earlier notice. A new one is keyed ``order:<id>``, so the Finances
  GuaranteeClaimEvent / ChargebackEvent that arrives later adopts it (``services/intake``), and a notice that
  arrives after the Finances event updates that case instead of opening a second one.
* **Buyer messages.** One case per order (``order:<id>``; a message without an order is keyed by a digest
  of the buyer's anonymised address). A further message adds a timeline entry; whether it also starts a new
  24 h clock is :func:`~acorn_desktop.domain.notices.buyer_message_clock`.
* **Deadlines.** The marketplace's policy clock from when Amazon sent the notice
  (:func:`~acorn_desktop.services.policies.deadline_for`), or the notice's own respond-by date when that is
  earlier. An existing open, unanswered claim takes the earlier of its deadline and the notice's. Claims that
  are answered, lost (the appeal clock runs), won or closed keep their deadline; the notice joins the timeline.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Session

from ..domain.cases import CaseKind, CaseState, can_transition
from ..domain.marketplaces import MARKETPLACES
from ..domain.money import quantize
from ..domain.notices import ClaimNotice, MessageClock, buyer_message_clock, response_deadline
from ..models import Case, CaseEvent, Order, SellerAccount
from .changes import Actor, record_state_change, shorten
from .policies import deadline_for

# States in which a claim still waits for the seller's answer: a notice may move its deadline earlier.
AWAITING_ANSWER = frozenset({CaseState.NEW, CaseState.IN_PROGRESS, CaseState.AWAITING_APPROVAL,
                             CaseState.APPROVED, CaseState.REJECTED, CaseState.REFUND_FAILED})  # fmt: skip
SOURCE_LABELS = {
    "email": ("通知邮件", "notification mail"),
    "csv": ("索赔 CSV", "claims CSV"),
    "manual": ("手工录入", "manual entry"),
}


@dataclass(frozen=True)
class Resolved:
    account: SellerAccount
    marketplace: str
    order: Order | None


@dataclass(frozen=True)
class Unresolved:
    zh: str
    en: str


@dataclass(frozen=True)
class NoticeOutcome:
    case_id: int
    created: bool
    restarted: bool = False  # a buyer message started a new 24 h clock


def resolve_store(
    session: Session,
    notice: ClaimNotice,
    marketplaces: tuple[str, ...] = (),
    *,
    account_id: int | None = None,
) -> Resolved | Unresolved:
    """Which store and marketplace ``notice`` belongs to (see the module docstring)."""
    order_id = notice.amazon_order_id
    if order_id:
        query = sa.select(Order).where(Order.amazon_order_id == order_id)
        if account_id is not None:
            query = query.where(Order.account_id == account_id)
        orders = list(session.scalars(query.limit(3)))
        if len(orders) == 1:
            order = orders[0]
            return Resolved(session.get(SellerAccount, order.account_id), order.marketplace_code, order)
        if not orders:
            query = sa.select(Case.account_id, Case.marketplace_code).where(Case.amazon_order_id == order_id)
            if account_id is not None:
                query = query.where(Case.account_id == account_id)
            known = {tuple(row) for row in session.execute(query.distinct().limit(3))}
            if len({a for a, _m in known}) == 1:
                account, market = sorted(known)[0]
                return Resolved(session.get(SellerAccount, account), market, None)
    wanted = tuple(dict.fromkeys(([notice.marketplace] if notice.marketplace else []) + list(marketplaces)))
    where = "、".join(MARKETPLACES[m].name_zh for m in wanted if m in MARKETPLACES) or "未知站点"
    where_en = ", ".join(MARKETPLACES[m].name_en for m in wanted if m in MARKETPLACES) or "an unknown marketplace"
    accounts = _accounts(session, account_id)
    pairs = [(a, m) for a in accounts for m in wanted if m in {x.code for x in a.marketplaces}]
    if account_id is not None and accounts:
        if len({m for _a, m in pairs}) == 1:
            return Resolved(pairs[0][0], pairs[0][1], None)
        name = accounts[0].name
        return Unresolved(
            f"邮箱绑定的店铺「{name}」不在 {where} 销售,或站点不唯一,无法确定站点。",
            f"The mailbox's store '{name}' does not sell on {where_en}, or the marketplace is ambiguous.",
        )
    stores = {a.id for a, _m in pairs}
    if len(stores) == 1 and len({m for _a, m in pairs}) == 1:
        return Resolved(pairs[0][0], pairs[0][1], None)
    known_order = f"订单 {order_id} 不在本地数据中," if order_id else ""
    known_order_en = f"Order {order_id} is not in the local data and " if order_id else ""
    if not stores:
        return Unresolved(f"{known_order}没有店铺在 {where} 销售,无法确定是哪个店铺。",
                          f"{known_order_en}no store sells on {where_en}; the store cannot be determined.")  # fmt: skip
    return Unresolved(
        f"{known_order}有多个店铺或站点可能({where}),无法确定是哪个店铺。请人工关联。",
        f"{known_order_en}several stores or marketplaces are possible ({where_en}); link it by hand.",
    )


def _accounts(session: Session, account_id: int | None) -> list[SellerAccount]:
    query = sa.select(SellerAccount).where(SellerAccount.active.is_(True)).order_by(SellerAccount.id)
    if account_id is not None:
        query = sa.select(SellerAccount).where(SellerAccount.id == account_id)
    return list(session.scalars(query))


def find_case(session: Session, account_id: int, notice: ClaimNotice) -> Case | None:
    """The case this notice is about, if the store already has one (see the module docstring)."""
    if notice.kind is CaseKind.BUYER_MESSAGE or not notice.amazon_order_id:
        ref = notice.source_ref
        if ref is None:
            return None
        return session.scalar(
            sa.select(Case).where(Case.account_id == account_id, Case.kind == notice.kind, Case.source_ref == ref)
        )
    candidates = list(
        session.scalars(
            sa.select(Case)
            .where(Case.account_id == account_id, Case.kind == notice.kind,
                   Case.amazon_order_id == notice.amazon_order_id)
            .order_by(Case.opened_at.desc(), Case.id.desc())
        )
    )  # fmt: skip
    if not candidates:
        return None
    open_ones = [c for c in candidates if c.state.is_open]
    return (open_ones or candidates)[0]


def apply_notice(
    session: Session,
    where: Resolved,
    notice: ClaimNotice,
    *,
    source: str,
    actor: Actor,
    label_zh: str,
    label_en: str,
    data: dict | None = None,
) -> NoticeOutcome:
    """Open the notice's case or update the one there is; one timeline entry either way.

    ``label_zh``/``label_en`` name the trace in the timeline ("A-to-z 索赔通知邮件(德语)"); ``data`` goes into
    the timeline entry (e.g. the inbound message id).
    """
    data = {"source": source, **(data or {})}
    case = find_case(session, where.account.id, notice)
    if case is None:
        return _open(session, where, notice, source, actor, label_zh, label_en, data)
    if where.order is not None and case.order_id is None:
        case.order_id = where.order.id
    if not case.reason_code and notice.reason_code:
        case.reason_code = notice.reason_code
    if not case.reason_text and notice.reason_text:
        case.reason_text = notice.reason_text[:500]
    if notice.amount and not case.amount and (notice.currency or case.currency) == case.currency:
        case.amount = quantize(notice.amount, case.currency)
    if notice.kind is CaseKind.BUYER_MESSAGE:
        return _another_message(session, case, notice, actor, label_zh, label_en, data)
    zh, en = f"{label_zh}:{_facts_zh(notice)}", f"{label_en}: {_facts_en(notice)}"
    if case.state in AWAITING_ANSWER and case.responded_at is None:
        due, policy_id = _deadline(session, notice, case.marketplace_code)
        if due is not None and (case.deadline_at is None or due < case.deadline_at):
            case.deadline_at, case.policy_id = due, policy_id
            zh += ";截止时间提前到通知所给的时间"
            en += "; deadline moved earlier to the notice's"
    _timeline(session, case, notice.occurred_at, "intake", zh, en, actor, data)
    session.flush()
    return NoticeOutcome(case.id, created=False)


def _open(session, where: Resolved, notice: ClaimNotice, source, actor, label_zh, label_en, data) -> NoticeOutcome:
    market = where.marketplace
    due, policy_id = _deadline(session, notice, market)
    currency = notice.currency or (where.order.currency if where.order else MARKETPLACES[market].currency)
    amount = notice.amount
    if amount is None and where.order is not None and where.order.currency == currency:
        amount = where.order.order_total
    case = Case(
        account_id=where.account.id, marketplace_code=market, order_id=where.order.id if where.order else None,
        kind=notice.kind, state=CaseState.NEW, source=source, source_ref=notice.source_ref,
        amazon_order_id=notice.amazon_order_id, reason_code=notice.reason_code,
        reason_text=(notice.reason_text or None) and notice.reason_text[:500],
        amount=quantize(abs(amount or Decimal(0)), currency), currency=currency, opened_at=notice.occurred_at,
        deadline_at=due, policy_id=policy_id,
    )  # fmt: skip
    session.add(case)
    session.flush()
    zh, en = f"{label_zh}:{_facts_zh(notice)}", f"{label_en}: {_facts_en(notice)}"
    _timeline(session, case, notice.occurred_at, "created", zh, en, actor, data)
    session.flush()
    return NoticeOutcome(case.id, created=True)


def _another_message(session, case: Case, notice: ClaimNotice, actor, label_zh, label_en, data) -> NoticeOutcome:
    clock = buyer_message_clock(case.state, case.responded_at, notice.occurred_at)
    at = notice.occurred_at
    if clock is MessageClock.RESTART:
        due, policy_id = _deadline(session, notice, case.marketplace_code)
        case.deadline_at, case.policy_id, case.responded_at = due, policy_id, None
        _timeline(session, case, at, "intake", f"{label_zh}:答复后买家又发来新消息,重新开始 24 小时回复时限",
                  f"{label_en}: a new message after the reply; a new 24 h reply clock starts", actor, data)  # fmt: skip
        if case.state not in (CaseState.NEW, CaseState.IN_PROGRESS) and can_transition(
            case.state, CaseState.IN_PROGRESS
        ):
            comment = "买家发来新消息 / new buyer message"
            record_state_change(session, case, CaseState.IN_PROGRESS, actor, comment=comment,
                                action="case.reopened_by_message")  # fmt: skip
        session.flush()
        return NoticeOutcome(case.id, created=False, restarted=True)
    if clock is MessageClock.KEEP:
        due, policy_id = _deadline(session, notice, case.marketplace_code)
        if due is not None and (case.deadline_at is None or due < case.deadline_at):
            case.deadline_at, case.policy_id = due, policy_id  # a message imported late that came first
        case.opened_at = min(case.opened_at, at)
        zh, en = f"{label_zh}:买家又发来一条消息(回复时限不变)", f"{label_en}: another message (reply clock unchanged)"
    else:
        zh, en = (
            f"{label_zh}:早于已发送答复的消息,仅记录",
            f"{label_en}: a message older than the reply sent; recorded only",
        )
    _timeline(session, case, at, "intake", zh, en, actor, data)
    session.flush()
    return NoticeOutcome(case.id, created=False)


def _deadline(session: Session, notice: ClaimNotice, market: str) -> tuple[datetime | None, int | None]:
    policy_due, policy_id = deadline_for(session, notice.kind, market, notice.occurred_at)
    due = response_deadline(policy_due, notice.respond_by)
    return due, (policy_id if due == policy_due else None)


def _timeline(session, case: Case, at: datetime, kind: str, zh: str, en: str, actor: Actor, data: dict) -> None:
    session.add(CaseEvent(case_id=case.id, at=at, kind=kind, actor_id=actor.user_id, summary=shorten(f"{zh} / {en}"),
                          data=data))  # fmt: skip


def _facts_zh(notice: ClaimNotice) -> str:
    parts = [f"订单 {notice.amazon_order_id}" if notice.amazon_order_id else "无订单号"]
    if notice.reason_text:
        parts.append(f"原因「{notice.reason_text[:80]}」")
    if notice.amount is not None:
        parts.append(f"{notice.amount} {notice.currency or ''}".strip())
    return ",".join(parts)


def _facts_en(notice: ClaimNotice) -> str:
    parts = [f"order {notice.amazon_order_id}" if notice.amazon_order_id else "no order id"]
    if notice.reason_code:
        parts.append(notice.reason_code.lower().replace("_", " "))
    if notice.amount is not None:
        parts.append(f"{notice.amount} {notice.currency or ''}".strip())
    return ", ".join(parts)
