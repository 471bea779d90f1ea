"""Refund execution, the service side: a case's refund breakdown, its checks, and the refund outbox.

An approved refund becomes one :class:`~acorn_desktop.models.RefundOutbox` row per case + order item
(``intended``), written in the approval's own transaction by :func:`enqueue_refund`. The sync's refund feed
stream (:mod:`acorn_desktop.sync.refund_feed`) sends the rows to Amazon as ``POST_PAYMENT_ADJUSTMENT_DATA``
messages and reads the results back; the transitions it records live in :mod:`.refund_outbox`, the outbox's state
machine.

``adjustment_key`` is the row's MerchantAdjustmentItemID. It is deterministic — the case id plus a digest of
the case's identity at Amazon (seller, kind, source_ref), the approval (id and time) and the order item — so
enqueueing the same approval twice finds the same rows, and unique: the database refuses a second row with it
and Amazon refuses a second adjustment with it, even from another installation.

Case states along the way: 已批准 (approved) → 退款已提交 (refund_submitted) when the feed is created →
已退款 (refunded) when the Finances RefundEvent of the refund is synced, or → 退款失败 (refund_failed) with
Amazon's ResultDescription when the processing report rejects it. A refund case's RefundEvent carries its
source_ref and moves it in the Finances intake; any other case (a return request) is settled by
:func:`settle_refunds`, which matches the event by order, SKU and amount and folds the refund case the
intake opened for it into the case the refund was for — so the refund ends as ONE case, refunded once.
"""

from __future__ import annotations

import base64
import hashlib
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation

import sqlalchemy as sa
from sqlalchemy.orm import Session

from ..domain.cases import CaseKind, CaseState
from ..domain.fx import to_cny
from ..domain.money import CURRENCY_EXPONENT, quantize
from ..domain.refund_breakdown import TAX_ADDED_ON_TOP, check_line, remainder
from ..errors import InputError, PermissionDeniedError
from ..formats.adjustment_xml import ADJUSTMENT_REASONS, COMPONENT_TYPES, DEDUCTION_TYPES
from ..models import (
    Approval,
    ApprovalStatus,
    Case,
    CaseEvent,
    EvidenceAttachment,
    FinancialEvent,
    Order,
    OrderItem,
    OutboxState,
    RefundOutbox,
    ReturnRecord,
    SellerAccount,
)
from . import audit, notifications
from .changes import Actor, ActorLike, as_actor, get_case, record_state_change, shorten
from .permissions import Permission, approval_limit_cny, require
from .refund_remainder import already_refunded, excess_message, line_charge

SYNC_ACTOR = Actor("sync")
# Return reasons where the seller is at fault (Amazon MFN return reason codes, "CR-" prefix dropped):
# the buyer gets the shipping back and no restocking fee may be charged (domain.md §1.4).
SELLER_FAULT_RETURN_REASONS = frozenset({
    "DEFECTIVE", "NOT_AS_DESCRIBED", "SWITCHEROO", "DAMAGED_BY_CARRIER", "MISSING_PARTS", "QUALITY_UNACCEPTABLE",
    "MISSED_ESTIMATED_DELIVERY", "AMZ-PG-BAD-DESC",
})  # fmt: skip
SELLER_FAULT_ADJUSTMENT_REASONS = frozenset({
    "NoInventory", "CouldNotShip", "DifferentItem", "PriceError", "ProductOutofStock", "CarrierCreditDecision",
    "CarrierCoverageFailure", "GeneralAdjustment",
})  # fmt: skip
# Refund reasons that return part of the price only (the case amount), without tax or shipping.
PARTIAL_ADJUSTMENT_REASONS = frozenset({"GeneralAdjustment", "PriceError"})
MAX_RESTOCKING_SHARE = Decimal("0.5")  # Amazon's schedule: at most 50 % of the item price (domain.md §1.4)
SETTLE_MARGIN = timedelta(hours=1)  # a RefundEvent is posted after the feed; allow for clock differences
OPEN_STATES = (OutboxState.INTENDED, OutboxState.SUBMITTING, OutboxState.SUBMITTED)  # work left for the sync
STATE_LABELS: dict[OutboxState, tuple[str, str]] = {
    OutboxState.INTENDED: ("待发送", "Queued"),
    OutboxState.SUBMITTING: ("提交中", "Submitting"),
    OutboxState.SUBMITTED: ("已提交", "Submitted"),
    OutboxState.UNCONFIRMED: ("待确认", "Unconfirmed"),
    OutboxState.DONE: ("亚马逊已接受", "Accepted by Amazon"),
    OutboxState.FAILED: ("失败", "Failed"),
}
_KEY_DIGEST_CHARS = 12


# -- the breakdown --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BreakdownLine:
    """What one order item refunds: component type → amount (positive = to the buyer, deductions negative)."""

    order_item_id: str
    sku: str | None
    quantity: int
    components: dict[str, Decimal]

    @property
    def total(self) -> Decimal:
        return sum(self.components.values(), Decimal(0))


