"""The audit log: append-only entries chained by HMAC-SHA256, written in the same transaction as the change.

Each entry's MAC (``entry_hash``) covers the previous entry's MAC and its own fields, keyed with a key kept
outside the database (:mod:`acorn_desktop.storage.audit_keys`): without the key nobody can edit, delete or
re-hash entries and produce a chain that verifies. A head anchor outside the database (the newest committed
entry's id and MAC) moves with every commit that appended, so cutting entries off the end is seen too.

Money entries (approvals, requests, refunds, settings) keep their payload beside its digest, so the refund
sender can compare what it sends with what was approved (:func:`approval_record`). Other entries keep the
digest only (their payloads may name people or addresses; the digest is enough to prove them).

Stores from before the keyed chain are re-keyed on the first open after the upgrade (:func:`ensure_keyed`):
the old SHA-256 chain is checked, every entry gets its MAC, and an ``audit.rekeyed`` entry records it,
including whether the old chain was intact. Team mode: every desktop must hold the same key (not yet
distributed by the app).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from ..models import AppSetting, AuditEntry

GENESIS = "0" * 64
SCHEME = "hmac-sha256-v1"
CHAIN_SETTING = "audit.chain"
KEPT_PAYLOADS = ("approval.", "case.approval_requested", "refund.", "settings.", "audit.")
_PG_AUDIT_LOCK = 0x41434F524E  # advisory lock id serialising appends in team mode


def digest(payload: object) -> str:
    """SHA-256 of a canonical JSON rendering (sorted keys, no spaces; Decimal/datetime as strings)."""
    return hashlib.sha256(_canonical(payload)).hexdigest()


def _canonical(payload: object) -> bytes:
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str).encode()


def _fields(prev_hash, at, actor, action, entity_type, entity_id, request_id, payload_digest, summary) -> list:
    return [prev_hash, at.astimezone(UTC).isoformat(), actor, action, entity_type, entity_id, request_id,
            payload_digest, summary]  # fmt: skip


def _mac(key: bytes, prev_hash: str, entry: AuditEntry) -> str:
    body = _fields(prev_hash, entry.at, entry.actor, entry.action, entry.entity_type, entry.entity_id,
                   entry.request_id, entry.payload_digest, entry.summary)  # fmt: skip
    return hmac.new(key, _canonical(body), hashlib.sha256).hexdigest()


def _legacy_hash(prev_hash: str, entry: AuditEntry) -> str:
    return digest(_fields(prev_hash, entry.at, entry.actor, entry.action, entry.entity_type, entry.entity_id,
                          entry.request_id, entry.payload_digest, entry.summary))  # fmt: skip


def _keys(session: Session):
    store = session.info.get("store")
    if store is None:
        raise RuntimeError("audit entries need a store session (the chain key lives with the store)")
    return store.audit_keys


def _json_safe(payload: object) -> object:
    return json.loads(_canonical(payload))


def append(
    session: Session,
    *,
    actor: str,
    action: str,
    summary: str,
    payload: object = None,
    entity_type: str | None = None,
    entity_id: object = None,
    request_id: str | None = None,
    at: datetime | None = None,
) -> AuditEntry:
    """Add one entry chained to the previous one. Call inside the transaction that makes the change."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_AUDIT_LOCK})
    prev = session.scalar(sa.select(AuditEntry.entry_hash).order_by(AuditEntry.id.desc()).limit(1)) or GENESIS
    kept = _json_safe(payload) if action.startswith(KEPT_PAYLOADS) else None
    entry = AuditEntry(
        at=(at or datetime.now(UTC)).astimezone(UTC),
        actor=actor,
        action=action,
        entity_type=entity_type,
        entity_id=None if entity_id is None else str(entity_id),
        request_id=request_id or uuid.uuid4().hex,
        payload_digest=digest(payload if kept is None else kept),
        payload=kept,
        summary=summary,
        prev_hash=prev,
    )
    entry.entry_hash = _mac(_keys(session).key, prev, entry)
    session.add(entry)
    session.flush()
    session.info["audit_head"] = (entry.id, entry.entry_hash)
    return entry


# -- verifying --------------------------------------------------------------------------------------------------
CHANGED, MISSING, TRUNCATED, ANCHOR_INVALID, ANCHOR_MISSING = (
    "changed", "missing", "tail_truncated", "anchor_invalid", "anchor_missing",
)  # fmt: skip


