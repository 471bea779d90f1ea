"""Bulk actions on the queue's selection: send to approval, mark as handled, assign. Qt-free.

Every call is ONE transaction on the store and all-or-nothing: if any case of the batch cannot take the
action (unknown id, a state the state machine does not allow, a stale version) nothing at all is changed and
the error names the case(s). Each changed case gets a timeline entry and its own audit entry; the entries of
one batch share a request id, so the audit log shows them as one operation.

Optimistic locking: ``Case.version`` is SQLAlchemy's ``version_id_col``, so each case's UPDATE carries
``WHERE version = <read>``; a case changed by another desktop in between fails the flush, and the whole
batch is refused with :class:`~acorn_desktop.services.case_detail.StaleCaseError`. Callers that showed the
user a version may also pass ``expected_versions`` ({case id: version}) to refuse a change made earlier.

Sending to approval is the approval service's request (``services/approvals.py``: permission check, routing by
the auto-decision rules, levels, auto-approval). Transitional: an actor without a user row (a desktop where
nobody logged in yet) still gets the old plain level-1 request, recorded as made by the inactive "system" user
(:func:`~acorn_desktop.services.users.system_user_id`); remove that path once the desktop requires a login.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from ..domain.cases import ALLOWED_TRANSITIONS, CaseState
from ..errors import InputError, InvalidTransitionError
from ..models import Approval, Case, CaseEvent, Role, User
from . import audit
from .case_detail import UserChoice
from .changes import (
    Actor,
    ActorLike,
    StaleCaseError,
    as_actor,
    flush_versioned,
    record_state_change,
    shorten,
    stale_error,
)
from .users import SYSTEM_DISPLAY_NAME, SYSTEM_USERNAME, ensure_local_user, system_user_id

REASON_MAX_CHARS = 1000  # Approval.reason is VARCHAR(1000)
MAX_BATCH = 5000  # more than anyone selects on purpose; keeps one transaction short
_IN_CHUNK = 500  # stay well below SQLite's bound-parameter limit
_NAMES_SHOWN = 10  # how many case ids an error message lists before "…"

__all__ = [
    "SYSTEM_DISPLAY_NAME",
    "SYSTEM_USERNAME",
    "Actor",
    "BatchResult",
    "CaseActions",
    "StaleCaseError",
    "assign",
    "ensure_local_user",
    "list_users",
    "mark_handled",
    "send_to_approval",
    "system_user_id",
]


@dataclass(frozen=True, slots=True)
class BatchResult:
    """What a batch changed: the ids (in the order given) and the request id its audit entries share."""

    request_id: str
    case_ids: tuple[int, ...]


# -- the use cases ---------------------------------------------------------------------------------------------
def send_to_approval(
    store,
    ids: Iterable[int],
    actor: ActorLike,
    reason: str,
    *,
    expected_versions: Mapping[int, int] | None = None,
) -> BatchResult:
    """Send every case to approval (待审批), all or nothing: :meth:`ApprovalServices.request`."""
    who = as_actor(actor)
    if who.user_id is not None:
        from .approvals import ApprovalServices

        result = ApprovalServices(store).request(who, ids, reason, expected_versions=expected_versions)
        return BatchResult(result.request_id, result.case_ids)
    return _send_to_approval_anonymously(store, ids, who, reason, expected_versions)


def _send_to_approval_anonymously(
    store, ids: Iterable[int], who: Actor, reason: str, expected_versions: Mapping[int, int] | None
) -> BatchResult:
    """Transitional (nobody logged in): a plain level-1 approval requested by the "system" user, no routing."""
    reason = (reason or "").strip()
    if not reason:
        raise InputError(
            "请填写发送审批的理由。",
            "Give a reason for the approval request.",
            hint_zh="理由会显示给审批人,并记入审计日志。",
            hint_en="The approver sees it; it is kept in the audit log.",
        )
    if len(reason) > REASON_MAX_CHARS:
        raise InputError(
            f"理由太长({len(reason)} 字),最多 {REASON_MAX_CHARS} 字。",
            f"The reason is too long ({len(reason)} characters); at most {REASON_MAX_CHARS}.",
        )
    target = CaseState.AWAITING_APPROVAL
    case_ids = _clean_ids(ids)
    request_id = uuid.uuid4().hex
    with store.session() as session:
        cases = _load_cases(session, case_ids, expected_versions)
        _refuse_disallowed(cases, target, "发送审批", "sent for approval")
        requester = system_user_id(session)
        for case in cases:
            approval = Approval(
                case_id=case.id,
                level=1,
                amount=case.amount,
                currency=case.currency,
                reason=reason,
                requested_by=requester,
            )
            session.add(approval)
            session.flush()  # the approval's id goes into the audit payload
            record_state_change(
                session, case, target, who, comment=reason, request_id=request_id,
                action="case.approval_requested",
                audit_summary=shorten(
                    f"工单 #{case.id} 发送审批({case.amount} {case.currency}) / "
                    f"case #{case.id} sent for approval ({case.amount} {case.currency})"
                ),
                payload={"approval_id": approval.id, "amount": str(case.amount), "currency": case.currency,
                         "reason": reason, "requested_by": requester, "batch": len(cases)},
            )  # fmt: skip
    return BatchResult(request_id, tuple(case_ids))


def mark_handled(
    store, ids: Iterable[int], actor: ActorLike, *, expected_versions: Mapping[int, int] | None = None
) -> BatchResult:
    """Close every case (已关闭); refuse the whole batch if the state machine forbids it for any of them."""
    who = as_actor(actor)
    target = CaseState.CLOSED
    case_ids = _clean_ids(ids)
    request_id = uuid.uuid4().hex
    with store.session() as session:
        cases = _load_cases(session, case_ids, expected_versions)
        _refuse_disallowed(cases, target, "标记为已处理", "marked as handled")
        for case in cases:
            current = case.state
            record_state_change(
                session, case, target, who, request_id=request_id,
                audit_summary=f"工单 #{case.id}:{current.label_zh} → {target.label_zh}(标记为已处理) / "
                f"case #{case.id}: {current.value} → {target.value} (marked as handled)",
                payload={"batch": len(cases)},
            )  # fmt: skip
    return BatchResult(request_id, tuple(case_ids))


def assign(
    store,
    ids: Iterable[int],
    user_id: int | None,
    actor: ActorLike,
    *,
    expected_versions: Mapping[int, int] | None = None,
) -> BatchResult:
    """Give every case to an active user (``None``: unassign). Cases already there are left untouched.

    ``BatchResult.case_ids`` lists only the cases whose assignee changed.
    """
    who = as_actor(actor)
    case_ids = _clean_ids(ids)
    request_id = uuid.uuid4().hex
    with store.session() as session:
        cases = _load_cases(session, case_ids, expected_versions)
        after = None
        if user_id is not None:
            user = session.get(User, user_id)
            if user is None or not user.active:
                raise InputError(
                    f"用户 #{user_id} 不存在或已停用。", f"User #{user_id} does not exist or is deactivated."
                )
            after = user.display_name
        names = _user_names(session, {c.assignee_id for c in cases if c.assignee_id is not None})
        changed: list[int] = []
        for case in cases:
            if case.assignee_id == user_id:
                continue
            previous = case.assignee_id
            before = names.get(previous) if previous is not None else None
            case.assignee_id = user_id
            zh_after, en_after = (after, after) if after else ("未分配", "unassigned")
            session.add(
                CaseEvent(
                    case_id=case.id,
                    kind="assigned",
                    actor_id=who.user_id,
                    summary=shorten(f"负责人:{zh_after} / Assignee: {en_after}"),
                    data={"from": previous, "to": user_id, "actor": who.name, "request_id": request_id},
                )
            )
            flush_versioned(session, case)
            audit.append(
                session,
                actor=who.name,
                action="case.assign",
                summary=shorten(f"工单 #{case.id} 负责人 {before or '—'} → {after or '—'} / case #{case.id} assignee"),
                payload={
                    "case_id": case.id,
                    "from": previous,
                    "to": user_id,
                    "batch": len(cases),
                    "version": case.version,
                },
                entity_type="case",
                entity_id=case.id,
                request_id=request_id,
            )
            changed.append(case.id)
    return BatchResult(request_id, tuple(changed))


# -- users ------------------------------------------------------------------------------------------------------
def list_users(store) -> list[UserChoice]:
    """Active users for the assignee chooser, by display name (the inactive "system" user never shows)."""
    query = (
        sa.select(User.id, User.display_name, Role.code, Role.name_zh, Role.name_en)
        .join(Role, Role.code == User.role_code)
        .where(User.active.is_(True))
        .order_by(User.display_name, User.id)
    )
    with store.reader() as session:
        return [UserChoice(*row) for row in session.execute(query)]


class CaseActions:
    """The same use cases bound to one open store, for the UI's background runner (call on the DB worker)."""

    def __init__(self, store) -> None:
        self.store = store

    def send_to_approval(self, ids: Iterable[int], actor: ActorLike, reason: str) -> BatchResult:
        return send_to_approval(self.store, ids, actor, reason)

    def mark_handled(self, ids: Iterable[int], actor: ActorLike) -> BatchResult:
        return mark_handled(self.store, ids, actor)

    def assign(self, ids: Iterable[int], user_id: int | None, actor: ActorLike) -> BatchResult:
        return assign(self.store, ids, user_id, actor)

    def list_users(self) -> list[UserChoice]:
        return list_users(self.store)

    def ensure_local_user(self, username: str, display_name: str, role_code: str, actor: ActorLike) -> int:
        return ensure_local_user(self.store, username, display_name, role_code, actor=actor)


