"""Case kinds, case states and the explicit state machine between them."""

from __future__ import annotations

import enum

from ..errors import InvalidTransitionError


class CaseKind(enum.StrEnum):
    RETURN_REQUEST = "return_request"
    REFUND = "refund"
    ATOZ_CLAIM = "atoz_claim"
    CHARGEBACK = "chargeback"
    SAFET_CLAIM = "safet_claim"
    REIMBURSEMENT = "reimbursement"
    BUYER_MESSAGE = "buyer_message"  # a forwarded buyer-seller message: answer within 24 h (domain.md §1.3)

    @property
    def label_zh(self) -> str:
        return _KIND_LABELS[self][0]

    @property
    def label_en(self) -> str:
        return _KIND_LABELS[self][1]


_KIND_LABELS = {
    CaseKind.RETURN_REQUEST: ("退货申请", "Return request"),
    CaseKind.REFUND: ("退款", "Refund"),
    CaseKind.ATOZ_CLAIM: ("A-to-z 索赔", "A-to-z claim"),
    CaseKind.CHARGEBACK: ("拒付", "Chargeback"),
    CaseKind.SAFET_CLAIM: ("SAFE-T 索赔", "SAFE-T claim"),
    CaseKind.REIMBURSEMENT: ("FBA 赔偿", "FBA reimbursement"),
    CaseKind.BUYER_MESSAGE: ("买家消息", "Buyer message"),
}


class CaseState(enum.StrEnum):
    NEW = "new"
    IN_PROGRESS = "in_progress"
    AWAITING_APPROVAL = "awaiting_approval"
    APPROVED = "approved"
    REJECTED = "rejected"
    REFUND_SUBMITTED = "refund_submitted"
    REFUNDED = "refunded"
    REFUND_FAILED = "refund_failed"
    RESPONDED = "responded"
    WON = "won"
    LOST = "lost"
    CLOSED = "closed"

    @property
    def label_zh(self) -> str:
        return _STATE_LABELS[self][0]

    @property
    def label_en(self) -> str:
        return _STATE_LABELS[self][1]

    @property
    def is_open(self) -> bool:
        """Open cases are the ones whose deadline still matters (a lost claim stays open: it can be appealed)."""
        return self not in RESOLVED_STATES


_STATE_LABELS = {
    CaseState.NEW: ("新建", "New"),
    CaseState.IN_PROGRESS: ("处理中", "In progress"),
    CaseState.AWAITING_APPROVAL: ("待审批", "Awaiting approval"),
    CaseState.APPROVED: ("已批准", "Approved"),
    CaseState.REJECTED: ("已驳回", "Rejected"),
    CaseState.REFUND_SUBMITTED: ("退款已提交", "Refund submitted"),
    CaseState.REFUNDED: ("已退款", "Refunded"),
    CaseState.REFUND_FAILED: ("退款失败", "Refund failed"),
    CaseState.RESPONDED: ("已答复", "Responded"),
    CaseState.WON: ("已胜诉", "Won"),
    CaseState.LOST: ("已败诉", "Lost"),
    CaseState.CLOSED: ("已关闭", "Closed"),
}

# Nothing is left to do on these (they may still be reopened, which is an audited transition).
RESOLVED_STATES = frozenset({CaseState.REFUNDED, CaseState.WON, CaseState.CLOSED})

_S = CaseState
ALLOWED_TRANSITIONS: dict[CaseState, frozenset[CaseState]] = {
    # Amazon decides claims whatever we did so far: a granted (LOST) or reimbursed (WON) claim can follow any
    # state before an answer too — its Finances event must not be left waiting on our bookkeeping.
    _S.NEW: frozenset({_S.IN_PROGRESS, _S.AWAITING_APPROVAL, _S.RESPONDED, _S.REFUNDED, _S.WON, _S.LOST, _S.CLOSED}),
    _S.IN_PROGRESS: frozenset({_S.AWAITING_APPROVAL, _S.RESPONDED, _S.REFUNDED, _S.WON, _S.LOST, _S.CLOSED}),
    _S.AWAITING_APPROVAL: frozenset({_S.APPROVED, _S.REJECTED, _S.IN_PROGRESS}),
    _S.APPROVED: frozenset({_S.REFUND_SUBMITTED, _S.RESPONDED, _S.CLOSED}),
    _S.REJECTED: frozenset({_S.IN_PROGRESS, _S.AWAITING_APPROVAL, _S.CLOSED}),
    _S.REFUND_SUBMITTED: frozenset({_S.REFUNDED, _S.REFUND_FAILED}),
    _S.REFUND_FAILED: frozenset({_S.AWAITING_APPROVAL, _S.IN_PROGRESS, _S.CLOSED}),
    _S.REFUNDED: frozenset({_S.CLOSED}),
    _S.RESPONDED: frozenset({_S.WON, _S.LOST, _S.IN_PROGRESS, _S.CLOSED}),
    _S.WON: frozenset({_S.CLOSED}),
    _S.LOST: frozenset({_S.RESPONDED, _S.CLOSED}),  # an appeal puts a lost claim back to "responded"
    _S.CLOSED: frozenset({_S.IN_PROGRESS}),  # reopening is allowed, and audited like any change
}


def can_transition(current: CaseState, target: CaseState) -> bool:
    return target in ALLOWED_TRANSITIONS[current]


def check_transition(current: CaseState, target: CaseState) -> None:
    """Raise :class:`InvalidTransitionError` unless ``current → target`` is allowed."""
    if not can_transition(current, target):
        raise InvalidTransitionError(
            f"工单状态不能从「{current.label_zh}」改为「{target.label_zh}」。",
            f"A case cannot go from '{current.label_en}' to '{target.label_en}'.",
            hint_zh="允许的下一状态:" + "、".join(s.label_zh for s in sorted(ALLOWED_TRANSITIONS[current])),
            hint_en="Allowed next states: " + ", ".join(s.label_en for s in sorted(ALLOWED_TRANSITIONS[current])),
        )
