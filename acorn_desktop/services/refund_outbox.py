"""The refund outbox's state machine: every transition of a :class:`RefundOutbox` row, in one place.

::

    intended ─claim→ submitting ─our createFeed answered→ submitted(feedId) ─our report→ done | failed
                         │  └─Amazon proved it refused→ intended
                         └─answer unknown / interrupted→ unconfirmed (待确认)
    submitted ─our feed ended without a report for it→ unconfirmed
    unconfirmed ─a RefundEvent or settlement lines naming this adjustment (:mod:`.refund_evidence`)→ done
                ─主管: confirmed in Seller Central→ done
                ─主管 asks to send again + a second 主管 confirms (four-eyes)→ intended

A row is ``submitted`` only with the feedId OUR createFeed returned; nobody else's feed is ever adopted, and
nothing is sent again without two people. ``failed`` only when our feed's processing report rejected this
message. Each transition checks the allowed-from set (:data:`ALLOWED_FROM`) and writes one audit entry in the
transaction that makes it; the database keeps reason codes, :data:`REASON_LABELS` renders them.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Session

from ..domain.cases import CaseState, can_transition
from ..errors import InputError, InvalidTransitionError, PermissionDeniedError
from ..models import (
    Approval,
    ApprovalStatus,
    AuditEntry,
    CaseEvent,
    OutboxState,
    RefundOutbox,
    User,
)
from . import audit, notifications
from .changes import Actor, get_case, record_state_change, shorten
from .permissions import current_user
from .refunds import SYNC_ACTOR

S = OutboxState
ALLOWED_FROM: dict[OutboxState, frozenset[OutboxState]] = {
    S.SUBMITTING: frozenset({S.INTENDED}),
    S.INTENDED: frozenset({S.SUBMITTING, S.UNCONFIRMED}),  # refused by Amazon / four-eyes resend
    S.SUBMITTED: frozenset({S.SUBMITTING}),
    S.UNCONFIRMED: frozenset({S.SUBMITTING, S.SUBMITTED, S.INTENDED}),
    S.DONE: frozenset({S.SUBMITTED, S.UNCONFIRMED}),
    S.FAILED: frozenset({S.SUBMITTED}),
}
REVIEW_AFTER = timedelta(hours=24)  # without evidence this long, a 主管 is asked to check in Seller Central
MANAGER_ROLES = frozenset({"manager"})

CREATE_UNKNOWN = "create_unknown"
INTERRUPTED = "interrupted"
FEED_NOT_FOUND = "feed_not_found"
FEED_UNPROCESSED = "feed_unprocessed"
REPORT_MISMATCH = "report_mismatch"
APPROVAL_MISMATCH = "approval_mismatch"
SETTLEMENT_DIFFERS = "settlement_differs"
REASON_LABELS: dict[str, tuple[str, str]] = {
    CREATE_UNKNOWN: ("提交结果未知(亚马逊的回复丢失)", "createFeed's answer was lost"),
    INTERRUPTED: ("提交时同步被中断", "the sync stopped while submitting"),
    FEED_NOT_FOUND: ("亚马逊已找不到该 Feed", "Amazon no longer knows the feed"),
    FEED_UNPROCESSED: ("Feed 未被亚马逊处理(无处理报告)", "the feed ended without a processing report"),
    REPORT_MISMATCH: ("处理报告与所发内容不符", "the processing report does not match what was sent"),
    APPROVAL_MISMATCH: ("与审批记录不符", "differs from the approval record"),
    SETTLEMENT_DIFFERS: (
        "结算报告中有此调整,但金额与所发不符",
        "the settlement report holds this adjustment with another amount",
    ),
}


class OutboxTransitionError(InvalidTransitionError):
    def __init__(self, row: RefundOutbox, target: OutboxState) -> None:
        super().__init__(
            f"退款 {row.adjustment_key} 当前为「{row.state.value}」,不能改为「{target.value}」。",
            f"Refund {row.adjustment_key} is '{row.state.value}'; it cannot become '{target.value}'.",
        )


def _move(
    session: Session,
    rows: list[RefundOutbox],
    target: OutboxState,
    who: Actor,
    *,
    action: str,
    summary: str,
    at: datetime,
    payload: dict | None = None,
    request_id: str | None = None,
    entity: tuple[str, object] | None = None,
    **values,
) -> None:
    """Check every row may go to ``target``, move them, and write ONE audit entry."""
    for row in rows:
        if row.state not in ALLOWED_FROM[target]:
            raise OutboxTransitionError(row, target)
    before = {r.adjustment_key: r.state.value for r in rows}
    for row in rows:
        row.state = target
        for name, value in values.items():
            setattr(row, name, value)
    session.flush()
    entity_type, entity_id = entity or ("refund_outbox", rows[0].id if len(rows) == 1 else None)
    audit.append(
        session, actor=who.name, action=action, summary=shorten(summary),
        payload={"to": target.value, "from": before, **(payload or {})},
        entity_type=entity_type, entity_id=entity_id, request_id=request_id, at=at,
    )  # fmt: skip


def _timeline(session: Session, case_id: int, who: Actor, summary: str, data: dict) -> None:
    session.add(CaseEvent(case_id=case_id, kind="refund", actor_id=who.user_id, summary=shorten(summary), data=data))


def _by_document(session: Session, account_id: int, document_id: str, state: OutboxState) -> list[RefundOutbox]:
    return list(
        session.scalars(
            sa.select(RefundOutbox)
            .where(RefundOutbox.account_id == account_id, RefundOutbox.feed_document_id == document_id)
            .where(RefundOutbox.state == state)
            .order_by(RefundOutbox.id)
        )
    )


# -- the sender's transitions ---------------------------------------------------------------------------------


def claim(
    session: Session, account_id: int, claims: list[tuple[int, int]], document_id: str, who: Actor, *,
    at: datetime, payload: dict, request_id: str | None = None,
) -> int | None:  # fmt: skip
    """intended → submitting for (row id, MessageID) pairs, BEFORE createFeed. None when a row was taken (the
    caller rolls back); else how many were claimed. Conditional updates: two senders cannot both claim."""
    for row_id, message_id in claims:
        claimed = session.execute(
            sa.update(RefundOutbox)
            .where(RefundOutbox.id == row_id, RefundOutbox.state == OutboxState.INTENDED)
            .values(state=OutboxState.SUBMITTING, attempted_at=at, feed_document_id=document_id,
                    message_id=message_id, feed_id=None, error_message=None, unconfirmed_reason=None)
        ).rowcount  # fmt: skip
        if claimed != 1:
            return None
    audit.append(
        session, actor=who.name, action="refund.feed.document",
        summary=f"{len(claims)} 笔退款写入 Feed 文档,即将提交 / {len(claims)} refund adjustment(s) uploaded, "
        "createFeed next",
        payload={"to": OutboxState.SUBMITTING.value, "feed_document_id": document_id, **payload},
        entity_type="seller_account", entity_id=account_id, request_id=request_id, at=at,
    )  # fmt: skip
    return len(claims)


def release(
    session: Session, account_id: int, document_id: str, who: Actor, *, at: datetime, reason: str,
    request_id: str | None = None,
) -> int:  # fmt: skip
    """submitting → intended: Amazon PROVED it did not take the createFeed (throttled, refused, never sent)."""
    rows = _by_document(session, account_id, document_id, OutboxState.SUBMITTING)
    if rows:
        _move(
            session, rows, OutboxState.INTENDED, who, action="refund.feed.not_created", at=at,
            summary=f"亚马逊未接受 Feed 文档 {document_id} 的提交({reason}),{len(rows)} 笔退款重新排队 / createFeed "
            f"refused ({reason}); {len(rows)} adjustment(s) queued again",
            payload={"feed_document_id": document_id, "reason": reason,
                     "adjustment_keys": [r.adjustment_key for r in rows]},
            request_id=request_id, entity=("seller_account", account_id),
            attempted_at=None, feed_document_id=None, message_id=None,
        )  # fmt: skip
    return len(rows)


def mark_submitted(
    session: Session, account_id: int, document_id: str, feed_id: str, who: Actor = SYNC_ACTOR, *,
    at: datetime, request_id: str | None = None,
) -> int:  # fmt: skip
    """submitting → submitted with the feedId OUR createFeed returned; the cases → 退款已提交. Cases moved."""
    rows = _by_document(session, account_id, document_id, OutboxState.SUBMITTING)
    if not rows:
        return 0
    _move(
        session, rows, OutboxState.SUBMITTED, who, action="refund.feed.created", at=at,
        summary=f"退款 Feed {feed_id} 已提交({len(rows)} 笔)/ refund feed {feed_id} created ({len(rows)})",
        payload={"feed_id": feed_id, "feed_document_id": document_id,
                 "adjustment_keys": sorted(r.adjustment_key for r in rows)},
        request_id=request_id, entity=("seller_account", account_id), feed_id=feed_id, submitted_at=at,
    )  # fmt: skip
    return cases_submitted(session, [r.case_id for r in rows], feed_id, who, request_id=request_id)


def mark_unconfirmed(
    session: Session, rows: list[RefundOutbox], reason: str, who: Actor = SYNC_ACTOR, *, at: datetime,
    detail: str = "", request_id: str | None = None,
) -> int:  # fmt: skip
    """→ 待确认: Amazon's answer about these adjustments is unknown. Never re-sent on its own."""
    if not rows:
        return 0
    zh, en = REASON_LABELS[reason]
    for row in rows:
        _timeline(
            session, row.case_id, who,
            f"退款 {row.amount} {row.currency} 待确认:{zh}。系统不会自动重发;等待亚马逊的退款记录或主管核实 / "
            f"refund unconfirmed: {en}" + (f" ({detail})" if detail else ""),
            {"adjustment_key": row.adjustment_key, "reason": reason, "feed_id": row.feed_id},
        )  # fmt: skip
    _move(
        session, rows, OutboxState.UNCONFIRMED, who, action="refund.unconfirmed", at=at,
        summary=f"{len(rows)} 笔退款待确认:{zh} / {len(rows)} refund(s) unconfirmed: {en}",
        payload={"reason": reason, "detail": detail, "adjustment_keys": [r.adjustment_key for r in rows],
                 "feed_document_ids": sorted({r.feed_document_id or "" for r in rows})},
        request_id=request_id, entity=("seller_account", rows[0].account_id),
        unconfirmed_reason=reason, unconfirmed_at=at, error_message=shorten(detail, 1000) if detail else None,
    )  # fmt: skip
    return len(rows)