# -- helpers ---------------------------------------------------------------------------------------------------
def _clean_ids(ids: Iterable[int]) -> list[int]:
    """Unique ids in the order given; an empty or oversized batch is an input error."""
    seen: dict[int, None] = {}
    for case_id in ids:
        seen.setdefault(int(case_id), None)
    result = list(seen)
    if not result:
        raise InputError("没有选中任何工单。", "No case is selected.", hint_zh="请先在队列中选择工单。",
                         hint_en="Select cases in the queue first.")  # fmt: skip
    if len(result) > MAX_BATCH:
        raise InputError(
            f"一次最多处理 {MAX_BATCH} 个工单(选中了 {len(result)} 个)。",
            f"At most {MAX_BATCH} cases at once ({len(result)} selected).",
        )
    return result


def _id_list(ids: Iterable[int]) -> str:
    ids = list(ids)
    shown = ", ".join(f"#{i}" for i in ids[:_NAMES_SHOWN])
    return shown + (f" … (+{len(ids) - _NAMES_SHOWN})" if len(ids) > _NAMES_SHOWN else "")


def _load_cases(session: Session, ids: list[int], expected_versions: Mapping[int, int] | None) -> list[Case]:
    """The cases in the order of ``ids``; unknown ids or a version other than expected refuse the batch."""
    found: dict[int, Case] = {}
    for start in range(0, len(ids), _IN_CHUNK):
        chunk = ids[start : start + _IN_CHUNK]
        for case in session.scalars(sa.select(Case).where(Case.id.in_(chunk))):
            found[case.id] = case
    missing = [i for i in ids if i not in found]
    if missing:
        raise InputError(
            f"找不到工单:{_id_list(missing)}。本次操作未做任何修改。",
            f"These cases do not exist: {_id_list(missing)}. Nothing was changed.",
        )
    if expected_versions:
        for case_id, version in expected_versions.items():
            case = found.get(case_id)
            if case is not None and case.version != version:
                raise stale_error(case_id)
    return [found[i] for i in ids]


