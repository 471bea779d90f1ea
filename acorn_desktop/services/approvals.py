"""Approval requests and decisions (审批): routing by the auto-decision rules, two levels, four-eyes, CNY limits.

* :meth:`ApprovalServices.request` (HANDLE_CASES) sends cases to approval. Each case is routed by
  ``services.rules.route_case``: 自动批准 (only up to the auto-approve ceiling; the rule approves at once and the
  refund is queued), level 1, level 1 (主管) + level 2 (财务), reject-suggest (level 1 with the suggestion shown),
  assign; no matching rule means level 1.
* :meth:`ApprovalServices.decide` (APPROVE_REFUNDS; the finance level needs APPROVE_FINANCE) approves, rejects or
  returns for information. Four-eyes: the requester never decides their own request, and the two levels of one
  request need two different people. The approval that releases the money (the last level) must be within the
  approver's role limit in CNY; a level-1 sign-off followed by a finance level is a recommendation, so the limit
  that counts is the finance approver's. When the last level approves, the case becomes 已批准 and the refund goes
  into the outbox (``services.refunds.enqueue_refund``) in the same transaction.
* Every request and decision is one transaction, audited and on the case timeline; a case changed by someone
  else in between is refused (:class:`StaleCaseError`), so two approvers can never both decide.

Amounts are compared with the limits in exact CNY (``amount × rate``, not rounded to the yuan).
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation

import sqlalchemy as sa
from sqlalchemy.orm import Session, aliased

from ..domain.cases import ALLOWED_TRANSITIONS, CaseKind, CaseState
from ..domain.fx import DEFAULT_CNY_RATES
from ..domain.money import quantize
from ..errors import AcornError, InputError, InvalidTransitionError, PermissionDeniedError
from ..formats.adjustment_xml import ADJUSTMENT_REASONS, COMPONENT_TYPES, DEDUCTION_TYPES
from ..models import (
    Approval,
    ApprovalStatus,
    Case,
    CaseEvent,
    DecisionRule,
    EvidenceAttachment,
    MarketplacePolicy,
    Order,
    OrderItem,
    Role,
    RuleAction,
    SellerAccount,
    User,
)
from . import audit
from .case_detail import EvidenceInfo, OrderFacts, OrderItemRow, PolicyRow
from .changes import Actor, ActorLike, check_version, flush_versioned, record_state_change, shorten, stale_error
from .permissions import Permission, approval_limit_cny, current_user, permissions_of, require
from .users import LoginSession, actor_of

REASON_MAX_CHARS = 1000  # Approval.reason
COMMENT_MAX_CHARS = 1000  # Approval.comment
MAX_BATCH = 500
AUTO_APPROVE_CEILING_CNY = Decimal(200)  # a rule never approves more on its own (the smallest human limit)
HIGH_RISK = 70
_NAMES_SHOWN = 10

# Cases whose approval releases money through the refund feed.
REFUND_KINDS = frozenset({CaseKind.RETURN_REQUEST, CaseKind.REFUND})


class Decision(enum.StrEnum):
    APPROVE = "approve"
    REJECT = "reject"
    RETURN_FOR_INFO = "return_for_info"


_DECISION_LABELS = {
    Decision.APPROVE: ("批准", "approved"),
    Decision.REJECT: ("驳回", "rejected"),
    Decision.RETURN_FOR_INFO: ("退回补充", "returned for information"),
}
_DECISION_STATUS = {
    Decision.APPROVE: ApprovalStatus.APPROVED,
    Decision.REJECT: ApprovalStatus.REJECTED,
    Decision.RETURN_FOR_INFO: ApprovalStatus.RETURNED,
}
_DECISION_TARGET = {
    Decision.APPROVE: CaseState.APPROVED,
    Decision.REJECT: CaseState.REJECTED,
    Decision.RETURN_FOR_INFO: CaseState.IN_PROGRESS,
}


# -- what the services return ----------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class RequestOutcome:
    case_id: int
    outcome: str  # "pending" or "auto_approved"
    approval_ids: tuple[int, ...]
    levels: int
    amount: Decimal
    currency: str
    amount_cny: Decimal | None
    rule_id: int | None = None
    rule_name: str | None = None
    action: str | None = None  # the routing rule's action (RuleAction value)
    suggestion: str | None = None  # "reject" when a reject-suggest rule matched
    outbox_ids: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class RequestResult:
    request_id: str
    outcomes: tuple[RequestOutcome, ...]

    @property
    def case_ids(self) -> tuple[int, ...]:
        return tuple(o.case_id for o in self.outcomes)


@dataclass(frozen=True, slots=True)
class DecisionResult:
    approval_id: int
    case_id: int
    decision: Decision
    final: bool  # the case's state changed (last level approved, or rejected / returned)
    case_state: CaseState
    request_id: str
    outbox_ids: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class BatchApproveResult:
    request_id: str
    results: tuple[DecisionResult, ...]
    total_cny: Decimal

    @property
    def case_ids(self) -> tuple[int, ...]:
        return tuple(r.case_id for r in self.results)


@dataclass(frozen=True, slots=True)
class PendingApproval:
    """One line of 待我审批."""

    approval_id: int
    case_id: int
    case_version: int
    kind: CaseKind
    marketplace: str
    amazon_order_id: str | None
    level: int
    levels: int
    amount: Decimal
    currency: str
    amount_cny: Decimal | None  # exact, to the fen; None: no rate for the currency
    reason: str
    requested_by: str
    requested_at: datetime
    rule_name: str | None
    can_approve: bool  # within this user's limit (rejecting / returning is always possible)
    blocked_zh: str = ""
    blocked_en: str = ""


@dataclass(frozen=True, slots=True)
class RuleInfo:
    rule_id: int | None
    name: str
    action: str | None  # RuleAction value
    action_arg: str | None
    suggestion: str | None  # "reject" for a reject-suggest rule
    description: str | None = None
    note_zh: str = ""  # e.g. why an auto-approve rule did not approve on its own
    note_en: str = ""


@dataclass(frozen=True, slots=True)
class RiskSignal:
    code: str  # high_score, repeat_buyer, exceeds_order, other_claims
    zh: str
    en: str


@dataclass(frozen=True, slots=True)
class ApprovalStep:
    approval_id: int
    level: int
    status: ApprovalStatus
    required_role: str | None
    requested_by: str
    requested_at: datetime
    decided_by: str | None
    decided_at: datetime | None
    comment: str | None


@dataclass(frozen=True, slots=True)
class ApprovalView:
    """Everything the decision dialog shows, and whether the viewer may approve it."""

    approval_id: int
    status: ApprovalStatus
    level: int
    levels: int
    required_role: str | None
    case_id: int
    case_version: int
    case_kind: CaseKind
    case_state: CaseState
    marketplace: str
    store: str
    amazon_order_id: str | None
    sku: str | None
    asin: str | None
    case_amount: Decimal
    reason_text: str | None  # the buyer's / Amazon's reason on the case
    order: OrderFacts | None
    policy: PolicyRow | None  # the marketplace policy row the case's deadline was computed with
    deadline_at: datetime | None
    rule: RuleInfo | None
    risk_score: int
    risk_signals: tuple[RiskSignal, ...]
    components: tuple[tuple[str, Decimal], ...]
    adjustment_reason: str | None
    currency: str
    total: Decimal
    total_cny: Decimal | None
    cny_rate: Decimal | None
    refundable: bool  # approving queues a refund
    requester: str
    requested_at: datetime
    reason: str
    evidence: tuple[EvidenceInfo, ...]
    history: tuple[ApprovalStep, ...]  # every approval of the case, oldest first
    can_decide: bool  # pending, and the viewer may reject / return it now
    can_approve: bool
    blocked_zh: str = ""
    blocked_en: str = ""


@dataclass(frozen=True, slots=True)
class RequestDraft:
    """What the request dialog starts from: the default refund breakdown of one case."""

    case_id: int
    case_version: int
    kind: CaseKind
    state: CaseState
    refundable: bool
    currency: str
    components: tuple[tuple[str, Decimal], ...]
    adjustment_reason: str | None
    total: Decimal
    cny_rate: Decimal | None


# -- the services ----------------------------------------------------------------------------------------------
class ApprovalServices:
    """Bound to one open store; actor first on every method (``ActorBound`` fills it in for the UI)."""

    def __init__(
        self,
        store,
        *,
        rates: Mapping[str, Decimal] | None = None,
        auto_approve_ceiling_cny: Decimal = AUTO_APPROVE_CEILING_CNY,
    ) -> None:
        self.store = store
        self.fixed_rates = dict(rates) if rates else None  # tests pin them; else the managed table
        self.auto_approve_ceiling_cny = Decimal(auto_approve_ceiling_cny)

    def _rates(self, session: Session) -> dict[str, Decimal]:
        """The one rate table (managed, versioned, audited — ``services.rates``) for display, limits and routing."""
        from .rates import current_rates

        return self.fixed_rates or current_rates(session).rates

    # -- requests --------------------------------------------------------------------------------------------
    def request(
        self,
        actor: ActorLike | LoginSession,
        case_ids: Iterable[int],
        reason: str,
        *,
        components: Mapping[str, object] | None = None,
        adjustment_reason: str | None = None,
        evidence_ids: Iterable[int] = (),
        expected_versions: Mapping[int, int] | None = None,
    ) -> RequestResult:
        """Send cases to approval (all or nothing). ``components``/``adjustment_reason`` only for one case."""
        who = actor_of(actor)
        reason = _clean_reason(reason)
        ids = _clean_ids(case_ids)
        evidence = list(dict.fromkeys(int(e) for e in evidence_ids))
        if components is not None and len(ids) != 1:
            raise InputError(
                "退款明细只能针对单个工单填写。", "A refund breakdown can only be given for one case at a time."
            )
        request_id = uuid.uuid4().hex
        with self.store.session() as session:
            requester = require(session, who, Permission.HANDLE_CASES)
            cases = _load_cases(session, ids, expected_versions)
            _refuse_blocked(cases, CaseState.AWAITING_APPROVAL)
            evidence_of = _evidence_by_case(session, evidence, ids)
            outcomes = [
                self._request_one(
                    session, who, requester, case, reason, components, adjustment_reason,
                    evidence_of.get(case.id, ()), request_id, len(cases),
                )
                for case in cases
            ]  # fmt: skip
        return RequestResult(request_id, tuple(outcomes))

    def draft(self, actor: ActorLike | LoginSession, case_id: int) -> RequestDraft:
        """The default breakdown the request dialog starts from."""
        who = actor_of(actor)
        with self.store.reader() as session:
            require(session, who, Permission.HANDLE_CASES)
            case = _get_case(session, case_id)
            components, reason, currency, total = _breakdown(session, case, None, None)
            return RequestDraft(
                case_id=case.id,
                case_version=case.version,
                kind=case.kind,
                state=case.state,
                refundable=case.kind in REFUND_KINDS,
                currency=currency,
                components=tuple((k, Decimal(v)) for k, v in (components or {}).items()),
                adjustment_reason=reason,
                total=total,
                cny_rate=self._rates(session).get(currency.upper()),
            )

    def _request_one(
        self, session: Session, who: Actor, requester: User, case: Case, reason: str, components, adjustment_reason,
        evidence: tuple[int, ...], request_id: str, batch: int,
    ) -> RequestOutcome:  # fmt: skip
        parts, adj_reason, currency, total = _breakdown(session, case, components, adjustment_reason)
        amount_cny = cny_exact(total, currency, self._rates(session))
        routing = _route(session, case, self._rates(session))
        plan = self._plan(session, routing, amount_cny)
        now = datetime.now(UTC)
        approvals = []
        for level, role in plan.levels:
            approval = Approval(
                case_id=case.id, level=level, status=ApprovalStatus.PENDING, amount=total, currency=currency,
                reason=reason, rule_id=plan.rule_id, rule_name=plan.rule_name, requested_by=requester.id,
                requested_at=now, required_role=role, adjustment_reason=adj_reason, components=parts,
            )  # fmt: skip
            session.add(approval)
            approvals.append(approval)
        session.flush()
        approval_ids = tuple(a.id for a in approvals)
        if plan.assignee_id is not None and case.assignee_id is None:
            _assign_by_rule(session, case, plan, who)
        money = f"{total} {currency}" + (f"(≈¥{_fen(amount_cny)})" if amount_cny is not None else "")
        routed_zh = f",规则「{plan.rule_name}」" if plan.rule_name else ""
        routed_en = f", rule '{plan.rule_name}'" if plan.rule_name else ""
        event_data = {
            "approval_ids": list(approval_ids), "levels": len(plan.levels), "rule_id": plan.rule_id,
            "rule_name": plan.rule_name, "action": plan.action, "action_arg": plan.action_arg,
            "suggestion": plan.suggestion, "note_zh": plan.note_zh, "note_en": plan.note_en,
            "evidence_ids": list(evidence), "amount": str(total), "currency": currency,
            "amount_cny": None if amount_cny is None else str(amount_cny), "actor": who.name, "request_id": request_id,
        }  # fmt: skip
        event = CaseEvent(
            case_id=case.id, kind="approval_requested", actor_id=requester.id, data=event_data,
            summary=shorten(f"申请审批:{money},{len(plan.levels)} 级{routed_zh} / Approval requested: "
                            f"{total} {currency}, {len(plan.levels)} level(s){routed_en}"),
        )  # fmt: skip
        session.add(event)
        record_state_change(
            session, case, CaseState.AWAITING_APPROVAL, who, comment=reason, request_id=request_id,
            action="case.approval_requested",
            audit_summary=shorten(f"工单 #{case.id} 发送审批({money}{routed_zh}) / case #{case.id} sent for approval "
                                  f"({total} {currency}{routed_en})"),
            payload={"approval_ids": list(approval_ids), "amount": str(total), "currency": currency,
                     "amount_cny": None if amount_cny is None else str(amount_cny), "reason": reason,
                     "requested_by": requester.id, "rule_id": plan.rule_id, "action": plan.action,
                     "components": parts, "adjustment_reason": adj_reason, "evidence_ids": list(evidence),
                     "batch": batch},
        )  # fmt: skip
        outbox: tuple[int, ...] = ()
        outcome = "pending"
        if plan.auto:
            try:
                with session.begin_nested():  # a refund Amazon would refuse leaves the request pending
                    outbox = self._auto_approve(session, case, approvals[0], plan, request_id)
                outcome = "auto_approved"
            except AcornError as exc:
                approval = session.get(Approval, approval_ids[0])
                approval.status, approval.decided_at, approval.comment = ApprovalStatus.PENDING, None, None
                event.data = {**event.data, "note_zh": f"规则「{plan.rule_name}」未能自动批准:{exc.zh} 改为人工审批。",
                              "note_en": f"Rule '{plan.rule_name}' could not auto-approve: {exc.en} A person "
                              "decides."}  # fmt: skip
                session.flush()
        return RequestOutcome(
            case_id=case.id, outcome=outcome, approval_ids=approval_ids, levels=len(plan.levels), amount=total,
            currency=currency, amount_cny=amount_cny, rule_id=plan.rule_id, rule_name=plan.rule_name,
            action=plan.action, suggestion=plan.suggestion, outbox_ids=outbox,
        )  # fmt: skip

    def _plan(self, session: Session, routing, amount_cny: Decimal | None) -> _Plan:
        """Which levels a routed case needs (and whether the rule approves it on its own)."""
        if routing is None:
            return _Plan()
        action = RuleAction(routing.action)
        plan = _Plan(
            rule_id=routing.rule_id, rule_name=routing.rule_name, action=action.value, action_arg=routing.action_arg
        )
        if action is RuleAction.AUTO_APPROVE:
            ceiling = self.auto_approve_ceiling_cny
            if amount_cny is not None and amount_cny <= ceiling:
                plan.auto = True
            else:
                plan.note_zh = (
                    f"金额超过自动批准上限 ¥{ceiling},改为人工审批。" if amount_cny is not None
                    else "无法换算成人民币,不能自动批准,改为人工审批。"
                )  # fmt: skip
                plan.note_en = (
                    f"Above the auto-approve ceiling of ¥{ceiling}: a person decides." if amount_cny is not None
                    else "No CNY rate for the currency: it cannot be auto-approved; a person decides."
                )  # fmt: skip
        elif action is RuleAction.REQUIRE_LEVEL2:
            plan.levels = [(1, "manager"), (2, "finance")]
        elif action is RuleAction.REJECT_SUGGEST:
            plan.suggestion = "reject"
        elif action is RuleAction.ASSIGN and routing.action_arg:  # level 1; an unassigned case goes to the user
            plan.assignee_id = session.scalar(
                sa.select(User.id).where(User.username == routing.action_arg, User.active.is_(True))
            )
        return plan

    def _auto_approve(self, session: Session, case: Case, approval: Approval, plan: _Plan, request_id: str):
        rule_actor = Actor(f"rule:{plan.rule_name}")
        comment = f"规则「{plan.rule_name}」自动批准 / auto-approved by rule '{plan.rule_name}'"
        approval.status = ApprovalStatus.APPROVED
        approval.decided_at = datetime.now(UTC)
        approval.comment = shorten(comment, COMMENT_MAX_CHARS)
        record_state_change(
            session, case, CaseState.APPROVED, rule_actor, comment=comment, request_id=request_id,
            action="approval.auto_approved",
            audit_summary=shorten(f"工单 #{case.id} 由规则「{plan.rule_name}」自动批准 / case #{case.id} auto-approved "
                                  f"by rule '{plan.rule_name}'"),
            payload={"approval_id": approval.id, "rule_id": plan.rule_id, "amount": str(approval.amount),
                     "currency": approval.currency, "case_id": case.id, "approver_id": None,
                     "components": approval.components, "adjustment_reason": approval.adjustment_reason},
        )  # fmt: skip
        return _enqueue_if_refund(session, case, rule_actor, approval, request_id)

    # -- decisions -------------------------------------------------------------------------------------------
    def decide(
        self,
        actor: ActorLike | LoginSession,
        approval_id: int,
        decision: Decision | str,
        comment: str = "",
        *,
        expected_version: int | None = None,
    ) -> DecisionResult:
        """Approve, reject or return one approval (reject / return need a comment)."""
        who = actor_of(actor)
        decision = _decision(decision)
        comment = _clean_comment(comment, decision)
        request_id = uuid.uuid4().hex
        with self.store.session() as session:
            user = require(session, who, Permission.APPROVE_REFUNDS)
            approval = _get_approval(session, approval_id, lock=True)
            case = _get_case(session, approval.case_id)
            check_version(case, expected_version)
            chain = _chain(session, approval)
            refusal = self._refusal(session, user, approval, chain, case, decision)
            if refusal is not None:
                raise refusal
            return self._apply(session, who, user, approval, chain, case, decision, comment, request_id)

    def batch_approve(
        self, actor: ActorLike | LoginSession, approval_ids: Iterable[int], comment: str = ""
    ) -> BatchApproveResult:
        """Approve many at once, all or nothing; refuses naming every approval that blocks the batch."""
        who = actor_of(actor)
        comment = _clean_comment(comment, Decision.APPROVE)
        ids = list(dict.fromkeys(int(i) for i in approval_ids))
        if not ids:
            raise InputError("没有选中任何审批。", "No approval is selected.")
        if len(ids) > MAX_BATCH:
            raise InputError(f"一次最多批量批准 {MAX_BATCH} 个(选中了 {len(ids)} 个)。",
                             f"At most {MAX_BATCH} approvals at once ({len(ids)} selected).")  # fmt: skip
        request_id = uuid.uuid4().hex
        with self.store.session() as session:
            user = require(session, who, Permission.APPROVE_REFUNDS)
            loaded = {a.id: a for a in session.scalars(sa.select(Approval).where(Approval.id.in_(ids)))}
            missing = [i for i in ids if i not in loaded]
            if missing:
                raise InputError(
                    f"找不到审批:{_id_list(missing)}。未做任何修改。",
                    f"These approvals do not exist: {_id_list(missing)}. Nothing was changed.",
                )
            items, blocked = [], []
            for approval_id in ids:
                approval = loaded[approval_id]
                case = _get_case(session, approval.case_id)
                chain = _chain(session, approval)
                refusal = self._refusal(session, user, approval, chain, case, Decision.APPROVE)
                if refusal is not None:
                    blocked.append((approval_id, refusal))
                else:
                    items.append((approval, chain, case))
            if blocked:
                raise _batch_refusal(blocked, len(ids))
            results = tuple(
                self._apply(session, who, user, approval, chain, case, Decision.APPROVE, comment, request_id)
                for approval, chain, case in items
            )
            total = sum(
                (cny_exact(a.amount, a.currency, self._rates(session)) or Decimal(0) for a, _, _ in items), Decimal(0)
            )
        return BatchApproveResult(request_id, results, _fen(total))

    def _refusal(
        self, session: Session, user: User, approval: Approval, chain: list[Approval], case: Case, decision: Decision
    ) -> AcornError | None:
        """Why ``user`` may not take ``decision`` on ``approval`` now (None: they may)."""
        if approval.status is not ApprovalStatus.PENDING:
            status_zh, status_en = _STATUS_LABELS[approval.status]
            return InputError(f"审批 #{approval.id} 已处理(状态:{status_zh}),不能再审批。",
                              f"Approval #{approval.id} was already decided ({status_en}).",
                              hint_zh="请刷新列表。", hint_en="Reload the list.")  # fmt: skip
        if case.state is not CaseState.AWAITING_APPROVAL:
            return InvalidTransitionError(
                f"工单 #{case.id} 当前状态为「{case.state.label_zh}」,不在待审批中。",
                f"Case #{case.id} is '{case.state.label_en}', not awaiting approval.",
            )
        role = user.role
        perms = permissions_of(user.role_code)
        if Permission.APPROVE_REFUNDS not in perms:
            return _role_refusal(role, Permission.APPROVE_REFUNDS)
        if approval.required_role == "finance" and Permission.APPROVE_FINANCE not in perms:
            return _role_refusal(role, Permission.APPROVE_FINANCE)
        if approval.required_role and approval.required_role != user.role_code:
            needed = session.get(Role, approval.required_role)
            needed_zh, needed_en = (needed.name_zh, needed.name_en) if needed else ((approval.required_role,) * 2)
            return PermissionDeniedError(
                f"审批 #{approval.id}(第 {approval.level} 级)须由「{needed_zh}」审批,您的角色是「{role.name_zh}」。",
                f"Approval #{approval.id} (level {approval.level}) must be decided by a {needed_en}; you are a "
                f"{role.name_en}.",
            )
        if approval.requested_by == user.id:
            return PermissionDeniedError(
                f"审批 #{approval.id} 是您自己提交的申请,不能由您审批(四眼原则)。",
                f"Approval #{approval.id} is your own request; you cannot decide it (four-eyes rule).",
                hint_zh="请让另一位有权限的同事审批。",
                hint_en="Ask another colleague who may approve it.",
            )
        earlier = [a for a in chain if a.level < approval.level]
        for previous in earlier:
            if previous.status is not ApprovalStatus.APPROVED:
                return InputError(
                    f"审批 #{approval.id} 是第 {approval.level} 级,"
                    f"须先完成第 {previous.level} 级审批(#{previous.id})。",
                    f"Approval #{approval.id} is level {approval.level}; level {previous.level} (#{previous.id}) "
                    "must be approved first.",
                )
            if previous.decided_by == user.id:
                return PermissionDeniedError(
                    f"您已批准过第 {previous.level} 级,第 {approval.level} 级须由另一人审批(四眼原则)。",
                    f"You approved level {previous.level}; level {approval.level} needs a different person "
                    "(four-eyes rule).",
                )
        if decision is Decision.APPROVE and _is_last(approval, chain):
            return self._limit_refusal(session, user, approval)
        return None

    def _limit_refusal(self, session: Session, user: User, approval: Approval) -> AcornError | None:
        limit = approval_limit_cny(user)
        amount_cny = cny_exact(approval.amount, approval.currency, self._rates(session))
        money = f"{_money(approval.amount, approval.currency)}"
        if amount_cny is None:
            return InputError(
                f"没有 {approval.currency} 兑人民币的汇率,无法核对审批额度({money})。",
                f"There is no CNY rate for {approval.currency}; the approval limit cannot be checked ({money}).",
                hint_zh="请在「首选项」的汇率表中补上该币种。",
                hint_en="Add the currency to the rates table in Preferences.",
            )
        if limit is None or amount_cny > limit:
            limit_text = "无" if limit is None else f"¥{_fen(limit):,}"
            return PermissionDeniedError(
                f"金额 {money}(≈¥{_fen(amount_cny):,})超过您的审批额度({user.role.name_zh}:{limit_text})。",
                f"The amount {money} (≈¥{_fen(amount_cny):,}) is above your approval limit ({user.role.name_en}: "
                f"{'none' if limit is None else f'¥{_fen(limit):,}'}).",
                hint_zh="请让额度更高的同事(主管或财务)审批。",
                hint_en="Ask a colleague with a higher limit (a manager or finance).",
            )
        return None

    def _apply(
        self, session: Session, who: Actor, user: User, approval: Approval, chain: list[Approval], case: Case,
        decision: Decision, comment: str, request_id: str,
    ) -> DecisionResult:  # fmt: skip
        now = datetime.now(UTC)
        status = _DECISION_STATUS[decision]
        approval.status = status
        approval.decided_by = user.id
        approval.decided_at = now
        approval.comment = comment or None
        if decision is not Decision.APPROVE:  # the rest of the request ends with it
            for other in chain:
                if other.id != approval.id and other.status is ApprovalStatus.PENDING:
                    other.status = status
                    other.decided_at = now
                    other.comment = f"随第 {approval.level} 级决定关闭 / closed with level {approval.level}"
        final = decision is not Decision.APPROVE or _is_last(approval, chain)
        verb_zh, verb_en = _DECISION_LABELS[decision]
        amount_cny = cny_exact(approval.amount, approval.currency, self._rates(session))
        levels = max(a.level for a in chain)
        level_zh = f"第 {approval.level}/{levels} 级" if levels > 1 else ""
        level_en = f" (level {approval.level} of {levels})" if levels > 1 else ""
        money = _money(approval.amount, approval.currency)
        session.add(
            CaseEvent(
                case_id=case.id, kind="decision", actor_id=user.id,
                summary=shorten(f"{user.display_name} {level_zh}{verb_zh}:{money}"
                                f"{'。' + comment if comment else ''} / {user.display_name} {verb_en}{level_en}"),
                data={"approval_id": approval.id, "level": approval.level, "decision": decision.value,
                      "comment": comment, "actor": who.name, "request_id": request_id},
            )
        )  # fmt: skip
        payload = {
            "approval_id": approval.id, "level": approval.level, "levels": levels, "decision": decision.value,
            "comment": comment, "amount": str(approval.amount), "currency": approval.currency,
            "amount_cny": None if amount_cny is None else str(amount_cny), "requested_by": approval.requested_by,
            "case_id": case.id, "approver_id": user.id, "components": approval.components,
            "adjustment_reason": approval.adjustment_reason,
        }  # fmt: skip
        action = {Decision.APPROVE: "approval.approved", Decision.REJECT: "approval.rejected",
                  Decision.RETURN_FOR_INFO: "approval.returned"}[decision]  # fmt: skip
        summary = shorten(
            f"工单 #{case.id} 审批 #{approval.id} {level_zh}{verb_zh}({money}) / case #{case.id} approval "
            f"#{approval.id} {verb_en}{level_en} ({money})"
        )
        outbox: tuple[int, ...] = ()
        if final:
            record_state_change(
                session, case, _DECISION_TARGET[decision], who, comment=comment, request_id=request_id,
                action=action, audit_summary=summary, payload=payload,
            )  # fmt: skip
            if decision is Decision.APPROVE:
                outbox = _enqueue_if_refund(session, case, who, approval, request_id)
        else:
            case.updated_at = now  # bumps the version: a concurrent decision on this case fails its flush
            flush_versioned(session, case)
            audit.append(session, actor=who.name, action=action, summary=summary,
                         payload={"case_id": case.id, **payload, "version": case.version}, entity_type="case",
                         entity_id=case.id, request_id=request_id)  # fmt: skip
        return DecisionResult(approval.id, case.id, decision, final, case.state, request_id, outbox)

    # -- reads -----------------------------------------------------------------------------------------------
    def pending_for(self, actor: ActorLike | LoginSession) -> list[PendingApproval]:
        """待我审批: pending approvals this user may decide now (oldest first); ``can_approve`` marks the limit."""
        who = actor_of(actor)
        with self.store.reader() as session:
            user = current_user(session, who)
            perms = permissions_of(user.role_code)
            if Permission.APPROVE_REFUNDS not in perms:
                return []
            requester = aliased(User)
            query = (
                sa.select(Approval, Case, requester.display_name)
                .join(Case, Case.id == Approval.case_id)
                .join(requester, requester.id == Approval.requested_by)
                .where(
                    Approval.status == ApprovalStatus.PENDING,
                    Case.state == CaseState.AWAITING_APPROVAL,
                    Approval.requested_by != user.id,
                    sa.or_(Approval.required_role.is_(None), Approval.required_role == user.role_code),
                )
                .order_by(Approval.requested_at, Approval.id)
            )
            rows = session.execute(query).all()
            chains = _chains_of(session, {case.id for _, case, _ in rows})
            result = []
            for approval, case, requester_name in rows:
                chain = next(c for c in chains[case.id] if approval in c)
                if self._refusal(session, user, approval, chain, case, Decision.REJECT) is not None:
                    continue
                blocked = self._limit_refusal(session, user, approval) if _is_last(approval, chain) else None
                result.append(
                    PendingApproval(
                        approval_id=approval.id, case_id=case.id, case_version=case.version, kind=case.kind,
                        marketplace=case.marketplace_code, amazon_order_id=case.amazon_order_id,
                        level=approval.level, levels=max(a.level for a in chain), amount=approval.amount,
                        currency=approval.currency, amount_cny=_fen(cny_exact(approval.amount, approval.currency,
                                                                              self._rates(session))),
                        reason=approval.reason, requested_by=requester_name, requested_at=approval.requested_at,
                        rule_name=approval.rule_name, can_approve=blocked is None,
                        blocked_zh=blocked.zh if blocked else "", blocked_en=blocked.en if blocked else "",
                    )
                )  # fmt: skip
            return result

    def pending_approval_of_case(self, actor: ActorLike | LoginSession, case_id: int) -> int | None:
        """The approval of this case that is up next (lowest pending level), or None."""
        with self.store.reader() as session:
            current_user(session, actor_of(actor))
            return session.scalar(
                sa.select(Approval.id)
                .where(Approval.case_id == case_id, Approval.status == ApprovalStatus.PENDING)
                .order_by(Approval.level, Approval.id)
                .limit(1)
            )

    def view(self, actor: ActorLike | LoginSession, approval_id: int) -> ApprovalView:
        who = actor_of(actor)
        with self.store.reader() as session:
            user = current_user(session, who)
            approval = _get_approval(session, approval_id)
            case = _get_case(session, approval.case_id)
            chain = _chain(session, approval)
            store_name = session.scalar(sa.select(SellerAccount.name).where(SellerAccount.id == case.account_id))
            request_event = _request_event(session, case.id, chain[0].id)
            data = request_event.data if request_event is not None else {}
            refusal = self._refusal(session, user, approval, chain, case, Decision.REJECT)
            limit = None
            if refusal is None and _is_last(approval, chain):
                limit = self._limit_refusal(session, user, approval)
            blocked = refusal or limit
            components = tuple((k, Decimal(v)) for k, v in (approval.components or {}).items())
            total_cny = cny_exact(approval.amount, approval.currency, self._rates(session))
            rate = self._rates(session).get(approval.currency.upper())
            order = _order_facts(session, case)
            return ApprovalView(
                approval_id=approval.id, status=approval.status, level=approval.level,
                levels=max(a.level for a in chain), required_role=approval.required_role, case_id=case.id,
                case_version=case.version, case_kind=case.kind, case_state=case.state,
                marketplace=case.marketplace_code, store=store_name or "", amazon_order_id=case.amazon_order_id,
                sku=case.sku, asin=case.asin, case_amount=case.amount, reason_text=case.reason_text,
                order=order, policy=_policy_row(session, case), deadline_at=case.deadline_at,
                rule=_rule_info(session, approval, data), risk_score=case.risk_score,
                risk_signals=_risk_signals(session, case, approval, order),
                components=components, adjustment_reason=approval.adjustment_reason, currency=approval.currency,
                total=approval.amount, total_cny=_fen(total_cny), cny_rate=rate,
                refundable=case.kind in REFUND_KINDS, requester=_user_name(session, approval.requested_by) or "",
                requested_at=approval.requested_at, reason=approval.reason,
                evidence=_evidence_infos(session, data.get("evidence_ids") or ()),
                history=_history(session, case.id), can_decide=refusal is None,
                can_approve=blocked is None, blocked_zh=blocked.zh if blocked else "",
                blocked_en=blocked.en if blocked else "",
            )  # fmt: skip


# -- money -----------------------------------------------------------------------------------------------------
def cny_exact(amount: Decimal, currency: str, rates: Mapping[str, Decimal] | None = None) -> Decimal | None:
    """``amount`` in CNY without rounding (limits are compared on this), or None without a rate."""
    rate = (rates or DEFAULT_CNY_RATES).get(currency.upper())
    return None if rate is None else Decimal(amount) * Decimal(rate)


def _fen(amount: Decimal | None) -> Decimal | None:
    return None if amount is None else quantize(amount, "CNY")


def _money(amount: Decimal, currency: str) -> str:
    return f"{quantize(Decimal(amount), currency):,} {currency}"


def validate_components(components: Mapping[str, object], currency: str) -> dict[str, Decimal]:
    """Amazon's component types with amounts in the currency's minor unit; deductions ≤ 0; a positive total."""
    clean: dict[str, Decimal] = {}
    for name, raw in components.items():
        if name not in COMPONENT_TYPES:
            raise InputError(
                f"未知的退款明细类型「{name}」。", f"Unknown refund component type '{name}'.",
                hint_zh="可选:" + "、".join(COMPONENT_TYPES), hint_en="Choose one of: " + ", ".join(COMPONENT_TYPES),
            )  # fmt: skip
        try:
            value = Decimal(str(raw).strip())
        except (InvalidOperation, ValueError):
            raise InputError(
                f"「{name}」的金额不是数字:{raw}", f"The amount of '{name}' is not a number: {raw}"
            ) from None
        if not value.is_finite() or value != quantize(value, currency):
            raise InputError(
                f"「{name}」的金额 {raw} 无效:最多精确到 {currency} 的最小单位。",
                f"The amount of '{name}' ({raw}) is invalid: at most the minor unit of {currency}.",
            )
        if name in DEDUCTION_TYPES and value > 0:
            raise InputError(
                f"「{name}」是扣款项,金额须为负数或 0(例如 -2.00)。",
                f"'{name}' is a deduction: enter it as a negative amount or 0 (e.g. -2.00).",
            )
        if name not in DEDUCTION_TYPES and name != "Other" and value < 0:
            raise InputError(f"「{name}」的金额不能为负数。", f"The amount of '{name}' cannot be negative.")
        if value != 0:
            clean[name] = quantize(value, currency)
    total = sum(clean.values(), Decimal(0))
    if total <= 0:
        raise InputError(
            f"退款合计必须大于 0(现在是 {total} {currency})。",
            f"The refund total must be above 0 (it is {total} {currency}).",
            hint_zh="扣款(如 RestockingFee)不能大于退款金额。",
            hint_en="Deductions (such as RestockingFee) cannot exceed the refund.",
        )
    return clean


def _breakdown(session: Session, case: Case, components, adjustment_reason):
    """(components as strings or None, adjustment reason, currency, total) of the refund the approval is for."""
    currency = case.currency
    if adjustment_reason is not None and adjustment_reason not in ADJUSTMENT_REASONS:
        raise InputError(
            f"未知的调整原因「{adjustment_reason}」。", f"Unknown adjustment reason '{adjustment_reason}'.",
            hint_zh="可选:" + "、".join(ADJUSTMENT_REASONS), hint_en="Choose one of: " + ", ".join(ADJUSTMENT_REASONS),
        )  # fmt: skip
    from . import refunds  # lazy, like the other collaborators (tests replace them)

    if components is not None:
        clean = validate_components(components, currency)
        if case.kind in REFUND_KINDS:
            refunds.check_request(session, case, clean, adjustment_reason)  # never above the order's remainder
        return {k: str(v) for k, v in clean.items()}, adjustment_reason, currency, sum(clean.values(), Decimal(0))
    if case.kind not in REFUND_KINDS:
        return None, adjustment_reason, currency, case.amount
    breakdown = refunds.default_breakdown(session, case)
    parts = {k: str(Decimal(v)) for k, v in breakdown.components.items()}
    return parts, adjustment_reason or breakdown.adjustment_reason, breakdown.currency, Decimal(breakdown.total)


def _route(session: Session, case: Case, rates: Mapping[str, Decimal]):
    from .rules import route_case  # lazy: the rules service is optional for everything but requests

    return route_case(session, case, rates)


def _enqueue_if_refund(session: Session, case: Case, who: Actor, approval: Approval, request_id: str):
    if case.kind not in REFUND_KINDS:
        return ()
    from .refunds import enqueue_refund

    components = {k: Decimal(v) for k, v in approval.components.items()} if approval.components else None
    rows = enqueue_refund(
        session, case, who, approval_id=approval.id, components=components,
        adjustment_reason=approval.adjustment_reason, request_id=request_id,
    )  # fmt: skip
    session.flush()
    return tuple(r.id for r in rows)


# -- helpers ---------------------------------------------------------------------------------------------------
@dataclass
class _Plan:
    levels: list[tuple[int, str | None]] = None  # type: ignore[assignment]
    rule_id: int | None = None
    rule_name: str | None = None
    action: str | None = None
    action_arg: str | None = None
    suggestion: str | None = None
    auto: bool = False
    assignee_id: int | None = None
    note_zh: str = ""
    note_en: str = ""

    def __post_init__(self) -> None:
        if self.levels is None:
            self.levels = [(1, None)]


_STATUS_LABELS = {
    ApprovalStatus.PENDING: ("待审批", "pending"),
    ApprovalStatus.APPROVED: ("已批准", "approved"),
    ApprovalStatus.REJECTED: ("已驳回", "rejected"),
    ApprovalStatus.RETURNED: ("已退回补充", "returned for information"),
    ApprovalStatus.WITHDRAWN: ("已撤回", "withdrawn"),
}


def _decision(value: Decision | str) -> Decision:
    try:
        return Decision(value)
    except ValueError:
        allowed = ", ".join(d.value for d in Decision)
        raise InputError(
            f"未知的审批决定「{value}」。可选:{allowed}", f"Unknown decision '{value}'. Choose: {allowed}"
        ) from None


def _clean_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise InputError("请填写发送审批的理由。", "Give a reason for the approval request.",
                         hint_zh="理由会显示给审批人,并记入审计日志。",
                         hint_en="The approver sees it; it is kept in the audit log.")  # fmt: skip
    if len(reason) > REASON_MAX_CHARS:
        raise InputError(f"理由太长({len(reason)} 字),最多 {REASON_MAX_CHARS} 字。",
                         f"The reason is too long ({len(reason)} characters); at most {REASON_MAX_CHARS}.")  # fmt: skip
    return reason


def _clean_comment(comment: str, decision: Decision) -> str:
    comment = (comment or "").strip()
    if decision is not Decision.APPROVE and not comment:
        verb_zh, verb_en = _DECISION_LABELS[decision]
        raise InputError(f"{verb_zh}时必须填写说明。", f"A comment is required when an approval is {verb_en}.",
                         hint_zh="说明会显示给申请人,并记入工单时间线。",
                         hint_en="The requester sees it on the case timeline.")  # fmt: skip
    if len(comment) > COMMENT_MAX_CHARS:
        raise InputError(
            f"说明太长({len(comment)} 字),最多 {COMMENT_MAX_CHARS} 字。",
            f"The comment is too long ({len(comment)} characters); at most {COMMENT_MAX_CHARS}.",
        )
    return comment


def _clean_ids(ids: Iterable[int]) -> list[int]:
    result = list(dict.fromkeys(int(i) for i in ids))
    if not result:
        raise InputError("没有选中任何工单。", "No case is selected.", hint_zh="请先在队列中选择工单。",
                         hint_en="Select cases in the queue first.")  # fmt: skip
    if len(result) > MAX_BATCH:
        raise InputError(f"一次最多发送 {MAX_BATCH} 个工单审批(选中了 {len(result)} 个)。",
                         f"At most {MAX_BATCH} cases at once ({len(result)} selected).")  # fmt: skip
    return result


def _id_list(ids) -> str:
    ids = list(ids)
    shown = ", ".join(f"#{i}" for i in ids[:_NAMES_SHOWN])
    return shown + (f" … (+{len(ids) - _NAMES_SHOWN})" if len(ids) > _NAMES_SHOWN else "")


def _load_cases(session: Session, ids: list[int], expected: Mapping[int, int] | None) -> list[Case]:
    found = {c.id: c for c in session.scalars(sa.select(Case).where(Case.id.in_(ids)))}
    missing = [i for i in ids if i not in found]
    if missing:
        raise InputError(f"找不到工单:{_id_list(missing)}。本次操作未做任何修改。",
                         f"These cases do not exist: {_id_list(missing)}. Nothing was changed.")  # fmt: skip
    for case_id, version in (expected or {}).items():
        if case_id in found and found[case_id].version != version:
            raise stale_error(case_id)
    return [found[i] for i in ids]


def _refuse_blocked(cases: list[Case], target: CaseState) -> None:
    blocked = [c for c in cases if target not in ALLOWED_TRANSITIONS[c.state]]
    if not blocked:
        return
    shown = blocked[:_NAMES_SHOWN]
    zh = "、".join(f"#{c.id}({c.state.label_zh})" for c in shown)
    en = ", ".join(f"#{c.id} ({c.state.label_en})" for c in shown)
    raise InvalidTransitionError(
        f"{len(blocked)} 个工单当前状态不能发送审批:{zh}。本次操作未做任何修改。",
        f"{len(blocked)} case(s) cannot be sent for approval in their current state: {en}. Nothing was changed.",
        hint_zh="请取消选择上述工单后重试。",
        hint_en="Deselect the cases above and try again.",
    )


def _get_case(session: Session, case_id: int) -> Case:
    case = session.get(Case, case_id)
    if case is None:
        raise InputError(f"找不到工单 #{case_id}。", f"Case #{case_id} does not exist.")
    return case


def _get_approval(session: Session, approval_id: int, *, lock: bool = False) -> Approval:
    approval = session.get(Approval, approval_id, with_for_update=lock or None)
    if approval is None:
        raise InputError(f"找不到审批 #{approval_id}。", f"Approval #{approval_id} does not exist.")
    return approval


def _split_chains(approvals: list[Approval]) -> list[list[Approval]]:
    """A case's approvals (by id) cut into requests: each level-1 approval starts one."""
    chains: list[list[Approval]] = []
    for a in approvals:
        if a.level == 1 or not chains:
            chains.append([a])
        else:
            chains[-1].append(a)
    return chains