def unconfirm_interrupted(session: Session, account_id: int, who: Actor = SYNC_ACTOR, *, at: datetime) -> int:
    """``submitting`` rows found by the sender holding the lease were left by an interrupted run → 待确认."""
    rows = list(
        session.scalars(
            sa.select(RefundOutbox)
            .where(RefundOutbox.account_id == account_id, RefundOutbox.state == OutboxState.SUBMITTING)
            .order_by(RefundOutbox.id)
        )
    )
    return mark_unconfirmed(session, rows, INTERRUPTED, who, at=at)


def cases_submitted(
    session: Session, case_ids: Iterable[int], feed_id: str | None, who: Actor = SYNC_ACTOR, *,
    request_id: str | None = None,
) -> int:  # fmt: skip
    """The refunds of these cases are at Amazon: each case → 退款已提交. Returns how many moved."""
    moved = 0
    ref = f"Feed {feed_id}" if feed_id else "已核实 / verified"
    for case_id in sorted(set(case_ids)):
        case = get_case(session, case_id)
        comment = f"退款已提交亚马逊({ref})/ refund submitted to Amazon ({feed_id or 'verified'})"
        if case.state is CaseState.REFUND_SUBMITTED:
            continue
        if can_transition(case.state, CaseState.REFUND_SUBMITTED):
            record_state_change(
                session, case, CaseState.REFUND_SUBMITTED, who, comment=comment, request_id=request_id,
                action="refund.submitted", payload={"feed_id": feed_id},
            )  # fmt: skip
            notifications.refund_progress(session, case.id, notifications.REFUND_SUBMITTED)  # the requester
            moved += 1
        else:
            _timeline(session, case_id, who, comment, {"feed_id": feed_id})
    return moved


