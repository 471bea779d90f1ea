"""Auto-decision rules (自动处理规则): ordered rules, each a set of conditions on a case and one action. Pure.

A rule matches a case when **all** its conditions hold; the first enabled rule by position decides. A rule with
no condition matches every case (a catch-all at the end of a set).

Conditions and their JSON (the ``DecisionRule.conditions`` column): ``{"version": 1, "all": [ … ]}`` where each
item has a ``type``:

==================  ===========================================  ===============================================
type                fields                                       holds when
==================  ===========================================  ===============================================
``amount_max``      ``value`` (decimal string), ``currency``     the amount ≤ value; ``currency`` "CNY" compares
``amount_min``      (ISO code, "CNY" = the ≈CNY amount)          the ≈CNY amount, any other code compares the
                                                                 case's own amount and never holds for a case
                                                                 in another currency
``reason_in``       ``values``: reason codes                     the case's reason code is one of them
``kind_in``         ``values``: case kinds                       the case kind is one of them
``marketplace_in``  ``values``: marketplace codes (US, DE …)      the case's marketplace is one of them
``sku_in``          ``values``: seller SKUs (exact)              the case's SKU is one of them
``asin_in``         ``values``: ASINs                            the case's ASIN is one of them
``risk_min``        ``value``: 0–100                             the case's risk score ≥ value
``buyer_flag_any``  ``values``: buyer flags (:class:`BuyerFlag`)  the buyer has at least one of the flags
``disposition_in``  ``values``: item conditions / dispositions   the returned item's disposition is one of them
==================  ===========================================  ===============================================

Lists have set semantics (order and duplicates do not matter). Reading JSON is strict: an unknown key, a wrong
type, an empty list or an unknown kind / marketplace / currency / flag is an :class:`InputError` in Chinese that
names the rule and the field.

Speed: :func:`compile_rules` turns a rule set into one generated Python function (an ``if`` per rule over
precomputed frozensets and Decimals; only constants are bound by name, no rule text ever becomes code), so
evaluating a case costs a few attribute reads and set lookups — well over a million cases per second for ten
rules. :func:`evaluate` is the convenience form (it caches compiled sets).
"""

from __future__ import annotations

import bisect
import enum
import functools
import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar, NamedTuple

from ..errors import InputError
from .cases import CaseKind, CaseState
from .fx import DEFAULT_CNY_RATES
from .marketplaces import MARKETPLACES

CONDITIONS_FORMAT = 1
MAX_VALUES = 10_000  # items of one list condition (a SKU list pasted from a spreadsheet)
MAX_AMOUNT = Decimal("100000000")
NAME_MAX_CHARS = 120  # DecisionRule.name
ARG_MAX_CHARS = 120  # DecisionRule.action_arg
CODE_MAX_CHARS = 64
_ASIN = re.compile(r"^[A-Z0-9]{10}$")


class RuleAction(enum.StrEnum):
    """What a matching rule decides. Mirrors ``models.decisions.RuleAction`` value for value (StrEnums compare
    equal by value, so either enum can be used where the other is expected)."""

    AUTO_APPROVE = "auto_approve"
    REQUIRE_LEVEL1 = "require_level1"
    REQUIRE_LEVEL2 = "require_level2"  # level 2 + the finance sign-off
    REJECT_SUGGEST = "reject_suggest"
    ASSIGN = "assign"  # give the case to the user named in action_arg

    @property
    def label_zh(self) -> str:
        return _ACTION_LABELS[self][0]

    @property
    def label_en(self) -> str:
        return _ACTION_LABELS[self][1]


_ACTION_LABELS = {
    RuleAction.AUTO_APPROVE: ("自动批准", "Auto-approve"),
    RuleAction.REQUIRE_LEVEL1: ("需一级审批", "Require level-1 approval"),
    RuleAction.REQUIRE_LEVEL2: ("需二级审批 + 财务复核", "Require level-2 approval + finance"),
    RuleAction.REJECT_SUGGEST: ("建议驳回", "Suggest rejection"),
    RuleAction.ASSIGN: ("分配给", "Assign to"),
}
NO_RULE_LABELS = ("无规则命中(人工处理)", "No rule (handled manually)")


