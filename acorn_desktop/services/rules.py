"""Auto-decision rules: drafts, enabling, back-testing over the stored history, and routing cases. Qt-free.

Rows of ``decision_rules`` form rule *sets*:

* the **active** set: ``enabled`` and not ``retired_at`` — what :func:`route_case` applies;
* the **draft** set: not ``enabled`` and not ``retired_at`` — what a manager edits and back-tests;
* history: ``retired_at`` set (``enabled`` still true: it was active until then; false: a discarded draft).

Every saved set gets a fresh ``version`` (one more than any before), shared by all its rows; enabling makes the
draft set active and retires the previous one, so the active version only grows. Saving, discarding and enabling
need :attr:`Permission.EDIT_RULES` and are audited with a SHA-256 digest of the whole set; a back-test is
read-only but needs the same permission (it shows what refunds would have been given).

Back-test: the cases are streamed in id order, only the columns rules read, in partitions of ``chunk_size``
(``yield_per``: a server-side cursor on PostgreSQL, a lazily fetched cursor on SQLite), amounts read as the
stored scaled integers, CNY computed with the fx table. Disposition and buyer flags are loaded only when a rule
of either set uses them.
"""

from __future__ import annotations

import enum
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from itertools import groupby

import sqlalchemy as sa
from sqlalchemy.orm import Session

from ..domain import rules as dr
from ..domain.money import AMOUNT_SCALE
from ..errors import InputError
from ..models import Case, CaseEvent, DecisionRule, Order, ReturnRecord, RuleAction, User
from . import audit
from .changes import ActorLike, as_actor, flush_versioned, shorten
from .permissions import Permission, require

MAX_RULES = 200
DEFAULT_CHUNK = 20_000
_IN_CHUNK = 500  # bound parameters per IN (...)
_PG_RULES_LOCK = 0x52554C4553  # advisory lock id serialising rule-set changes in team mode

__all__ = [
    "Routing",
    "RuleDraft",
    "RuleServices",
    "RuleSetInfo",
    "RuleState",
    "StoredRule",
    "active_rules",
    "apply_to_new_cases",
    "count_cases",
    "facts_of",
    "history_facts",
    "route_case",
    "route_cases",
    "rule_set_digest",
]


class RuleState(enum.StrEnum):
    ACTIVE = "active"
    DRAFT = "draft"


@dataclass(frozen=True, slots=True)
class RuleDraft:
    """One rule of a set being edited; its position is its place in the list given to ``save_draft``."""

    name: str
    conditions: tuple[dr.Condition, ...]
    action: dr.RuleAction
    action_arg: str | None = None
    description: str | None = None


@dataclass(frozen=True, slots=True)
class StoredRule:
    id: int
    name: str
    position: int
    conditions: tuple[dr.Condition, ...]
    action: dr.RuleAction
    action_arg: str | None
    description: str | None
    version: int
    state: RuleState
    created_at: datetime
    created_by: int | None

    def as_rule(self) -> dr.Rule:
        return dr.Rule(self.id, self.name, self.position, self.conditions, self.action, self.action_arg)

    def as_draft(self) -> RuleDraft:
        return RuleDraft(self.name, self.conditions, self.action, self.action_arg, self.description)


@dataclass(frozen=True, slots=True)
class RuleSetInfo:
    """A saved or enabled set: its version, row ids in position order, digest, and the rows it retired."""

    version: int
    rule_ids: tuple[int, ...]
    digest: str
    retired_ids: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Routing:
    """The active rule that decided a case (the approval service stores ``rule_id`` / ``rule_name``)."""

    rule_id: int
    rule_name: str
    action: RuleAction
    action_arg: str | None


def rule_set_digest(rules: Sequence[RuleDraft | dr.Rule]) -> str:
    """SHA-256 over the set's canonical JSON (names, positions, conditions, actions) — what the audit records."""
    return audit.digest(_set_json(rules))