@dataclass(frozen=True)
class Breakdown:
    """A case's refund: Amazon component types summed over its order items, plus the per-item ``lines``.

    ``lines`` is empty when the case's order items are not known yet (orders not synced): the breakdown is
    then only an estimate from the case amount and cannot be queued.
    """

    components: dict[str, Decimal]
    adjustment_reason: str
    currency: str
    lines: tuple[BreakdownLine, ...] = ()

    @property
    def total(self) -> Decimal:
        """The net refund to the buyer."""
        return sum(self.components.values(), Decimal(0))

    def as_json(self) -> dict:
        return {
            "adjustment_reason": self.adjustment_reason, "currency": self.currency, "total": str(self.total),
            "components": {k: str(v) for k, v in self.components.items()},
            "lines": [{"order_item_id": ln.order_item_id, "sku": ln.sku, "quantity": ln.quantity,
                       "components": {k: str(v) for k, v in ln.components.items()}} for ln in self.lines],
        }  # fmt: skip


def _ordered(components: Mapping[str, Decimal]) -> dict[str, Decimal]:
    rank = {t: i for i, t in enumerate(COMPONENT_TYPES)}
    return dict(sorted(components.items(), key=lambda kv: rank.get(kv[0], len(rank))))


def _summed(lines) -> dict[str, Decimal]:
    total: dict[str, Decimal] = {}
    for line in lines:
        for ctype, amount in line.components.items():
            total[ctype] = total.get(ctype, Decimal(0)) + amount
    return _ordered(total)


def _reason_code(case: Case) -> str:
    code = (case.reason_code or "").strip()
    return code[3:] if code.upper().startswith("CR-") else code


def is_seller_fault(case: Case) -> bool:
    """Is the seller at fault (no restocking fee, shipping refunded)? Claims and chargebacks count as yes."""
    if case.kind is CaseKind.RETURN_REQUEST:
        return _reason_code(case).upper() in SELLER_FAULT_RETURN_REASONS
    if case.kind is CaseKind.REFUND:
        return _reason_code(case) in SELLER_FAULT_ADJUSTMENT_REASONS
    return True


def default_adjustment_reason(case: Case) -> str:
    if case.kind is CaseKind.RETURN_REQUEST:
        return "CustomerReturn"
    if case.kind is CaseKind.REFUND:
        code = _reason_code(case)
        return code if code in ADJUSTMENT_REASONS else "GeneralAdjustment"
    return "Other"


def _not_refundable(case: Case) -> InputError:
    return InputError(
        f"工单 #{case.id}({case.kind.label_zh})不是退给买家的款项,不能发起退款。",
        f"Case #{case.id} ({case.kind.label_en}) is not money owed to the buyer; it cannot be refunded.",
    )


def _order_of(session: Session, case: Case) -> Order | None:
    if case.order_id is not None:
        return session.get(Order, case.order_id)
    if not case.amazon_order_id:
        return None
    return session.scalar(
        sa.select(Order).where(Order.account_id == case.account_id, Order.amazon_order_id == case.amazon_order_id)
    )


def _case_items(order: Order, case: Case) -> list[OrderItem]:
    """The order items the case is about: those with the case's SKU, else the whole order."""
    items = sorted(order.items, key=lambda i: i.order_item_id)
    chosen = [i for i in items if case.sku and i.sku == case.sku]
    return chosen or items


def _refund_quantities(session: Session, case: Case, items: list[OrderItem]) -> dict[str, int]:
    """Per order line, the quantity to refund: for a return request the returned quantity of its returns-report
    row, spread over the lines of that SKU in order (two lines of one SKU are two lines, not twice the return;
    a line left with 0 is not refunded); else each whole line."""
    quantities = {i.order_item_id: i.quantity for i in items}
    if case.kind is not CaseKind.RETURN_REQUEST:
        return quantities
    for sku in dict.fromkeys(i.sku for i in items):
        returned = session.scalar(
            sa.select(ReturnRecord.quantity)
            .where(ReturnRecord.case_id == case.id, ReturnRecord.sku == sku)
            .order_by(ReturnRecord.id.desc())
            .limit(1)
        )
        if not returned:
            continue
        left = max(1, int(returned))
        for item in (i for i in items if i.sku == sku):
            quantities[item.order_item_id] = min(left, item.quantity)
            left -= quantities[item.order_item_id]
    return quantities