class BuyerFlag(enum.StrEnum):
    """Risk signals about the buyer, derived from their earlier cases only (never from later ones)."""

    FREQUENT_RETURNER = "frequent_returner"  # ≥ 3 return requests within 30 days
    REPEAT_CLAIMANT = "repeat_claimant"  # ≥ 2 A-to-z claims / chargebacks within 180 days

    @property
    def label_zh(self) -> str:
        return _FLAG_LABELS[self][0]

    @property
    def label_en(self) -> str:
        return _FLAG_LABELS[self][1]


_FLAG_LABELS = {
    BuyerFlag.FREQUENT_RETURNER: ("频繁退货", "frequent returner"),
    BuyerFlag.REPEAT_CLAIMANT: ("多次索赔 / 拒付", "repeat claimant"),
}
# flag: (case kinds counted, how many, within how long — counting the case itself)
BUYER_FLAG_RULES: dict[BuyerFlag, tuple[frozenset[str], int, timedelta]] = {
    BuyerFlag.FREQUENT_RETURNER: (frozenset({CaseKind.RETURN_REQUEST}), 3, timedelta(days=30)),
    BuyerFlag.REPEAT_CLAIMANT: (frozenset({CaseKind.ATOZ_CLAIM, CaseKind.CHARGEBACK}), 2, timedelta(days=180)),
}
NO_FLAGS: frozenset[str] = frozenset()
FLAG_KINDS = frozenset().union(*(kinds for kinds, _n, _w in BUYER_FLAG_RULES.values()))
MIN_FLAG_CASES = min(needed for _k, needed, _w in BUYER_FLAG_RULES.values())  # fewer such cases: no flag at all


class CaseFacts(NamedTuple):
    """What rules may look at. Kind / state are their string values (StrEnum members work too); amounts are
    Decimal; ``amount_cny`` is None when the currency has no CNY rate; ``disposition`` is upper case."""

    case_id: int
    kind: str
    state: str
    marketplace_code: str
    amount: Decimal
    currency: str
    amount_cny: Decimal | None
    reason_code: str | None = None
    sku: str | None = None
    asin: str | None = None
    risk_score: int = 0
    disposition: str | None = None  # the returned item's condition / disposition (return report)
    buyer_flags: frozenset[str] = NO_FLAGS


def cny_amount(amount: Decimal, currency: str, rates: Mapping[str, Decimal] | None = None) -> Decimal | None:
    """``amount`` in CNY, unrounded (exact Decimal product), or None without a rate. Totals are rounded later."""
    rate = (rates or DEFAULT_CNY_RATES).get(currency.upper())
    return None if rate is None else amount * rate


# -- conditions ----------------------------------------------------------------------------------------------------
class _Compiler:
    """Collects the constants a generated evaluator refers to (c0, c1, …) and the fact fields it reads."""

    def __init__(self) -> None:
        self.namespace: dict[str, Any] = {}
        self.fields: set[str] = set()

    def const(self, value: Any) -> str:
        name = f"c{len(self.namespace)}"
        self.namespace[name] = value
        return name

    def use(self, *names: str) -> None:
        self.fields.update(names)


@dataclass(frozen=True, slots=True)
class AmountLimit:
    """``amount ≤ limit`` (``at_most``) or ``amount ≥ limit``, in ``currency`` ("CNY": the ≈CNY amount)."""

    limit: Decimal
    currency: str
    at_most: bool = True

    @property
    def type(self) -> str:
        return "amount_max" if self.at_most else "amount_min"

    def holds(self, f: CaseFacts) -> bool:
        own = f.amount if f.currency == self.currency else None
        value = f.amount_cny if self.currency == "CNY" else own
        if value is None:
            return False
        return value <= self.limit if self.at_most else value >= self.limit

    def expression(self, c: _Compiler) -> str:
        op = "<=" if self.at_most else ">="
        if self.currency == "CNY":
            c.use("amount_cny")
            return f"(amount_cny is not None and amount_cny {op} {c.const(self.limit)})"
        c.use("currency", "amount")
        return f"(currency == {c.const(self.currency)} and amount {op} {c.const(self.limit)})"

    def to_json(self) -> dict:
        return {"type": self.type, "value": str(self.limit), "currency": self.currency}

    def describe(self, lang: str = "zh_CN") -> str:
        op = "≤" if self.at_most else "≥"
        if self.currency == "CNY":
            return f"金额 {op} ¥{self.limit}(折合人民币)" if _zh(lang) else f"amount {op} ¥{self.limit} (in CNY)"
        return f"金额 {op} {self.limit} {self.currency}" if _zh(lang) else f"amount {op} {self.limit} {self.currency}"