@dataclass(frozen=True)
class Break:
    """What broke: ``kind`` is a code (changed / missing / tail_truncated / anchor_invalid / anchor_missing).

    changed: the entry ``entry_id`` was edited (or re-hashed without the key). missing: entries before
    ``entry_id`` were deleted (``missing_from``–``missing_to`` by id when the ids show a gap). tail_truncated:
    the anchored newest entry ``entry_id`` is gone; ``last_id`` is the newest one left.
    """

    kind: str
    entry_id: int | None
    missing_from: int | None = None
    missing_to: int | None = None
    last_id: int | None = None

    def as_json(self) -> dict:
        return {"kind": self.kind, "entry_id": self.entry_id, "missing_from": self.missing_from,
                "missing_to": self.missing_to, "last_id": self.last_id}  # fmt: skip


@dataclass(frozen=True)
class ChainCheck:
    entries: int
    breaks: tuple[Break, ...] = ()
    anchor_id: int | None = None

    @property
    def ok(self) -> bool:
        return not self.breaks

    @property
    def first_bad_id(self) -> int | None:
        return next((b.entry_id for b in self.breaks if b.kind in (CHANGED, MISSING)), None)

    @property
    def truncated(self) -> bool:
        return any(b.kind == TRUNCATED for b in self.breaks)


def verify_chain(session: Session, *, max_breaks: int = 50) -> ChainCheck:
    """Recompute every MAC in order and compare the head with the anchor; name each entry that broke."""
    keys = _keys(session)
    breaks: list[Break] = []
    prev_mac, prev_id, prev_changed, count = GENESIS, 0, False, 0
    macs: dict[int, str] = {}
    anchor = keys.load_anchor()
    for entry in session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id)).yield_per(1000):
        count += 1
        content_ok = entry.entry_hash == _mac(keys.key, entry.prev_hash, entry) and (
            entry.payload is None or digest(entry.payload) == entry.payload_digest
        )
        if not content_ok:
            breaks.append(Break(CHANGED, entry.id))
        elif entry.prev_hash != prev_mac and not prev_changed:
            gap = (prev_id + 1, entry.id - 1) if entry.id - prev_id > 1 else (None, None)
            breaks.append(Break(MISSING, entry.id, *gap))
        prev_mac, prev_id, prev_changed = entry.entry_hash, entry.id, not content_ok
        if anchor is not None and entry.id == anchor.entry_id:
            macs[entry.id] = entry.entry_hash
        if len(breaks) >= max_breaks:
            break
    if anchor is None:
        if count:
            breaks.append(Break(ANCHOR_MISSING, None, last_id=prev_id))
    elif not anchor.valid:
        breaks.append(Break(ANCHOR_INVALID, anchor.entry_id or None, last_id=prev_id))
    elif anchor.entry_id not in macs and len(breaks) < max_breaks:
        breaks.append(Break(TRUNCATED, anchor.entry_id, last_id=prev_id or None))
    elif macs.get(anchor.entry_id) != anchor.entry_mac and not any(b.entry_id == anchor.entry_id for b in breaks):
        breaks.append(Break(CHANGED, anchor.entry_id))
    return ChainCheck(count, tuple(breaks), anchor.entry_id if anchor else None)


# -- re-keying a store from before the keyed chain -----------------------------------------------------------------
def ensure_keyed(session: Session) -> bool:
    """Re-key the chain once (legacy SHA-256 → HMAC), recorded as ``audit.rekeyed``. True if it re-keyed."""
    setting = session.get(AppSetting, CHAIN_SETTING)
    if setting is not None and setting.value.get("scheme") == SCHEME:
        return False
    keys = _keys(session)
    prev_legacy, prev_mac, count, first_bad = GENESIS, GENESIS, 0, None
    for entry in session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id)):
        count += 1
        if first_bad is None and (
            entry.prev_hash != prev_legacy or entry.entry_hash != _legacy_hash(prev_legacy, entry)
        ):
            first_bad = entry.id  # fmt: skip
        prev_legacy = entry.entry_hash
        entry.prev_hash = prev_mac
        entry.entry_hash = _mac(keys.key, prev_mac, entry)
        prev_mac = entry.entry_hash
    if setting is None:
        session.add(AppSetting(key=CHAIN_SETTING, version=1, value={"scheme": SCHEME}))
    else:
        setting.value, setting.version = {"scheme": SCHEME}, setting.version + 1
    session.flush()
    if count:
        append(
            session, actor="system", action="audit.rekeyed",
            summary=f"审计链改为密钥签名(HMAC),{count} 条旧记录已重新签名 / audit chain re-keyed ({count} entries)",
            payload={"entries": count, "legacy_intact": first_bad is None, "legacy_first_bad_id": first_bad,
                     "legacy_head": prev_legacy, "scheme": SCHEME},
        )  # fmt: skip
    else:
        session.info["audit_head"] = None
    return bool(count)


