"""The case detail pane's use cases: read one case with everything around it; notes, evidence, assignee, state.

Qt-free. Every method is one transaction on the store (reads through ``store.reader()``, writes through
``store.session()``), and every write appends its audit entry inside that same transaction.

Evidence bytes live only inside the encrypted database (``EvidenceAttachment.content``): a file is read
into memory, hashed and stored; it is never copied anywhere else on disk. :meth:`CaseDetailServices.evidence_bytes`
hands the bytes back so that the UI can write them where the user chooses.

Optimistic locking: ``Case.version`` is SQLAlchemy's ``version_id_col``, so every UPDATE of a case row carries
``WHERE version = <what was read>`` and bumps it. Callers pass ``expected_version`` (the version they showed the
user); a case changed by someone else (another desktop, the sync) in between is refused with
:class:`StaleCaseError` instead of being overwritten.
"""

from __future__ import annotations

import hashlib
import mimetypes
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session, aliased, undefer

from ..domain.cases import ALLOWED_TRANSITIONS, CaseKind, CaseState, check_transition
from ..domain.deadlines import DEFAULT_CLOCKS
from ..errors import InputError
from ..models import (
    Case,
    CaseEvent,
    EvidenceAttachment,
    Marketplace,
    MarketplacePolicy,
    Order,
    OrderItem,
    OutboxState,
    RefundOutbox,
    Role,
    SellerAccount,
    User,
)
from . import audit, refund_outbox
from .changes import (
    ActorLike,
    as_actor,
    case_not_found,
    check_version,
    flush_versioned,
    get_case,
    record_state_change,
    shorten,
)
from .refund_outbox import Guidance

NOTE_MAX_CHARS = 2000
COMMENT_MAX_CHARS = 500
EVIDENCE_MAX_BYTES = 20 * 1024 * 1024
FILENAME_MAX_CHARS = 255

# Evidence categories (the value stored) with their UI labels (zh, en). Missing-evidence hints key on these.
EVIDENCE_CATEGORIES: dict[str, tuple[str, str]] = {
    "shipping_proof": ("发货凭证", "Proof of shipment"),
    "delivery_scan": ("妥投记录", "Delivery scan"),
    "photo": ("照片", "Photo"),
    "message": ("买家消息", "Buyer message"),
    "invoice": ("发票", "Invoice"),
    "other": ("其他", "Other"),
}

# A few types mimetypes does not know everywhere (Windows registry lookups vary).
_MEDIA_TYPES = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".webp": "image/webp",
    ".heic": "image/heic",
    ".eml": "message/rfc822",
    ".msg": "application/vnd.ms-outlook",
    ".txt": "text/plain",
    ".csv": "text/csv",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


# -- what load() returns ---------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class OrderItemRow:
    title: str
    sku: str
    asin: str
    quantity: int
    item_price: Decimal
    item_tax: Decimal
    shipping_price: Decimal
    currency: str


@dataclass(frozen=True, slots=True)
class OrderFacts:
    amazon_order_id: str
    purchase_date: datetime
    status: str
    fulfillment_channel: str  # MFN | AFN
    order_total: Decimal
    currency: str
    ship_country: str | None
    items: tuple[OrderItemRow, ...]


@dataclass(frozen=True, slots=True)
class PolicyRow:
    """A response clock and where it comes from. ``origin`` is "default" (DEFAULT_CLOCKS) or "marketplace"."""

    origin: str
    hours: int
    business_days: int
    source: str
    marketplace: str | None = None
    event_kind: str | None = None
    version: int | None = None
    effective_from: datetime | None = None
    superseded_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    id: int
    at: datetime
    kind: str  # created, state_changed, note, sync, evidence_added, assigned, decision…
    summary: str
    actor: str | None
    text: str | None = None  # a note's full text (the summary may be shortened) or a state change's comment


@dataclass(frozen=True, slots=True)
class EvidenceInfo:
    id: int
    category: str
    filename: str
    media_type: str
    size: int
    sha256: str
    added_at: datetime
    added_by: str | None