@dataclass(frozen=True, slots=True)
class InSet:
    """The fact named by the condition type is one of ``values`` (``buyer_flag_any``: shares one with them)."""

    type: str
    values: frozenset[str]

    def holds(self, f: CaseFacts) -> bool:
        fact = getattr(f, _SET_TYPES[self.type].fact)
        if self.type == "buyer_flag_any":
            return not self.values.isdisjoint(fact)
        return fact in self.values

    def expression(self, c: _Compiler) -> str:
        fact = _SET_TYPES[self.type].fact
        c.use(fact)
        if self.type == "buyer_flag_any":
            return f"(not {c.const(self.values)}.isdisjoint({fact}))"
        return f"({fact} in {c.const(self.values)})"

    def to_json(self) -> dict:
        return {"type": self.type, "values": sorted(self.values)}

    def describe(self, lang: str = "zh_CN") -> str:
        spec = _SET_TYPES[self.type]
        labels = sorted(spec.label(v, lang) for v in self.values)
        shown = labels[:5]
        if _zh(lang):
            more = f" 等 {len(labels)} 项" if len(labels) > 5 else ""
            return f"{spec.zh}:{'、'.join(shown)}{more}"
        more = f" … ({len(labels)} in all)" if len(labels) > 5 else ""
        return f"{spec.en}: {', '.join(shown)}{more}"


@dataclass(frozen=True, slots=True)
class RiskAtLeast:
    score: int

    type: ClassVar[str] = "risk_min"

    def holds(self, f: CaseFacts) -> bool:
        return f.risk_score >= self.score

    def expression(self, c: _Compiler) -> str:
        c.use("risk_score")
        return f"(risk_score >= {c.const(self.score)})"

    def to_json(self) -> dict:
        return {"type": self.type, "value": self.score}

    def describe(self, lang: str = "zh_CN") -> str:
        return f"风险分 ≥ {self.score}" if _zh(lang) else f"risk ≥ {self.score}"


Condition = AmountLimit | InSet | RiskAtLeast


def _zh(lang: str) -> bool:
    return not lang.startswith("en")


def _plain(value: str, _lang: str) -> str:
    return value


def _kind_label(value: str, lang: str) -> str:
    kind = CaseKind(value)
    return kind.label_zh if _zh(lang) else kind.label_en


def _flag_label(value: str, lang: str) -> str:
    flag = BuyerFlag(value)
    return flag.label_zh if _zh(lang) else flag.label_en


@dataclass(frozen=True, slots=True)
class _SetType:
    fact: str  # the CaseFacts field
    zh: str
    en: str
    label: Any = _plain


_SET_TYPES: dict[str, _SetType] = {
    "reason_in": _SetType("reason_code", "原因", "reason"),
    "kind_in": _SetType("kind", "类型", "kind", _kind_label),
    "marketplace_in": _SetType("marketplace_code", "站点", "marketplace"),
    "sku_in": _SetType("sku", "SKU", "SKU"),
    "asin_in": _SetType("asin", "ASIN", "ASIN"),
    "buyer_flag_any": _SetType("buyer_flags", "买家标记", "buyer flag", _flag_label),
    "disposition_in": _SetType("disposition", "商品状况", "item condition"),
}
CONDITION_TYPES = ("amount_max", "amount_min", *_SET_TYPES, "risk_min")


def amount_at_most(limit: Decimal | str | int, currency: str = "CNY") -> AmountLimit:
    return AmountLimit(Decimal(limit), currency.upper(), True)


def amount_at_least(limit: Decimal | str | int, currency: str = "CNY") -> AmountLimit:
    return AmountLimit(Decimal(limit), currency.upper(), False)