def _chain(session: Session, approval: Approval) -> list[Approval]:
    rows = list(session.scalars(sa.select(Approval).where(Approval.case_id == approval.case_id).order_by(Approval.id)))
    return next(c for c in _split_chains(rows) if approval in c)


def _chains_of(session: Session, case_ids: set[int]) -> dict[int, list[list[Approval]]]:
    by_case: dict[int, list[Approval]] = {i: [] for i in case_ids}
    ids = sorted(case_ids)
    for start in range(0, len(ids), 500):
        query = sa.select(Approval).where(Approval.case_id.in_(ids[start : start + 500])).order_by(Approval.id)
        for a in session.scalars(query):
            by_case[a.case_id].append(a)
    return {case_id: _split_chains(rows) for case_id, rows in by_case.items()}


def _is_last(approval: Approval, chain: list[Approval]) -> bool:
    return approval.level == max(a.level for a in chain)


def _role_refusal(role: Role, permission: Permission) -> PermissionDeniedError:
    return PermissionDeniedError(
        f"「{role.name_zh}」角色无权{permission.label_zh}。",
        f"The role '{role.name_en}' may not {permission.label_en}.",
        hint_zh="请让有权限的同事操作,或请管理员调整角色。",
        hint_en="Ask a colleague who may, or an administrator to change your role.",
    )