def _returned_for_seller_fault(session: Session, case: Case) -> bool:
    """A refund for a return (CustomerReturn) is the seller's fault when the buyer's return reason says so.

    The refund case carries the adjustment reason, not the buyer's: without this its shipping was dropped
    (EUR 35.98 = 30.99 + 4.99 shipping, requested as 30.99) while the order's return request, a defect, kept it.
    """
    if case.kind is not CaseKind.REFUND or _reason_code(case) != "CustomerReturn" or not case.amazon_order_id:
        return False
    returns = sa.select(Case.reason_code).where(
        Case.account_id == case.account_id,
        Case.amazon_order_id == case.amazon_order_id,
        Case.kind == CaseKind.RETURN_REQUEST,
        *([Case.sku == case.sku] if case.sku else []),
    )
    codes = ((code or "").strip().upper() for code in session.scalars(returns))
    return any(code.removeprefix("CR-") in SELLER_FAULT_RETURN_REASONS for code in codes)


def _includes_shipping(case: Case, reason: str, seller_fault: bool) -> bool:
    if case.kind is CaseKind.RETURN_REQUEST:
        return seller_fault
    if case.kind is CaseKind.REFUND:
        return reason not in PARTIAL_ADJUSTMENT_REASONS and (seller_fault or reason != "CustomerReturn")
    return True


def default_breakdown(session: Session, case: Case) -> Breakdown:
    """The refund the case calls for, from its order items (see the module docstring for the rules).

    Return request → CustomerReturn: Principal = item price × returned quantity, Tax where it is charged on
    top of the price (US/CA), Shipping when the seller is at fault and the whole line comes back. Refund →
    its own AdjustmentReason; a partial one (GeneralAdjustment, PriceError) refunds the case amount as
    Principal. A-to-z claim / chargeback → Other, the full line. Never a restocking fee: that is a deliberate
    deduction a person adds (and :func:`validate_breakdown` checks).
    """
    if case.kind not in (CaseKind.RETURN_REQUEST, CaseKind.REFUND, CaseKind.ATOZ_CLAIM, CaseKind.CHARGEBACK):
        raise _not_refundable(case)
    reason = default_adjustment_reason(case)
    order = _order_of(session, case)
    if order is None or not order.items:
        return Breakdown({"Principal": case.amount}, reason, case.currency)
    seller_fault = is_seller_fault(case) or _returned_for_seller_fault(session, case)
    tax_on_top = order.marketplace_code in TAX_ADDED_ON_TOP
    items = _case_items(order, case)
    partial = case.kind is CaseKind.REFUND and reason in PARTIAL_ADJUSTMENT_REASONS and len(items) == 1
    lines = []
    quantities = _refund_quantities(session, case, items)
    for item in items:
        quantity = quantities[item.order_item_id]
        if quantity <= 0:
            continue
        share = Decimal(quantity) / Decimal(item.quantity) if item.quantity else Decimal(1)
        principal = quantize(item.item_price * share, order.currency)
        if partial:
            components = {"Principal": min(quantize(case.amount, order.currency), principal)}
        else:
            components = {"Principal": principal}
            if _includes_shipping(case, reason, seller_fault) and quantity == item.quantity and item.shipping_price:
                components["Shipping"] = quantize(item.shipping_price, order.currency)
            if tax_on_top and item.item_tax:
                components["Tax"] = quantize(item.item_tax * share, order.currency)
        lines.append(BreakdownLine(item.order_item_id, item.sku, quantity, _ordered(components)))
    return Breakdown(_summed(lines), reason, order.currency, tuple(lines))


# -- validation ---------------------------------------------------------------------------------------------------


def _bad(case: Case, zh: str, en: str, *, hint_zh: str = "", hint_en: str = "") -> InputError:
    return InputError(
        f"工单 #{case.id} 的退款明细有误:{zh}",
        f"The refund breakdown of case #{case.id} is invalid: {en}",
        hint_zh=hint_zh or "请修改退款明细后重新提交审批。",
        hint_en=hint_en or "Correct the breakdown and send it for approval again.",
    )


def _decimal(case: Case, ctype: str, value: object) -> Decimal:
    if isinstance(value, float):
        raise _bad(case, f"「{ctype}」的金额不能是浮点数。", f"the amount of {ctype} must not be a float.")
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        amount = None
    if amount is None or not amount.is_finite():
        raise _bad(
            case, f"「{ctype}」的金额「{value}」不是数字。", f"the amount of {ctype} ({value!r}) is not a number."
        )
    return amount


