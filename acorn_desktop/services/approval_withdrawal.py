"""撤回申请: the requester takes a pending refund request back before anyone decides it.

Only the requester (or an administrator) may withdraw, and only while the request is pending: an approved request
has released its refund into the outbox and can no longer be withdrawn. Withdrawing ends every pending level of
the request (status ``withdrawn``), moves the case from 待审批 back to 处理中 — the one workable state the state
machine allows from 待审批, whatever the case was before the request — and records one audit entry and the
timeline events, all in one transaction. It never touches the refund outbox.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from ..domain.cases import CaseState
from ..errors import InputError, InvalidTransitionError, PermissionDeniedError
from ..models import Approval, ApprovalStatus, CaseEvent, RefundOutbox
from .approvals import _STATUS_LABELS, COMMENT_MAX_CHARS, _chain, _get_approval, _get_case, _money
from .changes import ActorLike, check_version, record_state_change, shorten
from .permissions import current_user
from .users import LoginSession, actor_of

BACK_TO = CaseState.IN_PROGRESS  # 待审批 → 处理中: the request is gone, the case is worked on again
ADMIN_ROLE = "admin"
REASON_MAX_CHARS = COMMENT_MAX_CHARS // 2  # it goes into the approval's comment with a prefix


@dataclass(frozen=True, slots=True)
class WithdrawResult:
    approval_ids: tuple[int, ...]  # every level of the request that was still pending
    case_id: int
    case_state: CaseState
    request_id: str


@dataclass(frozen=True, slots=True)
class OwnRequest:
    """The pending request of a case the viewer may withdraw (what the 撤回申请 action acts on)."""

    approval_id: int
    case_id: int
    case_version: int
    amount: str  # "39.99 EUR"
    requested_at: datetime


def withdraw_request(
    session: Session, approval_id: int, who: ActorLike | LoginSession, reason: str, *,
    expected_version: int | None = None,
) -> WithdrawResult:  # fmt: skip
    """Withdraw the request ``approval_id`` belongs to, inside the caller's transaction (nothing is flushed
    before every check passed; any refusal leaves the store as it was)."""
    actor = actor_of(who)
    reason = _clean_reason(reason)
    user = current_user(session, actor)
    approval = _get_approval(session, approval_id, lock=True)
    case = _get_case(session, approval.case_id)
    if approval.status is ApprovalStatus.APPROVED:
        raise InputError(
            f"审批 #{approval.id} 已批准,不能撤回:退款已进入发送队列。",
            f"Approval #{approval.id} was already approved and cannot be withdrawn: its refund is queued.",
            hint_zh="如需取消退款,请联系主管处理发送队列中的退款。",
            hint_en="To stop the refund, ask a manager to deal with it in the refund queue.",
        )
    if approval.status is not ApprovalStatus.PENDING:
        status_zh, status_en = _STATUS_LABELS[approval.status]
        raise InputError(
            f"审批 #{approval.id} 已处理(状态:{status_zh}),不能撤回。",
            f"Approval #{approval.id} is no longer pending ({status_en}); it cannot be withdrawn.",
            hint_zh="请刷新列表。", hint_en="Reload the list.",
        )  # fmt: skip
    if approval.requested_by != user.id and user.role_code != ADMIN_ROLE:
        raise PermissionDeniedError(
            f"审批申请 #{approval.id} 不是您提交的,只有申请人本人或管理员可以撤回。",
            f"Approval request #{approval.id} is not yours; only the requester or an administrator may withdraw it.",
        )
    if case.state is not CaseState.AWAITING_APPROVAL:
        raise InvalidTransitionError(
            f"工单 #{case.id} 当前状态为「{case.state.label_zh}」,不在待审批中,无法撤回申请。",
            f"Case #{case.id} is '{case.state.label_en}', not awaiting approval; there is nothing to withdraw.",
        )
    check_version(case, expected_version)
    chain = _chain(session, approval)
    queued = session.scalar(
        sa.select(sa.func.count()).select_from(RefundOutbox).where(RefundOutbox.approval_id.in_([a.id for a in chain]))
    )
    if queued:  # never expected for a pending request; refuse rather than leave a refund without its approval
        raise InputError(
            f"审批 #{approval.id} 的退款已在发送队列中,不能撤回。",
            f"The refund of approval #{approval.id} is already in the refund queue; it cannot be withdrawn.",
        )
    now = datetime.now(UTC)
    request_id = uuid.uuid4().hex
    withdrawn = [a for a in chain if a.status is ApprovalStatus.PENDING]
    for item in withdrawn:
        item.status = ApprovalStatus.WITHDRAWN
        item.decided_by = user.id
        item.decided_at = now
        item.comment = shorten(f"申请人撤回 / withdrawn by the requester: {reason}", COMMENT_MAX_CHARS)
    ids = [a.id for a in withdrawn]
    money = _money(approval.amount, approval.currency)
    session.add(
        CaseEvent(
            case_id=case.id, kind="approval_withdrawn", actor_id=user.id, at=now,
            summary=shorten(f"{user.display_name} 撤回审批申请({money}):{reason} / {user.display_name} withdrew "
                            f"the approval request ({money}): {reason}"),
            data={"approval_ids": ids, "reason": reason, "actor": actor.name, "request_id": request_id},
        )
    )  # fmt: skip
    record_state_change(
        session, case, BACK_TO, actor, comment=reason, request_id=request_id, action="approval.withdrawn",
        audit_summary=shorten(f"工单 #{case.id} 撤回审批申请 #{approval.id}({money}) / case #{case.id} approval "
                              f"request #{approval.id} withdrawn ({money})"),
        payload={"approval_ids": ids, "reason": reason, "requested_by": approval.requested_by,
                 "withdrawn_by": user.id, "amount": str(approval.amount), "currency": approval.currency},
    )  # fmt: skip
    return WithdrawResult(tuple(ids), case.id, case.state, request_id)


class WithdrawalServices:
    """Bound to one open store; actor first on every method (``ActorBound`` fills it in for the UI)."""

    def __init__(self, store) -> None:
        self.store = store

    def withdraw(
        self, actor: ActorLike | LoginSession, approval_id: int, reason: str, *, expected_version: int | None = None
    ) -> WithdrawResult:
        """:func:`withdraw_request` in a transaction of its own."""
        with self.store.session() as session:
            return withdraw_request(session, approval_id, actor, reason, expected_version=expected_version)

    def own_request(self, actor: ActorLike | LoginSession, case_id: int) -> OwnRequest | None:
        """The case's pending request if the viewer may withdraw it (their own, or any for an admin), else None."""
        who = actor_of(actor)
        if who.user_id is None:
            return None
        with self.store.reader() as session:
            user = current_user(session, who)
            case = _get_case(session, case_id)
            if case.state is not CaseState.AWAITING_APPROVAL:
                return None
            query = sa.select(Approval).where(Approval.case_id == case.id, Approval.status == ApprovalStatus.PENDING)
            if user.role_code != ADMIN_ROLE:
                query = query.where(Approval.requested_by == user.id)
            approval = session.scalars(query.order_by(Approval.level, Approval.id).limit(1)).first()
            if approval is None:
                return None
            money = _money(approval.amount, approval.currency)
            return OwnRequest(approval.id, case.id, case.version, money, approval.requested_at)


def _clean_reason(reason: str) -> str:
    reason = " ".join((reason or "").split())
    if not reason:
        raise InputError("请填写撤回申请的理由。", "Give a reason for withdrawing the request.",
                         hint_zh="理由会记入工单时间线和审计日志。",
                         hint_en="It is kept on the case timeline and in the audit log.")  # fmt: skip
    if len(reason) > REASON_MAX_CHARS:
        raise InputError(f"理由太长({len(reason)} 字),最多 {REASON_MAX_CHARS} 字。",
                         f"The reason is too long ({len(reason)} characters); at most {REASON_MAX_CHARS}.")  # fmt: skip
    return reason


__all__ = ["OwnRequest", "WithdrawResult", "WithdrawalServices", "withdraw_request"]
