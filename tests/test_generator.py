"""The synthetic data generator: determinism, realism, formats, money and time invariants."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from acorn_desktop.domain.cases import CaseKind, CaseState, can_transition
from acorn_desktop.domain.deadlines import default_deadline
from acorn_desktop.domain.marketplaces import MARKETPLACES
from acorn_desktop.sandbox.generator import CATALOGUE, DEMO_MARKETPLACES, HISTORY_DAYS, Chunk, first_case, generate

NOW = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)

ORDER_ID = re.compile(r"^\d{3}-\d{7}-\d{7}$")
ITEM_ID = re.compile(r"^[1-9]\d{13}$")
ASIN = re.compile(r"^B0[0-9A-Z]{8}$")
SKU = re.compile(r"^ACN-[A-Z]{2}-\d{3}-[A-Z0-9]{1,5}$")
ALIAS = re.compile(r"^buyer-[0-9a-f]{16}$")
SOURCE_REF = {
    CaseKind.RETURN_REQUEST: re.compile(r"^D[0-9A-Za-z]{8}RMA$"),
    CaseKind.REFUND: re.compile(r"^[1-9]\d{13}$"),
    CaseKind.ATOZ_CLAIM: re.compile(r"^[1-9]\d{9}$"),
    CaseKind.CHARGEBACK: re.compile(r"^[1-9]\d{11}$"),
    CaseKind.SAFET_CLAIM: re.compile(r"^[1-9]\d{9}$"),
    CaseKind.REIMBURSEMENT: re.compile(r"^[1-9]\d{9}$"),
}


@pytest.fixture(scope="module")
def sample() -> list[Chunk]:
    return list(generate(42, 4000, NOW, chunk_size=1500))


def _flat(chunks, attr):
    return [record for chunk in chunks for record in getattr(chunk, attr)]


def _case_keys(chunks):
    return [(c.kind, c.source_ref, c.amazon_order_id, c.amount, c.opened_at, c.state) for c in _flat(chunks, "cases")]


def check_chunk(chunk: Chunk, now: datetime) -> None:
    """Every structural, money and time invariant of one chunk."""
    for order in chunk.orders:
        info = MARKETPLACES[order.marketplace_code]
        assert ORDER_ID.match(order.amazon_order_id)
        assert ALIAS.match(order.buyer_alias)
        assert order.currency == info.currency and order.region is info.region
        assert order.fulfillment_channel in ("MFN", "AFN")
        assert order.purchase_date.utcoffset() == timedelta(0)
        assert now - timedelta(days=HISTORY_DAYS + 1) <= order.purchase_date < now
        assert order.purchase_date <= order.last_updated <= now
    charged_per_order: dict[int, Decimal] = Counter()
    for item in chunk.items:
        order = chunk.orders[item.order_index]
        assert item.amazon_order_id == order.amazon_order_id
        assert ITEM_ID.match(item.order_item_id) and ASIN.match(item.asin) and SKU.match(item.sku)
        assert item.currency == order.currency and item.quantity >= 1
        assert item.item_price > 0 and 0 <= item.item_tax < item.item_price
        charged_per_order[item.order_index] += item.charged
    for index, order in enumerate(chunk.orders):
        assert order.order_total == charged_per_order[index]

    events_by_case: dict[int, list] = {}
    for event in chunk.events:
        events_by_case.setdefault(event.case_index, []).append(event)
    for index, case in enumerate(chunk.cases):
        order = chunk.orders[case.order_index]
        item = chunk.items[case.item_index]
        assert item.order_index == case.order_index
        assert (case.sku, case.asin, case.amazon_order_id) == (item.sku, item.asin, order.amazon_order_id)
        assert SOURCE_REF[case.kind].match(case.source_ref)
        assert case.source == "demo" and 0 <= case.risk_score <= 100
        assert case.marketplace_code == order.marketplace_code and case.region is order.region
        # money: the marketplace's currency and minor unit, never more than what was charged
        assert case.currency == MARKETPLACES[case.marketplace_code].currency
        exponent = 0 if case.currency == "JPY" else -2
        assert case.amount.as_tuple().exponent == exponent
        assert 0 < case.amount <= order.order_total
        if case.kind is not CaseKind.CHARGEBACK:
            assert case.amount <= item.charged
        assert sum(case.breakdown.values()) == case.amount
        # time: aware UTC, after the purchase, not in the future, deadline from the domain rule
        for moment in (case.opened_at, case.deadline_at, case.updated_at):
            assert moment.utcoffset() == timedelta(0)
        assert order.purchase_date <= case.opened_at < now
        assert case.deadline_at == default_deadline(case.kind, case.opened_at)
        assert case.kind in (CaseKind.RETURN_REQUEST, CaseKind.REFUND) or case.reason_code
        assert re.search(r"[\u4e00-\u9fff]", case.reason_text) and re.search(r"[A-Za-z]", case.reason_text)
        # the timeline walks the state machine from NEW to the case's state
        timeline = events_by_case[index]
        assert len(timeline) == case.event_count
        assert timeline[0].kind == "created" and timeline[0].at == case.opened_at
        state = CaseState.NEW
        for previous, event in itertools.pairwise(timeline):
            assert previous.at <= event.at <= now
            target = CaseState(event.data["to"])
            assert event.data["from"] == state.value and can_transition(state, target)
            state = target
        assert state is case.state
        assert case.updated_at == timeline[-1].at


def test_same_seed_same_output_and_another_seed_differs():
    first = next(generate(7, 600, NOW, chunk_size=300))
    again = next(generate(7, 600, NOW, chunk_size=300))
    other = next(generate(8, 600, NOW, chunk_size=300))
    assert first == again
    assert _case_keys([first]) != _case_keys([other])
    assert {o.amazon_order_id for o in first.orders}.isdisjoint(o.amazon_order_id for o in other.orders)


def test_stream_is_independent_of_chunk_size_and_a_prefix_of_larger_runs():
    small_chunks = list(generate(3, 2500, NOW, chunk_size=97))
    assert all(len(c.cases) <= 97 for c in small_chunks)
    big = list(generate(3, 2500, NOW, chunk_size=10_000))
    assert len(big) == 1
    assert _case_keys(small_chunks) == _case_keys(big)
    longer = list(generate(3, 3100, NOW))
    assert _case_keys(longer)[:2500] == _case_keys(big)


def test_identity_and_amounts_do_not_depend_on_now():
    later = NOW + timedelta(days=3, hours=5)
    a = _flat(generate(11, 1500, NOW), "cases")
    b = _flat(generate(11, 1500, later), "cases")
    assert [(c.kind, c.source_ref, c.amazon_order_id, c.sku, c.amount) for c in a] == [
        (c.kind, c.source_ref, c.amazon_order_id, c.sku, c.amount) for c in b
    ]
    assert all(y.opened_at - x.opened_at == later - NOW for x, y in zip(a, b, strict=True))
    assert first_case(11).source_ref == a[0].source_ref


def test_every_kind_and_marketplace_with_a_realistic_mix(sample):
    cases = _flat(sample, "cases")
    assert len(cases) == 4000
    kinds = Counter(c.kind for c in cases)
    # buyer messages reach a store only as forwarded e-mails (no SP-API): the marketplace never generates them
    assert set(kinds) == set(CaseKind) - {CaseKind.BUYER_MESSAGE}
    assert {c.marketplace_code for c in cases} == set(DEMO_MARKETPLACES) == {
        "US", "CA", "UK", "DE", "FR", "IT", "ES", "JP", "AU"
    }  # fmt: skip
    share = {k: n / len(cases) for k, n in kinds.items()}
    assert share[CaseKind.RETURN_REQUEST] + share[CaseKind.REFUND] > 0.6
    for rare in (CaseKind.ATOZ_CLAIM, CaseKind.CHARGEBACK):
        assert 0.01 < share[rare] < 0.10
    assert {o.fulfillment_channel for o in _flat(sample, "orders")} == {"MFN", "AFN"}
    assert {c.reason_code for c in cases} >= {"DEFECTIVE", "NOT_AS_DESCRIBED", "UNAUTHORIZED_PURCHASE",
                                             "ITEM_NOT_RECEIVED", "NO_LONGER_NEEDED"}  # fmt: skip


def test_states_open_and_overdue_shares(sample):
    cases = _flat(sample, "cases")
    open_cases = [c for c in cases if c.state is not CaseState.CLOSED]
    overdue = [c for c in open_cases if c.deadline_at < NOW]
    assert 0.2 < len(open_cases) / len(cases) < 0.6
    assert 0.01 < len(overdue) / len(cases) < 0.15
    assert len({c.state for c in cases}) >= 8


def test_invariants_of_a_sample(sample):
    for chunk in sample:
        check_chunk(chunk, NOW)


def test_ids_are_unique(sample):
    orders = [o.amazon_order_id for o in _flat(sample, "orders")]
    items = [i.order_item_id for i in _flat(sample, "items")]
    refs = [(c.kind, c.source_ref) for c in _flat(sample, "cases")]
    assert len(set(orders)) == len(orders) and len(set(items)) == len(items) and len(set(refs)) == len(refs)


def test_money_per_currency():
    yen = [p.prices["JP"] for p in CATALOGUE]
    assert all(price % 10 == 0 and price >= 180 for price in yen)  # whole yen, shop-like ¥x,x80
    assert all(p.prices["US"] % 100 == 99 for p in CATALOGUE)  # $x.99
    cases = [c for chunk in generate(5, 1500, NOW) for c in chunk.cases]
    jpy = [c for c in cases if c.currency == "JPY"]
    assert jpy and all(c.amount == c.amount.to_integral_value() for c in jpy)


def test_no_pii_and_stable_alias():
    orders = _flat(generate(9, 800, NOW), "orders")
    again = _flat(generate(9, 800, NOW), "orders")
    assert [o.buyer_alias for o in orders] == [o.buyer_alias for o in again]
    text = repr(orders)
    assert "@" not in text and "address" not in text.lower()


def test_refuses_naive_now_and_bad_sizes():
    with pytest.raises(ValueError):
        next(generate(1, 10, datetime(2026, 1, 1)))
    with pytest.raises(ValueError):
        next(generate(1, 10, NOW, chunk_size=0))
    assert list(generate(1, 0, NOW)) == []


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(min_value=-(2**40), max_value=2**40),
    cases=st.integers(min_value=1, max_value=150),
    chunk_size=st.integers(min_value=1, max_value=200),
    minutes=st.integers(min_value=0, max_value=60 * 24 * 400),
)
def test_any_seed_size_and_now_give_valid_records(seed, cases, chunk_size, minutes):
    now = NOW + timedelta(minutes=minutes)
    chunks = list(generate(seed, cases, now, chunk_size=chunk_size))
    assert sum(len(c.cases) for c in chunks) == cases
    assert [c.index for c in chunks] == list(range(len(chunks)))
    for chunk in chunks:
        assert 1 <= len(chunk.cases) <= max(chunk_size, 3)
        check_chunk(chunk, now)
