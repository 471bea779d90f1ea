"""Appeal letters benchmark: letters/s for N letters, each with a 2-page evidence package (baseline in the same run).

    .venv/bin/python bench/bench_letters.py [--letters 1000] [--quick] [--out DIR]

A fresh demo store (seed 42, ``now`` fixed, 2,000 cases) in a temp dir; every seller-fulfilled A-to-z "not
received" claim gets one photo attached (a 1600×1200 JPEG). Each letter is drafted from its template and exported
with its evidence package: the shipping-proof page (carrier, tracking, scans) and the photo's page, so a letter is
3 pages. Cases are cycled to reach N letters; every export writes its PDF atomically and records a Letter row and
an audit entry, as in the app.

(1) End to end: ``LetterServices.draft`` + ``export`` (facts from the database, sandboxed template, reportlab with
    embedded TrueType fonts, images, atomic write, DB record), letters/s.
(2) PDF building alone for the same letters (``build_pdf`` of the prepared documents), letters/s.
Baseline: the same letters' text as bare reportlab pages in the base-14 Helvetica (not embedded, no evidence
pages, no header/footer), letters/s — what reportlab costs before anything this feature adds.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import keyring  # noqa: E402
import sqlalchemy as sa  # noqa: E402
from bench_common import MemoryKeyring, line  # noqa: E402

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def _photo() -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (1600, 1200), (214, 200, 180))
    draw = ImageDraw.Draw(image)
    for i in range(0, 1600, 40):
        draw.line((i, 0, 1600 - i, 1200), fill=(120 + i % 90, 90, 60), width=3)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def _baseline(texts: list[tuple[str, str]]) -> float:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    style = ParagraphStyle("b", fontName="Helvetica", fontSize=10.5, leading=15)
    started = time.perf_counter()
    for subject, body in texts:
        buffer = io.BytesIO()
        story = [Paragraph(subject, style)] + [Paragraph(p.replace("\n", "<br/>"), style) for p in body.split("\n\n")]
        SimpleDocTemplate(buffer, pagesize=A4).build(story)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=1000)
    parser.add_argument("--quick", action="store_true", help="50 letters: a smoke run")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    args = parser.parse_args(argv)
    n = 50 if args.quick else args.letters
    keyring.set_keyring(MemoryKeyring())

    from acorn_desktop.documents.letter_pdf import build_pdf
    from acorn_desktop.domain.cases import CaseKind
    from acorn_desktop.models import Case, Order, Shipment
    from acorn_desktop.services.case_detail import CaseDetailServices
    from acorn_desktop.services.demo import seed_demo
    from acorn_desktop.services.evidence import collect
    from acorn_desktop.services.letters import LetterServices, _load_attachments, _resolve
    from acorn_desktop.storage.store import Store, StoreLocation

    with tempfile.TemporaryDirectory(prefix="acorn-bench-letters-") as tmp:
        tmp_path = Path(tmp)
        store = Store.create(StoreLocation(tmp_path / "data"))
        seed_demo(store, cases=2000, seed=42, now=NOW)
        with store.reader() as session:
            case_ids = list(
                session.scalars(
                    sa.select(Case.id)
                    .join(Order, Order.id == Case.order_id)
                    .where(Case.kind == CaseKind.ATOZ_CLAIM, Case.reason_code == "ITEM_NOT_RECEIVED",
                           Order.fulfillment_channel == "MFN",
                           sa.exists().where(Shipment.order_id == Order.id, Shipment.direction == "outbound"))
                    .order_by(Case.id)
                )
            )  # fmt: skip
        photo = tmp_path / "parcel.jpg"
        photo.write_bytes(_photo())
        details = CaseDetailServices(store)
        for case_id in case_ids:
            details.attach_evidence(case_id, photo, "photo", "bench")
        letters = LetterServices(store)
        with store.reader() as session:
            query = sa.select(Case.id, Case.marketplace_code).where(Case.id.in_(case_ids))
            markets = dict(session.execute(query).all())
        own = {"DE": "de", "JP": "ja"}  # until every language's templates are in, the others are written in English
        langs = {case_id: own.get(markets[case_id], "en") for case_id in case_ids}
        plan = [case_ids[i % len(case_ids)] for i in range(n)]
        print(f"bench_letters: {n:,} letters over {len(case_ids)} claim cases (languages "
              f"{sorted(set(langs.values()))}), each with a shipping-proof page and a photo page",
              flush=True)  # fmt: skip

        # (1) end to end
        out_dir = tmp_path / "letters"
        pages = 0
        texts = []
        started = time.perf_counter()
        for i, case_id in enumerate(plan):
            draft = letters.draft(case_id, langs[case_id])
            result = letters.export(case_id, draft.subject, draft.body, draft.lang, [a.id for a in draft.attachments],
                                    out_dir / f"{i:05d}.pdf", actor="bench")  # fmt: skip
            pages += result.pages
            texts.append((draft.subject, draft.body))
        end_to_end = time.perf_counter() - started

        # (2) PDF building alone, same letters
        documents = []
        with store.reader() as session:
            for case_id, (subject, body) in zip(plan, texts, strict=True):
                case, claim, lang = _resolve(session, case_id, langs[case_id], None)
                evidence = collect(session, case.id, claim)
                ids = [a.attachment_id for a in evidence.package.attachments]
                attachments = _load_attachments(session, case.id, ids)
                documents.append(letters._document(session, case, evidence, claim, lang, subject, body, attachments,
                                                   False, NOW))  # fmt: skip
        started = time.perf_counter()
        for document in documents:
            build_pdf(document)
        pdf_only = time.perf_counter() - started

        baseline = _baseline(texts)
        size = sum(p.stat().st_size for p in out_dir.glob("*.pdf")) / n
        store.close()

    figures = {
        "letters": n, "pages_per_letter": pages / n, "avg_pdf_kib": round(size / 1024, 1),
        "end_to_end_letters_per_s": round(n / end_to_end, 1), "pdf_only_letters_per_s": round(n / pdf_only, 1),
        "baseline_helvetica_text_letters_per_s": round(n / baseline, 1),
    }  # fmt: skip
    line("letters (pages each)", f"{n:,} ({pages / n:.1f})")
    line("end to end: draft + export (DB, template, PDF, atomic write)", f"{figures['end_to_end_letters_per_s']} /s")
    line("PDF building alone (embedded fonts, evidence pages)", f"{figures['pdf_only_letters_per_s']} /s")
    line(
        "baseline: same text, bare reportlab Helvetica, no evidence",
        f"{figures['baseline_helvetica_text_letters_per_s']} /s",
    )
    line("average PDF size", f"{figures['avg_pdf_kib']} KiB")
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "bench_letters.json").write_text(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