def _set_json(rules: Sequence[RuleDraft | dr.Rule]) -> list[dict]:
    return [
        {"position": i, "name": r.name, "conditions": dr.conditions_to_json(r.conditions),
         "action": dr.RuleAction(r.action).value, "action_arg": r.action_arg}
        for i, r in enumerate(rules, start=1)
    ]  # fmt: skip


# -- reading the stored sets ----------------------------------------------------------------------------------------
def _lock_rule_sets(session: Session) -> None:
    """One rule-set change at a time: SQLite's writer transaction already is exclusive; PostgreSQL needs a lock
    (row locks alone cannot stop two desktops from both creating a first draft)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_RULES_LOCK})


def _live_rows(session: Session, *, enabled: bool, lock: bool = False) -> list[DecisionRule]:
    query = (
        sa.select(DecisionRule)
        .where(DecisionRule.enabled.is_(enabled), DecisionRule.retired_at.is_(None))
        .order_by(DecisionRule.position, DecisionRule.id)
    )
    if lock:
        query = query.with_for_update()
    return list(session.scalars(query))


def _stored(row: DecisionRule) -> StoredRule:
    conditions = dr.conditions_from_json(row.conditions, row.name)
    state = RuleState.ACTIVE if row.enabled else RuleState.DRAFT
    return StoredRule(row.id, row.name, row.position, conditions, dr.RuleAction(row.action.value), row.action_arg,
                      row.description, row.version, state, row.created_at, row.created_by)  # fmt: skip


def active_rules(session: Session) -> list[dr.Rule]:
    return [_stored(row).as_rule() for row in _live_rows(session, enabled=True)]


def _active_version(session: Session) -> int | None:
    return session.scalar(
        sa.select(sa.func.max(DecisionRule.version)).where(
            DecisionRule.enabled.is_(True), DecisionRule.retired_at.is_(None)
        )
    )


# -- routing ----------------------------------------------------------------------------------------------------------
def route_case(session: Session, case: Case, rates: Mapping[str, Decimal] | None = None) -> Routing | None:
    """The ACTIVE rule set's decision for ``case`` (None: no active rule matches)."""
    return route_cases(session, [case], rates)[case.id]


def route_cases(
    session: Session, cases: Sequence[Case], rates: Mapping[str, Decimal] | None = None
) -> dict[int, Routing | None]:
    """:func:`route_case` for many cases at once (one rule load, batched disposition / buyer-flag lookups)."""
    rules = active_rules(session)
    if not rules or not cases:
        return {case.id: None for case in cases}
    rule_set = dr.compile_rules(rules)
    rates = rates or _managed_rates(session)
    ids = [case.id for case in cases]
    dispositions = _dispositions(session, ids) if rule_set.needs("disposition") else {}
    flags = _buyer_flags_for(session, cases) if rule_set.needs("buyer_flags") else {}
    routed: dict[int, Routing | None] = {}
    for case in cases:
        match = rule_set.evaluate(facts_of(case, rates, dispositions.get(case.id), flags.get(case.id, dr.NO_FLAGS)))
        routed[case.id] = (
            None if match is None else Routing(match.rule_id, match.rule_name, RuleAction(match.action.value),
                                               match.action_arg)
        )  # fmt: skip
    return routed


def facts_of(
    case: Case,
    rates: Mapping[str, Decimal] | None = None,
    disposition: str | None = None,
    buyer_flags: frozenset[str] = dr.NO_FLAGS,
) -> dr.CaseFacts:
    return dr.CaseFacts(
        case.id, case.kind.value, case.state.value, case.marketplace_code, case.amount, case.currency,
        dr.cny_amount(case.amount, case.currency, rates), case.reason_code, case.sku, case.asin,
        case.risk_score or 0, disposition.upper() if disposition else None, buyer_flags,
    )  # fmt: skip


def _dispositions(session: Session, case_ids: Sequence[int]) -> dict[int, str]:
    """The latest return record's disposition per case (upper case)."""
    found: dict[int, str] = {}
    for start in range(0, len(case_ids), _IN_CHUNK):
        chunk = case_ids[start : start + _IN_CHUNK]
        query = (
            sa.select(ReturnRecord.case_id, ReturnRecord.disposition)
            .where(ReturnRecord.case_id.in_(chunk), ReturnRecord.disposition.is_not(None))
            .order_by(ReturnRecord.id)
        )
        for case_id, disposition in session.execute(query):
            found[case_id] = disposition.strip().upper()
    return found


