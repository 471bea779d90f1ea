"""Orders 2026-01-01 with includedData=PACKAGES: the sandbox answers as Amazon's model says (MFN orders only)."""

from __future__ import annotations

from datetime import timedelta

from conftest import NOW

from acorn_desktop.sandbox import shipping

ORD26 = "orders-2026-01-01"


def _iso(dt):
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")


def _orders(sandbox, channel: str, region: str = "eu"):
    return [o for o in sandbox.world.orders() if o.fulfillment_channel == channel and o.region.value == region]


def test_get_order_packages_validate_and_match_the_world(raw, sandbox, validate):
    mfn = _orders(sandbox, "MFN")[:6]
    statuses = set()
    for order in mfn:
        response = raw.get(f"/orders/2026-01-01/orders/{order.amazon_order_id}", includedData="PACKAGES,FULFILLMENT")
        assert response.status_code == 200, response.text
        body = response.json()
        validate(ORD26, "GetOrderResponse", body)
        (package,) = body["order"]["packages"]
        parcel = shipping.parcel(order, sandbox.world.now())
        assert package["carrier"] == order.carrier and package["trackingNumber"] == order.tracking_id
        assert package["shipTime"] == _iso(parcel.shipped_at)
        assert package["packageStatus"]["status"] == parcel.status
        assert body["order"]["fulfillment"]["fulfilledBy"] == "MERCHANT"
        assert "deliveredTime" not in package  # SP-API never says when a parcel was delivered
        statuses.add(parcel.status)
    # the same answer twice: the world is deterministic
    again = raw.get(f"/orders/2026-01-01/orders/{mfn[0].amazon_order_id}", includedData="PACKAGES").json()
    first = raw.get(f"/orders/2026-01-01/orders/{mfn[0].amazon_order_id}", includedData="PACKAGES").json()
    assert again == first


def test_packages_only_when_asked_and_only_for_mfn(raw, sandbox, validate):
    mfn = _orders(sandbox, "MFN")[0]
    afn = _orders(sandbox, "AFN")[0]
    plain = raw.get(f"/orders/2026-01-01/orders/{mfn.amazon_order_id}").json()
    validate(ORD26, "GetOrderResponse", plain)
    assert "packages" not in plain["order"]
    fba = raw.get(f"/orders/2026-01-01/orders/{afn.amazon_order_id}", includedData="PACKAGES").json()
    validate(ORD26, "GetOrderResponse", fba)
    assert "packages" not in fba["order"]


def test_search_orders_with_packages_validate(raw, validate):
    page = raw.get(
        "/orders/2026-01-01/orders",
        createdAfter=_iso(NOW - timedelta(days=60)),
        fulfilledBy="MERCHANT",
        includedData="PACKAGES",
        maxResultsPerPage=20,
    )
    assert page.status_code == 200, page.text
    body = page.json()
    validate(ORD26, "SearchOrdersResponse", body)
    assert body["orders"] and all(len(o["packages"]) == 1 for o in body["orders"])


def test_unknown_included_data_is_refused(raw, sandbox, validate):
    order = _orders(sandbox, "MFN")[0]
    response = raw.get(f"/orders/2026-01-01/orders/{order.amazon_order_id}", includedData="PACKAGES,TRACKING")
    assert response.status_code == 400
    validate(ORD26, "ErrorList", response.json())
    assert "TRACKING" in response.json()["errors"][0]["message"]


def test_about_a_quarter_of_parcels_lack_a_delivery_scan(sandbox):
    parcels = [shipping.parcel(o, sandbox.world.now()) for o in _orders(sandbox, "MFN") + _orders(sandbox, "MFN", "na")]
    missing = sum(p.delivered_at is None for p in parcels) / len(parcels)
    assert 0.12 < missing < 0.38
    for p in parcels:
        assert [s.at for s in p.scans] == sorted(s.at for s in p.scans)
        assert p.scans[0].at == p.shipped_at
        assert (p.scans[-1].code == "DELIVERED") == (p.delivered_at is not None)