def _refuse_disallowed(cases: list[Case], target: CaseState, verb_zh: str, verb_en: str) -> None:
    """Refuse the whole batch, naming each case (and its state) that may not move to ``target``."""
    blocked = [c for c in cases if target not in ALLOWED_TRANSITIONS[c.state]]
    if not blocked:
        return
    listed = blocked[:_NAMES_SHOWN]
    more = len(blocked) - len(listed)
    zh = "、".join(f"#{c.id}({c.state.label_zh})" for c in listed) + (f" 等另外 {more} 个" if more else "")
    en = ", ".join(f"#{c.id} ({c.state.label_en})" for c in listed) + (f" and {more} more" if more else "")
    allowed = sorted((s for s, nxt in ALLOWED_TRANSITIONS.items() if target in nxt), key=list(CaseState).index)
    allowed_zh = "、".join(s.label_zh for s in allowed)
    allowed_en = ", ".join(s.label_en for s in allowed)
    raise InvalidTransitionError(
        f"{len(blocked)} 个工单当前状态不能{verb_zh}:{zh}。本次操作未做任何修改。",
        f"{len(blocked)} case(s) cannot be {verb_en} in their current state: {en}. Nothing was changed.",
        hint_zh=f"只有这些状态可以{verb_zh}:{allowed_zh}。请取消选择上述工单后重试。",
        hint_en=f"Only cases in these states can be {verb_en}: {allowed_en}. Deselect the cases above and try again.",
    )


def _user_names(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return dict(session.execute(sa.select(User.id, User.display_name).where(User.id.in_(ids))).all())