def _buyer_flags_for(session: Session, cases: Sequence[Case]) -> dict[int, frozenset[str]]:
    """Buyer flags of ``cases`` from their buyers' cases opened up to each of them.

    A buyer is (store, buyer alias): Amazon's anonymised alias is only stable within one seller account.
    """
    order_ids = [c.order_id for c in cases if c.order_id is not None]
    buyers: set[tuple[int, str]] = set()
    for start in range(0, len(order_ids), _IN_CHUNK):
        query = sa.select(Order.account_id, Order.buyer_alias).where(
            Order.id.in_(order_ids[start : start + _IN_CHUNK]), Order.buyer_alias.is_not(None)
        )
        buyers.update((account, alias) for account, alias in session.execute(query))
    flags: dict[int, frozenset[str]] = {}
    aliases = sorted({alias for _account, alias in buyers})
    wanted = {c.id for c in cases}
    for start in range(0, len(aliases), _IN_CHUNK):
        query = (
            sa.select(Order.account_id, Order.buyer_alias, Case.opened_at, Case.id,
                      sa.type_coerce(Case.kind, sa.String()))
            .join(Order, Order.id == Case.order_id)
            .where(Order.buyer_alias.in_(aliases[start : start + _IN_CHUNK]))
            .order_by(Order.account_id, Order.buyer_alias)
        )  # fmt: skip
        for buyer, rows in groupby(session.execute(query), key=lambda row: (row[0], row[1])):
            if buyer not in buyers:
                continue
            for case_id, case_flags in dr.flags_for_buyer((at, cid, kind) for _a, _b, at, cid, kind in rows).items():
                if case_id in wanted:
                    flags[case_id] = case_flags
    return flags


def apply_to_new_cases(
    session: Session, case_ids: Iterable[int], actor: ActorLike, rates: Mapping[str, Decimal] | None = None
) -> tuple[int, ...]:
    """After a sync: give each new, unassigned case whose active rule says ASSIGN to the user named in the rule.

    A user who does not exist or is deactivated is skipped (the case stays unassigned). Each assignment gets a
    timeline entry and an audit entry naming the rule; one request id per call. Returns the assigned case ids.
    Runs in the caller's transaction; no permission check (it applies rules a manager enabled).
    """
    rules = active_rules(session)
    if not any(r.action is dr.RuleAction.ASSIGN for r in rules):
        return ()
    who = as_actor(actor)
    ids = list(dict.fromkeys(int(i) for i in case_ids))
    request_id = uuid.uuid4().hex
    assigned: list[int] = []
    for start in range(0, len(ids), _IN_CHUNK):
        cases = list(session.scalars(sa.select(Case).where(Case.id.in_(ids[start : start + _IN_CHUNK]))))
        routed = route_cases(session, cases, rates)
        names = {r.action_arg for r in routed.values() if r is not None and r.action is RuleAction.ASSIGN}
        users = {
            u.username: u
            for u in session.scalars(sa.select(User).where(User.username.in_(names), User.active.is_(True)))
        } if names else {}  # fmt: skip
        for case in sorted(cases, key=lambda c: c.id):
            routing = routed[case.id]
            if routing is None or routing.action is not RuleAction.ASSIGN or case.assignee_id is not None:
                continue
            user = users.get(routing.action_arg)
            if user is None:
                continue
            _assign(session, case, user, routing, who, request_id)
            assigned.append(case.id)
    return tuple(assigned)


