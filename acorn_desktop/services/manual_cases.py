"""Manual entry (工单 › 新建工单…): a case a person types in, validated, with its marketplace's deadline.

A-to-z claims, chargebacks and buyer messages go through the same intake as notices
(:mod:`~acorn_desktop.services.claim_intake`: keyed ``order:<id>``, so a later Finances event or mail adopts the
case) — but an order that already has such a case is refused with that case's number instead of being
updated, because a person who enters a claim expects a new case. Other kinds are keyed by the reference the
person gives (RMA, SAFE-T claim id…; what Finances or the returns report will carry) or a generated one.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation

import sqlalchemy as sa

from ..domain.cases import CaseKind, CaseState
from ..domain.marketplaces import MARKETPLACES
from ..domain.money import quantize
from ..domain.notices import NOTICE_KINDS, ClaimNotice, is_order_id
from ..errors import InputError
from ..models import Case, CaseEvent, Order, SellerAccount
from . import audit
from .changes import ActorLike, as_actor, shorten
from .claim_intake import Resolved, apply_notice, find_case
from .permissions import Permission, require
from .policies import deadline_for

REASON_MAX = 500
REFERENCE_MAX = 80


@dataclass(frozen=True)
class ManualCase:
    """What the 新建工单 dialog (or a script) gives; strings as typed, checked by :func:`create_case`."""

    kind: CaseKind
    account_id: int
    marketplace: str
    amazon_order_id: str
    amount: str
    currency: str
    reason: str
    opened_at: datetime
    reference: str = ""


@dataclass(frozen=True)
class StoreChoice:
    id: int
    name: str
    marketplaces: tuple[str, ...]


def store_choices(store) -> list[StoreChoice]:
    with store.reader() as session:
        accounts = session.scalars(
            sa.select(SellerAccount).where(SellerAccount.active.is_(True)).order_by(SellerAccount.name)
        )
        return [StoreChoice(a.id, a.name, tuple(m.code for m in a.marketplaces)) for a in accounts]


def check(entry: ManualCase, marketplaces: tuple[str, ...]) -> list[tuple[str, str, str]]:
    """Every problem as (field, Chinese, English); empty when the entry can be saved."""
    problems = []
    if entry.marketplace not in MARKETPLACES or entry.marketplace not in marketplaces:
        problems.append(("marketplace", "请选择该店铺销售的站点。", "Choose a marketplace the store sells on."))
    order_id = entry.amazon_order_id.strip()
    needs_order = entry.kind not in (CaseKind.REIMBURSEMENT, CaseKind.BUYER_MESSAGE)
    if (order_id or needs_order) and not is_order_id(order_id):
        problems.append(("order", "订单号格式应为 3-7-7 位数字,如 302-1234567-1234567。",
                         "The order id looks like 302-1234567-1234567 (3-7-7 digits)."))  # fmt: skip
    try:
        amount = Decimal(entry.amount.strip().replace(",", ".") or "0")
        if amount < 0 or amount > Decimal("100000000") or not amount.is_finite():
            raise InvalidOperation
    except InvalidOperation:
        problems.append(
            ("amount", "金额应为不小于 0 的数字,如 25.99。", "The amount is a number of at least 0, e.g. 25.99.")
        )
    currency = entry.currency.strip().upper()
    if len(currency) != 3 or not currency.isalpha():
        problems.append(("currency", "币种应为三个字母,如 EUR。", "The currency is three letters, e.g. EUR."))
    if len(entry.reason.strip()) > REASON_MAX:
        problems.append(("reason", f"原因最多 {REASON_MAX} 字。", f"The reason has at most {REASON_MAX} characters."))
    if len(entry.reference.strip()) > REFERENCE_MAX:
        problems.append(("reference", f"编号最多 {REFERENCE_MAX} 个字符。", f"At most {REFERENCE_MAX} characters."))
    if entry.opened_at.tzinfo is None:
        problems.append(("opened_at", "发生时间缺少时区。", "The time has no time zone."))
    return problems


def create_case(store, actor: ActorLike, entry: ManualCase) -> int:
    """Save ``entry`` as a new case (one transaction, timeline entry, audit entry); returns its id."""
    who = as_actor(actor)
    with store.session() as session:
        if who.user_id is not None:
            require(session, who, Permission.HANDLE_CASES)
        account = session.get(SellerAccount, entry.account_id)
        if account is None:
            raise InputError("请选择店铺。", "Choose a store.")
        problems = check(entry, tuple(m.code for m in account.marketplaces))
        if problems:
            raise InputError("工单未保存:\n" + "\n".join(zh for _f, zh, _e in problems),
                             "The case was not saved:\n" + "\n".join(en for _f, _z, en in problems))  # fmt: skip
        order_id = entry.amazon_order_id.strip() or None
        order = None
        if order_id:
            order = session.scalar(
                sa.select(Order).where(Order.account_id == account.id, Order.amazon_order_id == order_id)
            )
        amount = quantize(Decimal(entry.amount.strip().replace(",", ".") or "0"), entry.currency.upper())
        reason = entry.reason.strip() or None
        code = reason.upper() if reason and reason.replace("_", "").isalpha() and reason.isupper() else None
        if entry.kind in NOTICE_KINDS and (order_id or entry.kind is not CaseKind.BUYER_MESSAGE):
            notice = ClaimNotice(kind=entry.kind, occurred_at=entry.opened_at, amazon_order_id=order_id,
                                 marketplace=entry.marketplace, reason_code=code, reason_text=None if code else reason,
                                 amount=amount, currency=entry.currency.upper())  # fmt: skip
            existing = find_case(session, account.id, notice)
            if existing is not None:
                raise InputError(
                    f"订单 {order_id} 已有{entry.kind.label_zh}工单 #{existing.id},未新建。请打开该工单。",
                    f"Order {order_id} already has {entry.kind.label_en} case #{existing.id}; open that one.",
                )
            outcome = apply_notice(session, Resolved(account, entry.marketplace, order), notice, source="manual",
                                   actor=who, label_zh="手工录入", label_en="Entered by hand")  # fmt: skip
            case_id = outcome.case_id
        else:
            case_id = _create_other(session, account, entry, order, order_id, amount, code, reason, who)
        audit.append(
            session, actor=who.name, action="case.created_manually",
            summary=shorten(f"手工新建{entry.kind.label_zh}工单 #{case_id} / case #{case_id} entered by hand"),
            payload={"case_id": case_id, "kind": entry.kind.value, "account_id": account.id,
                     "marketplace": entry.marketplace, "order": order_id, "amount": str(amount),
                     "currency": entry.currency.upper()},
            entity_type="case", entity_id=case_id,
        )  # fmt: skip
        return case_id


def _create_other(session, account, entry: ManualCase, order, order_id, amount, code, reason, who) -> int:
    reference = entry.reference.strip() or f"manual:{uuid.uuid4().hex[:16]}"
    if session.scalar(sa.select(Case.id).where(Case.account_id == account.id, Case.kind == entry.kind,
                                               Case.source_ref == reference)):  # fmt: skip
        raise InputError(f"编号 {reference} 的{entry.kind.label_zh}工单已存在。",
                         f"A {entry.kind.label_en} case with reference {reference} exists.")  # fmt: skip
    due, policy_id = deadline_for(session, entry.kind, entry.marketplace, entry.opened_at)
    case = Case(
        account_id=account.id, marketplace_code=entry.marketplace, order_id=order.id if order else None,
        kind=entry.kind, state=CaseState.NEW, source="manual", source_ref=reference, amazon_order_id=order_id,
        reason_code=code, reason_text=None if code else reason, amount=amount, currency=entry.currency.upper(),
        opened_at=entry.opened_at, deadline_at=due, policy_id=policy_id,
    )  # fmt: skip
    session.add(case)
    session.flush()
    session.add(CaseEvent(case_id=case.id, at=entry.opened_at, kind="created", actor_id=who.user_id,
                          summary=shorten(f"手工录入:{entry.kind.label_zh} / Entered by hand: {entry.kind.label_en}"),
                          data={"source": "manual", "actor": who.name}))  # fmt: skip
    session.flush()
    return case.id
