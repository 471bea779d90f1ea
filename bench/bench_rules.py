"""Auto-decision rules benchmark: rule evaluation and a back-test over a large store (baselines in the same run).

    .venv/bin/python bench/bench_rules.py [--cases 1000000] [--out DIR] [--baseline-cases 100000]

The store is a copy of ``bench_queue.py``'s cached demo store (seed 42, ``now`` fixed, master password; seeded in a
subprocess through ``bench_queue.py --seed-only`` when missing) in ``bench/out/rules-<N>`` (git-ignored): the copy
gets a manager user, a 3-rule ACTIVE set and nothing else, so the queue benchmark's store stays untouched.

The tested set has 10 rules using every condition type the demo data can exercise (kind, marketplace, amount in
the marketplace currency and in CNY, reason, SKU list, ASIN list, risk score, buyer flag; plus a catch-all).

(1) Rule evaluation, cases/s: the N cases' facts are built partition by partition (20,000 rows, the back-test's
    own loader) and only ``RuleSet.evaluate`` over each partition is timed — the compiled set. Baselines, timed
    the same way over the first ``--baseline-cases`` cases: "naive" re-parses the rules' stored JSON conditions
    for every case (``conditions_from_json`` + ``Condition.holds``), "interpreted" parses once and walks the
    condition objects (``evaluate_interpreted``).
(2) Back-test of the 10-rule set over the N cases, end to end from the database: ``RuleServices.backtest``
    (permission check, count, the buyer-flag pass, streaming, facts, both sets evaluated, tallies). Median of
    ``--repeats``; the buyer-flag pass and the stream alone are shown as parts. Baseline: a naive back-test
    (ORM ``Case`` objects, both sets' JSON re-parsed per case, no buyer flags) over the first
    ``--baseline-cases`` cases, extrapolated linearly to N.

Figures are printed and written to ``DIR/bench_rules.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402
from bench_common import line  # noqa: E402

from acorn_desktop.domain import rules as dr  # noqa: E402
from acorn_desktop.models import Case, User  # noqa: E402
from acorn_desktop.services import rules as sr  # noqa: E402
from acorn_desktop.services.changes import Actor  # noqa: E402
from acorn_desktop.storage.store import Store, StoreLocation  # noqa: E402

NOW = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)  # bench_queue's store
SEED = 42
PASSWORD = "acorn-bench-queue"  # bench_queue's store password (synthetic demo data only)
QUEUE_MARKER = "bench_queue_seed.json"
MARKER = "bench_rules_setup.json"
MANAGER = "bench-manager"


def open_store(out: Path) -> Store:
    return Store.open(StoreLocation(out), password_provider=lambda: PASSWORD)


def queue_store_ready(path: Path, cases: int) -> bool:
    marker = path / QUEUE_MARKER
    if not marker.exists():
        return False
    data = json.loads(marker.read_text())
    return data.get("cases", 0) >= cases and data.get("seed") == SEED and data.get("now") == NOW.isoformat()


def prepare(out: Path, cases: int) -> None:
    """Copy the queue benchmark's store (seeding it first if needed) and add the manager + active set, once."""
    if (out / MARKER).exists() and json.loads((out / MARKER).read_text()).get("cases") == cases:
        return
    queue_dir = ROOT / "bench" / "out" / f"queue-{cases}"
    if not queue_store_ready(queue_dir, cases):
        script = ROOT / "bench" / "bench_queue.py"
        command = [sys.executable, str(script), "--seed-only", "--cases", str(cases), "--out", str(queue_dir)]
        subprocess.run(command, check=True)
    print(f"  copying {queue_dir} → {out} …", flush=True)
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(queue_dir, out, ignore=shutil.ignore_patterns("*.json.tmp", "bench_queue.json"))
    store = open_store(out)
    try:
        with store.session() as session:
            user = session.scalar(sa.select(User).where(User.username == MANAGER))
            if user is None:
                session.add(User(username=MANAGER, display_name="Bench manager", role_code="manager", active=True))
        actor = manager(store)
        services = sr.RuleServices(store)
        services.save_draft(actor, active_set())
        services.enable_drafts(actor)
        store.checkpoint()
    finally:
        store.close()
    (out / MARKER).write_text(json.dumps({"cases": cases}))


