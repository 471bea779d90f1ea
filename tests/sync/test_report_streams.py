"""Returns and settlement streams against the real sandbox over HTTP (python-amazon-sp-api in between)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from sp_api.auth import access_token_client

from acorn_desktop import models as m
from acorn_desktop.domain.cases import CaseKind
from acorn_desktop.domain.deadlines import default_deadline
from acorn_desktop.formats.report_parsers import parse_fba_returns, parse_mfn_returns, parse_settlement
from acorn_desktop.sandbox import api_reports
from acorn_desktop.sandbox.server import SandboxServer
from acorn_desktop.sandbox.world import StoredReport
from acorn_desktop.services.demo import seed_demo
from acorn_desktop.services.demo_sync import sandbox_credentials
from acorn_desktop.services.unreadable_lines import UnreadableLinesServices
from acorn_desktop.sync import cursors
from acorn_desktop.sync.engine import SyncEngine
from acorn_desktop.sync.report_streams import ReportClient, ReturnsStream, SettlementStream
from acorn_desktop.sync.scheduler import Clock

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
SEED, CASES = 11, 300
SCALE = 300.0  # simulated seconds per real second, the same on both sides


@pytest.fixture(autouse=True)
def fresh_token_cache():
    access_token_client.cache.clear()
    yield
    access_token_client.cache.clear()


def returns(**kw) -> ReturnsStream:
    """The returns stream, waiting for reports within the run (the default leaves them for the next run)."""
    kw.setdefault("client", ReportClient(max_wait=900))
    return ReturnsStream(**kw)


MFN_ONLY = ReturnsStream().reports[:1]


def make_server(**kw) -> SandboxServer:
    kw.setdefault("time_scale", SCALE)
    return SandboxServer(seed=SEED, cases=CASES, now=NOW, **kw)


@pytest.fixture
def sandbox():
    with make_server() as server:
        yield server


def engine_for(store, server, streams, **kw):
    return SyncEngine(
        store, sandbox_credentials(server), streams=streams, clock=Clock(scale=SCALE), now=server.world.now,
        timeout=10, **kw,
    )  # fmt: skip


def sync(store, server, streams, **kw):
    reports = engine_for(store, server, streams, **kw).run()
    assert [r.status for r in reports] == ["ok", "ok", "ok"], [r.error for r in reports]
    return reports


# -- ground truth -------------------------------------------------------------------------------------------------


def truth_returns(server) -> tuple[set[str], set[str]]:
    """Row digests of every MFN / FBA return the sandbox knows, for all three sellers."""
    world = server.world
    mfn, fba = set(), set()
    for account in world.accounts.values():
        report = StoredReport("0", "", account.selling_partner_id, list(account.marketplace_ids), world.now(),
                              NOW - timedelta(days=400), world.now())  # fmt: skip
        mfn |= {r.row_digest for r in parse_mfn_returns(api_reports.build_mfn_returns(world, report))}
        fba |= {r.row_digest for r in parse_fba_returns(api_reports.build_fba_returns(world, report))}
    return mfn, fba


def truth_settlements(server) -> set[str]:
    """Row digests of every settlement report getReports lists now (created within the 90-day retention)."""
    world = server.world
    oldest = world.now() - timedelta(days=90)
    digests = set()
    for account in world.accounts.values():
        for period in world.settlement_periods(account.region):
            created = period.end + timedelta(minutes=30)
            if oldest <= created <= world.now():
                report = StoredReport("0", api_reports.SETTLEMENT, account.selling_partner_id, [], created,
                                      period.start, period.end, settlement=period)  # fmt: skip
                parsed = parse_settlement(api_reports.build_settlement(world, report))
                digests |= {r.row_digest for r in parsed.rows}
    return digests


def stored_returns(store) -> tuple[set[str], set[str], int]:
    with store.reader() as s:
        rows = s.execute(sa.select(m.ReturnRecord.report_type, m.ReturnRecord.row_digest)).all()
    mfn = {d for t, d in rows if t == api_reports.MFN_RETURNS}
    fba = {d for t, d in rows if t == api_reports.FBA_RETURNS}
    return mfn, fba, len(rows)


def stored_settlements(store) -> tuple[set[str], int]:
    with store.reader() as s:
        digests = list(s.scalars(sa.select(m.SettlementLine.row_digest)))
    return set(digests), len(digests)


def count(store, model, *where) -> int:
    with store.reader() as s:
        return s.scalar(sa.select(sa.func.count()).select_from(model).where(*where))


def api_calls(server, operation: str) -> int:
    """Successful requests (a 403 for an access token the scaled clock expired is retried, not counted)."""
    return sum(1 for op, _, status in server.requests if op == operation and status < 400)


# -- tests --------------------------------------------------------------------------------------------------------


def test_returns_and_settlements_match_the_sandbox_and_rerun_adds_nothing(store, sandbox):
    seed_demo(store, cases=0, seed=SEED, now=NOW)  # just the three sandbox accounts
    sync(store, sandbox, [returns(), SettlementStream()])

    mfn, fba = truth_returns(sandbox)
    assert mfn and fba
    got_mfn, got_fba, n = stored_returns(store)
    assert got_mfn == mfn and got_fba == fba and n == len(mfn) + len(fba)
    settlement = truth_settlements(sandbox)
    assert settlement and stored_settlements(store) == (settlement, len(settlement))

    # every MFN return became a return request case keyed by its RMA, with the default 24 h deadline
    with store.reader() as s:
        cases = s.execute(
            sa.select(m.Case.source_ref, m.Case.opened_at, m.Case.deadline_at, m.Case.source).where(
                m.Case.kind == CaseKind.RETURN_REQUEST
            )
        ).all()
        rmas = set(s.scalars(sa.select(m.ReturnRecord.rma_id).where(m.ReturnRecord.rma_id.is_not(None))))
        unlinked = s.scalar(
            sa.select(sa.func.count()).where(
                m.ReturnRecord.report_type == api_reports.MFN_RETURNS, m.ReturnRecord.case_id.is_(None)
            )
        )
    assert {c.source_ref for c in cases} == rmas and unlinked == 0
    assert all(c.source == "returns_report" for c in cases)
    assert all(c.deadline_at == default_deadline(CaseKind.RETURN_REQUEST, c.opened_at) for c in cases)
    world_atoz = {
        c.amazon_order_id
        for c in sandbox.world.all_cases()
        if c.kind is CaseKind.RETURN_REQUEST and c.fulfillment_channel == "MFN"
        and any(o.kind is CaseKind.ATOZ_CLAIM for o in sandbox.world.find_order(c.amazon_order_id)[2])
    }  # fmt: skip
    assert count(store, m.Case, m.Case.kind == CaseKind.ATOZ_CLAIM) == len(world_atoz)

    cases_before = count(store, m.Case)
    events_before = count(store, m.CaseEvent)
    creates = api_calls(sandbox, "createReport")
    documents = api_calls(sandbox, "getReportDocument")
    sync(store, sandbox, [returns(), SettlementStream()])  # right away: nothing new, nothing requested
    assert api_calls(sandbox, "createReport") == creates and api_calls(sandbox, "getReportDocument") == documents
    sandbox.advance(6 * 3600)  # later: the returns windows move on and overlap the last one
    sync(store, sandbox, [returns(), SettlementStream()])
    assert api_calls(sandbox, "createReport") == creates + 6  # one MFN + one FBA per seller
    assert stored_returns(store) == (mfn, fba, n)
    assert stored_settlements(store) == (settlement, len(settlement))
    assert count(store, m.Case) == cases_before and count(store, m.CaseEvent) == events_before


def test_return_cases_line_up_with_the_demo_seed(store, sandbox):
    seed_demo(store, cases=CASES, seed=SEED, now=NOW)
    seeded = count(store, m.Case)
    with store.reader() as s:
        states = dict(s.execute(sa.select(m.Case.id, m.Case.state)).all())
    sync(store, sandbox, [returns()])
    assert count(store, m.Case) == seeded  # every RMA, A-to-z flag and SAFE-T claim id found its seeded case
    with store.reader() as s:
        assert dict(s.execute(sa.select(m.Case.id, m.Case.state)).all()) == states
        assert s.scalar(sa.select(sa.func.count()).where(m.ReturnRecord.case_id.is_(None))) == 0
        linked = s.execute(
            sa.select(m.ReturnRecord.rma_id, m.Case.source_ref, m.Case.kind)
            .join(m.Case, m.Case.id == m.ReturnRecord.case_id)
            .where(m.ReturnRecord.rma_id.is_not(None))
        ).all()
        notes = s.scalar(sa.select(sa.func.count()).where(m.CaseEvent.data["source"].as_string() == "returns_report"))
    assert linked and all(rma == ref and kind is CaseKind.RETURN_REQUEST for rma, ref, kind in linked)
    assert notes >= len(linked)


def test_truncated_gzip_is_retried_not_stored_half(store):
    with make_server(faults="truncated_gzip=1x3") as server:
        seed_demo(store, cases=0, seed=SEED, now=NOW)
        reports = sync(store, server, [returns(), SettlementStream()])
        assert sum(r.api_calls for r in reports) > 0
        assert server.faults.faults[0].used == 3
        mfn, fba = truth_returns(server)
        got_mfn, got_fba, _ = stored_returns(store)
        assert (got_mfn, got_fba) == (mfn, fba)
        assert stored_settlements(store)[0] == truth_settlements(server)


def test_slow_then_fatal_report_is_requested_again(store):
    with make_server(processing_seconds=(600.0, 1200.0)) as server:
        seed_demo(store, cases=0, seed=SEED, now=NOW)
        first = sync(store, server, [returns(reports=MFN_ONLY, client=ReportClient(max_wait=60))])
        assert [r.waiting for r in first] == [1, 1, 1]  # each seller's report is left with Amazon: run again soon
        with store.reader() as s:
            pending = [cursors.load(s, a.id, "returns").state[api_reports.MFN_RETURNS].get("pending")
                       for a in s.scalars(sa.select(m.SellerAccount).order_by(m.SellerAccount.id))]  # fmt: skip
        assert all(pending) and stored_returns(store)[2] == 0  # still processing: remembered, nothing stored
        creates = api_calls(server, "createReport")
        assert creates == 3

        server.world.reports[pending[0]["id"]].fatal = True  # one of them fails on Amazon's side
        server.processing_seconds = (2.0, 6.0)  # the others finish now
        second = sync(store, server, [returns(reports=MFN_ONLY)])
        assert [r.waiting for r in second] == [0, 0, 0]
        # the pending reports were polled again, not requested again; only the FATAL one's window was, and
        # then the two remaining 60-day windows of each seller
        assert api_calls(server, "createReport") - creates == 1 + 3 * 2
        assert stored_returns(store)[0] == truth_returns(server)[0]
        with store.reader() as s:
            actions = list(s.scalars(sa.select(m.AuditEntry.action)))
        assert actions.count("sync.report.fatal") == 1


def test_a_report_amazon_no_longer_knows_is_requested_again(store):
    """A pending report id answered with 404 (expired, or a restarted sandbox) must not wedge the stream."""
    with make_server(processing_seconds=(600.0, 1200.0)) as server:
        seed_demo(store, cases=0, seed=SEED, now=NOW)
        first = sync(store, server, [returns(reports=MFN_ONLY, client=ReportClient(max_wait=60))])
        assert [r.waiting for r in first] == [1, 1, 1]  # each seller's report is left with Amazon: run again soon
        with store.reader() as s:
            pending = [cursors.load(s, a.id, "returns").state[api_reports.MFN_RETURNS].get("pending")
                       for a in s.scalars(sa.select(m.SellerAccount).order_by(m.SellerAccount.id))]  # fmt: skip
        creates = api_calls(server, "createReport")
        del server.world.reports[pending[0]["id"]]  # Amazon forgot one of them
        server.processing_seconds = (2.0, 6.0)
        sync(store, server, [returns(reports=MFN_ONLY)])  # all three stores "ok"
        assert api_calls(server, "createReport") - creates == 1 + 3 * 2  # the lost window, then the rest
        assert stored_returns(store)[0] == truth_returns(server)[0]


def test_a_bad_row_is_kept_on_the_unreadable_list_and_the_rest_of_the_report_imports(store, sandbox, monkeypatch):
    """Was: one bad row refused the whole report. Real reports have odd rows; one must never stop a seller's
    returns stream (a report refused whole stops it for good), nor be skipped silently."""
    seed_demo(store, cases=0, seed=SEED, now=NOW)
    original = api_reports.build_mfn_returns
    damaged: dict[str, str] = {}

    def broken(world, report):
        text = original(world, report)
        lines = text.split("\n")
        if len(lines) > 3:
            fields = lines[1].split("\t")
            fields[17] = "zwei"  # Return quantity
            lines[1] = "\t".join(fields)
            damaged[report.report_id] = fields[4]  # its RMA id
        return "\n".join(lines)

    monkeypatch.setitem(api_reports.BUILDERS, api_reports.MFN_RETURNS, broken)
    reports = engine_for(store, sandbox, [returns(reports=MFN_ONLY)]).run()
    assert not [r for r in reports if r.status == "error"]
    assert damaged, "the sandbox wrote no MFN report with rows"
    truth = truth_returns(sandbox)[0]
    stored = stored_returns(store)[0]
    assert stored < truth and len(truth - stored) == len(damaged)  # exactly the damaged rows are missing …
    with store.reader() as s:
        kept = [
            (u.line, u.problem, u.column_name, u.value, u.raw.split("\t")[4])
            for u in s.scalars(sa.select(m.UnreadableReportLine))
        ]
        states = [cursors.load(s, a, "returns").state for a in s.scalars(sa.select(m.SellerAccount.id))]
    assert len(kept) == len(damaged)  # … and each is on the list, with line, column, value and the raw line
    assert all(u[:4] == (2, "integer", "Return quantity", "zwei") for u in kept)
    assert {u[4] for u in kept} == set(damaged.values())
    assert all(not st[api_reports.MFN_RETURNS].get("pending") for st in states)  # the reports are done
    assert UnreadableLinesServices(store).count_open() == len(damaged)