def record_accepted(
    session: Session, row: RefundOutbox, who: Actor = SYNC_ACTOR, *, at: datetime, note: str | None = None,
    request_id: str | None = None,
) -> None:  # fmt: skip
    """Our feed's processing report accepted this message: submitted → done."""
    money = f"{row.amount} {row.currency}"
    _timeline(
        session, row.case_id, who,
        f"亚马逊已接受退款 {money}({row.adjustment_key}),等待退款入账 / Amazon accepted the refund of {money}"
        + (f"; {note}" if note else ""),
        {"adjustment_key": row.adjustment_key, "feed_id": row.feed_id, "message_id": row.message_id},
    )  # fmt: skip
    _move(
        session, [row], OutboxState.DONE, who, action="refund.accepted", at=at, request_id=request_id,
        summary=f"亚马逊已接受退款 {row.adjustment_key} / Amazon accepted {row.adjustment_key} ({row.feed_id})",
        payload={"feed_id": row.feed_id, "message_id": row.message_id, "note": note},
        completed_at=at, error_message=shorten(note, 1000) if note else None,
    )  # fmt: skip


def record_rejected(
    session: Session, row: RefundOutbox, description: str, who: Actor = SYNC_ACTOR, *, at: datetime,
    code: str | None = None, request_id: str | None = None,
) -> None:  # fmt: skip
    """Our feed's processing report rejected THIS message: submitted → failed, the case → 退款失败."""
    money = f"{row.amount} {row.currency}"
    data = {"adjustment_key": row.adjustment_key, "feed_id": row.feed_id, "message_id": row.message_id,
            "result_message_code": code, "result_description": description}  # fmt: skip
    _timeline(session, row.case_id, who, f"亚马逊拒绝了退款 {money}:{description} / Amazon rejected the refund", data)
    _move(
        session, [row], OutboxState.FAILED, who, action="refund.rejected", at=at, request_id=request_id,
        summary=f"亚马逊拒绝了退款 {row.adjustment_key}:{description}", payload=data,
        completed_at=at, error_message=shorten(description, 1000),
    )  # fmt: skip
    case = get_case(session, row.case_id)
    if can_transition(case.state, CaseState.REFUND_FAILED):
        record_state_change(
            session, case, CaseState.REFUND_FAILED, who, comment=description, request_id=request_id,
            action="refund.failed", payload=data,
        )  # fmt: skip