def _assign(session: Session, case: Case, user: User, routing: Routing, who, request_id: str) -> None:
    case.assignee_id = user.id
    session.add(
        CaseEvent(
            case_id=case.id,
            kind="assigned",
            actor_id=who.user_id,
            summary=shorten(f"负责人:{user.display_name}(规则「{routing.rule_name}」) / Assignee: "
                            f"{user.display_name} (rule '{routing.rule_name}')"),
            data={"from": None, "to": user.id, "actor": who.name, "request_id": request_id,
                  "rule_id": routing.rule_id},
        )
    )  # fmt: skip
    flush_versioned(session, case)
    audit.append(
        session,
        actor=who.name,
        action="case.assign",
        summary=shorten(f"工单 #{case.id} 按规则「{routing.rule_name}」分配给 {user.username} / case #{case.id} "
                        f"assigned to {user.username} by rule '{routing.rule_name}'"),
        payload={"case_id": case.id, "from": None, "to": user.id, "rule_id": routing.rule_id,
                 "rule_name": routing.rule_name, "version": case.version},
        entity_type="case",
        entity_id=case.id,
        request_id=request_id,
    )  # fmt: skip


# -- the use cases ----------------------------------------------------------------------------------------------------
def _managed_rates(session: Session) -> dict[str, Decimal]:
    from .rates import current_rates  # the one rate table (also used for limits and every ≈CNY shown)

    return current_rates(session).rates