def one_of(condition_type: str, values: Iterable[str]) -> InSet:
    """A set condition, its values normalised as when read from JSON (e.g. ``one_of("kind_in", ["refund"])``)."""
    return InSet(condition_type, frozenset(_normalise(condition_type, v) for v in values))


def risk_at_least(score: int) -> RiskAtLeast:
    return RiskAtLeast(int(score))


def _normalise(condition_type: str, value: str) -> str:
    value = value.strip()
    if condition_type in ("marketplace_in", "asin_in", "disposition_in"):
        value = value.upper()
        if condition_type == "marketplace_in" and value == "GB":
            value = "UK"
    return value


# -- rules ---------------------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Rule:
    """One rule. ``id`` is the stored row's id (None for a rule not saved yet); lower ``position`` goes first."""

    id: int | None
    name: str
    position: int
    conditions: tuple[Condition, ...]
    action: RuleAction
    action_arg: str | None = None
    enabled: bool = True

    def describe(self, lang: str = "zh_CN") -> str:
        return describe_conditions(self.conditions, lang)


def describe_conditions(conditions: Sequence[Condition], lang: str = "zh_CN") -> str:
    """The conditions in words, e.g. "类型:退款 且 金额 ≤ ¥200(折合人民币)"."""
    if not conditions:
        return "所有工单" if _zh(lang) else "every case"
    return (" 且 " if _zh(lang) else " and ").join(c.describe(lang) for c in conditions)


def describe_action(action: RuleAction, action_arg: str | None, lang: str = "zh_CN") -> str:
    label = action.label_zh if _zh(lang) else action.label_en
    return f"{label} {action_arg}" if action is RuleAction.ASSIGN and action_arg else label


@dataclass(frozen=True, slots=True)
class Match:
    """The rule that decided a case. One object per compiled rule, so it can be compared with ``is``."""

    rule_id: int | None
    rule_name: str
    position: int
    action: RuleAction
    action_arg: str | None

    @property
    def outcome(self) -> tuple[RuleAction, str | None]:
        """What the case gets, whichever rule gave it (two rules with the same action give the same outcome)."""
        return (self.action, self.action_arg if self.action is RuleAction.ASSIGN else None)


class RuleSet:
    """A compiled rule set: ``evaluate(facts)`` returns the deciding :class:`Match` or None."""

    def __init__(self, rules: Iterable[Rule]) -> None:
        ordered = sorted((r for r in rules if r.enabled), key=lambda r: r.position)
        self.rules: tuple[Rule, ...] = tuple(ordered)
        self.matches: tuple[Match, ...] = tuple(
            Match(r.id, r.name, r.position, RuleAction(r.action), r.action_arg) for r in ordered
        )
        compiler = _Compiler()
        tests = []
        for rule in ordered:
            parts = [cond.expression(compiler) for cond in rule.conditions]
            tests.append(" and ".join(parts) if parts else "True")
        self.fields: frozenset[str] = frozenset(compiler.fields)  # facts the rules read (loaders may skip others)
        reads = [f"    {name} = f.{name}" for name in sorted(compiler.fields)]
        branches = [f"    if {test}:\n        return m{i}" for i, test in enumerate(tests)]
        source = "\n".join(["def evaluate(f):", *reads, *branches, "    return None"])
        namespace = dict(compiler.namespace)
        namespace.update({f"m{i}": m for i, m in enumerate(self.matches)})
        exec(compile(source, "<auto-decision rules>", "exec"), namespace)
        self.evaluate = namespace["evaluate"]  # (facts: CaseFacts) -> Match | None
        self.source = source

    def __len__(self) -> int:
        return len(self.rules)

    def needs(self, fact: str) -> bool:
        return fact in self.fields


@functools.lru_cache(maxsize=64)
def _compiled(rules: tuple[Rule, ...]) -> RuleSet:
    return RuleSet(rules)


def compile_rules(rules: Iterable[Rule]) -> RuleSet:
    """Compile once, evaluate many times (cached by the rules' value)."""
    rules = tuple(rules)
    try:
        hash(rules)
    except TypeError:  # e.g. conditions given as a list: compile without the cache
        return RuleSet(rules)
    return _compiled(rules)


def evaluate(rules: Iterable[Rule], facts: CaseFacts) -> Match | None:
    """The first enabled rule by position whose conditions all hold, or None."""
    return compile_rules(rules).evaluate(facts)


