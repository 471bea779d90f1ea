"""The audit log: append-only, hash-chained entries written in the same transaction as the change."""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from ..models import AuditEntry

GENESIS = "0" * 64
_PG_AUDIT_LOCK = 0x41434F524E  # advisory lock id serialising appends in team mode


def digest(payload: object) -> str:
    """SHA-256 of a canonical JSON rendering (sorted keys, no spaces; Decimal/datetime as strings)."""
    data = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def _entry_hash(
    prev_hash: str,
    at: datetime,
    actor: str,
    action: str,
    entity_type,
    entity_id,
    request_id,
    payload_digest: str,
    summary: str,
) -> str:
    body = [
        prev_hash,
        at.astimezone(UTC).isoformat(),
        actor,
        action,
        entity_type,
        entity_id,
        request_id,
        payload_digest,
        summary,
    ]
    return digest(body)


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
    at = (at or datetime.now(UTC)).astimezone(UTC)
    entity = None if entity_id is None else str(entity_id)
    request_id = request_id or uuid.uuid4().hex
    payload_digest = digest(payload)
    entry = AuditEntry(
        at=at,
        actor=actor,
        action=action,
        entity_type=entity_type,
        entity_id=entity,
        request_id=request_id,
        payload_digest=payload_digest,
        summary=summary,
        prev_hash=prev,
        entry_hash=_entry_hash(prev, at, actor, action, entity_type, entity, request_id, payload_digest, summary),
    )
    session.add(entry)
    session.flush()
    return entry


@dataclass(frozen=True)
class ChainCheck:
    entries: int
    first_bad_id: int | None

    @property
    def ok(self) -> bool:
        return self.first_bad_id is None


def verify_chain(session: Session) -> ChainCheck:
    """Recompute every hash in order; report the first entry that was edited, inserted or follows a deletion."""
    prev = GENESIS
    count = 0
    for entry in session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id)).yield_per(1000):
        expected = _entry_hash(
            prev,
            entry.at,
            entry.actor,
            entry.action,
            entry.entity_type,
            entry.entity_id,
            entry.request_id,
            entry.payload_digest,
            entry.summary,
        )
        if entry.prev_hash != prev or entry.entry_hash != expected:
            return ChainCheck(count, entry.id)
        prev = entry.entry_hash
        count += 1
    return ChainCheck(count, None)