class RuleServices:
    """Rule management and back-testing bound to one open store (call from the UI's DB worker)."""

    def __init__(self, store, *, rates: Mapping[str, Decimal] | None = None) -> None:
        self.store = store
        self.rates = dict(rates) if rates else None  # None: the managed rate table

    # reading
    def list_rules(self, include_drafts: bool = True) -> list[StoredRule]:
        """The active set, then (if asked) the draft set, each in position order."""
        with self.store.reader() as session:
            rows = _live_rows(session, enabled=True)
            if include_drafts:
                rows += _live_rows(session, enabled=False)
            return [_stored(row) for row in rows]

    def assignable_usernames(self) -> list[str]:
        """Active users an ASSIGN rule may name."""
        with self.store.reader() as session:
            return list(session.scalars(sa.select(User.username).where(User.active.is_(True)).order_by(User.username)))

    # changing
    def save_draft(self, actor: ActorLike, rules: Sequence[RuleDraft]) -> RuleSetInfo:
        """Replace the draft set by ``rules`` (positions 1…n in the order given); an empty list discards it."""
        who = as_actor(actor)
        cleaned = [_clean_draft(draft) for draft in rules]
        if len(cleaned) > MAX_RULES:
            raise InputError(f"一个规则集最多 {MAX_RULES} 条规则(现有 {len(cleaned)} 条)。",
                             f"A rule set has at most {MAX_RULES} rules ({len(cleaned)} given).")  # fmt: skip
        digest = rule_set_digest(cleaned)
        with self.store.session() as session:
            require(session, who, Permission.EDIT_RULES)
            _lock_rule_sets(session)
            _check_assignees(session, cleaned)
            now = datetime.now(UTC)
            replaced = _live_rows(session, enabled=False, lock=True)
            for row in replaced:
                row.retired_at = now
            version = (session.scalar(sa.select(sa.func.max(DecisionRule.version))) or 0) + 1
            rows = [
                DecisionRule(name=d.name, position=i, enabled=False, conditions=dr.conditions_to_json(d.conditions),
                             action=RuleAction(d.action.value), action_arg=d.action_arg, version=version,
                             created_by=who.user_id, created_at=now, description=d.description)
                for i, d in enumerate(cleaned, start=1)
            ]  # fmt: skip
            session.add_all(rows)
            session.flush()
            info = RuleSetInfo(version, tuple(r.id for r in rows), digest, tuple(r.id for r in replaced))
            audit.append(
                session,
                actor=who.name,
                action="rules.draft_saved",
                summary=shorten(f"保存自动处理规则草稿 v{version}({len(rows)} 条) / auto-decision rule draft "
                                f"v{version} saved ({len(rows)} rules)"),
                payload={"version": version, "digest": digest, "rule_ids": list(info.rule_ids),
                         "replaced_ids": list(info.retired_ids), "rules": _set_json(cleaned)},
                entity_type="rule_set",
                entity_id=version,
            )  # fmt: skip
        return info

    def discard_drafts(self, actor: ActorLike) -> int:
        """Retire the draft set; returns how many rules it had."""
        return len(self.save_draft(actor, []).retired_ids)

    def enable_drafts(self, actor: ActorLike, *, expected_digest: str | None = None) -> RuleSetInfo:
        """Make the draft set the active one and retire the previous active set, in one transaction.

        ``expected_digest`` (the digest ``save_draft`` returned, i.e. what was back-tested) refuses to enable a
        draft someone changed since.
        """
        who = as_actor(actor)
        with self.store.session() as session:
            require(session, who, Permission.EDIT_RULES)
            _lock_rule_sets(session)
            drafts = _live_rows(session, enabled=False, lock=True)
            if not drafts:
                raise InputError(
                    "没有可启用的规则草稿。",
                    "There is no rule draft to enable.",
                    hint_zh="请先编辑并保存规则草稿。",
                    hint_en="Edit and save a rule draft first.",
                )
            stored = [_stored(row) for row in drafts]
            digest = rule_set_digest([s.as_rule() for s in stored])
            if expected_digest is not None and digest != expected_digest:
                raise InputError(
                    "规则草稿在回测之后被修改过,未启用。",
                    "The rule draft was changed after it was back-tested; nothing was enabled.",
                    hint_zh="请刷新规则页,重新回测后再启用。",
                    hint_en="Reload the rules page, back-test again, then enable.",
                )
            _check_assignees(session, [s.as_draft() for s in stored])
            previous_version = _active_version(session)
            active = _live_rows(session, enabled=True, lock=True)
            now = datetime.now(UTC)
            for row in active:
                row.retired_at = now
            session.flush()  # the old set is retired before the new one goes live
            version = max(row.version for row in drafts)
            if previous_version is not None and version <= previous_version:
                version = (session.scalar(sa.select(sa.func.max(DecisionRule.version))) or 0) + 1
            for row in drafts:
                row.enabled = True
                row.version = version
            session.flush()
            info = RuleSetInfo(version, tuple(r.id for r in drafts), digest, tuple(r.id for r in active))
            audit.append(
                session,
                actor=who.name,
                action="rules.enabled",
                summary=shorten(f"启用自动处理规则 v{version}({len(drafts)} 条,替换 v{previous_version or 0}) / "
                                f"auto-decision rules v{version} enabled ({len(drafts)} rules, replacing "
                                f"v{previous_version or 0})"),
                payload={"version": version, "previous_version": previous_version, "digest": digest,
                         "rule_ids": list(info.rule_ids), "retired_ids": list(info.retired_ids),
                         "rules": _set_json([s.as_rule() for s in stored])},
                entity_type="rule_set",
                entity_id=version,
            )  # fmt: skip
        return info

    # routing (the approval service and the sync call these inside their own transaction)
    def route_case(self, session: Session, case: Case) -> Routing | None:
        return route_case(session, case, self.rates)

    def apply_to_new_cases(self, session: Session, case_ids: Iterable[int], actor: ActorLike) -> tuple[int, ...]:
        return apply_to_new_cases(session, case_ids, actor, self.rates)

    # back-test
    def backtest(
        self,
        actor: ActorLike,
        rules: Sequence[RuleDraft | dr.Rule] | None = None,
        *,
        since: datetime | None = None,
        progress: Callable[[int, int], None] | None = None,
        cancel: Callable[[], bool] | None = None,
        chunk_size: int = DEFAULT_CHUNK,
    ) -> dr.BacktestResult:
        """What ``rules`` (default: the saved draft set) would have done to every stored case opened since
        ``since``, compared with the active set and with what actually happened. Read-only.

        ``progress(done, total)`` after each partition; ``cancel()`` polled before each: a cancelled run returns
        the partial result with ``cancelled=True``.
        """
        who = as_actor(actor)
        if since is not None and since.tzinfo is None:
            raise ValueError("since must be timezone-aware")
        started = time.perf_counter()
        with self.store.reader() as session:
            require(session, who, Permission.EDIT_RULES)
            if rules is None:
                tested_rules = [_stored(row).as_rule() for row in _live_rows(session, enabled=False)]
                if not tested_rules:
                    raise InputError("没有可回测的规则草稿。", "There is no rule draft to back-test.")
            else:
                tested_rules = [_as_rule(r, i) for i, r in enumerate(rules, start=1)]
            tested = dr.compile_rules(tested_rules)
            active = dr.compile_rules(active_rules(session))
            tally = dr.BacktestTally(tested, active)
            total = count_cases(session, since)
            if progress is not None:
                progress(0, total)
            cancelled = False
            stream = history_facts(session, needs=tested.fields | active.fields, since=since,
                                   rates=self.rates or _managed_rates(session), chunk_size=chunk_size)  # fmt: skip
            for facts in stream:
                if cancel is not None and cancel():
                    cancelled = True
                    stream.close()
                    break
                tally.add_all(facts)
                if progress is not None:
                    progress(tally.cases, total)
            return tally.result(total=total, cancelled=cancelled, seconds=time.perf_counter() - started,
                                baseline_version=_active_version(session), since=since)  # fmt: skip


