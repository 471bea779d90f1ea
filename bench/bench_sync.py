"""Sync benchmark: Finances ingest over real HTTP, pacing under rate limits, GUI stall (baselines in the same run).

    .venv/bin/python bench/bench_sync.py [--events 100000] [--scale S] [--quick] [--out DIR]

(1) Ingest throughput: a full Finances sync (``SyncEngine``, ``FinancesStream``) of about ``--events``
    financial events from a local ``SandboxServer`` over real HTTP, rate limits off on both sides, into a fresh
    SQLCipher store: events/s, rows/s, pages, seconds; the store is checked against the sandbox's ground truth
    (distinct digests). Baseline: the same rows (every event of the world normalised the same way, the same
    dicts the intake inserts) put into a plain stdlib-sqlite3 file with the same ``financial_events`` table by
    one raw ``executemany`` (median of 3), and the ratio ours/raw.
(2) Rate limits on, on a scaled clock: sandbox ``time_scale=S``, engine ``Clock(scale=S)``, one seller with far
    more listFinancialEvents pages than the burst of 30. Optimum = the token-bucket bound
    ``max(0, calls - burst) / rate`` simulated seconds; measured = wall time x S; 429s seen.
    ``--scale`` defaults to a value derived from (1): one token interval (2 s / S real) is about four times
    the measured real time per page, so pacing, not processing, bounds the run (``--quick``: S >= 5).
    The first 429 is located by call number; a "processing bound" (calls x page time x S) is printed for
    reference: when it nears the optimum the run is processing-bound, not pacing-bound.
(3) GUI stall: the real ``AcornApp`` in demo mode (offscreen, in-process) against a temporary data dir, with a
    bigger demo (sandbox rate limits off, world built before the sync); a 2 ms precise ``QTimer`` records the
    gaps between its ticks from ``sig_sync_started`` to ``sig_sync_finished``. Baseline: the same timer with the
    app idle for the same duration afterwards. Max and p99 gap; goal < 50 ms. The demo runs every stream the
    app's engine runs by default; cyclic-GC pauses (which hold the GIL) are recorded to attribute long gaps.

The database keys live in an in-memory keyring for this process only. Stores go to ``--out`` (kept, plus
``bench_sync.json``) or a temporary directory (deleted).
"""

from __future__ import annotations

import argparse
import gc
import itertools
import json
import logging
import math
import os
import platform
import shutil
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import keyring
import sqlalchemy as sa
from bench_common import MemoryKeyring
from bench_common import line as _line
from sp_api.auth import access_token_client
from sqlalchemy.dialects import sqlite as sqlite_dialect

from acorn_desktop.formats.finance_events import normalise
from acorn_desktop.formats.usage_plans import USAGE_PLANS
from acorn_desktop.models import FinancialEvent
from acorn_desktop.sandbox.server import SandboxServer
from acorn_desktop.sandbox.world import World
from acorn_desktop.services import demo
from acorn_desktop.services.demo_sync import sandbox_credentials
from acorn_desktop.storage.secrets import SecretStore
from acorn_desktop.storage.store import Store, StoreLocation
from acorn_desktop.sync.engine import SyncEngine
from acorn_desktop.sync.scheduler import Clock
from acorn_desktop.sync.streams import PAGE_SIZE, FinancesStream

NOW = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)
SEED = 42
OPERATION = "listFinancialEvents"
RATE, BURST = USAGE_PLANS[OPERATION]
CALIBRATION_CASES = 3_000
TIMER_MS = 2
STALL_GOAL_MS = 50.0
PACING_GOAL = 1.05


def _fresh_store(path: Path, secrets: SecretStore) -> tuple[Store, dict]:
    store = Store.create(StoreLocation(path), secrets=secrets)
    with store.session() as session:
        ids, _ = demo._ensure_accounts(session)
    return store, ids


def _stored(store: Store) -> tuple[int, int]:
    table = FinancialEvent.__table__
    with store.reader() as session:
        rows = session.scalar(sa.select(sa.func.count()).select_from(table))
        distinct = session.scalar(sa.select(sa.func.count(sa.distinct(table.c.raw_digest))))
    return rows, distinct


