"""Queue export benchmark: 文件 › 导出为 Excel… over the views the queue offers, rows/s and memory (baseline: CSV).

    .venv/bin/python bench/bench_export.py [--cases 50000] [--quick] [--out DIR]

A fresh demo store (seed 42, ``now`` fixed) in a temp dir. Each path is one view of the queue as the UI offers
it (the built-in views, and a filtered view), exported with ``QueueExportServices.export_xlsx`` exactly as the
export action runs it on the DB worker: count, streamed query, write-only workbook, owner-only atomic write,
audit entry. Figures per path: rows, seconds, rows/s, the file's size, and the peak RSS growth (``VmHWM``) over
the whole run (the export streams: it must stay flat, whatever the row count). Baseline, same rows: the same
streamed query written by ``csv.writer`` (the cost of the rows before anything xlsx adds).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import keyring  # noqa: E402
from bench_common import MemoryKeyring, line  # noqa: E402

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
SEED = 42


def kb(field: str) -> int:
    with open("/proc/self/status") as status:
        for row in status:
            if row.startswith(field):
                return int(row.split()[1])
    return 0


def paths():
    """The queue's views as the UI offers them (ui/queue_view.py's built-in views, but the personal ones), plus one
    filtered view. tests/ui/test_queue_workday.py holds this list to the window's."""
    from acorn_desktop.domain.cases import CaseState
    from acorn_desktop.services.queue import QueueQuery

    return {
        "open": QueueQuery(),
        "due_today": QueueQuery(due_within="24h"),
        "overdue": QueueQuery(due_within="overdue"),
        "high_risk": QueueQuery(risk_min=70),
        "awaiting_approval": QueueQuery(states=(CaseState.AWAITING_APPROVAL,)),
        "refund_unconfirmed": QueueQuery(open_only=False, refund_unconfirmed=True),
        "everything": QueueQuery(open_only=False),
        "filtered: DE, new, sorted by amount": QueueQuery(
            marketplaces=("DE",), states=(CaseState.NEW,), sort="amount", descending=True
        ),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=50_000)
    parser.add_argument("--quick", action="store_true", help="2,000 cases: a smoke run")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    args = parser.parse_args(argv)
    cases = 2_000 if args.quick else args.cases
    keyring.set_keyring(MemoryKeyring())

    from acorn_desktop.domain.cases import CaseKind, CaseState
    from acorn_desktop.services import queue
    from acorn_desktop.services.demo import seed_demo
    from acorn_desktop.services.queue_export import COLUMNS, ExportLabels, QueueExportServices
    from acorn_desktop.storage.store import Store, StoreLocation

    labels = ExportLabels(
        headers={code: code for code, _ in COLUMNS},
        kinds={k.value: k.label_zh for k in CaseKind},
        states={s.value: s.label_zh for s in CaseState},
    )
    tz = ZoneInfo("Asia/Shanghai")
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="bench-export-") as tmp:
        work = Path(tmp)
        store = Store.create(StoreLocation(work / "store"))
        try:
            print(f"  seeding {cases:,} demo cases …", flush=True)
            seed_demo(store, cases=cases, seed=SEED, now=NOW)
            services = QueueExportServices(store)
            base_hwm = kb("VmHWM:")
            print(f"Queue export ({cases:,} cases)")
            for name, query in paths().items():
                target = work / "export.xlsx"
                started = time.perf_counter()
                result = services.export_xlsx("bench", query, NOW, target, labels, tz=tz)
                xlsx_s = time.perf_counter() - started
                size = target.stat().st_size
                started = time.perf_counter()
                with store.reader() as session, open(work / "baseline.csv", "w", newline="", encoding="utf-8") as fh:
                    writer = csv.writer(fh)
                    for row in queue.matching_rows(session, query, NOW):
                        writer.writerow([row.deadline_at, row.kind, row.state, row.marketplace, row.account,
                                         row.amazon_order_id, row.sku, row.asin, row.amount, row.currency])  # fmt: skip
                csv_s = time.perf_counter() - started
                rate = result.rows / xlsx_s if xlsx_s else 0.0
                results[name] = {"rows": result.rows, "xlsx_s": round(xlsx_s, 3), "rows_per_s": round(rate),
                                 "bytes": size, "csv_s": round(csv_s, 3)}  # fmt: skip
                line(f"{name}: {result.rows:,} rows", f"{xlsx_s:6.2f} s  {rate:9,.0f} rows/s  {size / 1e6:6.2f} MB"
                     f"   (CSV baseline {csv_s:5.2f} s)")  # fmt: skip
            growth_mb = (kb("VmHWM:") - base_hwm) / 1024
            line("peak RSS growth over every export (streamed: stays flat)", f"{growth_mb:6.1f} MB")
            results["peak_rss_growth_mb"] = round(growth_mb, 1)
        finally:
            store.close()
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "bench_export.json").write_text(json.dumps({"cases": cases, "paths": results}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
