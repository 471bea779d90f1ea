"""Buyer replies benchmark: the messaging-policy check, filling a template from the store, marking sent.

    .venv/bin/python bench/bench_replies.py [--quick] [--rounds 200] [--out DIR]

(1) Check throughput on realistic replies: every shipped template in every language, filled with demo facts
    (66 texts, 350–800 characters), plus the same texts with a phone number, an e-mail address and a review
    request added. Messages/s and the per-message median / p99. Baseline in the same run: one compiled e-mail
    regex over the same texts — what a single pattern scan costs.
(2) Worst case: adversarial 2,000-character texts (the limit; digit soup, dot soup, review phrases without
    punctuation, Japanese) — the slowest single check, against the 16 ms frame budget (why the dialog checks off
    the GUI thread).
(3) prepare() (case, order, shipment, buyer words, render, check) per second on an encrypted demo store. Baseline:
    the case detail pane's load() of the same cases.
(4) mark_sent() (permission, duplicate check, check, reply row, timeline, state change, audit) per second.
    Baseline: an internal note (timeline + audit) on the same cases.

Figures are printed and, with --out, written to ``DIR/bench_replies.json``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import platform
import re
import statistics
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import keyring  # noqa: E402
import sqlalchemy as sa  # noqa: E402
from bench_common import MemoryKeyring, line  # noqa: E402

from acorn_desktop.documents.reply_templates import REPLY_LANGUAGES, library, local_money, short_title  # noqa: E402
from acorn_desktop.domain.claims import letter_language  # noqa: E402
from acorn_desktop.domain.marketplaces import MARKETPLACES  # noqa: E402
from acorn_desktop.domain.messaging_policy import check  # noqa: E402
from acorn_desktop.models import Case, User  # noqa: E402
from acorn_desktop.services.case_detail import CaseDetailServices  # noqa: E402
from acorn_desktop.services.changes import Actor  # noqa: E402
from acorn_desktop.services.demo import seed_demo  # noqa: E402
from acorn_desktop.services.replies import MissingFacts, ReplyServices  # noqa: E402
from acorn_desktop.storage.keys import KEY_MODE_PASSWORD  # noqa: E402
from acorn_desktop.storage.store import Store, StoreLocation  # noqa: E402

MARKET = {"en": "UK", "de": "DE", "fr": "FR", "it": "IT", "es": "ES", "ja": "JP"}
CURRENCY = {"en": "GBP", "de": "EUR", "fr": "EUR", "it": "EUR", "es": "EUR", "ja": "JPY"}
EXTRAS = ("\nTel. +49 30 1234567", "\nWrite to service@example.com", "\nCould you leave a review of the product?")


def realistic_texts() -> list[tuple[str, str, list[str]]]:
    """(text, marketplace, known facts) for every template × language, clean and with a problem added."""
    out = []
    for situation in library().situations:
        for lang in REPLY_LANGUAGES:
            facts = {
                "order_id": "302-1234567-1234567", "item": short_title("Wireless Earbuds Bluetooth 5.3, Charging Case"),
                "refund_amount": local_money(Decimal("19.99"), CURRENCY[lang], lang), "carrier": "DHL",
                "tracking_number": "00340434161234567890", "ship_date": date(2026, 3, 3),
                "delivery_date": date(2026, 3, 6), "offer_amount": local_money(Decimal("8"), CURRENCY[lang], lang),
                "replacement_carrier": "UPS", "replacement_tracking": "1Z999AA10123456784",
                "parcel_state": "in_transit",
            }  # fmt: skip
            text = situation.render(lang, facts)
            known = [str(v) for v in facts.values()]
            out.append((text, MARKET[lang], known))
            out += [(text + extra, MARKET[lang], known) for extra in EXTRAS]
    return out


def adversarial_texts() -> dict[str, str]:
    n = 2000
    return {
        "digit soup": ("0 1-2 3.4 (5) " * n)[:n],
        "dot soup": ("a.b." * n)[:n],
        "review phrases, no punctuation": ("please leave us a review of the product and " * n)[:n],
        "spelled e-mails": ("name at shop dot com and " * n)[:n],
        "Japanese": ("ご注文の商品は発送いたしました。レビューをお願いします。" * n)[:n],
        "German prose": ("Guten Tag, vielen Dank für Ihre Nachricht. Wir haben die Erstattung veranlasst. " * n)[:n],
    }


def per_message(texts, fn, rounds: int) -> tuple[float, float, float]:
    """(messages/s, median µs, p99 µs) over ``rounds`` passes."""
    times = []
    start = time.perf_counter()
    for _ in range(rounds):
        for item in texts:
            t0 = time.perf_counter()
            fn(item)
            times.append(time.perf_counter() - t0)
    total = time.perf_counter() - start
    times.sort()
    return len(times) / total, statistics.median(times) * 1e6, times[int(len(times) * 0.99) - 1] * 1e6


def bench_store(cases: int):
    directory = Path(tempfile.mkdtemp(prefix="acorn-bench-replies-"))
    location = StoreLocation(directory)
    store = Store.create(location, key_mode=KEY_MODE_PASSWORD, password_provider=lambda: "bench-replies")
    seed_demo(store, cases=cases, seed=42)
    with store.session() as session:
        user = User(username="bench-agent", display_name="Bench agent", role_code="cs", active=True)
        session.add(user)
        session.flush()
        actor = Actor("bench-agent", user.id)
    return store, actor


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer rounds and cases")
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--cases", type=int, default=2000, help="demo cases in the store for (3) and (4)")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    rounds = 10 if args.quick else args.rounds
    cases = 300 if args.quick else args.cases
    keyring.set_keyring(MemoryKeyring())
    figures: dict[str, object] = {"python": platform.python_version(), "rounds": rounds, "cases": cases}

    print("(1) messaging-policy check on realistic replies")
    texts = realistic_texts()
    rate, median, p99 = per_message(texts, lambda item: check(item[0], item[1], known_values=item[2]), rounds)
    email = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
    base_rate, base_median, _ = per_message(texts, lambda item: email.findall(item[0]), rounds)
    timing = f"{rate:,.0f} msg/s  median {median:,.0f} µs  p99 {p99:,.0f} µs"
    line(f"check: {len(texts)} texts × {rounds} rounds", timing)
    line("baseline: one e-mail regex scan of the same texts", f"{base_rate:,.0f} msg/s  median {base_median:,.1f} µs")
    line("check / one regex scan", f"{median / base_median:,.0f}×")
    figures["check"] = {"msg_per_s": rate, "median_us": median, "p99_us": p99, "baseline_msg_per_s": base_rate,
                        "baseline_median_us": base_median}  # fmt: skip

    print("(2) worst case: adversarial 2,000-character texts")
    worst = {}
    for name, text in adversarial_texts().items():
        best = min(_timed(lambda t=text: check(t, "DE")) for _ in range(3 if args.quick else 5))
        worst[name] = best * 1000
        line(f"  {name}", f"{best * 1000:,.1f} ms")
    slowest = max(worst, key=worst.get)
    line("slowest single check (frame budget 16 ms)", f"{worst[slowest]:,.1f} ms ({slowest})")
    figures["worst_case_ms"] = worst

    print(f"(3) prepare() and (4) mark_sent() on an encrypted demo store of {cases:,} cases")
    store, actor = bench_store(cases)
    try:
        with store.reader() as session:
            rows = session.execute(
                sa.select(Case.id, Case.marketplace_code).where(Case.order_id.is_not(None)).order_by(Case.id)
            ).all()
        language = {case_id: letter_language(MARKETPLACES[code].language) for case_id, code in rows}
        sample = [case_id for case_id, _ in rows][: 100 if args.quick else 400]
        replies, detail = ReplyServices(store), CaseDetailServices(store)
        prepared: list[tuple[int, str, str]] = []

        def prepare(case_id: int) -> None:
            lang = language[case_id]
            with contextlib.suppress(MissingFacts):  # a case without an order item has no title to quote
                prepared.append((case_id, replies.prepare(case_id, "return_instructions", lang).text, lang))

        rate, median, _ = per_message(sample, prepare, 1)
        base, base_median, _ = per_message(sample, detail.load, 1)
        line("prepare (context + fill + check) per second", f"{rate:,.0f}/s  median {median / 1000:,.1f} ms")
        line("baseline: case detail load() of the same cases", f"{base:,.0f}/s  median {base_median / 1000:,.1f} ms")
        sent, sent_median, _ = per_message(prepared, lambda p: replies.mark_sent(p[0], p[1], "return_instructions",
                                                                                  p[2], actor), 1)  # fmt: skip
        note, note_median, _ = per_message(prepared, lambda p: detail.add_note(p[0], "bench note", actor), 1)
        line("mark_sent per second", f"{sent:,.0f}/s  median {sent_median / 1000:,.1f} ms")
        line("baseline: add an internal note (timeline + audit)", f"{note:,.0f}/s  median {note_median / 1000:,.1f} ms")
        figures["store"] = {"prepare_per_s": rate, "load_per_s": base, "mark_sent_per_s": sent, "note_per_s": note}
    finally:
        store.close()
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "bench_replies.json").write_text(json.dumps(figures, indent=2))
    return 0


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


if __name__ == "__main__":
    sys.exit(main())
