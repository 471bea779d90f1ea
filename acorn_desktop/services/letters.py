"""Appeal / representation letters (申诉信): the facts of a case, the filled template, the exported PDF.

``draft`` fills the template of the claim type and language (``resources/letters/<claim_type>.<lang>.txt``,
sandboxed Jinja2, facts exactly as the template contract lists them) and says what evidence is missing and
which attachments can be appended. The person edits subject and body in the dialog; ``export`` writes the PDF
atomically (temp file, fsync, replace), stores a :class:`~acorn_desktop.models.Letter` (text, sha256, pages)
and an audit entry, and returns where it went. The internal copy (``internal=True``) starts with the Chinese
summary page for the manager; what goes to Amazon never contains it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import Session, undefer

from ..documents import letter_templates
from ..documents.letter_pdf import AttachmentPage, BuiltPdf, LetterDocument, ScanRow, ShippingPage, SummaryPage
from ..documents.letter_pdf import build_pdf as _build_pdf
from ..documents.templating import render
from ..domain.claims import LANGUAGE_NAMES, LETTER_LANGUAGES, ClaimType, claim_type_for, letter_language
from ..domain.evidence import EvidenceKind, ShipmentFacts
from ..domain.fx import to_cny
from ..domain.marketplaces import MARKETPLACES
from ..domain.seller_identity import PLACEHOLDER, LegalIdentity, sender_lines
from ..errors import InputError
from ..models import Case, CaseEvent, EvidenceAttachment, Letter, Marketplace, Order, OrderItem, SellerAccount
from . import audit
from .accounts import legal_identity
from .changes import ActorLike, as_actor, get_case, shorten
from .evidence import CaseEvidence, collect
from .permissions import Permission, require

SUBJECT_MAX_CHARS = 300
BODY_MAX_CHARS = 60_000
INTERNAL_TZ = ZoneInfo("Asia/Shanghai")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_KANA = re.compile(r"[\u3040-\u30ff]")

# Attachment labels per letter language (the evidence category of the file).
ATTACHMENT_LABELS = {
    "en": {"shipping_proof": "Proof of shipment", "delivery_scan": "Proof of delivery", "photo": "Photo",
           "message": "Buyer message", "invoice": "Invoice", "other": "Document"},
    "de": {"shipping_proof": "Versandbeleg", "delivery_scan": "Zustellnachweis", "photo": "Foto",
           "message": "Nachricht des Käufers", "invoice": "Rechnung", "other": "Dokument"},
    "fr": {"shipping_proof": "Preuve d'envoi", "delivery_scan": "Preuve de livraison", "photo": "Photo",
           "message": "Message de l'acheteur", "invoice": "Facture", "other": "Document"},
    "it": {"shipping_proof": "Prova di spedizione", "delivery_scan": "Prova di consegna", "photo": "Foto",
           "message": "Messaggio dell'acquirente", "invoice": "Fattura", "other": "Documento"},
    "es": {"shipping_proof": "Justificante de envío", "delivery_scan": "Prueba de entrega", "photo": "Foto",
           "message": "Mensaje del comprador", "invoice": "Factura", "other": "Documento"},
    "ja": {"shipping_proof": "発送記録", "delivery_scan": "配達証明", "photo": "写真",
           "message": "購入者様からのメッセージ", "invoice": "請求書", "other": "資料"},
}  # fmt: skip


# -- what the dialog and the CLI get -----------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class AttachmentChoice:
    id: int
    category: str
    filename: str
    media_type: str
    size: int


@dataclass(frozen=True)
class LetterDraft:
    case_id: int
    claim_type: ClaimType
    lang: str
    subject: str
    body: str
    missing: tuple[EvidenceKind, ...]
    attachments: tuple[AttachmentChoice, ...]
    claim_types: tuple[ClaimType, ...]  # what this case kind can be argued as
    languages: tuple[str, ...]  # letter languages that have a template for the claim type
    default_lang: str  # the marketplace's
    template_key: str
    store_name: str = ""
    signer: tuple[str, ...] = ()  # the sender block (legal name, address …); empty: the store has none yet

    @property
    def unsigned(self) -> bool:
        """The store has no legal name and address: the letter cannot be signed (nor exported)."""
        return not self.signer

    def missing_lines(self, ui_lang: str = "zh_CN") -> list[str]:
        return [kind.missing_line(ui_lang) for kind in self.missing]


@dataclass(frozen=True)
class LetterExport:
    path: Path
    pages: int
    sha256: str
    letter_id: int
    missing: tuple[EvidenceKind, ...]
    unreadable: tuple[str, ...]  # attachments listed with a note instead of shown

    def as_json(self) -> dict:
        return {"path": str(self.path), "pages": self.pages, "sha256": self.sha256, "letter_id": self.letter_id,
                "missing": [k.value for k in self.missing], "missing_zh": [k.missing_zh for k in self.missing],
                "unreadable_attachments": list(self.unreadable)}  # fmt: skip


# -- templates ---------------------------------------------------------------------------------------------------
def languages_for(claim_type: ClaimType) -> tuple[str, ...]:
    """The languages ``claim_type`` has a letter in (``resources/letters/``)."""
    return tuple(lang for ct, lang in letter_templates.available() if ct is claim_type)


def tidy(body: str) -> str:
    """At most one empty line between paragraphs, none at the ends (templates' guarded blocks leave gaps)."""
    lines = [line.rstrip() for line in body.replace("\r\n", "\n").split("\n")]
    out: list[str] = []
    for line in lines:
        if not line and (not out or not out[-1]):
            continue
        out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


# -- the facts (the template contract) ---------------------------------------------------------------------------
def _local_day(moment: datetime | None, zone: ZoneInfo):
    return None if moment is None else moment.astimezone(zone).date()


def _plain_reason(text: str | None, lang: str) -> str | None:
    """The buyer's stated reason if it is in the letter's script (the demo's Chinese labels are not)."""
    if not text:
        return None
    if lang == "ja":
        return text if _KANA.search(text) else None
    return None if _HAN.search(text) or _KANA.search(text) else text


def _shipment_facts(s: ShipmentFacts | None, zone: ZoneInfo, delivered_to: str | None) -> dict | None:
    if s is None:
        return None
    return {
        "carrier": s.carrier,
        "tracking_number": s.tracking_number,
        "service": s.shipping_service,
        "shipped_on": _local_day(s.shipped_at, zone),
        "delivered_on": _local_day(s.delivered_at, zone),
        "delivered_to": delivered_to,
        "scans": [
            {"on": _local_day(scan.at, zone), "time": scan.at.astimezone(zone).strftime("%H:%M"), "code": scan.code,
             "location": scan.location, "description": scan.description}
            for scan in s.scans
        ],
    }  # fmt: skip


def case_facts(
    session: Session,
    case: Case,
    evidence: CaseEvidence,
    lang: str,
    claim_type: ClaimType,
    attachments: Sequence[AttachmentChoice],
    today,
) -> dict:
    """The facts a letter template receives (``/briefs`` contract: plain data, dates, Decimals)."""
    info = MARKETPLACES[case.marketplace_code]
    zone = ZoneInfo(info.timezone)
    store_name = session.scalar(sa.select(SellerAccount.name).where(SellerAccount.id == case.account_id))
    identity = legal_identity(session, case.account_id) if case.account_id is not None else LegalIdentity()
    order = session.get(Order, case.order_id) if case.order_id is not None else None
    items = []
    if order is not None:
        for item in session.scalars(sa.select(OrderItem).where(OrderItem.order_id == order.id).order_by(OrderItem.id)):
            unit = (Decimal(item.item_price) / item.quantity).quantize(Decimal("0.01")) if item.quantity else None
            items.append({"title": item.title, "sku": item.sku, "asin": item.asin, "quantity": item.quantity,
                          "price": unit})  # fmt: skip
    package = evidence.package
    returned = next((s for s in package.shipments if s.direction == "return"), None)
    refunds = [{"posted_on": _local_day(r.posted_at, zone), "amount": r.amount, "currency": r.currency}
               for r in package.refunds]  # fmt: skip
    labels = ATTACHMENT_LABELS.get(lang, ATTACHMENT_LABELS["en"])
    return_shipment = None
    if returned is not None:
        return_shipment = {"carrier": returned.carrier, "tracking_number": returned.tracking_number,
                           "delivered_on": _local_day(returned.delivered_at, zone)}  # fmt: skip
    return {
        "lang": lang,
        "today": today,
        "seller": {"store_name": store_name, "legal_name": identity.legal_name if identity.complete else PLACEHOLDER},
        "marketplace": {"code": info.code, "domain": info.domain},
        "case": {"id": case.id, "claim_type": claim_type.value},
        "claim": {
            "opened_on": _local_day(case.opened_at, zone),
            "amount": case.amount,
            "currency": case.currency,
            "reason": _plain_reason(case.reason_text, lang),
        },
        "order": {
            "id": case.amazon_order_id,
            "purchase_date": _local_day(order.purchase_date, zone) if order is not None else None,
            "total": order.order_total if order is not None else case.amount,
            "currency": order.currency if order is not None else case.currency,
            "items": items,
        },
        "shipment": _shipment_facts(package.outbound, zone, evidence.delivered_to),
        "return_shipment": return_shipment,
        "refunds": refunds,
        "refund_total": sum((r.amount for r in package.refunds), Decimal(0)),
        "messages": [{"received_on": _local_day(m.received_at, zone), "excerpt": m.excerpt} for m in package.messages],
        "attachments": [{"label": labels.get(a.category, labels["other"]), "filename": a.filename}
                        for a in attachments],
    }  # fmt: skip


class _Record(SimpleNamespace):
    """A fact group for templates: ``order.items`` is the items list (a dict would answer with ``dict.items``)."""


def template_data(value):
    """``case_facts`` as templates read them: nested dicts become attribute records, lists stay lists."""
    if isinstance(value, Mapping):
        return _Record(**{key: template_data(item) for key, item in value.items()})
    if isinstance(value, list | tuple):
        return [template_data(item) for item in value]
    return value


def fill(source: str, facts: Mapping, name: str) -> str:
    """Render a letter template with the case's facts (sandboxed)."""
    return render(source, {key: template_data(value) for key, value in facts.items()}, name=name)


# -- the services ------------------------------------------------------------------------------------------------
class LetterServices:
    """Draft and export appeal letters. Every method runs on the DB worker (or the CLI)."""

    def __init__(self, store, *, rates: Mapping[str, Decimal] | None = None) -> None:
        self.store = store
        self.rates = dict(rates) if rates else None  # None: the store's one rate table (services.rates)

    def draft(self, case_id: int, lang: str | None = None, claim_type: ClaimType | str | None = None) -> LetterDraft:
        with self.store.reader() as session:
            case, claim, lang = _resolve(session, case_id, lang, claim_type)
            evidence = collect(session, case.id, claim)
            choices = _attachment_choices(session, case.id)
            source = letter_templates.load(claim, lang)
            name = letter_templates.file_name(claim, lang)
            facts = case_facts(session, case, evidence, lang, claim, choices, datetime.now(UTC).date())
            subject = " ".join(fill(source.subject, facts, name).split())
            body = tidy(fill(source.body, facts, name))
            market_lang = letter_language(MARKETPLACES[case.marketplace_code].language)
            signer = _signer(session, case, lang, required=False)
            return LetterDraft(
                case_id=case.id, claim_type=claim, lang=lang, subject=subject, body=body,
                missing=evidence.package.missing, attachments=choices,
                claim_types=tuple(t for t in ClaimType if t.case_kind == case.kind), languages=languages_for(claim),
                default_lang=market_lang, template_key=f"{claim.value}.{lang}",
                store_name=facts["seller"]["store_name"] or "", signer=tuple(signer),
            )  # fmt: skip

    def export(
        self,
        case_id: int,
        subject: str,
        body: str,
        lang: str,
        attachment_ids: Sequence[int],
        path: Path | str,
        internal: bool = False,
        *,
        claim_type: ClaimType | str | None = None,
        actor: ActorLike = "cli",
        now: datetime | None = None,
    ) -> LetterExport:
        """Write the letter PDF atomically to ``path``; record it (Letter row, timeline, audit). All or nothing."""
        who = as_actor(actor)
        subject, body = (subject or "").strip(), (body or "").strip()
        _check_text(subject, body)
        now = (now or datetime.now(UTC)).astimezone(UTC)
        target = Path(path).expanduser()
        with self.store.reader() as session:
            if who.user_id is not None:
                require(session, who, Permission.HANDLE_CASES)
            case, claim, lang = _resolve(session, case_id, lang, claim_type)
            evidence = collect(session, case.id, claim)
            attachments = _load_attachments(session, case.id, attachment_ids)
            document = self._document(session, case, evidence, claim, lang, subject, body, attachments, internal, now)
            case_ref = (case.id, case.version)
            appended = [a.id for a in attachments]
        built = _build_pdf(document)
        digest = hashlib.sha256(built.data).hexdigest()
        with self.store.session() as session:
            if who.user_id is not None:
                require(session, who, Permission.HANDLE_CASES)
            case = get_case(session, case_ref[0])
            letter = Letter(
                case_id=case.id, template_key=f"{claim.value}.{lang}", language=lang, subject=subject[:300],
                body=body, evidence_ids=appended, pdf_sha256=digest, pages=built.pages,
                internal=internal, created_by=who.user_id,
            )  # fmt: skip
            session.add(letter)
            session.flush()
            kind_zh = "内部版申诉信" if internal else "申诉信"
            session.add(
                CaseEvent(
                    case_id=case.id, kind="letter", actor_id=who.user_id,
                    summary=shorten(f"导出{kind_zh}({LANGUAGE_NAMES.get(lang, (lang,))[0]},{built.pages} 页)/ "
                                    f"{'Internal appeal' if internal else 'Appeal'} letter exported ({lang}, "
                                    f"{built.pages} pages)"),
                    data={"letter_id": letter.id, "sha256": digest, "file": target.name, "actor": who.name},
                )
            )  # fmt: skip
            audit.append(
                session, actor=who.name, action="letter.exported",
                summary=shorten(f"工单 #{case.id} 导出{kind_zh} {target.name} / case #{case.id} letter exported"),
                payload={"case_id": case.id, "letter_id": letter.id, "template": letter.template_key,
                         "internal": internal, "pages": built.pages, "sha256": digest, "file": target.name,
                         "attachments": letter.evidence_ids, "missing": [k.value for k in evidence.package.missing]},
                entity_type="case", entity_id=case.id,
            )  # fmt: skip
            write_atomically(target, built.data)  # inside the transaction: no Letter row without its file
            letter_id = letter.id
        return LetterExport(target, built.pages, digest, letter_id, evidence.package.missing, tuple(built.unreadable))

    def build(self, case_id: int, lang: str | None = None, *, internal: bool = False, claim_type=None) -> BuiltPdf:
        """The drafted letter as PDF bytes, with every attachment, nothing stored (previews, benchmarks)."""
        draft = self.draft(case_id, lang, claim_type)
        with self.store.reader() as session:
            case, claim, lang = _resolve(session, case_id, draft.lang, draft.claim_type)
            evidence = collect(session, case.id, claim)
            attachments = _load_attachments(session, case.id, [a.id for a in draft.attachments])
            document = self._document(session, case, evidence, claim, lang, draft.subject, draft.body, attachments,
                                      internal, datetime.now(UTC))  # fmt: skip
        return _build_pdf(document)

    # -- building the document --------------------------------------------------------------------------------
    def _document(self, session, case, evidence, claim, lang, subject, body, attachments, internal, now):
        info = MARKETPLACES[case.marketplace_code]
        zone = ZoneInfo(info.timezone)
        labels = ATTACHMENT_LABELS.get(lang, ATTACHMENT_LABELS["en"])
        pages = []
        outbound = evidence.package.outbound
        if outbound is not None:
            pages.append(_shipping_page(outbound, zone, lang, evidence.delivered_to))
        if claim is ClaimType.ATOZ_RETURN_NOT_REFUNDED:
            returns = [s for s in evidence.package.shipments if s.direction == "return"]
            pages += [_shipping_page(s, zone, lang, None) for s in returns]
        summary = None
        if internal:
            choices = [AttachmentChoice(a.id, a.category, a.filename, a.media_type, a.size) for a in attachments]
            facts = case_facts(session, case, evidence, lang, claim, choices, now.date())
            summary = self._summary(session, case, evidence, claim, lang, subject, body, facts, now)
        signer = _signer(session, case, lang, required=True)
        if PLACEHOLDER in subject or PLACEHOLDER in body:  # drafted before the store had its legal name
            raise InputError(
                f"信函中仍有占位符「{PLACEHOLDER}」。请重新生成信函(切换语言或重新打开对话框),使用店铺的法定名称落款。",
                f"The letter still contains the placeholder '{PLACEHOLDER}'. Draft it again so that it is signed "
                "with the store's legal name.",
            )  # fmt: skip
        return LetterDocument(
            case_id=case.id, order_id=case.amazon_order_id, lang=lang, subject=subject, body=body, generated_at=now,
            shipping=tuple(pages),
            attachments=tuple(AttachmentPage(labels.get(a.category, labels["other"]), a.filename, a.media_type,
                                             a.content) for a in attachments),
            summary=summary, title=subject, author=signer[0], sender=tuple(signer),
        )  # fmt: skip

    def _summary(self, session, case, evidence, claim, lang, subject, body, facts, now) -> SummaryPage:
        """The manager's page, in Chinese: case, order, amounts ≈CNY, the clock, evidence, the letter's gist."""
        market = session.get(Marketplace, case.marketplace_code)
        store_name = facts["seller"]["store_name"]
        from .rates import current_rates

        cny = to_cny(Decimal(case.amount), case.currency, self.rates or current_rates(session).rates)
        amount = f"{case.amount} {case.currency}" + (f"(≈ ¥{cny:,})" if cny is not None else "(无人民币汇率)")
        order = facts["order"]
        order_line = order["id"] or "—"
        if order["purchase_date"]:
            order_line += f" · 下单 {order['purchase_date']:%Y-%m-%d} · 订单金额 {order['total']} {order['currency']}"
        if case.deadline_at is not None:
            left = case.deadline_at - now
            hours = int(left.total_seconds() // 3600)
            when = case.deadline_at.astimezone(INTERNAL_TZ).strftime("%Y-%m-%d %H:%M")
            clock = f"{when}(北京时间)," + (f"剩余约 {hours // 24} 天 {hours % 24} 小时" if hours >= 0
                                               else f"已逾期 {(-hours) // 24} 天 {(-hours) % 24} 小时")  # fmt: skip
        else:
            clock = "无截止时间"
        package = evidence.package
        # What the summary template cannot know (money in CNY, the clock in Beijing time, the letter as edited);
        # the template writes the rest: the claim, what the letter argues, the evidence, what to check first.
        rows = (
            ("工单", f"#{case.id} · {case.kind.label_zh} · {case.state.label_zh} · {store_name} · "
                     f"{case.marketplace_code} {market.name_zh if market else ''}".strip()),
            ("订单", order_line),
            ("索赔金额", amount),
            ("截止时间", clock),
            ("申诉信", f"{LANGUAGE_NAMES.get(lang, (lang,))[0]} · {subject}"),
            ("落款", facts["seller"]["legal_name"]),
        )  # fmt: skip
        source = letter_templates.internal_summary()
        prose = tidy(fill(source.body, facts, letter_templates.SUMMARY_NAME))
        warnings = tuple(k.missing_line("zh_CN") for k in package.missing)
        return SummaryPage("内部摘要(仅供主管审阅,不发送给亚马逊)", rows, prose, warnings)


def _signer(session: Session, case: Case, lang: str, *, required: bool) -> list[str]:
    """The sender block of the case's store; with ``required``, an :class:`InputError` when it has none."""
    identity = legal_identity(session, case.account_id) if case.account_id is not None else LegalIdentity()
    lines = sender_lines(identity, lang)
    if not lines and required:
        raise InputError(
            "店铺未填写英文法定名称和地址,信函将无法签署 — 请在 店铺 设置中填写。",
            "The store has no legal name and address in Latin script, so the letter cannot be signed — enter "
            "them in the Stores settings.",
            hint_zh="「文件 › 店铺…」:选择该店铺,填写营业执照上的英文名称和地址(管理员或主管)。",
            hint_en="File › Stores…: select the store and enter the legal name and address (administrator or manager).",
        )
    return lines


def _shipping_page(s: ShipmentFacts, zone: ZoneInfo, lang: str, delivered_to: str | None) -> ShippingPage:
    from ..documents.templating import environment

    longdate = environment().filters["longdate"]

    def day(moment: datetime | None) -> str | None:
        return None if moment is None else longdate(moment.astimezone(zone).date(), lang)

    def at(moment: datetime | None) -> str | None:
        return None if moment is None else f"{day(moment)} {moment.astimezone(zone):%H:%M}"

    scans = tuple(
        ScanRow(scan.at.astimezone(zone).strftime("%Y-%m-%d"), scan.at.astimezone(zone).strftime("%H:%M"), scan.code,
                scan.location, scan.description)
        for scan in s.scans
    )  # fmt: skip
    return ShippingPage(s.carrier or "—", s.tracking_number, s.shipping_service, at(s.shipped_at), at(s.delivered_at),
                        delivered_to, scans, s.direction)  # fmt: skip


def _resolve(session: Session, case_id: int, lang: str | None, claim_type) -> tuple[Case, ClaimType, str]:
    case = get_case(session, case_id)
    default = claim_type_for(case.kind, case.reason_code)
    if default is None:
        raise InputError(
            f"工单 #{case.id} 是{case.kind.label_zh},不是 A-to-z 索赔或拒付,无需申诉信。",
            f"Case #{case.id} is a {case.kind.label_en.lower()}, not an A-to-z claim or chargeback: no appeal letter.",
        )
    if not case.amazon_order_id:
        raise InputError(
            f"工单 #{case.id} 没有订单号,无法生成申诉信。",
            f"Case #{case.id} has no order id, so no letter can be written.",
            hint_zh="请先在工单中关联订单。",
            hint_en="Link the case to its order first.",
        )
    claim = default
    if claim_type is not None:
        try:
            claim = ClaimType(claim_type)
        except ValueError:
            allowed = ", ".join(t.value for t in ClaimType if t.case_kind == case.kind)
            raise InputError(f"索赔类型「{claim_type}」无效。可选:{allowed}",
                             f"Invalid claim type '{claim_type}'. Choose: {allowed}") from None  # fmt: skip
        if claim.case_kind != case.kind:
            raise InputError(
                f"「{claim.label_zh}」不适用于{case.kind.label_zh}工单。",
                f"'{claim.label_en}' does not apply to a {case.kind.label_en.lower()}.",
            )
    if lang is None:
        lang = letter_language(MARKETPLACES[case.marketplace_code].language)
    if lang not in LETTER_LANGUAGES:
        raise InputError(f"不支持的申诉信语言「{lang}」。可选:{', '.join(LETTER_LANGUAGES)}",
                         f"Unsupported letter language '{lang}'. Choose: {', '.join(LETTER_LANGUAGES)}")  # fmt: skip
    return case, claim, lang


def _attachment_choices(session: Session, case_id: int) -> tuple[AttachmentChoice, ...]:
    return tuple(
        AttachmentChoice(*row)
        for row in session.execute(
            sa.select(EvidenceAttachment.id, EvidenceAttachment.category, EvidenceAttachment.filename,
                      EvidenceAttachment.media_type, EvidenceAttachment.size)
            .where(EvidenceAttachment.case_id == case_id)
            .order_by(EvidenceAttachment.added_at, EvidenceAttachment.id)
        )
    )  # fmt: skip


def _load_attachments(session: Session, case_id: int, ids: Sequence[int]) -> list[EvidenceAttachment]:
    ids = list(dict.fromkeys(int(i) for i in ids))
    if not ids:
        return []
    rows = {
        a.id: a
        for a in session.scalars(
            sa.select(EvidenceAttachment)
            .options(undefer(EvidenceAttachment.content))
            .where(EvidenceAttachment.id.in_(ids), EvidenceAttachment.case_id == case_id)
        )
    }
    unknown = [i for i in ids if i not in rows]
    if unknown:
        raise InputError(
            f"证据 {', '.join(f'#{i}' for i in unknown)} 不属于工单 #{case_id}。",
            f"Evidence {', '.join(f'#{i}' for i in unknown)} does not belong to case #{case_id}.",
        )
    return [rows[i] for i in ids]


def _check_text(subject: str, body: str) -> None:
    if not subject or not body:
        raise InputError("主题和正文都不能为空。", "Subject and body must not be empty.")
    if len(subject) > SUBJECT_MAX_CHARS:
        raise InputError(f"主题太长(最多 {SUBJECT_MAX_CHARS} 个字符)。",
                         f"The subject is too long (at most {SUBJECT_MAX_CHARS} characters).")  # fmt: skip
    if len(body) > BODY_MAX_CHARS:
        raise InputError(f"正文太长(最多 {BODY_MAX_CHARS:,} 个字符)。",
                         f"The body is too long (at most {BODY_MAX_CHARS:,} characters).")  # fmt: skip


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that it is either the old file or the whole new one (temp, fsync, replace)."""
    directory = path.parent
    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise _unwritable(path, exc) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise _unwritable(path, exc) from None
    if hasattr(os, "O_DIRECTORY"):  # the rename itself survives a power cut (POSIX)
        with contextlib.suppress(OSError):
            dir_fd = os.open(directory, os.O_DIRECTORY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)


def _unwritable(path: Path, exc: OSError) -> InputError:
    return InputError(
        f"无法写入 {path}({exc.strerror or exc})。未保存任何内容。",
        f"Cannot write {path} ({exc.strerror or exc}). Nothing was saved.",
        hint_zh="请选择一个可以写入的文件夹,或关闭正在打开该文件的程序。",
        hint_en="Choose a folder you can write to, or close the program that has the file open.",
    )