@dataclass(frozen=True, slots=True)
class UserChoice:
    id: int
    display_name: str
    role: str  # role code: cs, operator, manager, finance, admin
    role_zh: str
    role_en: str


@dataclass(frozen=True, slots=True)
class CaseDetail:
    id: int
    version: int
    kind: CaseKind
    state: CaseState
    marketplace: str
    marketplace_zh: str
    marketplace_en: str
    marketplace_timezone: str
    store: str
    source: str
    source_ref: str
    amazon_order_id: str | None
    sku: str | None
    asin: str | None
    amount: Decimal
    currency: str
    reason_code: str | None
    reason_text: str | None
    risk: int
    opened_at: datetime
    deadline_at: datetime | None
    assignee_id: int | None
    assignee: str | None
    order: OrderFacts | None
    clock: PolicyRow  # the kind's default clock (interim table, domain/deadlines.py)
    policy: PolicyRow | None  # the marketplace policy row the deadline was computed with, if any
    timeline: tuple[TimelineEntry, ...]  # newest first
    evidence: tuple[EvidenceInfo, ...]  # newest first
    notes: tuple[TimelineEntry, ...]  # newest first
    next_states: tuple[CaseState, ...]
    responded_at: datetime | None = None  # the answer was given: the clock stopped
    unconfirmed_refunds: tuple[Guidance, ...] = ()  # 待确认 adjustments and what a 主管 checks for each