# -- what is sent is what was approved ------------------------------------------------------------------------


def _enqueued_payload(rows: list[RefundOutbox]) -> dict:
    """The ``refund.enqueued`` audit payload :func:`~.refunds.enqueue_refund` wrote for these rows."""
    first = rows[0]
    return {
        "case_id": first.case_id, "approval_id": first.approval_id, "adjustment_reason": first.adjustment_reason,
        "currency": first.currency, "total": str(sum((r.amount for r in rows), Decimal(0))),
        "rows": [{"id": r.id, "adjustment_key": r.adjustment_key, "order_item_id": r.order_item_id,
                  "components": r.components, "amount": str(r.amount)} for r in rows],
    }  # fmt: skip


def _approval_problem(session: Session, rows: list[RefundOutbox]) -> str | None:
    """Why these rows (one case + approval) differ from what the audit log recorded at approval time."""
    first = rows[0]
    entries = session.execute(
        sa.select(AuditEntry.actor, AuditEntry.payload_digest).where(
            AuditEntry.action == "refund.enqueued", AuditEntry.entity_type == "case",
            AuditEntry.entity_id == str(first.case_id),
        )
    ).all()  # fmt: skip
    expected = audit.digest(_enqueued_payload(rows))
    actors = [actor for actor, payload_digest in entries if payload_digest == expected]
    if not actors:
        return "rows"  # amount, breakdown, currency, order item, key or approval id edited since queued
    if first.approval_id is None:
        return None
    approval = session.get(Approval, first.approval_id)
    if approval is None or approval.case_id != first.case_id or approval.status is not ApprovalStatus.APPROVED:
        return "approval"
    if approval.currency != first.currency:
        return "currency"
    if approval.decided_by is None:
        return None if actors[0].startswith("rule:") else "approver"
    approver = session.get(User, approval.decided_by)
    if approver is None or approver.username != actors[0]:
        return "approver"  # the approval names someone other than who approved (and queued) it
    return None


def hold_unapproved(session: Session, row_ids: list[int], who: Actor = SYNC_ACTOR, *, at: datetime) -> set[int]:
    """Before sending: rows that differ from their approval record → 待确认 (``approval_mismatch``). Returns
    the ids held back; the caller sends only the others."""
    rows = list(session.scalars(sa.select(RefundOutbox).where(RefundOutbox.id.in_(row_ids))))
    groups: dict[tuple[int, int | None], list[RefundOutbox]] = {}
    for row in rows:
        groups.setdefault((row.case_id, row.approval_id), [])
    for key in groups:
        groups[key] = list(
            session.scalars(
                sa.select(RefundOutbox)
                .where(RefundOutbox.case_id == key[0])
                .where(RefundOutbox.approval_id.is_(None) if key[1] is None else RefundOutbox.approval_id == key[1])
                .order_by(RefundOutbox.id)
            )
        )
    held: set[int] = set()
    for group in groups.values():
        problem = _approval_problem(session, group)
        if problem is None:
            continue
        mine = [r for r in group if r.id in set(row_ids) and r.state is OutboxState.INTENDED]
        mark_unconfirmed(session, mine, APPROVAL_MISMATCH, who, at=at, detail=f"approval check: {problem}")
        held |= {r.id for r in mine}
    return held