def manager(store: Store) -> Actor:
    with store.reader() as session:
        return Actor(MANAGER, session.scalar(sa.select(User.id).where(User.username == MANAGER)))


def active_set() -> list[sr.RuleDraft]:
    """What the tested set is compared with: a simple 3-rule policy."""
    A = dr.RuleAction
    return [
        sr.RuleDraft("Claims need finance", (dr.one_of("kind_in", ["atoz_claim", "chargeback"]),), A.REQUIRE_LEVEL2),
        sr.RuleDraft("Small refunds auto", (dr.amount_at_most("200", "CNY"),), A.AUTO_APPROVE),
        sr.RuleDraft("Everything else", (), A.REQUIRE_LEVEL1),
    ]


def tested_set(store: Store) -> list[sr.RuleDraft]:
    """The 10-rule set under test; SKU and ASIN lists are sampled from the store (deterministically)."""
    with store.reader() as session:
        skus = list(session.scalars(sa.select(Case.sku).distinct().where(Case.sku.is_not(None)).order_by(Case.sku)
                                    .limit(2000)))[::40]  # fmt: skip
        asins = list(session.scalars(sa.select(Case.asin).distinct().where(Case.asin.is_not(None))
                                     .order_by(Case.asin.desc()).limit(2000)))[::100]  # fmt: skip
    A = dr.RuleAction
    return [
        sr.RuleDraft("High risk: suggest rejection", (dr.risk_at_least(85),), A.REJECT_SUGGEST),
        sr.RuleDraft("Claims need finance", (dr.one_of("kind_in", ["atoz_claim", "chargeback"]),), A.REQUIRE_LEVEL2),
        sr.RuleDraft("Large amounts", (dr.amount_at_least("1000", "CNY"),), A.REQUIRE_LEVEL2),
        sr.RuleDraft("Frequent returners", (dr.one_of("buyer_flag_any", ["frequent_returner"]),), A.REQUIRE_LEVEL1),
        sr.RuleDraft("Watched SKUs", (dr.one_of("sku_in", skus),), A.ASSIGN, MANAGER),
        sr.RuleDraft("Watched ASINs", (dr.one_of("asin_in", asins),), A.REQUIRE_LEVEL1),
        sr.RuleDraft(
            "EU small refunds",
            (
                dr.one_of("marketplace_in", ["DE", "FR", "IT", "ES"]),
                dr.amount_at_most("30", "EUR"),
                dr.one_of("kind_in", ["refund", "return_request"]),
            ),
            A.AUTO_APPROVE,
        ),
        sr.RuleDraft(
            "US defective returns",
            (
                dr.one_of("marketplace_in", ["US"]),
                dr.amount_at_most("25", "USD"),
                dr.one_of("reason_in", ["DEFECTIVE", "DAMAGED_BY_CARRIER", "MISSING_PARTS"]),
            ),
            A.AUTO_APPROVE,
        ),
        sr.RuleDraft("Small anywhere", (dr.amount_at_most("100", "CNY"),), A.AUTO_APPROVE),
        sr.RuleDraft("Everything else", (), A.REQUIRE_LEVEL1),
    ]


def stream_facts(store: Store, needs: frozenset[str], consume) -> int:
    """Feed ``consume`` the facts of every case, partition by partition (the back-test's own loader)."""
    total = 0
    with store.reader() as session:
        for facts in sr.history_facts(session, needs=needs):
            consume(facts)
            total += len(facts)
    return total


