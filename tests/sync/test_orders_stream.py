"""The orders stream against the real sandbox over HTTP: orders, items, linked cases, no buyer address kept."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from sp_api.auth import access_token_client

from acorn_desktop import models as m
from acorn_desktop.formats.orders_report import ALL_ORDERS
from acorn_desktop.models.base import Base
from acorn_desktop.sandbox import api_reports
from acorn_desktop.sandbox.server import SandboxServer
from acorn_desktop.services.demo import seed_demo
from acorn_desktop.services.demo_sync import sandbox_credentials
from acorn_desktop.services.order_intake import LINKED_EN, SOURCE
from acorn_desktop.sync import cursors
from acorn_desktop.sync.engine import SyncEngine
from acorn_desktop.sync.orders_stream import OrdersStream
from acorn_desktop.sync.report_streams import ReportClient
from acorn_desktop.sync.scheduler import Clock
from acorn_desktop.sync.streams import FinancesStream

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
SEED, CASES = 11, 300
SCALE = 300.0
PII = {"ship-city": "PII-CITY-Springfield", "ship-state": "PII-STATE-Illinois", "ship-postal-code": "PII-ZIP-62704"}


@pytest.fixture(autouse=True)
def fresh_token_cache():
    access_token_client.cache.clear()
    yield
    access_token_client.cache.clear()


@pytest.fixture
def sandbox(monkeypatch):
    """The sandbox, its all-orders documents carrying a buyer address in every line (as Amazon's do)."""
    original = api_reports.build_all_orders
    columns = {c: api_reports.ALL_ORDERS_COLUMNS.index(c) for c in PII}
    served: list[str] = []

    def with_addresses(world, report):
        served.append(report.report_id)
        lines = original(world, report).split("\n")
        for i in range(1, len(lines)):
            if lines[i]:
                fields = lines[i].split("\t")
                for column, index in columns.items():
                    fields[index] = PII[column]
                lines[i] = "\t".join(fields)
        return "\n".join(lines)

    monkeypatch.setitem(api_reports.BUILDERS, api_reports.ALL_ORDERS, with_addresses)
    with SandboxServer(seed=SEED, cases=CASES, now=NOW, time_scale=SCALE) as server:
        server.addresses_served = served
        yield server


def orders(**kw) -> OrdersStream:
    kw.setdefault("client", ReportClient(max_wait=900))  # wait for the report within the run
    return OrdersStream(**kw)


def sync(store, server, streams):
    engine = SyncEngine(
        store, sandbox_credentials(server), streams=streams, clock=Clock(scale=SCALE), now=server.world.now, timeout=10
    )
    reports = engine.run()
    assert [r.status for r in reports] == ["ok", "ok", "ok"], [r.error for r in reports]
    return reports


def api_calls(server, operation: str) -> int:
    return sum(1 for op, _, status in server.requests if op == operation and status < 400)


def covered_until(store) -> datetime:
    """The earliest ``covered_until`` of the three sellers' orders cursors."""
    with store.reader() as s:
        ids = s.scalars(sa.select(m.SellerAccount.id)).all()
        marks = [cursors.load(s, i, "orders").state[ALL_ORDERS]["covered_until"] for i in ids]
    return min(datetime.fromisoformat(x) for x in marks)


def truth(server, until: datetime) -> tuple[set, Counter]:
    """The sandbox's orders last updated before ``until`` and the items of those orders."""
    kept = {o.amazon_order_id: o for o in server.world.orders() if o.last_updated < until}
    orders_ = {
        (o.amazon_order_id, o.marketplace_code, o.purchase_date, o.last_updated, o.status, o.fulfillment_channel,
         o.currency, o.order_total, o.ship_country)
        for o in kept.values()
    }  # fmt: skip
    items = Counter(
        (i.amazon_order_id, i.sku, i.asin, i.title, i.quantity, i.item_price, i.item_tax, i.shipping_price, i.currency)
        for i in server.world.items()
        if i.amazon_order_id in kept
    )
    return orders_, items


def stored(store) -> tuple[set, Counter]:
    with store.reader() as s:
        orders_ = {
            tuple(r)
            for r in s.execute(
                sa.select(m.Order.amazon_order_id, m.Order.marketplace_code, m.Order.purchase_date,
                          m.Order.last_updated, m.Order.status, m.Order.fulfillment_channel, m.Order.currency,
                          m.Order.order_total, m.Order.ship_country)
            )
        }  # fmt: skip
        items = Counter(
            tuple(r)
            for r in s.execute(
                sa.select(m.Order.amazon_order_id, m.OrderItem.sku, m.OrderItem.asin, m.OrderItem.title,
                          m.OrderItem.quantity, m.OrderItem.item_price, m.OrderItem.item_tax,
                          m.OrderItem.shipping_price, m.OrderItem.currency).join(m.Order)
            )
        )  # fmt: skip
    return orders_, items


def count(store, model, *where) -> int:
    with store.reader() as s:
        return s.scalar(sa.select(sa.func.count()).select_from(model).where(*where))


def link_events(store) -> int:
    return count(store, m.CaseEvent, m.CaseEvent.data["source"].as_string() == SOURCE)


def everything_stored(store) -> str:
    """Every value of every table, as one text (to look for data that must not be there)."""
    parts = []
    with store.reader() as s:
        for table in Base.metadata.sorted_tables:
            for row in s.execute(sa.select(table)):
                parts.extend(repr(v) for v in row)
    return "\n".join(parts)


# -- tests --------------------------------------------------------------------------------------------------------


def test_default_streams_run_orders_first():
    streams = SyncEngine(None, None).streams
    names = [s.name for s in streams]
    assert isinstance(streams[0], OrdersStream) and names.index("orders") < names.index("finances")
    # refunds are submitted before finances is read, and settled right after it
    assert names.index("refund_feed") < names.index("finances") < names.index("refund_settle")


def test_orders_match_the_sandbox_rerun_adds_nothing_and_no_address_is_kept(store, sandbox):
    seed_demo(store, cases=0, seed=SEED, now=NOW)  # just the three sandbox accounts
    sync(store, sandbox, [orders()])
    assert api_calls(sandbox, "createReport") == 3 * 6  # 180 days in 30-day windows, per seller
    until = covered_until(store)
    assert until > NOW - timedelta(minutes=10)
    want_orders, want_items = truth(sandbox, until)
    assert len(want_orders) > 150 and sum(want_items.values()) > len(want_orders)
    assert stored(store) == (want_orders, want_items)
    with store.reader() as s:
        assert s.scalar(sa.select(sa.func.count()).where(m.Order.buyer_alias.is_not(None))) == 0
        actions = Counter(s.scalars(sa.select(m.AuditEntry.action)))
    assert actions["sync.orders.report"] == 3 * 6  # one audit entry per document

    assert len(sandbox.addresses_served) == 3 * 6
    dump = everything_stored(store)
    assert not [v for v in PII.values() if v in dump]  # no buyer address anywhere, not even in the audit log

    creates, documents = api_calls(sandbox, "createReport"), api_calls(sandbox, "getReportDocument")
    sync(store, sandbox, [orders()])  # right away: nothing to ask for
    assert (api_calls(sandbox, "createReport"), api_calls(sandbox, "getReportDocument")) == (creates, documents)
    sandbox.advance(6 * 3600)  # later: one more window per seller, overlapping the last one
    sync(store, sandbox, [orders()])
    assert api_calls(sandbox, "createReport") == creates + 3
    want_orders, want_items = truth(sandbox, covered_until(store))
    assert stored(store) == (want_orders, want_items)  # re-read orders updated in place, nothing doubled


def test_cases_created_by_finances_get_their_order_once(store, sandbox):
    seed_demo(store, cases=0, seed=SEED, now=NOW)
    sync(store, sandbox, [FinancesStream()])
    with store.reader() as s:
        unlinked = s.execute(sa.select(m.Case.id, m.Case.amazon_order_id).where(m.Case.order_id.is_(None))).all()
    assert len(unlinked) == count(store, m.Case) > 50  # no order known yet

    sync(store, sandbox, [orders()])
    with store.reader() as s:
        order_ids = dict(s.execute(sa.select(m.Order.amazon_order_id, m.Order.id)).all())
        now_linked = dict(s.execute(sa.select(m.Case.id, m.Case.order_id)).all())
        events = Counter(
            s.scalars(sa.select(m.CaseEvent.case_id).where(m.CaseEvent.data["source"].as_string() == SOURCE))
        )
        summaries = set(s.scalars(sa.select(m.CaseEvent.summary).where(m.CaseEvent.case_id.in_(list(events)))))
    should_link = {case_id: order_ids[oid] for case_id, oid in unlinked if oid in order_ids}
    assert len(should_link) > 50
    assert {c: now_linked[c] for c in should_link} == should_link
    assert all(now_linked[c] is None for c, _ in unlinked if c not in should_link)  # order not in any report
    assert events == Counter(should_link.keys())  # one timeline entry per linked case
    assert any(LINKED_EN in text and "订单信息已同步" in text for text in summaries)

    linked_events = link_events(store)
    sandbox.advance(6 * 3600)
    sync(store, sandbox, [orders(), FinancesStream()])
    assert link_events(store) == linked_events  # already linked: nothing more


def test_in_the_default_order_new_cases_find_their_order_at_creation(store, sandbox):
    seed_demo(store, cases=0, seed=SEED, now=NOW)
    sync(store, sandbox, [orders(), FinancesStream()])
    with store.reader() as s:
        known = set(s.scalars(sa.select(m.Order.amazon_order_id)))
        cases = s.execute(sa.select(m.Case.amazon_order_id, m.Case.order_id)).all()
    with_order = [oid for oid, pk in cases if oid in known]
    assert len(with_order) > 50 and all(pk is not None for oid, pk in cases if oid in known)
    assert link_events(store) == 0  # nothing to link afterwards


def test_seeded_orders_are_updated_in_place_not_doubled(store, sandbox):
    seed_demo(store, cases=CASES, seed=SEED, now=NOW)  # orders and items with Amazon's order-item ids
    before = stored(store)
    n_orders, n_items = count(store, m.Order), count(store, m.OrderItem)
    sync(store, sandbox, [orders()])
    assert (count(store, m.Order), count(store, m.OrderItem)) == (n_orders, n_items)
    assert stored(store) == before  # the report says what the seed says
    with store.reader() as s:
        assert s.scalar(sa.select(sa.func.count()).where(m.Order.buyer_alias.is_(None))) == 0  # aliases kept
        keys = set(s.scalars(sa.select(m.OrderItem.order_item_id)))
    assert all(k.isdigit() for k in keys)