def _batch_refusal(blocked: list[tuple[int, AcornError]], total: int) -> AcornError:
    shown = blocked[:_NAMES_SHOWN]
    more = len(blocked) - len(shown)
    zh = ";".join(f"#{i}:{e.zh}" for i, e in shown) + (f";另有 {more} 个" if more else "")
    en = "; ".join(f"#{i}: {e.en}" for i, e in shown) + (f"; and {more} more" if more else "")
    cls = PermissionDeniedError if all(isinstance(e, PermissionDeniedError) for _, e in blocked) else InputError
    return cls(
        f"{total} 个审批中有 {len(blocked)} 个不能批量批准,本次未做任何修改。{zh}",
        f"{len(blocked)} of {total} approvals cannot be approved in this batch; nothing was changed. {en}",
        hint_zh="取消选择上述审批后重试,或逐个处理。",
        hint_en="Deselect them and try again, or decide them one by one.",
    )


def _evidence_by_case(session: Session, evidence_ids: list[int], case_ids: list[int]) -> dict[int, tuple[int, ...]]:
    if not evidence_ids:
        return {}
    rows = session.execute(
        sa.select(EvidenceAttachment.id, EvidenceAttachment.case_id).where(EvidenceAttachment.id.in_(evidence_ids))
    ).all()
    owner = dict(rows)
    wrong = [i for i in evidence_ids if owner.get(i) not in case_ids]
    if wrong:
        raise InputError(f"证据 {_id_list(wrong)} 不存在或不属于所选工单。",
                         f"Evidence {_id_list(wrong)} does not exist or belongs to another case.")  # fmt: skip
    result: dict[int, list[int]] = {}
    for evidence_id in evidence_ids:
        result.setdefault(owner[evidence_id], []).append(evidence_id)
    return {k: tuple(v) for k, v in result.items()}