# -- the services ----------------------------------------------------------------------------------------------
class CaseDetailServices:
    """Bound to one open store. Every method runs one transaction; call them on the DB worker."""

    def __init__(self, store) -> None:
        self.store = store

    # reads -------------------------------------------------------------------------------------------------
    def load(self, case_id: int) -> CaseDetail:
        with self.store.reader() as session:
            return _load(session, case_id)

    def list_users(self) -> list[UserChoice]:
        """Active users for the assignee chooser, by display name."""
        query = (
            sa.select(User.id, User.display_name, Role.code, Role.name_zh, Role.name_en)
            .join(Role, Role.code == User.role_code)
            .where(User.active.is_(True))
            .order_by(User.display_name, User.id)
        )
        with self.store.reader() as session:
            return [UserChoice(*row) for row in session.execute(query)]

    def evidence_bytes(self, attachment_id: int) -> tuple[str, str, bytes]:
        """(filename, media type, bytes) of one attachment, for the UI to save where the user chooses."""
        with self.store.reader() as session:
            item = session.get(EvidenceAttachment, attachment_id, options=[undefer(EvidenceAttachment.content)])
            if item is None:
                raise InputError(f"找不到证据 #{attachment_id}。", f"Evidence #{attachment_id} does not exist.")
            return item.filename, item.media_type, bytes(item.content)

    # writes ------------------------------------------------------------------------------------------------
    def add_note(self, case_id: int, text: str, actor: ActorLike) -> None:
        """An internal note on the case's timeline (kind "note"), audited."""
        who = as_actor(actor)
        text = (text or "").strip()
        if not text:
            raise InputError(
                "备注不能为空。", "The note is empty.", hint_zh="请先输入备注内容。", hint_en="Type a note first."
            )
        if len(text) > NOTE_MAX_CHARS:
            raise InputError(
                f"备注太长({len(text)} 字),最多 {NOTE_MAX_CHARS} 字。",
                f"The note is too long ({len(text)} characters); at most {NOTE_MAX_CHARS}.",
            )
        with self.store.session() as session:
            case = get_case(session, case_id)
            event = CaseEvent(
                case_id=case.id,
                kind="note",
                actor_id=who.user_id,
                summary=shorten(text),
                data={"text": text, "actor": who.name},
            )
            session.add(event)
            session.flush()
            audit.append(
                session,
                actor=who.name,
                action="case.note",
                summary=f"工单 #{case.id} 添加内部备注 / note added to case #{case.id}",
                payload={"case_id": case.id, "event_id": event.id, "text": text},
                entity_type="case",
                entity_id=case.id,
            )

    def attach_evidence(self, case_id: int, path: Path | str, category: str, actor: ActorLike) -> int:
        """Store a file as evidence of the case (bytes inside the encrypted DB only). Returns the attachment id."""
        who = as_actor(actor)
        path = Path(path)
        if category not in EVIDENCE_CATEGORIES:
            raise InputError(
                f"未知的证据类别「{category}」。",
                f"Unknown evidence category '{category}'.",
                hint_zh="可选:" + "、".join(zh for zh, _ in EVIDENCE_CATEGORIES.values()),
                hint_en="Choose one of: " + ", ".join(en for _, en in EVIDENCE_CATEGORIES.values()),
            )
        filename = path.name
        if len(filename) > FILENAME_MAX_CHARS:
            raise InputError(
                f"文件名太长(最多 {FILENAME_MAX_CHARS} 个字符):{filename[:60]}…",
                f"The file name is too long (at most {FILENAME_MAX_CHARS} characters): {filename[:60]}…",
            )
        content = _read_evidence_file(path)
        digest = hashlib.sha256(content).hexdigest()
        media_type = media_type_for(filename)
        with self.store.session() as session:
            case = get_case(session, case_id)
            duplicate = session.execute(
                sa.select(EvidenceAttachment.id, EvidenceAttachment.filename).where(
                    EvidenceAttachment.case_id == case.id, EvidenceAttachment.sha256 == digest
                )
            ).first()
            if duplicate is not None:
                raise InputError(
                    f"工单 #{case.id} 已有相同内容的证据:{duplicate.filename}(#{duplicate.id})。",
                    f"Case #{case.id} already has evidence with the same content: "
                    f"{duplicate.filename} (#{duplicate.id}).",
                )
            item = EvidenceAttachment(
                case_id=case.id,
                category=category,
                filename=filename,
                media_type=media_type,
                size=len(content),
                sha256=digest,
                content=content,
                added_by=who.user_id,
            )
            session.add(item)
            session.flush()
            zh, en = EVIDENCE_CATEGORIES[category]
            session.add(
                CaseEvent(
                    case_id=case.id,
                    kind="evidence_added",
                    actor_id=who.user_id,
                    summary=shorten(f"添加证据({zh}):{filename} / Evidence added ({en}): {filename}"),
                    data={"attachment_id": item.id, "sha256": digest, "actor": who.name},
                )
            )
            audit.append(
                session,
                actor=who.name,
                action="case.evidence_added",
                summary=shorten(f"工单 #{case.id} 添加证据 {filename} / evidence added to case #{case.id}"),
                payload={
                    "case_id": case.id,
                    "attachment_id": item.id,
                    "category": category,
                    "filename": filename,
                    "media_type": media_type,
                    "size": len(content),
                    "sha256": digest,
                },
                entity_type="case",
                entity_id=case.id,
            )
            return item.id

    def set_assignee(
        self, case_id: int, user_id: int | None, actor: ActorLike, *, expected_version: int | None = None
    ) -> None:
        """Assign the case to an active user (``None``: unassign). Audited; refuses a stale version."""
        who = as_actor(actor)
        with self.store.session() as session:
            case = get_case(session, case_id)
            check_version(case, expected_version)
            if case.assignee_id == user_id:
                return
            before = _user_name(session, case.assignee_id)
            if user_id is None:
                after = None
            else:
                user = session.get(User, user_id)
                if user is None or not user.active:
                    raise InputError(
                        f"用户 #{user_id} 不存在或已停用。", f"User #{user_id} does not exist or is deactivated."
                    )
                after = user.display_name
            previous_id = case.assignee_id
            case.assignee_id = user_id
            zh_after, en_after = (after, after) if after else ("未分配", "unassigned")
            session.add(
                CaseEvent(
                    case_id=case.id,
                    kind="assigned",
                    actor_id=who.user_id,
                    summary=shorten(f"负责人:{zh_after} / Assignee: {en_after}"),
                    data={"from": previous_id, "to": user_id, "actor": who.name},
                )
            )
            flush_versioned(session, case)
            audit.append(
                session,
                actor=who.name,
                action="case.assign",
                summary=shorten(f"工单 #{case.id} 负责人 {before or '—'} → {after or '—'} / case #{case.id} assignee"),
                payload={"case_id": case.id, "from": previous_id, "to": user_id, "version": case.version},
                entity_type="case",
                entity_id=case.id,
            )

    def change_state(
        self,
        case_id: int,
        target: CaseState,
        actor: ActorLike,
        comment: str = "",
        *,
        expected_version: int | None = None,
    ) -> None:
        """Move the case along the state machine (domain.cases); timeline + audit; refuses a stale version."""
        who = as_actor(actor)
        target = CaseState(target)
        comment = (comment or "").strip()
        if len(comment) > COMMENT_MAX_CHARS:
            raise InputError(
                f"说明太长({len(comment)} 字),最多 {COMMENT_MAX_CHARS} 字。",
                f"The comment is too long ({len(comment)} characters); at most {COMMENT_MAX_CHARS}.",
            )
        with self.store.session() as session:
            case = get_case(session, case_id)
            check_version(case, expected_version)
            check_transition(case.state, target)
            record_state_change(session, case, target, who, comment=comment, payload={"comment": comment})