def _as_rule(rule: RuleDraft | dr.Rule, position: int) -> dr.Rule:
    if isinstance(rule, dr.Rule):
        return rule
    name, action, arg = dr.check_rule(rule.name, rule.action, rule.action_arg)
    return dr.Rule(None, name, position, tuple(rule.conditions), action, arg)


def _clean_draft(draft: RuleDraft) -> RuleDraft:
    name, action, arg = dr.check_rule(draft.name, draft.action, draft.action_arg)
    conditions = dr.conditions_from_json(dr.conditions_to_json(draft.conditions), name)  # the stored form, checked
    description = (draft.description or "").strip()[:500] or None
    return RuleDraft(name, conditions, action, arg, description)


def _check_assignees(session: Session, drafts: Sequence[RuleDraft]) -> None:
    names = {d.action_arg for d in drafts if d.action is dr.RuleAction.ASSIGN}
    if not names:
        return
    known = set(session.scalars(sa.select(User.username).where(User.username.in_(names), User.active.is_(True))))
    for draft in drafts:
        if draft.action is dr.RuleAction.ASSIGN and draft.action_arg not in known:
            raise InputError(
                f"规则「{draft.name}」要分配给用户「{draft.action_arg}」,但该用户不存在或已停用。",
                f"Rule '{draft.name}' assigns to user '{draft.action_arg}', who does not exist or is deactivated.",
                hint_zh="请选择一个有效的用户名。",
                hint_en="Choose an active user name.",
            )


# -- streaming the history ------------------------------------------------------------------------------------------
_c = Case.__table__.c
_FACT_COLUMNS = (
    _c.id, sa.type_coerce(_c.kind, sa.String()), sa.type_coerce(_c.state, sa.String()), _c.marketplace_code,
    sa.type_coerce(_c.amount, sa.BigInteger()), _c.currency, _c.reason_code, _c.sku, _c.asin, _c.risk_score,
)  # fmt: skip


def count_cases(session: Session, since: datetime | None = None) -> int:
    where = [] if since is None else [_c.opened_at >= since]
    return session.scalar(sa.select(sa.func.count()).select_from(Case.__table__).where(*where)) or 0