def validate_breakdown(session: Session, case: Case, breakdown: Breakdown, *, approval_id: int | None = None) -> None:
    """Refuse (InputError, Chinese first) a breakdown Amazon would refuse or that would give back too much.

    Known AdjustmentReason and component types; amounts in the order's currency and its minor unit;
    deductions (RestockingFee, RestockingFeeTax, ReturnShipping) negative, the rest positive ("Other" either);
    each item's net a credit to the buyer, each component at most what was charged for it, the item's net at
    most what was charged minus other refunds already queued or sent for it; a restocking fee never on a
    seller-fault case and at most 50 % of the item price.
    """
    if breakdown.adjustment_reason not in ADJUSTMENT_REASONS:
        raise _bad(
            case, f"调整原因「{breakdown.adjustment_reason}」不是亚马逊允许的值。",
            f"'{breakdown.adjustment_reason}' is not an AdjustmentReason Amazon accepts.",
            hint_zh="可选:" + "、".join(ADJUSTMENT_REASONS), hint_en="Choose one of: " + ", ".join(ADJUSTMENT_REASONS),
        )  # fmt: skip
    order = _order_of(session, case)
    if order is None or not order.items or not breakdown.lines:
        raise InputError(
            f"工单 #{case.id} 的订单 {case.amazon_order_id or '(未知)'} 及其商品尚未同步,无法向亚马逊发送退款。",
            f"The order {case.amazon_order_id or '(unknown)'} of case #{case.id} and its items are not synced yet; "
            "the refund cannot be sent to Amazon.",
            hint_zh="请先同步订单(acorn sync),再批准退款。",
            hint_en="Sync the orders first (acorn sync), then approve the refund.",
        )
    if breakdown.currency != order.currency:
        raise _bad(
            case, f"币种 {breakdown.currency} 与订单币种 {order.currency} 不同。",
            f"the currency {breakdown.currency} differs from the order's {order.currency}.",
        )  # fmt: skip
    items = {i.order_item_id: i for i in order.items}
    seller_fault = is_seller_fault(case) or _returned_for_seller_fault(session, case)
    exponent = CURRENCY_EXPONENT.get(order.currency, 2)
    charges = {i.order_item_id: line_charge(order, i) for i in order.items}
    taken = already_refunded(session, case, order, approval_id)
    seen: set[str] = set()
    for line in breakdown.lines:
        item = items.get(line.order_item_id)
        where_zh, where_en = f"(商品 {line.order_item_id})", f" (item {line.order_item_id})"
        if item is None or line.order_item_id in seen:
            raise _bad(
                case, f"商品 {line.order_item_id} 不属于订单 {order.amazon_order_id} 或重复出现。",
                f"item {line.order_item_id} is not part of order {order.amazon_order_id} or appears twice.",
            )  # fmt: skip
        seen.add(line.order_item_id)
        if not 1 <= line.quantity <= item.quantity:
            raise _bad(
                case, f"退款数量 {line.quantity} 应在 1 到 {item.quantity} 之间{where_zh}。",
                f"the quantity {line.quantity} must be between 1 and {item.quantity}{where_en}.",
            )  # fmt: skip
        for ctype, amount in line.components.items():
            if ctype not in COMPONENT_TYPES:
                raise _bad(
                    case, f"「{ctype}」不是亚马逊的退款明细类型{where_zh}。",
                    f"'{ctype}' is not an Amazon adjustment component type{where_en}.",
                    hint_zh="可选:" + "、".join(COMPONENT_TYPES),
                    hint_en="Choose one of: " + ", ".join(COMPONENT_TYPES),
                )  # fmt: skip
            if amount != quantize(amount, order.currency):
                raise _bad(
                    case, f"「{ctype}」的金额 {amount} 超出 {order.currency} 的 {exponent} 位小数{where_zh}。",
                    f"the amount {amount} of {ctype} has more than {exponent} decimals for {order.currency}{where_en}.",
                )  # fmt: skip
            if ctype in DEDUCTION_TYPES and amount > 0:
                raise _bad(
                    case, f"「{ctype}」是从退款中扣除的项目,应填负数(如 -2.00){where_zh}。",
                    f"{ctype} is a deduction from the refund and must be negative (e.g. -2.00){where_en}.",
                )  # fmt: skip
            if ctype not in DEDUCTION_TYPES and ctype != "Other" and amount < 0:
                raise _bad(
                    case, f"「{ctype}」的金额不能为负数{where_zh}。",
                    f"the amount of {ctype} cannot be negative{where_en}.",
                )  # fmt: skip
        comps = line.components
        net = line.total
        if net <= 0:
            raise _bad(
                case, f"净退款额 {net} {order.currency} 必须大于 0(扣款不能超过退款){where_zh}。",
                f"the net refund {net} {order.currency} must be above 0 (deductions cannot exceed it){where_en}.",
            )  # fmt: skip
        excess = check_line(charges[item.order_item_id], taken[item.order_item_id], line.quantity, comps)
        if excess is not None:
            raise _bad(case, *excess_message(excess, order.currency, where_zh, where_en))
        restocking = comps.get("RestockingFee", Decimal(0))
        if restocking and seller_fault:
            raise _bad(
                case, f"卖家责任的退货不能收取重新入库费(RestockingFee){where_zh}。",
                f"no restocking fee may be charged when the seller is at fault{where_en}.",
                hint_zh="请删除 RestockingFee。", hint_en="Remove the RestockingFee.",
            )  # fmt: skip
        if -restocking > MAX_RESTOCKING_SHARE * comps.get("Principal", Decimal(0)):
            raise _bad(
                case, f"重新入库费 {-restocking} 超过商品退款额的 50%{where_zh}。",
                f"the restocking fee {-restocking} exceeds 50 % of the refunded item price{where_en}.",
            )  # fmt: skip


