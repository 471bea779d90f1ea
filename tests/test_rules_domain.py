"""Auto-decision rules (domain): every condition type, first match by position, strict JSON, buyer flags, tally."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from acorn_desktop.domain import rules as dr
from acorn_desktop.domain.rules import CaseFacts, Rule, RuleAction
from acorn_desktop.errors import InputError
from acorn_desktop.models import RuleAction as ModelRuleAction

A = RuleAction


def facts(**overrides) -> CaseFacts:
    base = {
        "case_id": 1, "kind": "refund", "state": "new", "marketplace_code": "DE", "amount": Decimal("20.00"),
        "currency": "EUR", "amount_cny": Decimal("156.00"), "reason_code": "DEFECTIVE", "sku": "SKU-1",
        "asin": "B000000001", "risk_score": 10,
    }  # fmt: skip
    base.update(overrides)
    return CaseFacts(**base)


def rule(conditions, action=A.AUTO_APPROVE, *, position=1, rule_id=None, name=None, arg=None, enabled=True) -> Rule:
    return Rule(rule_id or position, name or f"r{position}", position, tuple(conditions), action, arg, enabled)


def both(rules, f):
    """The compiled and the interpreted answer, which must agree."""
    compiled = dr.evaluate(rules, f)
    assert compiled == dr.evaluate_interpreted(rules, f)
    return compiled


# -- each condition type -------------------------------------------------------------------------------------------
CASES = [
    # (condition, facts that hold, facts that do not)
    (dr.amount_at_most("20", "EUR"), {"amount": Decimal("20.00")}, {"amount": Decimal("20.01")}),
    (dr.amount_at_most("20", "EUR"), {"amount": Decimal("5")}, {"amount": Decimal("5"), "currency": "USD"}),
    (dr.amount_at_least("100", "USD"), {"amount": Decimal("100"), "currency": "USD"}, {"amount": Decimal("100")}),
    (dr.amount_at_most("200", "CNY"), {"amount_cny": Decimal("200")}, {"amount_cny": Decimal("200.0001")}),
    (dr.amount_at_most("200", "CNY"), {"amount_cny": Decimal("1")}, {"amount_cny": None}),
    (dr.amount_at_least("1000", "cny"), {"amount_cny": Decimal("1000")}, {"amount_cny": Decimal("999.99")}),
    (dr.one_of("reason_in", ["DEFECTIVE", "SWITCHEROO"]), {}, {"reason_code": "NO_LONGER_NEEDED"}),
    (dr.one_of("reason_in", ["DEFECTIVE"]), {}, {"reason_code": None}),
    (dr.one_of("kind_in", ["refund", "atoz_claim"]), {"kind": "atoz_claim"}, {"kind": "chargeback"}),
    (dr.one_of("marketplace_in", ["de", "gb"]), {"marketplace_code": "UK"}, {"marketplace_code": "FR"}),
    (dr.one_of("sku_in", ["SKU-1", "SKU-2"]), {"sku": "SKU-2"}, {"sku": "sku-2"}),
    (dr.one_of("asin_in", ["b000000001"]), {}, {"asin": "B000000002"}),
    (dr.risk_at_least(60), {"risk_score": 60}, {"risk_score": 59}),
    (dr.one_of("buyer_flag_any", ["frequent_returner", "repeat_claimant"]),
     {"buyer_flags": frozenset({"repeat_claimant"})}, {"buyer_flags": frozenset()}),
    (dr.one_of("disposition_in", ["damaged", "CUSTOMER_DAMAGED"]), {"disposition": "DAMAGED"},
     {"disposition": "SELLABLE"}),
    (dr.one_of("disposition_in", ["DAMAGED"]), {"disposition": "DAMAGED"}, {"disposition": None}),
]  # fmt: skip


@pytest.mark.parametrize(("condition", "yes", "no"), CASES, ids=[f"{c[0].type}-{i}" for i, c in enumerate(CASES)])
def test_each_condition_type_holds_and_fails(condition, yes, no):
    rules = [rule([condition])]
    assert both(rules, facts(**yes)) is not None
    assert both(rules, facts(**no)) is None
    # and it survives its stored form unchanged
    assert dr.conditions_from_json(dr.conditions_to_json([condition]), "r") == (condition,)


def test_enum_members_work_as_facts_too():
    from acorn_desktop.domain.cases import CaseKind, CaseState

    rules = [rule([dr.one_of("kind_in", ["refund"])])]
    assert both(rules, facts(kind=CaseKind.REFUND, state=CaseState.NEW)) is not None


def test_all_conditions_of_a_rule_must_hold():
    rules = [rule([dr.one_of("kind_in", ["refund"]), dr.amount_at_most("200", "CNY"), dr.risk_at_least(5)])]
    assert both(rules, facts()) is not None
    assert both(rules, facts(kind="chargeback")) is None
    assert both(rules, facts(amount_cny=Decimal("201"))) is None
    assert both(rules, facts(risk_score=4)) is None


# -- ordering -------------------------------------------------------------------------------------------------------
def test_first_enabled_rule_by_position_wins_whatever_the_list_order():
    small = rule([dr.amount_at_most("200", "CNY")], A.AUTO_APPROVE, position=2, name="small")
    risky = rule([dr.risk_at_least(50)], A.REJECT_SUGGEST, position=1, name="risky")
    rest = rule([], A.REQUIRE_LEVEL1, position=3, name="rest")
    rules = [rest, small, risky]
    assert both(rules, facts(risk_score=80)).rule_name == "risky"
    assert both(rules, facts(risk_score=10)).rule_name == "small"
    match = both(rules, facts(amount_cny=Decimal("5000")))
    assert (match.rule_name, match.action, match.position) == ("rest", A.REQUIRE_LEVEL1, 3)


def test_disabled_rules_are_skipped_and_no_match_is_none():
    off = rule([], A.REJECT_SUGGEST, position=1, enabled=False)
    on = rule([dr.one_of("kind_in", ["chargeback"])], A.REQUIRE_LEVEL2, position=2)
    assert both([off, on], facts(kind="chargeback")).action is A.REQUIRE_LEVEL2
    assert both([off, on], facts()) is None
    assert both([], facts()) is None


def test_match_is_one_object_per_rule_and_carries_the_assignee():
    rules = [rule([dr.one_of("sku_in", ["SKU-1"])], A.ASSIGN, arg="alice", rule_id=7, name="watch")]
    rule_set = dr.compile_rules(rules)
    first, second = rule_set.evaluate(facts()), rule_set.evaluate(facts(case_id=2))
    assert first is second
    assert (first.rule_id, first.rule_name, first.action_arg, first.outcome) == (
        7,
        "watch",
        "alice",
        (A.ASSIGN, "alice"),
    )
    assert rule_set.fields == {"sku"}


def test_model_enum_values_are_accepted_and_mirrored():
    assert {a.value for a in RuleAction} == {a.value for a in ModelRuleAction}
    rules = [rule([], ModelRuleAction.REQUIRE_LEVEL2)]
    assert both(rules, facts()).action is A.REQUIRE_LEVEL2


# -- JSON -------------------------------------------------------------------------------------------------------------
def test_stored_form_is_versioned_with_sorted_values():
    data = dr.conditions_to_json([dr.one_of("kind_in", ["refund", "atoz_claim", "refund"]),
                                  dr.amount_at_most("49.90", "usd")])  # fmt: skip
    assert data == {
        "version": 1,
        "all": [{"type": "kind_in", "values": ["atoz_claim", "refund"]},
                {"type": "amount_max", "value": "49.90", "currency": "USD"}],
    }  # fmt: skip


BAD = [
    ([], "conditions", "应为 JSON 对象"),
    ({"all": []}, "version", "应为 1"),
    ({"version": 1, "all": [], "any": []}, "conditions.any", "未知的字段"),
    ({"version": 1, "all": {}}, "all", "条件列表"),
    ({"version": 1, "all": ["x"]}, "all[1]", "JSON 对象"),
    ({"version": 1, "all": [{"type": "colour_in", "values": ["red"]}]}, "all[1].type", "未知的条件类型"),
    ({"version": 1, "all": [{"type": "kind_in", "values": []}]}, "all[1].values", "非空列表"),
    ({"version": 1, "all": [{"type": "kind_in", "values": ["refund", "gift"]}]}, "all[1].values[2]", "未知的工单类型"),
    ({"version": 1, "all": [{"type": "marketplace_in", "values": ["XX"]}]}, "all[1].values[1]", "未知的站点"),
    ({"version": 1, "all": [{"type": "asin_in", "values": ["B01"]}]}, "all[1].values[1]", "ASIN"),
    ({"version": 1, "all": [{"type": "buyer_flag_any", "values": ["vip"]}]}, "all[1].values[1]", "买家标记"),
    ({"version": 1, "all": [{"type": "sku_in", "values": [12]}]}, "all[1].values[1]", "文本"),
    ({"version": 1, "all": [{"type": "sku_in", "values": ["A"], "negate": True}]}, "all[1].negate", "未知的字段"),
    ({"version": 1, "all": [{"type": "amount_max", "value": 1.5, "currency": "CNY"}]}, "all[1].value", "文本形式"),
    ({"version": 1, "all": [{"type": "amount_max", "value": "abc", "currency": "CNY"}]}, "all[1].value", "有效金额"),
    ({"version": 1, "all": [{"type": "amount_min", "value": "-1", "currency": "CNY"}]}, "all[1].value", "有效金额"),
    ({"version": 1, "all": [{"type": "amount_min", "value": "1.00001", "currency": "EUR"}]}, "all[1].value", "4 位"),
    ({"version": 1, "all": [{"type": "amount_max", "value": "NaN", "currency": "CNY"}]}, "all[1].value", "有效金额"),
    ({"version": 1, "all": [{"type": "amount_max", "value": "5", "currency": "XBT"}]}, "all[1].currency", "未知的币种"),
    ({"version": 1, "all": [{"type": "amount_max", "value": "5"}]}, "all[1].currency", "未知的币种"),
    ({"version": 1, "all": [{"type": "risk_min", "value": 101}]}, "all[1].value", "0–100"),
    ({"version": 1, "all": [{"type": "risk_min", "value": True}]}, "all[1].value", "0–100"),
]  # fmt: skip


@pytest.mark.parametrize(("data", "field", "words"), BAD, ids=[b[1] + "-" + b[2] for b in BAD])
def test_invalid_json_is_refused_in_chinese_naming_rule_and_field(data, field, words):
    with pytest.raises(InputError) as caught:
        dr.conditions_from_json(data, "小额自动批准")
    error = caught.value
    assert str(error).startswith("规则「小额自动批准」的条件有误:")
    assert field in error.zh and words in error.zh
    assert "Rule '小额自动批准'" in error.en and field in error.en
    assert error.hint_zh


def test_check_rule_cleans_and_refuses():
    assert dr.check_rule("  分配给小王 ", "assign", " wang ") == ("分配给小王", A.ASSIGN, "wang")
    assert dr.check_rule("批准", A.AUTO_APPROVE, "ignored") == ("批准", A.AUTO_APPROVE, None)
    with pytest.raises(InputError, match="没有填写用户名"):
        dr.check_rule("分配", A.ASSIGN, "  ")
    with pytest.raises(InputError, match="规则名称"):
        dr.check_rule("   ", A.AUTO_APPROVE, None)
    with pytest.raises(InputError, match="未知的动作"):
        dr.check_rule("x", "approve_everything", None)


def test_descriptions_in_both_languages():
    conditions = [dr.one_of("kind_in", ["refund"]), dr.amount_at_most("200", "CNY"), dr.risk_at_least(60),
                  dr.one_of("buyer_flag_any", ["frequent_returner"])]  # fmt: skip
    assert (
        dr.describe_conditions(conditions) == "类型:退款 且 金额 ≤ ¥200(折合人民币) 且 风险分 ≥ 60 且 买家标记:频繁退货"
    )
    assert dr.describe_conditions(conditions, "en") == (
        "kind: Refund and amount ≤ ¥200 (in CNY) and risk ≥ 60 and buyer flag: frequent returner"
    )
    assert dr.describe_conditions([]) == "所有工单"
    many = dr.one_of("sku_in", [f"S{i}" for i in range(8)])
    assert many.describe("en").endswith("… (8 in all)") and many.describe().endswith("等 8 项")
    assert dr.describe_action(A.ASSIGN, "wang", "en") == "Assign to wang"
    assert dr.describe_outcome(None) == "无规则命中(人工处理)"


# -- buyer flags ------------------------------------------------------------------------------------------------------
T0 = datetime(2026, 10, 1, tzinfo=UTC)


def test_frequent_returner_counts_only_earlier_returns_within_30_days():
    day = timedelta(days=1)
    cases = [(T0, 1, "return_request"), (T0 + 10 * day, 2, "return_request"), (T0 + 20 * day, 3, "refund"),
             (T0 + 29 * day, 4, "return_request"), (T0 + 30 * day, 5, "refund"),
             (T0 + 45 * day, 6, "refund")]  # fmt: skip
    flags = dr.flags_for_buyer(reversed(cases))
    # case 4 is the third return within 30 days; case 5 (a refund) comes while the three are still in the window;
    # by case 6 the first return is 45 days old
    assert flags == {4: {"frequent_returner"}, 5: {"frequent_returner"}}


def test_repeat_claimant_and_grouping_by_buyer():
    day = timedelta(days=1)
    history = [(1, "b1", T0, "atoz_claim"), (2, "b2", T0 + day, "chargeback"), (3, "b1", T0 + 100 * day, "chargeback"),
               (4, "b2", T0 + 200 * day, "atoz_claim"), (5, None, T0, "atoz_claim")]  # fmt: skip
    assert dr.buyer_flags_by_case(history) == {3: frozenset({"repeat_claimant"})}


# -- back-test tally --------------------------------------------------------------------------------------------------
def test_tally_counts_money_changes_and_contradictions_exactly():
    tested = dr.compile_rules([
        rule([dr.risk_at_least(80)], A.REJECT_SUGGEST, position=1, name="risky"),
        rule([dr.amount_at_most("100", "CNY")], A.AUTO_APPROVE, position=2, name="small"),
        rule([dr.one_of("kind_in", ["refund"])], A.AUTO_APPROVE, position=3, name="refunds"),
        rule([dr.one_of("kind_in", ["chargeback"])], A.REQUIRE_LEVEL2, position=4, name="never"),
    ])  # fmt: skip
    active = dr.compile_rules([rule([dr.one_of("kind_in", ["refund"])], A.AUTO_APPROVE, name="old refunds")])
    rows = [
        facts(case_id=1, risk_score=90, state="refunded", amount_cny=Decimal("700.50")),  # granted, now rejected
        facts(case_id=2, kind="return_request", amount_cny=Decimal("99.99"), state="rejected"),  # rejected, now auto
        facts(case_id=3, amount_cny=Decimal("500")),  # refunds → auto both times: no change
        facts(case_id=4, kind="atoz_claim", amount_cny=Decimal("300")),  # nothing matches either way
        facts(case_id=5, kind="return_request", amount_cny=None, currency="XXX"),  # no rate: counted, no money
        facts(case_id=6, amount_cny=Decimal("50")),  # "small" instead of "refunds": same outcome, no change
    ]
    tally = dr.BacktestTally(tested, active)
    tally.add_all(rows[:3])
    tally.add_all(rows[3:])
    result = tally.result()
    assert (result.cases, result.total, result.amount_cny, result.no_cny_rate) == (6, 6, Decimal("1650.49"), 1)
    assert result.by_action[A.REJECT_SUGGEST] == dr.Tally(1, Decimal("700.50"), (1,))
    assert result.by_action[A.AUTO_APPROVE] == dr.Tally(3, Decimal("649.99"), (2, 3, 6))
    assert result.by_action[None] == dr.Tally(2, Decimal("300.00"), (4, 5))
    assert [(r.rule_name, r.tally.count, r.tally.amount_cny) for r in result.by_rule] == [
        ("risky", 1, Decimal("700.50")), ("small", 2, Decimal("149.99")), ("refunds", 1, Decimal("500.00")),
        ("never", 0, Decimal("0.00")),
    ]  # fmt: skip
    assert result.changed == dr.Tally(2, Decimal("800.49"), (1, 2))
    assert {(c.before, c.after, c.tally.count) for c in result.changes} == {
        ((A.AUTO_APPROVE, None), (A.REJECT_SUGGEST, None), 1),
        (None, (A.AUTO_APPROVE, None), 1),
    }
    assert result.refused_but_granted == dr.Tally(1, Decimal("700.50"), (1,))
    assert result.approved_but_refused == dr.Tally(1, Decimal("99.99"), (2,))


def test_example_ids_are_capped_but_counts_exact():
    tally = dr.BacktestTally(dr.compile_rules([rule([])]), dr.compile_rules([]))
    tally.add_all(facts(case_id=i, amount_cny=Decimal("1")) for i in range(1, dr.EXAMPLE_IDS + 51))
    result = tally.result()
    assert result.changed.count == dr.EXAMPLE_IDS + 50 and result.changed.amount_cny == Decimal(dr.EXAMPLE_IDS + 50)
    assert result.changed.example_ids == tuple(range(1, dr.EXAMPLE_IDS + 1))


# -- compiled == interpreted ------------------------------------------------------------------------------------------
MONEY = st.decimals(min_value=0, max_value=5000, places=2, allow_nan=False, allow_infinity=False)
CONDITIONS = st.one_of(
    st.builds(dr.amount_at_most, MONEY, st.sampled_from(["CNY", "EUR", "USD"])),
    st.builds(dr.amount_at_least, MONEY, st.sampled_from(["CNY", "EUR", "USD"])),
    st.builds(dr.one_of, st.just("kind_in"), st.lists(st.sampled_from(["refund", "atoz_claim", "chargeback"]),
                                                      min_size=1)),
    st.builds(dr.one_of, st.just("marketplace_in"), st.lists(st.sampled_from(["DE", "US", "JP"]), min_size=1)),
    st.builds(dr.one_of, st.just("sku_in"), st.lists(st.sampled_from(["S1", "S2", "S3"]), min_size=1)),
    st.builds(dr.risk_at_least, st.integers(0, 100)),
    st.builds(dr.one_of, st.just("buyer_flag_any"), st.lists(st.sampled_from(list(dr.BuyerFlag)), min_size=1)),
    st.builds(dr.one_of, st.just("disposition_in"), st.lists(st.sampled_from(["DAMAGED", "SELLABLE"]), min_size=1)),
)  # fmt: skip
FACTS = st.builds(
    CaseFacts,
    case_id=st.integers(1, 10**6),
    kind=st.sampled_from(["refund", "atoz_claim", "chargeback", "return_request"]),
    state=st.sampled_from(["new", "refunded", "rejected"]),
    marketplace_code=st.sampled_from(["DE", "US", "JP"]),
    amount=MONEY,
    currency=st.sampled_from(["EUR", "USD", "JPY"]),
    amount_cny=st.one_of(st.none(), MONEY),
    sku=st.sampled_from(["S1", "S2", None]),
    risk_score=st.integers(0, 100),
    disposition=st.sampled_from(["DAMAGED", "SELLABLE", None]),
    buyer_flags=st.frozensets(st.sampled_from([f.value for f in dr.BuyerFlag])),
)
RULES = st.lists(
    st.builds(rule, st.lists(CONDITIONS, max_size=3), st.sampled_from(list(A)), position=st.integers(0, 20),
              arg=st.just("wang"), enabled=st.booleans()),
    max_size=6,
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(RULES, st.lists(FACTS, min_size=1, max_size=5))
def test_compiled_rule_sets_agree_with_the_interpreter(rules, many):
    rule_set = dr.RuleSet(rules)
    for f in many:
        assert rule_set.evaluate(f) == dr.evaluate_interpreted(rules, f)