def _assign_by_rule(session: Session, case: Case, plan: _Plan, who: Actor) -> None:
    name = _user_name(session, plan.assignee_id)
    previous = case.assignee_id
    case.assignee_id = plan.assignee_id
    session.add(
        CaseEvent(
            case_id=case.id, kind="assigned", actor_id=who.user_id,
            summary=shorten(f"负责人:{name}(规则「{plan.rule_name}」) / Assignee: {name} (rule '{plan.rule_name}')"),
            data={"from": previous, "to": plan.assignee_id, "actor": f"rule:{plan.rule_name}"},
        )
    )  # fmt: skip


def _user_name(session: Session, user_id: int | None) -> str | None:
    if user_id is None:
        return None
    return session.scalar(sa.select(User.display_name).where(User.id == user_id))


def _request_event(session: Session, case_id: int, first_approval_id: int) -> CaseEvent | None:
    events = session.scalars(
        sa.select(CaseEvent)
        .where(CaseEvent.case_id == case_id, CaseEvent.kind == "approval_requested")
        .order_by(CaseEvent.id.desc())
    )
    return next((e for e in events if first_approval_id in (e.data or {}).get("approval_ids", ())), None)


def _rule_info(session: Session, approval: Approval, data: dict) -> RuleInfo | None:
    if approval.rule_id is None and not approval.rule_name and not data.get("rule_name"):
        return None
    rule = session.get(DecisionRule, approval.rule_id) if approval.rule_id is not None else None
    action = data.get("action") or (rule.action.value if rule is not None else None)
    return RuleInfo(
        rule_id=approval.rule_id,
        name=approval.rule_name or data.get("rule_name") or (rule.name if rule else ""),
        action=action,
        action_arg=data.get("action_arg") if data else (rule.action_arg if rule else None),
        suggestion=data.get("suggestion") or ("reject" if action == RuleAction.REJECT_SUGGEST.value else None),
        description=rule.description if rule is not None else None,
        note_zh=data.get("note_zh") or "",
        note_en=data.get("note_en") or "",
    )