# -- evidence (matched in :mod:`.refund_evidence`) -----------------------------------------------------------


def confirm_by_evidence(
    session: Session,
    row: RefundOutbox,
    who: Actor,
    *,
    at: datetime,
    action: str,
    summary: str,
    timeline: str,
    payload: dict,
) -> None:
    """待确认 → done on evidence that names this adjustment; the case becomes 已提交 (then settles as usual)."""
    _timeline(session, row.case_id, who, timeline, {"adjustment_key": row.adjustment_key, **payload})
    _move(
        session, [row], OutboxState.DONE, who, action=action, at=at, summary=summary,
        payload={**payload, "reason": row.unconfirmed_reason}, completed_at=at,
    )  # fmt: skip
    cases_submitted(session, [row.case_id], row.feed_id, who)


def note_contrary_evidence(
    session: Session, row: RefundOutbox, reason: str, who: Actor, *, at: datetime, summary: str, payload: dict
) -> bool:
    """Amazon's records name this 待确认 adjustment but do not match what was sent: it stays 待确认 for a person,
    with ``reason`` shown. Returns False when that was already noted (idempotent across syncs)."""
    if row.state is not OutboxState.UNCONFIRMED or row.unconfirmed_reason == reason:
        return False
    before = row.unconfirmed_reason
    row.unconfirmed_reason = reason
    _timeline(session, row.case_id, who, summary, {"adjustment_key": row.adjustment_key, **payload})
    audit.append(
        session, actor=who.name, action="refund.evidence_differs", summary=shorten(summary), at=at,
        payload={"reason": reason, "previous_reason": before, **payload},
        entity_type="refund_outbox", entity_id=row.id,
    )  # fmt: skip
    return True


# -- a person: guidance, confirmation, four-eyes resend -------------------------------------------------------


@dataclass(frozen=True)
class Guidance:
    """What a 主管 checks in Seller Central for one 待确认 adjustment."""

    outbox_id: int
    case_id: int
    amazon_order_id: str
    order_item_id: str | None
    merchant_adjustment_item_id: str
    amount: Decimal
    currency: str
    components: dict[str, str]
    uploaded_at: datetime | None
    reason: str | None
    review_due: bool  # REVIEW_AFTER has passed without evidence: a 主管 may act
    resend_requested_by: int | None

    def text_zh(self) -> str:
        label = REASON_LABELS.get(self.reason or "", ("原因未知", ""))[0]
        parts = "、".join(f"{k} {v}" for k, v in self.components.items())
        return (
            f"待确认({label})。请在卖家平台(Seller Central)打开订单 {self.amazon_order_id},查看商品"
            f" {self.order_item_id or ''} 是否已有 {self.amount} {self.currency} 的退款({parts});"
            f"调整编号 MerchantAdjustmentItemID:{self.merchant_adjustment_item_id};"
            f"上传时间:{self.uploaded_at.isoformat(timespec='seconds') if self.uploaded_at else '未知'}。"
            "有退款:标记为已完成;确认没有:申请重新发送(需第二位主管确认)。"
        )


def guidance(session: Session, outbox_id: int, *, now: datetime, review_after: timedelta = REVIEW_AFTER) -> Guidance:
    row = _get(session, outbox_id, lock=False)
    since = row.unconfirmed_at or row.attempted_at or row.created_at
    return Guidance(
        row.id, row.case_id, row.amazon_order_id, row.order_item_id, row.adjustment_key, row.amount, row.currency,
        dict(row.components or {}), row.attempted_at, row.unconfirmed_reason,
        row.state is OutboxState.UNCONFIRMED and now - since >= review_after, row.resend_requested_by,
    )  # fmt: skip


def _get(session: Session, outbox_id: int, *, lock: bool = True) -> RefundOutbox:
    row = session.get(RefundOutbox, outbox_id, with_for_update=lock)  # PostgreSQL: no lost update with the sync
    if row is None:
        raise InputError(f"找不到退款 #{outbox_id}。", f"Refund #{outbox_id} does not exist.")
    return row


def _manager(session: Session, who: Actor):
    user = current_user(session, who)
    if user.role_code not in MANAGER_ROLES:
        raise PermissionDeniedError("只有主管可以处理待确认的退款。", "Only a manager may resolve unconfirmed refunds.")
    return user


