"""Appeal letters end to end on a real encrypted store: facts, templates, PDFs read back, fonts, pages as PNG."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa
from PIL import Image
from pypdf import PdfReader

from acorn_desktop import models as m
from acorn_desktop.documents import fonts
from acorn_desktop.domain.cases import CaseKind
from acorn_desktop.domain.claims import ClaimType
from acorn_desktop.domain.evidence import EvidenceKind
from acorn_desktop.errors import InputError
from acorn_desktop.services import letters as letters_module
from acorn_desktop.services.case_detail import CaseDetailServices
from acorn_desktop.services.demo import seed_demo
from acorn_desktop.services.letters import LetterServices, template_data, tidy
from acorn_desktop.services.shipments import local_day

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
POPPLER = shutil.which("pdftotext") and shutil.which("pdffonts") and shutil.which("pdftoppm")
needs_poppler = pytest.mark.skipif(not POPPLER, reason="poppler-utils not installed")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """A seeded demo store shared by the read-mostly tests (letters are recorded, cases untouched)."""
    from isolated_keyring import IsolatedKeyring

    from acorn_desktop.storage.secrets import SecretStore
    from acorn_desktop.storage.store import Store, StoreLocation

    root = tmp_path_factory.mktemp("letters-demo")
    store = Store.create(StoreLocation(root / "data"), secrets=SecretStore(IsolatedKeyring(root / "keyring.json")))
    seed_demo(store, cases=800, seed=42, now=NOW)
    yield store
    store.close()


def _claims(store, marketplace: str, *, delivered: bool | None = True, reason: str = "ITEM_NOT_RECEIVED"):
    """A-to-z claim cases of a marketplace whose outbound parcel has (or lacks) a delivery scan."""
    with store.reader() as session:
        rows = session.execute(
            sa.select(m.Case.id, m.Shipment.delivered_at)
            .join(m.Shipment, (m.Shipment.amazon_order_id == m.Case.amazon_order_id)
                  & (m.Shipment.direction == "outbound"))
            .where(m.Case.kind == CaseKind.ATOZ_CLAIM, m.Case.reason_code == reason,
                   m.Case.marketplace_code == marketplace if marketplace else sa.true())
            .order_by(m.Case.id)
        ).all()  # fmt: skip
    return [case_id for case_id, at in rows if delivered is None or (at is not None) == delivered]


def _outbound(store, case_id: int):
    with store.reader() as session:
        case = session.get(m.Case, case_id)
        ship = session.scalar(
            sa.select(m.Shipment).where(m.Shipment.amazon_order_id == case.amazon_order_id,
                                        m.Shipment.direction == "outbound")
        )  # fmt: skip
        return case.amazon_order_id, case.marketplace_code, ship.tracking_number, ship.delivered_at, ship.carrier


def _text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def _fonts(path) -> list[dict]:
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    rows = []
    for line in out:
        parts = line.split()
        rows.append({"name": parts[0], "type": parts[1], "emb": parts[-5]})
    return rows


@needs_poppler
def test_german_atoz_appeal_for_a_demo_case_reads_back(demo, tmp_path):
    case_id = _claims(demo, "DE")[0]
    order_id, _mkt, tracking, delivered_at, carrier = _outbound(demo, case_id)
    letters = LetterServices(demo)
    draft = letters.draft(case_id)
    assert draft.lang == "de" and draft.claim_type is ClaimType.ATOZ_NOT_RECEIVED and draft.missing == ()
    day = local_day(delivered_at, "DE")
    months = [
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ]
    german_day = f"{day.day}. {months[day.month - 1]} {day.year}"
    assert order_id in draft.subject and tracking in draft.body and german_day in draft.body

    result = letters.export(case_id, draft.subject, draft.body, "de", [], tmp_path / "appeal.pdf")
    text = _text(result.path)
    assert order_id in text and tracking in text and german_day in text
    assert "Versandnachweis" in text and carrier in text  # the shipping-proof page
    assert f"Seite 1 von {result.pages}" in text and f"Seite {result.pages} von {result.pages}" in text
    assert f"Fall #{case_id}" in text and "UTC" in text
    assert "内部摘要" not in text  # what goes to Amazon never carries the manager's page
    assert len(PdfReader(result.path).pages) == result.pages == 2
    assert all(f["emb"] == "yes" and f["type"].startswith("TrueType") for f in _fonts(result.path))
    assert "Helvetica" not in {f["name"] for f in _fonts(result.path)}

    with demo.reader() as session:
        letter = session.get(m.Letter, result.letter_id)
        assert (letter.language, letter.pages, letter.pdf_sha256, letter.internal) == ("de", 2, result.sha256, False)
        assert letter.body == draft.body.strip() and letter.template_key == "atoz_not_received.de"
        entry = session.scalar(sa.select(m.AuditEntry).order_by(m.AuditEntry.id.desc()).limit(1))
        assert entry.action == "letter.exported" and entry.entity_id == str(case_id)
    import hashlib

    assert hashlib.sha256(result.path.read_bytes()).hexdigest() == result.sha256


@needs_poppler
def test_japanese_letter_renders_japanese_and_pages_are_not_blank(demo, tmp_path):
    case_id = _claims(demo, "JP")[0]
    letters = LetterServices(demo)
    draft = letters.draft(case_id)
    assert draft.lang == "ja"
    result = letters.export(case_id, draft.subject, draft.body, "ja", [], tmp_path / "ja.pdf")
    text = _text(result.path)
    assert "マーケットプレイス保証" in text and "発送証明" in text and "ページ" in text
    names = {f["name"] for f in _fonts(result.path)}
    assert any("IPA" in n or "Gothic" in n for n in names), names
    subprocess.run(["pdftoppm", "-png", "-r", "40", str(result.path), str(tmp_path / "page")], check=True)
    pngs = sorted(tmp_path.glob("page-*.png"))
    assert len(pngs) == result.pages
    for png in pngs:
        image = Image.open(png).convert("L")
        dark = sum(image.histogram()[:128])
        assert dark > 400, f"{png.name} looks blank"  # text was drawn (a blank page has none)


@needs_poppler
def test_internal_copy_has_the_chinese_summary_first_and_missing_evidence(demo, tmp_path):
    case_id = _claims(demo, None, delivered=False)[0]
    letters = LetterServices(demo)
    draft = letters.draft(case_id, "de")
    assert draft.missing == (EvidenceKind.DELIVERY_SCAN,)
    assert draft.missing_lines() == ["缺少签收证明:导入承运商物流记录或手动填写签收时间"]
    assert "keine Zustellung" in draft.body and "zugestellt" not in draft.body  # the template's no-delivery branch
    internal = letters.export(case_id, draft.subject, draft.body, "de", [], tmp_path / "internal.pdf", internal=True)
    outside = letters.export(case_id, draft.subject, draft.body, "de", [], tmp_path / "outside.pdf")
    assert internal.pages == outside.pages + 1
    first = PdfReader(internal.path).pages[0].extract_text()
    assert "内部摘要" in first and "缺少签收证明" in first and "≈ ¥" in first
    assert "内部摘要" not in _text(outside.path)
    names = {f["name"] for f in _fonts(internal.path)}
    assert any("WenQuanYi" in n or "Hei" in n or "YaHei" in n for n in names), names


def _attach(store, case_id: int, tmp_path, name: str, content: bytes, category: str) -> int:
    path = tmp_path / name
    path.write_bytes(content)
    return CaseDetailServices(store).attach_evidence(case_id, path, category, "test")


def _png(size=(900, 600), colour=(200, 40, 40)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "PNG")
    return buffer.getvalue()


@needs_poppler
def test_attachments_become_pages_and_unreadable_ones_a_note(demo, tmp_path):
    case_id = _claims(demo, None)[-1]
    photo = _attach(demo, case_id, tmp_path, "damage.png", _png(), "photo")
    broken = _attach(demo, case_id, tmp_path, "scan.jpg", b"not really a jpeg" * 10, "photo")
    mail = _attach(demo, case_id, tmp_path, "buyer.eml", b"From: x\r\n\r\nhello", "message")
    # a one-page PDF attachment made with reportlab itself
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.drawString(100, 700, "CARRIER-STATEMENT-42")
    pdf.showPage()
    pdf.showPage()
    pdf.save()
    statement = _attach(demo, case_id, tmp_path, "statement.pdf", buffer.getvalue(), "shipping_proof")
    letters = LetterServices(demo)
    draft = letters.draft(case_id)
    assert [a.id for a in draft.attachments] == [photo, broken, mail, statement]
    assert "damage.png" in draft.body  # the template lists the attachments
    result = letters.export(case_id, draft.subject, draft.body, draft.lang, [statement, photo, broken, mail],
                            tmp_path / "with-attachments.pdf")  # fmt: skip
    assert result.pages == 2 + 4 and set(result.unreadable) == {"scan.jpg", "buyer.eml"}
    reader = PdfReader(result.path)
    texts = [page.extract_text() for page in reader.pages]
    assert "statement.pdf" in texts[2] and "damage.png" in texts[3]
    assert "scan.jpg" in texts[4] and "buyer.eml" in texts[5]
    assert any(page.images for page in reader.pages[2:4])  # the rendered PDF page and the photo are images
    assert not reader.pages[4].images
    with demo.reader() as session:
        assert session.get(m.Letter, result.letter_id).evidence_ids == [statement, photo, broken, mail]

    with pytest.raises(InputError, match="不属于"):
        letters.export(case_id, draft.subject, draft.body, draft.lang, [999_999], tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


def test_export_is_atomic_and_refuses_what_it_cannot_do(demo, tmp_path, monkeypatch):
    case_id = _claims(demo, "DE")[0]
    letters = LetterServices(demo)
    draft = letters.draft(case_id)
    target = tmp_path / "appeal.pdf"
    target.write_bytes(b"the previous letter")
    with demo.reader() as session:
        before = session.scalar(sa.select(sa.func.count()).select_from(m.Letter))

    def fail(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(letters_module.os, "fsync", fail)
    with pytest.raises(InputError, match="无法写入"):
        letters.export(case_id, draft.subject, draft.body, "de", [], target)
    monkeypatch.undo()
    assert target.read_bytes() == b"the previous letter"  # old file intact, no temp file left behind
    assert [p.name for p in tmp_path.iterdir()] == ["appeal.pdf"]
    with demo.reader() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(m.Letter)) == before  # nothing recorded

    with pytest.raises(InputError):
        letters.export(case_id, "", draft.body, "de", [], target)
    with pytest.raises(InputError, match="语言"):
        letters.draft(case_id, "pt")  # no letters in Portuguese
    with pytest.raises(InputError, match="不适用"):
        letters.draft(case_id, "de", ClaimType.CHARGEBACK_UNAUTHORISED)
    with demo.reader() as session:
        refund = session.scalar(sa.select(m.Case.id).where(m.Case.kind == CaseKind.REFUND).limit(1))
    with pytest.raises(InputError, match="无需申诉信"):
        letters.draft(refund)


def test_missing_font_is_a_clear_chinese_error(monkeypatch):
    monkeypatch.setattr(fonts, "_registered", {})
    monkeypatch.setattr(fonts, "_candidates", lambda script: [])
    with pytest.raises(fonts.FontMissingError) as error:
        fonts.font("ja")
    assert "fonts-ipafont-gothic" in error.value.zh and "找不到" in error.value.zh


def test_rendered_bodies_keep_one_empty_line_between_paragraphs_and_template_records():
    assert tidy("\n\nA\n\n\nB  \n\n\n\nC\n\n") == "A\n\nB\n\nC"  # guarded blocks leave gaps
    assert tidy("A\nB") == "A\nB"  # single line breaks inside a paragraph stay
    data = template_data({"items": [{"title": "x"}], "total": Decimal("1.00")})
    assert data.items[0].title == "x" and data.total == Decimal("1.00")


def test_cli_letter_json(store, data_dir, tmp_path, capsys):
    from acorn_desktop import cli

    seed_demo(store, cases=300, seed=42, now=NOW)
    case_id = _claims(store, "DE", delivered=None)[0]
    out = str(tmp_path / "cli.pdf")
    assert cli.main(["--data-dir", str(data_dir), "--json", "letter", str(case_id), "--lang", "en", "--out", out]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["pages"] == len(PdfReader(out).pages) and data["lang"] == "en" and len(data["sha256"]) == 64
    assert data["missing"] in ([], ["delivery_scan"])
    args = ["--data-dir", str(data_dir), "letter", str(case_id), "--claim-type", "chargeback_unauthorised"]
    code = cli.main([*args, "--out", out + ".cb"])  # a chargeback letter for an A-to-z claim
    assert code == 2 and "不适用" in capsys.readouterr().err and not Path(out + ".cb").exists()


def test_letter_facts_follow_the_contract(demo):
    case_id = _claims(demo, "DE")[0]
    with demo.reader() as session:
        case = session.get(m.Case, case_id)
        from acorn_desktop.services.evidence import collect

        evidence = collect(session, case_id)
        facts = letters_module.case_facts(session, case, evidence, "de", ClaimType.ATOZ_NOT_RECEIVED, [], NOW.date())
    assert set(facts) == {"lang", "today", "seller", "marketplace", "case", "claim", "order", "shipment",
                          "return_shipment", "refunds", "refund_total", "messages", "attachments"}  # fmt: skip
    assert facts["marketplace"] == {"code": "DE", "domain": "amazon.de"}
    assert set(facts["order"]["items"][0]) == {"title", "sku", "asin", "quantity", "price"}
    assert set(facts["shipment"]) == {"carrier", "tracking_number", "service", "shipped_on", "delivered_on",
                                      "delivered_to", "scans"}  # fmt: skip
    scan = facts["shipment"]["scans"][0]
    assert set(scan) == {"on", "time", "code", "location", "description"} and len(scan["time"]) == 5
    assert facts["claim"]["opened_on"] <= NOW.date() and facts["refund_total"] == Decimal(0)
    assert isinstance(facts["order"]["total"], Decimal)
    assert facts["shipment"]["shipped_on"] <= facts["shipment"]["delivered_on"] <= NOW.date()