# -- calibration: events per case, per region ------------------------------------------------------------------
def calibrate() -> dict:
    """Financial events per case (all sellers and per region) from a small world of the same seed and now."""
    world = World(SEED, CALIBRATION_CASES, NOW)
    world.wait_ready()
    events = world.financial_events()
    by_region = Counter(e.region for e in events)
    return {
        "per_case": len(events) / CALIBRATION_CASES,
        "region_per_case": {r: n / CALIBRATION_CASES for r, n in by_region.items()},
    }


# -- (1) ingest throughput ---------------------------------------------------------------------------------------
def _truth_rows(server: SandboxServer, account_ids: dict) -> tuple[list[dict], set[str], float]:
    """Every event of the world normalised like a sync page, as the dicts the intake inserts (case_id None)."""
    started = time.perf_counter()
    imported = datetime.now(UTC)
    rows: list[dict] = []
    seen: set[tuple[int, str]] = set()
    for region in server.world.accounts:
        account_id = account_ids[region]
        for event in server.world.financial_events(region):
            for r in normalise({event.list_name: [event.data]}):
                if (account_id, r.raw_digest) in seen:
                    continue
                seen.add((account_id, r.raw_digest))
                rows.append({
                    "account_id": account_id, "event_type": r.event_type, "posted_at": r.posted_at,
                    "amazon_order_id": r.amazon_order_id, "marketplace_code": r.marketplace_code, "sku": r.sku,
                    "adjustment_id": r.adjustment_id, "amount": r.amount, "currency": r.currency or "XXX",
                    "breakdown": r.breakdown, "raw_digest": r.raw_digest, "case_id": None,
                    "imported_at": imported,
                })  # fmt: skip
    return rows, {d for _, d in seen}, time.perf_counter() - started


def _raw_insert(path: Path, columns: list[str], params: list[tuple]) -> float:
    """One executemany of pre-converted rows in one transaction (same pragmas as the store, no FK parents)."""
    plain = sa.create_engine(f"sqlite:///{path}")
    FinancialEvent.__table__.create(plain)
    plain.dispose()
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA journal_mode = WAL")
    con.execute("PRAGMA synchronous = NORMAL")
    sql = (
        f"INSERT INTO financial_events ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))}) "
        "ON CONFLICT (account_id, raw_digest) DO NOTHING"
    )
    started = time.perf_counter()
    con.execute("BEGIN IMMEDIATE")
    con.executemany(sql, params)
    con.execute("COMMIT")
    seconds = time.perf_counter() - started
    assert con.execute("SELECT count(*) FROM financial_events").fetchone()[0] == len(params)
    con.close()
    return seconds


def _bind(rows: list[dict]) -> tuple[list[str], list[tuple]]:
    """The driver values SQLAlchemy would bind on SQLite (UTC naive datetimes, scaled-integer amounts, JSON text)."""
    table = FinancialEvent.__table__
    dialect = sqlite_dialect.dialect()
    columns = list(rows[0])
    procs = [table.c[name].type.bind_processor(dialect) for name in columns]
    params = [
        tuple(
            value if proc is None or value is None else proc(value)
            for proc, value in zip(procs, row.values(), strict=True)
        )
        for row in rows
    ]
    return columns, params