def _reviewable(session: Session, who: Actor, outbox_id: int, now: datetime, review_after: timedelta):
    user = _manager(session, who)
    row = _get(session, outbox_id)
    if row.state is not OutboxState.UNCONFIRMED:
        raise OutboxTransitionError(row, OutboxState.DONE)
    if not guidance(session, outbox_id, now=now, review_after=review_after).review_due:
        raise InputError(
            f"退款 {row.adjustment_key} 待确认未满 {review_after},请先等待亚马逊的退款记录。",
            f"Refund {row.adjustment_key} has been unconfirmed for less than {review_after}; wait for Amazon's record.",
        )
    return user, row


def confirm_done(
    session: Session, who: Actor, outbox_id: int, note: str, *, now: datetime, review_after: timedelta = REVIEW_AFTER
) -> None:
    """A 主管 found the refund in Seller Central: 待确认 → done (audited with their note)."""
    user, row = _reviewable(session, who, outbox_id, now, review_after)
    if not note.strip():
        raise InputError("请写明在卖家平台核实到的内容。", "Say what you verified in Seller Central.")
    _timeline(session, row.case_id, who, f"主管已在卖家平台核实退款:{note} / verified in Seller Central", {})
    _move(
        session, [row], OutboxState.DONE, who, action="refund.confirmed_by_person", at=now,
        summary=f"{user.username} 在卖家平台核实退款 {row.adjustment_key} / verified in Seller Central",
        payload={"note": note, "user_id": user.id}, completed_at=now,
    )  # fmt: skip
    cases_submitted(session, [row.case_id], row.feed_id, who)


def request_resend(
    session: Session, who: Actor, outbox_id: int, *, now: datetime, review_after: timedelta = REVIEW_AFTER
) -> None:
    """A 主管 checked Seller Central and found no refund: asks to send again (a second 主管 must confirm)."""
    user, row = _reviewable(session, who, outbox_id, now, review_after)
    row.resend_requested_by, row.resend_requested_at = user.id, now
    audit.append(
        session, actor=who.name, action="refund.resend_requested", at=now, entity_type="refund_outbox",
        entity_id=row.id, summary=f"{user.username} 申请重新发送退款 {row.adjustment_key} / resend requested",
        payload={"user_id": user.id, "adjustment_key": row.adjustment_key},
    )  # fmt: skip


def confirm_resend(
    session: Session, who: Actor, outbox_id: int, *, now: datetime, review_after: timedelta = REVIEW_AFTER
) -> None:
    """The second 主管 confirms: 待确认 → intended (same MerchantAdjustmentItemID: Amazon refuses a duplicate)."""
    user, row = _reviewable(session, who, outbox_id, now, review_after)
    if row.resend_requested_by is None:
        raise InputError("还没有人申请重新发送。", "Nobody has asked to send it again yet.")
    if row.resend_requested_by == user.id:
        raise PermissionDeniedError(
            "申请重新发送的人不能自己确认(需要第二位主管)。", "The requester cannot confirm their own resend."
        )
    _timeline(session, row.case_id, who, "两位主管确认后重新发送退款 / resend confirmed by a second manager", {})
    _move(
        session, [row], OutboxState.INTENDED, who, action="refund.resend_confirmed", at=now,
        summary=f"{user.username} 确认重新发送退款 {row.adjustment_key} / resend confirmed",
        payload={"requested_by": row.resend_requested_by, "confirmed_by": user.id},
        request_id=uuid.uuid4().hex, attempted_at=None, feed_document_id=None, feed_id=None, message_id=None,
        unconfirmed_reason=None, unconfirmed_at=None, resend_requested_by=None, resend_requested_at=None,
    )  # fmt: skip


def unconfirmed_for_review(session: Session, *, now: datetime, review_after: timedelta = REVIEW_AFTER) -> list[int]:
    """Ids of the 待确认 refunds a 主管 should check now (no evidence for ``review_after``)."""
    cutoff = now - review_after
    return list(
        session.scalars(
            sa.select(RefundOutbox.id)
            .where(RefundOutbox.state == OutboxState.UNCONFIRMED)
            .where(sa.func.coalesce(RefundOutbox.unconfirmed_at, RefundOutbox.created_at) <= cutoff)
            .order_by(RefundOutbox.id)
        )
    )


def foreign_feeds_text(count: int) -> tuple[str, str]:
    """The sync warning for refund feeds on the seller account that this installation did not record."""
    return (
        f"另一个安装或工具在此卖家账户提交了 {count} 个退款 feed(本安装没有记录;不会据此改变任何退款状态)",
        f"Another installation or tool submitted {count} refund feed(s) on this seller account (not recorded here; "
        "no refund state was changed from them)",
    )
