"""Foundation benchmark: demo seed, store open, and SQLCipher vs plain SQLite inserts (baselines in the same run).

    .venv/bin/python bench/bench_foundation.py [--cases 100000] [--out DIR]

(a) ``seed_demo`` of N cases into a fresh SQLCipher store, next to the generator alone (baseline: how much of
    the time is Python generation and how much is the database);
(b) ``Store.open`` on that existing store (median of 5), next to one raw SQLCipher connect with the raw key;
(c) the same pre-generated rows inserted the same way (``services.demo``'s Core bulk insert, one transaction per
    10,000-case chunk, same pragmas) into SQLCipher and into a plain stdlib-sqlite3 file whose schema comes from
    ``acorn_desktop.models.Base.metadata``: rows/s each and the ratio.

Stores live in ``--out`` (kept) or a temporary directory (deleted). The database key is held by an in-memory
keyring for the run only. Figures are also written to ``DIR/bench_foundation.json`` when ``--out`` is given.
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import sqlalchemy as sa
import sqlcipher3
from bench_common import MemoryKeyring
from bench_common import line as _line
from sqlalchemy.orm import Session

from acorn_desktop.models import Base
from acorn_desktop.sandbox.generator import generate
from acorn_desktop.services import demo
from acorn_desktop.services.reference_data import ensure_reference_data
from acorn_desktop.storage.engine import open_sqlcipher_connection
from acorn_desktop.storage.secrets import SecretStore
from acorn_desktop.storage.store import Store, StoreLocation

NOW = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)
SEED = 42


def bench_seed(root: Path, secrets: SecretStore, cases: int) -> tuple[dict, StoreLocation]:
    print(f"(a) demo seed, {cases:,} cases", flush=True)
    started = time.perf_counter()
    counts = [0, 0, 0, 0]
    for chunk in generate(SEED, cases, NOW):
        counts[0] += len(chunk.cases)
        counts[1] += len(chunk.orders)
        counts[2] += len(chunk.items)
        counts[3] += len(chunk.events)
    generate_s = time.perf_counter() - started
    _line("baseline: generator only", f"{generate_s:8.2f} s  {cases / generate_s:10,.0f} cases/s")

    location = StoreLocation(root / "seeded")
    store = Store.create(location, secrets=secrets)
    try:
        report = demo.seed_demo(store, cases=cases, seed=SEED, now=NOW)
    finally:
        store.close()
    rows = report.cases + report.orders + report.items + report.events
    _line(
        "seed_demo into a fresh SQLCipher store", f"{report.seconds:8.2f} s  {report.cases_per_second:10,.0f} cases/s"
    )
    _line("  rows written (cases+orders+items+events)", f"{rows:,} ({rows / report.seconds:,.0f} rows/s)")
    _line("  database share (seed minus generator)", f"{report.seconds - generate_s:8.2f} s")
    size = sum(p.stat().st_size for p in location.data_dir.glob("acorn.db*"))
    _line("  database size (db + wal)", f"{size / 2**20:8.1f} MiB")
    return {
        "cases": report.cases, "orders": report.orders, "items": report.items, "events": report.events,
        "seed_seconds": round(report.seconds, 3), "cases_per_second": round(report.cases_per_second, 1),
        "generator_seconds": round(generate_s, 3), "rows_per_second": round(rows / report.seconds, 1),
        "db_bytes": size,
    }, location  # fmt: skip


def bench_open(location: StoreLocation, secrets: SecretStore, repeat: int = 5) -> dict:
    print("(b) store open", flush=True)
    opens = []
    for _ in range(repeat):
        started = time.perf_counter()
        store = Store.open(location, secrets=secrets)
        opens.append(time.perf_counter() - started)
        key = store.key
        store.close()
    connects = []
    for _ in range(repeat * 4):
        started = time.perf_counter()
        con = open_sqlcipher_connection(location.db_path, key)
        con.execute("SELECT 1").fetchone()  # the key itself is proven by open_sqlcipher_connection
        connects.append(time.perf_counter() - started)
        con.close()
    open_ms, connect_ms = statistics.median(opens) * 1000, statistics.median(connects) * 1000
    _line(f"Store.open on the seeded store (median of {repeat})", f"{open_ms:8.1f} ms")
    _line(f"baseline: one raw-key SQLCipher connect (median of {repeat * 4})", f"{connect_ms:8.2f} ms")
    return {"store_open_ms": round(open_ms, 2), "raw_connect_ms": round(connect_ms, 3)}


def _plain_engine(path: Path) -> sa.Engine:
    engine = sa.create_engine(f"sqlite:///{path}")

    @sa.event.listens_for(engine, "connect")
    def _pragmas(con, _record):  # the pragmas the SQLCipher engine sets (storage/engine.py)
        con.execute("PRAGMA foreign_keys = ON")
        con.execute("PRAGMA busy_timeout = 10000")
        con.execute("PRAGMA journal_mode = WAL")
        con.execute("PRAGMA synchronous = NORMAL")
        con.isolation_level = None

    @sa.event.listens_for(engine, "begin")
    def _begin(conn):
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    Base.metadata.create_all(engine)
    with Session(engine) as session, session.begin():
        ensure_reference_data(session)
    return engine


def _load(engine: sa.Engine, chunks, cases: int) -> float:
    with Session(engine) as session, session.begin():
        accounts, _ = demo._ensure_accounts(session)
    started = time.perf_counter()
    with engine.connect() as conn, demo._BulkLoad(conn, cases):
        for chunk in chunks:
            with conn.begin():
                demo._insert_chunk(conn, chunk, accounts, resume=False, now=NOW)
    return time.perf_counter() - started


def bench_inserts(root: Path, secrets: SecretStore, cases: int) -> dict:
    print(f"(c) insert throughput, same rows and method, {cases:,} cases", flush=True)
    chunks = list(generate(SEED, cases, NOW))
    rows = sum(len(c.cases) + len(c.orders) + len(c.items) + len(c.events) for c in chunks)

    store = Store.create(StoreLocation(root / "cipher"), secrets=secrets)
    try:
        cipher_s = _load(store.writer, chunks, cases)
    finally:
        store.close()
    (root / "plain").mkdir()
    plain = _plain_engine(root / "plain" / "plain.db")
    try:
        plain_s = _load(plain, chunks, cases)
    finally:
        plain.dispose()
    cipher_rate, plain_rate = rows / cipher_s, rows / plain_s
    _line("SQLCipher (sqlcipher3)", f"{cipher_s:8.2f} s  {cipher_rate:10,.0f} rows/s")
    _line("baseline: plain stdlib sqlite3, same schema", f"{plain_s:8.2f} s  {plain_rate:10,.0f} rows/s")
    _line("ratio SQLCipher / plain (rows/s)", f"{cipher_rate / plain_rate:8.2f}")
    return {
        "rows": rows, "sqlcipher_seconds": round(cipher_s, 3), "plain_seconds": round(plain_s, 3),
        "sqlcipher_rows_per_second": round(cipher_rate, 1), "plain_rows_per_second": round(plain_rate, 1),
        "ratio": round(cipher_rate / plain_rate, 3),
    }  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000, help="demo cases to seed (default 100000)")
    parser.add_argument("--out", type=Path, help="keep the stores and write bench_foundation.json here")
    parser.add_argument("--quick", action="store_true", help="2,000 cases: a smoke run")
    args = parser.parse_args(argv)
    if args.quick:
        args.cases = min(args.cases, 2_000)

    root = args.out.resolve() if args.out else Path(tempfile.mkdtemp(prefix="acorn-bench-"))
    root.mkdir(parents=True, exist_ok=True)
    with sqlcipher3.connect(":memory:") as con:
        cipher_sqlite = con.execute("SELECT sqlite_version()").fetchone()[0]
    print(
        f"ACORN-i foundation benchmark — Python {platform.python_version()}, SQLAlchemy {sa.__version__}, "
        f"SQLCipher's SQLite {cipher_sqlite}, stdlib sqlite3 {sqlite3.sqlite_version}, {platform.machine()}",
        flush=True,
    )
    secrets = SecretStore(MemoryKeyring())
    results: dict = {"cases": args.cases, "now": NOW.isoformat(), "seed": SEED}
    try:
        seed, location = bench_seed(root, secrets, args.cases)
        results["seed_demo"] = seed
        results["open"] = bench_open(location, secrets)
        results["inserts"] = bench_inserts(root, secrets, args.cases)
    finally:
        if args.out:
            (root / "bench_foundation.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
        else:
            shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