def bench_evaluation(store: Store, rules: list[dr.Rule], baseline_cases: int) -> dict:
    rule_set = dr.compile_rules(rules)
    stored = [(r.name, dr.conditions_to_json(r.conditions), r) for r in rules]  # what the table holds
    timings = {"compiled": 0.0, "naive": 0.0, "interpreted": 0.0}
    counts = {"compiled": 0, "baseline": 0}
    matched = [0]

    def naive(facts) -> None:  # re-parse the JSON conditions for every case
        for f in facts:
            for name, conditions, rule in stored:
                if all(c.holds(f) for c in dr.conditions_from_json(conditions, name)):
                    _ = rule
                    break

    def consume(facts) -> None:
        evaluate = rule_set.evaluate
        started = time.perf_counter()
        hits = 0
        for f in facts:
            if evaluate(f) is not None:
                hits += 1
        timings["compiled"] += time.perf_counter() - started
        counts["compiled"] += len(facts)
        matched[0] += hits
        room = baseline_cases - counts["baseline"]
        if room > 0:
            part = facts[:room]
            started = time.perf_counter()
            naive(part)
            timings["naive"] += time.perf_counter() - started
            started = time.perf_counter()
            for f in part:
                dr.evaluate_interpreted(rules, f)
            timings["interpreted"] += time.perf_counter() - started
            counts["baseline"] += len(part)

    started = time.perf_counter()
    total = stream_facts(store, rule_set.fields, consume)
    return {
        "cases": counts["compiled"],
        "total": total,
        "matched": matched[0],
        "compiled_s": timings["compiled"],
        "compiled_per_s": counts["compiled"] / timings["compiled"],
        "baseline_cases": counts["baseline"],
        "naive_per_s": counts["baseline"] / timings["naive"],
        "interpreted_per_s": counts["baseline"] / timings["interpreted"],
        "wall_s": time.perf_counter() - started,
    }


def naive_backtest(store: Store, drafts: list[sr.RuleDraft], limit: int) -> dict:
    """Baseline: ORM ``Case`` objects, both sets' stored JSON re-parsed per case, first ``limit`` cases.

    It leaves the buyer flags out (it would need a query per case), which flatters it.
    """
    tested = [(d.name, dr.conditions_to_json(d.conditions), d.action) for d in drafts]
    active = [(d.name, dr.conditions_to_json(d.conditions), d.action) for d in active_set()]

    def naive(rules, f):
        for name, conditions, action in rules:
            if all(c.holds(f) for c in dr.conditions_from_json(conditions, name)):
                return action
        return None

    counts: dict = {}
    changed = 0
    started = time.perf_counter()
    with store.reader() as session:
        query = sa.select(Case).order_by(Case.id).limit(limit).execution_options(yield_per=2000)
        for case in session.scalars(query):
            f = sr.facts_of(case)
            new, old = naive(tested, f), naive(active, f)
            counts[new] = counts.get(new, 0) + 1
            changed += new != old
            session.expunge(case)
    seconds = time.perf_counter() - started
    return {"cases": sum(counts.values()), "seconds": seconds, "changed": changed}