def bench_ingest(root: Path, secrets: SecretStore, events: int, calibration: dict) -> dict:
    cases = max(1, round(events / calibration["per_case"]))
    print(f"(1) ingest throughput: full Finances sync, rate limits off, ~{events:,} events ({cases:,} cases)")
    access_token_client.cache.clear()
    started = time.perf_counter()
    server = SandboxServer(seed=SEED, cases=cases, now=NOW, rate_limits=False).start()
    try:
        server.wait_ready()
        build_s = time.perf_counter() - started
        # The newest events are younger than the engine's 3-minute safety lag: move the sandbox's clock past it
        # so that one full sync must return the whole world.
        server.advance(600)
        world_events = len(server.world.financial_events())
        _line("sandbox world built (not timed below)", f"{build_s:8.2f} s  {world_events:,} financial events")

        store, account_ids = _fresh_store(root / "ingest", secrets)
        try:
            rows, truth, normalise_s = _truth_rows(server, account_ids)
            engine = SyncEngine(
                store, sandbox_credentials(server), now=server.world.now, rate_limits=False, streams=[FinancesStream()]
            )
            started = time.perf_counter()
            reports = engine.run()
            sync_s = time.perf_counter() - started
            stored_rows, stored_distinct = _stored(store)
            with store.reader() as session:
                stored_digests = set(session.scalars(sa.select(FinancialEvent.raw_digest)))
        finally:
            store.close()
    finally:
        server.stop()
    statuses = sorted({r.status for r in reports})
    pages = sum(p.pages for r in reports for p in r.streams.values())
    seen = sum(p.result.events_seen for r in reports for p in r.streams.values())
    ours_rows = stored_rows / sync_s
    _line("sync: accounts / statuses", f"{len(reports)} / {','.join(statuses)}")
    _line("sync into a fresh SQLCipher store (HTTP + normalise + intake)", f"{sync_s:8.2f} s  {pages:,} pages")
    _line("  financial events/s (API events)", f"{world_events / sync_s:10,.0f} events/s")
    _line("  financial_events rows/s", f"{ours_rows:10,.0f} rows/s  ({stored_rows:,} rows, {seen:,} seen)")
    _line("  real time per page", f"{sync_s / pages * 1000:8.1f} ms")
    _line("  " + _load() + " (after the sync)", "")
    ok = stored_distinct == len(truth) == stored_rows and stored_digests == truth
    _line(
        "check: distinct digests stored = ground truth",
        f"{stored_distinct:,} = {len(truth):,}  {'OK' if ok else 'MISMATCH'}",
    )

    bind_started = time.perf_counter()
    columns, params = _bind(rows)
    bind_s = time.perf_counter() - bind_started
    raws = []
    for i in range(3):
        (root / f"raw{i}").mkdir()
        raws.append(_raw_insert(root / f"raw{i}" / "plain.db", columns, params))
    raw_s = statistics.median(raws)
    raw_rate = len(params) / raw_s
    _line(
        "baseline: raw sqlite3 executemany, same rows (median of 3)",
        f"{raw_s:8.2f} s  {raw_rate:10,.0f} rows/s",
    )
    _line("  (not in the baseline: normalise all events / bind values)", f"{normalise_s:8.2f} s / {bind_s:.2f} s")
    _line("ratio ours / raw (rows/s)", f"{ours_rows / raw_rate:8.3f}")
    return {
        "cases": cases, "world_events": world_events, "world_build_seconds": round(build_s, 3),
        "pages": pages, "sync_seconds": round(sync_s, 3), "events_per_second": round(world_events / sync_s, 1),
        "rows": stored_rows, "rows_per_second": round(ours_rows, 1), "truth_digests": len(truth),
        "stored_distinct_digests": stored_distinct, "matches_truth": ok, "statuses": statuses,
        "raw_seconds": round(raw_s, 4), "raw_rows_per_second": round(raw_rate, 1),
        "normalise_seconds": round(normalise_s, 3), "bind_seconds": round(bind_s, 3),
        "ratio_ours_raw": round(ours_rows / raw_rate, 4), "page_seconds": sync_s / pages,
    }  # fmt: skip


# -- (2) rate limits on, scaled clock ---------------------------------------------------------------------------
def auto_scale(page_seconds: float) -> float:
    """S such that one token interval (1/rate simulated s = 1/(rate*S) real s) is ~4x the real time per page."""
    return float(max(2, min(50, math.floor(1 / (RATE * 4 * page_seconds)))))