# -- the outbox ---------------------------------------------------------------------------------------------------


def _allocate(case: Case, components: Mapping[str, Decimal], defaults: tuple[BreakdownLine, ...], currency: str):
    """Split a case-level breakdown over its items in proportion to each item's default share."""
    if len(defaults) == 1:
        return [_ordered(components)]
    out: list[dict[str, Decimal]] = [{} for _ in defaults]
    for ctype, amount in components.items():
        weights = [line.components.get(ctype, Decimal(0)) for line in defaults]
        if not sum(weights):
            weights = [line.components.get("Principal", Decimal(0)) for line in defaults]
        if not sum(weights):
            weights = [Decimal(1)] * len(defaults)
        total_weight = sum(weights)
        given = Decimal(0)
        for index, weight in enumerate(weights):
            part = amount - given if index == len(weights) - 1 else quantize(amount * weight / total_weight, currency)
            given += part
            if part:
                out[index][ctype] = part
    return [_ordered(c) for c in out]


def _key(session: Session, case: Case, approval: Approval | None, order_item_id: str) -> str:
    """``ACN<case id>-<12 base32>``: readable case id, digest of the refund's identity at Amazon."""
    account = session.get(SellerAccount, case.account_id)
    seller = (account.selling_partner_id if account is not None else None) or f"account{case.account_id}"
    approval_ref = f"{approval.id}@{approval.requested_at.isoformat()}" if approval is not None else "direct"
    identity = f"{seller}|{case.kind.value}|{case.source_ref}|{approval_ref}|{order_item_id}"
    digest = hashlib.blake2b(identity.encode("utf-8"), digest_size=10).digest()
    return f"ACN{case.id}-{base64.b32encode(digest).decode('ascii')[:_KEY_DIGEST_CHARS]}"


def _approval(session: Session, case: Case, approval_id: int) -> Approval:
    approval = session.get(Approval, approval_id)
    if approval is None or approval.case_id != case.id:
        raise InputError(
            f"审批 #{approval_id} 不存在或不属于工单 #{case.id}。",
            f"Approval #{approval_id} does not exist or is not for case #{case.id}.",
        )
    if approval.status is not ApprovalStatus.APPROVED:
        raise InputError(
            f"审批 #{approval_id} 尚未批准(当前:{approval.status.value}),不能发送退款。",
            f"Approval #{approval_id} is not approved (it is {approval.status.value}); no refund can be sent.",
        )
    if approval.requested_at is None:
        session.flush()
    return approval


def _rows_for(session: Session, case_id: int, approval_id: int | None) -> list[RefundOutbox]:
    query = sa.select(RefundOutbox).where(RefundOutbox.case_id == case_id)
    if approval_id is None:
        query = query.where(RefundOutbox.approval_id.is_(None))
    else:
        query = query.where(RefundOutbox.approval_id == approval_id)
    return list(session.scalars(query.order_by(RefundOutbox.id)))


def _room(session: Session, case: Case, approval: Approval | None, lines: tuple[BreakdownLine, ...]):
    """The default lines capped at what each still has left: a case-level amount goes where there is room."""
    order = _order_of(session, case)
    if order is None or len(lines) < 2:
        return lines
    taken = already_refunded(session, case, order, approval.id if approval is not None else None)
    charges = {i.order_item_id: line_charge(order, i) for i in order.items}
    capped = []
    for line in lines:
        left = remainder(charges[line.order_item_id], taken[line.order_item_id])
        parts = {c: min(v, left[c]) if c in left else v for c, v in line.components.items()}
        capped.append(BreakdownLine(line.order_item_id, line.sku, line.quantity, parts))
    return tuple(capped)


def _breakdown_to_send(session, case, approval, components, adjustment_reason) -> Breakdown:
    defaults = default_breakdown(session, case)
    if components is None and approval is not None and approval.components:
        components = approval.components
    reason = adjustment_reason or (approval.adjustment_reason if approval is not None else None)
    reason = reason or defaults.adjustment_reason
    if components is None:
        return Breakdown(defaults.components, reason, defaults.currency, defaults.lines)
    clean = {str(ctype): _decimal(case, str(ctype), value) for ctype, value in components.items()}
    if not defaults.lines:
        return Breakdown(_ordered(clean), reason, defaults.currency)
    parts = _allocate(case, clean, _room(session, case, approval, defaults.lines), defaults.currency)
    lines = tuple(
        BreakdownLine(d.order_item_id, d.sku, d.quantity, p)
        for d, p in zip(defaults.lines, parts, strict=True)
        if any(p.values())
    )
    return Breakdown(_ordered(clean), reason, defaults.currency, lines)