def evaluate_interpreted(rules: Iterable[Rule], facts: CaseFacts) -> Match | None:
    """The same answer as :func:`evaluate`, by walking the conditions (reference for tests)."""
    for rule in sorted((r for r in rules if r.enabled), key=lambda r: r.position):
        if all(c.holds(facts) for c in rule.conditions):
            return Match(rule.id, rule.name, rule.position, RuleAction(rule.action), rule.action_arg)
    return None


# -- JSON ------------------------------------------------------------------------------------------------------------
def conditions_to_json(conditions: Sequence[Condition]) -> dict:
    return {"version": CONDITIONS_FORMAT, "all": [c.to_json() for c in conditions]}


def conditions_from_json(data: Any, rule_name: str) -> tuple[Condition, ...]:
    """Read and validate ``DecisionRule.conditions``; any problem is an InputError naming the rule and field."""
    if not isinstance(data, dict):
        raise _bad(rule_name, "conditions", "应为 JSON 对象", "must be a JSON object")
    _no_extra_keys(data, {"version", "all"}, rule_name, "conditions")
    if data.get("version") != CONDITIONS_FORMAT:
        raise _bad(rule_name, "version", f"应为 {CONDITIONS_FORMAT}", f"must be {CONDITIONS_FORMAT}")
    items = data.get("all")
    if not isinstance(items, list):
        raise _bad(rule_name, "all", "应为条件列表", "must be a list of conditions")
    return tuple(_condition_from_json(item, rule_name, i) for i, item in enumerate(items, start=1))


def _condition_from_json(item: Any, rule: str, index: int) -> Condition:
    where = f"all[{index}]"
    if not isinstance(item, dict):
        raise _bad(rule, where, "应为 JSON 对象", "must be a JSON object")
    kind = item.get("type")
    if kind not in CONDITION_TYPES:
        hint = ("可用类型:" + "、".join(CONDITION_TYPES), "Known types: " + ", ".join(CONDITION_TYPES))
        raise _bad(rule, f"{where}.type", f"未知的条件类型 {kind!r}", f"unknown condition type {kind!r}", hint=hint)
    if kind in ("amount_max", "amount_min"):
        _no_extra_keys(item, {"type", "value", "currency"}, rule, where)
        limit = _amount(item.get("value"), rule, f"{where}.value")
        return AmountLimit(limit, _currency(item.get("currency"), rule, f"{where}.currency"), kind == "amount_max")
    if kind == "risk_min":
        _no_extra_keys(item, {"type", "value"}, rule, where)
        value = item.get("value")
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 100:
            raise _bad(rule, f"{where}.value", "风险分应为 0–100 的整数", "the risk score must be an integer 0–100")
        return RiskAtLeast(value)
    _no_extra_keys(item, {"type", "values"}, rule, where)
    values = item.get("values")
    if not isinstance(values, list) or not values:
        raise _bad(rule, f"{where}.values", "应为非空列表", "must be a non-empty list")
    if len(values) > MAX_VALUES:
        raise _bad(rule, f"{where}.values", f"最多 {MAX_VALUES} 项", f"at most {MAX_VALUES} items")
    checked = set()
    for position, value in enumerate(values, start=1):
        field_name = f"{where}.values[{position}]"
        if not isinstance(value, str) or not value.strip() or len(value.strip()) > CODE_MAX_CHARS:
            raise _bad(rule, field_name, f"应为 1–{CODE_MAX_CHARS} 个字符的文本",
                       f"must be text of 1–{CODE_MAX_CHARS} characters")  # fmt: skip
        normal = _normalise(kind, value)
        problem = _check_value(kind, normal)
        if problem:
            raise _bad(rule, field_name, problem[0].format(value=value), problem[1].format(value=value))
        checked.add(normal)
    return InSet(kind, frozenset(checked))


def _check_value(kind: str, value: str) -> tuple[str, str] | None:
    if kind == "kind_in" and value not in CaseKind._value2member_map_:
        return "未知的工单类型 {value!r}", "unknown case kind {value!r}"
    if kind == "marketplace_in" and value not in MARKETPLACES:
        return "未知的站点 {value!r}", "unknown marketplace {value!r}"
    if kind == "asin_in" and not _ASIN.match(value):
        return "{value!r} 不是 10 位 ASIN", "{value!r} is not a 10-character ASIN"
    if kind == "buyer_flag_any" and value not in BuyerFlag._value2member_map_:
        return "未知的买家标记 {value!r}", "unknown buyer flag {value!r}"
    return None