def bench_pacing(
    root: Path, secrets: SecretStore, pages: int, scale: float, calibration: dict, why: str, page_seconds: float
) -> dict:
    region, per_case = max(calibration["region_per_case"].items(), key=lambda kv: kv[1])
    cases = math.ceil(pages * PAGE_SIZE / per_case)
    name = demo.DEMO_ACCOUNTS[region][0]
    print(f"(2) rate limits on, scaled clock S={scale:g} ({why}), seller {name}, ~{pages} pages ({cases:,} cases)")
    access_token_client.cache.clear()
    server = SandboxServer(seed=SEED, cases=cases, now=NOW, time_scale=scale, rate_limits=True).start()
    try:
        server.wait_ready()
        store, _ = _fresh_store(root / "pacing", secrets)
        try:
            engine = SyncEngine(
                store,
                sandbox_credentials(server),
                clock=Clock(scale=scale),
                now=server.world.now,
                rate_limits=True,
                streams=[FinancesStream()],
            )
            started = time.perf_counter()
            (report,) = engine.run(account=name)
            wall = time.perf_counter() - started
        finally:
            store.close()
    finally:
        server.stop()
    requests = [status for op, _, status in server.requests if op == OPERATION]
    calls, throttled = len(requests), sum(1 for s in requests if s == 429)
    pages_done = sum(p.pages for p in report.streams.values())
    measured = wall * scale
    optimum = max(0, calls - BURST) / RATE
    ratio = measured / optimum if optimum else float("nan")
    _line("status / pages", f"{report.status} / {pages_done}")
    _line(f"{OPERATION} calls (sandbox) / client calls", f"{calls} / {report.api_calls}")
    first = next((i for i, status in enumerate(requests, 1) if status == 429), None)
    _line(
        "429s seen (sandbox / client)",
        f"{throttled} / {report.throttled}" + (f"  (first at call #{first})" if first else ""),
    )
    _line("token interval in real time / real time per page in (1)",
          f"{1000 / (RATE * scale):8.1f} ms / {page_seconds * 1000:.1f} ms")  # fmt: skip
    _line("measured: wall x S", f"{measured:8.1f} s simulated ({wall:.2f} s real, {_load()})")
    _line(f"optimum: max(0, calls - {BURST}) / {RATE}", f"{optimum:8.1f} s simulated")
    busy = calls * page_seconds * scale
    _line("  (for reference: processing bound = calls x page time in (1) x S)", f"{busy:8.1f} s simulated")
    _line(
        f"ratio measured / optimum (goal <= {PACING_GOAL})",
        f"{ratio:8.3f}  {'OK' if ratio <= PACING_GOAL else 'MISSED'}",
    )
    return {
        "scale": scale, "cases": cases, "account": name, "status": report.status, "pages": pages_done,
        "calls": calls, "client_calls": report.api_calls, "throttled_sandbox": throttled,
        "throttled_client": report.throttled, "wall_seconds": round(wall, 3),
        "measured_simulated_seconds": round(measured, 2), "optimum_simulated_seconds": round(optimum, 2),
        "ratio": round(ratio, 4), "processing_bound_simulated_seconds": round(busy, 2),
    }  # fmt: skip


# -- (3) GUI stall ------------------------------------------------------------------------------------------------
def _gaps_stats(gaps: list[float]) -> dict:
    ordered = sorted(gaps)
    p99 = ordered[min(len(ordered) - 1, math.ceil(0.99 * len(ordered)) - 1)] if ordered else float("nan")
    return {
        "ticks": len(gaps) + 1,
        "max_ms": round(max(ordered, default=float("nan")) * 1000, 2),
        "p99_ms": round(p99 * 1000, 2),
        "median_ms": round(statistics.median(ordered) * 1000, 3) if ordered else float("nan"),
    }