# -- helpers ---------------------------------------------------------------------------------------------------
def media_type_for(filename: str) -> str:
    suffix = Path(filename).suffix.lower()
    return _MEDIA_TYPES.get(suffix) or mimetypes.guess_type(filename, strict=False)[0] or "application/octet-stream"


def _read_evidence_file(path: Path) -> bytes:
    """The file's bytes, checked for existence, size (before reading) and readability."""
    name = str(path)
    try:
        if not path.is_file():
            raise InputError(f"找不到文件:{name}", f"File not found: {name}")
        size = path.stat().st_size
        if size > EVIDENCE_MAX_BYTES:
            raise _too_big(name, size)
        with path.open("rb") as handle:
            content = handle.read(EVIDENCE_MAX_BYTES + 1)
    except OSError as exc:
        raise InputError(
            f"无法读取文件:{name}({exc.strerror or exc})", f"Cannot read the file: {name} ({exc.strerror or exc})"
        ) from exc
    if len(content) > EVIDENCE_MAX_BYTES:  # the file grew while we looked at it
        raise _too_big(name, len(content))
    if not content:
        raise InputError(f"文件是空的:{name}", f"The file is empty: {name}")
    return content


def _too_big(name: str, size: int) -> InputError:
    limit = EVIDENCE_MAX_BYTES // (1024 * 1024)
    mib = size / (1024 * 1024)
    return InputError(
        f"文件太大:{name}({mib:.1f} MB),证据文件最大 {limit} MB。",
        f"The file is too large: {name} ({mib:.1f} MB); evidence files may be at most {limit} MB.",
    )


def _user_name(session: Session, user_id: int | None) -> str | None:
    if user_id is None:
        return None
    return session.scalar(sa.select(User.display_name).where(User.id == user_id))


def _event_text(event: CaseEvent) -> str | None:
    data = event.data or {}
    if event.kind == "note":
        return data.get("text") or event.summary
    if event.kind == "state_changed":
        return data.get("comment") or None
    return None