def bench_backtest(store: Store, drafts: list[sr.RuleDraft], repeats: int) -> dict:
    services = sr.RuleServices(store)
    actor = manager(store)
    runs, result = [], None
    for _ in range(repeats):
        started = time.perf_counter()
        result = services.backtest(actor, drafts)
        runs.append(time.perf_counter() - started)
    with store.reader() as session:
        started = time.perf_counter()
        flagged = len(sr._all_buyer_flags(session))
        flags_s = time.perf_counter() - started
    started = time.perf_counter()
    stream_facts(store, frozenset(), lambda facts: None)
    stream_s = time.perf_counter() - started
    return {
        "runs_s": runs,
        "median_s": statistics.median(runs),
        "buyer_flags_s": flags_s,
        "flagged_cases": flagged,
        "stream_only_s": stream_s,
        "cases": result.cases,
        "changed": result.changed.count,
        "refused_but_granted": result.refused_but_granted.count,
        "approved_but_refused": result.approved_but_refused.count,
        "by_action": {str(k): [v.count, str(v.amount_cny)] for k, v in result.by_action.items()},
        "by_rule": [[r.rule_name, r.tally.count, str(r.tally.amount_cny)] for r in result.by_rule],
        "amount_cny": str(result.amount_cny),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--baseline-cases", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="5,000 cases, 1,000 for the baseline, one repeat")
    args = parser.parse_args(argv)
    if args.quick:
        args.cases, args.baseline_cases, args.repeats = 5_000, 1_000, 1
    out = args.out or ROOT / "bench" / "out" / f"rules-{args.cases}"
    prepare(out, args.cases)
    store = open_store(out)
    try:
        drafts = tested_set(store)
        rules = [sr._as_rule(d, i) for i, d in enumerate(drafts, start=1)]
        print(f"(1) rule evaluation, {len(rules)} rules …", flush=True)
        evaluation = bench_evaluation(store, rules, args.baseline_cases)
        print(f"(2) back-test, {len(rules)} rules vs the active set, median of {args.repeats} …", flush=True)
        backtest = bench_backtest(store, drafts, args.repeats)
        print(f"    baseline: naive back-test over the first {args.baseline_cases:,} cases …", flush=True)
        backtest["naive"] = naive_backtest(store, drafts, args.baseline_cases)
    finally:
        store.close()
    results = {"cases": args.cases, "evaluation": evaluation, "backtest": backtest, "load_avg": os.getloadavg(),
               "python": platform.python_version(), "cpus": os.cpu_count()}  # fmt: skip
    (out / "bench_rules.json").write_text(json.dumps(results, indent=2, default=str))
    report(results)
    return 0


def report(r: dict) -> None:
    e, b = r["evaluation"], r["backtest"]
    print()
    print(f"Rules benchmark: {e['cases']:,} cases, 10-rule set; Python {r['python']}, {r['cpus']} cores, "
          f"load avg {', '.join(f'{x:.1f}' for x in r['load_avg'])}")  # fmt: skip
    line("(1) rule evaluation, compiled set", f"{e['compiled_per_s']:>12,.0f} cases/s  ({e['compiled_s']:.2f} s)")
    line(f"    baseline: naive, JSON re-parsed per case ({e['baseline_cases']:,})",
         f"{e['naive_per_s']:>12,.0f} cases/s  (x{e['compiled_per_s'] / e['naive_per_s']:.0f})")  # fmt: skip
    ratio = e["compiled_per_s"] / e["interpreted_per_s"]
    line(f"    baseline: interpreted, parsed once ({e['baseline_cases']:,})",
         f"{e['interpreted_per_s']:>12,.0f} cases/s  (x{ratio:.1f})")  # fmt: skip
    line("    cases matched by a rule", f"{e['matched']:>12,}")
    line("(2) back-test, end to end from the DB (median)", f"{b['median_s']:>12.2f} s   runs "
         + " / ".join(f"{x:.2f}" for x in b["runs_s"]))  # fmt: skip
    naive = b["naive"]
    scaled = naive["seconds"] * e["cases"] / naive["cases"]
    line(f"    baseline: naive (ORM objects, JSON re-parsed), {naive['cases']:,} cases",
         f"{naive['seconds']:>12.2f} s   x{e['cases'] / naive['cases']:g} = {scaled:.0f} s "
         f"(x{scaled / b['median_s']:.0f}; no buyer flags)")  # fmt: skip
    line("    of which: buyer-flag pass", f"{b['buyer_flags_s']:>12.2f} s   ({b['flagged_cases']:,} cases flagged)")
    line("    stream + facts alone (no rules)", f"{b['stream_only_s']:>12.2f} s")
    line("    throughput", f"{b['cases'] / b['median_s']:>12,.0f} cases/s")
    line("    outcome changed vs active set", f"{b['changed']:>12,}")
    line("    suggest rejection, yet granted / auto-approve, yet rejected",
         f"{b['refused_but_granted']:>12,} / {b['approved_but_refused']:,}")  # fmt: skip
    for name, count, money in b["by_rule"]:
        line(f"      {name}", f"{count:>12,}  ¥{money}")


if __name__ == "__main__":
    sys.exit(main())