def known_currencies() -> frozenset[str]:
    return frozenset(DEFAULT_CNY_RATES) | {m.currency for m in MARKETPLACES.values()}


def _amount(value: Any, rule: str, where: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise _bad(
            rule, where, '金额应写成文本形式的数字,如 "50.00"', 'the amount must be a number as text, e.g. "50.00"'
        )
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        amount = None
    if amount is None or not amount.is_finite() or amount < 0 or amount > MAX_AMOUNT or amount.as_tuple().exponent < -4:
        raise _bad(rule, where, f"{value!r} 不是有效金额(0–{MAX_AMOUNT},最多 4 位小数)",
                   f"{value!r} is not a valid amount (0–{MAX_AMOUNT}, at most 4 decimals)")  # fmt: skip
    return amount


def _currency(value: Any, rule: str, where: str) -> str:
    if not isinstance(value, str) or value.strip().upper() not in known_currencies():
        raise _bad(rule, where, f"未知的币种 {value!r}", f"unknown currency {value!r}",
                   hint=("用 CNY 表示折合人民币,或站点币种如 USD、EUR。", "Use CNY for the ≈CNY amount, or a "
                         "marketplace currency such as USD or EUR."))  # fmt: skip
    return value.strip().upper()


def _no_extra_keys(data: dict, allowed: set[str], rule: str, where: str) -> None:
    extra = sorted(set(data) - allowed, key=str)
    if extra:
        raise _bad(rule, f"{where}.{extra[0]}", "是未知的字段", "is not a known field")


def _bad(rule: str, where: str, zh: str, en: str, *, hint: tuple[str, str] = ("", "")) -> InputError:
    return InputError(
        f"规则「{rule}」的条件有误:{where} {zh}。",
        f"Rule '{rule}': condition field {where} {en}.",
        hint_zh=hint[0] or "请在规则编辑器中修改该条件后再保存。",
        hint_en=hint[1] or "Correct the condition in the rule editor and save again.",
    )


def check_rule(name: str, action: RuleAction | str, action_arg: str | None) -> tuple[str, RuleAction, str | None]:
    """The rule's name, action and argument cleaned, or an InputError naming the rule."""
    clean = (name or "").strip()
    if not clean or len(clean) > NAME_MAX_CHARS:
        raise InputError(
            f"规则名称「{clean[:20]}」应为 1–{NAME_MAX_CHARS} 个字符。",
            f"A rule name must have 1–{NAME_MAX_CHARS} characters ('{clean[:20]}').",
        )
    try:
        act = RuleAction(action)
    except ValueError:
        raise _bad(clean, "action", f"未知的动作 {action!r}", f"unknown action {action!r}") from None
    arg = (action_arg or "").strip() or None
    if act is RuleAction.ASSIGN and arg is None:
        raise InputError(f"规则「{clean}」的动作是「分配给」,但没有填写用户名。",
                         f"Rule '{clean}' assigns cases but names no user.",
                         hint_zh="请填写要分配给的用户名。", hint_en="Enter the user name to assign to.")  # fmt: skip
    if act is not RuleAction.ASSIGN:
        arg = None
    if arg is not None and len(arg) > ARG_MAX_CHARS:
        raise _bad(clean, "action_arg", f"最多 {ARG_MAX_CHARS} 个字符", f"has more than {ARG_MAX_CHARS} characters")
    return clean, act, arg


# -- buyer flags -----------------------------------------------------------------------------------------------------
def buyer_flags_by_case(history: Iterable[tuple[int, str, datetime, str]]) -> dict[int, frozenset[str]]:
    """Flags per case id from ``(case_id, buyer_alias, opened_at, kind)`` rows; only flagged cases are returned."""
    by_buyer: dict[str, list[tuple[datetime, int, str]]] = {}
    for case_id, buyer, opened_at, kind in history:
        if buyer:
            by_buyer.setdefault(buyer, []).append((opened_at, case_id, kind))
    flagged: dict[int, frozenset[str]] = {}
    for cases in by_buyer.values():
        flagged.update(flags_for_buyer(cases))
    return flagged


def flags_for_buyer(cases: Iterable[tuple[datetime, int, str]]) -> dict[int, frozenset[str]]:
    """Flags per case id for one buyer's ``(opened_at, case_id, kind)`` cases (any order); flagged cases only.

    Every case of the buyer (whatever its kind) gets a flag when the buyer's cases counted by that flag, opened
    within the window up to and including the case's own time, reach the threshold. Later cases never count:
    a case gets what was known when it arrived.
    """
    ordered = sorted(cases)
    if len(ordered) < 2:
        return {}
    flagged: dict[int, set[str]] = {}
    for flag, (kinds, needed, window) in BUYER_FLAG_RULES.items():
        times = [at for at, _cid, kind in ordered if kind in kinds]
        if len(times) < needed:
            continue
        for at, cid, _kind in ordered:
            if bisect.bisect_right(times, at) - bisect.bisect_left(times, at - window) >= needed:
                flagged.setdefault(cid, set()).add(flag.value)
    return {cid: frozenset(flags) for cid, flags in flagged.items()}


# -- back-test tally -------------------------------------------------------------------------------------------------
GRANTED_STATES = frozenset({CaseState.APPROVED, CaseState.REFUND_SUBMITTED, CaseState.REFUNDED,
                            CaseState.REFUND_FAILED})  # fmt: skip
REFUSED_STATES = frozenset({CaseState.REJECTED})
EXAMPLE_IDS = 200  # case ids kept per list for display; counts are always exact
_CENT = Decimal("0.01")

Outcome = tuple[RuleAction, str | None] | None  # None: no rule matched


@dataclass(frozen=True, slots=True)
class Tally:
    """How many cases, their ≈CNY total (rounded to the fen) and the first ``EXAMPLE_IDS`` case ids."""

    count: int = 0
    amount_cny: Decimal = Decimal("0.00")
    example_ids: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class RuleTally:
    position: int
    rule_id: int | None
    rule_name: str
    action: RuleAction
    action_arg: str | None
    tally: Tally


@dataclass(frozen=True, slots=True)
class OutcomeChange:
    before: Outcome  # under the active rule set
    after: Outcome  # under the rule set being tested
    tally: Tally


@dataclass(frozen=True)
class BacktestResult:
    """What a rule set would have done over the stored history (see :class:`BacktestTally`)."""

    cases: int  # evaluated
    total: int  # planned (less than ``cases`` only when cancelled)
    amount_cny: Decimal
    no_cny_rate: int  # cases whose currency has no CNY rate (counted, not in any money total)
    by_action: dict[RuleAction | None, Tally]  # None: no rule matched
    by_rule: tuple[RuleTally, ...]  # every rule of the tested set, in position order
    changed: Tally  # outcome differs from the active set's
    changes: tuple[OutcomeChange, ...]  # changed, broken down by (before, after), largest first
    refused_but_granted: Tally  # suggest rejection, yet the case was approved / refunded
    approved_but_refused: Tally  # auto-approve, yet the case was rejected
    cancelled: bool = False
    seconds: float = 0.0
    baseline_version: int | None = None  # the active set compared with (None: no active rules)
    since: datetime | None = None


class _Acc:
    __slots__ = ("count", "ids", "money")

    def __init__(self) -> None:
        self.count = 0
        self.money = Decimal(0)
        self.ids: list[int] = []

    def add(self, case_id: int, cny: Decimal | None) -> None:
        self.count += 1
        if cny is not None:
            self.money += cny
        if len(self.ids) < EXAMPLE_IDS:
            self.ids.append(case_id)

    def freeze(self) -> Tally:
        return Tally(self.count, self.money.quantize(_CENT), tuple(self.ids))


class BacktestTally:
    """Feed it facts (in id order); it evaluates the tested set and the active set and counts."""

    def __init__(self, tested: RuleSet, active: RuleSet) -> None:
        self.tested = tested
        self.active = active
        self.cases = 0
        self.money = Decimal(0)
        self.no_rate = 0
        self._per_match: dict[Match | None, _Acc] = {m: _Acc() for m in tested.matches}
        self._per_match[None] = _Acc()
        self._changes: dict[tuple[Outcome, Outcome], _Acc] = {}
        self._changed = _Acc()
        self._refused_but_granted = _Acc()
        self._approved_but_refused = _Acc()

    def add_all(self, facts: Iterable[CaseFacts]) -> None:
        per_match, changes = self._per_match, self._changes
        new_eval, old_eval = self.tested.evaluate, self.active.evaluate
        reject, approve = RuleAction.REJECT_SUGGEST, RuleAction.AUTO_APPROVE
        cases, money, no_rate = 0, Decimal(0), 0
        for f in facts:
            cases += 1
            cny = f.amount_cny
            if cny is None:
                no_rate += 1
            else:
                money += cny
            new = new_eval(f)
            per_match[new].add(f.case_id, cny)
            old = old_eval(f)
            before = None if old is None else old.outcome
            after = None if new is None else new.outcome
            if before != after:
                self._changed.add(f.case_id, cny)
                key = (before, after)
                acc = changes.get(key)
                if acc is None:
                    acc = changes[key] = _Acc()
                acc.add(f.case_id, cny)
            if new is not None:
                if new.action is reject and f.state in GRANTED_STATES:
                    self._refused_but_granted.add(f.case_id, cny)
                elif new.action is approve and f.state in REFUSED_STATES:
                    self._approved_but_refused.add(f.case_id, cny)
        self.cases += cases
        self.money += money
        self.no_rate += no_rate

    def result(self, *, total: int | None = None, cancelled: bool = False, **extra: Any) -> BacktestResult:
        by_action: dict[RuleAction | None, _Acc] = {}
        for match, acc in self._per_match.items():
            key = None if match is None else match.action
            merged = by_action.setdefault(key, _Acc())
            merged.count += acc.count
            merged.money += acc.money
            merged.ids = sorted(itertools.chain(merged.ids, acc.ids))[:EXAMPLE_IDS]
        by_rule = tuple(
            RuleTally(m.position, m.rule_id, m.rule_name, m.action, m.action_arg, self._per_match[m].freeze())
            for m in self.tested.matches
        )
        changes = sorted(self._changes.items(), key=lambda kv: (-kv[1].count, str(kv[0])))
        return BacktestResult(
            cases=self.cases,
            total=self.cases if total is None else total,
            amount_cny=self.money.quantize(_CENT),
            no_cny_rate=self.no_rate,
            by_action={key: acc.freeze() for key, acc in by_action.items()},
            by_rule=by_rule,
            changed=self._changed.freeze(),
            changes=tuple(OutcomeChange(before, after, acc.freeze()) for (before, after), acc in changes),
            refused_but_granted=self._refused_but_granted.freeze(),
            approved_but_refused=self._approved_but_refused.freeze(),
            cancelled=cancelled,
            **extra,
        )


def describe_outcome(outcome: Outcome, lang: str = "zh_CN") -> str:
    if outcome is None:
        return NO_RULE_LABELS[0] if _zh(lang) else NO_RULE_LABELS[1]
    return describe_action(outcome[0], outcome[1], lang)


__all__ = [
    "BUYER_FLAG_RULES",
    "CONDITION_TYPES",
    "EXAMPLE_IDS",
    "FLAG_KINDS",
    "GRANTED_STATES",
    "MIN_FLAG_CASES",
    "REFUSED_STATES",
    "AmountLimit",
    "BacktestResult",
    "BacktestTally",
    "BuyerFlag",
    "CaseFacts",
    "Condition",
    "InSet",
    "Match",
    "OutcomeChange",
    "RiskAtLeast",
    "Rule",
    "RuleAction",
    "RuleSet",
    "RuleTally",
    "Tally",
    "amount_at_least",
    "amount_at_most",
    "buyer_flags_by_case",
    "check_rule",
    "cny_amount",
    "compile_rules",
    "conditions_from_json",
    "conditions_to_json",
    "describe_action",
    "describe_conditions",
    "describe_outcome",
    "evaluate",
    "evaluate_interpreted",
    "flags_for_buyer",
    "one_of",
    "risk_at_least",
]