def check_request(
    session: Session, case: Case, components: Mapping[str, object] | None, adjustment_reason: str | None
) -> None:
    """A refund about to go to approval: refuse it now (InputError) if it could never be queued — above the
    order's refundable remainder, or anything else :func:`validate_breakdown` refuses. Unknown orders pass
    (the outbox refuses them until the order is synced)."""
    order = _order_of(session, case)
    if order is None or not order.items:
        return
    breakdown = _breakdown_to_send(session, case, None, components, adjustment_reason)
    validate_breakdown(session, case, breakdown)


def _check_limit(session: Session, who: Actor, case: Case, breakdown: Breakdown) -> None:
    """A refund without an approval record: the actor must be allowed to approve it alone."""
    user = require(session, who, Permission.APPROVE_REFUNDS)
    limit = approval_limit_cny(user)
    from .rates import current_rates

    cny = to_cny(breakdown.total, breakdown.currency, current_rates(session).rates)
    if limit is None or cny is None or cny > limit:
        raise PermissionDeniedError(
            f"退款 {breakdown.total} {breakdown.currency}(约 ¥{cny})超过您的审批额度 ¥{limit}。",
            f"The refund of {breakdown.total} {breakdown.currency} (≈ CNY {cny}) exceeds your approval limit "
            f"(CNY {limit}).",
            hint_zh="请提交审批,由有权限的同事批准。",
            hint_en="Send it for approval by a colleague who may approve it.",
        )


def enqueue_refund(
    session: Session,
    case: Case,
    who: ActorLike,
    *,
    approval_id: int | None = None,
    components: Mapping[str, object] | None = None,
    adjustment_reason: str | None = None,
    request_id: str | None = None,
) -> list[RefundOutbox]:
    """Queue the refund of ``case`` in the caller's transaction: one ``intended`` outbox row per order item.

    Idempotent: a second call for the same case and approval returns the rows of the first. With
    ``approval_id`` the approval must be APPROVED and for this case (the approval service checked who
    approved); without one, ``who`` must be allowed to approve refunds of this size alone. ``components``
    (component type → amount, case level; default: the approval's, else :func:`default_breakdown`) are split
    over the case's items in proportion to their default share. Raises InputError for anything
    :func:`validate_breakdown` refuses; nothing is written then. Writes a timeline entry and an audit entry.
    """
    who = as_actor(who)
    approval = _approval(session, case, approval_id) if approval_id is not None else None
    existing = _rows_for(session, case.id, approval_id)
    if existing:
        return existing
    if case.state in (CaseState.REFUNDED, CaseState.REFUND_SUBMITTED):
        raise InputError(
            f"工单 #{case.id} 当前为「{case.state.label_zh}」,不能再次发起退款。",
            f"Case #{case.id} is '{case.state.label_en}'; it cannot be refunded again.",
            hint_zh="如需追加退款,请先把工单改回处理中并重新审批。",
            hint_en="For a further refund, reopen the case and have it approved again.",
        )
    breakdown = _breakdown_to_send(session, case, approval, components, adjustment_reason)
    validate_breakdown(session, case, breakdown, approval_id=approval_id)
    if approval is not None and breakdown.total > approval.amount:
        raise _bad(
            case, f"退款明细合计 {breakdown.total} {breakdown.currency} 超过审批 #{approval.id} 批准的 "
            f"{approval.amount} {approval.currency}。",
            f"the breakdown totals {breakdown.total} {breakdown.currency}, above the {approval.amount} "
            f"{approval.currency} approval #{approval.id} approved.",
            hint_zh="请按批准的金额重新提交审批。", hint_en="Send it for approval again at the approved amount.",
        )  # fmt: skip
    if approval is None:
        _check_limit(session, who, case, breakdown)
    order = _order_of(session, case)
    rows = [
        RefundOutbox(
            case_id=case.id,
            account_id=case.account_id,
            approval_id=approval_id,
            marketplace_code=order.marketplace_code,
            order_item_id=line.order_item_id,
            quantity=line.quantity,
            adjustment_key=_key(session, case, approval, line.order_item_id),
            state=OutboxState.INTENDED,
            amazon_order_id=order.amazon_order_id,
            adjustment_reason=breakdown.adjustment_reason,
            components={k: str(v) for k, v in line.components.items()},
            amount=line.total,
            currency=breakdown.currency,
        )
        for line in breakdown.lines
    ]
    session.add_all(rows)
    session.flush()
    request_id = request_id or uuid.uuid4().hex
    money = f"{breakdown.total} {breakdown.currency}"
    keys = [r.adjustment_key for r in rows]
    payload = {"case_id": case.id, "approval_id": approval_id, "adjustment_reason": breakdown.adjustment_reason,
               "currency": breakdown.currency, "total": str(breakdown.total),
               "rows": [{"id": r.id, "adjustment_key": r.adjustment_key, "order_item_id": r.order_item_id,
                         "components": r.components, "amount": str(r.amount)} for r in rows]}  # fmt: skip
    _timeline(
        session, case.id, who,
        f"退款已排队,等待发送亚马逊:{money}({breakdown.adjustment_reason})/ Refund queued for Amazon: {money}",
        {"adjustment_keys": keys, "approval_id": approval_id, "total": str(breakdown.total),
         "currency": breakdown.currency},
    )  # fmt: skip
    audit.append(
        session, actor=who.name, action="refund.enqueued",
        summary=shorten(f"工单 #{case.id}:退款 {money} 已排队({len(rows)} 笔)/ case #{case.id}: refund of {money} "
                        f"queued ({len(rows)} adjustment(s))"),
        payload=payload, entity_type="case", entity_id=case.id, request_id=request_id,
    )  # fmt: skip
    return rows