# -- the approval as recorded --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ApprovalRecord:
    """The approval that released a refund, as the audit log recorded it (MAC and payload digest checked)."""

    entry_id: int
    approval_id: int
    case_id: int
    approver: str  # the audit actor: "user name" of the approver, or "rule:<name>"
    approver_id: int | None
    amount: str
    currency: str
    components: dict | None
    adjustment_reason: str | None


APPROVED_ACTIONS = ("approval.approved", "approval.auto_approved")


def approval_record(session: Session, approval_id: int, case_id: int | None = None) -> ApprovalRecord | None:
    """The audited final approval of ``approval_id``, or None when there is none or its entry was tampered with.

    The refund sender compares each outbox row with this (case, approver, breakdown, currency) before sending;
    ``case_id`` (the row's) narrows the search to that case's entries.
    """
    keys = _keys(session)
    query = sa.select(AuditEntry).where(AuditEntry.action.in_(APPROVED_ACTIONS))
    if case_id is not None:
        query = query.where(AuditEntry.entity_type == "case", AuditEntry.entity_id == str(case_id))
    entries = session.scalars(query.order_by(AuditEntry.id.desc()))
    for entry in entries:
        payload = entry.payload or {}
        if payload.get("approval_id") != approval_id:
            continue
        if entry.entry_hash != _mac(keys.key, entry.prev_hash, entry) or digest(payload) != entry.payload_digest:
            return None
        return ApprovalRecord(
            entry.id, approval_id, int(payload["case_id"]), entry.actor, payload.get("approver_id"),
            str(payload.get("amount")), str(payload.get("currency")), payload.get("components"),
            payload.get("adjustment_reason"),
        )  # fmt: skip
    return None


def outbox_mismatch(session: Session, row) -> str | None:
    """Does a refund outbox row still say what was approved and queued? None if so, else a code:

    ``no_record`` (no intact audited approval / enqueue entry), ``case``, ``currency``, ``approver`` (the
    approval row's approver differs from the audited one), ``amount`` / ``components`` (the row differs from
    the audited enqueue), ``over_approved`` (the case's queued rows exceed the approved amount).
    """
    from decimal import Decimal

    from ..models import Approval

    if row.approval_id is None:
        return "no_record"
    record = approval_record(session, row.approval_id, row.case_id)
    if record is None:
        return "no_record"
    if record.case_id != row.case_id:
        return "case"
    if record.currency != row.currency:
        return "currency"
    approval = session.get(Approval, row.approval_id)
    if approval is None or (record.approver_id is not None and approval.decided_by != record.approver_id):
        return "approver"
    keys = _keys(session)
    query = sa.select(AuditEntry).where(
        AuditEntry.action == "refund.enqueued",
        AuditEntry.entity_type == "case",
        AuditEntry.entity_id == str(row.case_id),
    )
    for entry in session.scalars(query.order_by(AuditEntry.id.desc())):
        payload = entry.payload or {}
        if payload.get("approval_id") != row.approval_id:
            continue
        if entry.entry_hash != _mac(keys.key, entry.prev_hash, entry) or digest(payload) != entry.payload_digest:
            return "no_record"
        queued = {r.get("id"): r for r in payload.get("rows") or []}
        mine = queued.get(row.id)
        if mine is None:
            return "no_record"
        if Decimal(str(mine.get("amount"))) != Decimal(row.amount):
            return "amount"
        if {k: Decimal(str(v)) for k, v in (mine.get("components") or {}).items()} != {
            k: Decimal(str(v)) for k, v in (row.components or {}).items()
        }:
            return "components"
        if sum((Decimal(str(r.get("amount"))) for r in queued.values()), Decimal(0)) > Decimal(record.amount):
            return "over_approved"
        return None
    return "no_record"
