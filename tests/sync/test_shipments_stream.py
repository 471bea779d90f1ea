"""The shipments stream against the real sandbox: packages of MFN orders behind open claims, paced, idempotent."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from sp_api.auth import access_token_client

from acorn_desktop import models as m
from acorn_desktop.domain.cases import RESOLVED_STATES, CaseKind
from acorn_desktop.sandbox import shipping
from acorn_desktop.sandbox.server import SandboxServer
from acorn_desktop.services.demo import seed_demo
from acorn_desktop.services.demo_sync import sandbox_credentials
from acorn_desktop.services.shipments import ShipmentInput, upsert_shipment
from acorn_desktop.sync.engine import SyncEngine
from acorn_desktop.sync.scheduler import Clock
from acorn_desktop.sync.shipments_stream import ShipmentsStream, packages_to_shipments

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
SEED, CASES = 7, 400
SCALE = 300.0


@pytest.fixture(autouse=True)
def fresh_token_cache():
    access_token_client.cache.clear()
    yield
    access_token_client.cache.clear()


@pytest.fixture
def sandbox():
    with SandboxServer(seed=SEED, cases=CASES, now=NOW, time_scale=SCALE) as server:
        yield server


def sync(store, server, stream):
    engine = SyncEngine(
        store, sandbox_credentials(server), streams=[stream], clock=Clock(scale=SCALE), now=server.world.now, timeout=10
    )
    reports = engine.run()
    assert [r.status for r in reports] == ["ok", "ok", "ok"], [r.error for r in reports]
    return reports


def claim_orders(session) -> set[str]:
    rows = session.execute(
        sa.select(m.Order.amazon_order_id)
        .join(m.Case, m.Case.order_id == m.Order.id)
        .where(m.Case.kind.in_([CaseKind.ATOZ_CLAIM, CaseKind.CHARGEBACK]),
               m.Case.state.not_in(list(RESOLVED_STATES)), m.Order.fulfillment_channel == "MFN")
    )  # fmt: skip
    return {r[0] for r in rows}


def test_packages_of_claim_orders_are_stored_once_and_never_overwrite_carrier_facts(store, sandbox):
    seed_demo(store, cases=CASES, seed=SEED, now=NOW)
    with store.session() as session:  # start from no shipping proof at all, except one carrier export row
        session.execute(sa.delete(m.Shipment))
        wanted = claim_orders(session)
        assert len(wanted) >= 3
        first = sorted(wanted)[0]
        order = session.scalar(sa.select(m.Order).where(m.Order.amazon_order_id == first))
        record = sandbox.world.find_order(first)[0]
        delivered = NOW - timedelta(days=3)
        upsert_shipment(session, order.account_id, order.id,
                        ShipmentInput(first, record.carrier, record.tracking_id, delivered_at=delivered,
                                      delivered_to="Haustür", status="DELIVERED"), "csv")  # fmt: skip
    stream = ShipmentsStream(max_orders=500)
    sync(store, sandbox, stream)
    with store.reader() as session:
        rows = session.scalars(sa.select(m.Shipment).where(m.Shipment.source == "orders_api")).all()
        kept = session.scalar(sa.select(m.Shipment).where(m.Shipment.amazon_order_id == first))
        asked = {r[0] for r in session.execute(sa.select(m.Shipment.amazon_order_id))}
        # every claim order without a delivery got its package; the one with a delivery date was not asked
        assert asked == wanted
        for row in rows:
            record = sandbox.world.find_order(row.amazon_order_id)[0]
            parcel = shipping.parcel(record, sandbox.world.now())
            assert (row.carrier, row.tracking_number, row.status) == (record.carrier, record.tracking_id, parcel.status)
            assert row.shipped_at == parcel.shipped_at and row.delivered_at is None  # SP-API has no delivery time
        assert kept.source == "csv" and kept.delivered_at == delivered and kept.delivered_to == "Haustür"
    calls = sum(1 for op, _, status in sandbox.requests if op == "getOrder" and status < 400)
    assert calls == len(wanted) - 1

    with store.reader() as session:
        audit_before = session.scalar(sa.select(sa.func.count()).select_from(m.AuditEntry))
    sync(store, sandbox, stream)  # again: nothing is due (asked recently), nothing changes
    with store.reader() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(m.AuditEntry)) == audit_before
        assert session.scalar(sa.select(sa.func.count()).select_from(m.Shipment)) == len(wanted)
    assert sum(1 for op, _, status in sandbox.requests if op == "getOrder" and status < 400) == calls

    sync(store, sandbox, ShipmentsStream(max_orders=500, refresh=timedelta(0)))  # asked again: same rows, no audit
    with store.reader() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(m.Shipment)) == len(wanted)
        assert session.scalar(sa.select(sa.func.count()).select_from(m.AuditEntry)) == audit_before


def test_packages_without_tracking_are_not_proof():
    parcels = packages_to_shipments(
        "302-0000000-0000001",
        [
            {"packageReferenceId": "1", "carrier": "DHL", "trackingNumber": "", "shipTime": "2026-11-01T10:00:00Z"},
            {"packageReferenceId": "2", "carrier": "DHL", "trackingNumber": "00340434",
             "shipTime": "2026-11-01T10:00:00Z", "packageStatus": {"status": "SHIPPED"}},
        ],
    )  # fmt: skip
    assert [(p.tracking_number, p.status, p.package_ref) for p in parcels] == [("00340434", "SHIPPED", "2")]
    assert parcels[0].shipped_at == datetime(2026, 11, 1, 10, tzinfo=UTC)