def _timeline(session: Session, case_id: int, who: Actor, summary: str, data: dict) -> None:
    session.add(CaseEvent(case_id=case_id, kind="refund", actor_id=who.user_id, summary=shorten(summary), data=data))


# -- outcomes (recorded by the refund feed stream) ----------------------------------------------------------------


# The outbox's transitions (submitted, accepted, rejected, 待确认 …) live in :mod:`.refund_outbox`.


# -- settling: the RefundEvent arrived ----------------------------------------------------------------------------


def _sku_of(session: Session, account_id: int, rows: list[RefundOutbox]) -> dict[tuple[str, str], str]:
    order_ids = {r.amazon_order_id for r in rows}
    query = (
        sa.select(Order.amazon_order_id, OrderItem.order_item_id, OrderItem.sku)
        .join(OrderItem, OrderItem.order_id == Order.id)
        .where(Order.account_id == account_id, Order.amazon_order_id.in_(order_ids))
    )
    return {(oid, item): sku for oid, item, sku in session.execute(query)}


def _is_intake_copy(session: Session, other: Case, event: FinancialEvent) -> bool:
    """Is ``other`` the refund case the Finances intake opened just for this event (and nobody touched)?"""
    if other.kind is not CaseKind.REFUND or other.source != "finances" or other.source_ref != event.adjustment_id:
        return False
    if other.assignee_id is not None:
        return False
    kinds = set(session.scalars(sa.select(CaseEvent.kind).where(CaseEvent.case_id == other.id)))
    if kinds - {"created", "sync"}:
        return False
    for model in (RefundOutbox, Approval, EvidenceAttachment, ReturnRecord):
        if session.scalar(sa.select(sa.func.count()).select_from(model).where(model.case_id == other.id)):
            return False
    return True


def _absorb(session: Session, case: Case, event: FinancialEvent, who: Actor, request_id: str) -> None:
    """Attach ``event`` to ``case``; fold the intake's copy of the refund into it (moved events, audited)."""
    if event.case_id == case.id:
        return
    other = session.get(Case, event.case_id) if event.case_id is not None else None
    if other is None:
        event.case_id = case.id
        return
    if not _is_intake_copy(session, other, event):
        return  # a case of its own (e.g. a refund case the event settles too): leave it linked there
    moved = list(session.scalars(sa.select(FinancialEvent.id).where(FinancialEvent.case_id == other.id)))
    session.execute(sa.update(FinancialEvent).where(FinancialEvent.case_id == other.id).values(case_id=case.id))
    session.execute(sa.delete(CaseEvent).where(CaseEvent.case_id == other.id))
    other_id, other_ref = other.id, other.source_ref
    session.expunge(other)
    session.execute(sa.delete(Case).where(Case.id == other_id))
    audit.append(
        session, actor=who.name, action="case.merged",
        summary=shorten(f"退款入账工单 #{other_id}(调整 {other_ref})并入工单 #{case.id} / refund case #{other_id} "
                        f"(adjustment {other_ref}) merged into case #{case.id}"),
        payload={"merged_case_id": other_id, "into_case_id": case.id, "source_ref": other_ref,
                 "financial_event_ids": moved},
        entity_type="case", entity_id=case.id, request_id=request_id,
    )  # fmt: skip


