"""E-mail parsing throughput: forwarded Seller Central notifications of every language and type, mails/s.

    .venv/bin/python bench/bench_mail.py [--mails 3000] [--repeats 3] [--quick] [--out DIR]

The mails are generated once (not timed) by the demo writer: the 18 formats (A-to-z claim, chargeback, buyer
message × EN/DE/FR/IT/ES/JA) in turn, every forward style (direct, Outlook, Gmail, Thunderbird, Foxmail, as an
attachment), UTF-8 / ISO-8859-1 / Shift_JIS / ISO-2022-JP, plain text or HTML, quoted-printable / base64.

(1) Baseline, in the same run over the same bytes: bare ``email.message_from_bytes`` (its default, compat32
    policy) + walking the parts and decoding every text part's payload with its charset — what any mail reader
    pays before looking at the text.
(2) ``read_mail``: the baseline's work plus forward-prefix and quoted-header handling, HTML to text.
(3) ``parse_mail``: (2) plus matching the 18 formats, extracting and normalising the facts (dates, amounts,
    reasons, PII reduction) into claim notices — the whole parser the intake runs.
(4) Intake into an encrypted store (SQLCipher): ``ingest_mail`` per mail, one transaction each (parse,
    inbound message row, case opened or updated, timeline, audit entry) — on a ``--store-mails`` subset.

Median of ``--repeats`` runs; every mail is checked to parse (a benchmark of a broken parser means nothing).
Figures are printed and written to ``DIR/bench_mail.json``.
"""

from __future__ import annotations

import argparse
import email
import json
import platform
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import keyring  # noqa: E402
from bench_common import MemoryKeyring, line  # noqa: E402

from acorn_desktop.domain.marketplaces import Region  # noqa: E402
from acorn_desktop.formats.mail.formats import load_formats  # noqa: E402
from acorn_desktop.formats.mail.message import read_mail  # noqa: E402
from acorn_desktop.formats.mail.parse import parse_mail  # noqa: E402
from acorn_desktop.sandbox.mails import random_specs, render_mail  # noqa: E402
from acorn_desktop.services.accounts import add_account  # noqa: E402
from acorn_desktop.services.changes import Actor  # noqa: E402
from acorn_desktop.services.mail_intake import ingest_mail  # noqa: E402
from acorn_desktop.storage.store import Store, StoreLocation  # noqa: E402

ORDERS = [("111-1111111-1111111", "US"), ("202-2222222-2222222", "UK"), ("302-3333333-3333333", "DE"),
          ("402-4444444-4444444", "FR"), ("403-5555555-5555555", "IT"), ("404-6666666-6666666", "ES"),
          ("249-7777777-7777777", "JP"), ("702-8888888-8888888", "CA")]  # fmt: skip


def baseline(raw: bytes) -> int:
    message = email.message_from_bytes(raw)
    size = 0
    for part in message.walk():
        if part.get_content_maintype() == "text":
            payload = part.get_payload(decode=True) or b""
            size += len(payload.decode(part.get_content_charset() or "utf-8", "replace"))
    return size


def timed(fn, mails: list[bytes], repeats: int) -> float:
    """Median mails/s of ``fn`` over all ``mails``."""
    rates = []
    for _ in range(repeats):
        start = time.perf_counter()
        for raw in mails:
            fn(raw)
        rates.append(len(mails) / (time.perf_counter() - start))
    return statistics.median(rates)


def store_rate(mails: list[bytes]) -> float:
    keyring.set_keyring(MemoryKeyring())
    with tempfile.TemporaryDirectory(prefix="bench-mail-") as folder:
        store = Store.create(StoreLocation(Path(folder)))
        try:
            with store.session() as session:
                add_account(session, name="NA", region=Region.NA, marketplaces=["US", "CA"])
                add_account(session, name="EU", region=Region.EU, marketplaces=["UK", "DE", "FR", "IT", "ES"])
                add_account(session, name="FE", region=Region.FE, marketplaces=["JP"])
            actor = Actor("bench")
            start = time.perf_counter()
            for raw in mails:
                with store.session() as session:
                    ingest_mail(session, raw, channel="eml", actor=actor)
            return len(mails) / (time.perf_counter() - start)
        finally:
            store.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mails", type=int, default=3000)
    parser.add_argument("--store-mails", type=int, default=500)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="300 mails, 100 into the store, 1 repeat")
    parser.add_argument("--out", default=str(ROOT / "bench" / "out"))
    args = parser.parse_args(argv)
    if args.quick:
        args.mails, args.store_mails, args.repeats = 300, 100, 1
    formats = list(load_formats())
    specs = random_specs(formats, ORDERS, args.mails, seed=11, now=datetime(2026, 3, 9, 2, 15, tzinfo=UTC))
    mails = [render_mail(spec) for spec in specs]
    failed = [s.fmt.id for s, raw in zip(specs, mails, strict=True) if parse_mail(raw).notice is None]
    if failed:
        print(f"{len(failed)} mail(s) did not parse, e.g. {failed[:3]}", file=sys.stderr)
        return 1
    print(f"E-mail parsing: {len(mails):,} mails, {len(formats)} formats, "
          f"{sum(map(len, mails)) / len(mails) / 1024:.1f} KiB average, median of {args.repeats}")  # fmt: skip
    base = timed(baseline, mails, args.repeats)
    read = timed(read_mail, mails, args.repeats)
    parse = timed(parse_mail, mails, args.repeats)
    stored = store_rate(mails[: args.store_mails])
    line("(1) baseline: email.message_from_bytes + decode text parts", f"{base:,.0f} mails/s")
    line("(2) read_mail (decode, forwards, HTML to text)", f"{read:,.0f} mails/s  ({read / base:.2f} × baseline)")
    line("(3) parse_mail (formats, facts, notices)", f"{parse:,.0f} mails/s  ({parse / base:.2f} × baseline)")
    line(f"(4) intake into SQLCipher, one transaction per mail ({args.store_mails})", f"{stored:,.0f} mails/s")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    figures = {"mails": len(mails), "formats": len(formats), "repeats": args.repeats, "baseline_per_s": base,
               "read_mail_per_s": read, "parse_mail_per_s": parse, "intake_per_s": stored,
               "store_mails": args.store_mails, "python": platform.python_version(),
               "machine": platform.machine()}  # fmt: skip
    (out / "bench_mail.json").write_text(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