def _order_facts(session: Session, case: Case) -> OrderFacts | None:
    order = session.get(Order, case.order_id) if case.order_id is not None else None
    if order is None:
        return None
    items = session.scalars(sa.select(OrderItem).where(OrderItem.order_id == order.id).order_by(OrderItem.id))
    return OrderFacts(
        amazon_order_id=order.amazon_order_id, purchase_date=order.purchase_date, status=order.status,
        fulfillment_channel=order.fulfillment_channel, order_total=order.order_total, currency=order.currency,
        ship_country=order.ship_country,
        items=tuple(OrderItemRow(i.title, i.sku, i.asin, i.quantity, i.item_price, i.item_tax, i.shipping_price,
                                 i.currency) for i in items),
    )  # fmt: skip


def _policy_row(session: Session, case: Case) -> PolicyRow | None:
    p = session.get(MarketplacePolicy, case.policy_id) if case.policy_id is not None else None
    if p is None:
        return None
    return PolicyRow("marketplace", p.hours, p.business_days, p.source, p.marketplace_code, p.event_kind, p.version,
                     p.effective_from, p.superseded_at)  # fmt: skip


def _risk_signals(session: Session, case: Case, approval: Approval, order: OrderFacts | None) -> tuple[RiskSignal, ...]:
    signals = []
    if case.risk_score >= HIGH_RISK:
        signals.append(RiskSignal("high_score", f"风险评分高:{case.risk_score}", f"High risk score: {case.risk_score}"))
    if order is not None and order.currency == approval.currency and approval.amount > order.order_total:
        signals.append(RiskSignal(
            "exceeds_order", f"退款 {approval.amount} 超过订单金额 {order.order_total} {order.currency}",
            f"Refund {approval.amount} exceeds the order total {order.order_total} {order.currency}"))  # fmt: skip
    if case.order_id is not None:
        alias = session.scalar(sa.select(Order.buyer_alias).where(Order.id == case.order_id))
        if alias:
            from ..domain.rules import BuyerFlag, flags_for_buyer

            history = session.execute(
                sa.select(Case.opened_at, Case.id, sa.type_coerce(Case.kind, sa.String()))
                .join(Order, Order.id == Case.order_id)
                .where(Order.buyer_alias == alias, Order.account_id == case.account_id)
            )
            for flag in sorted(flags_for_buyer(tuple(r) for r in history).get(case.id, ())):
                label = BuyerFlag(flag)
                signals.append(RiskSignal(flag, f"买家:{label.label_zh}", f"Buyer: {label.label_en}"))
    if case.amazon_order_id:
        claims = session.scalar(
            sa.select(sa.func.count(Case.id)).where(
                Case.amazon_order_id == case.amazon_order_id, Case.id != case.id,
                Case.kind.in_([CaseKind.ATOZ_CLAIM, CaseKind.CHARGEBACK]))
        )  # fmt: skip
        if claims:
            signals.append(RiskSignal("other_claims", f"该订单另有 {claims} 个 A-to-z 索赔或拒付",
                                      f"The order also has {claims} A-to-z claim(s) or chargeback(s)"))  # fmt: skip
    return tuple(signals)