def history_facts(
    session: Session,
    *,
    needs: Iterable[str] = (),
    since: datetime | None = None,
    rates: Mapping[str, Decimal] | None = None,
    chunk_size: int = DEFAULT_CHUNK,
) -> Iterator[list[dr.CaseFacts]]:
    """The facts of every stored case (opened since ``since``), in id order, one list per partition.

    ``needs``: the fact fields the rules read (``RuleSet.fields``); dispositions and buyer flags are loaded
    only when named there.
    """
    needs = frozenset(needs)
    where = [] if since is None else [_c.opened_at >= since]
    flags = _all_buyer_flags(session) if "buyer_flags" in needs else {}
    want_disposition = "disposition" in needs
    scaled_rates = {code: rate.scaleb(-AMOUNT_SCALE) for code, rate in (rates or _managed_rates(session)).items()}
    facts_type, no_flags = dr.CaseFacts, dr.NO_FLAGS
    query = sa.select(*_FACT_COLUMNS).where(*where).order_by(_c.id).execution_options(yield_per=chunk_size)
    for rows in session.execute(query).partitions():
        dispositions = _disposition_range(session, rows[0][0], rows[-1][0]) if want_disposition else {}
        facts = []
        append = facts.append
        for case_id, kind, state, market, raw, currency, reason, sku, asin, risk in rows:
            rate = scaled_rates.get(currency)
            amount = Decimal(raw)  # the stored scaled integer: exact
            append(facts_type(
                case_id, kind, state, market, amount.scaleb(-AMOUNT_SCALE), currency,
                None if rate is None else amount * rate, reason, sku, asin, risk,
                dispositions.get(case_id), flags.get(case_id, no_flags),
            ))  # fmt: skip
        yield facts


def _disposition_range(session: Session, first_id: int, last_id: int) -> dict[int, str]:
    query = (
        sa.select(ReturnRecord.case_id, ReturnRecord.disposition)
        .where(ReturnRecord.case_id.between(first_id, last_id), ReturnRecord.disposition.is_not(None))
        .order_by(ReturnRecord.id)
    )
    return {case_id: disposition.strip().upper() for case_id, disposition in session.execute(query)}


def _all_buyer_flags(session: Session) -> dict[int, frozenset[str]]:
    """Flags of every flagged case, without sorting a million rows by buyer.

    A buyer is (store, buyer alias): Amazon's anonymised alias is only stable within one seller account.
    Buyers with more than one order are few (they are what the flags are about): they are found first and their
    cases collected. Everyone else's cases all sit on one order, so the cases are streamed in order-id order
    (the orders' primary key + the cases' order_id index: no sort) and judged one order at a time. Times are
    read raw and parsed only for groups with enough flag-relevant cases to earn a flag.
    """
    o = Order.__table__.c  # Core columns: no ORM loading machinery per row
    # aliases on more than one order in any store: a superset of the repeat buyers (grouping by store as well
    # costs a sort 4x slower), enough to know every other buyer's cases sit on one order
    repeats = sa.select(o.buyer_alias).where(o.buyer_alias.is_not(None)).group_by(o.buyer_alias)
    repeat_aliases = set(session.scalars(repeats.having(sa.func.count() > 1)))
    query = (
        sa.select(o.id, o.account_id, o.buyer_alias, sa.type_coerce(_c.opened_at, sa.String()), _c.id,
                  sa.type_coerce(_c.kind, sa.String()))
        .select_from(Order.__table__.join(Case.__table__, _c.order_id == o.id))
        .where(o.buyer_alias.is_not(None))
        .order_by(o.id)
        .execution_options(yield_per=DEFAULT_CHUNK)
    )  # fmt: skip
    flags: dict[int, frozenset[str]] = {}
    by_buyer: dict[tuple[int, str], list[tuple]] = {}
    group: list[tuple] = []
    current_order = None

    flag_kinds, needed = dr.FLAG_KINDS, dr.MIN_FLAG_CASES

    def judge(cases: list[tuple]) -> None:
        if len(cases) >= needed and sum(kind in flag_kinds for _at, _cid, kind in cases) >= needed:
            flags.update(dr.flags_for_buyer([(_utc(at), cid, kind) for at, cid, kind in cases]))

    for rows in session.execute(query).partitions():
        for order_id, account, alias, at, case_id, kind in rows:
            if alias in repeat_aliases:
                by_buyer.setdefault((account, alias), []).append((at, case_id, kind))
                continue
            if order_id != current_order:
                judge(group)
                group = []
                current_order = order_id
            group.append((at, case_id, kind))
    judge(group)
    for cases in by_buyer.values():
        judge(cases)
    return flags


def _utc(value: str | datetime) -> datetime:
    """A raw ``UTCDateTime`` value: SQLite gives its naive-UTC text, PostgreSQL an aware datetime."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
