"""Seeding the demo data set into a store: counts, audit, round trip, idempotent re-runs, refusals."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from acorn_desktop import models as m
from acorn_desktop.domain.cases import CaseKind
from acorn_desktop.errors import InputError
from acorn_desktop.sandbox.generator import generate
from acorn_desktop.services.audit import verify_chain
from acorn_desktop.services.demo import DEMO_ACCOUNTS, seed_demo
from acorn_desktop.storage.store import Store, StoreLocation

NOW = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)


def _count(session, table) -> int:
    return session.scalar(sa.select(sa.func.count()).select_from(table))


def _counts(store) -> dict[str, int]:
    with store.reader() as s:
        return {
            name: _count(s, table)
            for name, table in (
                ("cases", m.Case), ("orders", m.Order), ("items", m.OrderItem), ("events", m.CaseEvent),
                ("audit", m.AuditEntry), ("accounts", m.SellerAccount),
            )
        }  # fmt: skip


def _cache_size(store) -> int:
    with store.writer.connect() as conn:
        return conn.connection.driver_connection.execute("PRAGMA cache_size").fetchone()[0]


def test_seed_2000_cases(store):
    default_cache = _cache_size(store)
    calls = []
    report = seed_demo(store, cases=2000, seed=42, now=NOW, progress=lambda d, t: calls.append((d, t)), chunk_size=700)
    expected = list(generate(42, 2000, NOW, chunk_size=700))

    counts = _counts(store)
    assert counts == {
        "cases": 2000,
        "orders": sum(len(c.orders) for c in expected),
        "items": sum(len(c.items) for c in expected),
        "events": sum(len(c.events) for c in expected),
        "audit": 1,
        "accounts": 3,
    }
    assert (report.cases, report.orders, report.items, report.events) == (
        counts["cases"], counts["orders"], counts["items"], counts["events"]
    )  # fmt: skip
    assert report.skipped_cases == 0 and report.accounts_created == 3 and not report.cancelled
    assert calls[0] == (0, 2000) and calls[-1] == (2000, 2000)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)
    json.dumps(report.as_json())  # JSON-serialisable, as the CLI needs

    with store.reader() as s:
        # one sandbox account per region, with its marketplaces, no secrets
        accounts = s.scalars(sa.select(m.SellerAccount).order_by(m.SellerAccount.id)).all()
        assert {a.selling_partner_id for a in accounts} == {pid for _, pid in DEMO_ACCOUNTS.values()}
        assert all(a.is_sandbox and a.selling_partner_id.startswith("ADEMO") for a in accounts)
        assert {mp.code for a in accounts for mp in a.marketplaces} == {
            "US", "CA", "UK", "DE", "FR", "IT", "ES", "JP", "AU"
        }  # fmt: skip
        # every kind, every case linked to its order, and values survive the round trip
        # (buyer messages arrive only as forwarded e-mails, never from the marketplace generator)
        assert set(s.scalars(sa.select(m.Case.kind).distinct())) == set(CaseKind) - {CaseKind.BUYER_MESSAGE}
        assert s.scalar(sa.select(sa.func.count()).where(m.Case.order_id.is_(None))) == 0
        first = expected[0].cases[0]
        case = s.scalar(sa.select(m.Case).where(m.Case.source_ref == first.source_ref, m.Case.kind == first.kind))
        assert (case.amount, case.currency, case.opened_at, case.deadline_at, case.state, case.reason_code) == (
            first.amount, first.currency, first.opened_at, first.deadline_at, first.state, first.reason_code
        )  # fmt: skip
        assert case.order_id == s.scalar(sa.select(m.Order.id).where(m.Order.amazon_order_id == first.amazon_order_id))
        assert len(case.events) == first.event_count
        order = s.get(m.Order, case.order_id)
        assert order.order_total == expected[0].orders[first.order_index].order_total
        # one audit entry for the whole seed, and the chain holds
        entry = s.scalar(sa.select(m.AuditEntry))
        assert (entry.action, entry.entity_type, entry.entity_id) == ("demo.seed", "demo_seed", "42")
        assert verify_chain(s).ok
    with store.writer.connect() as conn:
        driver = conn.connection.driver_connection
        assert driver.execute("PRAGMA foreign_key_check").fetchall() == []
    assert _cache_size(store) == default_cache  # the bulk-load cache was put back


def test_same_seed_again_is_idempotent_and_extends(store):
    seed_demo(store, cases=1200, seed=42, now=NOW, chunk_size=500)
    before = _counts(store)

    again = seed_demo(store, cases=1200, seed=42, now=NOW, chunk_size=300)
    assert (again.cases, again.orders, again.items, again.events, again.skipped_cases) == (0, 0, 0, 0, 1200)
    assert again.accounts_created == 0
    assert _counts(store) == {**before, "audit": 2}

    more = seed_demo(store, cases=2000, seed=42, now=NOW)
    assert (more.cases, more.skipped_cases) == (800, 1200)
    expected = {(c.kind.value, c.source_ref) for chunk in generate(42, 2000, NOW) for c in chunk.cases}
    with store.reader() as s:
        stored = {(k.value, r) for k, r in s.execute(sa.select(m.Case.kind, m.Case.source_ref))}
        assert stored == expected
        # a story cut at 1,200 cases gets its remaining cases attached to the existing order
        assert s.scalar(sa.select(sa.func.count()).where(m.Case.order_id.is_(None))) == 0
        assert _count(s, m.Order) == sum(len(c.orders) for c in generate(42, 2000, NOW))


def test_cancel_then_resume(store):
    report = seed_demo(store, cases=1500, seed=1, now=NOW, chunk_size=400, cancel=_cancel_after(1))
    assert report.cancelled and 0 < report.cases <= 400
    assert _counts(store)["cases"] == report.cases
    resumed = seed_demo(store, cases=1500, seed=1, now=NOW, chunk_size=400)
    assert not resumed.cancelled and resumed.cases + resumed.skipped_cases == 1500
    assert _counts(store)["cases"] == 1500


def test_another_seed_is_refused_without_writing(store):
    seed_demo(store, cases=300, seed=42, now=NOW)
    before = _counts(store)
    with pytest.raises(InputError) as info:
        seed_demo(store, cases=300, seed=43, now=NOW)
    assert "种子" in str(info.value) and "seed" in info.value.en
    assert _counts(store) == before


def test_bad_arguments(store):
    with pytest.raises(InputError):
        seed_demo(store, cases=-1)
    with pytest.raises(ValueError):
        seed_demo(store, cases=1, now=datetime(2026, 1, 1))


def test_demo_data_survives_reopen(store, data_dir):
    seed_demo(store, cases=200, seed=5, now=NOW)
    store.close()
    reopened = Store.open(StoreLocation(data_dir))
    try:
        with reopened.reader() as s:
            assert _count(s, m.Case) == 200
    finally:
        reopened.close()


@pytest.mark.postgres
def test_seed_on_postgresql_keeps_sequences_usable(pg_url, data_dir):
    st = Store.open(StoreLocation(data_dir, db_url=pg_url))
    try:
        report = seed_demo(st, cases=300, seed=42, now=NOW, chunk_size=120)
        assert report.cases == 300
        assert seed_demo(st, cases=300, seed=42, now=NOW).skipped_cases == 300
        with st.session() as s:  # ordinary ORM inserts still get fresh ids after the reserved ones
            order = s.scalar(sa.select(m.Order).limit(1))
            s.add(m.Order(account_id=order.account_id, marketplace_code="US", amazon_order_id="111-0000000-0000001",
                          purchase_date=NOW, status="Shipped", fulfillment_channel="MFN", currency="USD",
                          order_total=order.order_total))  # fmt: skip
        with st.reader() as s:
            assert _count(s, m.Case) == 300 and _count(s, m.Order) == report.orders + 1
    finally:
        st.close()


def _cancel_after(chunks: int):
    state = {"polls": 0}

    def cancel() -> bool:
        state["polls"] += 1
        return state["polls"] > chunks

    return cancel