def _evidence_infos(session: Session, ids) -> tuple[EvidenceInfo, ...]:
    ids = [int(i) for i in ids]
    if not ids:
        return ()
    adder = aliased(User)
    rows = session.execute(
        sa.select(
            EvidenceAttachment.id, EvidenceAttachment.category, EvidenceAttachment.filename,
            EvidenceAttachment.media_type, EvidenceAttachment.size, EvidenceAttachment.sha256,
            EvidenceAttachment.added_at, adder.display_name,
        )
        .outerjoin(adder, adder.id == EvidenceAttachment.added_by)
        .where(EvidenceAttachment.id.in_(ids))
        .order_by(EvidenceAttachment.id)
    )  # fmt: skip
    return tuple(EvidenceInfo(*r) for r in rows)


def _history(session: Session, case_id: int) -> tuple[ApprovalStep, ...]:
    requester, decider = aliased(User), aliased(User)
    rows = session.execute(
        sa.select(Approval, requester.display_name, decider.display_name)
        .join(requester, requester.id == Approval.requested_by)
        .outerjoin(decider, decider.id == Approval.decided_by)
        .where(Approval.case_id == case_id)
        .order_by(Approval.id)
    )
    return tuple(
        ApprovalStep(a.id, a.level, a.status, a.required_role, req, a.requested_at, dec, a.decided_at, a.comment)
        for a, req, dec in rows
    )