def _load(session: Session, case_id: int) -> CaseDetail:
    row = session.execute(
        sa.select(Case, SellerAccount.name, Marketplace, User.display_name)
        .join(SellerAccount, SellerAccount.id == Case.account_id)
        .join(Marketplace, Marketplace.code == Case.marketplace_code)
        .outerjoin(User, User.id == Case.assignee_id)
        .where(Case.id == case_id)
    ).first()
    if row is None:
        raise case_not_found(case_id)
    case, store_name, market, assignee = row

    order = None
    if case.order_id is not None:
        db_order = session.get(Order, case.order_id)
        if db_order is not None:
            items = session.scalars(
                sa.select(OrderItem).where(OrderItem.order_id == db_order.id).order_by(OrderItem.id)
            )
            order = OrderFacts(
                amazon_order_id=db_order.amazon_order_id,
                purchase_date=db_order.purchase_date,
                status=db_order.status,
                fulfillment_channel=db_order.fulfillment_channel,
                order_total=db_order.order_total,
                currency=db_order.currency,
                ship_country=db_order.ship_country,
                items=tuple(
                    OrderItemRow(
                        i.title, i.sku, i.asin, i.quantity, i.item_price, i.item_tax, i.shipping_price, i.currency
                    )
                    for i in items
                ),
            )

    default = DEFAULT_CLOCKS[case.kind]
    clock = PolicyRow("default", default.hours, default.business_days, default.source)
    policy = None
    if case.policy_id is not None:
        p = session.get(MarketplacePolicy, case.policy_id)
        if p is not None:
            policy = PolicyRow(
                "marketplace", p.hours, p.business_days, p.source, p.marketplace_code, p.event_kind, p.version,
                p.effective_from, p.superseded_at,
            )  # fmt: skip

    events = session.execute(
        sa.select(CaseEvent, User.display_name)
        .outerjoin(User, User.id == CaseEvent.actor_id)
        .where(CaseEvent.case_id == case.id)
        .order_by(CaseEvent.at.desc(), CaseEvent.id.desc())
    ).all()
    timeline = tuple(
        TimelineEntry(
            id=e.id,
            at=e.at,
            kind=e.kind,
            summary=e.summary,
            actor=name or (e.data or {}).get("actor"),
            text=_event_text(e),
        )
        for e, name in events
    )
    adder = aliased(User)
    evidence = tuple(
        EvidenceInfo(*r)
        for r in session.execute(
            sa.select(
                EvidenceAttachment.id, EvidenceAttachment.category, EvidenceAttachment.filename,
                EvidenceAttachment.media_type, EvidenceAttachment.size, EvidenceAttachment.sha256,
                EvidenceAttachment.added_at, adder.display_name,
            )
            .outerjoin(adder, adder.id == EvidenceAttachment.added_by)
            .where(EvidenceAttachment.case_id == case.id)
            .order_by(EvidenceAttachment.added_at.desc(), EvidenceAttachment.id.desc())
        )
    )  # fmt: skip
    return CaseDetail(
        id=case.id,
        version=case.version,
        kind=case.kind,
        state=case.state,
        marketplace=case.marketplace_code,
        marketplace_zh=market.name_zh,
        marketplace_en=market.name_en,
        marketplace_timezone=market.timezone,
        store=store_name,
        source=case.source,
        source_ref=case.source_ref,
        amazon_order_id=case.amazon_order_id,
        sku=case.sku,
        asin=case.asin,
        amount=case.amount,
        currency=case.currency,
        reason_code=case.reason_code,
        reason_text=case.reason_text,
        risk=case.risk_score,
        opened_at=case.opened_at,
        deadline_at=case.deadline_at,
        assignee_id=case.assignee_id,
        assignee=assignee,
        order=order,
        clock=clock,
        policy=policy,
        timeline=timeline,
        evidence=evidence,
        notes=tuple(e for e in timeline if e.kind == "note"),
        next_states=tuple(sorted(ALLOWED_TRANSITIONS[case.state], key=list(CaseState).index)),
        responded_at=case.responded_at,
        unconfirmed_refunds=_unconfirmed_refunds(session, case.id),
    )


def _unconfirmed_refunds(session: Session, case_id: int) -> tuple[Guidance, ...]:
    ids = session.scalars(
        sa.select(RefundOutbox.id)
        .where(RefundOutbox.case_id == case_id, RefundOutbox.state == OutboxState.UNCONFIRMED)
        .order_by(RefundOutbox.id)
    )
    now = datetime.now(UTC)
    return tuple(refund_outbox.guidance(session, outbox_id, now=now) for outbox_id in ids)