class GcPauses:
    """Cyclic-GC pauses (start, seconds, generation, thread) while installed: a collection holds the GIL."""

    def __init__(self) -> None:
        self.pauses: list[tuple[float, float, int, str]] = []
        self._started = 0.0

    def __call__(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        else:
            end = time.perf_counter()
            name = threading.current_thread().name
            self.pauses.append((self._started, end - self._started, info["generation"], name))

    def between(self, start: float, end: float) -> list[tuple[float, float, int, str]]:
        return [p for p in self.pauses if start <= p[0] <= end]


def _load() -> str:
    return "load average {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


def bench_gui(root: Path, cases: int) -> dict:
    from PySide6.QtCore import QEventLoop, Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from acorn_desktop import app as app_module

    print(f"(3) GUI stall during the first demo sync: AcornApp offscreen, demo of {cases:,} cases, rate limits off")
    access_token_client.cache.clear()
    qapp = QApplication.instance() or QApplication([sys.argv[0]])

    class Backend(app_module.StoreBackend):  # the demo's engine with client pacing off (sandbox's is off too)
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self.engine.rate_limits = False

    def marketplace() -> dict:
        sandbox = SandboxServer(seed=app_module.DEMO_SEED, cases=cases, rate_limits=False).start()
        sandbox.wait_ready()  # the world build is not the sync: measure the sync alone
        return {"sandbox": sandbox, "credentials": sandbox_credentials(sandbox)}

    saved = (app_module.DEMO_CASES, app_module.StoreBackend, app_module.start_demo_marketplace)
    app_module.DEMO_CASES, app_module.StoreBackend, app_module.start_demo_marketplace = cases, Backend, marketplace
    acorn = None
    gc_pauses = None
    try:
        args = app_module.parse_args(["--demo", "--data-dir", str(root / "gui")])
        acorn = app_module.AcornApp(args, qapp, install_hooks=False)
        ticks: list[float] = []
        state = {"recording": False, "finished": False, "reports": None, "error": None}

        def tick() -> None:
            if state["recording"]:
                ticks.append(time.perf_counter())

        timer = QTimer()
        timer.setTimerType(Qt.TimerType.PreciseTimer)
        timer.setInterval(TIMER_MS)
        timer.timeout.connect(tick)
        loop = QEventLoop()

        def started() -> None:
            ticks.clear()
            state["recording"] = True
            ticks.append(time.perf_counter())

        def finished(reports) -> None:
            ticks.append(time.perf_counter())
            state.update(recording=False, finished=True, reports=reports)
            loop.quit()

        def failed(exc) -> None:
            state.update(recording=False, error=exc)
            loop.quit()

        sync = acorn.window.sync
        sync.sig_sync_started.connect(started)
        sync.sig_sync_finished.connect(finished)
        sync.sig_sync_failed.connect(failed)
        acorn.sig_finished.connect(lambda code: failed(RuntimeError(f"app finished with code {code}")))
        QTimer.singleShot(900_000, loop.quit)  # a safety net, not a measurement
        gc_pauses = GcPauses()
        gc.callbacks.append(gc_pauses)
        timer.start()
        opened = time.perf_counter()
        acorn.start()
        loop.exec()
        if not state["finished"]:
            raise RuntimeError(f"the demo sync did not finish: {state['error']!r}")
        sync_ticks = list(ticks)
        duration = sync_ticks[-1] - sync_ticks[0]
        open_s = sync_ticks[0] - opened
        reports = state["reports"]

        settle = QEventLoop()  # the summary refresh after the sync, then idle
        acorn.window.sig_data_loaded.connect(settle.quit)
        QTimer.singleShot(30_000, settle.quit)
        settle.exec()
        idle = QEventLoop()
        ticks.clear()
        state["recording"] = True
        ticks.append(time.perf_counter())
        QTimer.singleShot(max(1, round(duration * 1000)), idle.quit)
        idle.exec()
        state["recording"] = False
        ticks.append(time.perf_counter())
        idle_ticks = list(ticks)
        timer.stop()
    finally:
        if gc_pauses in gc.callbacks:
            gc.callbacks.remove(gc_pauses)
        if acorn is not None:
            acorn.window.close()
            acorn.shutdown()
            acorn.setParent(None)
        app_module.DEMO_CASES, app_module.StoreBackend, app_module.start_demo_marketplace = saved
        root_logger = logging.getLogger()
        for handler in [h for h in root_logger.handlers if getattr(h, "_acorn", False)]:
            root_logger.removeHandler(handler)
            handler.close()
        qapp.setStyleSheet("")

    during = _gaps_stats([b - a for a, b in itertools.pairwise(sync_ticks)])
    baseline = _gaps_stats([b - a for a, b in itertools.pairwise(idle_ticks)])
    streams: dict[str, list[int]] = {}
    for report in reports:
        for name, progress in report.streams.items():
            totals = streams.setdefault(name, [0, 0])
            totals[0] += progress.pages
            totals[1] += progress.result.events_new
    statuses = ",".join(sorted({r.status for r in reports}))
    _line("demo opened (store seeded, world built; not measured)", f"{open_s:8.2f} s  {_load()}")
    _line(f"first demo sync, all streams of the app (statuses: {statuses})", f"{duration:8.2f} s")
    for name, (pages, new) in streams.items():
        _line(f"  {name}: pages / new rows", f"{pages:8,} / {new:,}")
    _line(
        f"during sync: max / p99 gap of a {TIMER_MS} ms timer",
        f"{during['max_ms']:8.1f} ms / {during['p99_ms']:.1f} ms  ({during['ticks']:,} ticks)",
    )
    _line(
        "baseline: idle app, same duration: max / p99",
        f"{baseline['max_ms']:8.1f} ms / {baseline['p99_ms']:.1f} ms  ({baseline['ticks']:,} ticks)",
    )
    verdict = "OK" if during["max_ms"] < STALL_GOAL_MS else "MISSED"
    _line(f"goal: max stall during sync < {STALL_GOAL_MS:g} ms", verdict)
    # Attribution: a cyclic GC holds the GIL, so a long collection on any thread stalls the GUI thread too.
    sync_gc = gc_pauses.between(sync_ticks[0], sync_ticks[-1])
    worst = max(sync_gc, key=lambda p: p[1], default=None)
    if worst is not None:
        at, seconds, generation, thread = worst
        _line(
            "  longest cyclic-GC pause during the sync (any thread)",
            f"{seconds * 1000:8.1f} ms  gen {generation} on {thread} at +{at - sync_ticks[0]:.2f} s",
        )
    long_gaps = [(a, b) for a, b in itertools.pairwise(sync_ticks) if b - a >= STALL_GOAL_MS / 1000]
    by_gc = [g for g in long_gaps if any(g[0] <= p[0] <= g[1] and p[1] >= STALL_GOAL_MS / 2000 for p in sync_gc)]
    _line(
        f"  gaps >= {STALL_GOAL_MS:g} ms / of them during a GC pause >= {STALL_GOAL_MS / 2:g} ms",
        f"{len(long_gaps):8} / {len(by_gc)}",
    )
    for start, end in sorted(long_gaps, key=lambda g: g[0] - g[1])[:5]:
        overlap = sum(p[1] for p in sync_gc if start <= p[0] <= end)
        _line(
            f"    gap at +{start - sync_ticks[0]:.2f} s",
            f"{(end - start) * 1000:8.1f} ms  (GC inside: {overlap * 1000:.1f} ms)",
        )
    _line("  " + _load(), "")
    return {
        "cases": cases, "sync_seconds": round(duration, 3), "streams": streams, "statuses": statuses,
        "open_seconds": round(open_s, 3), "during_sync": during, "idle_baseline": baseline,
        "longest_gc_ms": round(worst[1] * 1000, 2) if worst else None,
        "longest_gc_generation": worst[2] if worst else None, "gaps_over_goal": len(long_gaps),
        "gaps_over_goal_with_gc": len(by_gc),
    }  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=None, help="financial events for (1) (default 100000)")
    parser.add_argument("--scale", type=float, default=None, help="time scale S for (2) (default: derived from (1))")
    parser.add_argument("--quick", action="store_true", help="small sizes for a smoke run")
    parser.add_argument("--out", type=Path, help="keep the stores and write bench_sync.json here")
    args = parser.parse_args(argv)
    events = args.events or (2_000 if args.quick else 100_000)
    pacing_pages = 50 if args.quick else 160
    gui_cases = 800 if args.quick else 5_000

    root = args.out.resolve() if args.out else Path(tempfile.mkdtemp(prefix="acorn-bench-sync-"))
    root.mkdir(parents=True, exist_ok=True)
    print(
        f"ACORN-i sync benchmark — Python {platform.python_version()}, SQLAlchemy {sa.__version__}, "
        f"{platform.machine()}, {os.cpu_count()} CPUs{' (quick)' if args.quick else ''}, {_load()}",
        flush=True,
    )
    memory = MemoryKeyring()
    previous_keyring = keyring.get_keyring()
    keyring.set_keyring(memory)  # the GUI's SecretStore() uses the default keyring: keep it in memory too
    secrets = SecretStore(memory)
    results: dict = {"now": NOW.isoformat(), "seed": SEED, "quick": args.quick}
    try:
        calibration = calibrate()
        results["events_per_case"] = round(calibration["per_case"], 4)
        results["ingest"] = ingest = bench_ingest(root, secrets, events, calibration)
        if args.scale:
            scale, why = args.scale, "--scale"
        else:
            scale = max(5.0, auto_scale(ingest["page_seconds"])) if args.quick else auto_scale(ingest["page_seconds"])
            why = f"auto: interval {1000 / (RATE * scale):.0f} ms real vs {ingest['page_seconds'] * 1000:.0f} ms/page"
        results["pacing"] = bench_pacing(root, secrets, pacing_pages, scale, calibration, why, ingest["page_seconds"])
        results["gui"] = bench_gui(root, gui_cases)
    finally:
        keyring.set_keyring(previous_keyring)
        if args.out:
            (root / "bench_sync.json").write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")
        else:
            shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
