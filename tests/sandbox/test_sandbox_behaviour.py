"""Sandbox building blocks and behaviours: clock, token buckets, fault plans, faults over HTTP, determinism, CLI."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import zlib
from datetime import timedelta

import httpx
import pytest
from conftest import NOW, Raw, sp_client
from sp_api.api import Reports

from acorn_desktop.errors import InputError
from acorn_desktop.sandbox.clock import ScaledClock
from acorn_desktop.sandbox.faults import FaultPlan
from acorn_desktop.sandbox.generator import generate, generate_block, order_block
from acorn_desktop.sandbox.rate_limits import RateLimiter

AFTER = (NOW - timedelta(days=60)).strftime("%Y-%m-%dT%H:%M:%SZ")
BEFORE = (NOW - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")


def test_scaled_clock_runs_fast_and_advances():
    clock = ScaledClock(1000.0, start=NOW)
    time.sleep(0.01)
    assert clock.seconds() >= 10
    before = clock.now()
    clock.advance(3600)
    assert clock.now() - before >= timedelta(hours=1)
    with pytest.raises(ValueError):
        ScaledClock(0)


def test_token_bucket_burst_then_refill():
    clock = ScaledClock(1.0, start=NOW)
    limiter = RateLimiter(clock)
    assert all(limiter.allow("A", "getOrders") for _ in range(20))
    assert not limiter.allow("A", "getOrders")
    assert limiter.allow("B", "getOrders")  # per seller
    assert limiter.allow("A", "getOrder")  # per operation
    clock.advance(1 / 0.0167 + 0.1)
    assert limiter.allow("A", "getOrders") and not limiter.allow("A", "getOrders")
    assert limiter.limit_header("getOrders") == "0.0167"


def test_fault_spec_parsing_and_limits():
    plan = FaultPlan.parse("429=0.5@listFinancialEvents|getOrders,500x2,drop=0.05,truncated_gzip", seed=1)
    kinds = [(f.kind, f.probability, f.times, f.operations) for f in plan.faults]
    assert kinds[0] == ("429", 0.5, None, frozenset({"listFinancialEvents", "getOrders"}))
    assert kinds[1] == ("500", 1.0, 2, None)
    assert [plan.draw("getReport", ("500",)) for _ in range(3)] == ["500", "500", None]  # x2
    for bad in ("teapot", "429=2", "500x", "429@"):
        with pytest.raises(InputError):
            FaultPlan.parse(bad)
    same = [FaultPlan.parse("429=0.5", seed=3).draw("x") for _ in range(1)]
    assert same == [FaultPlan.parse("429=0.5", seed=3).draw("x")]
    plan.clear()
    assert plan.draw("getReport") is None


def test_generator_blocks_and_order_ids_invert():
    chunk = next(generate(5, 1500, NOW, chunk_size=10_000))
    block1 = generate_block(5, 1, NOW, 500)
    assert [c.source_ref for c in chunk.cases[1000:]] == [c.source_ref for c in block1.cases]
    for order in chunk.orders[::97]:
        assert order_block(5, order.amazon_order_id) == order.serial // 1000
    assert order_block(5, "not-an-order") is None


def test_faults_over_http(fresh):
    server = fresh(cases=100, faults=FaultPlan(seed=1, slow_seconds=1.0), rate_limits=False)
    raw = Raw(server)
    server.faults.add("500", times=1, operations={"listFinancialEventGroups"})
    response = raw.get("/finances/v0/financialEventGroups")
    assert response.status_code == 500 and response.json()["errors"][0]["code"] == "InternalFailure"
    server.faults.add("503", times=1)
    assert raw.get("/finances/v0/financialEventGroups").status_code == 503
    server.faults.add("malformed", times=1)
    response = raw.get("/finances/v0/financialEventGroups")
    assert response.status_code == 200
    with pytest.raises(json.JSONDecodeError):
        response.json()
    server.faults.add("drop", times=1)
    with pytest.raises(httpx.TransportError):
        raw.get("/finances/v0/financialEventGroups")
    server.faults.add("slow", times=1)
    with pytest.raises(httpx.ReadTimeout):
        raw.http.get("/finances/v0/financialEventGroups", headers={"x-amz-access-token": raw.token()}, timeout=0.2)
    server.faults.add("expire_token", times=1)
    response = raw.get("/finances/v0/financialEventGroups")
    assert response.status_code == 403
    assert response.json()["errors"][0]["details"] == "The access token you provided has expired."
    raw._tokens.clear()  # a fresh LWA token works again
    assert raw.get("/finances/v0/financialEventGroups").status_code == 200
    server.faults.add("500", times=1, operations={"lwaToken"})
    assert raw.http.post("/auth/o2/token", data={"grant_type": "refresh_token"}).status_code == 500
    assert (
        raw.http.post(
            "/auth/o2/token",
            data={"grant_type": "refresh_token", "refresh_token": "nope", "client_id": "a", "client_secret": "b"},
        ).json()["error"]
        == "invalid_grant"
    )
    raw.http.close()


def test_truncated_gzip_breaks_the_download(fresh):
    server = fresh(cases=200, rate_limits=False, faults="truncated_gzipx1")
    client = sp_client(server, Reports)
    report_id = client.create_report(reportType="GET_FBA_FULFILLMENT_CUSTOMER_RETURNS_DATA").payload["reportId"]
    server.advance(10)
    document_id = client.get_report(report_id).payload["reportDocumentId"]
    with pytest.raises(zlib.error):
        client.get_report_document(document_id, download=True)
    assert client.get_report_document(document_id, download=True).payload["document"].startswith("return-date\t")


def test_presigned_urls_expire_after_five_minutes(fresh):
    server = fresh(cases=100, rate_limits=False)
    client = sp_client(server, Reports)
    report_id = client.create_report(reportType="GET_FBA_FULFILLMENT_CUSTOMER_RETURNS_DATA").payload["reportId"]
    server.advance(10)
    url = client.get_report_document(client.get_report(report_id).payload["reportDocumentId"]).payload["url"]
    assert httpx.get(url).status_code == 200
    server.advance(301)
    expired = httpx.get(url)
    assert expired.status_code == 403 and b"Request has expired" in expired.content
    assert httpx.get(url.replace("Signature=", "Signature=0")).status_code == 403


def test_time_scale_moves_reports_along(fresh):
    server = fresh(cases=2100, rate_limits=False, time_scale=200.0)
    assert server.wait_ready(10)
    client = sp_client(server, Reports)
    report_id = client.create_report(reportType="GET_FBA_FULFILLMENT_CUSTOMER_RETURNS_DATA").payload["reportId"]
    time.sleep(0.05)  # 10 simulated seconds
    assert client.get_report(report_id).payload["processingStatus"] == "DONE"


def test_rate_limit_switch(fresh):
    server = fresh(cases=100)
    raw = Raw(server)
    statuses = [raw.get("/orders/v0/orders/111-0000000-0000000").status_code for _ in range(31)]
    assert statuses[:30] == [404] * 30 and statuses[30] == 429  # getOrder: burst 30
    server.rate_limits_enabled = False
    assert raw.get("/orders/v0/orders/111-0000000-0000000").status_code == 404
    raw.http.close()


def test_same_seed_same_pages(fresh):
    pages = []
    for seed in (9, 9, 10):
        server = fresh(cases=1200, seed=seed, rate_limits=False, prefetch=False)
        raw = Raw(server)
        first = raw.get("/finances/v0/financialEvents", PostedAfter=AFTER, PostedBefore=BEFORE, MaxResultsPerPage=40)
        second = raw.get("/finances/v0/financialEvents", NextToken=first.json()["payload"]["NextToken"])
        pages.append((first.content, second.content))
        raw.http.close()
    assert pages[0] == pages[1] and pages[0] != pages[2]


def test_world_for_2000_cases_builds_fast(fresh):
    from acorn_desktop.sandbox.world import World

    started = time.perf_counter()
    world = World(42, 2000, NOW)
    events = world.financial_events()
    assert len(events) > 2000
    assert time.perf_counter() - started < 2.0


def test_cli_prints_one_json_line_and_serves():
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "acorn_desktop.sandbox.server",
            "--cases",
            "50",
            "--seed",
            "3",
            "--now",
            NOW.isoformat(),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        line = json.loads(process.stdout.readline())
        assert set(line) == {"endpoint", "lwa_endpoint", "accounts"}
        assert [a["selling_partner_id"] for a in line["accounts"]] == [
            "ADEMONA0SANDBOX",
            "ADEMOEU0SANDBOX",
            "ADEMOFE0SANDBOX",
        ]
        eu = line["accounts"][1]
        assert [m["code"] for m in eu["marketplaces"]] == ["UK", "DE", "FR", "IT", "ES"]
        token = httpx.post(
            line["lwa_endpoint"],
            data={
                "grant_type": "refresh_token",
                "refresh_token": eu["refresh_token"],
                "client_id": "a",
                "client_secret": "b",
            },
        ).json()
        assert token["access_token"].startswith("Atza|") and token["expires_in"] == 3600
    finally:
        process.terminate()
        assert process.wait(timeout=10) == 0