def settle_refunds(session: Session, account_id: int, who: Actor = SYNC_ACTOR) -> int:
    """Cases whose accepted refunds have all arrived as Finances RefundEvents → 已退款 (exactly once).

    For each accepted (done) outbox row of a case still 退款已提交, find a RefundEvent of the same order, SKU
    and amount (event amount = −refund), posted after the refund was sent, not settling another queued
    refund. When every row of the case has one: the case → refunded, the events are linked to it, and a
    refund case the intake opened for such an event is folded in (see :func:`_absorb`). Returns cases settled.
    """
    rows = list(
        session.scalars(
            sa.select(RefundOutbox)
            .join(Case, Case.id == RefundOutbox.case_id)
            .where(
                RefundOutbox.account_id == account_id,
                RefundOutbox.state == OutboxState.DONE,
                Case.state == CaseState.REFUND_SUBMITTED,
            )
            .order_by(RefundOutbox.id)
        )
    )
    if not rows:
        return 0
    skus = _sku_of(session, account_id, rows)
    order_ids = {r.amazon_order_id for r in rows}
    events = list(
        session.scalars(
            sa.select(FinancialEvent)
            .where(
                FinancialEvent.account_id == account_id,
                FinancialEvent.event_type == "RefundEvent",
                FinancialEvent.amazon_order_id.in_(order_ids),
            )
            .order_by(FinancialEvent.posted_at, FinancialEvent.id)
        )
    )
    outbox_cases = set(
        session.scalars(
            sa.select(RefundOutbox.case_id).where(
                RefundOutbox.account_id == account_id, RefundOutbox.amazon_order_id.in_(order_ids)
            )
        )
    )
    by_case: dict[int, list[RefundOutbox]] = {}
    for row in rows:
        by_case.setdefault(row.case_id, []).append(row)
    used: set[int] = set()
    settled = 0
    request_id = uuid.uuid4().hex
    for case_id, case_rows in by_case.items():
        matches = []
        for row in case_rows:
            sent = (row.attempted_at or row.created_at) - SETTLE_MARGIN
            event = next(
                (
                    e for e in events
                    if e.id not in used and e.amazon_order_id == row.amazon_order_id
                    and e.sku == skus.get((row.amazon_order_id, row.order_item_id)) and e.currency == row.currency
                    and -e.amount == row.amount and e.posted_at >= sent
                    and (e.case_id in (None, case_id) or e.case_id not in outbox_cases)
                ),
                None,
            )  # fmt: skip
            if event is None:
                break
            used.add(event.id)
            matches.append((row, event))
        else:
            case = get_case(session, case_id)
            for _, event in matches:
                _absorb(session, case, event, who, request_id)
            refs = ", ".join(e.adjustment_id or "?" for _, e in matches)
            total = sum((r.amount for r in case_rows), Decimal(0))
            record_state_change(
                session, case, CaseState.REFUNDED, who,
                comment=f"退款已入账 {total} {case_rows[0].currency}(RefundEvent {refs})/ refund posted",
                request_id=request_id, action="refund.settled",
                payload={"financial_event_ids": [e.id for _, e in matches],
                         "adjustment_keys": [r.adjustment_key for r in case_rows]},
            )  # fmt: skip
            notifications.refund_progress(session, case.id, notifications.REFUND_CREDITED)  # tell the requester
            settled += 1
    return settled


# -- reading ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OutboxView:
    id: int
    case_id: int
    account_id: int | None
    approval_id: int | None
    marketplace_code: str | None
    amazon_order_id: str
    order_item_id: str | None
    quantity: int
    adjustment_key: str
    state: OutboxState
    adjustment_reason: str
    components: dict[str, str]
    amount: Decimal
    currency: str
    feed_id: str | None
    message_id: int | None
    error_message: str | None
    created_at: datetime
    attempted_at: datetime | None
    submitted_at: datetime | None
    completed_at: datetime | None
    unconfirmed_reason: str | None = None  # why it is 待确认 (a code of services.refund_outbox.REASON_LABELS)

    @classmethod
    def of(cls, row: RefundOutbox) -> OutboxView:
        return cls(
            row.id, row.case_id, row.account_id, row.approval_id, row.marketplace_code, row.amazon_order_id,
            row.order_item_id, row.quantity, row.adjustment_key, row.state, row.adjustment_reason,
            dict(row.components or {}), row.amount, row.currency, row.feed_id, row.message_id, row.error_message,
            row.created_at, row.attempted_at, row.submitted_at, row.completed_at, row.unconfirmed_reason,
        )  # fmt: skip

    def as_json(self) -> dict:
        data = {name: getattr(self, name) for name in self.__slots__}
        data["state"] = self.state.value
        data["amount"] = str(self.amount)
        for name in ("created_at", "attempted_at", "submitted_at", "completed_at"):
            value = data[name]
            data[name] = value.isoformat() if value else None
        return data


def outbox_for_case(session: Session, case_id: int) -> list[OutboxView]:
    rows = session.scalars(sa.select(RefundOutbox).where(RefundOutbox.case_id == case_id).order_by(RefundOutbox.id))
    return [OutboxView.of(r) for r in rows]


def list_outbox(store, state: OutboxState | str | None = None, *, case_id: int | None = None) -> list[OutboxView]:
    """Outbox rows, newest first; optionally of one state (``OutboxState`` or its value) or one case."""
    if state is not None and not isinstance(state, OutboxState):
        try:
            state = OutboxState(state)
        except ValueError:
            allowed = ", ".join(s.value for s in OutboxState)
            raise InputError(f"退款状态「{state}」无效。可选:{allowed}", f"Invalid refund state '{state}'. "
                             f"Choose: {allowed}") from None  # fmt: skip
    query = sa.select(RefundOutbox).order_by(RefundOutbox.id.desc())
    if state is not None:
        query = query.where(RefundOutbox.state == state)
    if case_id is not None:
        query = query.where(RefundOutbox.case_id == case_id)
    with store.reader() as session:
        return [OutboxView.of(r) for r in session.scalars(query)]
